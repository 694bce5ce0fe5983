use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::kafka::ClusterReader;
use app::model::{Change, ClusterSnapshot};

use crate::catalog::{Catalog, ChangeFeed, RecordedRead};
use crate::clock::now_ms;
use crate::config::{ClusterConfig, IngestConfig};
use crate::error::Error;
use crate::store::Store;

/// The first retry after a failed read; each further failure doubles the wait.
const FIRST_RETRY_DELAY: Duration = Duration::from_secs(1);
/// The longest wait between retries of a failing cluster.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(60);

/// Where a poller records what it reads.
#[derive(Clone)]
pub struct Sinks {
    pub catalog: Arc<Catalog>,
    pub store: Store,
    pub feed: ChangeFeed,
}

/// Reads `cluster` every poll interval until `shutdown`, recording each outcome in the
/// catalog, the store and the live feed. A failing cluster is retried with exponential
/// backoff and never affects the other clusters, which have their own pollers.
pub async fn poll_cluster(cluster: ClusterConfig, settings: IngestConfig, sinks: Sinks, shutdown: CancellationToken) {
    let alias = cluster.alias.clone();
    let reader_settings = settings.clone();
    let reader = match tokio::task::spawn_blocking(move || ClusterReader::new(&cluster, &reader_settings)).await {
        Ok(Ok(reader)) => Arc::new(reader),
        Ok(Err(error)) => {
            // A bad configuration will not fix itself: report it once and stop.
            tracing::error!(cluster = %alias, %error, "cannot create a client for this cluster");
            record(&sinks, &alias, Err(user_message(error))).await;
            return;
        }
        Err(join_error) => {
            tracing::error!(cluster = %alias, %join_error, "client creation panicked");
            record(&sinks, &alias, Err("internal error while creating the client".into())).await;
            return;
        }
    };

    let mut retry_delay = FIRST_RETRY_DELAY;
    loop {
        // Reads start at a fixed rate: a slow read does not push the next one back.
        let started = tokio::time::Instant::now();
        let read = {
            let reader = Arc::clone(&reader);
            tokio::task::spawn_blocking(move || reader.read_blocking(&|_| {}))
        };
        let outcome = tokio::select! {
            _ = shutdown.cancelled() => break,
            joined = read => match joined {
                Ok(Ok(snapshot)) => Ok(snapshot),
                Ok(Err(error)) => Err(user_message(error)),
                Err(join_error) => {
                    tracing::error!(cluster = %alias, %join_error, "cluster read panicked");
                    Err("internal error while reading the cluster".to_owned())
                }
            },
        };
        let succeeded = outcome.is_ok();
        record(&sinks, &alias, outcome).await;
        let next_start = if succeeded {
            retry_delay = FIRST_RETRY_DELAY;
            started + settings.poll_interval()
        } else {
            let delay = retry_delay;
            retry_delay = (retry_delay * 2).min(MAX_RETRY_DELAY);
            tokio::time::Instant::now() + delay
        };
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep_until(next_start) => {}
        }
    }
    tracing::debug!(cluster = %alias, "poller stopped");
}

/// Puts the outcome in the catalog, persists what changed, appends the changes to the
/// history and publishes them; returns how many changes there were. Failures and
/// recoveries are logged once, not every poll.
pub async fn record(sinks: &Sinks, alias: &str, outcome: Result<ClusterSnapshot, String>) -> usize {
    let at_ms = now_ms();
    let Some(RecordedRead { status, changed_snapshot, edges, changes }) =
        sinks.catalog.record_read(alias, outcome, at_ms)
    else {
        return 0;
    };
    for change in &changes {
        match change {
            Change::ClusterReadFailed { error } => {
                tracing::warn!(cluster = %alias, %error, "cluster read failed; keeping the last known state")
            }
            Change::ClusterRecovered => tracing::info!(cluster = %alias, "cluster read succeeded again"),
            _ => {}
        }
    }
    let saved =
        sinks.store.save_cluster(&status, changed_snapshot.as_ref().map(|snapshot| (snapshot, edges.as_slice()))).await;
    if let Err(error) = saved {
        // The in-memory catalog stays right; the store catches up on the next change.
        tracing::error!(cluster = %alias, %error, "could not save the cluster state");
    }
    if changes.is_empty() {
        return 0;
    }
    let events = match sinks.store.append_events(alias, at_ms, &changes).await {
        Ok(events) => events,
        Err(error) => {
            // Live pages still hear of the changes; only the history misses them.
            tracing::error!(cluster = %alias, %error, "could not append catalog events");
            changes
                .into_iter()
                .map(|change| app::model::CatalogEvent { id: 0, cluster: alias.to_owned(), at_ms, change })
                .collect()
        }
    };
    let count = events.len();
    tracing::info!(cluster = %alias, changes = count, "catalog changed");
    sinks.feed.publish(events);
    count
}

/// The message shown to users: the error without the "cluster `x`:" prefix, since the
/// page already says which cluster it is about.
pub fn user_message(error: Error) -> String {
    match error {
        Error::Kafka { message, .. } => message,
        other => other.to_string(),
    }
}
