-- A topic's page shows what happened to it lately and its readers' lag over time.
-- Events get the topic they are about as a column (a reader starting on a topic is
-- about its group and the topic), filled in for the events already stored.
ALTER TABLE catalog_events ADD COLUMN topic TEXT NOT NULL DEFAULT '';
UPDATE catalog_events SET topic = COALESCE(change_json::jsonb ->> 'topic', '');
CREATE INDEX catalog_events_by_topic ON catalog_events (cluster_alias, topic, id);

-- Lag of each group on each topic it reads, sampled as reads change (at most every few
-- seconds per cluster) and kept for a day: metrics, not history, so old rows go.
CREATE TABLE lag_samples (
    cluster_alias  TEXT NOT NULL,
    group_id       TEXT NOT NULL,
    topic          TEXT NOT NULL,
    at_ms          BIGINT NOT NULL,
    lag            BIGINT NOT NULL
);
CREATE INDEX lag_samples_by_topic ON lag_samples (cluster_alias, topic, at_ms);
CREATE INDEX lag_samples_by_time ON lag_samples (cluster_alias, at_ms);
