//! Server function: the overview of every cluster.

use leptos::prelude::*;

use crate::error::AppError;
use model::Overview;

/// Every configured cluster with its last known brokers, topics and groups.
#[server(prefix = "/_sfn", endpoint = "overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    let catalog = crate::catalog::catalog_from_context()?;
    catalog.0.overview().await
}
