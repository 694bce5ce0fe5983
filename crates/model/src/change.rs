//! Catalog events: what changed on a cluster, when, with the before and after values.

use serde::{Deserialize, Serialize};

/// One recorded change. `id` orders events and resumes a feed; it is 0 until stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogEvent {
    pub id: i64,
    pub cluster: String,
    /// Unix milliseconds of the read that saw the change.
    pub at_ms: i64,
    pub change: Change,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    TopicCreated {
        topic: String,
        partitions: i32,
    },
    TopicDeleted {
        topic: String,
    },
    /// `before`/`after` are `None` when the config was absent (or not reported).
    TopicConfigChanged {
        topic: String,
        config: String,
        before: Option<String>,
        after: Option<String>,
    },
    PartitionsAdded {
        topic: String,
        before: i32,
        after: i32,
    },
    GroupAppeared {
        group: String,
        state: String,
    },
    GroupDisappeared {
        group: String,
    },
    GroupStateChanged {
        group: String,
        before: String,
        after: String,
    },
    /// First committed offset or assignment on the topic.
    GroupStartedReading {
        group: String,
        topic: String,
    },
    GroupStoppedReading {
        group: String,
        topic: String,
    },
    /// The group's total lag went above (`above`) or back below the threshold.
    LagThresholdCrossed {
        group: String,
        lag: i64,
        threshold: i64,
        above: bool,
    },
    /// An ACL appeared; `acl` reads like `ALLOW READ on topic orders from *`.
    AclGranted {
        principal: String,
        acl: String,
    },
    AclRevoked {
        principal: String,
        acl: String,
    },
    /// A registry subject got its first live version (events from a registry carry
    /// the registry's name where cluster events carry the cluster's alias).
    SubjectCreated {
        subject: String,
    },
    SchemaRegistered {
        subject: String,
        version: i32,
        id: i32,
    },
    SchemaVersionDeleted {
        subject: String,
        version: i32,
    },
    /// Every version of the subject is deleted.
    SubjectDeleted {
        subject: String,
    },
    ClusterReadFailed {
        error: String,
    },
    ClusterRecovered,
    /// A lineage edge was declared, over the API or by an OpenLineage run (`from` and
    /// `to` are node paths, `edge` is `writes` or `reads`); the event belongs to the
    /// cluster of its topic end.
    LineageDeclared {
        from: String,
        to: String,
        edge: String,
        topic: String,
    },
    /// A declared lineage edge was removed.
    LineageUndeclared {
        from: String,
        to: String,
        edge: String,
        topic: String,
    },
    /// A steward decided what a field holds (the event belongs to the schema source).
    FieldDecided {
        subject: String,
        path: String,
        category: String,
        decision: super::Decision,
        reason: String,
        by: String,
    },
    /// A topic broke a rule of a compliance profile (the event belongs to its cluster).
    ViolationOpened {
        profile: String,
        rule: String,
        topic: String,
        target: String,
        evidence: String,
    },
    /// A steward marked an application as masking the personal data it reads (or took
    /// the mark back); the event belongs to the application's cluster.
    MaskingMarked {
        node: String,
        masking: bool,
        reason: String,
        by: String,
    },
    /// A steward tagged a whole topic as holding a category (or took the tag back).
    TopicTagged {
        topic: String,
        category: String,
        tagged: bool,
        reason: String,
        by: String,
    },
    /// A violation no longer holds.
    ViolationResolved {
        profile: String,
        rule: String,
        topic: String,
        target: String,
    },
}

