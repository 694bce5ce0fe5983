//! Stewards' decisions on what fields hold: append-only; each is written with its
//! history event and audit entry in one transaction, so a decision never exists without
//! its record.

use model::{CatalogEvent, Change, Decision, FieldDecision};

use super::audit_log::append_entry;
use super::events::insert_events;
use super::Store;
use crate::error::Result;
use tributary_core::audit::Draft;

/// A row of `field_decisions`.
#[derive(sqlx::FromRow)]
struct DecisionRow {
    source: String,
    subject: String,
    path: String,
    category: String,
    decision: String,
    reason: String,
    decided_by: String,
    decided_at_ms: i64,
}

impl DecisionRow {
    /// The decision this row holds; `None` for a decision this version does not know.
    fn into_decision(self) -> Option<FieldDecision> {
        Some(FieldDecision {
            decision: Decision::parse(&self.decision)?,
            source: self.source,
            subject: self.subject,
            path: self.path,
            category: self.category,
            reason: self.reason,
            decided_by: self.decided_by,
            decided_at_ms: self.decided_at_ms,
        })
    }
}

impl Store {
    /// Appends `decision`, its history event (`change`, under the decision's schema
    /// source) and its audit entry in one transaction; answers the event as stored.
    pub async fn record_decision(
        &self,
        decision: &FieldDecision,
        change: Change,
        audit: &Draft,
    ) -> Result<CatalogEvent> {
        let mut transaction = self.begin_audited().await?;
        sqlx::query(
            "INSERT INTO field_decisions (source, subject, path, category, decision, reason, decided_by, decided_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&decision.source)
        .bind(&decision.subject)
        .bind(&decision.path)
        .bind(&decision.category)
        .bind(decision.decision.name())
        .bind(&decision.reason)
        .bind(&decision.decided_by)
        .bind(decision.decided_at_ms)
        .execute(&mut *transaction)
        .await?;
        let mut events = insert_events(&mut transaction, &decision.source, decision.decided_at_ms, &[change]).await?;
        append_entry(&mut transaction, audit).await?;
        transaction.commit().await?;
        Ok(events.remove(0))
    }

    /// Every decision, oldest first.
    pub async fn list_decisions(&self) -> Result<Vec<FieldDecision>> {
        let rows = sqlx::query_as::<_, DecisionRow>(
            "SELECT source, subject, path, category, decision, reason, decided_by, decided_at_ms
             FROM field_decisions ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().filter_map(DecisionRow::into_decision).collect())
    }
}
