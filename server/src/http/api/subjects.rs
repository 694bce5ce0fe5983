//! `/api/v1/registries/…/subjects`: subjects, their versions and field trees, and a
//! proposed schema's compatibility verdict.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use utoipa_axum::{router::OpenApiRouter, routes};

use model::{
    diff_schemas, CompatibilityVerdict, FieldChange, SchemaFormat, SchemaTree, Subject, SubjectSummary, SubjectVersion,
};

use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::pagination::{sort_key, Page, PageRequest};
use super::paths::{SubjectPath, VersionPath};
use super::topics::name_holds;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;
use crate::service::compatibility::Proposal;
use tributary_core::catalog::RegistryEntry;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .routes(routes!(registries))
        .routes(routes!(subjects))
        .routes(routes!(subject))
        .routes(routes!(version))
        .routes(routes!(diff))
        .routes(routes!(compatibility))
}

#[derive(Serialize, ToSchema)]
pub struct RegistryView {
    #[serde(flatten)]
    entry: RegistryEntry,
    global_compatibility: Option<String>,
    subjects: usize,
}

/// Every configured registry and schema directory with its read status and subject count.
#[utoipa::path(
    get, path = "/registries", tag = "schemas",
    responses((status = 200, description = "The schema sources", body = Vec<RegistryView>))
)]
pub async fn registries(State(state): State<AppState>) -> Json<Vec<RegistryView>> {
    let views = state
        .services
        .schema_sources()
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SubjectFilter {
    /// Only this schema source's subjects.
    registry: Option<String>,
    /// Only subjects describing this topic.
    topic: Option<String>,
    /// Only subjects whose latest schema carries this tag.
    tag: Option<String>,
    /// Only subjects whose name contains this (case-insensitive).
    q: Option<String>,
    /// From the previous page's `next_cursor`.
    #[param(pattern = "^([0-9a-f]{2}){1,2048}$")]
    cursor: Option<String>,
    /// Items per page, 1–1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<usize>,
}

/// Subjects of every schema source (or one), sorted by source and name, in pages;
/// optionally only those of a topic, with a tag, or matching a name.
#[utoipa::path(
    get, path = "/subjects", tag = "schemas",
    params(SubjectFilter),
    responses(
        (status = 200, description = "A page of subjects", body = Page<SubjectSummary>),
        (status = 400, description = "A parameter is malformed", body = ErrorBody),
        (status = 404, description = "No schema source has that name", body = ErrorBody),
    )
)]
pub async fn subjects(
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<SubjectFilter>,
) -> Result<Json<Page<SubjectSummary>>, ApiError> {
    let needle = filter.q.as_deref().map(str::to_lowercase);
    let entries = state.services.schema_sources();
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
            if !name_holds(&subject.name, needle.as_deref()) {
                continue;
            }
            let line = SubjectSummary::of(&entry.name, subject);
            if filter.tag.as_ref().is_some_and(|tag| !line.tags.contains(tag)) {
                continue;
            }
            out.push(line);
        }
    }
    let request = PageRequest { cursor: filter.cursor, limit: filter.limit };
    Ok(Json(request.page(out, |line| sort_key(&[&line.registry, &line.subject]))?))
}

/// One subject with every version: schema text, references, field tree or parse error.
#[utoipa::path(
    get, path = "/registries/{registry}/subjects/{subject}", tag = "schemas",
    params(SubjectPath),
    responses(
        (status = 200, description = "The subject with all its versions", body = Subject),
        (status = 400, description = "A path segment is malformed", body = ErrorBody),
        (status = 404, description = "No such source or subject, or the source was not read yet", body = ErrorBody),
    )
)]
pub async fn subject(
    State(state): State<AppState>,
    ApiPath(SubjectPath { registry, subject: name }): ApiPath<SubjectPath>,
) -> Result<Json<Subject>, ApiError> {
    find_subject(&state, &registry, &name).map(Json)
}

