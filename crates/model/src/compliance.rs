//! Compliance profiles and their violations, as pages and the API show them: each
//! profile with its scope, its rules and the topics it covers; each violation with its
//! rule, the offending topic, the evidence, and when it was first seen, last seen and
//! resolved.

use serde::{Deserialize, Serialize};

/// Everything the Compliance page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplianceOverview {
    /// The directory the profiles are read from; `None` when none is configured.
    pub directory: Option<String>,
    /// Sorted by name.
    pub profiles: Vec<ProfileView>,
    /// Files that could not be read, each with where and why; their last good version
    /// (if any) stays in force.
    pub load_errors: Vec<ProfileLoadError>,
    /// Open violations, newest first.
    pub open: Vec<Violation>,
    /// Violations resolved recently, newest first.
    pub resolved: Vec<Violation>,
    /// When the profiles were last evaluated against the catalog.
    pub evaluated_at_ms: Option<i64>,
    /// What evaluations wait for, when they are put off ("the first read of every
    /// cluster").
    pub waiting_for: Option<String>,
    pub server_time_ms: i64,
}

/// One compliance profile: the topics it covers and the rules they must obey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileView {
    pub name: String,
    /// The file it was read from, relative to the profiles directory.
    pub file: String,
    pub description: String,
    /// The scope in sentences: "topics of cluster `demo`", "topics holding PII".
    pub scope: Vec<String>,
    /// Each rule in a sentence, with its stable name.
    pub rules: Vec<RuleView>,
    /// The topics in scope now, sorted.
    pub topics: Vec<TopicRef>,
    /// How many violations of this profile are open.
    pub open_violations: usize,
}

/// One rule of a profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleView {
    /// The rule's name as written in profile files (`max_retention_days`).
    pub rule: String,
    /// What it requires, in a sentence.
    pub requires: String,
}

/// A topic of a cluster.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicRef {
    pub cluster: String,
    pub topic: String,
}

/// A profile file that could not be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileLoadError {
    /// Relative to the profiles directory.
    pub file: String,
    /// 1-based, where the problem is known to be on one line.
    pub line: Option<usize>,
    pub message: String,
    /// Whether an earlier version of the file is still in force.
    pub last_good_in_force: bool,
}

/// One rule of one profile broken by one topic (about one target: a config, a reader,
/// a field, a downstream topic).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Violation {
    pub id: i64,
    pub profile: String,
    /// The rule's name as written in profile files.
    pub rule: String,
    pub cluster: String,
    pub topic: String,
    /// What in the topic breaks the rule: `retention.ms`, a reader's name, a field.
    pub target: String,
    /// What was found, in a sentence: "retention.ms is -1 (forever); at most 30 days".
    pub evidence: String,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
    /// When it no longer held; `None` while open.
    pub resolved_at_ms: Option<i64>,
}

impl Violation {
    /// The identity of a violation across evaluations.
    pub fn key(&self) -> (&str, &str, &str, &str, &str) {
        (&self.profile, &self.rule, &self.cluster, &self.topic, &self.target)
    }
}

/// A steward's mark on an application (a group, job or connector) that masks or removes
/// the personal data it reads: personal data does not propagate through it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaskingMark {
    /// The application's node path: `group:prod/enricher`.
    pub node: String,
    /// `false` takes an earlier mark back.
    pub masking: bool,
    pub reason: String,
    pub decided_by: String,
    pub decided_at_ms: i64,
}

/// A steward's tag on a whole topic: it holds data of `category`, whatever its schema
/// says (or when it has none).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicTag {
    pub cluster: String,
    pub topic: String,
    pub category: String,
    /// `false` takes an earlier tag back.
    pub tagged: bool,
    pub reason: String,
    pub decided_by: String,
    pub decided_at_ms: i64,
}
