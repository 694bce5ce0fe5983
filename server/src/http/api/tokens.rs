//! `/api/v1/tokens`: a signed-in account's own API tokens (made, listed, revoked), and
//! `/api/v1/accounts`: accounts, for admins. A token's secret is in the answer that
//! makes it and nowhere else.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use model::{AccountView, ApiToken, CreatedToken};

use super::extract::{ApiJson, ApiPath};
use crate::access::{Principal, Role, Scope};
use crate::http::access::Caller;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default()
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
        .routes(routes!(list_accounts, create_account))
}

/// A token to make for the signed-in account.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenBody {
    /// What it is for ("CI for the orders repo").
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    label: String,
    /// Any of `read`, `lineage:write`, `tags:write`, `reports`, within the account's role.
    #[schema(min_items = 1)]
    scopes: Vec<String>,
    /// Days until it expires: 1 to 366; 90 when absent.
    #[schema(minimum = 1, maximum = 366)]
    expires_in_days: Option<i64>,
}

/// A token, by id.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TokenPath {
    /// The token's id (not its secret).
    pub id: String,
}

/// An account to make.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountBody {
    #[schema(min_length = 1, max_length = 200, pattern = "\\S")]
    name: String,
    /// `viewer`, `steward`, `compliance-officer` or `admin`.
    #[schema(pattern = "^(viewer|steward|compliance-officer|admin)$")]
    role: String,
    /// At least 12 characters.
    #[schema(min_length = 12)]
    password: String,
}

/// The signed-in account: its name and role (tokens cannot manage tokens).
fn signed_in(caller: &Principal) -> Result<(&str, Role), ApiError> {
    match caller {
        Principal::Account { name, role } => Ok((name, *role)),
        _ => Err(ApiError::unauthorized("sign in to manage tokens")),
    }
}

/// The signed-in account's tokens, newest first (revoked and expired ones included).
#[utoipa::path(
    get, path = "/tokens", tag = "access",
    responses(
        (status = 200, description = "The account's tokens, without their secrets", body = Vec<ApiToken>),
        (status = 401, description = "Not signed in", body = ErrorBody),
    )
)]
pub async fn list_tokens(
    State(state): State<AppState>,
    Caller(caller): Caller,
) -> Result<Json<Vec<ApiToken>>, ApiError> {
    let (account, _) = signed_in(&caller)?;
    Ok(Json(state.services.tokens(Some(account)).await?))
}

/// Makes a token for the signed-in account. The answer holds its secret: the only time
/// it is shown.
#[utoipa::path(
    post, path = "/tokens", tag = "access",
    request_body = TokenBody,
    responses(
        (status = 201, description = "The token and its secret", body = CreatedToken),
        (status = 400, description = "A scope is unknown or beyond the account's role, or the life is out of range", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The body's JSON does not have the expected shape", body = ErrorBody),
    )
)]
pub async fn create_token(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiJson(body): ApiJson<TokenBody>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let (account, _) = signed_in(&caller)?;
    let scopes = Scope::parse_list(&body.scopes.join(",")).map_err(ApiError::bad_request)?;
    let made = state.services.create_token(account, &body.label, &scopes, body.expires_in_days, account).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// Revokes a token of the signed-in account (an admin may revoke anyone's).
#[utoipa::path(
    delete, path = "/tokens/{id}", tag = "access",
    params(TokenPath),
    responses(
        (status = 200, description = "The token, revoked", body = ApiToken),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 404, description = "No such token of this account", body = ErrorBody),
        (status = 409, description = "Revoked already", body = ErrorBody),
    )
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(path): ApiPath<TokenPath>,
) -> Result<Json<ApiToken>, ApiError> {
    signed_in(&caller)?;
    Ok(Json(state.services.revoke_token(&path.id, &caller).await?))
}

/// Every account (admins only).
#[utoipa::path(
    get, path = "/accounts", tag = "access",
    responses(
        (status = 200, description = "The accounts, by name", body = Vec<AccountView>),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
    )
)]
pub async fn list_accounts(State(state): State<AppState>) -> Result<Json<Vec<AccountView>>, ApiError> {
    Ok(Json(state.services.accounts().await?))
}

/// Makes an account (admins only).
#[utoipa::path(
    post, path = "/accounts", tag = "access",
    request_body = AccountBody,
    responses(
        (status = 201, description = "The account", body = AccountView),
        (status = 400, description = "The name, role or password is not acceptable", body = ErrorBody),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 409, description = "The name is taken", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The body's JSON does not have the expected shape", body = ErrorBody),
    )
)]
pub async fn create_account(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<AccountBody>,
) -> Result<(StatusCode, Json<AccountView>), ApiError> {
    let role = Role::parse(&body.role).ok_or_else(|| {
        ApiError::bad_request(format!("`{}` is not a role: viewer, steward, compliance-officer, admin", body.role))
    })?;
    let by = caller.who(None, state.services.operator())?;
    let made = state.services.add_account(&body.name, role, &body.password, by).await?;
    Ok((StatusCode::CREATED, Json(made)))
}
