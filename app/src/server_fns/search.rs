//! Server function: search across clusters and schema sources.

use leptos::prelude::*;

use crate::error::AppError;
use model::SearchHit;

/// Everything whose name holds `query`, best first, at most `limit`.
#[server(prefix = "/_sfn", endpoint = "search")]
pub async fn search(query: String, limit: usize) -> Result<Vec<SearchHit>, AppError> {
    let catalog = crate::catalog::catalog_from_context()?;
    catalog.0.search(&query, limit).await
}
