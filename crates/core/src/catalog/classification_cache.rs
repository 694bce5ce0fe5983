//! Each subject's schemas classified once, not at every compliance evaluation:
//! classifying 100,000 fields takes about 300 ms, an evaluation has 100 ms in all. The
//! latest version is what the topic carries now; the earlier ones are classified too,
//! for the records of theirs the topic may still hold (see [`super::versions_held`]).
//!
//! Entries belong to a schema source's snapshot. While a source's snapshot is the same
//! (`Arc` identity: a read that found nothing new keeps it), its entries hold. When it
//! is replaced, each subject is classified again only if its versions'
//! fingerprint (schema ids, version numbers, deletions, schema texts) changed: a directory gives every
//! file the id 0, so the id alone would not tell. The text is hashed with FxHash, several
//! times faster than the default SipHash over 10,000 schemas; its weaker resistance to
//! chosen collisions does not matter here, since a registry gives every new schema text
//! a new id or version, and a directory's files are the operator's own.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHasher};

use model::{ContractRule, RegistrySnapshot, SchemaTree, Subject};

use crate::classification::{classify, ClassifiedField, RuleSet};
use crate::compliance::protection::protecting_rule;

/// What one subject's latest version holds, before stewards' decisions.
#[derive(Debug, Default)]
pub struct SubjectClassification {
    fingerprint: u64,
    /// Fields with categories or dismissable suggestions, in tree order.
    pub fields: Vec<ClassifiedField>,
    /// Every tag on its fields, as written.
    pub tags: BTreeSet<String>,
    /// The classified fields a data-contract rule protects, by path, with the rule's name.
    pub protected: HashMap<String, String>,
    /// Every other version that parses, by version number.
    pub earlier: Vec<VersionClassification>,
}

/// What one earlier version of a subject held, before stewards' decisions.
#[derive(Debug, Default)]
pub struct VersionClassification {
    pub version: i32,
    pub fields: Vec<ClassifiedField>,
    /// As [`SubjectClassification::protected`], for this version's rules.
    pub protected: HashMap<String, String>,
}

/// Classifications by source, each for one snapshot of the source.
#[derive(Default)]
pub struct ClassificationCache {
    sources: HashMap<String, SourceEntries>,
}

#[derive(Default)]
struct SourceEntries {
    /// The snapshot the entries were checked against (compared by address only).
    snapshot: usize,
    subjects: FxHashMap<String, Arc<SubjectClassification>>,
}

impl ClassificationCache {
    /// How many subjects are classified.
    pub fn len(&self) -> usize {
        self.sources.values().map(|source| source.subjects.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Starts a pass over each of `sources` (name, snapshot): a snapshot other than the
    /// last one seen makes every entry of its source due for a fingerprint check.
    /// Sources not given are forgotten.
    pub fn passes<'a>(&'a mut self, sources: &[(&str, &Arc<RegistrySnapshot>)]) -> HashMap<String, SourcePass<'a>> {
        self.sources.retain(|name, _| sources.iter().any(|(source, _)| source == name));
        for (source, _) in sources {
            self.sources.entry((*source).to_owned()).or_default();
        }
        self.sources
            .iter_mut()
            .filter_map(|(name, entries)| {
                let (_, snapshot) = sources.iter().find(|(source, _)| source == name)?;
                let address = Arc::as_ptr(snapshot) as usize;
                let changed = entries.snapshot != address;
                entries.snapshot = address;
                let mut checked = FxHashMap::default();
                if changed {
                    checked.reserve(entries.subjects.len());
                }
                Some((name.clone(), SourcePass { entries, changed, checked }))
            })
            .collect()
    }
}

/// One pass over one source's snapshot.
pub struct SourcePass<'a> {
    entries: &'a mut SourceEntries,
    changed: bool,
    /// When the snapshot changed: the entries checked in this pass, which replace the
    /// source's entries when the pass ends.
    checked: FxHashMap<String, Arc<SubjectClassification>>,
}

