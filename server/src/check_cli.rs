//! `tributary check`: proposed schema files judged before they ship, for CI. Against a
//! running Tributary (`--url`: its `POST /api/v1/check`, so the registry's verdict, the
//! lineage and the profiles in force all count), or standalone on a contracts directory
//! (`--contracts`: Tributary's own per-format compatibility rules, the profiles given,
//! no lineage). Human output or JSON; exit 0 (every proposal passes), 1 (one is
//! blocked), 2 (could not check: unreachable, unreadable or unparseable input).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use model::{CheckReport, CheckVerdict, RegistrySnapshot, SchemaFormat};

use crate::ingest::directory;
use crate::ingest::profiles::read_profiles;
use crate::service::check::{bound_facts, bound_topics, Judging};
use tributary_core::compliance::Profile;
use tributary_core::schema::compatibility::{self, Level};
use tributary_core::schema::parse_proposal;
use tributary_core::schema::ParseOptions;

/// Every proposal passes.
pub const EXIT_PASS: u8 = 0;
/// A proposal is incompatible or breaks a profile rule.
pub const EXIT_BLOCKED: u8 = 1;
/// A proposal could not be checked.
pub const EXIT_UNCHECKED: u8 = 2;
/// How long a running Tributary may take to answer one check.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Larger proposal files are refused unread.
const MAX_PROPOSAL_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

/// Where proposals are checked.
pub enum Against {
    /// A running Tributary: base URL, schema source name, and an API token with the
    /// `read` scope (needed once Tributary has accounts).
    Server { url: String, source: String, token: Option<String> },
    /// A contracts directory, with profiles and the compatibility level.
    Contracts { root: PathBuf, profiles: Option<PathBuf>, level: String },
}

/// One proposal that could not be checked, and why (naming the file, and the line
/// where the parser gives one).
#[derive(Debug)]
struct Unchecked(String);

/// Checks every proposal (`SUBJECT=FILE`); prints the reports; answers the exit code.
pub async fn run(against: Against, proposals: &[String], format: OutputFormat) -> ExitCode {
    match check_all(&against, proposals).await {
        Ok(reports) => {
            match format {
                OutputFormat::Json => {
                    println!("{}", serde_json::to_string_pretty(&reports).unwrap_or_default());
                }
                OutputFormat::Human => {
                    for (file, report) in &reports {
                        print!("{}", human(file, report));
                    }
                }
            }
            let blocked = reports.iter().any(|(_, report)| report.blocked);
            ExitCode::from(if blocked { EXIT_BLOCKED } else { EXIT_PASS })
        }
        Err(Unchecked(why)) => {
            match format {
                OutputFormat::Json => println!("{}", serde_json::json!({"error": why})),
                OutputFormat::Human => eprintln!("error: {why}"),
            }
            ExitCode::from(EXIT_UNCHECKED)
        }
    }
}

/// Each proposal's file and report, in the order given; the first that cannot be
/// checked stops the run.
async fn check_all(against: &Against, proposals: &[String]) -> Result<Vec<(String, CheckReport)>, Unchecked> {
    let proposals: Vec<(String, PathBuf)> = proposals.iter().map(|given| split(given)).collect::<Result<_, _>>()?;
    let mut reports = Vec::with_capacity(proposals.len());
    match against {
        Against::Server { url, source, token } => {
            let client = reqwest::Client::builder()
                .timeout(REQUEST_TIMEOUT)
                .build()
                .map_err(|error| Unchecked(format!("cannot make an HTTP client: {error}")))?;
            for (subject, file) in &proposals {
                let (format, text) = read_proposal(file)?;
                let report = ask_server(&client, url, token.as_deref(), source, subject, format, &text)
                    .await
                    .map_err(|why| Unchecked(format!("{}: {why}", file.display())))?;
                reports.push((file.display().to_string(), report));
            }
        }
        Against::Contracts { root, profiles, level } => {
            let level = Level::parse(level)
                .ok_or_else(|| Unchecked(format!("`--level {level}` is not a compatibility level")))?;
            let profiles = match profiles {
                Some(directory) => profiles_in(directory)?,
                None => Vec::new(),
            };
            let snapshot = contracts_in(root)?;
            for (subject, file) in &proposals {
                let (format, text) = read_proposal(file)?;
                let report = check_standalone(&snapshot, &profiles, level, subject, format, &text)
                    .map_err(|why| Unchecked(format!("{}: {why}", file.display())))?;
                reports.push((file.display().to_string(), report));
            }
        }
    }
    Ok(reports)
}

