-- Append-only history of catalog changes. change_json holds the whole change (kind,
-- subject, before and after); kind and subject are repeated as columns to filter on.
CREATE TABLE catalog_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    cluster_alias  TEXT NOT NULL,
    at_ms          BIGINT NOT NULL,
    kind           TEXT NOT NULL,
    subject        TEXT NOT NULL,
    change_json    TEXT NOT NULL
);
CREATE INDEX catalog_events_by_cluster ON catalog_events (cluster_alias, id);
CREATE INDEX catalog_events_by_subject ON catalog_events (subject, id);
