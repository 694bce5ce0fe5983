//! The JSON API under `/api/v1`, one resource per file.
//!
//! - [`clusters`]: configured clusters with their last known state.
//! - [`acls`]: who may read and write what, from a cluster's ACLs.
//! - [`estate`]: what a cluster's code declares, and where the cluster drifts from it.
//! - [`topics`], [`groups`]: topics and consumer groups across clusters, paged.
//! - [`subjects`]: schema registries, their subjects and versions with field trees.
//! - [`search`]: finding topics, groups, subjects, fields and principals by name.
//! - [`lineage`]: upstream/downstream walks, schema-change impact, readers in the past.
//! - [`classification`]: stewards' decisions on what fields hold, and their history.
//! - [`compliance`]: compliance profiles in force and the violations they find.
//! - [`connect`]: Kafka Connect clusters and their connectors.
//! - [`declared`]: declared lineage edges and OpenLineage run events.
//! - [`erasure`]: where one person's data would have to be erased, with evidence.
//! - [`reports`]: compliance reports for a scope and period, as JSON or CSV, streamed.
//! - [`check`]: a proposed schema checked before it ships (`tributary check`).
//! - [`audit`]: the audit log, its exports and its hash chain checked.
//! - [`tokens`]: a signed-in account's API tokens, and accounts for admins.
//! - [`events`]: the change history and the live change feed (server-sent events).
//! - [`openapi`]: the OpenAPI document, generated from the handlers.
//! - [`extract`], [`pagination`], [`paths`]: what every resource shares: extractors that
//!   answer in the API's error shape, cursor pages, and typed path parameters.

mod acls;
mod audit;
mod check;
mod classification;
mod clusters;
mod compliance;
mod connect;
mod declared;
mod erasure;
mod estate;
mod events;
mod extract;
mod groups;
mod lineage;
pub mod openapi;
mod pagination;
mod paths;
mod reports;
mod search;
mod subjects;
mod tokens;
mod topics;

use axum::middleware;
use axum::Router;
use utoipa_axum::router::OpenApiRouter;

use super::error::ApiError;
use super::etag::etag;
use super::AppState;

pub use super::API_PREFIX;

/// Every route of the API with its OpenAPI description, relative to [`API_PREFIX`]:
/// each handler's method and path are written once, in its `#[utoipa::path]`, and
/// both the router and the document take them from there.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .merge(clusters::routes())
        .merge(acls::routes())
        .merge(estate::routes())
        .merge(topics::routes())
        .merge(groups::routes())
        .merge(subjects::routes())
        .merge(search::routes())
        .merge(lineage::routes())
        .merge(declared::routes())
        .merge(connect::routes())
        .merge(classification::routes())
        .merge(compliance::routes())
        .merge(events::routes())
        .merge(audit::routes())
        .merge(check::routes())
        .merge(reports::routes())
        .merge(erasure::routes())
        .merge(tokens::routes())
}

/// The API's router, to nest at [`API_PREFIX`]: its routes, the document, and answers
/// in the API's error shape for unknown resources and methods.
pub fn router() -> Router<AppState> {
    let (api, _) = routes().split_for_parts();
    api.merge(openapi::router())
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .fallback(|| async { ApiError::not_found("no such API resource; /api/v1/openapi.json lists them") })
        .layer(middleware::from_fn(etag))
}
