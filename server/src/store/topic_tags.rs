//! Stewards' tags on whole topics: append-only; each is written with its history event
//! and its audit entry in one transaction.

use model::{CatalogEvent, Change, TopicTag};

use super::audit_log::append_entry;
use super::events::insert_events;
use super::Store;
use crate::error::Result;
use tributary_core::audit::Draft;

/// A row of `topic_tags`.
#[derive(sqlx::FromRow)]
struct TagRow {
    cluster_alias: String,
    topic: String,
    category: String,
    tagged: i64,
    reason: String,
    decided_by: String,
    decided_at_ms: i64,
}

impl Store {
    /// Appends `tag`, its history event (`change`, under the topic's cluster) and its
    /// audit entry in one transaction; answers the event as stored.
    pub async fn record_topic_tag(&self, tag: &TopicTag, change: Change, audit: &Draft) -> Result<CatalogEvent> {
        let mut transaction = self.begin_audited().await?;
        sqlx::query(
            "INSERT INTO topic_tags (cluster_alias, topic, category, tagged, reason, decided_by, decided_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&tag.cluster)
        .bind(&tag.topic)
        .bind(&tag.category)
        .bind(i64::from(tag.tagged))
        .bind(&tag.reason)
        .bind(&tag.decided_by)
        .bind(tag.decided_at_ms)
        .execute(&mut *transaction)
        .await?;
        let mut events = insert_events(&mut transaction, &tag.cluster, tag.decided_at_ms, &[change]).await?;
        append_entry(&mut transaction, audit).await?;
        transaction.commit().await?;
        Ok(events.remove(0))
    }

    /// Every topic tag, oldest first.
    pub async fn list_topic_tags(&self) -> Result<Vec<TopicTag>> {
        let rows = sqlx::query_as::<_, TagRow>(
            "SELECT cluster_alias, topic, category, tagged, reason, decided_by, decided_at_ms FROM topic_tags ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| TopicTag {
                cluster: row.cluster_alias,
                topic: row.topic,
                category: row.category,
                tagged: row.tagged != 0,
                reason: row.reason,
                decided_by: row.decided_by,
                decided_at_ms: row.decided_at_ms,
            })
            .collect())
    }
}
