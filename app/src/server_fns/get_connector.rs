//! Server function: one Kafka Connect connector in full.

use leptos::prelude::*;

use crate::error::AppError;
use model::ConnectorDetail;

/// One connector; `None` when the Connect cluster has no such connector.
#[server(prefix = "/_sfn", endpoint = "connector")]
pub async fn get_connector(connect: String, name: String) -> Result<Option<ConnectorDetail>, AppError> {
    let catalog = crate::catalog::catalog_from_context()?;
    catalog.0.connector(&connect, &name).await
}
