//! The Access page's port over the services: the signed-in account's tokens, and
//! accounts for an admin. Only translates; the policy table has already let only a
//! session through to changes (and only an admin's to making accounts); the page's read
//! (`/_sfn/access`, a read like every page's) answers a session only.

use app::access_admin::AccessAdmin;
use app::error::AppError;
use model::{AccessOverview, AccountView, ApiToken, Caller, CreatedToken};

use super::catalog_view::{page_error, CatalogView};
use crate::access::{Principal, Role, Scope};

/// The signed-in account a page's caller is: a session's (it alone carries a CSRF token;
/// an API token does not manage tokens).
fn account_of(caller: &Caller) -> Result<(String, Role), AppError> {
    match (&caller.account, caller.role.as_deref().and_then(Role::parse), &caller.csrf) {
        (Some(name), Some(role), Some(_)) => Ok((name.clone(), role)),
        _ => Err(AppError::BadRequest("sign in to manage tokens and accounts".into())),
    }
}

#[async_trait::async_trait]
impl AccessAdmin for CatalogView {
    async fn overview(&self, caller: &Caller) -> Result<AccessOverview, AppError> {
        let (account, role) = account_of(caller)?;
        let tokens = self.services.tokens(Some(&account)).await.map_err(page_error)?;
        let accounts = match role {
            Role::Admin => Some(self.services.accounts().await.map_err(page_error)?),
            _ => None,
        };
        Ok(AccessOverview { tokens, accounts })
    }

    async fn create_token(
        &self,
        caller: &Caller,
        label: String,
        scopes: Vec<String>,
        days: Option<i64>,
    ) -> Result<CreatedToken, AppError> {
        let (account, _) = account_of(caller)?;
        let scopes = Scope::parse_list(&scopes.join(",")).map_err(AppError::BadRequest)?;
        self.services.create_token(&account, &label, &scopes, days, &account).await.map_err(page_error)
    }

    async fn revoke_token(&self, caller: &Caller, id: String) -> Result<ApiToken, AppError> {
        let (name, role) = account_of(caller)?;
        self.services.revoke_token(&id, &Principal::Account { name, role }).await.map_err(page_error)
    }

    async fn add_account(
        &self,
        caller: &Caller,
        name: String,
        role: String,
        password: String,
    ) -> Result<AccountView, AppError> {
        let (by, _) = account_of(caller)?;
        let role = Role::parse(&role).ok_or_else(|| {
            AppError::BadRequest(format!("`{role}` is not a role: viewer, steward, compliance-officer, admin"))
        })?;
        self.services.add_account(&name, role, &password, &by).await.map_err(page_error)
    }
}
