//! The JSON API under `/api/v1`, one resource per file.
//!
//! - [`access`]: who may read and write what, from a cluster's ACLs.
//! - [`clusters`]: configured clusters with their last known state.
//! - [`subjects`]: schema registries, their subjects and versions with field trees.
//! - [`lineage`]: upstream/downstream walks and schema-change impact on the lineage graph.
//! - [`declared`]: declared lineage edges and OpenLineage run events.
//! - [`events`]: the change history and the live change feed (server-sent events).

mod access;
mod clusters;
mod declared;
mod events;
mod lineage;
mod subjects;

use axum::Router;

use super::AppState;

pub fn router() -> Router<AppState> {
    clusters::router()
        .merge(access::router())
        .merge(subjects::router())
        .merge(lineage::router())
        .merge(declared::router())
        .merge(events::router())
}
