//! kafka-gitops desired state files (`settings`, `topics`, `services`, `users`,
//! `customServiceAcls`, `customUserAcls`), turned into the ACLs kafka-gitops
//! generates:
//!
//! - `application`: WRITE on each topic it `produces`, READ on each it `consumes`, and
//!   READ on its group (`group-id`, the service name by default) when it consumes;
//! - `kafka-streams`: the same, its group being `application-id` (the service name by
//!   default); the internal topics and groups it creates under that prefix are allowed
//!   (declared, never required: kafka-gitops' exact set changed across versions);
//! - `kafka-connect`: READ and WRITE on `connect-configs-<service>`,
//!   `connect-offsets-<service>` and `connect-status-<service>` (or `storage-topics`),
//!   READ on its group; for each connector READ on what it consumes with READ on
//!   `connect-<connector>`, WRITE on what it produces;
//! - users' roles: `reader` READ on every topic and group, `writer` WRITE on every topic
//!   (as literal `*`); `operator` is allowed its describes and reads;
//! - custom ACLs as written (a user's inherit the user's principal).
//!
//! Read but not compared: `settings.confluent` (Confluent Cloud has no principals in
//! the file), `settings.topics.blacklist` only keeps matching topics from counting as
//! undeclared.

use model::{AclBinding, AclOperation, AclResource, PatternType, ResourceKind, SourceLocation};

use super::acl_words::{self, allow};
use super::desired::{DesiredEstate, DesiredGrant, DesiredService, DesiredTopic};
use super::fields::{configs, mapping, text, Fault, Keys, Read};
use super::yaml_tree::Node;

const TOP_KEYS: [&str; 6] = ["settings", "topics", "services", "users", "customServiceAcls", "customUserAcls"];
const SETTINGS_KEYS: [&str; 3] = ["confluent", "topics", "services"];
const SETTINGS_TOPICS_KEYS: [&str; 2] = ["defaults", "blacklist"];
const TOPIC_KEYS: [&str; 3] = ["partitions", "replication", "configs"];
const SERVICE_KEYS: [&str; 9] = [
    "type",
    "principal",
    "group-id",
    "application-id",
    "produces",
    "consumes",
    "connectors",
    "storage-topics",
    "description",
];
const CONNECTOR_KEYS: [&str; 2] = ["produces", "consumes"];
const STORAGE_KEYS: [&str; 3] = ["config", "offset", "status"];
const USER_KEYS: [&str; 2] = ["principal", "roles"];
const ACL_KEYS: [&str; 7] = ["name", "type", "pattern", "host", "principal", "operation", "permission"];

/// Whether a document looks like a kafka-gitops state file: a mapping whose keys are
/// all among the format's.
pub fn recognises(root: &Node) -> bool {
    let Ok(entries) = mapping(root, "the file") else { return false };
    !entries.is_empty() && entries.iter().all(|(key, _)| key.as_str().is_some_and(|key| TOP_KEYS.contains(&key)))
}

pub fn read(file: &str, root: &Node) -> Read<DesiredEstate> {
    let top = Keys::strict(mapping(root, "a state file")?, &TOP_KEYS, "a state file")?;
    let mut reader = Reader { file, estate: DesiredEstate::default(), default_replication: None };
    if let Some(settings) = top.get("settings") {
        reader.settings(settings)?;
    }
    if let Some(topics) = top.get("topics") {
        for (name, topic) in mapping(topics, "`topics`")? {
            reader.topic(text(name, "a topic's name")?, name.line, topic)?;
        }
    }
    if let Some(services) = top.get("services") {
        for (name, service) in mapping(services, "`services`")? {
            reader.service(&text(name, "a service's name")?, name.line, service)?;
        }
    }
    if let Some(users) = top.get("users") {
        for (name, user) in mapping(users, "`users`")? {
            reader.user(&text(name, "a user's name")?, name.line, user)?;
        }
    }
    for (key, kind) in [("customServiceAcls", "service"), ("customUserAcls", "user")] {
        if let Some(custom) = top.get(key) {
            for (owner, acls) in mapping(custom, &format!("`{key}`"))? {
                let owner = text(owner, &format!("a {kind} of `{key}`"))?;
                reader.custom_acls(&owner, kind, acls)?;
            }
        }
    }
    Ok(reader.estate)
}

/// kafka-gitops' service `type`s.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ServiceType {
    Application,
    Streams,
    Connect,
}

struct Reader<'a> {
    file: &'a str,
    estate: DesiredEstate,
    default_replication: Option<u32>,
}

