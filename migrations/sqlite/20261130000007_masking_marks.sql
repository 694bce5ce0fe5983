-- Stewards' marks on applications (consumer groups, jobs, connectors) that mask or
-- remove the personal data they read, so that it does not propagate through them
-- along lineage. Append-only: the latest row per node is in force (masking = 1 marks,
-- 0 takes the mark back), the rows before it are its history. Times are Unix ms.
CREATE TABLE masking_marks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    node           TEXT NOT NULL,
    masking        BIGINT NOT NULL,
    reason         TEXT NOT NULL,
    decided_by     TEXT NOT NULL,
    decided_at_ms  BIGINT NOT NULL
);
