//! The history and the live feed: changes are appended to the store first and then
//! announced, so every announced event has its place in the history.

use model::{CatalogEvent, Change};
use tokio::sync::broadcast;

use super::Services;
use crate::clock::now_ms;

/// The most events one page of the history holds.
pub const RECENT_CLUSTER_CHANGES: i64 = 50;

/// Who read a topic at a past moment, or that nobody can tell.
pub enum PastReaders {
    Known(Vec<tributary_core::lineage::history::PastReader>),
    /// The moment is before the cluster's history begins (its first read), or the
    /// cluster has not been read yet.
    Unknown {
        history_begins_ms: Option<i64>,
    },
}

impl Services {
    /// Appends `changes` of `source` (a cluster alias or a schema source name) to the
    /// history and announces them. A history that cannot be written is logged and the
    /// changes are still announced (with id 0): open pages stay right, and the caller's
    /// own write (already stored) is not undone.
    pub async fn announce(&self, source: &str, changes: Vec<Change>) {
        if changes.is_empty() {
            return;
        }
        let at_ms = now_ms();
        let events = match self.store.append_events(source, at_ms, &changes).await {
            Ok(events) => events,
            Err(error) => {
                tracing::error!(%source, %error, "could not append changes to the history");
                changes
                    .into_iter()
                    .map(|change| CatalogEvent { id: 0, cluster: source.to_owned(), at_ms, change })
                    .collect()
            }
        };
        self.feed.publish(events);
    }

    /// The latest changes of cluster `cluster`, newest first.
    pub async fn recent_cluster_changes(&self, cluster: &str) -> Result<Vec<CatalogEvent>, super::ServiceError> {
        Ok(self.store.recent_events(cluster, None, RECENT_CLUSTER_CHANGES).await?)
    }

    /// A page of the history, oldest first: events after `after_id`, at most `limit`,
    /// of `cluster` and about `subject` where given.
    pub async fn history_page(
        &self,
        cluster: Option<&str>,
        subject: Option<&str>,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<CatalogEvent>, super::ServiceError> {
        Ok(self.store.list_events(cluster, subject, after_id, limit).await?)
    }

    /// The live feed, from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Vec<CatalogEvent>> {
        self.feed.subscribe()
    }

    /// Who read `topic` of `cluster` at `at_ms`, replayed from the history and the
    /// edges seen since.
    pub async fn readers_at(&self, cluster: &str, topic: &str, at_ms: i64) -> Result<PastReaders, super::ServiceError> {
        let state = self.clusters.cluster(cluster).ok_or_else(|| {
            super::ServiceError::not_found(format!("no cluster is configured with the alias `{cluster}`"))
        })?;
        let begins_ms = self.store.history_begins_ms(cluster).await?;
        // Before the first read nothing was recorded: unknown, which is not "nobody".
        if begins_ms.is_none_or(|begins| at_ms < begins) {
            return Ok(PastReaders::Unknown { history_begins_ms: begins_ms });
        }
        let kinds = ["group_started_reading", "group_stopped_reading", "group_disappeared"];
        let events = self.store.events_until(cluster, &kinds, at_ms).await?;
        Ok(PastReaders::Known(tributary_core::lineage::history::readers_at(topic, at_ms, &events, &state.edges)))
    }

    /// Whether the store can write now (readiness).
    pub async fn store_can_write(&self) -> crate::Result<()> {
        self.store.probe_write().await
    }
}
