//! JulieOps topology files (`context`, naming attributes, `projects` with their topics,
//! consumers, producers, streams and connectors), read as JulieOps reads them and
//! turned into the ACLs its default ACL builder creates:
//!
//! - a topic is named `context.<attribute>….project.topic` (`.dataType` appended when
//!   given), the separator being `topology.topic.prefix.separator`;
//! - consumers get DESCRIBE and READ on each topic and READ on their group (`*` by
//!   default; `name*` is a prefix); producers DESCRIBE and WRITE, their transactional id
//!   DESCRIBE and WRITE, and IDEMPOTENT_WRITE on the cluster with a transactional id or
//!   `idempotence`; with `topology.acls.optimized` the topic ACLs are one prefixed pair
//!   on the project's prefix;
//! - streams READ their `read` topics, WRITE their `write` topics, ALL on topics and
//!   READ on groups prefixed by `applicationId` (the project's prefix by default);
//! - connectors READ and WRITE the Connect worker's topics (`connect-status`,
//!   `connect-offsets`, `connect-configs` unless named), READ their group
//!   (`connect-cluster`), CREATE on the cluster (unless
//!   `topology.connector.allow.topic.create` is false), READ and WRITE their topics.
//!
//! Read but deliberately not compared: `platform` (Schema Registry, Control Center,
//! ksqlDB servers), `schemas`, `ksql`, `rbac`, `metadata`, `plan` (config plans live in a
//! file of their own), `special_topics`' ACLs.

use std::collections::BTreeMap;

use model::{AclOperation, PatternType, ResourceKind, SourceLocation};

use super::acl_words::{allow, CLUSTER_RESOURCE};
use super::desired::{DesiredEstate, DesiredGrant, DesiredService, DesiredTopic};
use super::fields::{configs, mapping, sequence, text, Fault, Keys, Read};
use super::yaml_tree::Node;

/// The JulieOps properties that change what a topology file means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JulieOpsSettings {
    /// `topology.topic.prefix.separator`.
    pub separator: String,
    /// `topology.acls.optimized`.
    pub optimized_acls: bool,
    /// `topology.connector.allow.topic.create`.
    pub connector_topic_create: bool,
}

impl Default for JulieOpsSettings {
    fn default() -> Self {
        JulieOpsSettings { separator: ".".into(), optimized_acls: false, connector_topic_create: true }
    }
}

/// Why a source's JulieOps properties cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PropertyError {
    #[error("`{name}` should be true or false, not `{value}`")]
    NotAFlag { name: String, value: String },
    #[error("`{0}` is not a JulieOps property Tributary reads (it reads topology.topic.prefix.separator, topology.acls.optimized, topology.connector.allow.topic.create)")]
    Unknown(String),
}

/// The JulieOps properties Tributary honours (others change nothing it compares).
pub const JULIEOPS_PROPERTIES: [&str; 3] =
    ["topology.topic.prefix.separator", "topology.acls.optimized", "topology.connector.allow.topic.create"];

impl JulieOpsSettings {
    /// From JulieOps' own property names; an unknown one or a bad value is an error.
    pub fn from_properties(properties: &BTreeMap<String, String>) -> Result<JulieOpsSettings, PropertyError> {
        let mut settings = JulieOpsSettings::default();
        for (name, value) in properties {
            let flag = || match value.trim() {
                "true" => Ok(true),
                "false" => Ok(false),
                other => Err(PropertyError::NotAFlag { name: name.clone(), value: other.to_owned() }),
            };
            match name.as_str() {
                "topology.topic.prefix.separator" => settings.separator = value.clone(),
                "topology.acls.optimized" => settings.optimized_acls = flag()?,
                "topology.connector.allow.topic.create" => settings.connector_topic_create = flag()?,
                other => return Err(PropertyError::Unknown(other.to_owned())),
            }
        }
        Ok(settings)
    }
}

/// Whether a document looks like a JulieOps topology (`context` and `projects`).
pub fn recognises(root: &Node) -> bool {
    let Ok(entries) = mapping(root, "the file") else { return false };
    let has = |key: &str| entries.iter().any(|(name, _)| name.as_str() == Some(key));
    has("context") && (has("projects") || has("special_topics"))
}

/// Keys of the top level read or deliberately left; any other scalar key is a naming
/// attribute, as JulieOps treats it.
const TOP_LEVEL_NOT_NAMING: [&str; 4] = ["context", "projects", "platform", "special_topics"];