/// One version of a subject: `{version}` is a number or `latest` (the newest live one).
#[utoipa::path(
    get, path = "/registries/{registry}/subjects/{subject}/versions/{version}", tag = "schemas",
    params(VersionPath),
    responses(
        (status = 200, description = "The version: schema text, references, field tree or parse error", body = SubjectVersion),
        (status = 400, description = "A path segment is malformed", body = ErrorBody),
        (status = 404, description = "No such source, subject or version", body = ErrorBody),
    )
)]
pub async fn version(
    State(state): State<AppState>,
    ApiPath(VersionPath { registry, subject: name, version }): ApiPath<VersionPath>,
) -> Result<Json<SubjectVersion>, ApiError> {
    let subject = find_subject(&state, &registry, &name)?;
    let found = match version.as_str() {
        "latest" => subject.latest().cloned(),
        number => {
            let number: i32 = number
                .parse()
                .map_err(|_| ApiError::bad_request(format!("`{number}` is not a version number or `latest`")))?;
            subject.versions.iter().find(|candidate| candidate.version == number).cloned()
        }
    };
    found.map(Json).ok_or_else(|| ApiError::not_found(format!("`{name}` has no version {version}")))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DiffRange {
    /// The older version (default: the live version before `to`).
    from: Option<i32>,
    /// The newer version (default: the latest live version).
    to: Option<i32>,
}

#[derive(Serialize, ToSchema)]
pub struct VersionDiff {
    subject: String,
    from: i32,
    to: i32,
    changes: Vec<FieldChange>,
}

/// What changed between two versions, field by field (default: the latest and the one
/// before it).
#[utoipa::path(
    get, path = "/registries/{registry}/subjects/{subject}/diff", tag = "schemas",
    params(SubjectPath, DiffRange),
    responses(
        (status = 200, description = "The field changes", body = VersionDiff),
        (status = 400, description = "A parameter is malformed", body = ErrorBody),
        (status = 404, description = "No such source, subject or version, or no earlier version", body = ErrorBody),
        (status = 422, description = "A version's schema could not be parsed", body = ErrorBody),
    )
)]
pub async fn diff(
    State(state): State<AppState>,
    ApiPath(SubjectPath { registry, subject: name }): ApiPath<SubjectPath>,
    ApiQuery(range): ApiQuery<DiffRange>,
) -> Result<Json<VersionDiff>, ApiError> {
    let subject = find_subject(&state, &registry, &name)?;
    let live: Vec<i32> = subject.versions.iter().filter(|v| !v.deleted).map(|v| v.version).collect();
    let to = range
        .to
        .or(live.last().copied())
        .ok_or_else(|| ApiError::not_found(format!("`{name}` has no live version")))?;
    let from = range
        .from
        .or_else(|| live.iter().rev().find(|version| **version < to).copied())
        .ok_or_else(|| ApiError::not_found(format!("`{name}` has no version before {to} to compare with")))?;
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

/// A proposed schema, as a Confluent registration request carries it.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProposedSchema {
    /// The schema text.
    schema: String,
    /// `AVRO` (when absent), `PROTOBUF` or `JSON`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(pattern = "^(AVRO|PROTOBUF|JSON)$")]
    schema_type: Option<String>,
    /// References to other subjects' schemas, as the registry takes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    references: Vec<ProposedReference>,
}

/// A reference from a proposed schema to a registered one.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposedReference {
    /// The name the schema imports it by (a file name, a record name or a URL).
    name: String,
    subject: String,
    #[serde(deserialize_with = "whole_number")]
    #[schema(value_type = i32)]
    version: i32,
}

/// An `i32` that JSON may write as `3` or `3.0` (both are integers to JSON Schema).
fn whole_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
    let number = f64::deserialize(deserializer)?;
    let whole = number.fract() == 0.0 && number >= f64::from(i32::MIN) && number <= f64::from(i32::MAX);
    // Checked above: integral and within range, so the cast is exact.
    whole.then_some(number as i32).ok_or_else(|| serde::de::Error::custom(format!("{number} is not a version number")))
}

#[derive(Serialize, ToSchema)]
pub struct Verdict {
    #[serde(flatten)]
    verdict: CompatibilityVerdict,
    /// Who judged: `registry` (the registry itself) or `tributary` (its own check, for
    /// schema directories).
    checked_by: &'static str,
}

/// Whether a proposed schema may be registered under the subject: as the registry
/// itself judges it, or for a schema directory, by the tool's own check.
#[utoipa::path(
    post, path = "/registries/{registry}/subjects/{subject}/compatibility", tag = "schemas",
    params(SubjectPath),
    request_body = ProposedSchema,
    responses(
        (status = 200, description = "The verdict, with the reasons when incompatible", body = Verdict),
        (status = 400, description = "The body is not a proposed schema", body = ErrorBody),
        (status = 404, description = "No such source or subject", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The body's JSON does not have the expected shape, or the registry refused it", body = ErrorBody),
        (status = 502, description = "The registry could not be asked", body = ErrorBody),
    )
)]
pub async fn compatibility(
    State(state): State<AppState>,
    ApiPath(SubjectPath { registry, subject: name }): ApiPath<SubjectPath>,
    ApiJson(proposed): ApiJson<ProposedSchema>,
) -> Result<Json<Verdict>, ApiError> {
    let Some(format) = SchemaFormat::from_schema_type(proposed.schema_type.as_deref()) else {
        let given = proposed.schema_type.as_deref().unwrap_or_default();
        return Err(ApiError::bad_request(format!("`schemaType` is AVRO, PROTOBUF or JSON, not `{given}`")));
    };
    let body = serde_json::to_value(&proposed).map_err(|error| ApiError::bad_request(error.to_string()))?;
    let proposal = Proposal { format, schema: &proposed.schema, body };
    let judged = state.services.check_compatibility(&registry, &name, proposal).await?;
    Ok(Json(Verdict { verdict: judged.verdict, checked_by: judged.checked_by }))
}

fn find_subject(state: &AppState, registry: &str, name: &str) -> Result<Subject, ApiError> {
    let entry = state
        .services
        .schema_source(registry)
        .ok_or_else(|| ApiError::not_found(format!("no schema registry is configured with the name `{registry}`")))?;
    if entry.snapshot.is_none() {
        return Err(ApiError::not_found(format!("schema registry `{registry}` has not been read yet")));
    }
    state
        .services
        .subject(registry, name)
        .ok_or_else(|| ApiError::not_found(format!("registry `{registry}` has no subject `{name}`")))
}
