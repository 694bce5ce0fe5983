//! Server function: a cluster's latest recorded changes.

use leptos::prelude::*;

use crate::error::AppError;
use model::CatalogEvent;

/// The latest changes recorded for a cluster, newest first.
#[server(prefix = "/_sfn", endpoint = "cluster_changes")]
pub async fn get_cluster_changes(cluster: String) -> Result<Vec<CatalogEvent>, AppError> {
    let catalog = crate::catalog::catalog_from_context()?;
    catalog.0.cluster_changes(&cluster).await
}
