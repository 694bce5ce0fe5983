//! The compliance watcher: one task that keeps the profiles in force and their verdicts
//! current. It re-reads the profiles directory (`*.toml`, top level) when a file's
//! content changes, and re-evaluates every profile when the catalog announces a change
//! (several changes arriving together cost one evaluation).

use std::path::Path;
use std::time::Duration;

use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::CancellationToken;

use crate::config::ComplianceConfig;
use crate::ingest::profiles::read_files;
use crate::service::Services;
use tributary_core::compliance::{ProfileError, ProfileFile, ProfilesRead};

/// How often the profiles directory is looked at for changed files.
pub const PROFILES_RELOAD_INTERVAL: Duration = Duration::from_secs(2);

/// Runs until `shutdown`.
pub async fn watch_compliance(config: ComplianceConfig, services: Services, shutdown: CancellationToken) {
    let mut feed = services.subscribe();
    let mut reload = tokio::time::interval(PROFILES_RELOAD_INTERVAL);
    let mut last_read: Option<Vec<ProfileFile>> = None;
    loop {
        let evaluate = tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = reload.tick() => {
                let Some(directory) = config.profiles_dir.clone() else {
                    // No directory: evaluate all the same, so that violations of profiles
                    // removed from the configuration resolve.
                    if last_read.is_none() || services.compliance_stale().await {
                        last_read = Some(Vec::new());
                        log_failure(services.evaluate_compliance().await);
                    }
                    continue;
                };
                let files = tokio::task::spawn_blocking(move || read_files(&directory)).await;
                let files = files.unwrap_or_else(|join_error| {
                    Err(ProfileError { file: String::new(), line: None, message: join_error.to_string() })
                });
                let texts = match &files {
                    Ok(files) => files.clone(),
                    Err(error) => vec![(String::new(), Err(error.clone()))],
                };
                if last_read.as_ref() == Some(&texts) {
                    if services.compliance_stale().await {
                        log_failure(services.evaluate_compliance().await);
                    }
                    continue;
                }
                last_read = Some(texts);
                let directory = config.profiles_dir.as_deref().map(Path::display).map(|d| d.to_string()).unwrap_or_default();
                let loaded = services.load_profiles(ProfilesRead::parse(directory, files)).await;
                if loaded.is_err() {
                    // Not recorded (the store could not write the audit entry, say): the
                    // files are read and loaded again at the next tick.
                    last_read = None;
                }
                log_failure(loaded);
                continue;
            }
            received = feed.recv() => match received {
                Ok(events) => !events.iter().all(|event| event.change.kind().starts_with("violation_")),
                Err(RecvError::Lagged(_)) => true,
                Err(RecvError::Closed) => break,
            },
        };
        // Take whatever else has arrived: one evaluation covers it all.
        let mut evaluate = evaluate;
        loop {
            match feed.try_recv() {
                Ok(events) => evaluate |= !events.iter().all(|event| event.change.kind().starts_with("violation_")),
                Err(tokio::sync::broadcast::error::TryRecvError::Lagged(_)) => evaluate = true,
                Err(_) => break,
            }
        }
        if evaluate {
            log_failure(services.evaluate_compliance().await);
        }
    }
}

fn log_failure(outcome: Result<(), crate::service::ServiceError>) {
    if let Err(error) = outcome {
        tracing::error!(error = %error, "compliance profiles could not be evaluated");
    }
}
