-- The last known state of each configured cluster, so a restart or an unreachable
-- cluster still shows what was last read. Times are Unix milliseconds.
-- snapshot_json: the last successful read (brokers, topics with partitions and configs,
-- groups with members and offsets) as one JSON document; NULL until a read succeeds.
-- edges_json: every application->topic edge observed, with evidence and first/last seen.
CREATE TABLE clusters (
    alias              TEXT PRIMARY KEY,
    bootstrap_servers  TEXT NOT NULL,
    last_good_read_ms  BIGINT,
    last_attempt_ms    BIGINT,
    last_error         TEXT,
    snapshot_json      TEXT,
    edges_json         TEXT
);
