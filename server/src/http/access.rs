//! Access control for every request, before any handler runs: who is asking (an API
//! token in `Authorization: Bearer`, else the session cookie, else nobody), what the
//! request does ([`action_for`]: the one table), and whether they may. A refusal is 401
//! (not signed in; a page sends the browser to sign in) or 403, in the API's error
//! shape. A session's request that changes something must carry the session's CSRF
//! token (`X-CSRF-Token`, or a `csrf` form field), and no request that changes something
//! may come from another site's page (`Origin`, `Sec-Fetch-Site`).
//!
//! Sign-in attempts (per address) and changes (per caller) are rate limited: past the
//! limit, 429 with `Retry-After`.
//!
//! The caller is left in the request's extensions for handlers: [`Principal`] for the
//! API, [`model::Caller`] for pages and server functions.

use std::net::SocketAddr;

use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use model::Caller as PageCaller;

use super::error::ApiError;
use super::AppState;
use crate::access::{action_for, Action, AnonymousAccess, Credential, Principal, Refusal};
use crate::clock::now_ms;
use crate::service::accounts::SessionHolder;
use crate::service::stewardship::checked_actor;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "tributary_session";
/// The header a script sends the session's CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The form field a page without JavaScript sends it in.
pub const CSRF_FIELD: &str = "csrf";
/// The largest form body read for its CSRF field (server functions' forms are small).
const MAX_FORM_BYTES: usize = 256 * 1024;

/// The caller, for handlers: `Caller(principal)`; anonymous when nothing identified it.
pub struct Caller(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Caller(parts.extensions.get::<Principal>().cloned().unwrap_or(Principal::Anonymous)))
    }
}

impl Caller {
    /// Who a change or a report is recorded as made by: the caller's account; when nobody
    /// is signed in (only reading a report may be done so), the name the request gives,
    /// else `operator` (the configured operator's name: never empty). A name given must
    /// be a name (1 to 200 characters) even when an account is recorded instead.
    pub fn who<'a>(&'a self, said: Option<&'a str>, operator: &'a str) -> Result<&'a str, ApiError> {
        let said = said.map(checked_actor).transpose()?;
        Ok(match (self.0.actor(), said) {
            (Some(account), _) => account,
            (None, Some(said)) => said,
            (None, None) => operator,
        })
    }
}

/// The access check every request passes.
pub async fn check_access(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let action = action_for(parts.method.as_str(), parts.uri.path());
    let services = &state.services;
    let anonymous = match services.current_anonymous_access().await {
        Ok(anonymous) => anonymous,
        Err(error) => return ApiError::from(error).into_response(),
    };
    let mut session: Option<SessionHolder> = None;
    let mut credential = Credential::Anonymous;
    let principal = match bearer(&parts.headers) {
        Some(secret) => match services.token_principal(secret).await {
            Ok(principal) => {
                credential = Credential::Token(secret.to_owned());
                principal
            }
            Err(refused) => return ApiError::from(refused).into_response(),
        },
        None => match cookie(&parts.headers, SESSION_COOKIE) {
            Some(id) => match services.session(id).await {
                Ok(Some(holder)) => {
                    let principal = Principal::Account { name: holder.account.clone(), role: holder.role };
                    session = Some(holder);
                    credential = Credential::Session(id.to_owned());
                    principal
                }
                Ok(None) => Principal::Anonymous,
                Err(error) => return ApiError::from(error).into_response(),
            },
            None => Principal::Anonymous,
        },
    };
    if let Err(refusal) = principal.may(action, anonymous) {
        return refused(&parts, &principal, action, refusal);
    }
    if let Some(response) = over_limit(&state, &parts, &principal, action) {
        return response;
    }
    let mut body = body;
    let reading = matches!(parts.method, Method::GET | Method::HEAD);
    if !reading && from_another_site(&parts.headers) {
        return ApiError::forbidden("a request from another site's page may not change anything here").into_response();
    }
    if !reading && action.changes_state() {
        if let Some(holder) = &session {
            match csrf_checked(&parts, body, &holder.csrf).await {
                Ok(kept) => body = kept,
                Err(response) => return response,
            }
        }
    }
    let page_caller = PageCaller {
        account: principal.actor().map(str::to_owned),
        role: match &principal {
            Principal::Account { role, .. } | Principal::Token { role, .. } => Some(role.as_str().to_owned()),
            Principal::Anonymous => None,
        },
        csrf: session.map(|holder| holder.csrf),
        anonymous: match anonymous {
            AnonymousAccess::FirstRun => "first-run",
            AnonymousAccess::Read => "read",
            AnonymousAccess::None => "none",
        }
        .to_owned(),
        may_steward: principal.may(Action::Steward, anonymous).is_ok(),
        sign_in_with: services.external_sign_in_label(),
    };
    parts.extensions.insert(principal);
    parts.extensions.insert(credential);
    parts.extensions.insert(page_caller);
    next.run(Request::from_parts(parts, body)).await
}

