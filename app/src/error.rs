//! The one error type of the UI crate: what a server function can answer instead of data.

use leptos::prelude::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

/// On the wire in the API's error shape, `{"error": {"code": "bad_request", "message":
/// "…"}}` (never a Rust enum's shape): the server logs the detail and sends a message a
/// person can act on, with the status the code calls for (the server maps it).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(into = "WireError", try_from = "WireError")]
pub enum AppError {
    /// The server could not answer from its catalog (store down, shutting down, ...).
    #[error("the catalog is unavailable: {0}")]
    CatalogUnavailable(String),
    /// The request asked for something malformed (a node path that does not parse, ...).
    #[error("{0}")]
    BadRequest(String),
    /// The request was larger than a server function accepts.
    #[error("{0}")]
    TooLarge(String),
    /// The request never got a proper answer (network, encoding).
    #[error("could not reach the Tributary server: {0}")]
    Transport(String),
}

impl AppError {
    /// The code the wire carries, one per variant.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::CatalogUnavailable(_) => "catalog_unavailable",
            AppError::BadRequest(_) => "bad_request",
            AppError::TooLarge(_) => "too_large",
            AppError::Transport(_) => "transport",
        }
    }
}

/// [`AppError`] as it travels: the API's error shape.
#[derive(Serialize, Deserialize)]
pub struct WireError {
    pub error: WireErrorBody,
}

#[derive(Serialize, Deserialize)]
pub struct WireErrorBody {
    pub code: String,
    pub message: String,
}

impl From<AppError> for WireError {
    fn from(error: AppError) -> Self {
        let code = error.code().to_owned();
        let message = match error {
            AppError::CatalogUnavailable(message)
            | AppError::BadRequest(message)
            | AppError::TooLarge(message)
            | AppError::Transport(message) => message,
        };
        WireError { error: WireErrorBody { code, message } }
    }
}

impl TryFrom<WireError> for AppError {
    type Error = String;

    fn try_from(wire: WireError) -> Result<Self, Self::Error> {
        let WireErrorBody { code, message } = wire.error;
        Ok(match code.as_str() {
            "catalog_unavailable" => AppError::CatalogUnavailable(message),
            "bad_request" => AppError::BadRequest(message),
            "too_large" => AppError::TooLarge(message),
            "transport" => AppError::Transport(message),
            other => return Err(format!("unknown error code `{other}`")),
        })
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::AppError;

    #[test]
    fn errors_travel_in_the_apis_shape_and_back() {
        let error = AppError::BadRequest("no such node".into());
        let json = serde_json::to_string(&error).unwrap();
        assert_eq!(json, r#"{"error":{"code":"bad_request","message":"no such node"}}"#);
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), error);
        assert!(serde_json::from_str::<AppError>(r#"{"BadRequest":"x"}"#).is_err());
    }
}
