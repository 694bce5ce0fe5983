//! The double's data, kept as Confluent's registry keeps it: one schema per distinct
//! (type, text, references), with one id shared by every subject that registers it;
//! per subject, numbered versions that can be soft-deleted and then hard-deleted;
//! compatibility levels global and per subject.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::errors::RegistryError;
use tributary_core::schema::compatibility::Level;

/// A reference from one schema to another subject's version, as in the REST API.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Reference {
    pub name: String,
    pub subject: String,
    pub version: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSchema {
    /// `AVRO`, `PROTOBUF` or `JSON`.
    pub schema_type: String,
    pub schema: String,
    pub references: Vec<Reference>,
    /// Registration metadata (`metadata` of the request), kept as given.
    pub metadata: Option<serde_json::Value>,
    /// Data-contract rules (`ruleSet` of the request: `domainRules`, `migrationRules`),
    /// kept as given; part of the schema's identity, as Confluent's registry has it.
    pub rule_set: Option<serde_json::Value>,
}

#[derive(Clone, Debug)]
pub struct SubjectVersion {
    pub version: i32,
    pub id: i32,
    pub deleted: bool,
}

#[derive(Default)]
pub struct RegistryStore {
    schemas: BTreeMap<i32, StoredSchema>,
    subjects: BTreeMap<String, Vec<SubjectVersion>>,
    /// Versions ever used per subject: numbers are never reused after a hard delete.
    last_version: BTreeMap<String, i32>,
    pub global_compatibility: String,
    pub subject_compatibility: BTreeMap<String, String>,
}

impl RegistryStore {
    pub fn new() -> Self {
        RegistryStore { global_compatibility: "BACKWARD".into(), ..Default::default() }
    }

    /// The id of an identical schema, if one is registered anywhere.
    pub fn id_of(&self, schema: &StoredSchema) -> Option<i32> {
        self.schemas.iter().find(|(_, stored)| *stored == schema).map(|(id, _)| *id)
    }

    pub fn schema(&self, id: i32) -> Option<&StoredSchema> {
        self.schemas.get(&id)
    }

    /// Registers `schema` under `subject`: the existing version if the subject already
    /// has this schema (not deleted), else a new version. Returns the schema id.
    pub fn register(&mut self, subject: &str, schema: StoredSchema) -> i32 {
        let id = match self.id_of(&schema) {
            Some(id) => id,
            None => {
                let id = self.schemas.keys().next_back().copied().unwrap_or(0) + 1;
                self.schemas.insert(id, schema);
                id
            }
        };
        let versions = self.subjects.entry(subject.to_owned()).or_default();
        if versions.iter().any(|version| version.id == id && !version.deleted) {
            return id;
        }
        let last = self.last_version.entry(subject.to_owned()).or_insert(0);
        *last += 1;
        versions.push(SubjectVersion { version: *last, id, deleted: false });
        id
    }

