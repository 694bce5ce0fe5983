//! Accounts and API tokens as the API shows them (secrets never: a token's secret is
//! shown once, when it is made).

use serde::{Deserialize, Serialize};

/// An account: its name and role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountView {
    pub name: String,
    /// `viewer`, `steward`, `compliance-officer` or `admin`.
    pub role: String,
    pub created_at_ms: i64,
}

/// An API token, without its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    /// Names the token in lists and in `DELETE /api/v1/tokens/{id}`.
    pub id: String,
    pub account: String,
    /// What its owner called it ("CI for the orders repo").
    pub label: String,
    /// `read`, `lineage:write`, `tags:write`, `reports`.
    pub scopes: Vec<String>,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
    pub revoked_at_ms: Option<i64>,
    /// When it was last used, to the minute; `None`: never.
    pub last_used_ms: Option<i64>,
}

/// A token just made: the only time its secret is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedToken {
    pub token: ApiToken,
    /// Send it as `Authorization: Bearer <secret>`. Not stored: copy it now.
    pub secret: String,
}

/// The Access page: the signed-in account's own tokens, and every account for an admin.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessOverview {
    /// The signed-in account's tokens, newest first (revoked and expired ones too).
    pub tokens: Vec<ApiToken>,
    /// Every account, by name; `None` unless the caller is an admin.
    pub accounts: Option<Vec<AccountView>>,
}

/// Who a page is shown to, as the server's access check found them: the pages read it
/// to say who is signed in (or that nobody is, and what that allows), to show only the
/// forms the caller may use, and to send the session's CSRF token with each form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caller {
    /// The signed-in account; `None` when nobody is signed in (or a token is used).
    pub account: Option<String>,
    /// Its role: `viewer`, `steward`, `compliance-officer` or `admin`.
    pub role: Option<String>,
    /// The session's CSRF token, sent back with every form that changes something.
    pub csrf: Option<String>,
    /// What callers who are not signed in may do: `first-run` (no account exists yet:
    /// read the catalog, its reports and audit log, on loopback only), `read` or `none`.
    pub anonymous: String,
    /// Whether this caller may record stewards' decisions (tags, dismissals, masking).
    pub may_steward: bool,
    /// The OpenID Connect provider people may sign in with, as the button names it
    /// ("Sign in with {this}"); `None` when only local accounts sign in.
    pub sign_in_with: Option<String>,
}
