//! A cluster read recorded: stored with the changes it found, then shown, then
//! announced.

use model::{Change, ClusterSnapshot};

use super::Services;
use crate::clock::now_ms;
use crate::error::Error;
use crate::store::LagReading;

impl Services {
    /// Records a read in one order: the snapshot and the changes it found are written to
    /// the store in one transaction, and only then does the catalog show the read and the
    /// feed announce its changes, so a page that shows a topic can always show how it came
    /// to be. If the store cannot write, nothing changes and the next read finds the same
    /// changes again. Returns how many changes were announced; failures and recoveries are
    /// logged once, not every poll.
    pub async fn record_cluster_read(&self, alias: &str, outcome: Result<ClusterSnapshot, Error>) -> usize {
        let at_ms = now_ms();
        let Some(planned) = self.clusters.plan_read(alias, outcome.map_err(|error| error.read_failure()), at_ms) else {
            return 0;
        };
        let read = planned.changed_snapshot.as_ref().map(|snapshot| (snapshot, planned.edges.as_slice()));
        let events = match self.store.save_read(&planned.status, read, at_ms, &planned.changes).await {
            Ok(events) => events,
            Err(error) => {
                tracing::error!(cluster = %alias, %error, "could not save the read; it is retried with the next one");
                return 0;
            }
        };
        let lag = planned.changed_snapshot.as_ref().map(lag_readings);
        for change in &planned.changes {
            match change {
                Change::ClusterReadFailed { error } => {
                    tracing::warn!(cluster = %alias, %error, "cluster read failed; keeping the last known state")
                }
                Change::ClusterRecovered => tracing::info!(cluster = %alias, "cluster read succeeded again"),
                _ => {}
            }
        }
        self.clusters.apply_read(alias, planned);
        if let Some(lag) = lag {
            // An edge can appear without any announced change (a transactional writer
            // seen for the first time): compliance must see the new lineage all the same.
            if self.lineage.cluster_changed(alias) {
                self.note_catalog_changed();
            }
            if let Err(error) = self.store.record_lag(alias, at_ms, &lag).await {
                // Only the lag sparklines miss a point.
                tracing::warn!(cluster = %alias, %error, "could not record lag samples");
            }
        }
        let count = events.len();
        if count > 0 {
            tracing::info!(cluster = %alias, changes = count, "catalog changed");
            self.feed.publish(events);
        }
        count
    }
}

/// Each group's summed lag on each topic it reads, where known.
fn lag_readings(snapshot: &ClusterSnapshot) -> Vec<LagReading> {
    snapshot
        .groups
        .iter()
        .flat_map(|group| {
            group.lag_by_topic().into_iter().map(|(topic, lag)| LagReading {
                group_id: group.group_id.clone(),
                topic: topic.to_owned(),
                lag,
            })
        })
        .collect()
}
