//! Server function: one consumer group in full.

use leptos::prelude::*;

use crate::error::AppError;
use model::GroupDetail;

/// One consumer group in full; `None` when the cluster has no such group.
#[server(prefix = "/_sfn", endpoint = "group")]
pub async fn get_group(cluster: String, id: String) -> Result<Option<GroupDetail>, AppError> {
    let catalog = crate::catalog::catalog_from_context()?;
    catalog.0.group(&cluster, &id).await
}
