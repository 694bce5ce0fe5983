//! Server function: one principal of one cluster.

use leptos::prelude::*;

use crate::error::AppError;
use model::PrincipalDetail;

/// Principal `name` of cluster `cluster`; `None` when no cluster has that alias.
#[server(prefix = "/_sfn", endpoint = "principal")]
pub async fn get_principal(cluster: String, name: String) -> Result<Option<PrincipalDetail>, AppError> {
    let catalog = crate::catalog::catalog_from_context()?;
    catalog.0.principal(&cluster, &name).await
}
