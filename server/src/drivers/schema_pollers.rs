//! Polls schema registries and watches schema directories until shutdown, recording
//! each read in the registry catalog and its changes in the history and the live feed.

use tokio_util::sync::CancellationToken;

use crate::config::{IngestConfig, RegistryConfig, SchemaDirectoryConfig};
use crate::error::Error;
use crate::ingest::directory;
use crate::ingest::registry::client::RegistryClient;
use crate::ingest::registry::reader::RegistryReader;
use crate::service::Services;
use tributary_core::schema::ParseOptions;

pub async fn poll_registry(
    config: RegistryConfig,
    settings: IngestConfig,
    services: Services,
    shutdown: CancellationToken,
) {
    let client = match RegistryClient::new(&config, settings.request_timeout()) {
        Ok(client) => client,
        Err(error) => {
            tracing::error!(registry = %config.name, %error, "cannot create a client for this registry");
            services.record_schema_read(&config.name, Err(error)).await;
            return;
        }
    };
    let parse_options = ParseOptions { topics_option: settings.topics_option.clone() };
    let mut reader = RegistryReader::new(client, settings.schema_full_refresh(), parse_options)
        .with_mappings(config.mappings.clone());
    let mut failing = false;
    loop {
        let started = tokio::time::Instant::now();
        let topics = services.topic_names(&config.clusters);
        let outcome = tokio::select! {
            _ = shutdown.cancelled() => break,
            read = reader.read(&topics, &|_, _| {}) => read,
        };
        match (&outcome, failing) {
            (Err(error), false) => tracing::warn!(registry = %config.name, %error, "registry read failed"),
            (Ok(_), true) => tracing::info!(registry = %config.name, "registry read succeeded again"),
            _ => {}
        }
        failing = outcome.is_err();
        let detected = reader.detected_differences();
        if !detected.is_empty() {
            services.record_registry_differences(&config.name, detected);
        }
        services.record_schema_read(&config.name, outcome).await;
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep_until(started + settings.schema_poll_interval()) => {}
        }
    }
}

/// Watches a directory of schema files until shutdown: re-reads it whenever a file
/// appears, disappears or changes (size or modification time), at the schema poll rate.
pub async fn poll_directory(
    config: SchemaDirectoryConfig,
    settings: IngestConfig,
    services: Services,
    shutdown: CancellationToken,
) {
    let options = ParseOptions { topics_option: settings.topics_option.clone() };
    let mut last: Option<(directory::Fingerprint, Vec<String>)> = None;
    loop {
        let started = tokio::time::Instant::now();
        let topics = services.topic_names(&config.clusters);
        let root = config.path.clone();
        let fingerprint = tokio::task::spawn_blocking(move || directory::fingerprint(&root)).await;
        let fingerprint = fingerprint
            .unwrap_or_else(|join_error| Err(Error::Internal { what: "listing the schema files", source: join_error }));
        match fingerprint {
            Err(error) => services.record_schema_read(&config.name, Err(error)).await,
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
                        services.record_schema_read(&config.name, Ok(Some(snapshot))).await;
                        last = Some((files, topics));
                    }
                    Err(join_error) => {
                        let error = Error::Internal { what: "reading the schema files", source: join_error };
                        services.record_schema_read(&config.name, Err(error)).await
                    }
                }
            }
            Ok(_) => services.record_schema_read(&config.name, Ok(None)).await,
        }
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep_until(started + settings.schema_poll_interval()) => {}
        }
    }
}