impl Reader<'_> {
    fn at(&self, line: usize) -> SourceLocation {
        SourceLocation { file: self.file.to_owned(), line, address: None }
    }

    fn grant(&mut self, service: &str, line: usize, binding: AclBinding, required: bool) {
        let at = self.at(line);
        self.estate.grants.push(DesiredGrant { binding, required, service: Some(service.to_owned()), at });
    }

    fn settings(&mut self, node: &Node) -> Read<()> {
        let keys = Keys::strict(mapping(node, "`settings`")?, &SETTINGS_KEYS, "`settings`")?;
        let Some(topics) = keys.get("topics") else { return Ok(()) };
        let topics = Keys::strict(mapping(topics, "`settings.topics`")?, &SETTINGS_TOPICS_KEYS, "`settings.topics`")?;
        if let Some(defaults) = topics.get("defaults") {
            let defaults = Keys::strict(mapping(defaults, "topic defaults")?, &["replication"], "topic defaults")?;
            self.default_replication = defaults.optional_count("replication", "topic defaults")?;
        }
        if let Some(blacklist) = topics.get("blacklist") {
            let blacklist = Keys::strict(mapping(blacklist, "the blacklist")?, &["prefixed"], "the blacklist")?;
            let prefixes = blacklist.texts("prefixed", "the blacklist")?;
            self.estate.ignored_topic_prefixes.extend(prefixes.into_iter().map(|(prefix, _)| prefix));
        }
        Ok(())
    }

    fn topic(&mut self, name: String, line: usize, node: &Node) -> Read<()> {
        let what = format!("topic `{name}`");
        let keys = Keys::strict(mapping(node, &what)?, &TOPIC_KEYS, &what)?;
        let configs = match keys.get("configs") {
            Some(node) => configs(node, "`configs`")?.into_iter().map(|(key, value, _)| (key, value)).collect(),
            None => Vec::new(),
        };
        let topic = DesiredTopic {
            name,
            partitions: keys.optional_count("partitions", &what)?,
            replication: keys.optional_count("replication", &what)?.or(self.default_replication),
            configs,
            at: self.at(line),
        };
        self.estate.topics.push(topic);
        Ok(())
    }

    fn service(&mut self, name: &str, line: usize, node: &Node) -> Read<()> {
        let what = format!("service `{name}`");
        let keys = Keys::strict(mapping(node, &what)?, &SERVICE_KEYS, &what)?;
        let kind = match keys.required_text("type", line, &what)?.as_str() {
            "application" => ServiceType::Application,
            "kafka-streams" => ServiceType::Streams,
            "kafka-connect" => ServiceType::Connect,
            other => {
                return Err(Fault::at(
                    line,
                    format!("{what} has type `{other}` (kafka-gitops knows application, kafka-streams, kafka-connect)"),
                ))
            }
        };
        let principal = keys.optional_text("principal", &what)?;
        let at = self.at(line);
        self.estate.services.push(DesiredService { name: name.to_owned(), principal: principal.clone(), at });
        // Confluent Cloud: no principal in the file, so no ACL Tributary can compare.
        let Some(principal) = principal else { return Ok(()) };
        let produces = keys.texts("produces", &what)?;
        let consumes = keys.texts("consumes", &what)?;
        let topic =
            |topic: &str, operation| allow(&principal, ResourceKind::Topic, topic, PatternType::Literal, operation);
        let group =
            |group: &str| allow(&principal, ResourceKind::Group, group, PatternType::Literal, AclOperation::Read);
        match kind {
            ServiceType::Application | ServiceType::Streams => {
                for (produced, topic_line) in &produces {
                    self.grant(name, *topic_line, topic(produced, AclOperation::Write), true);
                }
                for (consumed, topic_line) in &consumes {
                    self.grant(name, *topic_line, topic(consumed, AclOperation::Read), true);
                }
                let group_key = if kind == ServiceType::Application { "group-id" } else { "application-id" };
                let group_id = keys.optional_text(group_key, &what)?.unwrap_or_else(|| name.to_owned());
                if kind == ServiceType::Streams {
                    for kind in [ResourceKind::Topic, ResourceKind::Group] {
                        let binding = allow(&principal, kind, &group_id, PatternType::Prefixed, AclOperation::All);
                        self.grant(name, line, binding, false);
                    }
                    self.grant(name, line, group(&group_id), true);
                } else if !consumes.is_empty() {
                    self.grant(name, line, group(&group_id), true);
                }
            }
            ServiceType::Connect => {
                let storage = match keys.get("storage-topics") {
                    Some(node) => {
                        Some(Keys::strict(mapping(node, "`storage-topics`")?, &STORAGE_KEYS, "`storage-topics`")?)
                    }
                    None => None,
                };
                for key in STORAGE_KEYS {
                    let custom = match &storage {
                        Some(storage) => storage.optional_text(key, "`storage-topics`")?,
                        None => None,
                    };
                    let storage_topic = custom.unwrap_or_else(|| format!("connect-{key}s-{name}"));
                    for operation in [AclOperation::Read, AclOperation::Write] {
                        self.grant(name, line, topic(&storage_topic, operation), true);
                    }
                }
                let group_id = keys.optional_text("group-id", &what)?.unwrap_or_else(|| name.to_owned());
                self.grant(name, line, group(&group_id), true);
                for (produced, topic_line) in &produces {
                    self.grant(name, *topic_line, topic(produced, AclOperation::Write), true);
                }
                if let Some(connectors) = keys.get("connectors") {
                    for (connector, details) in mapping(connectors, "`connectors`")? {
                        let connector_name = text(connector, "a connector's name")?;
                        let what = format!("connector `{connector_name}`");
                        let details = Keys::strict(mapping(details, &what)?, &CONNECTOR_KEYS, &what)?;
                        for (produced, topic_line) in details.texts("produces", &what)? {
                            self.grant(name, topic_line, topic(&produced, AclOperation::Write), true);
                        }
                        let consumed = details.texts("consumes", &what)?;
                        for (read, topic_line) in &consumed {
                            self.grant(name, *topic_line, topic(read, AclOperation::Read), true);
                        }
                        if !consumed.is_empty() {
                            self.grant(name, connector.line, group(&format!("connect-{connector_name}")), true);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn user(&mut self, name: &str, line: usize, node: &Node) -> Read<()> {
        let what = format!("user `{name}`");
        let keys = Keys::strict(mapping(node, &what)?, &USER_KEYS, &what)?;
        let principal = keys.optional_text("principal", &what)?;
        let at = self.at(line);
        self.estate.services.push(DesiredService { name: name.to_owned(), principal: principal.clone(), at });
        let Some(principal) = principal else { return Ok(()) };
        for (role, role_line) in keys.texts("roles", &what)? {
            let every = |kind, operation| allow(&principal, kind, "*", PatternType::Literal, operation);
            let (required, bindings) = match role.as_str() {
                "reader" => (
                    true,
                    vec![
                        every(ResourceKind::Topic, AclOperation::Read),
                        every(ResourceKind::Group, AclOperation::Read),
                    ],
                ),
                "writer" => (true, vec![every(ResourceKind::Topic, AclOperation::Write)]),
                "operator" => (
                    false,
                    vec![
                        every(ResourceKind::Topic, AclOperation::Describe),
                        every(ResourceKind::Topic, AclOperation::DescribeConfigs),
                        every(ResourceKind::Topic, AclOperation::Read),
                        every(ResourceKind::Group, AclOperation::Describe),
                        every(ResourceKind::Group, AclOperation::Read),
                        every(ResourceKind::Cluster, AclOperation::Describe),
                    ],
                ),
                other => {
                    return Err(Fault::at(
                        role_line,
                        format!("{what} has role `{other}` (kafka-gitops knows reader, writer, operator)"),
                    ))
                }
            };
            for binding in bindings {
                self.grant(name, role_line, binding, required);
            }
        }
        Ok(())
    }

    fn custom_acls(&mut self, owner: &str, kind: &str, node: &Node) -> Read<()> {
        let inherited = self
            .estate
            .services
            .iter()
            .rev()
            .find(|service| service.name == owner)
            .and_then(|service| service.principal.clone());
        for (acl_name, acl) in mapping(node, &format!("the custom ACLs of {kind} `{owner}`"))? {
            let what = format!("ACL `{}` of {kind} `{owner}`", acl_name.as_str().unwrap_or_default());
            let keys = Keys::strict(mapping(acl, &what)?, &ACL_KEYS, &what)?;
            let word = |key: &str| keys.required_text(key, acl_name.line, &what);
            let unknown =
                |key: &str, value: &str| Fault::at(acl_name.line, format!("{what}: `{key}` cannot be `{value}`"));
            let principal = match keys.optional_text("principal", &what)?.or_else(|| inherited.clone()) {
                Some(principal) => principal,
                None => return Err(Fault::at(acl_name.line, format!("{what} names no principal"))),
            };
            let resource_kind = word("type")?;
            let pattern = word("pattern")?;
            let operation = word("operation")?;
            let permission = word("permission")?;
            let binding = AclBinding {
                resource: AclResource {
                    kind: acl_words::resource_kind(&resource_kind).ok_or_else(|| unknown("type", &resource_kind))?,
                    name: word("name")?,
                    pattern: acl_words::pattern(&pattern).ok_or_else(|| unknown("pattern", &pattern))?,
                },
                principal,
                host: keys.optional_text("host", &what)?.unwrap_or_else(|| "*".into()),
                operation: acl_words::operation(&operation).ok_or_else(|| unknown("operation", &operation))?,
                permission: acl_words::permission(&permission).ok_or_else(|| unknown("permission", &permission))?,
            };
            self.grant(owner, acl_name.line, binding, true);
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "kafka_gitops_tests.rs"]
mod tests;
