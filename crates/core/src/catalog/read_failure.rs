//! Why a read of a source (a cluster, a registry, a Connect cluster) failed, as its page
//! shows it. The server turns its own error into one at the edge; the catalog keeps the
//! text only, so the core never sees an I/O error type.

/// A failed read's explanation, already worded for the source's page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadFailure {
    shown: String,
}

impl ReadFailure {
    pub fn new(shown: impl Into<String>) -> Self {
        ReadFailure { shown: shown.into() }
    }

    /// The text the source's page and its status show.
    pub fn shown(&self) -> &str {
        &self.shown
    }
}
