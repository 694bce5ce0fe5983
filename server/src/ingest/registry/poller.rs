//! Polls schema registries and watches schema directories until shutdown, recording
//! each read in the registry catalog and its changes in the history and the live feed.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

use super::client::RegistryClient;
use super::reader::RegistryReader;
use crate::catalog::{Catalog, ChangeFeed, LineageIndex, RegistryCatalog};
use crate::clock::now_ms;
use crate::config::{IngestConfig, RegistryConfig, SchemaDirectoryConfig};
use crate::ingest::directory;
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
    pub lineage: Arc<LineageIndex>,
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
    let mut reader = RegistryReader::new(client, settings.schema_full_refresh(), parse_options)
        .with_mappings(config.mappings.clone());
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
        sinks.registries.note_answers_differ(&config.name, reader.detected_differences());
        record(&sinks, &config.name, outcome).await;
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep_until(started + settings.schema_poll_interval()) => {}
        }
    }
}

/// Records a read of registry or directory `name`, with its changes as events.
async fn record(sinks: &RegistrySinks, name: &str, outcome: Result<Option<app::model::RegistrySnapshot>, String>) {
    let at_ms = now_ms();
    let changed = matches!(outcome, Ok(Some(_)));
    let changes = sinks.registries.record(name, outcome, at_ms);
    if changed {
        sinks.lineage.schemas_changed(name);
    }
    if !changes.is_empty() {
        match sinks.store.append_events(name, at_ms, &changes).await {
            Ok(events) => sinks.feed.publish(events),
            Err(error) => tracing::error!(registry = %name, %error, "could not append catalog events"),
        }
    }
}

/// Watches a directory of schema files until shutdown: re-reads it whenever a file
/// appears, disappears or changes (size or modification time), at the schema poll rate.
pub async fn poll_directory(
    config: SchemaDirectoryConfig,
    settings: IngestConfig,
    sinks: RegistrySinks,
    shutdown: CancellationToken,
) {
    let options = ParseOptions { topics_option: settings.topics_option.clone() };
    let mut last: Option<(directory::Fingerprint, Vec<String>)> = None;
    loop {
        let started = tokio::time::Instant::now();
        let topics = sinks.clusters.topic_names(&config.clusters);
        let root = config.path.clone();
        let fingerprint = tokio::task::spawn_blocking(move || directory::fingerprint(&root)).await;
        let fingerprint = fingerprint.unwrap_or_else(|join_error| Err(join_error.to_string()));
        match fingerprint {
            Err(error) => record(&sinks, &config.name, Err(error)).await,
            Ok(files) if last.as_ref() != Some(&(files.clone(), topics.clone())) => {
                let (root, read_files, read_topics, options) =
                    (config.path.clone(), files.clone(), topics.clone(), options.clone());
                let mappings = config.mappings.clone();
                let snapshot = tokio::task::spawn_blocking(move || {
                    directory::read(&root, &read_files, &read_topics, &mappings, &options)
                })
                .await;
                match snapshot {
                    Ok(snapshot) => {
                        record(&sinks, &config.name, Ok(Some(snapshot))).await;
                        last = Some((files, topics));
                    }
                    Err(join_error) => record(&sinks, &config.name, Err(join_error.to_string())).await,
                }
            }
            Ok(_) => record(&sinks, &config.name, Ok(None)).await,
        }
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep_until(started + settings.schema_poll_interval()) => {}
        }
    }
}
