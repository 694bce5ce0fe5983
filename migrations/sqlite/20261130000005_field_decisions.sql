-- Stewards' decisions on what a schema field holds: a rule's suggestion confirmed or
-- dismissed, or a category given by hand, each with who decided, when and why.
-- Append-only: the latest row per (source, subject, path, category) is in force, the
-- rows before it are its history. Keyed by path, not schema version, so a decision
-- holds for new versions of the same field. Times are Unix ms.
CREATE TABLE field_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    path           TEXT NOT NULL,
    category       TEXT NOT NULL,
    decision       TEXT NOT NULL,
    reason         TEXT NOT NULL,
    decided_by     TEXT NOT NULL,
    decided_at_ms  BIGINT NOT NULL
);
CREATE INDEX field_decisions_by_subject ON field_decisions (source, subject);
