use std::collections::HashMap;
use std::convert::Infallible;
use std::time::Duration;

use app::model::CatalogEvent;
use axum::extract::{Query, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::{Stream, StreamExt};
use serde::Serialize;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use tokio_stream::wrappers::BroadcastStream;

use crate::http::error::ApiError;
use crate::http::AppState;

/// Events per page when the client does not say.
const DEFAULT_PAGE_SIZE: i64 = 100;
/// The largest page a client may ask for.
const MAX_PAGE_SIZE: i64 = 1_000;
/// How often an idle event stream sends a comment, so proxies keep it open.
const KEEP_ALIVE_INTERVAL: Duration = Duration::from_secs(15);

pub fn router() -> Router<AppState> {
    Router::new().route("/events", get(history)).route("/events/stream", get(stream))
}

#[derive(Serialize)]
struct EventPage {
    events: Vec<CatalogEvent>,
    /// Pass as `after` to get the next page; absent when this page is the last.
    next_after: Option<i64>,
}

/// The change history, oldest first: `?cluster=&subject=&after=<id>&limit=`.
async fn history(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<EventPage>, ApiError> {
    let after = integer_parameter(&query, "after", 0, 0, i64::MAX)?;
    let limit = integer_parameter(&query, "limit", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)?;
    let events = state
        .store
        .list_events(query.get("cluster").map(String::as_str), query.get("subject").map(String::as_str), after, limit)
        .await
        .map_err(ApiError::internal)?;
    let next_after = (events.len() as i64 == limit).then(|| events.last().map(|event| event.id)).flatten();
    Ok(Json(EventPage { events, next_after }))
}

fn integer_parameter(
    query: &HashMap<String, String>,
    name: &str,
    default: i64,
    min: i64,
    max: i64,
) -> Result<i64, ApiError> {
    match query.get(name) {
        None => Ok(default),
        Some(raw) => raw.parse::<i64>().ok().filter(|value| (min..=max).contains(value)).ok_or_else(|| {
            ApiError::bad_request(format!("`{name}` must be a whole number from {min} to {max}, got `{raw}`"))
        }),
    }
}

/// The live feed as server-sent events: `changes` carries a JSON array of the events of
/// one cluster read; `resync` means events were missed and the client should reload.
async fn stream(State(state): State<AppState>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let events = BroadcastStream::new(state.feed.subscribe())
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
        .take_until(state.stopping.cancelled_owned());
    Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE_INTERVAL))
}
