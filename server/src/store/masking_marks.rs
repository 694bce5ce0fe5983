//! Stewards' masking marks on applications: append-only; each is written with its
//! history event and its audit entry in one transaction.

use model::{CatalogEvent, Change, MaskingMark};

use super::audit_log::append_entry;
use super::events::insert_events;
use super::Store;
use crate::error::Result;
use tributary_core::audit::Draft;

/// A row of `masking_marks`.
#[derive(sqlx::FromRow)]
struct MarkRow {
    node: String,
    masking: i64,
    reason: String,
    decided_by: String,
    decided_at_ms: i64,
}

impl Store {
    /// Appends `mark`, its history event (`change`, under `source`) and its audit entry
    /// in one transaction; answers the event as stored.
    pub async fn record_masking(
        &self,
        mark: &MaskingMark,
        source: &str,
        change: Change,
        audit: &Draft,
    ) -> Result<CatalogEvent> {
        let mut transaction = self.begin_audited().await?;
        sqlx::query(
            "INSERT INTO masking_marks (node, masking, reason, decided_by, decided_at_ms) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&mark.node)
        .bind(i64::from(mark.masking))
        .bind(&mark.reason)
        .bind(&mark.decided_by)
        .bind(mark.decided_at_ms)
        .execute(&mut *transaction)
        .await?;
        let mut events = insert_events(&mut transaction, source, mark.decided_at_ms, &[change]).await?;
        append_entry(&mut transaction, audit).await?;
        transaction.commit().await?;
        Ok(events.remove(0))
    }

    /// Every mark, oldest first.
    pub async fn list_masking(&self) -> Result<Vec<MaskingMark>> {
        let rows = sqlx::query_as::<_, MarkRow>(
            "SELECT node, masking, reason, decided_by, decided_at_ms FROM masking_marks ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| MaskingMark {
                node: row.node,
                masking: row.masking != 0,
                reason: row.reason,
                decided_by: row.decided_by,
                decided_at_ms: row.decided_at_ms,
            })
            .collect())
    }
}
