-- The e-mailed link that lets a seller in while someone else's guesses keep
-- the account's sign-in locked (issue 17, item 3): a one-time token of its
-- own purpose. SQLite cannot change a CHECK in place, so the table is rebuilt.
CREATE TABLE auth_tokens_v2 (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'invitation', 'unlock_login')),
    user_id BIGINT,
    shop_id BIGINT,
    email TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT NOT NULL DEFAULT 0
);
INSERT INTO auth_tokens_v2 (token_hash, purpose, user_id, shop_id, email, role, created_by, created_at, expires_at, used_at)
SELECT token_hash, purpose, user_id, shop_id, email, role, created_by, created_at, expires_at, used_at FROM auth_tokens;
DROP TABLE auth_tokens;
ALTER TABLE auth_tokens_v2 RENAME TO auth_tokens;
CREATE INDEX auth_tokens_shop ON auth_tokens (shop_id, purpose);
-- A password change voids the person's outstanding reset links.
CREATE INDEX auth_tokens_user ON auth_tokens (user_id, purpose);
