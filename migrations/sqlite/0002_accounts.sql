-- Accounts: users, shop membership with roles, sessions, one-time tokens,
-- login throttling, the mail outbox and the audit log.

ALTER TABLE shops ADD COLUMN settlement_bank TEXT NOT NULL DEFAULT '';
ALTER TABLE shops ADD COLUMN settlement_account TEXT NOT NULL DEFAULT '';
ALTER TABLE shops ADD COLUMN settlement_holder TEXT NOT NULL DEFAULT '';
ALTER TABLE shops ADD COLUMN document_path TEXT NOT NULL DEFAULT '';
ALTER TABLE shops ADD COLUMN document_mime TEXT NOT NULL DEFAULT '';
ALTER TABLE shops ADD COLUMN rejection_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE shops ADD COLUMN submitted_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE shops ADD COLUMN reviewed_at BIGINT NOT NULL DEFAULT 0;

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    email_verified_at BIGINT NOT NULL DEFAULT 0,
    is_operator BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE shop_members (
    shop_id BIGINT NOT NULL REFERENCES shops (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'cs', 'logistics')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (shop_id, user_id)
);
CREATE INDEX shop_members_user ON shop_members (user_id);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE auth_tokens (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'invitation')),
    user_id BIGINT,
    shop_id BIGINT,
    email TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX auth_tokens_shop ON auth_tokens (shop_id, purpose);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    throttle_key TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (throttle_key, failed_at);

CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'kept')),
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    sent_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX mail_outbox_status ON mail_outbox (status, id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    shop_id BIGINT,
    actor_user_id BIGINT,
    actor_email TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX audit_log_shop ON audit_log (shop_id, id);
