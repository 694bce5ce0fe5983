//! The estate as code: what a team's desired-state files (JulieOps, kafka-gitops,
//! Terraform) declare for a cluster, and where the running cluster differs from it.

use serde::{Deserialize, Serialize};

/// Where a declaration is written: a file of an estate source, its line, and for
/// Terraform the resource's address.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SourceLocation {
    /// The file, relative to its estate source.
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// Terraform's resource address (`module.orders.kafka_topic.orders`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl SourceLocation {
    /// `topology.yaml:12`, or `plan.json:40 (kafka_acl.read)`.
    pub fn label(&self) -> String {
        match &self.address {
            Some(address) => format!("{}:{} ({address})", self.file, self.line),
            None => format!("{}:{}", self.file, self.line),
        }
    }
}

/// A desired-state file that could not be used, with the line where that is known.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EstateFileError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for EstateFileError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(formatter, "{}:{line}: {}", self.file, self.message),
            None => write!(formatter, "{}: {}", self.file, self.message),
        }
    }
}

/// What kind of difference between code and cluster a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DriftKind {
    /// Declared, not on the cluster.
    TopicMissing,
    /// On the cluster, declared nowhere.
    TopicUndeclared,
    PartitionsDiffer,
    ReplicationDiffers,
    /// A declared config whose value on the cluster is another.
    ConfigDiffers,
    /// A config set on the topic (not a default) that the code does not declare.
    ConfigUndeclared,
    /// An ACL the code implies, not on the cluster.
    AclMissing,
    /// An ACL on the cluster that the code does not imply.
    AclUndeclared,
    /// A principal seen reading (through its groups) that no service declares.
    ReaderUndeclared,
    /// A principal seen writing (through a transactional id it may use) that no service
    /// declares.
    WriterUndeclared,
    /// A declared read grant whose principal's groups were never seen reading the topic.
    GrantUnused,
    /// A wildcard (`*`, `User:*`) or prefixed read grant on the cluster that reaches a
    /// topic holding personal data.
    BroadGrant,
}

impl DriftKind {
    /// Every kind, in the order the Estate page lists them.
    pub const ALL: [DriftKind; 12] = [
        DriftKind::TopicMissing,
        DriftKind::TopicUndeclared,
        DriftKind::PartitionsDiffer,
        DriftKind::ReplicationDiffers,
        DriftKind::ConfigDiffers,
        DriftKind::ConfigUndeclared,
        DriftKind::AclMissing,
        DriftKind::AclUndeclared,
        DriftKind::ReaderUndeclared,
        DriftKind::WriterUndeclared,
        DriftKind::GrantUnused,
        DriftKind::BroadGrant,
    ];

    /// How the Estate page titles the kind.
    pub fn title(self) -> &'static str {
        match self {
            DriftKind::TopicMissing => "Topics declared but missing",
            DriftKind::TopicUndeclared => "Topics on the cluster, declared nowhere",
            DriftKind::PartitionsDiffer => "Partition counts that differ",
            DriftKind::ReplicationDiffers => "Replication factors that differ",
            DriftKind::ConfigDiffers => "Config values that differ",
            DriftKind::ConfigUndeclared => "Configs set on the cluster, not in code",
            DriftKind::AclMissing => "ACLs declared but missing",
            DriftKind::AclUndeclared => "ACLs on the cluster, declared nowhere",
            DriftKind::ReaderUndeclared => "Readers with no declared service",
            DriftKind::WriterUndeclared => "Writers with no declared service",
            DriftKind::GrantUnused => "Read grants never seen in use",
            DriftKind::BroadGrant => "Wildcard and prefixed grants reaching personal data",
        }
    }

    /// The kind as the API and the files name it (`topic_missing`).
    pub fn key(self) -> &'static str {
        match self {
            DriftKind::TopicMissing => "topic_missing",
            DriftKind::TopicUndeclared => "topic_undeclared",
            DriftKind::PartitionsDiffer => "partitions_differ",
            DriftKind::ReplicationDiffers => "replication_differs",
            DriftKind::ConfigDiffers => "config_differs",
            DriftKind::ConfigUndeclared => "config_undeclared",
            DriftKind::AclMissing => "acl_missing",
            DriftKind::AclUndeclared => "acl_undeclared",
            DriftKind::ReaderUndeclared => "reader_undeclared",
            DriftKind::WriterUndeclared => "writer_undeclared",
            DriftKind::GrantUnused => "grant_unused",
            DriftKind::BroadGrant => "broad_grant",
        }
    }
}

