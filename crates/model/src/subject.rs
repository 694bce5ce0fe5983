//! Schema registry subjects as the catalog holds them: every version with its schema,
//! parsed into a field tree or with the reason it could not be, and the topic each
//! subject describes.

use serde::{Deserialize, Serialize};

use super::{SchemaFormat, SchemaTree};

/// Everything last read from one registry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegistrySnapshot {
    /// The registry-wide compatibility level.
    pub global_compatibility: Option<String>,
    /// Sorted by name; soft-deleted subjects included (flagged).
    pub subjects: Vec<Subject>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subject {
    pub name: String,
    /// The subject's own level; `None` when the global level applies.
    pub compatibility: Option<String>,
    /// Sorted by version; soft-deleted versions included (flagged).
    pub versions: Vec<SubjectVersion>,
    /// The topics this subject describes, and how that was decided.
    pub topics: Vec<TopicBinding>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectVersion {
    pub version: i32,
    /// The registry's schema id, shared by every subject registering the same schema.
    pub id: i32,
    pub format: SchemaFormat,
    pub deleted: bool,
    pub schema: String,
    pub references: Vec<SchemaReference>,
    /// The registration's `metadata.properties` (a data contract's `owner`, say).
    #[serde(default)]
    pub properties: std::collections::BTreeMap<String, String>,
    /// The registration's data-contract rules (`ruleSet`), domain rules first.
    #[serde(default)]
    pub rules: Vec<ContractRule>,
    /// The parsed field tree, or why the schema could not be parsed: in JSON two plain
    /// fields, `parsed` and `parse_error` (see [`super::json_shapes`]).
    #[serde(flatten, with = "super::json_shapes::parsed_fields")]
    #[cfg_attr(feature = "openapi", schema(value_type = super::json_shapes::ParsedFields))]
    pub parsed: Result<SchemaTree, String>,
}

/// A data-contract rule of a registration, as Confluent's `ruleSet` holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractRule {
    pub name: String,
    /// `CONDITION` or `TRANSFORM`.
    pub kind: String,
    /// `ENCRYPT`, `ENCRYPT_PAYLOAD`, `CEL`, `CEL_FIELD`, `JSONATA`, ...
    pub rule_type: String,
    /// `WRITE`, `READ`, `WRITEREAD`, `UPGRADE`, `DOWNGRADE` or `UPDOWN`.
    pub mode: String,
    /// The field tags it applies to.
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub expr: Option<String>,
    #[serde(default)]
    pub disabled: bool,
    /// A migration rule (between versions) rather than a domain rule (on the data).
    #[serde(default)]
    pub migration: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchemaReference {
    pub name: String,
    pub subject: String,
    pub version: i32,
}

/// A subject describing a topic's keys or values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicBinding {
    pub topic: String,
    pub role: SchemaRole,
    pub strategy: NamingStrategy,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SchemaRole {
    Key,
    Value,
}

/// How a subject was tied to a topic (Confluent's subject name strategies, or config).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NamingStrategy {
    /// `<topic>-key` / `<topic>-value`.
    TopicName,
    /// `<topic>-<record full name>`.
    TopicRecordName,
    /// Named in the configuration.
    Explicit,
}

impl Subject {
    /// The highest version not deleted.
    pub fn latest(&self) -> Option<&SubjectVersion> {
        self.versions.iter().rev().find(|version| !version.deleted)
    }

    /// Whether every version is soft-deleted.
    pub fn deleted(&self) -> bool {
        self.versions.iter().all(|version| version.deleted)
    }
}