pub fn read(file: &str, root: &Node, settings: &JulieOpsSettings) -> Read<DesiredEstate> {
    let top = mapping(root, "a topology")?;
    let mut context: Option<String> = None;
    let mut naming: Vec<String> = Vec::new();
    for (key, value) in top {
        let name = text(key, "a top-level key")?;
        if name == "context" {
            context = Some(text(value, "`context`")?);
        } else if !TOP_LEVEL_NOT_NAMING.contains(&name.as_str()) {
            if value.as_str().is_none() {
                return Err(Fault::at(
                    key.line,
                    format!("unknown key `{name}` at the top level (a naming attribute takes a single value)"),
                ));
            }
            naming.push(text(value, &format!("`{name}`"))?);
        }
    }
    let Some(context) = context else { return Err(Fault::at(root.line, "a topology has no `context`")) };
    let prefix = std::iter::once(context).chain(naming).collect::<Vec<_>>().join(&settings.separator);
    let keys = Keys::lenient(top);
    let mut reader = Reader { file, settings, estate: DesiredEstate::default() };
    if let Some(projects) = keys.get("projects") {
        for project in sequence(projects, "`projects`")? {
            reader.project(project, &prefix)?;
        }
    }
    if let Some(special) = keys.get("special_topics") {
        for topic in sequence(special, "`special_topics`")? {
            reader.special_topic(topic)?;
        }
    }
    Ok(reader.estate)
}

struct Reader<'a> {
    file: &'a str,
    settings: &'a JulieOpsSettings,
    estate: DesiredEstate,
}

const PROJECT_KEYS: [&str; 11] = [
    "name",
    "topics",
    "consumers",
    "producers",
    "streams",
    "connectors",
    "schemas",
    "ksql",
    "rbac",
    "zookeepers",
    "metadata",
];
const TOPIC_KEYS: [&str; 9] =
    ["name", "config", "dataType", "schemas", "metadata", "plan", "consumers", "producers", "subject.name.strategy"];
const CONSUMER_KEYS: [&str; 3] = ["principal", "group", "metadata"];
const PRODUCER_KEYS: [&str; 4] = ["principal", "transactionId", "idempotence", "metadata"];
const STREAMS_KEYS: [&str; 5] = ["principal", "applicationId", "topics", "metadata", "exactlyOnce"];
const CONNECTOR_KEYS: [&str; 8] =
    ["principal", "connectors", "topics", "group", "status_topic", "offset_topic", "configs_topic", "metadata"];
const READ_WRITE_KEYS: [&str; 2] = ["read", "write"];

/// The Connect worker's defaults, as JulieOps gives them.
const CONNECT_GROUP: &str = "connect-cluster";
const CONNECT_TOPICS: [(&str, &str); 3] =
    [("status_topic", "connect-status"), ("offset_topic", "connect-offsets"), ("configs_topic", "connect-configs")];

