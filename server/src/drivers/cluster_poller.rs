//! One poller per cluster: reads it at the configured rate (with backoff when it
//! fails), records each read through the services, and follows `__consumer_offsets`.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::ingest::kafka::offsets_follower::{OffsetsFollower, OFFSETS_TOPIC};
use crate::ingest::kafka::ClusterReader;
use model::{observed_edges, ClusterSnapshot};

use crate::config::{ClusterConfig, IngestConfig};
use crate::error::Error;
use crate::service::Services;

/// The first retry after a failed read; each further failure doubles the wait.
const FIRST_RETRY_DELAY: Duration = Duration::from_secs(1);
/// The longest wait between retries of a failing cluster.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(60);
/// The shortest time between the starts of two reads, even when news from
/// `__consumer_offsets` asks for one sooner: a burst of commits costs one read.
const MIN_READ_GAP: Duration = Duration::from_millis(500);

/// Reads `cluster` every poll interval until `shutdown`, recording each outcome in the
/// catalog, the store and the live feed. A failing cluster is retried with exponential
/// backoff and never affects the other clusters, which have their own pollers. Where the
/// cluster exposes `__consumer_offsets`, a follower of it triggers a read as soon as a
/// group commits on a topic for the first time.
pub async fn poll_cluster(
    cluster: ClusterConfig,
    settings: IngestConfig,
    services: Services,
    shutdown: CancellationToken,
) {
    let alias = cluster.alias.clone();
    let cluster_config = cluster.clone();
    let reader_settings = settings.clone();
    let reader = match tokio::task::spawn_blocking(move || ClusterReader::new(&cluster, &reader_settings)).await {
        Ok(Ok(reader)) => Arc::new(reader),
        Ok(Err(error)) => {
            // A bad configuration will not fix itself: report it once and stop.
            tracing::error!(cluster = %alias, %error, "cannot create a client for this cluster");
            services.record_cluster_read(&alias, Err(error)).await;
            return;
        }
        Err(join_error) => {
            tracing::error!(cluster = %alias, %join_error, "client creation panicked");
            let error = Error::Internal { what: "creating the client", source: join_error };
            services.record_cluster_read(&alias, Err(error)).await;
            return;
        }
    };

    let wake = Arc::new(Notify::new());
    let mut follower: Option<OffsetsFollower> = None;
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
                Ok(Err(error)) => Err(error),
                Err(join_error) => {
                    tracing::error!(cluster = %alias, %join_error, "cluster read panicked");
                    Err(Error::Internal { what: "reading the cluster", source: join_error })
                }
            },
        };
        let succeeded = outcome.is_ok();
        if let (Ok(snapshot), None, true) = (&outcome, &follower, settings.follow_offsets_topic) {
            follower = start_follower(&cluster_config, snapshot, &wake).await;
        }
        services.record_cluster_read(&alias, outcome).await;
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
            _ = wake.notified(), if succeeded => {
                tokio::time::sleep_until(started + MIN_READ_GAP).await;
            }
        }
    }
    if let Some(follower) = follower {
        // Dropping joins the follower's thread, which blocks for up to one consumer poll.
        let _ = tokio::task::spawn_blocking(move || drop(follower)).await;
    }
    tracing::debug!(cluster = %alias, "poller stopped");
}

/// Starts following `__consumer_offsets` if `snapshot` lists it; `None` (polling only)
/// otherwise or if the follower cannot start.
async fn start_follower(
    cluster: &ClusterConfig,
    snapshot: &ClusterSnapshot,
    wake: &Arc<Notify>,
) -> Option<OffsetsFollower> {
    let partitions = snapshot.topics.iter().find(|topic| topic.name == OFFSETS_TOPIC)?.partitions.len();
    let known: HashSet<(String, String)> =
        observed_edges(snapshot).into_iter().map(|edge| (edge.group_id, edge.topic)).collect();
    let alias = cluster.alias.clone();
    let cluster = cluster.clone();
    let wake = Arc::clone(wake);
    let started = tokio::task::spawn_blocking(move || {
        OffsetsFollower::start(&cluster, i32::try_from(partitions).unwrap_or(i32::MAX), known, move |_| {
            wake.notify_one()
        })
    })
    .await;
    match started {
        Ok(Ok(follower)) => {
            tracing::info!(cluster = %alias, partitions, "following {OFFSETS_TOPIC}");
            Some(follower)
        }
        Ok(Err(error)) => {
            tracing::warn!(cluster = %alias, %error, "relying on polls");
            None
        }
        Err(_) => None,
    }
}
