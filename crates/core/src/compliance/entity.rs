//! A profile's entity: what identifies one person in its topics, for erasure requests.
//!
//! ```toml
//! [entity]
//! name = "member"                   # what a key names, as records say it
//! key_topics = ['^members$']        # topics whose record key is the person's id
//! fields = ["member_id", "memberId"]  # value fields that hold it, in any topic
//! ```

use regex::Regex;
use serde::Deserialize;

/// The longest name pattern a profile accepts, in its scope and its entity (compiled
/// size is bounded by the regex crate).
pub(super) const MAX_PATTERN_CHARS: usize = 1_000;

/// As written in the file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EntityFile {
    name: String,
    #[serde(default)]
    key_topics: Vec<String>,
    #[serde(default)]
    fields: Vec<String>,
}

/// What identifies one person, compiled.
#[derive(Clone, Debug)]
pub struct Entity {
    pub name: String,
    /// Topics (by name) whose record key is the person's id.
    pub key_topics: Vec<Regex>,
    /// Field names (the last segment of a path) whose value is the person's id.
    pub fields: Vec<String>,
}

/// Why a profile's `[entity]` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum EntityError {
    #[error("[entity] name must name what a key identifies (\"member\")")]
    Unnamed,
    #[error("[entity] needs key_topics or fields: nothing would identify the person")]
    NothingIdentifies,
    #[error("a pattern is at most {MAX_PATTERN_CHARS} characters")]
    PatternTooLong,
    #[error("pattern `{pattern}` does not compile: {source}")]
    Pattern { pattern: String, source: regex::Error },
}

/// How a topic names the person, if it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdentifiedBy {
    Key,
    /// The field's path in the value.
    Field(String),
}

impl EntityFile {
    /// The entity compiled, or why not.
    pub(super) fn compile(self) -> Result<Entity, EntityError> {
        if self.name.trim().is_empty() {
            return Err(EntityError::Unnamed);
        }
        if self.key_topics.is_empty() && self.fields.is_empty() {
            return Err(EntityError::NothingIdentifies);
        }
        let mut key_topics = Vec::new();
        for pattern in self.key_topics {
            if pattern.chars().count() > MAX_PATTERN_CHARS {
                return Err(EntityError::PatternTooLong);
            }
            let compiled = Regex::new(&pattern);
            key_topics.push(compiled.map_err(|source| EntityError::Pattern { pattern, source })?);
        }
        Ok(Entity { name: self.name.trim().to_owned(), key_topics, fields: self.fields })
    }
}

impl Entity {
    /// How `topic`, whose value has the fields at `paths`, names the person: by its key
    /// first (a key topic), else by the first field of the entity's it has.
    pub fn identifies(&self, topic: &str, paths: &[String]) -> Option<IdentifiedBy> {
        if self.key_topics.iter().any(|pattern| pattern.is_match(topic)) {
            return Some(IdentifiedBy::Key);
        }
        paths
            .iter()
            .find(|path| {
                let leaf = path.rsplit('.').next().unwrap_or(path);
                self.fields.iter().any(|field| field == leaf)
            })
            .map(|path| IdentifiedBy::Field(path.clone()))
    }
}
