//! Server function: the HTTP API's reference for the API page.

use leptos::prelude::*;

use crate::error::AppError;
use model::ApiReference;

/// The HTTP API's reference, which the server provides in the request context.
#[server(prefix = "/_sfn", endpoint = "api_reference")]
pub async fn get_api_reference() -> Result<ApiReference, AppError> {
    use_context::<ApiReference>()
        .ok_or_else(|| AppError::CatalogUnavailable("no API reference in the request context".into()))
}
