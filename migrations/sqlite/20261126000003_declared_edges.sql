-- Lineage edges that Kafka cannot reveal: declared over the API (producers, jobs) or
-- reported by OpenLineage run events. Nodes are node paths (`prod/shop.orders`,
-- `job:spark/daily_revenue`); one row per (from, to, kind, evidence). Times are Unix ms.
CREATE TABLE declared_edges (
    from_node      TEXT NOT NULL,
    to_node        TEXT NOT NULL,
    kind           TEXT NOT NULL,
    evidence       TEXT NOT NULL,
    first_seen_ms  BIGINT NOT NULL,
    last_seen_ms   BIGINT NOT NULL,
    PRIMARY KEY (from_node, to_node, kind, evidence)
);