impl Change {
    /// The topic, group or principal the change is about; empty for cluster-wide changes.
    pub fn subject(&self) -> &str {
        match self {
            Change::TopicCreated { topic, .. }
            | Change::TopicDeleted { topic }
            | Change::TopicConfigChanged { topic, .. }
            | Change::PartitionsAdded { topic, .. } => topic,
            Change::GroupAppeared { group, .. }
            | Change::GroupDisappeared { group }
            | Change::GroupStateChanged { group, .. }
            | Change::GroupStartedReading { group, .. }
            | Change::GroupStoppedReading { group, .. }
            | Change::LagThresholdCrossed { group, .. } => group,
            Change::AclGranted { principal, .. } | Change::AclRevoked { principal, .. } => principal,
            Change::SubjectCreated { subject }
            | Change::SchemaRegistered { subject, .. }
            | Change::SchemaVersionDeleted { subject, .. }
            | Change::SubjectDeleted { subject } => subject,
            Change::LineageDeclared { topic, .. } | Change::LineageUndeclared { topic, .. } => topic,
            Change::FieldDecided { subject, .. } => subject,
            Change::ViolationOpened { topic, .. } | Change::ViolationResolved { topic, .. } => topic,
            Change::MaskingMarked { node, .. } => node,
            Change::TopicTagged { topic, .. } => topic,
            Change::ClusterReadFailed { .. } | Change::ClusterRecovered => "",
        }
    }

    /// The snake_case kind, as stored and as in the JSON's `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::TopicCreated { .. } => "topic_created",
            Change::TopicDeleted { .. } => "topic_deleted",
            Change::TopicConfigChanged { .. } => "topic_config_changed",
            Change::PartitionsAdded { .. } => "partitions_added",
            Change::GroupAppeared { .. } => "group_appeared",
            Change::GroupDisappeared { .. } => "group_disappeared",
            Change::GroupStateChanged { .. } => "group_state_changed",
            Change::GroupStartedReading { .. } => "group_started_reading",
            Change::GroupStoppedReading { .. } => "group_stopped_reading",
            Change::LagThresholdCrossed { .. } => "lag_threshold_crossed",
            Change::AclGranted { .. } => "acl_granted",
            Change::AclRevoked { .. } => "acl_revoked",
            Change::SubjectCreated { .. } => "subject_created",
            Change::SchemaRegistered { .. } => "schema_registered",
            Change::SchemaVersionDeleted { .. } => "schema_version_deleted",
            Change::SubjectDeleted { .. } => "subject_deleted",
            Change::ClusterReadFailed { .. } => "cluster_read_failed",
            Change::ClusterRecovered => "cluster_recovered",
            Change::LineageDeclared { .. } => "lineage_declared",
            Change::LineageUndeclared { .. } => "lineage_undeclared",
            Change::FieldDecided { .. } => "field_decided",
            Change::ViolationOpened { .. } => "violation_opened",
            Change::ViolationResolved { .. } => "violation_resolved",
            Change::MaskingMarked { .. } => "masking_marked",
            Change::TopicTagged { .. } => "topic_tagged",
        }
    }
}

impl Change {
    /// The topic the change is about, if any: its own changes, and readers starting or
    /// stopping on it.
    pub fn topic(&self) -> Option<&str> {
        match self {
            Change::TopicCreated { topic, .. }
            | Change::TopicDeleted { topic }
            | Change::TopicConfigChanged { topic, .. }
            | Change::PartitionsAdded { topic, .. }
            | Change::GroupStartedReading { topic, .. }
            | Change::GroupStoppedReading { topic, .. }
            | Change::LineageDeclared { topic, .. }
            | Change::LineageUndeclared { topic, .. }
            | Change::ViolationOpened { topic, .. }
            | Change::ViolationResolved { topic, .. }
            | Change::TopicTagged { topic, .. } => Some(topic),
            _ => None,
        }
    }

