//! The JSON API under `/api/v1`, one resource per file.
//!
//! - [`clusters`]: configured clusters with their last known state.
//! - [`events`]: the change history and the live change feed (server-sent events).

mod clusters;
mod events;

use axum::Router;

use super::AppState;

pub fn router() -> Router<AppState> {
    clusters::router().merge(events::router())
}
