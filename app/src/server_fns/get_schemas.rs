//! Server function: every schema source with its subjects.

use leptos::prelude::*;

use crate::error::AppError;
use model::SchemasOverview;

/// Every schema registry and schema directory with its subjects.
#[server(prefix = "/_sfn", endpoint = "schemas")]
pub async fn get_schemas() -> Result<SchemasOverview, AppError> {
    let catalog = crate::catalog::catalog_from_context()?;
    catalog.0.schemas().await
}
