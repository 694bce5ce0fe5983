//! The JSON API under `/api/v1`, one resource per file.
//!
//! - [`clusters`]: configured clusters with their last known state.
//! - [`access`]: who may read and write what, from a cluster's ACLs.
//! - [`topics`], [`groups`]: topics and consumer groups across clusters, paged.
//! - [`subjects`]: schema registries, their subjects and versions with field trees.
//! - [`search`]: finding topics, groups, subjects, fields and principals by name.
//! - [`lineage`]: upstream/downstream walks, schema-change impact, readers in the past.
//! - [`declared`]: declared lineage edges and OpenLineage run events.
//! - [`events`]: the change history and the live change feed (server-sent events).
//! - [`openapi`]: the OpenAPI document, generated from the handlers.
//! - [`extract`], [`pagination`]: what every resource shares: extractors that answer in
//!   the API's error shape, and cursor pages.

mod access;
mod clusters;
mod declared;
mod events;
mod extract;
mod groups;
mod lineage;
pub mod openapi;
mod pagination;
mod search;
mod subjects;
mod topics;

use axum::middleware;
use axum::Router;

use super::error::ApiError;
use super::etag::etag;
use super::AppState;

pub fn router() -> Router<AppState> {
    clusters::router()
        .merge(access::router())
        .merge(topics::router())
        .merge(groups::router())
        .merge(subjects::router())
        .merge(search::router())
        .merge(lineage::router())
        .merge(declared::router())
        .merge(events::router())
        .merge(openapi::router())
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .fallback(|| async { ApiError::not_found("no such API resource; /api/v1/openapi.json lists them") })
        .layer(middleware::from_fn(etag))
}
