use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::catalog::Catalog;
use crate::store::Store;

/// Shared by every handler; cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub catalog: Arc<Catalog>,
    pub store: Store,
}
