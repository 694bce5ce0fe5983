//! The append-only history of catalog events. Nothing here updates or deletes.

use model::{CatalogEvent, Change};
use sqlx::{AnyConnection, Row};

use super::{to_json, Store};
use crate::error::{Error, Result};

impl Store {
    /// Appends `changes` of cluster `alias`, seen at `at_ms`, in one transaction, and
    /// returns them as events with their ids.
    pub async fn append_events(&self, alias: &str, at_ms: i64, changes: &[Change]) -> Result<Vec<CatalogEvent>> {
        let mut transaction = self.pool.begin().await?;
        let events = insert_events(&mut transaction, alias, at_ms, changes).await?;
        transaction.commit().await?;
        Ok(events)
    }

    /// Events with an id above `after_id`, oldest first, at most `limit`; only those of
    /// `cluster` and about `subject` when given.
    pub async fn list_events(
        &self,
        cluster: Option<&str>,
        subject: Option<&str>,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<CatalogEvent>> {
        let rows = sqlx::query_as::<_, EventRow>(
            "SELECT id, cluster_alias, at_ms, change_json FROM catalog_events
             WHERE id > $1 AND ($2 = '' OR cluster_alias = $2) AND ($3 = '' OR subject = $3)
             ORDER BY id LIMIT $4",
        )
        .bind(after_id)
        .bind(cluster.unwrap_or_default())
        .bind(subject.unwrap_or_default())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(EventRow::into_event).collect()
    }

    /// The last `limit` events of cluster `cluster` (only those about `topic`, when
    /// given), newest first.
    pub async fn recent_events(&self, cluster: &str, topic: Option<&str>, limit: i64) -> Result<Vec<CatalogEvent>> {
        let rows = sqlx::query_as::<_, EventRow>(
            "SELECT id, cluster_alias, at_ms, change_json FROM catalog_events
             WHERE cluster_alias = $1 AND ($2 = '' OR topic = $2) ORDER BY id DESC LIMIT $3",
        )
        .bind(cluster)
        .bind(topic.unwrap_or_default())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(EventRow::into_event).collect()
    }

    /// Every event of `kinds` about cluster `cluster` at or before `until_ms`, oldest
    /// first (for replaying the history to a past time).
    /// When the history of `cluster` begins: its first recorded change (the first read
    /// records every topic and group it finds); `None` before any.
    pub async fn history_begins_ms(&self, cluster: &str) -> Result<Option<i64>> {
        let first: (Option<i64>,) = sqlx::query_as("SELECT MIN(at_ms) FROM catalog_events WHERE cluster_alias = $1")
            .bind(cluster)
            .fetch_one(&self.pool)
            .await?;
        Ok(first.0)
    }

    pub async fn events_until(&self, cluster: &str, kinds: &[&str], until_ms: i64) -> Result<Vec<CatalogEvent>> {
        let mut events = Vec::new();
        for kind in kinds {
            let mut after = 0;
            loop {
                let rows = sqlx::query_as::<_, EventRow>(
                    "SELECT id, cluster_alias, at_ms, change_json FROM catalog_events
                     WHERE cluster_alias = $1 AND kind = $2 AND at_ms <= $3 AND id > $4 ORDER BY id LIMIT $5",
                )
                .bind(cluster)
                .bind(*kind)
                .bind(until_ms)
                .bind(after)
                .bind(HISTORY_PAGE)
                .fetch_all(&self.pool)
                .await?;
                let Some(last) = rows.last() else { break };
                after = last.id;
                let full = rows.len() == HISTORY_PAGE as usize;
                for row in rows {
                    events.push(row.into_event()?);
                }
                if !full {
                    break;
                }
            }
        }
        events.sort_by_key(|event| event.id);
        Ok(events)
    }
}

/// A row of `catalog_events`, the change still in its stored JSON.
#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    cluster_alias: String,
    at_ms: i64,
    change_json: String,
}

impl EventRow {
    fn into_event(self) -> Result<CatalogEvent> {
        Ok(CatalogEvent {
            id: self.id,
            cluster: self.cluster_alias,
            at_ms: self.at_ms,
            change: serde_json::from_str(&self.change_json).map_err(Error::StoredData)?,
        })
    }
}

/// Events read per query while replaying the history.
const HISTORY_PAGE: i64 = 5_000;

/// Inserts `changes` as events within the caller's transaction.
pub(super) async fn insert_events(
    connection: &mut AnyConnection,
    alias: &str,
    at_ms: i64,
    changes: &[Change],
) -> Result<Vec<CatalogEvent>> {
    let mut events = Vec::with_capacity(changes.len());
    for change in changes {
        let json = to_json(change)?;
        let row = sqlx::query(
            "INSERT INTO catalog_events (cluster_alias, at_ms, kind, subject, change_json, topic)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(alias)
        .bind(at_ms)
        .bind(change.kind())
        .bind(change.subject())
        .bind(json)
        .bind(change.topic().unwrap_or_default())
        .fetch_one(&mut *connection)
        .await?;
        events.push(CatalogEvent { id: row.try_get("id")?, cluster: alias.to_owned(), at_ms, change: change.clone() });
    }
    Ok(events)
}