impl SourcePass<'_> {
    /// `subject`'s classification; `None` when its latest version does not parse.
    pub fn classification(&mut self, subject: &Subject, rules: &RuleSet) -> Option<Arc<SubjectClassification>> {
        let latest = subject.latest()?;
        let tree = latest.parsed.as_ref().ok()?;
        if !self.changed {
            if let Some(known) = self.entries.subjects.get(&subject.name) {
                return Some(Arc::clone(known));
            }
        }
        if let Some(known) = self.checked.get(&subject.name) {
            return Some(Arc::clone(known));
        }
        let mut hasher = FxHasher::default();
        for version in &subject.versions {
            (version.id, version.version, version.deleted, &version.schema).hash(&mut hasher);
        }
        let fingerprint = hasher.finish();
        let reusable = self.entries.subjects.get(&subject.name).filter(|known| known.fingerprint == fingerprint);
        let classification = match reusable {
            Some(known) => Arc::clone(known),
            None => {
                let (fields, protected) = classify_version(tree, &latest.rules, rules);
                let tags = tree.all_fields().iter().flat_map(|field| field.tags.iter().cloned()).collect();
                let earlier = subject
                    .versions
                    .iter()
                    .filter(|version| version.version != latest.version)
                    .filter_map(|version| {
                        let tree = version.parsed.as_ref().ok()?;
                        let (fields, protected) = classify_version(tree, &version.rules, rules);
                        Some(VersionClassification { version: version.version, fields, protected })
                    })
                    .collect();
                Arc::new(SubjectClassification { fingerprint, fields, tags, protected, earlier })
            }
        };
        if self.changed {
            self.checked.insert(subject.name.clone(), Arc::clone(&classification));
        } else {
            self.entries.subjects.insert(subject.name.clone(), Arc::clone(&classification));
        }
        Some(classification)
    }
}

/// One version's classified fields, and those of them a data-contract rule protects.
fn classify_version(
    tree: &SchemaTree,
    contract: &[ContractRule],
    rules: &RuleSet,
) -> (Vec<ClassifiedField>, HashMap<String, String>) {
    let fields = classify(tree, rules);
    let all = tree.all_fields();
    let protected = fields
        .iter()
        .filter_map(|classified| {
            let field = all.iter().find(|field| field.path == classified.path)?;
            let rule = protecting_rule(contract, &field.name, &field.tags)?;
            Some((classified.path.clone(), rule.name.clone()))
        })
        .collect();
    (fields, protected)
}

impl Drop for SourcePass<'_> {
    /// A changed snapshot's entries become those checked in this pass: subjects gone
    /// from the source are dropped with it.
    fn drop(&mut self) {
        if self.changed {
            self.entries.subjects = std::mem::take(&mut self.checked);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Field, SchemaFormat, SchemaTree, SubjectVersion};

    fn subject(field: &str, schema: &str) -> Subject {
        Subject {
            name: "s".into(),
            compatibility: None,
            topics: vec![],
            versions: vec![SubjectVersion {
                version: 1,
                id: 0,
                format: SchemaFormat::Avro,
                deleted: false,
                schema: schema.into(),
                references: vec![],
                properties: Default::default(),
                rules: Vec::new(),
                parsed: Ok(SchemaTree {
                    format: SchemaFormat::Avro,
                    name: "R".into(),
                    type_label: "record".into(),
                    doc: None,
                    tags: vec![],
                    fields: vec![Field::new(field, "", "string".into())],
                    declared_topics: vec![],
                }),
            }],
        }
    }

    fn snapshot(subject: Subject) -> Arc<RegistrySnapshot> {
        Arc::new(RegistrySnapshot { global_compatibility: None, subjects: vec![subject] })
    }

    #[test]
    fn a_changed_file_with_the_same_id_is_classified_again() {
        let rules = RuleSet::builtin();
        let mut cache = ClassificationCache::default();
        let first = snapshot(subject("email", "v1"));
        let mut classify = |snapshot: &Arc<RegistrySnapshot>| {
            let mut passes = cache.passes(&[("dir", snapshot)]);
            passes.get_mut("dir").unwrap().classification(&snapshot.subjects[0], &rules).unwrap()
        };
        let found = classify(&first);
        assert_eq!(found.fields.len(), 1, "email is personal data");
        // The same snapshot again: the entry is reused as it is.
        let again = classify(&first);
        assert!(Arc::ptr_eq(&found, &again));
        // A new snapshot whose file changed (same id 0): classified afresh.
        let second = snapshot(subject("order_total", "v2"));
        let changed = classify(&second);
        assert!(changed.fields.is_empty(), "{:?}", changed.fields);
        // A new snapshot with the same text: the entry is reused.
        let third = snapshot(subject("order_total", "v2"));
        let kept = classify(&third);
        assert!(Arc::ptr_eq(&changed, &kept));
        assert_eq!(cache.len(), 1);
    }
}
