//! Server function: where personal data lives and flows, and who reads it.

use leptos::prelude::*;

use crate::error::AppError;
use model::PersonalDataOverview;

/// The inventory of personal data, the readers matrix and the masking marks in force.
#[server(prefix = "/_sfn", endpoint = "personal_data")]
pub async fn get_personal_data() -> Result<PersonalDataOverview, AppError> {
    let catalog = crate::catalog::catalog_from_context()?;
    catalog.0.personal_data().await
}
