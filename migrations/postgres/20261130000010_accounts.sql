-- Accounts, their API tokens and their browser sessions. Secrets are stored only as
-- hashes: passwords as argon2id PHC strings, tokens and session ids as hex SHA-256.
-- Times are Unix ms; 0 stands for "never" (not revoked, never used).
CREATE TABLE accounts (
    name           TEXT PRIMARY KEY,
    role           TEXT NOT NULL,
    -- Empty for an account that signs in only through OpenID Connect.
    password_hash  TEXT NOT NULL,
    created_at_ms  BIGINT NOT NULL,
    -- "Sign out everywhere": sessions begun before this are void.
    sessions_valid_after_ms BIGINT NOT NULL
);
CREATE TABLE api_tokens (
    id             TEXT PRIMARY KEY,
    account        TEXT NOT NULL,
    label          TEXT NOT NULL,
    -- Comma-separated: read, lineage:write, tags:write, reports.
    scopes         TEXT NOT NULL,
    secret_hash    TEXT NOT NULL UNIQUE,
    created_at_ms  BIGINT NOT NULL,
    expires_at_ms  BIGINT NOT NULL,
    revoked_at_ms  BIGINT NOT NULL,
    last_used_ms   BIGINT NOT NULL
);
CREATE INDEX api_tokens_by_account ON api_tokens (account);
CREATE TABLE sessions (
    id_hash        TEXT PRIMARY KEY,
    account        TEXT NOT NULL,
    csrf           TEXT NOT NULL,
    created_at_ms  BIGINT NOT NULL,
    last_seen_ms   BIGINT NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account);
