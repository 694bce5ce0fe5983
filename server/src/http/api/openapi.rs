//! The OpenAPI 3 document of `/api/v1`, generated from the handlers' annotations so it
//! cannot drift from the code, and served at `/api/v1/openapi.json`.

use std::sync::OnceLock;

use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

use super::{access, clusters, declared, events, groups, lineage, search, subjects, topics};
use crate::http::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Tributary API",
        description = "The catalog and lineage of your Kafka estate: clusters, topics, consumer groups, \
schema subjects, lineage and its history.\n\n\
Errors are always `{\"error\": {\"code\", \"message\"}}`. Lists are paged by cursor: pass a page's \
`next_cursor` as `cursor` for the next one. Successful GETs carry an `ETag`; send it back in \
`If-None-Match` to get `304 Not Modified` while nothing changed."
    ),
    paths(
        clusters::list, clusters::one, access::access,
        topics::list, topics::one, groups::list, groups::one,
        subjects::registries, subjects::subjects, subjects::subject, subjects::version, subjects::diff,
        subjects::compatibility,
        search::search,
        lineage::lineage, lineage::impact, lineage::readers,
        declared::declare, declared::remove, declared::openlineage_event,
        events::history, events::stream,
    ),
    tags(
        (name = "clusters", description = "Configured Kafka clusters, their state and ACLs"),
        (name = "topics", description = "Topics across clusters"),
        (name = "groups", description = "Consumer groups and the applications behind them"),
        (name = "schemas", description = "Schema registries and directories, subjects and versions"),
        (name = "search", description = "Finding anything by name"),
        (name = "lineage", description = "Upstream, downstream, impact, history; declared and OpenLineage edges"),
        (name = "events", description = "The change history and the live change feed"),
    )
)]
pub struct ApiDoc;

/// The document, built once.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(ApiDoc::openapi)
}

pub fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(serve))
}

async fn serve() -> Response {
    Json(document()).into_response()
}
