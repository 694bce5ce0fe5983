//! `/lineage.svg`: the lineage explorer's current view as a standalone SVG document,
//! for export (the same drawing the page shows inline).

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use app::catalog::CatalogReader;
use app::error::AppError;
use app::lineage_picture::{lineage_svg, NodeClicks};
use model::LineageRequest;

use super::catalog_view::CatalogView;
use super::AppState;

pub async fn lineage_svg_document(
    State(state): State<AppState>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let request = LineageRequest::from_pairs(pairs.iter().map(|(key, value)| (key.as_str(), value.as_str())));
    let view = CatalogView::of(&state);
    match view.lineage(&request).await {
        Ok(Some(found)) => (
            [(header::CONTENT_TYPE, "image/svg+xml; charset=utf-8")],
            lineage_svg(&found, &NodeClicks::Explore { depth: request.depth }, None),
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, format!("no node `{}` in the lineage", request.node)).into_response(),
        Err(AppError::BadRequest(message)) => (StatusCode::BAD_REQUEST, message).into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}
