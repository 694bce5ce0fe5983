//! Sign-in through the OpenID Connect provider: `GET /auth/oidc/start?next=` sends the
//! browser to the provider, a short-lived cookie naming the sign-in; `GET
//! /auth/oidc/callback?state=&code=` (or `?error=`) ends it with a new session and sends
//! the browser on. Every failure lands on the sign-in page with a plain message; its
//! reason goes to the log.

use axum::extract::{Query, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::access::{cookie, session_cookie};
use super::error::ApiError;
use super::sign_in::{form_encode, local_path, served_over_tls};
use super::AppState;
use crate::service::external_sign_in::PENDING_SIGN_IN_MS;
use crate::service::ServiceError;

/// The cookie naming the sign-in under way (its id; the store holds the rest).
const FLOW_COOKIE: &str = "tributary_oidc_flow";
/// Where the flow cookie is sent: only back to these routes.
const FLOW_COOKIE_PATH: &str = "/auth/oidc";

pub fn router() -> Router<AppState> {
    Router::new().route("/auth/oidc/start", get(start)).route("/auth/oidc/callback", get(callback))
}

#[derive(Deserialize)]
pub struct StartQuery {
    #[serde(default)]
    next: String,
}

/// The provider's answer: `state` and `code`, or `error` (the person declined, say).
#[derive(Deserialize)]
pub struct CallbackQuery {
    #[serde(default)]
    state: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    error: Option<String>,
}

async fn start(State(state): State<AppState>, headers: HeaderMap, Query(query): Query<StartQuery>) -> Response {
    let next = local_path(&query.next);
    let next = next.as_str();
    match state.services.begin_external_sign_in(next).await {
        Ok(begun) => {
            let mut response = Redirect::to(&begun.authorize_url).into_response();
            let secure = if served_over_tls(&state, &headers) { "; Secure" } else { "" };
            let max_age = PENDING_SIGN_IN_MS / 1000;
            let flow = format!(
                "{FLOW_COOKIE}={}; Path={FLOW_COOKIE_PATH}; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
                begun.flow_id
            );
            if let Ok(flow) = HeaderValue::from_str(&flow) {
                response.headers_mut().insert(header::SET_COOKIE, flow);
            }
            response
        }
        Err(ServiceError::NotFound(message)) => ApiError::not_found(message).into_response(),
        Err(error) => {
            tracing::warn!(error = %error, "sign-in through the provider could not begin");
            back_to_sign_in("provider", next)
        }
    }
}

async fn callback(State(state): State<AppState>, headers: HeaderMap, Query(query): Query<CallbackQuery>) -> Response {
    if let Some(error) = &query.error {
        tracing::info!(error = %error, "the sign-in provider sent the browser back without a sign-in");
        return back_to_sign_in("provider", "/");
    }
    let Some(flow_id) = cookie(&headers, FLOW_COOKIE) else {
        tracing::info!("a sign-in came back from the provider without its flow cookie");
        return back_to_sign_in("provider", "/");
    };
    match state.services.finish_external_sign_in(flow_id, &query.state, &query.code).await {
        Ok(ended) => {
            tracing::info!(account = %ended.account, "signed in through the provider");
            let mut response = Redirect::to(&local_path(&ended.next)).into_response();
            let headers_out = response.headers_mut();
            headers_out
                .append(header::SET_COOKIE, session_cookie(&ended.session.id, served_over_tls(&state, &headers)));
            headers_out.append(header::SET_COOKIE, expired_flow_cookie());
            response
        }
        Err(ServiceError::Forbidden(reason)) => {
            tracing::info!(reason = %reason, "sign-in through the provider refused");
            back_to_sign_in("no-role", "/")
        }
        // Anything else (the way back unknown or forged, the provider's refusal, its
        // person's name unusable or taken twice): a page saying so, the reason logged.
        Err(error) => {
            tracing::warn!(error = %error, "sign-in through the provider failed");
            back_to_sign_in("provider", "/")
        }
    }
}

/// To the sign-in page, saying why (`failed`), the flow cookie gone.
fn back_to_sign_in(failed: &str, next: &str) -> Response {
    let mut response = Redirect::to(&format!("/sign-in?failed={failed}&next={}", form_encode(next))).into_response();
    response.headers_mut().append(header::SET_COOKIE, expired_flow_cookie());
    response
}

fn expired_flow_cookie() -> HeaderValue {
    HeaderValue::from_static("tributary_oidc_flow=; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0")
}
