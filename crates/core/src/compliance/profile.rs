//! A compliance profile as written in its TOML file: a name, a scope (which topics it
//! covers) and rules (what those topics must obey). Parsing is strict: an unknown key
//! or rule, a wrong type or a pattern that does not compile is an error naming the line.
//!
//! ```toml
//! name = "Customer data"
//! description = "GDPR: personal data of customers"
//! [scope]
//! clusters = ["prod"]          # any of the clusters (all when absent)
//! categories = ["PII"]         # and any of: topics holding these categories,
//! tags = ["GDPR"]              #   fields carrying these tags,
//! patterns = ['^customers\.']  #   names matching these expressions,
//! topics = ["orders"]          #   these topics (all topics when none is given)
//! [rules]
//! max_retention_days = 30
//! cleanup_policy = "delete"
//! min_replication_factor = 3
//! min_insync_replicas = 2
//! require_value_schema = true
//! compatibility = ["BACKWARD", "FULL"]
//! require_owner = true
//! allowed_groups = ["billing"]
//! allowed_principals = ["User:billing"]
//! allowed_connectors = ["crm-sink"]
//! forbid_public_read = true
//! require_protection = true
//! forbid_flow_outside = true
//! no_undeclared_topics = true  # the estate's code (JulieOps, kafka-gitops, Terraform)
//! max_drift_hours = 24         #   declares each topic, drift is fixed within a day,
//! only_declared_readers = true #   and only principals the code declares read
//! [entity]                     # what identifies a person, for erasure requests
//! name = "member"
//! key_topics = ['^members$']
//! fields = ["member_id"]
//! ```

use std::collections::BTreeSet;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::entity::MAX_PATTERN_CHARS;
use crate::classification::Category;

/// The longest profile file read; a profile is a page of TOML.
pub const MAX_PROFILE_BYTES: usize = 256 * 1024;

/// One profile, ready to evaluate.
#[derive(Clone, Debug)]
pub struct Profile {
    pub name: String,
    /// The file it came from, relative to the profiles directory.
    pub file: String,
    pub description: String,
    pub scope: Scope,
    pub rules: Rules,
    /// What identifies one person in its topics, for erasure requests; `None` when the
    /// profile does not say.
    pub entity: Option<super::entity::Entity>,
}

/// Which topics a profile covers: of the given clusters (all when empty), those matched
/// by any of the other criteria (all topics when none is given).
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub clusters: Vec<String>,
    pub topics: Vec<String>,
    pub patterns: Vec<Regex>,
    /// Category names (`PII`), upper-cased.
    pub categories: Vec<String>,
    pub tags: Vec<String>,
}

/// What topics in scope must obey; `None`/`false`/empty means not required.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    /// Records must be deleted within this many days (so never kept forever).
    pub max_retention_days: Option<u32>,
    /// A topic's personal data must be gone within this many days everywhere in Kafka it
    /// flows (downstream topics and state stores included; see `compliance::lifespan`).
    pub max_persistence_days: Option<u32>,
    /// `cleanup.policy` must be exactly this (`delete`, `compact`, `compact,delete`).
    pub cleanup_policy: Option<String>,
    pub min_replication_factor: Option<u32>,
    pub min_insync_replicas: Option<u32>,
    /// The topic's values must have a schema in a schema source.
    pub require_value_schema: bool,
    /// The value schema's compatibility level must be one of these.
    pub compatibility: Vec<String>,
    /// The value schema's registration must name an owner (`metadata.properties.owner`).
    pub require_owner: bool,
    /// When given, groups seen reading must be among these.
    pub allowed_groups: Option<Vec<String>>,
    /// When given, principals seen reading (through a group their ACLs let them use)
    /// must be among these.
    pub allowed_principals: Option<Vec<String>>,
    /// When given, sink connectors reading must be among these.
    pub allowed_connectors: Option<Vec<String>>,
    /// No ACL may let every principal (`User:*`) read the topic.
    pub forbid_public_read: bool,
    /// Every personal field must be encrypted or masked as written by a data-contract
    /// rule of its registration (see [`super::protection`]).
    pub require_protection: bool,
    /// Personal data must not flow (through an application) into a topic the profile
    /// does not cover.
    pub forbid_flow_outside: bool,
    /// The cluster's estate code (an `[[estate_sources]]` entry) must declare the topic.
    pub no_undeclared_topics: bool,
    /// No difference between the estate code and the topic may be older than this.
    pub max_drift_hours: Option<u32>,
    /// Principals seen reading the topic must be declared by the estate code.
    pub only_declared_readers: bool,
}

