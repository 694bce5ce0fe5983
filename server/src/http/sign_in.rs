//! Signing in and out with a local account's password: `POST /auth/sign-in` (a form:
//! `name`, `password`, `next`) begins a new session (a fresh id, whatever cookie the
//! browser brought) and sends the browser on; `POST /auth/sign-out` (a form with the
//! session's `csrf`, and `everywhere` to end every session of the account) ends it.

use axum::extract::State;
use axum::http::header::{self, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use serde::Deserialize;

use super::access::{constant_time_equal, cookie, expired_session_cookie, session_cookie, SESSION_COOKIE};
use super::error::ApiError;
use super::AppState;
use crate::service::ServiceError;

pub fn router() -> Router<AppState> {
    Router::new().route("/auth/sign-in", post(sign_in)).route("/auth/sign-out", post(sign_out))
}

#[derive(Deserialize)]
pub struct SignInForm {
    name: String,
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    everywhere: Option<String>,
}

async fn sign_in(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<SignInForm>) -> Response {
    let next = local_path(&form.next);
    let next = next.as_str();
    match state.services.sign_in(form.name.trim(), &form.password).await {
        Ok(session) => {
            tracing::info!(account = %form.name.trim(), "signed in");
            let mut response = Redirect::to(next).into_response();
            response
                .headers_mut()
                .insert(header::SET_COOKIE, session_cookie(&session.id, served_over_tls(&state, &headers)));
            response
        }
        Err(ServiceError::NotSignedIn(_)) => {
            tracing::info!(account = %form.name.trim(), "sign-in refused");
            Redirect::to(&format!("/sign-in?failed=1&next={}", form_encode(next))).into_response()
        }
        Err(error) => ApiError::from(error).into_response(),
    }
}

async fn sign_out(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<SignOutForm>) -> Response {
    let Some(id) = cookie(&headers, SESSION_COOKIE) else { return Redirect::to("/").into_response() };
    let session = match state.services.session(id).await {
        Ok(session) => session,
        Err(error) => return ApiError::from(error).into_response(),
    };
    if let Some(session) = session {
        // A forged sign-out (another site's form) must not end a session either.
        if !constant_time_equal(session.csrf.as_bytes(), form.csrf.as_bytes()) {
            return ApiError::forbidden("the form is stale or forged (no valid CSRF token); reload the page")
                .into_response();
        }
        let ended = match form.everywhere {
            Some(_) => state.services.sign_out_everywhere(&session.account).await,
            None => state.services.sign_out(id).await,
        };
        if let Err(error) = ended {
            return ApiError::from(error).into_response();
        }
        tracing::info!(account = %session.account, everywhere = form.everywhere.is_some(), "signed out");
    }
    let mut response = Redirect::to("/sign-in").into_response();
    response.headers_mut().insert(header::SET_COOKIE, expired_session_cookie());
    response
}

/// A base no request ever names: a `next` that still has it as its origin once parsed
/// the way browsers parse a `Location` is a path of this site.
const SAME_ORIGIN_BASE: &str = "http://tributary.invalid/";

/// `next` as a path of this site (path and query, normalised), else the overview: no
/// open redirect. It is parsed as the browser will (the URL standard drops tabs and
/// newlines, reads `\` as `/`, resolves `..`), so `/\t/evil.example` (a browser's
/// `//evil.example`) is refused, and what is sent is what was checked.
pub(super) fn local_path(next: &str) -> String {
    let base = url::Url::parse(SAME_ORIGIN_BASE).expect("a valid base");
    let same_origin =
        next.starts_with('/') && !next.chars().any(|character| character.is_control() || character == '\\');
    match base.join(next) {
        Ok(parsed) if same_origin && parsed.origin() == base.origin() => match parsed.query() {
            Some(query) => format!("{}?{query}", parsed.path()),
            None => parsed.path().to_owned(),
        },
        _ => "/".to_owned(),
    }
}

/// Whether the browser reached us over TLS: the listener's own, or a proxy in front's
/// (it says so in `X-Forwarded-Proto`).
pub(super) fn served_over_tls(state: &AppState, headers: &HeaderMap) -> bool {
    state.served_over_tls
        || headers.get("x-forwarded-proto").is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"))
}

pub(super) fn form_encode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)]).map(|encoded| encoded[1..].to_owned()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(local_path("/topic?cluster=a&name=b"), "/topic?cluster=a&name=b");
        for elsewhere in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "",
            "javascript:alert(1)",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/x",
            "\t//evil.example",
            "/%09/evil.example/\u{0}",
        ] {
            assert_eq!(local_path(elsewhere), "/", "{elsewhere:?}");
        }
        // Percent-escapes stay escapes (a path, not a host); dots are resolved.
        assert_eq!(local_path("/%09/evil.example"), "/%09/evil.example");
        assert_eq!(local_path("/a/../topic?name=x y"), "/topic?name=x%20y");
        assert_eq!(local_path("/topic#section"), "/topic");
        assert_eq!(form_encode("/topic?a=b c"), "%2Ftopic%3Fa%3Db+c");
    }
}
