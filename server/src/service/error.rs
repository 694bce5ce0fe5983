//! What a use case answers instead of a result: the caller asked for something that is
//! not there or not well formed, or the system failed. Each edge (the API, the pages'
//! server functions) maps these to its own statuses in one place; internal failures
//! keep their source for the log and never reach the caller's screen.

/// A use case's failure.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The thing asked for does not exist; the message names it.
    #[error("{0}")]
    NotFound(String),
    /// The request is malformed; the message says which part and why.
    #[error("{0}")]
    Invalid(String),
    /// Too much asked of one request; the message says the bound.
    #[error("{0}")]
    TooLarge(String),
    /// The caller is not signed in (or its token is expired or revoked); says which.
    #[error("{0}")]
    NotSignedIn(String),
    /// The caller may not do this; says what it would need.
    #[error("{0}")]
    Forbidden(String),
    /// The thing to create exists already (an account's name is taken).
    #[error("{0}")]
    Conflict(String),
    /// A system this depends on failed (the store, a registry).
    #[error(transparent)]
    Failed(#[from] crate::Error),
}

impl ServiceError {
    pub fn not_found(message: impl Into<String>) -> Self {
        ServiceError::NotFound(message.into())
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        ServiceError::Invalid(message.into())
    }

    /// A request refused for a reason the core found (an unknown name, a malformed
    /// path): its words are meant for the caller.
    pub fn invalid_because(reason: impl std::error::Error) -> Self {
        ServiceError::Invalid(reason.to_string())
    }
}
