//! What `tributary check` answers for a proposed schema: the compatibility verdict, what
//! the change reaches downstream, and the profile rules it would break.

use serde::{Deserialize, Serialize};

/// A compatibility check's answer.
// Whether a proposed schema may be registered under a subject, and why not (the
// reasons as the judge worded them; none when compatible).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompatibilityVerdict {
    pub is_compatible: bool,
    #[serde(default)]
    pub messages: Vec<String>,
}

/// The check of one proposed schema for one subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckReport {
    /// The schema source (registry or directory) and the subject.
    pub source: String,
    pub subject: String,
    pub compatibility: CheckVerdict,
    /// Topics the subject describes and those downstream of them (`cluster/topic`).
    pub affected_topics: Vec<String>,
    /// Readers downstream: groups, connectors, jobs and principals (node paths).
    pub affected_readers: Vec<String>,
    /// Profile rules the change would break.
    pub findings: Vec<CheckFinding>,
    /// Whether the change must not ship: incompatible, or breaking a rule.
    pub blocked: bool,
    /// Why the proposal could not be checked (it does not parse), when it could not;
    /// the report is then `blocked` and says nothing else.
    pub unchecked: Option<String>,
}

/// Whether the proposal may replace the subject's latest schema, and who said so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckVerdict {
    pub is_compatible: bool,
    pub messages: Vec<String>,
    /// `registry` (the registry's own verdict) or `tributary` (its per-format rules).
    pub checked_by: String,
}

/// One profile rule the proposal would break on one topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckFinding {
    pub profile: String,
    pub rule: String,
    pub cluster: String,
    pub topic: String,
    /// What breaks it: a field (`subject#path`), a declared topic.
    pub target: String,
    pub evidence: String,
}
