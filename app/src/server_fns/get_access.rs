//! Server function: the Access page's tokens and accounts.

use leptos::prelude::*;

use crate::error::AppError;
use model::AccessOverview;

/// The signed-in account's tokens, and every account for an admin.
#[server(prefix = "/_sfn", endpoint = "access")]
pub async fn get_access() -> Result<AccessOverview, AppError> {
    let caller = crate::stewardship::caller_from_context();
    crate::access_admin::access_admin_from_context()?.0.overview(&caller).await
}
