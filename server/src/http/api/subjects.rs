use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use app::model::{SchemaFormat, Subject, TopicBinding};

use crate::catalog::RegistryEntry;
use crate::http::error::ApiError;
use crate::http::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/registries", get(registries))
        .route("/subjects", get(subjects))
        .route("/registries/{registry}/subjects/{subject}", get(subject))
}

#[derive(Serialize)]
struct RegistryView {
    #[serde(flatten)]
    entry: RegistryEntry,
    global_compatibility: Option<String>,
    subjects: usize,
}

/// Every configured registry with its read status and subject count.
async fn registries(State(state): State<AppState>) -> Json<Vec<RegistryView>> {
    let views = state
        .registries
        .entries()
        .into_iter()
        .map(|entry| {
            let snapshot = entry.snapshot.clone();
            RegistryView {
                global_compatibility: snapshot.as_ref().and_then(|s| s.global_compatibility.clone()),
                subjects: snapshot.as_ref().map_or(0, |s| s.subjects.len()),
                entry,
            }
        })
        .collect();
    Json(views)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubjectFilter {
    registry: Option<String>,
    /// Only subjects describing this topic.
    topic: Option<String>,
    /// Only subjects whose latest schema carries this tag.
    tag: Option<String>,
}

/// One line per subject: enough to list them and to find the right one.
#[derive(Serialize)]
struct SubjectSummary {
    registry: String,
    subject: String,
    format: Option<SchemaFormat>,
    latest_version: Option<i32>,
    versions: usize,
    deleted: bool,
    compatibility: Option<String>,
    topics: Vec<TopicBinding>,
    /// The latest schema's record or message name.
    record: Option<String>,
    /// Tags anywhere in the latest schema.
    tags: Vec<String>,
    /// Versions whose schema could not be parsed, with the reason.
    parse_errors: Vec<ParseError>,
}

#[derive(Serialize)]
struct ParseError {
    version: i32,
    error: String,
}

fn summary(registry: &str, subject: &Subject) -> SubjectSummary {
    let latest = subject.latest();
    let tree = latest.and_then(|version| version.parsed.as_ref().ok());
    SubjectSummary {
        registry: registry.to_owned(),
        subject: subject.name.clone(),
        format: latest.map(|version| version.format),
        latest_version: latest.map(|version| version.version),
        versions: subject.versions.len(),
        deleted: subject.deleted(),
        compatibility: subject.compatibility.clone(),
        topics: subject.topics.clone(),
        record: tree.map(|tree| tree.name.clone()),
        tags: tree.map(|tree| tree.tags()).unwrap_or_default(),
        parse_errors: subject
            .versions
            .iter()
            .filter_map(|version| {
                version.parsed.as_ref().err().map(|error| ParseError { version: version.version, error: error.clone() })
            })
            .collect(),
    }
}

/// Every subject of every registry (or of one), optionally only those of a topic or tag.
async fn subjects(
    State(state): State<AppState>,
    filter: Result<Query<SubjectFilter>, QueryRejection>,
) -> Result<Json<Vec<SubjectSummary>>, ApiError> {
    let Query(filter) = filter.map_err(|rejection| ApiError::bad_request(rejection.body_text()))?;
    let entries = state.registries.entries();
    if let Some(name) = &filter.registry {
        if !entries.iter().any(|entry| &entry.name == name) {
            return Err(ApiError::not_found(format!("no schema registry is configured with the name `{name}`")));
        }
    }
    let mut out = Vec::new();
    for entry in entries.iter().filter(|entry| filter.registry.as_ref().is_none_or(|name| &entry.name == name)) {
        let Some(snapshot) = &entry.snapshot else { continue };
        for subject in &snapshot.subjects {
            if filter.topic.as_ref().is_some_and(|topic| !subject.topics.iter().any(|binding| &binding.topic == topic))
            {
                continue;
            }
            let line = summary(&entry.name, subject);
            if filter.tag.as_ref().is_some_and(|tag| !line.tags.contains(tag)) {
                continue;
            }
            out.push(line);
        }
    }
    Ok(Json(out))
}

/// One subject with every version: schema text, references, field tree or parse error.
async fn subject(
    State(state): State<AppState>,
    Path((registry, name)): Path<(String, String)>,
) -> Result<Json<Subject>, ApiError> {
    let entry = state
        .registries
        .entry(&registry)
        .ok_or_else(|| ApiError::not_found(format!("no schema registry is configured with the name `{registry}`")))?;
    let snapshot = entry
        .snapshot
        .ok_or_else(|| ApiError::not_found(format!("schema registry `{registry}` has not been read yet")))?;
    snapshot
        .subjects
        .iter()
        .find(|subject| subject.name == name)
        .cloned()
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("registry `{registry}` has no subject `{name}`")))
}
