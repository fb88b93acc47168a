-- Account mail keeps its one-time links out of the body: the body holds a
-- placeholder, the links wait here sealed (XChaCha20-Poly1305 under a key
-- derived from SECRET_KEY) until the worker renders them into the message,
-- and are wiped once it is sent, failed or the link expired.
ALTER TABLE mail_outbox ADD COLUMN secret TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN secret_expires_at BIGINT NOT NULL DEFAULT 0;
-- The buyer outbox's lease and backoff: a worker holds a message until
-- locked_until; a failed try waits until next_attempt_at.
ALTER TABLE mail_outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE mail_outbox ADD COLUMN locked_by TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;
-- Mail written before this kept its links in the body: gone from what was
-- delivered or given up on (a pending one still goes out with its link).
UPDATE mail_outbox SET body = '(일회용 링크는 보안을 위해 지웠습니다 / one-time link removed)'
WHERE status IN ('sent', 'failed', 'kept') AND body LIKE '%token=%';
