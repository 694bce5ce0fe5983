//! The one error type of the UI crate: what a server function can answer instead of data.

use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

/// Errors are plain strings on the wire: the server logs the detail and sends a
/// message a person can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    /// The server could not answer from its catalog (store down, shutting down, ...).
    #[error("the catalog is unavailable: {0}")]
    CatalogUnavailable(String),
    /// The request asked for something malformed (a node path that does not parse, ...).
    #[error("{0}")]
    BadRequest(String),
    /// The request never got a proper answer (network, encoding).
    #[error("could not reach the Tributary server: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}
