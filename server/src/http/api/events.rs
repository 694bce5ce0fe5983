//! `/api/v1/events`: the recorded history of changes, paged, and the live feed as
//! server-sent events.

use std::convert::Infallible;
use std::time::Duration;

use utoipa_axum::{router::OpenApiRouter, routes};

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::{Extension, Json};
use futures_util::{Stream, StreamExt};
use model::CatalogEvent;
use serde::Deserialize;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::wrappers::BroadcastStream;
use utoipa::IntoParams;

use super::extract::ApiQuery;
use super::pagination::{sequence_after, sequence_cursor, Page};
use crate::access::Credential;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;

/// Events per page when the client does not say.
const DEFAULT_PAGE_SIZE: i64 = 100;
/// The largest page a client may ask for.
const MAX_PAGE_SIZE: i64 = 1_000;
/// How often an idle event stream sends a comment, so proxies keep it open.
const KEEP_ALIVE_INTERVAL: Duration = Duration::from_secs(15);

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(history)).routes(routes!(stream))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// Only this cluster's events.
    cluster: Option<String>,
    /// Only this schema subject's events.
    subject: Option<String>,
    /// From the previous page's `next_cursor`.
    #[param(pattern = "^(3[0-9]){1,18}$")]
    cursor: Option<String>,
    /// Events after this id (older clients; `cursor` is the same for every list).
    #[param(minimum = 0)]
    #[deprecated]
    after: Option<i64>,
    /// Events per page, 1–1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<i64>,
}

/// The change history, oldest first, in pages.
#[utoipa::path(
    get, path = "/events", tag = "events",
    params(HistoryQuery),
    responses(
        (status = 200, description = "A page of events", body = Page<CatalogEvent>),
        (status = 400, description = "A parameter is malformed", body = ErrorBody),
    )
)]
pub async fn history(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> Result<Json<Page<CatalogEvent>>, ApiError> {
    #[allow(deprecated)]
    let after = sequence_after(query.cursor.as_deref(), query.after)?;
    let limit = query.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&limit) {
        return Err(ApiError::bad_request(format!("`limit` must be from 1 to {MAX_PAGE_SIZE}, got {limit}")));
    }
    let events = state.services.history_page(query.cluster.as_deref(), query.subject.as_deref(), after, limit).await?;
    let next_cursor =
        (events.len() as i64 == limit).then(|| events.last().map(|event| sequence_cursor(event.id))).flatten();
    Ok(Json(Page { items: events, next_cursor }))
}

/// The live feed as server-sent events: `changes` carries a JSON array of the events of
/// one cluster read; `resync` means events were missed and the client should reload.
#[utoipa::path(
    get, path = "/events/stream", tag = "events",
    responses((status = 200, description = "Server-sent events: `changes` (a JSON array of events) and `resync`", content_type = "text/event-stream", body = String))
)]
pub async fn stream(
    State(state): State<AppState>,
    credential: Option<Extension<Credential>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let credential = credential.map_or(Credential::Anonymous, |Extension(credential)| credential);
    let stopping = state.stopping.clone().cancelled_owned();
    let revoked = credential_revoked(state.services.clone(), credential);
    let ended = async move {
        tokio::select! {
            () = stopping => {}
            () = revoked => {}
        }
    };
    let events = BroadcastStream::new(state.services.subscribe())
        .map(|batch| {
            let event = match batch {
                Ok(events) => Event::default()
                    .event("changes")
                    .json_data(&events)
                    .unwrap_or_else(|_| Event::default().event("resync")),
                Err(BroadcastStreamRecvError::Lagged(_)) => Event::default().event("resync").data("{}"),
            };
            Ok(event)
        })
        .take_until(ended);
    Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE_INTERVAL))
}

/// How often a stream checks that its caller's session or token still holds, for
/// endings this replica was not told of (another replica's sign-out, an expiry).
const CREDENTIAL_RECHECK: Duration = Duration::from_secs(10);

/// Resolves once `credential` no longer holds: at once after a sign-out or revocation
/// made here, within [`CREDENTIAL_RECHECK`] otherwise.
async fn credential_revoked(services: crate::service::Services, credential: Credential) {
    if credential == Credential::Anonymous {
        return std::future::pending().await;
    }
    let mut changes = services.credentials_changes();
    let mut recheck = tokio::time::interval(CREDENTIAL_RECHECK);
    loop {
        tokio::select! {
            changed = changes.changed() => if changed.is_err() { return std::future::pending().await },
            _ = recheck.tick() => {}
        }
        if !services.credential_holds(&credential).await {
            return;
        }
    }
}