/// `SUBJECT=FILE` split.
fn split(given: &str) -> Result<(String, PathBuf), Unchecked> {
    match given.split_once('=') {
        Some((subject, file)) if !subject.is_empty() && !file.is_empty() => {
            Ok((subject.to_owned(), PathBuf::from(file)))
        }
        _ => Err(Unchecked(format!("`{given}` is not SUBJECT=FILE"))),
    }
}

/// The proposal's format (by extension) and text.
fn read_proposal(file: &Path) -> Result<(SchemaFormat, String), Unchecked> {
    let unreadable = |why: String| Unchecked(format!("{}: {why}", file.display()));
    let format = match file.extension().and_then(|extension| extension.to_str()) {
        Some("avsc" | "avro") => SchemaFormat::Avro,
        Some("proto") => SchemaFormat::Protobuf,
        Some("json") => SchemaFormat::Json,
        _ => return Err(unreadable("the format is not known by its extension (.avsc, .avro, .proto, .json)".into())),
    };
    let size = std::fs::metadata(file).map_err(|error| unreadable(format!("cannot be read: {error}")))?.len();
    if size > MAX_PROPOSAL_BYTES {
        return Err(unreadable(format!("is larger than {MAX_PROPOSAL_BYTES} bytes")));
    }
    let text = std::fs::read_to_string(file).map_err(|error| unreadable(format!("cannot be read as text: {error}")))?;
    Ok((format, text))
}

/// Asks a running Tributary; its error message when it refuses.
async fn ask_server(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    source: &str,
    subject: &str,
    format: SchemaFormat,
    text: &str,
) -> Result<CheckReport, String> {
    let body =
        serde_json::json!({"source": source, "subject": subject, "schema": text, "schemaType": format.schema_type()});
    let endpoint = format!("{}/api/v1/check", url.trim_end_matches('/'));
    let mut request = client.post(&endpoint).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.map_err(|error| format!("cannot reach Tributary at {url}: {error}"))?;
    let status = response.status();
    let answer: serde_json::Value =
        response.json().await.map_err(|error| format!("Tributary's answer is not JSON ({status}): {error}"))?;
    if !status.is_success() {
        let said = answer["error"]["message"].as_str().unwrap_or("no reason given");
        return Err(format!("Tributary refused the check ({status}): {said}"));
    }
    let report: CheckReport = serde_json::from_value(answer)
        .map_err(|error| format!("Tributary's report is not one this version reads: {error}"))?;
    match report.unchecked {
        Some(why) => Err(why),
        None => Ok(report),
    }
}

fn profiles_in(directory: &Path) -> Result<Vec<Profile>, Unchecked> {
    let read = read_profiles(directory);
    if let Some(error) = read.errors.first() {
        let line = error.line.map(|line| format!(":{line}")).unwrap_or_default();
        return Err(Unchecked(format!("profile {}{line}: {}", error.file, error.message)));
    }
    Ok(read.profiles)
}

fn contracts_in(root: &Path) -> Result<RegistrySnapshot, Unchecked> {
    let files = directory::fingerprint(root)
        .map_err(|error| Unchecked(format!("the contracts directory {}: {error}", root.display())))?;
    Ok(directory::read(root, &files, &[], &[], &ParseOptions::default()))
}

