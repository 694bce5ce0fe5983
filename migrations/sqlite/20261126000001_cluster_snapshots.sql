-- The last known state of each configured cluster, so a restart or an unreachable
-- cluster still shows what was last read. Times are Unix milliseconds.
CREATE TABLE clusters (
    alias              TEXT PRIMARY KEY,
    bootstrap_servers  TEXT NOT NULL,
    last_good_read_ms  BIGINT,
    last_attempt_ms    BIGINT,
    last_error         TEXT
);

CREATE TABLE brokers (
    cluster_alias  TEXT NOT NULL REFERENCES clusters (alias) ON DELETE CASCADE,
    broker_id      BIGINT NOT NULL,
    host           TEXT NOT NULL,
    port           BIGINT NOT NULL,
    PRIMARY KEY (cluster_alias, broker_id)
);

-- retention_ms: NULL when the broker did not report it, -1 for "forever".
CREATE TABLE topics (
    cluster_alias       TEXT NOT NULL REFERENCES clusters (alias) ON DELETE CASCADE,
    name                TEXT NOT NULL,
    internal            BIGINT NOT NULL,
    partitions          BIGINT NOT NULL,
    replication_factor  BIGINT NOT NULL,
    retention_ms        BIGINT,
    PRIMARY KEY (cluster_alias, name)
);

CREATE TABLE consumer_groups (
    cluster_alias  TEXT NOT NULL REFERENCES clusters (alias) ON DELETE CASCADE,
    group_id       TEXT NOT NULL,
    state          TEXT NOT NULL,
    protocol_type  TEXT NOT NULL,
    members        BIGINT NOT NULL,
    PRIMARY KEY (cluster_alias, group_id)
);
