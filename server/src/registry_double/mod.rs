//! A test double of the Confluent Schema Registry, for tests and the demo, since no
//! registry can be installed on the machines this is built on. It answers the REST API
//! exactly as Confluent's does for what Tributary and its tests use: the same paths,
//! JSON shapes (`schemaType` omitted for AVRO), ids shared across subjects, soft and
//! hard deletes, compatibility levels and checks, error codes (40401, 40402, 40403,
//! 40404, 40405, 40408, 42201, 42202, 42203, 409) and the content type
//! `application/vnd.schemaregistry.v1+json`. It keeps everything in memory. The product
//! never depends on it: the registry client talks to it only over HTTP.
//!
//! - [`store`]: the registry's data and its rules.
//! - [`subjects`], [`schemas`], [`config`]: the REST resources.
//! - [`errors`]: Confluent's error shape and codes.

pub mod config;
pub mod errors;
pub mod schemas;
pub mod store;
pub mod subjects;

use std::sync::{Arc, Mutex, MutexGuard};

use app::model::{SchemaFormat, SchemaTree};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::Serialize;

use crate::schema::compatibility::{self, Level};
use crate::schema::{ParseOptions, ReferencedSchema};
use errors::RegistryError;
use store::{RegistryStore, StoredSchema};

/// The registry's content type, on every answer.
pub const CONTENT_TYPE: &str = "application/vnd.schemaregistry.v1+json";
/// How deep references may chain before the double calls them circular.
const MAX_REFERENCE_DEPTH: usize = 32;

/// The shared, in-memory registry state.
#[derive(Clone, Default)]
pub struct Registry(Arc<Mutex<RegistryStore>>);

impl Registry {
    pub fn new() -> Self {
        Registry(Arc::new(Mutex::new(RegistryStore::new())))
    }

    /// A std lock: handlers hold it without awaiting.
    fn lock(&self) -> MutexGuard<'_, RegistryStore> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The REST API at the root, as Confluent serves it.
pub fn router(registry: Registry) -> Router {
    Router::new()
        .route("/", axum::routing::get(|| async { reply(&serde_json::json!({})) }))
        .merge(subjects::router())
        .merge(schemas::router())
        .merge(config::router())
        .with_state(registry)
}

/// Serves the double on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(Registry::new())).with_graceful_shutdown(shutdown).await
}

fn reply<T: Serialize + ?Sized>(value: &T) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_default();
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], body).into_response()
}

/// A schema's text as the body, as `.../schema` endpoints return it.
fn reply_text(text: &str) -> Response {
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], text.to_owned()).into_response()
}

/// Parses `schema` with its references resolved, or 42201 with the parser's reason.
fn validate(store: &RegistryStore, schema: &StoredSchema) -> Result<SchemaTree, RegistryError> {
    let format = SchemaFormat::from_schema_type(Some(&schema.schema_type))
        .ok_or_else(|| RegistryError::invalid_schema(&format!("unknown schema type {}", schema.schema_type)))?;
    let mut references = Vec::new();
    resolve_references(store, schema, &mut references, 0)?;
    crate::schema::parse(format, &schema.schema, &references, &ParseOptions::default())
        .map_err(|error| RegistryError::invalid_schema(&error))
}

/// The texts of `schema`'s references, depth first (each reference's own first).
fn resolve_references(
    store: &RegistryStore,
    schema: &StoredSchema,
    texts: &mut Vec<ReferencedSchema>,
    depth: usize,
) -> Result<(), RegistryError> {
    if depth > MAX_REFERENCE_DEPTH {
        return Err(RegistryError::invalid_schema("references nest too deep (circular?)"));
    }
    for reference in &schema.references {
        let version = store
            .version(&reference.subject, &reference.version.to_string(), false)
            .map_err(|_| RegistryError::invalid_schema(&format!("reference {} not found", reference.name)))?;
        let referenced = store.schema(version.id).ok_or_else(|| RegistryError::schema_not_found(""))?;
        resolve_references(store, referenced, texts, depth + 1)?;
        texts.push(ReferencedSchema { name: reference.name.clone(), text: referenced.schema.clone() });
    }
    Ok(())
}

/// Rejects `proposed` with 409 if the subject's level forbids it.
fn check_compatibility(store: &RegistryStore, subject: &str, proposed: &SchemaTree) -> Result<(), RegistryError> {
    let problems = problems_against(store, store.level_of(subject), proposed, &store.live_schemas(subject))?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(RegistryError::incompatible(subject, &problems))
    }
}

fn problems_against(
    store: &RegistryStore,
    level: Level,
    proposed: &SchemaTree,
    existing: &[&StoredSchema],
) -> Result<Vec<String>, RegistryError> {
    let mut trees = Vec::with_capacity(existing.len());
    for schema in existing {
        // A stored schema of another type cannot be compared; Confluent refuses mixing.
        if SchemaFormat::from_schema_type(Some(&schema.schema_type)) != Some(proposed.format) {
            return Ok(vec![format!("the subject holds {} schemas", schema.schema_type)]);
        }
        trees.push(validate(store, schema)?);
    }
    Ok(compatibility::check(level, proposed, &trees))
}