impl Reader<'_> {
    fn at(&self, line: usize) -> SourceLocation {
        SourceLocation { file: self.file.to_owned(), line, address: None }
    }

    fn grant(&mut self, service: &str, line: usize, binding: model::AclBinding) {
        let at = self.at(line);
        self.estate.grants.push(DesiredGrant { binding, required: true, service: Some(service.to_owned()), at });
    }

    fn service(&mut self, name: String, principal: &str, line: usize) {
        let at = self.at(line);
        self.estate.services.push(DesiredService { name, principal: Some(principal.to_owned()), at });
    }

    fn project(&mut self, node: &Node, prefix: &str) -> Read<()> {
        let keys = Keys::strict(mapping(node, "a project")?, &PROJECT_KEYS, "a project")?;
        let name = keys.required_text("name", node.line, "a project")?;
        let project_prefix = format!("{prefix}{}{name}", self.settings.separator);
        let service = format!("project {name}");
        let mut topics = Vec::new();
        if let Some(list) = keys.get("topics") {
            for topic in sequence(list, "`topics`")? {
                topics.push(self.topic(topic, &project_prefix, &service)?);
            }
        }
        let consumers = match keys.get("consumers") {
            Some(list) => sequence(list, "`consumers`")?,
            None => &[],
        };
        let producers = match keys.get("producers") {
            Some(list) => sequence(list, "`producers`")?,
            None => &[],
        };
        if self.settings.optimized_acls {
            let all = [(project_prefix.clone(), node.line)];
            self.consumers(consumers, &all, PatternType::Prefixed, &service)?;
            self.producers(producers, &all, PatternType::Prefixed, &service)?;
        } else {
            self.consumers(consumers, &topics, PatternType::Literal, &service)?;
            self.producers(producers, &topics, PatternType::Literal, &service)?;
        }
        if let Some(list) = keys.get("streams") {
            for streams in sequence(list, "`streams`")? {
                self.streams(streams, &project_prefix, &service)?;
            }
        }
        if let Some(list) = keys.get("connectors") {
            for connector in sequence(list, "`connectors`")? {
                self.connector(connector, &service)?;
            }
        }
        Ok(())
    }

    /// Reads one topic of a project (with its own consumers and producers); its full
    /// name and line.
    fn topic(&mut self, node: &Node, project_prefix: &str, service: &str) -> Read<(String, usize)> {
        let keys = Keys::strict(mapping(node, "a topic")?, &TOPIC_KEYS, "a topic")?;
        let short = keys.required_text("name", node.line, "a topic")?;
        let separator = &self.settings.separator;
        let mut name = format!("{project_prefix}{separator}{short}");
        if let Some(data_type) = keys.optional_text("dataType", "a topic")? {
            name = format!("{name}{separator}{data_type}");
        }
        self.declare_topic(&name, node.line, keys.get("config"))?;
        let this = [(name.clone(), node.line)];
        if let Some(list) = keys.get("consumers") {
            self.consumers(sequence(list, "`consumers`")?, &this, PatternType::Literal, service)?;
        }
        if let Some(list) = keys.get("producers") {
            self.producers(sequence(list, "`producers`")?, &this, PatternType::Literal, service)?;
        }
        Ok((name, node.line))
    }

    fn special_topic(&mut self, node: &Node) -> Read<()> {
        let keys = Keys::strict(mapping(node, "a special topic")?, &TOPIC_KEYS, "a special topic")?;
        let name = keys.required_text("name", node.line, "a special topic")?;
        self.declare_topic(&name, node.line, keys.get("config"))
    }

    fn declare_topic(&mut self, name: &str, line: usize, config: Option<&Node>) -> Read<()> {
        let mut topic = DesiredTopic {
            name: name.to_owned(),
            partitions: None,
            replication: None,
            configs: Vec::new(),
            at: self.at(line),
        };
        if let Some(config) = config {
            for (key, value, key_line) in configs(config, "`config`")? {
                let number = || {
                    value
                        .trim()
                        .parse::<u32>()
                        .map_err(|_| Fault::at(key_line, format!("`{key}` should be a whole number, not `{value}`")))
                };
                match key.as_str() {
                    "num.partitions" => topic.partitions = Some(number()?),
                    "replication.factor" => topic.replication = Some(number()?),
                    _ => topic.configs.push((key, value)),
                }
            }
        }
        self.estate.topics.push(topic);
        Ok(())
    }

    fn consumers(
        &mut self,
        list: &[Node],
        topics: &[(String, usize)],
        pattern: PatternType,
        service: &str,
    ) -> Read<()> {
        for consumer in list {
            let keys = Keys::strict(mapping(consumer, "a consumer")?, &CONSUMER_KEYS, "a consumer")?;
            let principal = keys.required_text("principal", consumer.line, "a consumer")?;
            let group = keys.optional_text("group", "a consumer")?.unwrap_or_else(|| "*".into());
            self.service(format!("{service} consumer"), &principal, consumer.line);
            for (topic, _) in topics {
                for operation in [AclOperation::Describe, AclOperation::Read] {
                    self.grant(
                        service,
                        consumer.line,
                        allow(&principal, ResourceKind::Topic, topic, pattern, operation),
                    );
                }
            }
            let (group, group_pattern) = name_or_prefix(&group);
            self.grant(
                service,
                consumer.line,
                allow(&principal, ResourceKind::Group, &group, group_pattern, AclOperation::Read),
            );
        }
        Ok(())
    }

    fn producers(
        &mut self,
        list: &[Node],
        topics: &[(String, usize)],
        pattern: PatternType,
        service: &str,
    ) -> Read<()> {
        for producer in list {
            let keys = Keys::strict(mapping(producer, "a producer")?, &PRODUCER_KEYS, "a producer")?;
            let principal = keys.required_text("principal", producer.line, "a producer")?;
            self.service(format!("{service} producer"), &principal, producer.line);
            for (topic, _) in topics {
                for operation in [AclOperation::Describe, AclOperation::Write] {
                    self.grant(
                        service,
                        producer.line,
                        allow(&principal, ResourceKind::Topic, topic, pattern, operation),
                    );
                }
            }
            let transaction = keys.optional_text("transactionId", "a producer")?;
            if let Some(transaction) = &transaction {
                let (name, id_pattern) = name_or_prefix(transaction);
                for operation in [AclOperation::Describe, AclOperation::Write] {
                    let binding = allow(&principal, ResourceKind::TransactionalId, &name, id_pattern, operation);
                    self.grant(service, producer.line, binding);
                }
            }
            if transaction.is_some() || keys.get("idempotence").is_some_and(|node| !node.is_null()) {
                let binding = allow(
                    &principal,
                    ResourceKind::Cluster,
                    CLUSTER_RESOURCE,
                    PatternType::Literal,
                    AclOperation::IdempotentWrite,
                );
                self.grant(service, producer.line, binding);
            }
        }
        Ok(())
    }

    fn streams(&mut self, node: &Node, project_prefix: &str, service: &str) -> Read<()> {
        let keys = Keys::strict(mapping(node, "a streams app")?, &STREAMS_KEYS, "a streams app")?;
        let principal = keys.required_text("principal", node.line, "a streams app")?;
        let prefix = keys.optional_text("applicationId", "a streams app")?.unwrap_or_else(|| project_prefix.to_owned());
        self.service(format!("{service} streams {prefix}"), &principal, node.line);
        self.read_write(keys.get("topics"), &principal, service, node.line)?;
        self.grant(
            service,
            node.line,
            allow(&principal, ResourceKind::Topic, &prefix, PatternType::Prefixed, AclOperation::All),
        );
        self.grant(
            service,
            node.line,
            allow(&principal, ResourceKind::Group, &prefix, PatternType::Prefixed, AclOperation::Read),
        );
        Ok(())
    }

    fn connector(&mut self, node: &Node, service: &str) -> Read<()> {
        let keys = Keys::strict(mapping(node, "a connector")?, &CONNECTOR_KEYS, "a connector")?;
        let principal = keys.required_text("principal", node.line, "a connector")?;
        let names: Vec<String> = keys.texts("connectors", "a connector")?.into_iter().map(|(name, _)| name).collect();
        let label = if names.is_empty() { "connect".to_owned() } else { format!("connect {}", names.join(", ")) };
        self.service(format!("{service} {label}"), &principal, node.line);
        for (key, default) in CONNECT_TOPICS {
            let topic = keys.optional_text(key, "a connector")?.unwrap_or_else(|| default.to_owned());
            for operation in [AclOperation::Read, AclOperation::Write] {
                self.grant(
                    service,
                    node.line,
                    allow(&principal, ResourceKind::Topic, &topic, PatternType::Literal, operation),
                );
            }
        }
        if self.settings.connector_topic_create {
            let binding =
                allow(&principal, ResourceKind::Cluster, CLUSTER_RESOURCE, PatternType::Literal, AclOperation::Create);
            self.grant(service, node.line, binding);
        }
        let group = keys.optional_text("group", "a connector")?.unwrap_or_else(|| CONNECT_GROUP.to_owned());
        self.grant(
            service,
            node.line,
            allow(&principal, ResourceKind::Group, &group, PatternType::Literal, AclOperation::Read),
        );
        self.read_write(keys.get("topics"), &principal, service, node.line)
    }

    /// A `topics: {read: [...], write: [...]}` block: READ and WRITE on each, literal.
    fn read_write(&mut self, node: Option<&Node>, principal: &str, service: &str, line: usize) -> Read<()> {
        let Some(node) = node else { return Ok(()) };
        let keys = Keys::strict(mapping(node, "`topics`")?, &READ_WRITE_KEYS, "`topics`")?;
        for (key, operation) in [("read", AclOperation::Read), ("write", AclOperation::Write)] {
            for (topic, topic_line) in keys.texts(key, "`topics`")? {
                let binding = allow(principal, ResourceKind::Topic, &topic, PatternType::Literal, operation);
                self.grant(service, topic_line.max(line), binding);
            }
        }
        Ok(())
    }
}

/// JulieOps' resource names: `name*` is the prefix `name`; `*` alone is every resource.
fn name_or_prefix(written: &str) -> (String, PatternType) {
    match written.strip_suffix('*') {
        Some(prefix) if !prefix.is_empty() => (prefix.to_owned(), PatternType::Prefixed),
        _ => (written.to_owned(), PatternType::Literal),
    }
}

#[cfg(test)]
#[path = "julieops_tests.rs"]
mod tests;
