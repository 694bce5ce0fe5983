//! Search by name across the estate.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use utoipa_axum::{router::OpenApiRouter, routes};

use model::{SearchHit, SearchKind};

use super::extract::ApiQuery;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;

/// Hits returned when the client does not say.
const DEFAULT_HITS: usize = 20;
/// The most hits one search returns.
const MAX_HITS: usize = 200;
/// Longer queries name nothing in a catalog.
const MAX_QUERY_CHARS: usize = 256;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(search))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// What to look for: part of a topic, group, subject, field path, principal or tag.
    #[param(min_length = 1, max_length = 256)]
    q: String,
    /// Comma-separated kinds to search: `topic`, `group`, `subject`, `field`, `principal`, `tag`.
    #[param(
        pattern = "^((topic|group|connector|subject|field|principal|tag)(,(topic|group|connector|subject|field|principal|tag))*)?$"
    )]
    kinds: Option<String>,
    /// At most this many hits, 1–200 (default 20).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<usize>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchResults {
    query: String,
    /// Best first: exact names, then prefixes, then word starts, then anywhere.
    hits: Vec<SearchHit>,
}

/// Finds topics, groups, subjects, schema fields, principals and schema tags by name.
#[utoipa::path(
    get, path = "/search", tag = "search",
    params(SearchQuery),
    responses(
        (status = 200, description = "The hits, best first", body = SearchResults),
        (status = 400, description = "A parameter is missing or malformed", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<SearchResults>, ApiError> {
    let length = query.q.chars().count();
    if !(1..=MAX_QUERY_CHARS).contains(&length) {
        return Err(ApiError::bad_request(format!("`q` must have 1 to {MAX_QUERY_CHARS} characters")));
    }
    // Blank queries are valid and find nothing.
    let text = query.q.trim();
    let limit = match query.limit {
        None => DEFAULT_HITS,
        Some(limit) if (1..=MAX_HITS).contains(&limit) => limit,
        Some(limit) => return Err(ApiError::bad_request(format!("`limit` must be from 1 to {MAX_HITS}, not {limit}"))),
    };
    let mut kinds = BTreeSet::new();
    for name in query.kinds.as_deref().unwrap_or("").split(',').map(str::trim).filter(|name| !name.is_empty()) {
        let kind = SearchKind::parse(name).ok_or_else(|| {
            ApiError::bad_request(format!(
                "unknown kind `{name}`; known: topic, group, connector, subject, field, principal, tag"
            ))
        })?;
        kinds.insert(kind);
    }
    let hits = state.services.search(text, &kinds, limit);
    Ok(Json(SearchResults { query: text.to_owned(), hits }))
}
