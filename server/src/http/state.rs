//! The state every handler shares: the services, the configuration, the Leptos options.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use tokio_util::sync::CancellationToken;

use crate::service::Services;

/// Shared by every handler; cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// The use cases; handlers call these and only translate.
    pub services: Services,
    /// The `Host` values this server answers for.
    pub allowed_hosts: Arc<super::security::AllowedHosts>,
    /// Cancelled when the server begins to shut down; long-lived responses end then.
    pub stopping: CancellationToken,
}
