//! `tributary check --estate`: proposed desired-state files (JulieOps, kafka-gitops,
//! Terraform JSON) judged before they are merged, for CI. Against a running Tributary
//! (`--url` and `--cluster`: its estate sources as read now, the cluster's topics, every
//! topic's personal data and the profiles in force), or standalone (`--base` files as
//! the code in force, `--profiles`; personal data unknown). Exit 0: passes; 1: a profile
//! rule is broken; 2: could not check (a file unreadable or not parseable, naming file
//! and line; Tributary unreachable).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use model::{EstateCheckReport, EstateFileError};
use tributary_core::compliance::Profile;
use tributary_core::estate::{judge, EstateFile, EstateOptions, EstateRead, ProposalContext, MAX_ESTATE_FILE_BYTES};

use crate::check_cli::{OutputFormat, EXIT_BLOCKED, EXIT_PASS, EXIT_UNCHECKED};
use crate::ingest::profiles::read_profiles;

/// How long a running Tributary may take to answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a proposal could not be checked (exit 2), with what failed underneath.
#[derive(Debug, thiserror::Error)]
enum Unchecked {
    #[error("{0}")]
    File(EstateFileError),
    #[error("the base version: {0}")]
    Base(EstateFileError),
    #[error("profile {0}")]
    Profile(tributary_core::compliance::ProfileError),
    #[error("cannot make an HTTP client: {0}")]
    Client(#[source] reqwest::Error),
    #[error("cannot reach Tributary at {url}: {source}")]
    Unreachable { url: String, source: reqwest::Error },
    #[error("Tributary's answer is not JSON ({status}): {source}")]
    NotJson { status: reqwest::StatusCode, source: reqwest::Error },
    #[error("Tributary refused the check ({status}): {said}")]
    Refused { status: reqwest::StatusCode, said: String },
    #[error("Tributary's report is not one this version reads: {0}")]
    Unreadable(#[source] serde_json::Error),
}

/// Where the proposal is judged.
pub enum EstateAgainst {
    Server { url: String, cluster: String, token: Option<String> },
    Standalone { base: Vec<PathBuf>, profiles: Option<PathBuf>, cluster: Option<String> },
}

/// Judges the files `proposed`; prints the report; answers the exit code.
pub async fn run(against: EstateAgainst, proposed: &[PathBuf], format: OutputFormat) -> ExitCode {
    let outcome = match against {
        EstateAgainst::Server { url, cluster, token } => ask_server(&url, &cluster, token.as_deref(), proposed).await,
        EstateAgainst::Standalone { base, profiles, cluster } => {
            standalone(&base, profiles.as_deref(), cluster, proposed)
        }
    };
    let report = match outcome {
        Ok(report) => report,
        Err(why) => {
            match format {
                OutputFormat::Json => println!("{}", serde_json::json!({"error": why.to_string()})),
                OutputFormat::Human => eprintln!("error: {why}"),
            }
            return ExitCode::from(EXIT_UNCHECKED);
        }
    };
    match format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default()),
        OutputFormat::Human => print!("{}", human(&report)),
    }
    ExitCode::from(if !report.errors.is_empty() {
        EXIT_UNCHECKED
    } else if report.blocked {
        EXIT_BLOCKED
    } else {
        EXIT_PASS
    })
}

/// Each file named on the command line with its text, or why it cannot be read.
fn read(files: &[PathBuf]) -> Vec<EstateFile> {
    files
        .iter()
        .map(|file| {
            let name = file.display().to_string();
            let refuse = |message: String| EstateFileError { file: name.clone(), line: None, message };
            let text = std::fs::metadata(file).map_err(|error| refuse(format!("cannot be read: {error}"))).and_then(
                |metadata| {
                    if !metadata.is_file() {
                        Err(refuse("is not a regular file".into()))
                    } else if metadata.len() > MAX_ESTATE_FILE_BYTES as u64 {
                        Err(refuse(format!("is larger than {MAX_ESTATE_FILE_BYTES} bytes")))
                    } else {
                        std::fs::read_to_string(file)
                            .map_err(|error| refuse(format!("cannot be read as text: {error}")))
                    }
                },
            );
            (name, text)
        })
        .collect()
}

