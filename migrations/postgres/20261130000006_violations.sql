-- Compliance violations: one rule of one profile broken by one topic, about one target
-- (a config, a reader, a field, a downstream topic). A row opens when an evaluation
-- first finds it and is resolved (resolved_at_ms set) when one no longer does; a later
-- recurrence is a new row. last_seen_ms moves with each evaluation that still finds it.
-- Times are Unix ms.
CREATE TABLE violations (
    id BIGSERIAL PRIMARY KEY,
    profile         TEXT NOT NULL,
    rule            TEXT NOT NULL,
    cluster_alias   TEXT NOT NULL,
    topic           TEXT NOT NULL,
    target          TEXT NOT NULL,
    evidence        TEXT NOT NULL,
    first_seen_ms   BIGINT NOT NULL,
    last_seen_ms    BIGINT NOT NULL,
    resolved_at_ms  BIGINT
);
CREATE INDEX violations_by_resolution ON violations (resolved_at_ms);
