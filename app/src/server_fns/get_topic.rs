//! Server function: one topic in full.

use leptos::prelude::*;

use crate::error::AppError;
use model::TopicDetail;

/// One topic in full; `None` when the cluster has no such topic (or was not read yet).
#[server(prefix = "/_sfn", endpoint = "topic")]
pub async fn get_topic(cluster: String, name: String) -> Result<Option<TopicDetail>, AppError> {
    let catalog = crate::catalog::catalog_from_context()?;
    catalog.0.topic(&cluster, &name).await
}
