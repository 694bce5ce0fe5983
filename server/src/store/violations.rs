//! Compliance violations: an evaluation's outcome (violations opened, resolved, still
//! seen) written with its history events in one transaction, so that a violation never
//! opens or closes without its event.

use model::{CatalogEvent, Change, Violation};

use super::events::insert_events;
use super::Store;
use crate::error::Result;

/// What one evaluation writes.
pub struct EvaluationOutcome<'a> {
    pub at_ms: i64,
    /// New violations (their ids are given by the store).
    pub opened: &'a [Violation],
    /// Ids of violations that no longer hold.
    pub resolved: &'a [i64],
    /// Open violations whose evidence now reads differently, with the new evidence.
    pub restated: &'a [(i64, String)],
    /// The history events, each under its cluster.
    pub changes: Vec<(String, Change)>,
}

/// A row of `violations`.
#[derive(sqlx::FromRow)]
struct ViolationRow {
    id: i64,
    profile: String,
    rule: String,
    cluster_alias: String,
    topic: String,
    target: String,
    evidence: String,
    first_seen_ms: i64,
    last_seen_ms: i64,
    resolved_at_ms: Option<i64>,
}

impl From<ViolationRow> for Violation {
    fn from(row: ViolationRow) -> Self {
        Violation {
            id: row.id,
            profile: row.profile,
            rule: row.rule,
            cluster: row.cluster_alias,
            topic: row.topic,
            target: row.target,
            evidence: row.evidence,
            first_seen_ms: row.first_seen_ms,
            last_seen_ms: row.last_seen_ms,
            resolved_at_ms: row.resolved_at_ms,
        }
    }
}

impl Store {
    /// Writes `outcome` in one transaction: resolves, restates changed evidence, marks
    /// the violations still open as seen now, opens the new ones, appends the events. Answers the events as stored.
    pub async fn record_evaluation(&self, outcome: EvaluationOutcome<'_>) -> Result<Vec<CatalogEvent>> {
        let mut transaction = self.pool.begin().await?;
        for id in outcome.resolved {
            sqlx::query("UPDATE violations SET resolved_at_ms = $1 WHERE id = $2 AND resolved_at_ms IS NULL")
                .bind(outcome.at_ms)
                .bind(id)
                .execute(&mut *transaction)
                .await?;
        }
        for (id, evidence) in outcome.restated {
            sqlx::query("UPDATE violations SET evidence = $1 WHERE id = $2 AND resolved_at_ms IS NULL")
                .bind(evidence)
                .bind(id)
                .execute(&mut *transaction)
                .await?;
        }
        sqlx::query("UPDATE violations SET last_seen_ms = $1 WHERE resolved_at_ms IS NULL")
            .bind(outcome.at_ms)
            .execute(&mut *transaction)
            .await?;
        for violation in outcome.opened {
            sqlx::query(
                "INSERT INTO violations (profile, rule, cluster_alias, topic, target, evidence, first_seen_ms, last_seen_ms)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
            )
            .bind(&violation.profile)
            .bind(&violation.rule)
            .bind(&violation.cluster)
            .bind(&violation.topic)
            .bind(&violation.target)
            .bind(&violation.evidence)
            .bind(outcome.at_ms)
            .execute(&mut *transaction)
            .await?;
        }
        let mut events = Vec::new();
        for (cluster, change) in outcome.changes {
            events.extend(insert_events(&mut transaction, &cluster, outcome.at_ms, &[change]).await?);
        }
        transaction.commit().await?;
        Ok(events)
    }

    /// Every open violation, oldest first.
    pub async fn open_violations(&self) -> Result<Vec<Violation>> {
        let rows = sqlx::query_as::<_, ViolationRow>(
            "SELECT id, profile, rule, cluster_alias, topic, target, evidence, first_seen_ms, last_seen_ms, resolved_at_ms
             FROM violations WHERE resolved_at_ms IS NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Violation::from).collect())
    }

    /// The violations that may have been open in `[from_ms, to_ms]`: first seen by
    /// `to_ms` and not resolved before `from_ms`; oldest first.
    pub async fn violations_between(&self, from_ms: i64, to_ms: i64) -> Result<Vec<Violation>> {
        let rows = sqlx::query_as::<_, ViolationRow>(
            "SELECT id, profile, rule, cluster_alias, topic, target, evidence, first_seen_ms, last_seen_ms, resolved_at_ms
             FROM violations WHERE first_seen_ms <= $1 AND (resolved_at_ms IS NULL OR resolved_at_ms >= $2) ORDER BY id",
        )
        .bind(to_ms)
        .bind(from_ms)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Violation::from).collect())
    }

    /// The `limit` violations resolved last, newest first.
    pub async fn resolved_violations(&self, limit: i64) -> Result<Vec<Violation>> {
        let rows = sqlx::query_as::<_, ViolationRow>(
            "SELECT id, profile, rule, cluster_alias, topic, target, evidence, first_seen_ms, last_seen_ms, resolved_at_ms
             FROM violations WHERE resolved_at_ms IS NOT NULL ORDER BY resolved_at_ms DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Violation::from).collect())
    }
}
