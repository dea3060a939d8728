-- API tokens expire like sessions. A token inserted without an expiry gets
-- 30 days from now (the server's API_TOKEN_SECS). SQLite cannot add a column
-- with a computed default, so the table is rebuilt; existing tokens get the
-- same 30 days from the migration.
CREATE TABLE api_tokens_v2 (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) + 2592000)
);
INSERT INTO api_tokens_v2 (token_hash, user_id) SELECT token_hash, user_id FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_v2 RENAME TO api_tokens;

-- The purge deletes by expiry.
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE INDEX api_tokens_expiry ON api_tokens(expires_at);