/// The 429 (with `Retry-After`) for a sign-in attempt or a change past its caller's
/// rate limit; `None` when within it.
fn over_limit(state: &AppState, parts: &Parts, principal: &Principal, action: Action) -> Option<Response> {
    let address = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string());
    let now = now_ms();
    // Sign-in attempts: a password tried, or a sign-in through the provider begun (each
    // keeps a row in the store for ten minutes).
    let signing_in = (parts.method == Method::POST && parts.uri.path() == "/auth/sign-in")
        || (parts.method == Method::GET && parts.uri.path() == "/auth/oidc/start");
    let (limiter, caller, what) = if signing_in {
        (&state.limits.sign_in, address, "sign-in attempts from this address")
    } else if !matches!(parts.method, Method::GET | Method::HEAD) && action.changes_state() {
        (&state.limits.writes, principal.actor().map_or(address, str::to_owned), "changes")
    } else {
        return None;
    };
    let spent = limiter.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).spend(&caller, now);
    let wait = spent.err()?;
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut response = ApiError::too_many(format!("too many {what}; try again in {seconds} s")).into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    Some(response)
}

/// The answer to a refused request: a page asked for by a browser that is not signed in
/// goes to the sign-in page; everything else gets 401 or 403 in the API's error shape.
fn refused(parts: &Parts, principal: &Principal, action: Action, refusal: Refusal) -> Response {
    let page = parts.method == Method::GET && !parts.uri.path().starts_with(super::API_PREFIX);
    match refusal {
        Refusal::NotSignedIn if page => {
            let next = parts.uri.path_and_query().map_or("/", |path| path.as_str());
            Redirect::to(&format!("/sign-in?next={}", percent_encode(next))).into_response()
        }
        Refusal::NotSignedIn => {
            ApiError::unauthorized("sign in, or send an API token as `Authorization: Bearer <token>`, to do this")
                .into_response()
        }
        Refusal::Forbidden => {
            let roles: Vec<&str> = action.roles().iter().map(|role| role.as_str()).collect();
            let message = match (principal, action.scope()) {
                (Principal::Token { .. }, Some(scope)) => {
                    format!(
                        "this needs a token with the `{scope}` scope, of an account with the role {}",
                        roles.join(" or ")
                    )
                }
                (Principal::Token { .. }, None) => "this cannot be done with an API token; sign in".to_owned(),
                _ => format!("this needs the role {}", roles.join(" or ")),
            };
            ApiError::forbidden(message).into_response()
        }
    }
}

/// The bearer token of `Authorization`, if any.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Cookie `name`'s value, if the request carries it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Whether the request comes from another site's page: a browser says so in
/// `Sec-Fetch-Site`, or names an `Origin` whose host is not the one asked.
fn from_another_site(headers: &HeaderMap) -> bool {
    if headers.get("sec-fetch-site").is_some_and(|site| site == "cross-site") {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|origin| origin.to_str().ok()) else { return false };
    if origin == "null" {
        return true;
    }
    let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    let host = headers.get(header::HOST).and_then(|host| host.to_str().ok()).unwrap_or_default();
    !origin_host.eq_ignore_ascii_case(host)
}

/// The body back when the request carries the session's CSRF token (the header, or a
/// form body's `csrf` field); else the 403 to answer.
async fn csrf_checked(parts: &Parts, body: Body, expected: &str) -> Result<Body, Response> {
    let refusal =
        || ApiError::forbidden("the form is stale or forged (no valid CSRF token); reload the page").into_response();
    if let Some(sent) = parts.headers.get(CSRF_HEADER) {
        return if constant_time_equal(sent.as_bytes(), expected.as_bytes()) { Ok(body) } else { Err(refusal()) };
    }
    let form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|kind| kind.as_bytes().starts_with(b"application/x-www-form-urlencoded"));
    if !form {
        return Err(refusal());
    }
    let bytes = to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| (StatusCode::PAYLOAD_TOO_LARGE, "the form is too large").into_response())?;
    let sent = form_field(&bytes, CSRF_FIELD);
    match sent {
        Some(sent) if constant_time_equal(sent.as_bytes(), expected.as_bytes()) => Ok(Body::from(bytes)),
        _ => Err(refusal()),
    }
}

/// Field `name` of a URL-encoded form.
fn form_field(bytes: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).ok()?;
    pairs.into_iter().find(|(key, _)| key == name).map(|(_, value)| value)
}

/// Compares without stopping at the first difference (no telling how much matched).
pub(super) use crate::access::secrets::constant_time_equal;

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (byte as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The session cookie for `id`: HttpOnly, SameSite=Lax, Secure when `secure`.
pub fn session_cookie(id: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static("tributary_session=; Path=/"))
}

/// The cookie that ends the session cookie in the browser.
pub fn expired_session_cookie() -> HeaderValue {
    HeaderValue::from_static("tributary_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_bearers_and_origins_are_read_as_browsers_send_them() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("theme=dark; tributary_session=abc; x=1"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("bearer trb_xyz"));
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("abc"));
        assert_eq!(bearer(&headers), Some("trb_xyz"));
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:3000"));
        assert!(!from_another_site(&headers), "no Origin: not a browser's cross-site form");
        headers.insert(header::ORIGIN, HeaderValue::from_static("http://127.0.0.1:3000"));
        assert!(!from_another_site(&headers));
        headers.insert(header::ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(from_another_site(&headers));
        headers.insert(header::ORIGIN, HeaderValue::from_static("http://127.0.0.1:3000"));
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(from_another_site(&headers));
        assert_eq!(form_field(b"a=1&csrf=x%2By&b=2", CSRF_FIELD).as_deref(), Some("x+y"));
        assert!(constant_time_equal(b"abc", b"abc") && !constant_time_equal(b"abc", b"abd"));
        assert_eq!(percent_encode("/topic?cluster=a b&x"), "/topic%3Fcluster%3Da%20b%26x");
    }
}
