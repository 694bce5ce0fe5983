-- Sign-in through an OpenID Connect provider.
-- The provider's people known here: one account per (issuer, subject), the account made
-- at the first sign-in.
CREATE TABLE external_identities (
    issuer         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    account        TEXT NOT NULL UNIQUE,
    PRIMARY KEY (issuer, subject)
);
-- Sign-ins sent to the provider and not yet back: found by the hash of the browser's
-- flow cookie, used once, void after ten minutes. Kept in the store (not in one
-- process's memory) so that any replica may take the way back.
CREATE TABLE pending_sign_ins (
    id_hash        TEXT PRIMARY KEY,
    state          TEXT NOT NULL,
    nonce          TEXT NOT NULL,
    pkce_verifier  TEXT NOT NULL,
    next_path      TEXT NOT NULL,
    created_at_ms  BIGINT NOT NULL
);
