use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use tokio_util::sync::CancellationToken;

use crate::catalog::{Catalog, ChangeFeed, LineageIndex, RegistryCatalog};
use crate::store::Store;

/// Shared by every handler; cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub catalog: Arc<Catalog>,
    pub registries: Arc<RegistryCatalog>,
    pub lineage: Arc<LineageIndex>,
    pub store: Store,
    pub feed: ChangeFeed,
    /// The `Host` values this server answers for.
    pub allowed_hosts: Arc<super::security::AllowedHosts>,
    /// Cancelled when the server begins to shut down; long-lived responses end then.
    pub stopping: CancellationToken,
}
