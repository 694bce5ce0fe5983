//! The record sampler: one task per cluster whose records Tributary may read
//! (`ingest.read_records`). Every `ingest.record_sample_secs` it reads the oldest and
//! newest record of each partition of the topics a subject with several versions
//! describes, and hands the schema ids found to the service. Sampling starts at once (a
//! topic's first sample should not wait a whole period), then keeps its period.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use crate::config::{ClusterConfig, IngestConfig};
use crate::ingest::kafka::record_ends::{RecordSampler, SampleRefused};
use crate::service::Services;

/// Runs until `shutdown`.
pub async fn sample_records(
    cluster: ClusterConfig,
    ingest: IngestConfig,
    services: Services,
    shutdown: CancellationToken,
) {
    let alias = cluster.alias.clone();
    let sampler = match tokio::task::spawn_blocking(move || RecordSampler::new(&cluster)).await {
        Ok(Ok(sampler)) => Arc::new(sampler),
        Ok(Err(error)) => {
            tracing::error!(cluster = %alias, %error, "cannot read records: no schema ids will be sampled");
            return;
        }
        Err(join_error) => {
            tracing::error!(cluster = %alias, %join_error, "cannot read records: no schema ids will be sampled");
            return;
        }
    };
    let mut period = tokio::time::interval(ingest.record_sample_interval());
    period.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = period.tick() => {}
        }
        let due = services.topics_to_sample(&alias);
        services.keep_samples_of(&alias, &due.iter().map(|(topic, _)| topic.clone()).collect::<Vec<_>>());
        for (topic, partitions) in due {
            if shutdown.is_cancelled() {
                return;
            }
            let (reading, name) = (Arc::clone(&sampler), topic.clone());
            let outcome = tokio::task::spawn_blocking(move || reading.sample(&name, &partitions)).await;
            let outcome = outcome.unwrap_or_else(|join_error| Err(SampleRefused(join_error.to_string())));
            services.record_sample(&alias, &topic, outcome);
        }
    }
}
