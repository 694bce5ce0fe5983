//! Polls one schema registry until shutdown, recording each read in the registry
//! catalog and its changes in the history and the live feed.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use super::client::RegistryClient;
use super::reader::RegistryReader;
use crate::catalog::{Catalog, ChangeFeed, RegistryCatalog};
use crate::clock::now_ms;
use crate::config::{IngestConfig, RegistryConfig};
use crate::schema::ParseOptions;
use crate::store::Store;

/// Where a registry poller records what it reads.
#[derive(Clone)]
pub struct RegistrySinks {
    pub registries: Arc<RegistryCatalog>,
    /// Read for the topics of the registry's clusters.
    pub clusters: Arc<Catalog>,
    pub store: Store,
    pub feed: ChangeFeed,
}

pub async fn poll_registry(
    config: RegistryConfig,
    settings: IngestConfig,
    sinks: RegistrySinks,
    shutdown: CancellationToken,
) {
    let client = match RegistryClient::new(&config, settings.request_timeout()) {
        Ok(client) => client,
        Err(error) => {
            tracing::error!(registry = %config.name, %error, "cannot create a client for this registry");
            sinks.registries.record(&config.name, Err(error.to_string()), now_ms());
            return;
        }
    };
    let parse_options = ParseOptions { topics_option: settings.topics_option.clone() };
    let mut reader = RegistryReader::new(client, settings.schema_full_refresh(), parse_options);
    let mut failing = false;
    loop {
        let started = tokio::time::Instant::now();
        let topics = sinks.clusters.topic_names(&config.clusters);
        let outcome = tokio::select! {
            _ = shutdown.cancelled() => break,
            read = reader.read(&topics, &|_, _| {}) => read.map_err(|error| error.to_string()),
        };
        match (&outcome, failing) {
            (Err(error), false) => tracing::warn!(registry = %config.name, %error, "registry read failed"),
            (Ok(_), true) => tracing::info!(registry = %config.name, "registry read succeeded again"),
            _ => {}
        }
        failing = outcome.is_err();
        let at_ms = now_ms();
        let changes = sinks.registries.record(&config.name, outcome, at_ms);
        if !changes.is_empty() {
            match sinks.store.append_events(&config.name, at_ms, &changes).await {
                Ok(events) => sinks.feed.publish(events),
                Err(error) => tracing::error!(registry = %config.name, %error, "could not append catalog events"),
            }
        }
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep_until(started + settings.schema_poll_interval()) => {}
        }
    }
}
