-- The e-mailed link that lets a seller in while someone else's guesses keep
-- the account's sign-in locked (issue 17, item 3): a one-time token of its
-- own purpose.
ALTER TABLE auth_tokens DROP CONSTRAINT auth_tokens_purpose_check;
ALTER TABLE auth_tokens ADD CONSTRAINT auth_tokens_purpose_check
    CHECK (purpose IN ('verify_email', 'reset_password', 'invitation', 'unlock_login'));
-- A password change voids the person's outstanding reset links.
CREATE INDEX auth_tokens_user ON auth_tokens (user_id, purpose);
