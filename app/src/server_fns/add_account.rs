//! Server function: an admin makes an account.

use leptos::prelude::*;

use crate::error::AppError;
use model::AccountView;

/// Makes account `name` with `role` and `password`; `csrf` is checked by the server first.
#[server(prefix = "/_sfn", endpoint = "add_account")]
pub async fn add_account(
    name: String,
    role: String,
    password: String,
    csrf: Option<String>,
) -> Result<AccountView, AppError> {
    let _ = csrf;
    let caller = crate::stewardship::caller_from_context();
    crate::access_admin::access_admin_from_context()?.0.add_account(&caller, name, role, password).await
}
