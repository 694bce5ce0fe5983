//! A compliance report for an auditor: for a scope (a profile, a cluster, a list of
//! topics) and a period, the personal data inventory with provenance, a record of
//! processing in the shape of GDPR Article 30, the violations as they stood at the
//! period's end, and every change made through Tributary in the period.

use serde::{Deserialize, Serialize};

use super::{AuditEntry, Violation};

/// What a report covers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportScope {
    /// The topics a profile covers (by its name).
    pub profile: Option<String>,
    /// Topics of one cluster.
    pub cluster: Option<String>,
    /// These topics (`cluster/topic`).
    pub topics: Vec<String>,
}

/// The report's head: what, when, for whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportHead {
    pub title: String,
    pub scope: ReportScope,
    /// The scope in words.
    pub scope_described: String,
    /// The period, Unix ms: changes made in `[from_ms, to_ms)`; violations as they
    /// stood at `to_ms`.
    pub from_ms: i64,
    pub to_ms: i64,
    /// An input, not the clock's reading: the same inputs give the same bytes.
    pub generated_at_ms: i64,
    /// The account (or its API token) that asked, as Tributary identified it; never
    /// what the caller typed.
    pub generated_by: String,
    /// Whom the caller says the report is for, as typed (not verified), when given.
    #[serde(default)]
    pub on_behalf_of: Option<String>,
    /// What is as of the period's end and what is as of generation.
    pub basis: String,
}

/// The figures of the summary page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportSummary {
    pub topics: usize,
    pub topics_with_personal_data: usize,
    pub personal_fields: usize,
    pub recipients: usize,
    pub open_violations: usize,
    pub resolved_in_period: usize,
    pub changes: usize,
}

/// One personal field of a topic in scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InventoryRow {
    pub cluster: String,
    pub topic: String,
    pub subject: String,
    pub path: String,
    pub categories: Vec<String>,
    /// Where each category came from: `PII: name rule email`, `PCI: tag PCI`,
    /// `PII: tagged by ada`, `PII: the whole topic, tagged by hand`, `PII: upstream …`.
    pub provenance: Vec<String>,
    /// The data-contract rule that encrypts or masks it, if one does.
    pub protected_by: Option<String>,
}

/// One topic's record of processing (GDPR Article 30 (1)): the categories of personal
/// data, its recipients, how long it is kept, and how it is protected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProcessingRecord {
    pub cluster: String,
    pub topic: String,
    pub categories: Vec<String>,
    /// Consumer groups, principals and connectors seen reading it.
    pub recipients: Vec<String>,
    /// How long its records can persist, as Kafka applies its configs ("30 days", "the
    /// latest record per key, until a tombstone deletes its key").
    pub retention: String,
    /// For personal data of its own: how long it can persist anywhere it flows
    /// (downstream topics, state stores) and the sinks it leaves Kafka through; empty
    /// for a topic holding only what reached it from upstream.
    #[serde(default)]
    pub kept_anywhere: String,
    /// Encryption and masking rules of its fields, and ACLs that open it to everyone.
    pub protection: Vec<String>,
}

/// A whole report, as the JSON export carries it (sections in this order; the content
/// hash last).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplianceReport {
    pub head: ReportHead,
    pub inventory: Vec<InventoryRow>,
    pub records: Vec<ProcessingRecord>,
    /// Violations open at the period's end, or resolved within it; a resolution after
    /// the period's end is not shown (it had not happened yet).
    pub violations: Vec<Violation>,
    /// Changes made through Tributary in the period, oldest first.
    pub changes: Vec<AuditEntry>,
    pub summary: ReportSummary,
    /// SHA-256 (hex) of the document's bytes before `,"content_hash"`.
    pub content_hash: String,
}