/// One difference between the code and the cluster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DriftFinding {
    pub kind: DriftKind,
    /// The topic concerned, where there is one (an ACL on a prefix names none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// The principal concerned (ACLs, readers, grants).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// What differs: a config's name, an ACL in `kafka-acls` words, `partitions`.
    pub item: String,
    /// What the code says; `None` when it says nothing.
    pub declared: Option<String>,
    /// What the cluster says; `None` when it has nothing.
    pub live: Option<String>,
    /// Where the code says it; `None` for what the code does not mention.
    pub at: Option<SourceLocation>,
    /// When Tributary first saw this difference (ms since the epoch).
    pub since_ms: i64,
}

impl DriftFinding {
    /// The finding's identity across evaluations (its `since` is kept while it holds).
    pub fn identity(&self) -> String {
        format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}",
            self.kind.key(),
            self.topic.as_deref().unwrap_or_default(),
            self.principal.as_deref().unwrap_or_default(),
            self.item
        )
    }
}

/// One estate source (a directory or file of the configuration) as last read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EstateSourceView {
    /// As configured.
    pub path: String,
    /// The files read, with the format each was read as (`julieops`, `kafka-gitops`,
    /// `terraform`).
    pub files: Vec<EstateFileView>,
    pub errors: Vec<EstateFileError>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EstateFileView {
    pub file: String,
    pub format: String,
}

/// A cluster's estate: what its code declares and where the cluster differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EstateView {
    pub cluster: String,
    pub sources: Vec<EstateSourceView>,
    pub declared_topics: usize,
    /// Principals the code names (services, users, ACL entries).
    pub declared_principals: usize,
    /// Why some kinds could not be judged (the ACLs not listed, a file that does not
    /// parse, the cluster not read yet); each a sentence.
    pub not_judged: Vec<String>,
    /// Sorted by kind, then topic, principal and item.
    pub findings: Vec<DriftFinding>,
}

impl EstateView {
    /// How many findings of `kind`.
    pub fn count(&self, kind: DriftKind) -> usize {
        self.findings.iter().filter(|finding| finding.kind == kind).count()
    }
}

/// Where one topic or principal is declared, for its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclaredAt {
    /// The service (kafka-gitops) or project (JulieOps) it belongs to, where the code says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    pub at: SourceLocation,
}

/// What a proposed estate change does, one item at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EstateChangeKind {
    TopicAdded,
    TopicRemoved,
    /// Partitions, replication or a config changed.
    TopicChanged,
    AclAdded,
    AclRemoved,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EstateChange {
    pub kind: EstateChangeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<String>,
    /// What changes: `topic`, a config's name, `partitions`, an ACL in `kafka-acls` words.
    pub item: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Where the proposal says it (`None` for what it removes).
    pub at: Option<SourceLocation>,
}

/// A profile rule a proposed right would break.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RuleBreak {
    pub profile: String,
    pub rule: String,
    pub message: String,
}

/// What a new read or write right would let its principal reach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantReach {
    pub principal: String,
    /// The new ACL, in `kafka-acls` words.
    pub grant: String,
    pub topic: String,
    /// Personal data categories the topic holds, its own and from upstream; empty when
    /// none is known.
    pub categories: Vec<String>,
    pub at: SourceLocation,
    pub breaks: Vec<RuleBreak>,
}

/// `tributary check --estate`: what proposed desired-state files change, what their new
/// rights reach, and whether a profile blocks them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EstateCheckReport {
    pub cluster: String,
    pub changes: Vec<EstateChange>,
    pub reach: Vec<GrantReach>,
    /// A profile rule is broken: CI should not merge.
    pub blocked: bool,
    /// Proposed files that could not be read, with their line: nothing was checked for them.
    pub errors: Vec<EstateFileError>,
    /// What the check could not know (standalone: no personal data), each a sentence.
    pub notes: Vec<String>,
}

/// One principal of one cluster: its ACLs, what they let it read and write with whether
/// each was seen in use, where the estate's code declares it, and the drift naming it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrincipalDetail {
    pub cluster: String,
    pub principal: String,
    /// What the cluster said about its ACLs (`3 ACLs`, or why none are listed).
    pub acls_status: String,
    /// Its own ACLs (and `User:*`'s, which apply to it too).
    pub acls: Vec<super::AclBinding>,
    /// Topics it may read or write, each with whether that was seen in use.
    pub permissions: Vec<super::PermittedEdge>,
    /// Where the estate's code declares it (services, users, grants); `None` when no
    /// estate source describes the cluster.
    pub declared_at: Option<Vec<DeclaredAt>>,
    /// The drift naming it (ACLs missing and undeclared, readers, writers, grants).
    pub drift: Vec<DriftFinding>,
}
