-- API tokens expire like sessions. A token inserted without an expiry gets
-- 30 days from now (the server's API_TOKEN_SECS); existing tokens get the
-- same 30 days from the migration.
ALTER TABLE api_tokens
    ADD COLUMN expires_at BIGINT NOT NULL DEFAULT (EXTRACT(EPOCH FROM now())::BIGINT + 2592000);

-- The purge deletes by expiry.
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE INDEX api_tokens_expiry ON api_tokens(expires_at);
