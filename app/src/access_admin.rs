//! The port for API tokens and accounts as the Access page manages them, implemented by
//! the server and provided as context like [`crate::stewardship`] (server build only).
//! The caller is the signed-in account the server's access check found: the server's
//! policy table lets only a session reach these (an admin for accounts).

use std::sync::Arc;

use crate::error::AppError;
use model::{AccessOverview, AccountView, ApiToken, Caller, CreatedToken};

#[async_trait::async_trait]
pub trait AccessAdmin: Send + Sync + 'static {
    /// `caller`'s tokens, and every account when `caller` is an admin.
    async fn overview(&self, caller: &Caller) -> Result<AccessOverview, AppError>;

    /// Makes a token for `caller` with `scopes`, living `days` (the default when `None`).
    async fn create_token(
        &self,
        caller: &Caller,
        label: String,
        scopes: Vec<String>,
        days: Option<i64>,
    ) -> Result<CreatedToken, AppError>;

    /// Revokes token `id` of `caller` (any token, for an admin).
    async fn revoke_token(&self, caller: &Caller, id: String) -> Result<ApiToken, AppError>;

    /// Makes an account (admins only).
    async fn add_account(
        &self,
        caller: &Caller,
        name: String,
        role: String,
        password: String,
    ) -> Result<AccountView, AppError>;
}

/// How the port travels in the Leptos context.
#[derive(Clone)]
pub struct SharedAccessAdmin(pub Arc<dyn AccessAdmin>);

/// The port of the current request, or an error if the server forgot to provide one.
pub fn access_admin_from_context() -> Result<SharedAccessAdmin, AppError> {
    leptos::prelude::use_context::<SharedAccessAdmin>()
        .ok_or_else(|| AppError::CatalogUnavailable("no access port in the request context".into()))
}
