//! `/config`, `/mode` and `/compatibility/...`: compatibility levels and checks.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::json;

use super::errors::RegistryError;
use super::subjects::SchemaRequest;
use super::{reply, Answers, Registry};
use tributary_core::schema::compatibility::Level;

pub fn router() -> Router<Registry> {
    Router::new()
        .route("/config", get(global).put(set_global))
        .route("/config/{subject}", get(of_subject).put(set_subject).delete(delete_subject))
        .route("/mode", get(mode))
        .route("/compatibility/subjects/{subject}/versions/{version}", post(check_version))
        .route("/compatibility/subjects/{subject}/versions", post(check_all))
}

#[derive(Deserialize)]
struct CompatibilityBody {
    compatibility: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct ConfigQuery {
    #[serde(default)]
    default_to_global: bool,
    #[serde(default)]
    verbose: bool,
}

fn level_from(body: &Bytes) -> Result<String, RegistryError> {
    let body: CompatibilityBody = serde_json::from_slice(body)
        .map_err(|error| RegistryError::unprocessable(format!("Invalid request body: {error}")))?;
    let level = body.compatibility.to_ascii_uppercase();
    Level::parse(&level).ok_or_else(|| RegistryError::invalid_compatibility(&body.compatibility))?;
    Ok(level)
}

async fn global(State(registry): State<Registry>) -> Response {
    reply(&json!({"compatibilityLevel": registry.lock().global_compatibility}))
}

async fn set_global(State(registry): State<Registry>, body: Bytes) -> Result<Response, RegistryError> {
    let level = level_from(&body)?;
    registry.lock().global_compatibility = level.clone();
    Ok(reply(&json!({"compatibility": level})))
}

async fn of_subject(
    State(registry): State<Registry>,
    Path(subject): Path<String>,
    Query(query): Query<ConfigQuery>,
) -> Result<Response, RegistryError> {
    let store = registry.lock();
    match (store.subject_compatibility.get(&subject), query.default_to_global) {
        (Some(level), _) => Ok(reply(&json!({"compatibilityLevel": level}))),
        (None, true) => Ok(reply(&json!({"compatibilityLevel": store.global_compatibility}))),
        (None, false) => Err(RegistryError::compatibility_not_configured(&subject)),
    }
}

async fn set_subject(
    State(registry): State<Registry>,
    Path(subject): Path<String>,
    body: Bytes,
) -> Result<Response, RegistryError> {
    let level = level_from(&body)?;
    registry.lock().subject_compatibility.insert(subject, level.clone());
    Ok(reply(&json!({"compatibility": level})))
}

async fn delete_subject(
    State(registry): State<Registry>,
    Path(subject): Path<String>,
) -> Result<Response, RegistryError> {
    let mut store = registry.lock();
    let previous =
        store.subject_compatibility.remove(&subject).ok_or_else(|| RegistryError::subject_not_found(&subject))?;
    Ok(reply(&json!({"compatibilityLevel": previous})))
}

async fn mode() -> Response {
    reply(&json!({"mode": "READWRITE"}))
}

/// Checks the body's schema against one version (`latest` or a number).
async fn check_version(
    State(registry): State<Registry>,
    Path((subject, version)): Path<(String, String)>,
    Query(query): Query<ConfigQuery>,
    body: Bytes,
) -> Result<Response, RegistryError> {
    let request = SchemaRequest::from_body(&body)?.into_stored();
    let store = registry.lock();
    let proposed = super::validate(&store, &request)?;
    let existing = match store.version_with_schema(&subject, &version, false) {
        Ok((_, schema)) => vec![schema],
        // Nothing registered yet: anything is compatible, as Confluent answers.
        Err(error) if error.error_code == 40401 => Vec::new(),
        Err(error) => return Err(error),
    };
    // One version given: the level's direction, without transitivity.
    let level = store.level_of(&subject).without_transitivity();
    let problems = super::problems_against(&store, level, &proposed, &existing)?;
    Ok(verdict(&problems, query.verbose && registry.answers == Answers::Confluent))
}

/// Checks the body's schema against every version the subject's level looks at.
async fn check_all(
    State(registry): State<Registry>,
    Path(subject): Path<String>,
    Query(query): Query<ConfigQuery>,
    body: Bytes,
) -> Result<Response, RegistryError> {
    let request = SchemaRequest::from_body(&body)?.into_stored();
    let store = registry.lock();
    let proposed = super::validate(&store, &request)?;
    let problems = super::problems_against(&store, store.level_of(&subject), &proposed, &store.live_schemas(&subject))?;
    Ok(verdict(&problems, query.verbose && registry.answers == Answers::Confluent))
}

/// The verdict, with its reasons when `verbose` was asked for (Confluent; Karapace
/// never gives reasons).
fn verdict(problems: &[String], verbose: bool) -> Response {
    if verbose {
        reply(&json!({"is_compatible": problems.is_empty(), "messages": problems}))
    } else {
        reply(&json!({"is_compatible": problems.is_empty()}))
    }
}