/// The standalone check of one proposal against the contracts directory's subject of
/// the same name (none: a new subject).
fn check_standalone(
    snapshot: &RegistrySnapshot,
    profiles: &[Profile],
    level: Level,
    subject: &str,
    format: SchemaFormat,
    text: &str,
) -> Result<CheckReport, String> {
    let tree = parse_proposal(snapshot, subject, format, text).map_err(|error| format!("does not parse: {error}"))?;
    let known = snapshot.subjects.iter().find(|candidate| candidate.name == subject);
    let existing = known.and_then(|known| known.latest()).and_then(|latest| latest.parsed.clone().ok());
    let compatibility = match (&known, existing) {
        (None, _) => CheckVerdict {
            is_compatible: true,
            messages: vec!["a new subject: there is no earlier schema to be compatible with".into()],
            checked_by: "tributary".into(),
        },
        (Some(_), None) => CheckVerdict {
            is_compatible: false,
            messages: vec![format!("the current {subject} does not parse, so nothing can be checked against it")],
            checked_by: "tributary".into(),
        },
        (Some(_), Some(existing)) => {
            let problems = compatibility::check(level, &tree, std::slice::from_ref(&existing));
            CheckVerdict { is_compatible: problems.is_empty(), messages: problems, checked_by: "tributary".into() }
        }
    };
    let topics = bound_topics(known, subject);
    let bound = bound_facts(&[], &topics, &[]);
    let rules = tributary_core::classification::RuleSet::builtin();
    let judging = Judging { rules: &rules, decisions: &[], profiles, bound: &bound, known_facts: &[] };
    let findings = judging.findings(subject, known, &tree);
    let blocked = !compatibility.is_compatible || !findings.is_empty();
    Ok(CheckReport {
        source: "contracts".into(),
        subject: subject.to_owned(),
        compatibility,
        affected_topics: topics,
        affected_readers: Vec::new(),
        findings,
        blocked,
        unchecked: None,
    })
}

/// A report as a person reads it. Names come from outside (a group id may hold escape
/// sequences): control characters are shown escaped, never sent to the terminal.
fn human(file: &str, report: &CheckReport) -> String {
    let verdict = if report.blocked { "BLOCKED" } else { "passes" };
    let mut out = format!("{} ({}) <- {}: {verdict}\n", shown(&report.subject), shown(&report.source), shown(file));
    let compatible = if report.compatibility.is_compatible { "compatible" } else { "INCOMPATIBLE" };
    out.push_str(&format!("  compatibility: {compatible} (checked by {})\n", shown(&report.compatibility.checked_by)));
    for message in &report.compatibility.messages {
        out.push_str(&format!("    - {}\n", shown(message)));
    }
    let list = |items: &[String]| {
        if items.is_empty() {
            "none".to_owned()
        } else {
            items.iter().map(|item| shown(item)).collect::<Vec<_>>().join(", ")
        }
    };
    out.push_str(&format!("  topics affected: {}\n", list(&report.affected_topics)));
    out.push_str(&format!("  readers affected: {}\n", list(&report.affected_readers)));
    if report.findings.is_empty() {
        out.push_str("  profile rules: none broken\n");
    } else {
        out.push_str("  profile rules broken:\n");
        for finding in &report.findings {
            out.push_str(&format!(
                "    - {} / {} on {}: {}\n",
                shown(&finding.profile),
                shown(&finding.rule),
                shown(&finding.topic),
                shown(&finding.evidence)
            ));
        }
    }
    out
}

/// `text` with control characters escaped (`\u{1b}`), for a terminal.
fn shown(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(shown("group\u{1b}[2Jx"), "group\\u{1b}[2Jx");
        assert_eq!(shown("plain-name"), "plain-name");
    }

    #[test]
    fn proposals_are_subject_equals_file() {
        assert_eq!(split("shop.orders-value=a/b.avsc").unwrap().0, "shop.orders-value");
        assert!(split("no-file").is_err() && split("=file").is_err() && split("subject=").is_err());
    }
}