/// The compatibility levels the Confluent Schema Registry knows.
const COMPATIBILITY_LEVELS: [&str; 7] =
    ["NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"];

/// The cleanup policies Kafka knows, as `cleanup.policy` spells them.
const CLEANUP_POLICIES: [&str; 3] = ["delete", "compact", "compact,delete"];

/// Why a profile file could not be used, with the line where it is known.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|line| format!(", line {line}")).unwrap_or_default())]
pub struct ProfileError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    name: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    scope: ScopeFile,
    rules: Spanned<Rules>,
    entity: Option<Spanned<super::entity::EntityFile>>,
}

#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ScopeFile {
    clusters: Vec<String>,
    topics: Vec<String>,
    patterns: Vec<Spanned<String>>,
    categories: Vec<String>,
    tags: Vec<String>,
}

impl Profile {
    /// Parses the profile in `text`, read from `file` (named in errors). Its name is the
    /// file's stem unless the file gives one.
    pub fn parse(file: &str, text: &str) -> Result<Profile, ProfileError> {
        let error = |line: Option<usize>, message: String| ProfileError { file: file.to_owned(), line, message };
        if text.len() > MAX_PROFILE_BYTES {
            return Err(error(None, format!("is larger than {MAX_PROFILE_BYTES} bytes")));
        }
        let parsed: ProfileFile = toml::from_str(text).map_err(|problem| {
            let line = problem.span().map(|span| line_of(text, span.start));
            error(line, problem.message().to_owned())
        })?;
        let rules_line = line_of(text, parsed.rules.span().start);
        let rules = parsed.rules.into_inner();
        check_rules(&rules).map_err(|message| error(Some(rules_line), message))?;
        let mut patterns = Vec::new();
        for pattern in parsed.scope.patterns {
            let line = Some(line_of(text, pattern.span().start));
            let pattern = pattern.into_inner();
            if pattern.chars().count() > MAX_PATTERN_CHARS {
                return Err(error(line, format!("a pattern is at most {MAX_PATTERN_CHARS} characters")));
            }
            let compiled = Regex::new(&pattern)
                .map_err(|problem| error(line, format!("pattern `{pattern}` does not compile: {problem}")))?;
            patterns.push(compiled);
        }
        let entity = match parsed.entity {
            Some(entity) => {
                let line = Some(line_of(text, entity.span().start));
                Some(entity.into_inner().compile().map_err(|problem| error(line, problem.to_string()))?)
            }
            None => None,
        };
        let stem = file.rsplit('/').next().unwrap_or(file);
        let stem = stem.strip_suffix(".toml").unwrap_or(stem);
        let name = parsed.name.map(|name| name.trim().to_owned()).filter(|name| !name.is_empty());
        Ok(Profile {
            name: name.unwrap_or_else(|| stem.to_owned()),
            file: file.to_owned(),
            description: parsed.description,
            scope: Scope {
                clusters: parsed.scope.clusters,
                topics: parsed.scope.topics,
                patterns,
                categories: parsed.scope.categories.iter().map(|category| Category::named(category).0).collect(),
                tags: parsed.scope.tags,
            },
            rules,
            entity,
        })
    }
}

/// Values a rule cannot take, which TOML's types do not already refuse.
fn check_rules(rules: &Rules) -> Result<(), String> {
    if let Some(policy) = &rules.cleanup_policy {
        if !CLEANUP_POLICIES.contains(&normalised_policy(policy).as_str()) {
            return Err(format!("cleanup_policy is one of {}, not `{policy}`", CLEANUP_POLICIES.join(", ")));
        }
    }
    for level in &rules.compatibility {
        if !COMPATIBILITY_LEVELS.contains(&level.to_ascii_uppercase().as_str()) {
            return Err(format!("compatibility levels are {}, not `{level}`", COMPATIBILITY_LEVELS.join(", ")));
        }
    }
    if rules.min_replication_factor == Some(0) || rules.min_insync_replicas == Some(0) {
        return Err("a minimum of 0 replicas requires nothing: leave the rule out".to_owned());
    }
    Ok(())
}

