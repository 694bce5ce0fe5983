-- Stewards' tags on whole topics: "this topic holds PII", for a topic whose schema does
-- not say (no schema, an opaque payload), with who, when and why. Append-only: the
-- latest row per (cluster, topic, category) is in force (tagged = 1 tags, 0 takes the
-- tag back), the rows before it are its history. Times are Unix ms.
CREATE TABLE topic_tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    cluster_alias  TEXT NOT NULL,
    topic          TEXT NOT NULL,
    category       TEXT NOT NULL,
    tagged         BIGINT NOT NULL,
    reason         TEXT NOT NULL,
    decided_by     TEXT NOT NULL,
    decided_at_ms  BIGINT NOT NULL
);
