//! Which audit entries a reader asks for: the API's and the reports' filters, which the
//! store turns into its query.

/// Which entries a listing returns; empty strings and `None` do not filter.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// Entries whose actor is this, exactly.
    pub actor: String,
    /// Entries of this action, exactly.
    pub action: String,
    /// Entries whose target contains this.
    pub target: String,
    /// Entries written at or after this time (Unix ms).
    pub from_ms: Option<i64>,
    /// Entries written before this time (Unix ms).
    pub to_ms: Option<i64>,
}
