//! What changed between two versions of a schema, field by field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Field, SchemaTree};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum FieldChange {
    Added { path: String, type_label: String },
    Removed { path: String, type_label: String },
    Retyped { path: String, before: String, after: String },
    TagsChanged { path: String, added: Vec<String>, removed: Vec<String> },
    DefaultChanged { path: String, before: Option<String>, after: Option<String> },
    DocChanged { path: String },
}

impl FieldChange {
    pub fn path(&self) -> &str {
        match self {
            FieldChange::Added { path, .. }
            | FieldChange::Removed { path, .. }
            | FieldChange::Retyped { path, .. }
            | FieldChange::TagsChanged { path, .. }
            | FieldChange::DefaultChanged { path, .. }
            | FieldChange::DocChanged { path } => path,
        }
    }
}

/// The changes from `before` to `after`, in path order; a removed or added subtree is
/// reported once, at its top.
pub fn diff_schemas(before: &SchemaTree, after: &SchemaTree) -> Vec<FieldChange> {
    let index = |tree: &SchemaTree| -> BTreeMap<String, Field> {
        tree.all_fields().into_iter().map(|field| (field.path.clone(), field.clone())).collect()
    };
    let (old, new) = (index(before), index(after));
    let under_reported =
        |path: &str, reported: &[String]| reported.iter().any(|top| path.starts_with(&format!("{top}.")));
    let mut changes = Vec::new();
    let mut removed_tops: Vec<String> = Vec::new();
    let mut added_tops: Vec<String> = Vec::new();
    for (path, field) in &old {
        if !new.contains_key(path) && !under_reported(path, &removed_tops) {
            changes.push(FieldChange::Removed { path: path.clone(), type_label: field.type_label.clone() });
            removed_tops.push(path.clone());
        }
    }
    for (path, field) in &new {
        let Some(previous) = old.get(path) else {
            if !under_reported(path, &added_tops) {
                changes.push(FieldChange::Added { path: path.clone(), type_label: field.type_label.clone() });
                added_tops.push(path.clone());
            }
            continue;
        };
        if previous.type_label != field.type_label {
            changes.push(FieldChange::Retyped {
                path: path.clone(),
                before: previous.type_label.clone(),
                after: field.type_label.clone(),
            });
        }
        let added: Vec<String> = field.tags.iter().filter(|tag| !previous.tags.contains(tag)).cloned().collect();
        let removed: Vec<String> = previous.tags.iter().filter(|tag| !field.tags.contains(tag)).cloned().collect();
        if !added.is_empty() || !removed.is_empty() {
            changes.push(FieldChange::TagsChanged { path: path.clone(), added, removed });
        }
        if previous.default != field.default {
            changes.push(FieldChange::DefaultChanged {
                path: path.clone(),
                before: previous.default.clone(),
                after: field.default.clone(),
            });
        }
        if previous.doc != field.doc {
            changes.push(FieldChange::DocChanged { path: path.clone() });
        }
    }
    changes.sort_by(|a, b| a.path().cmp(b.path()));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SchemaFormat;

    fn field(path: &str, type_label: &str, tags: &[&str]) -> Field {
        let (parent, name) = path.rsplit_once('.').unwrap_or(("", path));
        let mut field = Field::new(name, parent, type_label.into());
        field.tags = tags.iter().map(|tag| (*tag).to_owned()).collect();
        field
    }

    fn tree(fields: Vec<Field>) -> SchemaTree {
        SchemaTree {
            format: SchemaFormat::Avro,
            name: "Order".into(),
            type_label: "record".into(),
            doc: None,
            tags: vec![],
            fields,
            declared_topics: vec![],
        }
    }

    #[test]
    fn added_removed_retyped_and_tag_changes_are_reported_once_per_subtree() {
        let mut customer = field("customer", "Customer", &[]);
        customer.children = vec![field("customer.email", "string", &[]), field("customer.ssn", "string", &[])];
        let before = tree(vec![field("id", "int", &[]), customer, field("note", "string", &[])]);
        let mut shipping = field("shipping", "Address", &[]);
        shipping.children = vec![field("shipping.zip", "string", &[])];
        let mut customer = field("customer", "Customer", &[]);
        customer.children = vec![field("customer.email", "string", &["PII"])];
        let after = tree(vec![field("id", "long", &[]), customer, shipping]);
        assert_eq!(
            diff_schemas(&before, &after),
            vec![
                FieldChange::TagsChanged { path: "customer.email".into(), added: vec!["PII".into()], removed: vec![] },
                FieldChange::Removed { path: "customer.ssn".into(), type_label: "string".into() },
                FieldChange::Retyped { path: "id".into(), before: "int".into(), after: "long".into() },
                FieldChange::Removed { path: "note".into(), type_label: "string".into() },
                FieldChange::Added { path: "shipping".into(), type_label: "Address".into() },
            ]
        );
        assert!(diff_schemas(&after, &after).is_empty());
    }
}