    /// One line a person reads: "`retention.ms` changed from 604800000 to 86400000".
    pub fn describe(&self) -> String {
        let value = |value: &Option<String>| value.as_deref().map_or_else(|| "unset".to_owned(), str::to_owned);
        match self {
            Change::TopicCreated { topic, partitions } => format!("Topic {topic} created with {partitions} partitions"),
            Change::TopicDeleted { topic } => format!("Topic {topic} deleted"),
            Change::TopicConfigChanged { config, before, after, .. } => {
                format!("{config} changed from {} to {}", value(before), value(after))
            }
            Change::PartitionsAdded { before, after, .. } => format!("Partitions raised from {before} to {after}"),
            Change::GroupAppeared { group, state } => format!("Group {group} appeared ({state})"),
            Change::GroupDisappeared { group } => format!("Group {group} disappeared"),
            Change::GroupStateChanged { group, before, after } => format!("Group {group}: {before} → {after}"),
            Change::GroupStartedReading { group, topic } => format!("Group {group} started reading {topic}"),
            Change::GroupStoppedReading { group, topic } => format!("Group {group} stopped reading {topic}"),
            Change::LagThresholdCrossed { group, lag, threshold, above } => {
                let way = if *above { "above" } else { "back below" };
                format!("Group {group}'s lag {lag} went {way} {threshold}")
            }
            Change::AclGranted { principal, acl } => format!("{principal} granted {acl}"),
            Change::AclRevoked { principal, acl } => format!("{principal} lost {acl}"),
            Change::SubjectCreated { subject } => format!("Subject {subject} created"),
            Change::SchemaRegistered { subject, version, id } => {
                format!("{subject} version {version} registered (schema id {id})")
            }
            Change::SchemaVersionDeleted { subject, version } => format!("{subject} version {version} deleted"),
            Change::SubjectDeleted { subject } => format!("Subject {subject} deleted"),
            Change::ClusterReadFailed { error } => format!("Cluster read failed: {error}"),
            Change::ClusterRecovered => "Cluster read succeeded again".to_owned(),
            Change::LineageDeclared { from, to, edge, .. } => format!("Declared: {from} {edge} {to}"),
            Change::LineageUndeclared { from, to, edge, .. } => format!("No longer declared: {from} {edge} {to}"),
            Change::FieldDecided { subject, path, category, decision, reason, by } => {
                let verb = match decision {
                    super::Decision::Confirm => "confirmed",
                    super::Decision::Dismiss => "dismissed",
                    super::Decision::Tag => "tagged",
                };
                format!("{by} {verb} {category} on {subject} field {path}: {reason}")
            }
            Change::ViolationOpened { profile, rule, evidence, .. } => {
                format!("Breaks {rule} of profile {profile}: {evidence}")
            }
            Change::MaskingMarked { node, masking, reason, by } => {
                let verb = if *masking { "marked" } else { "no longer marks" };
                format!("{by} {verb} {node} as masking personal data: {reason}")
            }
            Change::TopicTagged { topic, category, tagged, reason, by } => {
                let verb = if *tagged { "tagged" } else { "took back the tag" };
                format!("{by} {verb} {category} on topic {topic}: {reason}")
            }
            Change::ViolationResolved { profile, rule, target, .. } => {
                format!("No longer breaks {rule} of profile {profile} ({target})")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_name_their_topic_and_read_as_sentences() {
        let config = Change::TopicConfigChanged {
            topic: "orders".into(),
            config: "retention.ms".into(),
            before: None,
            after: Some("86400000".into()),
        };
        assert_eq!(config.topic(), Some("orders"));
        assert_eq!(config.describe(), "retention.ms changed from unset to 86400000");
        let reading = Change::GroupStartedReading { group: "billing".into(), topic: "orders".into() };
        assert_eq!((reading.subject(), reading.topic()), ("billing", Some("orders")));
        assert_eq!(Change::GroupAppeared { group: "g".into(), state: "Stable".into() }.topic(), None);
    }

    #[test]
    fn the_json_kind_matches_kind() {
        let changes = [
            Change::TopicCreated { topic: "t".into(), partitions: 1 },
            Change::LagThresholdCrossed { group: "g".into(), lag: 5, threshold: 1, above: true },
            Change::ClusterRecovered,
        ];
        for change in changes {
            let json = serde_json::to_value(&change).unwrap();
            assert_eq!(json["kind"], change.kind());
        }
    }
}
