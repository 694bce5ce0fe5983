//! Server function: the lineage around a node.

use leptos::prelude::*;

use crate::error::AppError;
use model::{LineageRequest, LineageView};

/// The lineage around a node; `None` when the node is not in the lineage.
#[server(prefix = "/_sfn", endpoint = "lineage")]
pub async fn get_lineage(request: LineageRequest) -> Result<Option<LineageView>, AppError> {
    let catalog = crate::catalog::catalog_from_context()?;
    catalog.0.lineage(&request).await
}
