use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use app::model::{diff_schemas, FieldChange, SchemaFormat, SchemaTree, Subject, SubjectSummary};

use crate::catalog::RegistryEntry;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::ingest::registry::client::{CompatibilityVerdict, RegistryClient};
use crate::schema::compatibility::{self, Level};
use crate::schema::{self, ParseOptions, ReferencedSchema};

/// How long a compatibility check may wait for the registry.
const COMPATIBILITY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/registries", get(registries))
        .route("/subjects", get(subjects))
        .route("/registries/{registry}/subjects/{subject}", get(subject))
        .route("/registries/{registry}/subjects/{subject}/diff", get(diff))
        .route("/registries/{registry}/subjects/{subject}/compatibility", post(compatibility))
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
            let line = SubjectSummary::of(&entry.name, subject);
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
    find_subject(&state, &registry, &name).map(Json)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiffRange {
    from: Option<i32>,
    to: Option<i32>,
}

#[derive(Serialize)]
struct VersionDiff {
    subject: String,
    from: i32,
    to: i32,
    changes: Vec<FieldChange>,
}

/// What changed between two versions (default: the latest and the one before it).
async fn diff(
    State(state): State<AppState>,
    Path((registry, name)): Path<(String, String)>,
    range: Result<Query<DiffRange>, QueryRejection>,
) -> Result<Json<VersionDiff>, ApiError> {
    let Query(range) = range.map_err(|rejection| ApiError::bad_request(rejection.body_text()))?;
    let subject = find_subject(&state, &registry, &name)?;
    let live: Vec<i32> = subject.versions.iter().filter(|v| !v.deleted).map(|v| v.version).collect();
    let to = range
        .to
        .or(live.last().copied())
        .ok_or_else(|| ApiError::not_found(format!("`{name}` has no live version")))?;
    let from = range
        .from
        .or_else(|| live.iter().rev().find(|version| **version < to).copied())
        .ok_or_else(|| ApiError::bad_request(format!("`{name}` has no version before {to}; pass `from`")))?;
    let tree = |number: i32| -> Result<&SchemaTree, ApiError> {
        let version = subject
            .versions
            .iter()
            .find(|version| version.version == number)
            .ok_or_else(|| ApiError::not_found(format!("`{name}` has no version {number}")))?;
        version.parsed.as_ref().map_err(|error| {
            ApiError::unprocessable(format!("version {number} of `{name}` could not be parsed: {error}"))
        })
    };
    Ok(Json(VersionDiff { subject: name.clone(), from, to, changes: diff_schemas(tree(from)?, tree(to)?) }))
}

/// A proposed schema, as a registration request carries it.
#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct ProposedSchema {
    schema: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    schema_type: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    references: Vec<serde_json::Value>,
}

#[derive(Serialize)]
struct Verdict {
    #[serde(flatten)]
    verdict: CompatibilityVerdict,
    /// Who judged: `registry` (the registry itself) or `tributary` (its own check, for
    /// schema directories).
    checked_by: &'static str,
}

/// Whether a proposed schema may be registered under the subject: as the registry
/// itself judges it, or for a schema directory, by the tool's own check.
async fn compatibility(
    State(state): State<AppState>,
    Path((registry, name)): Path<(String, String)>,
    body: Result<Json<ProposedSchema>, JsonRejection>,
) -> Result<Json<Verdict>, ApiError> {
    let Json(proposed) = body.map_err(|rejection| ApiError::bad_request(rejection.body_text()))?;
    if let Some(directory) = state.registries.directory(&registry) {
        let level = Level::parse(&directory.compatibility).unwrap_or(Level::Backward);
        return own_check(&state, &registry, &name, &proposed, level).map(Json);
    }
    let config = state
        .registries
        .config(&registry)
        .ok_or_else(|| ApiError::not_found(format!("no schema registry is configured with the name `{registry}`")))?;
    let client = RegistryClient::new(config, COMPATIBILITY_TIMEOUT).map_err(ApiError::from)?;
    let body = serde_json::to_value(&proposed).map_err(|error| ApiError::bad_request(error.to_string()))?;
    let verdict = client.check_compatibility(&name, &body).await.map_err(ApiError::from)?;
    Ok(Json(Verdict { verdict, checked_by: "registry" }))
}

/// The tool's own verdict, for sources without a registry: the proposal (its imports
/// and `$ref`s resolved against the source's other subjects) against the subject's
/// latest schema.
fn own_check(
    state: &AppState,
    source: &str,
    name: &str,
    proposed: &ProposedSchema,
    level: Level,
) -> Result<Verdict, ApiError> {
    let subject = find_subject(state, source, name)?;
    let format = SchemaFormat::from_schema_type(proposed.schema_type.as_deref())
        .ok_or_else(|| ApiError::bad_request(format!("unknown schemaType {:?}", proposed.schema_type)))?;
    let snapshot = state.registries.entry(source).and_then(|entry| entry.snapshot).unwrap_or_default();
    let references: Vec<ReferencedSchema> = snapshot
        .subjects
        .iter()
        .filter(|other| other.name != name)
        .filter_map(|other| other.latest().filter(|latest| latest.format == format).map(|latest| (other, latest)))
        .map(|(other, latest)| ReferencedSchema { name: other.name.clone(), text: latest.schema.clone() })
        .collect();
    let verdict = |is_compatible: bool, messages: Vec<String>| Verdict {
        verdict: CompatibilityVerdict { is_compatible, messages },
        checked_by: "tributary",
    };
    let tree = match schema::parse(format, &proposed.schema, &references, &ParseOptions::default()) {
        Ok(tree) => tree,
        Err(error) => return Ok(verdict(false, vec![format!("the proposed schema is invalid: {error}")])),
    };
    let existing: Vec<SchemaTree> =
        subject.latest().and_then(|latest| latest.parsed.clone().ok()).into_iter().collect();
    let problems = compatibility::check(level, &tree, &existing);
    Ok(verdict(problems.is_empty(), problems))
}

fn find_subject(state: &AppState, registry: &str, name: &str) -> Result<Subject, ApiError> {
    let entry = state
        .registries
        .entry(registry)
        .ok_or_else(|| ApiError::not_found(format!("no schema registry is configured with the name `{registry}`")))?;
    if entry.snapshot.is_none() {
        return Err(ApiError::not_found(format!("schema registry `{registry}` has not been read yet")));
    }
    state
        .registries
        .subject(registry, name)
        .ok_or_else(|| ApiError::not_found(format!("registry `{registry}` has no subject `{name}`")))
}
