//! Server function: a cluster's estate as code and its drift.

use leptos::prelude::*;

use crate::error::AppError;
use model::EstateView;

/// The estate of cluster `cluster`; `None` when no cluster has that alias.
#[server(prefix = "/_sfn", endpoint = "estate")]
pub async fn get_estate(cluster: String) -> Result<Option<EstateView>, AppError> {
    let catalog = crate::catalog::catalog_from_context()?;
    catalog.0.estate(&cluster).await
}