    /// Subject names, sorted; soft-deleted subjects only with `deleted`.
    pub fn subjects(&self, deleted: bool) -> Vec<String> {
        self.subjects
            .iter()
            .filter(|(_, versions)| versions.iter().any(|version| deleted || !version.deleted))
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// The versions of `subject`; 40401 if it has none visible.
    pub fn versions(&self, subject: &str, deleted: bool) -> Result<Vec<&SubjectVersion>, RegistryError> {
        let visible: Vec<&SubjectVersion> = self
            .subjects
            .get(subject)
            .map(|versions| versions.iter().filter(|version| deleted || !version.deleted).collect())
            .unwrap_or_default();
        if visible.is_empty() {
            return Err(RegistryError::subject_not_found(subject));
        }
        Ok(visible)
    }

    /// One version: a number or `latest`/`-1` (the highest live one).
    pub fn version(&self, subject: &str, version: &str, deleted: bool) -> Result<&SubjectVersion, RegistryError> {
        let versions = self.versions(subject, deleted)?;
        match version {
            "latest" | "-1" => versions
                .iter()
                .filter(|v| !v.deleted)
                .max_by_key(|v| v.version)
                .copied()
                .ok_or_else(|| RegistryError::version_not_found(version)),
            number => {
                let number: i32 = number.parse().map_err(|_| RegistryError::invalid_version(version))?;
                if number < 1 {
                    return Err(RegistryError::invalid_version(version));
                }
                versions
                    .into_iter()
                    .find(|v| v.version == number)
                    .ok_or_else(|| RegistryError::version_not_found(version))
            }
        }
    }

    /// (subject, version) pairs that use schema `id`.
    pub fn usages(&self, id: i32, deleted: bool) -> Vec<(String, i32)> {
        self.subjects
            .iter()
            .flat_map(|(subject, versions)| {
                versions
                    .iter()
                    .filter(move |version| version.id == id && (deleted || !version.deleted))
                    .map(move |version| (subject.clone(), version.version))
            })
            .collect()
    }

    /// Soft-deletes (or, `permanent`, removes a soft-deleted) subject; returns the
    /// versions affected. A hard delete requires a soft delete first (40405).
    pub fn delete_subject(&mut self, subject: &str, permanent: bool) -> Result<Vec<i32>, RegistryError> {
        let versions = self.subjects.get_mut(subject).ok_or_else(|| RegistryError::subject_not_found(subject))?;
        if permanent {
            if versions.iter().any(|version| !version.deleted) {
                return Err(RegistryError::not_soft_deleted(subject));
            }
            let numbers = versions.iter().map(|version| version.version).collect();
            self.subjects.remove(subject);
            self.subject_compatibility.remove(subject);
            return Ok(numbers);
        }
        let live: Vec<i32> = versions.iter().filter(|v| !v.deleted).map(|v| v.version).collect();
        if live.is_empty() {
            return Err(RegistryError::subject_soft_deleted(subject));
        }
        versions.iter_mut().for_each(|version| version.deleted = true);
        Ok(live)
    }

    /// Soft- or (after a soft delete) hard-deletes one version; returns its number.
    pub fn delete_version(&mut self, subject: &str, version: &str, permanent: bool) -> Result<i32, RegistryError> {
        let number = self.version(subject, version, permanent)?.version;
        let versions = self.subjects.get_mut(subject).ok_or_else(|| RegistryError::subject_not_found(subject))?;
        let index = versions
            .iter()
            .position(|v| v.version == number)
            .ok_or_else(|| RegistryError::version_not_found(version))?;
        if permanent {
            if !versions[index].deleted {
                return Err(RegistryError::version_not_soft_deleted(subject, number));
            }
            versions.remove(index);
            if versions.is_empty() {
                self.subjects.remove(subject);
            }
        } else {
            versions[index].deleted = true;
        }
        Ok(number)
    }

    /// The compatibility level that applies to `subject`: its own, else the global one.
    /// Levels are checked when set, so the fallback never applies in practice.
    pub fn level_of(&self, subject: &str) -> Level {
        Level::parse(self.subject_compatibility.get(subject).unwrap_or(&self.global_compatibility))
            .unwrap_or(Level::Backward)
    }

    /// One version and its schema.
    pub fn version_with_schema(
        &self,
        subject: &str,
        version: &str,
        deleted: bool,
    ) -> Result<(&SubjectVersion, &StoredSchema), RegistryError> {
        let found = self.version(subject, version, deleted)?;
        let schema = self.schema(found.id).ok_or_else(|| RegistryError::schema_not_found(&found.id.to_string()))?;
        Ok((found, schema))
    }

    /// Ids of the schemas whose references name `subject` version `version`.
    pub fn referencing_ids(&self, subject: &str, version: i32) -> Vec<i32> {
        self.schemas
            .iter()
            .filter(|(_, schema)| schema.references.iter().any(|r| r.subject == subject && r.version == version))
            .map(|(id, _)| *id)
            .collect()
    }

    /// Schema ids of the live versions of `subject`.
    pub fn live_ids(&self, subject: &str) -> Vec<i32> {
        self.subjects.get(subject).into_iter().flatten().filter(|version| !version.deleted).map(|v| v.id).collect()
    }

    /// Every live schema of `subject`, oldest first, for compatibility checks.
    pub fn live_schemas(&self, subject: &str) -> Vec<&StoredSchema> {
        self.live_ids(subject).into_iter().filter_map(|id| self.schemas.get(&id)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn avro(text: &str) -> StoredSchema {
        StoredSchema {
            schema_type: "AVRO".into(),
            schema: text.into(),
            references: vec![],
            metadata: None,
            rule_set: None,
        }
    }

    #[test]
    fn identical_schemas_share_one_id_across_subjects_and_reregistering_is_idempotent() {
        let mut store = RegistryStore::new();
        let first = store.register("orders-value", avro("\"string\""));
        assert_eq!(store.register("payments-value", avro("\"string\"")), first);
        assert_eq!(store.register("orders-value", avro("\"string\"")), first);
        assert_eq!(store.versions("orders-value", false).unwrap().len(), 1);
        let second = store.register("orders-value", avro("\"long\""));
        assert_eq!(second, first + 1);
        assert_eq!(store.version("orders-value", "latest", false).unwrap().version, 2);
        assert_eq!(store.usages(first, false), [("orders-value".into(), 1), ("payments-value".into(), 1)]);
    }

    #[test]
    fn deletes_are_soft_first_and_version_numbers_are_never_reused() {
        let mut store = RegistryStore::new();
        store.register("s", avro("\"string\""));
        assert_eq!(store.delete_subject("s", true).unwrap_err().error_code, 40405);
        assert_eq!(store.delete_subject("s", false).unwrap(), [1]);
        assert!(store.subjects(false).is_empty());
        assert_eq!(store.subjects(true), ["s"]);
        assert_eq!(store.versions("s", false).unwrap_err().error_code, 40401);
        assert_eq!(store.delete_subject("s", true).unwrap(), [1]);
        store.register("s", avro("\"string\""));
        assert_eq!(store.version("s", "latest", false).unwrap().version, 2);
        assert_eq!(store.version("s", "0", false).unwrap_err().error_code, 42202);
        assert_eq!(store.version("s", "7", false).unwrap_err().error_code, 40402);
    }
}
