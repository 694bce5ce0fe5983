//! Server function: the compliance profiles and their violations.

use leptos::prelude::*;

use crate::error::AppError;
use model::ComplianceOverview;

/// The profiles in force (with scope, rules and covered topics), files that could not be
/// read, and open and recently resolved violations.
#[server(prefix = "/_sfn", endpoint = "compliance")]
pub async fn get_compliance() -> Result<ComplianceOverview, AppError> {
    let catalog = crate::catalog::catalog_from_context()?;
    catalog.0.compliance().await
}
