//! The JSON API under `/api/v1`, one resource per file.
//!
//! - [`clusters`]: configured clusters with their last known state.

mod clusters;

use axum::Router;

use super::AppState;

pub fn router() -> Router<AppState> {
    clusters::router()
}
