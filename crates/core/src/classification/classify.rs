//! A schema tree's fields with the categories of data they hold and where each came
//! from. Tags in the schema (or given at registration) are taken as they are; name rules
//! suggest the rest.

use std::collections::BTreeSet;

use model::{Decision, Field, SchemaTree};

use super::rules::{about_the_datum, normalise, Category, Context, NameRule, RuleSet};

/// Where a field's category came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Provenance {
    /// A tag on the field, in the schema or given at registration (`metadata.tags`).
    SchemaTag { tag: String },
    /// A name rule matched the field's name.
    NameRule { rule: String },
    /// A name rule matched the field's doc.
    DocRule { rule: String },
    /// A steward decided (`rule`: the rule whose suggestion was confirmed or dismissed).
    Steward { decision: Decision, rule: Option<String>, by: String, at_ms: i64, reason: String },
}

impl Provenance {
    /// The rule behind a suggestion, if this is one.
    pub fn suggesting_rule(&self) -> Option<&str> {
        match self {
            Provenance::NameRule { rule } | Provenance::DocRule { rule } => Some(rule),
            _ => None,
        }
    }
}

/// One field that holds data of some category, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassifiedField {
    pub path: String,
    /// Each category with the first reason found for it (tags before rules), or the
    /// steward's decision.
    pub categories: Vec<(Category, Provenance)>,
    /// Suggestions a steward dismissed, with the dismissal.
    pub dismissed: Vec<(Category, Provenance)>,
}

impl ClassifiedField {
    pub fn is_personal(&self) -> bool {
        self.categories.iter().any(|(category, _)| category.is_personal())
    }
}

/// The classified fields of `tree`, in tree order; fields with nothing found are left out.
pub fn classify(tree: &SchemaTree, rules: &RuleSet) -> Vec<ClassifiedField> {
    let mut found = Vec::new();
    // Depth-first without recursion: trees are bounded, but the stack need not be.
    let mut pending: Vec<(&Field, &[Field], &str)> =
        tree.fields.iter().rev().map(|field| (field, tree.fields.as_slice(), "")).collect();
    while let Some((field, siblings, parent)) = pending.pop() {
        if let Some(classified) = classify_field(field, siblings, parent, rules) {
            found.push(classified);
        }
        pending
            .extend(field.children.iter().rev().map(|child| (child, field.children.as_slice(), field.name.as_str())));
    }
    found
}

fn classify_field(field: &Field, siblings: &[Field], parent: &str, rules: &RuleSet) -> Option<ClassifiedField> {
    let mut categories: Vec<(Category, Provenance)> = Vec::new();
    let mut add = |category: Category, provenance: Provenance| {
        if !categories.iter().any(|(known, _)| *known == category) {
            categories.push((category, provenance));
        }
    };
    for tag in &field.tags {
        if let Some(category) = Category::of_tag(tag) {
            add(category, Provenance::SchemaTag { tag: tag.clone() });
        }
    }
    let name = normalise(&field.name);
    if !rules.exclusions.iter().any(|exclusion| exclusion.is_match(&name)) {
        let doc = field.doc.as_deref().map(str::to_lowercase);
        for rule in &rules.rules {
            if let Some(provenance) = rule_match(rule, &name, doc.as_deref(), siblings, parent, rules) {
                add(rule.category.clone(), provenance);
            }
        }
    }
    (!categories.is_empty()).then(|| ClassifiedField { path: field.path.clone(), categories, dismissed: Vec::new() })
}

fn rule_match(
    rule: &NameRule,
    name: &str,
    doc: Option<&str>,
    siblings: &[Field],
    parent: &str,
    rules: &RuleSet,
) -> Option<Provenance> {
    let by_name = rule.pattern.find(name).is_some_and(|found| !about_the_datum(name, found.end()));
    let by_doc = !by_name
        && !about_the_datum(name, 0)
        && rule.doc_pattern.as_ref().zip(doc).is_some_and(|(pattern, doc)| pattern.is_match(doc));
    if !(by_name || by_doc) || !in_context(rule, siblings, parent, rules) {
        return None;
    }
    Some(if by_name {
        Provenance::NameRule { rule: rule.name.clone() }
    } else {
        Provenance::DocRule { rule: rule.name.clone() }
    })
}

/// Words that make a parent field a person (`recipient`, `customer`, `billing_contact`).
const PERSON_WORDS: &[&str] = &[
    "person",
    "people",
    "customer",
    "customers",
    "recipient",
    "sender",
    "contact",
    "user",
    "employee",
    "patient",
    "passenger",
    "driver",
    "owner",
    "holder",
    "cardholder",
    "buyer",
    "seller",
    "guest",
    "member",
    "applicant",
];

/// Rules that name a person directly, whose presence makes a record personal.
const PERSON_RULES: &[&str] = &["email", "phone", "person_name", "postal_address", "date_of_birth", "national_id"];

fn in_context(rule: &NameRule, siblings: &[Field], parent: &str, rules: &RuleSet) -> bool {
    let sibling_matches = |wanted: &dyn Fn(&str) -> bool| {
        siblings.iter().any(|sibling| {
            let name = normalise(&sibling.name);
            rules.rules.iter().filter(|other| wanted(&other.name)).any(|other| {
                other.context == Context::Anywhere
                    && other.pattern.find(&name).is_some_and(|found| !about_the_datum(&name, found.end()))
            })
        })
    };
    match rule.context {
        Context::Anywhere => true,
        Context::PersonalRecord => {
            let parent = normalise(parent);
            parent.split('_').any(|word| matches!(word, "address" | "contact" | "addr"))
                || sibling_matches(&|name| PERSON_RULES.contains(&name))
        }
        Context::CardRecord => sibling_matches(&|name| name == "payment_card"),
        Context::PersonParent => normalise(parent).split('_').any(|word| PERSON_WORDS.contains(&word)),
    }
}

/// The distinct categories among `fields`.
pub fn categories_of(fields: &[ClassifiedField]) -> BTreeSet<Category> {
    fields.iter().flat_map(|field| field.categories.iter().map(|(category, _)| category.clone())).collect()
}
