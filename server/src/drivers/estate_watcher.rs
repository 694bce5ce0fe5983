//! The estate watcher: one task that keeps every cluster's drift from its code current.
//! Each turn it re-reads the estate sources (a source's files parsed again only when
//! one changed) and has the drift recomputed where a source or the cluster changed.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::ingest::estate_files::read_files;
use crate::service::Services;
use model::EstateFileError;
use tributary_core::config::EstateSourceConfig;
use tributary_core::estate::{EstateFile, EstateOptions, EstateRead};

/// How often the sources are looked at and the drift brought up to date: within one
/// cluster poll of a change on either side.
pub const ESTATE_REFRESH_INTERVAL: Duration = Duration::from_secs(2);

/// Runs until `shutdown`.
pub async fn watch_estate(sources: Vec<EstateSourceConfig>, services: Services, shutdown: CancellationToken) {
    if sources.is_empty() {
        return;
    }
    let mut last_read: Vec<Option<Result<Vec<EstateFile>, EstateFileError>>> = vec![None; sources.len()];
    let mut turn = tokio::time::interval(ESTATE_REFRESH_INTERVAL);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = turn.tick() => {}
        }
        for (index, source) in sources.iter().enumerate() {
            let path = source.path.clone();
            let files = tokio::task::spawn_blocking(move || read_files(&path)).await.unwrap_or_else(|join_error| {
                Err(EstateFileError {
                    file: source.path.display().to_string(),
                    line: None,
                    message: join_error.to_string(),
                })
            });
            if last_read[index].as_ref() == Some(&files) {
                continue;
            }
            last_read[index] = Some(files.clone());
            let options = match EstateOptions::for_source(source) {
                Ok(options) => options,
                // Checked when the configuration was loaded.
                Err((_, message)) => {
                    tracing::error!(source = %source.path.display(), %message, "estate source not read");
                    continue;
                }
            };
            let read = tokio::task::spawn_blocking(move || EstateRead::parse(files, &options)).await;
            match read {
                Ok(read) => {
                    for error in &read.errors {
                        tracing::warn!(source = %source.path.display(), %error, "estate file not used");
                    }
                    services.load_estate(index, read);
                }
                Err(error) => tracing::error!(source = %source.path.display(), %error, "estate source not parsed"),
            }
        }
        services.refresh_estate_drift().await;
    }
}