/// `cleanup.policy` as a set, so that `delete,compact` reads as `compact,delete`.
pub fn normalised_policy(policy: &str) -> String {
    let parts: BTreeSet<String> =
        policy.split(',').map(|part| part.trim().to_ascii_lowercase()).filter(|part| !part.is_empty()).collect();
    parts.into_iter().collect::<Vec<_>>().join(",")
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

impl Scope {
    /// The scope in sentences, for pages.
    pub fn describe(&self) -> Vec<String> {
        let list = |items: &[String]| items.join(", ");
        let mut lines = Vec::new();
        if !self.clusters.is_empty() {
            lines.push(format!("on clusters {}", list(&self.clusters)));
        }
        if !self.categories.is_empty() {
            lines.push(format!("topics holding {}", list(&self.categories)));
        }
        if !self.tags.is_empty() {
            lines.push(format!("topics with fields tagged {}", list(&self.tags)));
        }
        if !self.patterns.is_empty() {
            let patterns: Vec<String> = self.patterns.iter().map(|pattern| pattern.as_str().to_owned()).collect();
            lines.push(format!("topics named like {}", list(&patterns)));
        }
        if !self.topics.is_empty() {
            lines.push(format!("topics {}", list(&self.topics)));
        }
        if lines.len() == usize::from(!self.clusters.is_empty()) {
            lines.push("every topic".to_owned());
        }
        lines
    }
}

impl Rules {
    /// Each rule in force, by its name in the file, with what it requires.
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        let names = |items: &[String]| items.join(", ");
        let mut rules = Vec::new();
        if let Some(days) = self.max_retention_days {
            rules.push(("max_retention_days", format!("records are deleted within {days} days")));
        }
        if let Some(days) = self.max_persistence_days {
            rules.push((
                "max_persistence_days",
                format!("personal data is gone within {days} days everywhere in Kafka it flows"),
            ));
        }
        if let Some(policy) = &self.cleanup_policy {
            rules.push(("cleanup_policy", format!("cleanup.policy is {policy}")));
        }
        if let Some(factor) = self.min_replication_factor {
            rules.push(("min_replication_factor", format!("at least {factor} replicas")));
        }
        if let Some(replicas) = self.min_insync_replicas {
            rules.push(("min_insync_replicas", format!("min.insync.replicas is at least {replicas}")));
        }
        if self.require_value_schema {
            rules.push(("require_value_schema", "values have a registered schema".to_owned()));
        }
        if !self.compatibility.is_empty() {
            rules
                .push(("compatibility", format!("the value schema's compatibility is {}", names(&self.compatibility))));
        }
        if self.require_owner {
            rules.push(("require_owner", "the value schema names an owner".to_owned()));
        }
        if let Some(groups) = &self.allowed_groups {
            rules.push(("allowed_groups", format!("only these groups read: {}", names(groups))));
        }
        if let Some(principals) = &self.allowed_principals {
            rules.push(("allowed_principals", format!("only these principals read: {}", names(principals))));
        }
        if let Some(connectors) = &self.allowed_connectors {
            rules.push(("allowed_connectors", format!("only these connectors read: {}", names(connectors))));
        }
        if self.forbid_public_read {
            rules.push(("forbid_public_read", "no ACL lets every principal (User:*) read".to_owned()));
        }
        if self.require_protection {
            rules.push(("require_protection", "personal fields are encrypted or masked as written".to_owned()));
        }
        if self.no_undeclared_topics {
            rules.push(("no_undeclared_topics", "the estate's code declares the topic".to_owned()));
        }
        if let Some(hours) = self.max_drift_hours {
            rules.push(("max_drift_hours", format!("drift from the estate's code is fixed within {hours} hours")));
        }
        if self.only_declared_readers {
            rules.push(("only_declared_readers", "only principals the estate's code declares read".to_owned()));
        }
        if self.forbid_flow_outside {
            rules.push(("forbid_flow_outside", "personal data flows only into topics this profile covers".to_owned()));
        }
        rules
    }
}

#[cfg(test)]
#[path = "profile_tests.rs"]
mod tests;