async fn ask_server(
    url: &str,
    cluster: &str,
    token: Option<&str>,
    proposed: &[PathBuf],
) -> Result<EstateCheckReport, Unchecked> {
    let mut files = Vec::new();
    for (name, text) in read(proposed) {
        let text = text.map_err(Unchecked::File)?;
        files.push(serde_json::json!({"name": name, "text": text}));
    }
    let client = reqwest::Client::builder().timeout(REQUEST_TIMEOUT).build().map_err(Unchecked::Client)?;
    let endpoint =
        format!("{}/api/v1/clusters/{}/estate/check", url.trim_end_matches('/'), model::links::encode(cluster));
    let mut request = client.post(&endpoint).json(&serde_json::json!({"files": files}));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.map_err(|source| Unchecked::Unreachable { url: url.to_owned(), source })?;
    let status = response.status();
    let answer: serde_json::Value = response.json().await.map_err(|source| Unchecked::NotJson { status, source })?;
    if !status.is_success() {
        let said = answer["error"]["message"].as_str().unwrap_or("no reason given").to_owned();
        return Err(Unchecked::Refused { status, said });
    }
    serde_json::from_value(answer).map_err(Unchecked::Unreadable)
}

fn standalone(
    base: &[PathBuf],
    profiles: Option<&Path>,
    cluster: Option<String>,
    proposed: &[PathBuf],
) -> Result<EstateCheckReport, Unchecked> {
    let options = EstateOptions::default();
    let current = EstateRead::parse(Ok(read(base)), &options);
    if let Some(error) = current.errors.into_iter().next() {
        return Err(Unchecked::Base(error));
    }
    let profiles: Vec<Profile> = match profiles {
        Some(directory) => {
            let read = read_profiles(directory);
            if let Some(error) = read.errors.into_iter().next() {
                return Err(Unchecked::Profile(error));
            }
            read.profiles
        }
        None => Vec::new(),
    };
    let proposal = EstateRead::parse(Ok(read(proposed)), &options);
    let cluster = cluster.unwrap_or_default();
    if !proposal.errors.is_empty() {
        return Ok(EstateCheckReport { cluster, errors: proposal.errors, ..Default::default() });
    }
    let context = ProposalContext {
        cluster: &cluster,
        current: &current.estate,
        live_topics: &[],
        facts: &[],
        profiles: &profiles,
    };
    Ok(judge(&proposal.estate, &context))
}

/// The report as a reviewer reads it.
fn human(report: &EstateCheckReport) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for error in &report.errors {
        let _ = writeln!(out, "error: {error}");
    }
    if report.changes.is_empty() && report.errors.is_empty() {
        let _ = writeln!(out, "no change to topics or ACLs");
    }
    for change in &report.changes {
        let subject = change.topic.as_deref().or(change.principal.as_deref()).unwrap_or_default();
        let at = change.at.as_ref().map(|at| format!("  ({})", at.label())).unwrap_or_default();
        let values = match (&change.before, &change.after) {
            (Some(before), Some(after)) if before != after => format!(": {before} → {after}"),
            _ => String::new(),
        };
        let _ = writeln!(out, "{:?} {subject} {}{values}{at}", change.kind, change.item);
    }
    for reach in &report.reach {
        let data =
            if reach.categories.is_empty() { "no known personal data".to_owned() } else { reach.categories.join(", ") };
        let _ = writeln!(
            out,
            "{} would reach {} ({data}) through {}  ({})",
            reach.principal,
            reach.topic,
            reach.grant,
            reach.at.label()
        );
        for broken in &reach.breaks {
            let _ =
                writeln!(out, "  BLOCKED by profile `{}`, rule {}: {}", broken.profile, broken.rule, broken.message);
        }
    }
    for note in &report.notes {
        let _ = writeln!(out, "note: {note}");
    }
    let verdict = if !report.errors.is_empty() {
        "not checked: fix the files named above"
    } else if report.blocked {
        "blocked"
    } else {
        "passes"
    };
    let _ = writeln!(out, "{verdict}");
    out
}
