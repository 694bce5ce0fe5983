//! `/schemas/...`: schemas by id, their usages, the supported types, and the list of
//! all schemas.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::json;

use super::errors::RegistryError;
use super::store::{RegistryStore, StoredSchema};
use super::subjects::{decorate, version_json};
use super::{reply, reply_text, Answers, Registry};

pub fn router() -> Router<Registry> {
    Router::new()
        .route("/schemas", get(list_schemas))
        .route("/schemas/types", get(types))
        .route("/schemas/ids/{id}", get(by_id))
        .route("/schemas/ids/{id}/schema", get(text_by_id))
        .route("/schemas/ids/{id}/versions", get(versions_of_id))
        .route("/schemas/ids/{id}/subjects", get(subjects_of_id))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SchemasQuery {
    #[serde(default)]
    deleted: bool,
    #[serde(default)]
    latest_only: bool,
    #[serde(default)]
    subject_prefix: Option<String>,
}

/// The schema with id `id` (as the path gives it), or 40403.
fn schema_by_id<'s>(store: &'s RegistryStore, id: &str) -> Result<(i32, &'s StoredSchema), RegistryError> {
    let number: i32 = id.parse().map_err(|_| RegistryError::schema_not_found(id))?;
    let schema = store.schema(number).ok_or_else(|| RegistryError::schema_not_found(id))?;
    Ok((number, schema))
}

async fn types() -> Response {
    reply(&["JSON", "PROTOBUF", "AVRO"])
}

async fn by_id(State(registry): State<Registry>, Path(id): Path<String>) -> Result<Response, RegistryError> {
    let store = registry.lock();
    let (_, schema) = schema_by_id(&store, &id)?;
    let mut body = json!({"schema": schema.schema});
    decorate(&mut body, schema);
    Ok(reply(&body))
}

async fn text_by_id(State(registry): State<Registry>, Path(id): Path<String>) -> Result<Response, RegistryError> {
    let store = registry.lock();
    let (_, schema) = schema_by_id(&store, &id)?;
    Ok(reply_text(&schema.schema))
}

async fn versions_of_id(State(registry): State<Registry>, Path(id): Path<String>) -> Result<Response, RegistryError> {
    let store = registry.lock();
    let number = match schema_by_id(&store, &id) {
        Ok((number, _)) => number,
        // Karapace lists no usages for an id it does not have instead of 40403.
        Err(_) if registry.answers == Answers::Karapace => return Ok(reply(&[] as &[i32])),
        Err(error) => return Err(error),
    };
    let usages: Vec<_> = store
        .usages(number, false)
        .into_iter()
        .map(|(subject, version)| json!({"subject": subject, "version": version}))
        .collect();
    Ok(reply(&usages))
}

async fn subjects_of_id(State(registry): State<Registry>, Path(id): Path<String>) -> Result<Response, RegistryError> {
    let store = registry.lock();
    let (number, _) = schema_by_id(&store, &id)?;
    let mut subjects: Vec<String> = store.usages(number, false).into_iter().map(|(subject, _)| subject).collect();
    subjects.dedup();
    Ok(reply(&subjects))
}

/// Every subject version (the latest only, with `latestOnly`), as full version objects.
async fn list_schemas(State(registry): State<Registry>, Query(query): Query<SchemasQuery>) -> Response {
    let store = registry.lock();
    let prefix = query.subject_prefix.unwrap_or_default();
    let mut all = Vec::new();
    for subject in store.subjects(query.deleted).into_iter().filter(|subject| subject.starts_with(&prefix)) {
        let Ok(versions) = store.versions(&subject, query.deleted) else { continue };
        let chosen: Vec<_> = if query.latest_only { versions.last().copied().into_iter().collect() } else { versions };
        for version in chosen {
            if let Some(schema) = store.schema(version.id) {
                all.push(version_json(&subject, version, schema));
            }
        }
    }
    reply(&all)
}
