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
//!
//! Other registries answer a few requests differently; [`Answers`] switches the double
//! to each documented variant, so the product is tested against every shape it meets.

pub mod config;
pub mod errors;
pub mod schemas;
pub mod store;
pub mod subjects;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Router;
use model::{SchemaFormat, SchemaTree};
use serde::Serialize;

use errors::RegistryError;
use store::{RegistryStore, StoredSchema};
use tributary_core::schema::compatibility::{self, Level};
use tributary_core::schema::{ParseOptions, ReferencedSchema};

/// The registry's content type, on every answer.
pub const CONTENT_TYPE: &str = "application/vnd.schemaregistry.v1+json";
/// How deep references may chain before the double calls them circular.
const MAX_REFERENCE_DEPTH: usize = 32;

/// Whose answers the double gives where registries differ from Confluent's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Answers {
    /// Confluent Schema Registry's documented answers.
    #[default]
    Confluent,
    /// Karapace's (seen on 3.16): `GET /schemas/ids/{id}/versions` for an unknown id is
    /// 200 with `[]` (Confluent: 404 40403), and compatibility checks give no
    /// `messages`, even with `verbose=true`.
    Karapace,
}

/// The shared, in-memory registry state, the variant it answers in, and how many
/// requests it has served (tests assert how quiet a client is).
#[derive(Clone, Default)]
pub struct Registry {
    store: Arc<Mutex<RegistryStore>>,
    answers: Answers,
    requests: Arc<AtomicU64>,
}

impl Registry {
    pub fn new() -> Self {
        Registry::answering(Answers::Confluent)
    }

    pub fn answering(answers: Answers) -> Self {
        Registry { store: Arc::new(Mutex::new(RegistryStore::new())), answers, requests: Arc::default() }
    }

    /// Requests served since the double started.
    pub fn requests_served(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// A std lock: handlers hold it without awaiting.
    fn lock(&self) -> MutexGuard<'_, RegistryStore> {
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The REST API at the root, as Confluent serves it.
pub fn router(registry: Registry) -> Router {
    let counter = registry.requests.clone();
    Router::new()
        .route("/", axum::routing::get(|| async { reply(&serde_json::json!({})) }))
        .merge(subjects::router())
        .merge(schemas::router())
        .merge(config::router())
        .with_state(registry)
        .layer(axum::middleware::from_fn(move |request, next: axum::middleware::Next| {
            counter.fetch_add(1, Ordering::Relaxed);
            next.run(request)
        }))
}

/// Serves a Confluent-answering double on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_registry(listener, Registry::new(), shutdown).await
}

/// Serves `registry` on `listener` until `shutdown` completes.
pub async fn serve_registry(
    listener: tokio::net::TcpListener,
    registry: Registry,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(registry)).with_graceful_shutdown(shutdown).await
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
    tributary_core::schema::parse(format, &schema.schema, &references, &ParseOptions::default())
        .map_err(|error| RegistryError::invalid_schema(&error.to_string()))
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
