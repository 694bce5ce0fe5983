//! Server function: one subject with every version.

use leptos::prelude::*;

use crate::error::AppError;
use model::Subject;

/// One subject with every version; `None` when the source has no such subject.
#[server(prefix = "/_sfn", endpoint = "subject")]
pub async fn get_subject(source: String, subject: String) -> Result<Option<Subject>, AppError> {
    let catalog = crate::catalog::catalog_from_context()?;
    catalog.0.subject(&source, &subject).await
}
