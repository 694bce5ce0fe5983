//! `/subjects/...`: list, register, look up, read and delete subject versions.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

use super::errors::RegistryError;
use super::store::{Reference, StoredSchema, SubjectVersion};
use super::{reply, reply_text, Registry};

pub fn router() -> Router<Registry> {
    Router::new()
        .route("/subjects", get(list_subjects))
        .route("/subjects/{subject}", post(lookup).delete(delete_subject))
        .route("/subjects/{subject}/versions", get(list_versions).post(register))
        .route("/subjects/{subject}/versions/{version}", get(get_version).delete(delete_version))
        .route("/subjects/{subject}/versions/{version}/schema", get(get_version_schema))
        .route("/subjects/{subject}/versions/{version}/referencedby", get(referenced_by))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ListQuery {
    #[serde(default)]
    pub deleted: bool,
    #[serde(default)]
    pub subject_prefix: Option<String>,
    #[serde(default)]
    pub permanent: bool,
}

/// A registration or lookup request body.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaRequest {
    pub schema: String,
    #[serde(default)]
    pub schema_type: Option<String>,
    #[serde(default)]
    pub references: Vec<Reference>,
    #[serde(default)]
    pub metadata: Option<Value>,
    #[serde(default)]
    pub rule_set: Option<Value>,
}

impl SchemaRequest {
    /// Parses a request body as Confluent does, whatever its content type.
    pub fn from_body(body: &Bytes) -> Result<Self, RegistryError> {
        serde_json::from_slice(body)
            .map_err(|error| RegistryError::unprocessable(format!("Invalid request body: {error}")))
    }

    pub fn into_stored(self) -> StoredSchema {
        StoredSchema {
            schema_type: self.schema_type.unwrap_or_else(|| "AVRO".into()),
            schema: self.schema,
            references: self.references,
            metadata: self.metadata,
            rule_set: self.rule_set.filter(|rules| !rules.is_null()),
        }
    }
}

async fn list_subjects(State(registry): State<Registry>, Query(query): Query<ListQuery>) -> Response {
    let store = registry.lock();
    let prefix = query.subject_prefix.unwrap_or_default();
    let subjects: Vec<String> = store.subjects(query.deleted).into_iter().filter(|s| s.starts_with(&prefix)).collect();
    reply(&subjects)
}

async fn list_versions(
    State(registry): State<Registry>,
    Path(subject): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, RegistryError> {
    let store = registry.lock();
    let versions: Vec<i32> = store.versions(&subject, query.deleted)?.iter().map(|v| v.version).collect();
    Ok(reply(&versions))
}

/// The JSON of one subject version, as `GET /subjects/{s}/versions/{v}` returns it:
/// `schemaType` omitted for AVRO, `references`, `metadata` and `ruleSet` only when present.
pub fn version_json(subject: &str, version: &SubjectVersion, schema: &StoredSchema) -> Value {
    let mut body = json!({"subject": subject, "version": version.version, "id": version.id, "schema": schema.schema});
    decorate(&mut body, schema);
    body
}

/// Adds `schemaType` (unless AVRO), `references`, `metadata` and `ruleSet` where they
/// apply.
pub fn decorate(body: &mut Value, schema: &StoredSchema) {
    if schema.schema_type != "AVRO" {
        body["schemaType"] = json!(schema.schema_type);
    }
    if !schema.references.is_empty() {
        body["references"] = json!(schema.references);
    }
    if let Some(metadata) = &schema.metadata {
        body["metadata"] = metadata.clone();
    }
    if let Some(rule_set) = &schema.rule_set {
        body["ruleSet"] = rule_set.clone();
    }
}

async fn get_version(
    State(registry): State<Registry>,
    Path((subject, version)): Path<(String, String)>,
    Query(query): Query<ListQuery>,
) -> Result<Response, RegistryError> {
    let store = registry.lock();
    let (found, schema) = store.version_with_schema(&subject, &version, query.deleted)?;
    Ok(reply(&version_json(&subject, found, schema)))
}

async fn get_version_schema(
    State(registry): State<Registry>,
    Path((subject, version)): Path<(String, String)>,
    Query(query): Query<ListQuery>,
) -> Result<Response, RegistryError> {
    let store = registry.lock();
    let (_, schema) = store.version_with_schema(&subject, &version, query.deleted)?;
    Ok(reply_text(&schema.schema))
}

async fn referenced_by(
    State(registry): State<Registry>,
    Path((subject, version)): Path<(String, String)>,
) -> Result<Response, RegistryError> {
    let store = registry.lock();
    let number = store.version(&subject, &version, false)?.version;
    Ok(reply(&store.referencing_ids(&subject, number)))
}

async fn register(
    State(registry): State<Registry>,
    Path(subject): Path<String>,
    body: Bytes,
) -> Result<Response, RegistryError> {
    let request = SchemaRequest::from_body(&body)?.into_stored();
    let mut store = registry.lock();
    let proposed = super::validate(&store, &request)?;
    if store.id_of(&request).is_none_or(|id| !store.live_ids(&subject).contains(&id)) {
        super::check_compatibility(&store, &subject, &proposed)?;
    }
    let id = store.register(&subject, request);
    Ok(reply(&json!({"id": id})))
}

async fn lookup(
    State(registry): State<Registry>,
    Path(subject): Path<String>,
    Query(query): Query<ListQuery>,
    body: Bytes,
) -> Result<Response, RegistryError> {
    let request = SchemaRequest::from_body(&body)?.into_stored();
    let store = registry.lock();
    let versions = store.versions(&subject, query.deleted)?;
    let found = store
        .id_of(&request)
        .and_then(|id| versions.into_iter().find(|version| version.id == id))
        .ok_or_else(|| RegistryError::schema_not_found(""))?;
    Ok(reply(&version_json(&subject, found, &request)))
}

async fn delete_subject(
    State(registry): State<Registry>,
    Path(subject): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, RegistryError> {
    let versions = registry.lock().delete_subject(&subject, query.permanent)?;
    Ok(reply(&versions))
}

async fn delete_version(
    State(registry): State<Registry>,
    Path((subject, version)): Path<(String, String)>,
    Query(query): Query<ListQuery>,
) -> Result<Response, RegistryError> {
    let number = registry.lock().delete_version(&subject, &version, query.permanent)?;
    Ok(reply(&number))
}