/// The topics `subject` describes among `topics` (sorted), by Confluent's strategies:
/// TopicNameStrategy (`<topic>-key`/`-value`) and TopicRecordNameStrategy
/// (`<topic>-<record>`, where `record` is the full name of the subject's latest schema).
/// RecordNameStrategy subjects (the record name alone) name no topic: they need an
/// explicit mapping.
pub fn bind_topics(subject: &str, record_name: Option<&str>, topics: &[String]) -> Vec<TopicBinding> {
    let exists = |topic: &str| topics.binary_search_by(|known| known.as_str().cmp(topic)).is_ok();
    let mut bindings = Vec::new();
    for (suffix, role) in [("-key", SchemaRole::Key), ("-value", SchemaRole::Value)] {
        if let Some(topic) = subject.strip_suffix(suffix).filter(|topic| exists(topic)) {
            bindings.push(TopicBinding { topic: topic.to_owned(), role, strategy: NamingStrategy::TopicName });
        }
    }
    if let Some(record) = record_name.filter(|record| !record.is_empty()) {
        if let Some(topic) = subject.strip_suffix(record).and_then(|rest| rest.strip_suffix('-')).filter(|t| exists(t))
        {
            bindings.push(TopicBinding {
                topic: topic.to_owned(),
                role: SchemaRole::Value,
                strategy: NamingStrategy::TopicRecordName,
            });
        }
    }
    bindings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_bind_to_topics_by_confluent_strategies() {
        let topics: Vec<String> = ["shop.orders", "shop.payments"].map(String::from).to_vec();
        assert_eq!(
            bind_topics("shop.orders-value", Some("io.shop.Order"), &topics),
            [TopicBinding {
                topic: "shop.orders".into(),
                role: SchemaRole::Value,
                strategy: NamingStrategy::TopicName
            }]
        );
        assert_eq!(bind_topics("shop.orders-key", None, &topics)[0].role, SchemaRole::Key);
        assert_eq!(
            bind_topics("shop.payments-io.shop.Refund", Some("io.shop.Refund"), &topics),
            [TopicBinding {
                topic: "shop.payments".into(),
                role: SchemaRole::Value,
                strategy: NamingStrategy::TopicRecordName
            }]
        );
        assert!(bind_topics("io.shop.Order", Some("io.shop.Order"), &topics).is_empty(), "RecordNameStrategy");
        assert!(bind_topics("legacy-value", None, &topics).is_empty(), "no such topic");
    }
}

/// One line per subject, for lists in the API and the Schemas page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubjectSummary {
    /// The registry or schema directory it comes from.
    pub registry: String,
    pub subject: String,
    pub format: Option<SchemaFormat>,
    pub latest_version: Option<i32>,
    pub versions: usize,
    pub deleted: bool,
    pub compatibility: Option<String>,
    pub topics: Vec<TopicBinding>,
    /// The latest schema's record or message name.
    pub record: Option<String>,
    /// Tags anywhere in the latest schema.
    pub tags: Vec<String>,
    /// Topics the latest schema declares it may be published to (a Protobuf option).
    pub declared_topics: Vec<String>,
    /// Versions whose schema could not be parsed, with the reason.
    pub parse_errors: Vec<ParseFailure>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParseFailure {
    pub version: i32,
    pub error: String,
}

impl SubjectSummary {
    pub fn of(registry: &str, subject: &Subject) -> Self {
        let latest = subject.latest();
        let tree = latest.and_then(|version| version.parsed.as_ref().ok());
        SubjectSummary {
            registry: registry.to_owned(),
            subject: subject.name.clone(),
            format: latest.map(|version| version.format),
            latest_version: latest.map(|version| version.version),
            versions: subject.versions.len(),
            deleted: subject.deleted(),
            compatibility: subject.compatibility.clone(),
            topics: subject.topics.clone(),
            record: tree.map(|tree| tree.name.clone()),
            tags: tree.map(SchemaTree::tags).unwrap_or_default(),
            declared_topics: tree.map(|tree| tree.declared_topics.clone()).unwrap_or_default(),
            parse_errors: subject
                .versions
                .iter()
                .filter_map(|version| {
                    version
                        .parsed
                        .as_ref()
                        .err()
                        .map(|error| ParseFailure { version: version.version, error: error.clone() })
                })
                .collect(),
        }
    }
}

/// The Schemas page's data: every schema source with its subjects.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchemasOverview {
    pub sources: Vec<SchemaSource>,
    pub server_time_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchemaSource {
    pub name: String,
    /// `registry` or `directory`.
    pub kind: String,
    /// The registry's URL (credentials masked) or the directory's path.
    pub location: String,
    /// Where the registry's answers differ from Confluent's, as detected.
    #[serde(default)]
    pub answers_differ: Vec<String>,
    pub last_good_read_ms: Option<i64>,
    pub last_error: Option<String>,
    /// `None` until the source has been read.
    pub subjects: Option<Vec<SubjectSummary>>,
}
