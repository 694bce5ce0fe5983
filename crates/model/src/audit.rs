//! The audit log: every change made through Tributary (stewards' decisions, tags,
//! masking marks, declared lineage, profile reloads), append-only, each entry chained to
//! the one before by its hash so that an edit behind Tributary's back shows.

use serde::{Deserialize, Serialize};

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Its place in the log: 1 for the first entry, one more for each after.
    pub seq: i64,
    /// When it was written, Unix milliseconds.
    pub at_ms: i64,
    /// Who made the change: the name a steward gave, or the operator's configured name.
    pub actor: String,
    /// What was done: `field_decided`, `topic_tagged`, `masking_marked`,
    /// `lineage_declared`, `lineage_removed`, `profile_loaded`, `profile_removed`.
    pub action: String,
    /// What it was done to: a field (`source/subject#path`), a topic (`cluster/topic`),
    /// an application's node path, an edge, a profile file.
    pub target: String,
    /// Why, as the actor said it; empty where nobody is asked (a profile file reloaded).
    pub reason: String,
    /// The target's state before, as JSON text; empty when it had none.
    pub before: String,
    /// The target's state after, as JSON text; empty when it has none any more.
    pub after: String,
    /// The hash of the entry before (64 zeros for the first).
    pub prev_hash: String,
    /// SHA-256 over this entry's fields and `prev_hash`, lowercase hex.
    pub hash: String,
}

/// A page of the audit log, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// How many entries the filters match in all.
    pub total: i64,
    /// The `after` to pass for the next page; absent on the last.
    pub next_after: Option<i64>,
}

/// Whether the stored log is the one Tributary wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditVerdict {
    /// How many entries were checked.
    pub entries: i64,
    /// The last entry's hash: keep it elsewhere to prove later that nothing after it was
    /// cut off (a chain alone cannot show a truncated tail).
    pub head_hash: Option<String>,
    /// The first entry that breaks the chain, when one does.
    pub broken: Option<AuditBreak>,
}

/// Where and how the chain breaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditBreak {
    /// The entry's `seq`.
    pub seq: i64,
    pub why: String,
}

/// What the Audit page asks for: filters as the page's form sends them (empty: no
/// filter), and where the page starts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub actor: String,
    pub action: String,
    pub target: String,
    /// Entries after this `seq`.
    pub after: i64,
}

/// The Audit page's data: a page of entries and the chain's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogView {
    pub page: AuditPage,
    pub verdict: AuditVerdict,
    pub server_time_ms: i64,
}

/// The actions the log records, for the page's filter.
pub const AUDIT_ACTIONS: [&str; 8] = [
    "field_decided",
    "topic_tagged",
    "masking_marked",
    "lineage_declared",
    "lineage_removed",
    "profile_loaded",
    "profile_removed",
    "report_generated",
];
