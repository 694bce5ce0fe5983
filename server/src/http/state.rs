//! The state every handler shares: the services, the configuration, the Leptos options.

use std::sync::{Arc, Mutex};

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use tokio_util::sync::CancellationToken;

use crate::access::rate_limit::{self, RateLimiter};
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
    /// Rate limits on sign-in (per address) and on changes (per caller).
    pub limits: Arc<Limits>,
    /// Whether the listener itself speaks TLS (session cookies are then `Secure`).
    pub served_over_tls: bool,
}

/// The rate limiters every request shares.
#[derive(Debug)]
pub struct Limits {
    pub sign_in: Mutex<RateLimiter>,
    pub writes: Mutex<RateLimiter>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            sign_in: Mutex::new(RateLimiter::new(rate_limit::SIGN_IN)),
            writes: Mutex::new(RateLimiter::new(rate_limit::WRITES)),
        }
    }
}
