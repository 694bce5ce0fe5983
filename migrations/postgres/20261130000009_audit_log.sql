-- The audit log: every change made through Tributary, append-only. Each entry's hash
-- covers its fields and the hash of the entry before (prev_hash), so that editing,
-- inserting or removing a row behind Tributary's back breaks the chain, which
-- `tributary audit verify` checks. seq is given by the writer (one more than the last),
-- never by the database, so that a gap shows. Times are Unix ms; before and after are
-- JSON text, empty when there is no state.
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at_ms      BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    before     TEXT NOT NULL,
    after      TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_log_by_time ON audit_log (at_ms);
