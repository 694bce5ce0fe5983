//! Stewards' decisions applied to what tags and rules found: pure. The latest decision
//! on a (field, category) is in force. Tags stand (the schema's authors decided); a
//! confirmation makes a suggestion a decision, a dismissal moves it aside with who and
//! why, a tag by hand adds a category. Decisions are keyed by field path, so they hold for
//! new versions of a field; a path the schema no longer has is left alone.

use std::collections::BTreeMap;

use model::{Decision, FieldDecision, SchemaTree};

use super::classify::{ClassifiedField, Provenance};
use super::rules::Category;

/// `found` (from [`super::classify`] on `tree`) with `decisions` (oldest first) applied.
pub fn apply_decisions(
    mut found: Vec<ClassifiedField>,
    tree: &SchemaTree,
    decisions: &[&FieldDecision],
) -> Vec<ClassifiedField> {
    let mut latest: BTreeMap<(&str, Category), &FieldDecision> = BTreeMap::new();
    for decision in decisions {
        latest.insert((decision.path.as_str(), Category::named(&decision.category)), decision);
    }
    if latest.is_empty() {
        return found;
    }
    let paths: Vec<String> = tree.all_fields().iter().map(|field| field.path.clone()).collect();
    for ((path, category), decision) in latest {
        if !paths.iter().any(|known| known == path) {
            continue;
        }
        let position = match found.iter().position(|field| field.path == path) {
            Some(position) => position,
            None => {
                found.push(ClassifiedField { path: path.to_owned(), categories: Vec::new(), dismissed: Vec::new() });
                found.len() - 1
            }
        };
        apply(&mut found[position], category, decision);
    }
    found.retain(|field| !field.categories.is_empty() || !field.dismissed.is_empty());
    found
}

fn apply(field: &mut ClassifiedField, category: Category, decision: &FieldDecision) {
    let present = field.categories.iter().position(|(known, _)| *known == category);
    // A tag in the schema stands whatever is decided here.
    if let Some(at) = present {
        if matches!(field.categories[at].1, Provenance::SchemaTag { .. }) {
            return;
        }
    }
    let rule = present.and_then(|at| field.categories[at].1.suggesting_rule().map(str::to_owned));
    let steward = Provenance::Steward {
        decision: decision.decision,
        rule,
        by: decision.decided_by.clone(),
        at_ms: decision.decided_at_ms,
        reason: decision.reason.clone(),
    };
    match (decision.decision, present) {
        (Decision::Dismiss, Some(at)) => {
            field.categories.remove(at);
            field.dismissed.push((category, steward));
        }
        (Decision::Dismiss, None) => {}
        (Decision::Confirm | Decision::Tag, Some(at)) => field.categories[at] = (category, steward),
        (Decision::Confirm | Decision::Tag, None) => field.categories.push((category, steward)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classification::{classify, RuleSet};
    use crate::schema::{parse, ParseOptions};
    use model::SchemaFormat;

    fn tree() -> SchemaTree {
        let text = r#"{"type": "record", "name": "C", "fields": [
            {"name": "email", "type": "string"},
            {"name": "notes", "type": "string"},
            {"name": "loyalty", "type": "string"},
            {"name": "ssn", "type": "string", "confluent:tags": ["PII"]}]}"#;
        parse(SchemaFormat::Avro, text, &[], &ParseOptions::default()).unwrap()
    }

    fn decision(path: &str, category: &str, decision: Decision, at_ms: i64) -> FieldDecision {
        FieldDecision {
            source: "main".into(),
            subject: "c-value".into(),
            path: path.into(),
            category: category.into(),
            decision,
            reason: format!("reason {at_ms}"),
            decided_by: "ada".into(),
            decided_at_ms: at_ms,
        }
    }

    #[test]
    fn confirmations_dismissals_and_hand_tags_apply_and_the_latest_wins() {
        let tree = tree();
        let decisions = [
            decision("email", "PII", Decision::Confirm, 1),
            decision("notes", "pii", Decision::Confirm, 2),
            decision("notes", "PII", Decision::Dismiss, 3),
            decision("loyalty", "PII", Decision::Tag, 4),
            decision("ssn", "PII", Decision::Dismiss, 5),
            decision("gone", "PII", Decision::Tag, 6),
        ];
        let refs: Vec<&FieldDecision> = decisions.iter().collect();
        let found = apply_decisions(classify(&tree, &RuleSet::builtin()), &tree, &refs);
        let of = |path: &str| found.iter().find(|field| field.path == path);
        let email = of("email").unwrap();
        assert!(
            matches!(&email.categories[0].1, Provenance::Steward { decision: Decision::Confirm, rule: Some(rule), .. } if rule == "email")
        );
        let notes = of("notes").unwrap();
        assert!(notes.categories.is_empty(), "the later dismissal wins");
        assert!(
            matches!(&notes.dismissed[0].1, Provenance::Steward { decision: Decision::Dismiss, reason, .. } if reason == "reason 3")
        );
        assert!(matches!(
            &of("loyalty").unwrap().categories[0].1,
            Provenance::Steward { decision: Decision::Tag, rule: None, .. }
        ));
        assert!(matches!(&of("ssn").unwrap().categories[0].1, Provenance::SchemaTag { .. }), "a schema tag stands");
        assert!(of("gone").is_none(), "a path the schema lacks is left alone");
    }
}
