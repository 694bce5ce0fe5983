//! Everything served over HTTP, assembled by [`router`].
//!
//! - [`state`]: what handlers share (the services, Leptos options, allowed hosts).
//! - [`health`]: `/healthz` (the process answers) and `/readyz` (it can serve data).
//! - [`api`]: the JSON API under `/api/v1`.
//! - [`error`]: the API's error responses, `{"error": {"code", "message"}}`.
//! - [`etag`]: ETags and `304 Not Modified` for the API's JSON answers.
//! - [`catalog_view`]: the catalog port the pages' server functions read.
//! - [`lineage_svg`]: the lineage explorer's view as an SVG document, for export.
//! - [`access`]: who is asking and whether they may, for every request (401/403, CSRF).
//! - [`sign_in`]: signing in with a local account's password, and out.
//! - [`tls`]: TLS on the listener itself (rustls), when configured; [`tls_certificate`]:
//!   its certificate, renewed from its files without a restart.
//! - [`access_view`]: the Access page's port (tokens, accounts) over the services.
//! - [`external_sign_in`]: signing in through the OpenID Connect provider.
//! - [`security`]: the allowed-hosts check and the headers every answer carries.
//! - [`server_fn_errors`]: the pages' server functions' bodies bounded (413) and their
//!   errors answered with the status their code calls for.
//! - [`connections`]: the accept loop, with a header read timeout and graceful stop.
//! - The web app: Leptos pages rendered on the server, hydrated in the browser, and
//!   the compiled assets under `/pkg`.

pub mod access;
pub mod access_view;
pub mod api;
pub mod catalog_view;
pub mod connections;
pub mod error;
pub mod error_code;
pub mod etag;
pub mod external_sign_in;
pub mod health;
pub mod lineage_svg;
pub mod security;
pub mod server_fn_errors;
pub mod sign_in;
pub mod state;
pub mod tls;
pub mod tls_certificate;

#[cfg(test)]
mod router_tests;

use std::sync::Arc;
use std::time::Duration;

use app::access_admin::{AccessAdmin, SharedAccessAdmin};
use app::catalog::{CatalogReader, SharedCatalog};
use app::routes::App;
use app::shell::shell;
use app::stewardship::{SharedStewardship, Stewardship};
use axum::http::StatusCode;
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tracing::Level;

use catalog_view::CatalogView;
pub use state::AppState;

/// The longest a handler may take to begin its answer (a report of 10,000 topics takes
/// about 1 s; a registry asked on a user's behalf gives up after 10 s).
const HANDLER_TIME_LIMIT: Duration = Duration::from_secs(30);
/// The longest a request body may pause between two chunks.
const BODY_READ_TIME_LIMIT: Duration = Duration::from_secs(15);

/// Where the API is served (the API's router, and the access layer that answers it in
/// JSON rather than with a sign-in page).
pub const API_PREFIX: &str = "/api/v1";

/// A request that took this long is logged with its method and path.
const SLOW_REQUEST: Duration = Duration::from_secs(10);

/// Logs a request whose answer's head took [`SLOW_REQUEST`] or more (the time limit's
/// 503 among them), with its method, path (never the query) and status: which page or
/// route was waiting is what a slow answer's log line needs to say.
async fn log_slow_requests(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let took = started.elapsed();
    if took >= SLOW_REQUEST {
        tracing::warn!(%method, %path, status = response.status().as_u16(), took_ms = took.as_millis() as u64, "slow request");
    }
    response
}

/// The whole HTTP surface.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let view = Arc::new(CatalogView::of(&state));
    let catalog = SharedCatalog(Arc::clone(&view) as Arc<dyn CatalogReader>);
    let stewardship = SharedStewardship(Arc::clone(&view) as Arc<dyn Stewardship>);
    let access_admin = SharedAccessAdmin(view as Arc<dyn AccessAdmin>);
    let leptos_options = state.leptos_options.clone();
    let api_reference = api::openapi::reference();
    Router::new()
        .merge(health::router())
        .merge(sign_in::router())
        .merge(external_sign_in::router())
        .nest(API_PREFIX, api::router())
        .route("/lineage.svg", axum::routing::get(lineage_svg::lineage_svg_document))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(catalog.clone());
                provide_context(stewardship.clone());
                provide_context(access_admin.clone());
                provide_context(api_reference.clone());
            },
            move || shell(leptos_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(state.clone(), access::check_access))
        // Outside the access check, so that its own failures (a store that cannot say
        // who a token is) are logged too.
        .layer(axum::middleware::from_fn(error::log_failures))
        .layer(axum::middleware::from_fn(server_fn_errors::server_fn_statuses))
        .layer(axum::middleware::from_fn_with_state(state.served_over_tls, security::security_headers))
        .layer(axum::middleware::from_fn_with_state(state.allowed_hosts.clone(), security::check_host))
        // A handler that takes too long answers 503 (streamed bodies, the live feed and
        // exports, are not cut: only the wait for the answer's head is timed); a body
        // that stops arriving ends the request.
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, HANDLER_TIME_LIMIT))
        // Outside the time limit, so that a request it cut off is logged with its path.
        .layer(axum::middleware::from_fn(log_slow_requests))
        .layer(RequestBodyTimeoutLayer::new(BODY_READ_TIME_LIMIT))
        // 5xx answers are warnings: `/readyz` answers 503 by design until ready. Spans
        // name the path, never the query: it may carry an authorization code and state.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &axum::extract::Request| {
                    tracing::debug_span!("request", method = %request.method(), path = %request.uri().path())
                })
                .on_failure(DefaultOnFailure::new().level(Level::WARN)),
        )
        .with_state(state)
}
