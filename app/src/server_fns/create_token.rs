//! Server function: the signed-in account makes an API token for itself.

use leptos::prelude::*;

use crate::error::AppError;
use model::CreatedToken;

/// Makes the token; its secret is in the answer and nowhere else. Each scope is a
/// checkbox (`on` when ticked), as the form sends them; `days` empty means the default.
/// `csrf` is checked by the server first.
#[server(prefix = "/_sfn", endpoint = "create_token")]
#[allow(clippy::too_many_arguments)] // one per form field, as the form sends them
pub async fn create_token(
    label: String,
    read: Option<String>,
    lineage_write: Option<String>,
    tags_write: Option<String>,
    reports: Option<String>,
    days: Option<String>,
    csrf: Option<String>,
) -> Result<CreatedToken, AppError> {
    let _ = csrf;
    let scopes = [(read, "read"), (lineage_write, "lineage:write"), (tags_write, "tags:write"), (reports, "reports")]
        .into_iter()
        .filter(|(ticked, _)| ticked.is_some())
        .map(|(_, scope)| scope.to_owned())
        .collect();
    let days = match days.as_deref().map(str::trim).filter(|days| !days.is_empty()) {
        None => None,
        Some(days) => {
            Some(days.parse().map_err(|_| AppError::BadRequest(format!("`{days}` is not a number of days")))?)
        }
    };
    let caller = crate::stewardship::caller_from_context();
    crate::access_admin::access_admin_from_context()?.0.create_token(&caller, label, scopes, days).await
}
