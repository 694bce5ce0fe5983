//! Server function: a token revoked by its owner (or an admin).

use leptos::prelude::*;

use crate::error::AppError;
use model::ApiToken;

/// Revokes token `id`; `csrf` is checked by the server first.
#[server(prefix = "/_sfn", endpoint = "revoke_token")]
pub async fn revoke_token(id: String, csrf: Option<String>) -> Result<ApiToken, AppError> {
    let _ = csrf;
    let caller = crate::stewardship::caller_from_context();
    crate::access_admin::access_admin_from_context()?.0.revoke_token(&caller, id).await
}
