//! The compliance watcher: one task that keeps the profiles in force and their verdicts
//! current. It re-reads the profiles directory (`*.toml`, top level) when a file's
//! content changes, and re-evaluates every profile when the catalog announces a change
//! (several changes arriving together cost one evaluation).

use std::path::Path;
use std::time::Duration;

use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::CancellationToken;

use crate::config::ComplianceConfig;
use crate::ingest::watched_files::{self, Listing};
use crate::service::compliance::ProfilesRead;
use crate::service::Services;
use tributary_core::compliance::profile::MAX_PROFILE_BYTES;
use tributary_core::compliance::{Profile, ProfileError};

/// How often the profiles directory is looked at for changed files.
pub const PROFILES_RELOAD_INTERVAL: Duration = Duration::from_secs(2);
/// The most profile files read from one directory.
const MAX_PROFILE_FILES: usize = 1_000;

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
                    Err(error) => vec![(String::new(), Err(error.message.clone()))],
                };
                if last_read.as_ref() == Some(&texts) {
                    if services.compliance_stale().await {
                        log_failure(services.evaluate_compliance().await);
                    }
                    continue;
                }
                last_read = Some(texts);
                let directory = config.profiles_dir.as_deref().map(Path::display).map(|d| d.to_string()).unwrap_or_default();
                let loaded = services.load_profiles(parsed(directory, files)).await;
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

/// The profiles in `directory`, each broken file an error of its own (for commands that
/// read the directory once: `tributary check`).
pub fn read_profiles(directory: &Path) -> ProfilesRead {
    parsed(directory.display().to_string(), read_files(directory))
}

/// The profiles of `files` parsed, each broken one an error of its own.
fn parsed(directory: String, files: Result<Vec<ProfileFile>, ProfileError>) -> ProfilesRead {
    let mut read = ProfilesRead {
        directory,
        profiles: Vec::new(),
        errors: Vec::new(),
        texts: Default::default(),
        listed: files.is_ok(),
    };
    match files {
        Err(error) => read.errors.push(error),
        Ok(files) => {
            for (file, text) in files {
                let Ok(text) = text else {
                    read.errors.push(ProfileError { file, line: None, message: text.unwrap_err() });
                    continue;
                };
                read.texts.insert(file.clone(), text.clone());
                match Profile::parse(&file, &text) {
                    Ok(profile) if read.profiles.iter().any(|known: &Profile| known.name == profile.name) => {
                        read.errors.push(ProfileError {
                            file,
                            line: None,
                            message: format!("another file already defines a profile named `{}`", profile.name),
                        });
                    }
                    Ok(profile) => read.profiles.push(profile),
                    Err(error) => read.errors.push(error),
                }
            }
        }
    }
    read
}

/// A profile file's name and its text, or why it could not be read.
type ProfileFile = (String, Result<String, String>);

/// The `*.toml` files directly in `directory`, by name, with their text; sorted. What
/// is refused (a link leading out, a FIFO, a file too large) is an error of its file.
fn read_files(directory: &Path) -> Result<Vec<ProfileFile>, ProfileError> {
    let unreadable = |message: String| ProfileError { file: directory.display().to_string(), line: None, message };
    let wanted = |path: &Path| path.extension().is_some_and(|extension| extension == "toml");
    let listed = watched_files::list(directory, &Listing { max_depth: 0, wanted: &wanted })
        .map_err(|error| unreadable(format!("cannot be read: {error}")))?;
    if listed.len() > MAX_PROFILE_FILES {
        return Err(unreadable(format!("holds more than {MAX_PROFILE_FILES} profile files")));
    }
    Ok(listed
        .iter()
        .map(|file| {
            let name = file.path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            let text = watched_files::read_text(file, MAX_PROFILE_BYTES as u64).map_err(|refusal| refusal.to_string());
            (name, text)
        })
        .collect())
}
