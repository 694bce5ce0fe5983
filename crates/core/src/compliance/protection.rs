//! Whether a field is protected by its registration's data-contract rules (Confluent's
//! `ruleSet`): a transform rule in force on the data as it is written (mode `WRITE` or
//! `WRITEREAD`; a `READ` rule masks for readers through the serializer only, the topic
//! still holds the value) that
//! - encrypts it: `ENCRYPT` on one of the field's tags, or `ENCRYPT_PAYLOAD` (the whole
//!   message); or
//! - masks it: `CEL_FIELD` on one of the field's tags, or whose guard names the field
//!   (`name == 'ssn' ; ...`). A guard naming another field rules the field out; other
//!   guards (`typeName == 'STRING'`) are taken to hold, as they cannot be judged here.

use std::sync::LazyLock;

use model::ContractRule;
use regex::Regex;

/// `name == 'ssn'` or `name == "ssn"` in a CEL_FIELD guard.
static NAME_GUARD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bname\s*==\s*["']([^"']+)["']"#).expect("a valid pattern"));

/// The rule protecting a field named `name` (its last path part) with `tags`, if any.
pub fn protecting_rule<'a>(rules: &'a [ContractRule], name: &str, tags: &[String]) -> Option<&'a ContractRule> {
    let on_its_tags = |rule: &ContractRule| rule.tags.iter().any(|tag| tags.contains(tag));
    rules.iter().filter(|rule| !rule.disabled && !rule.migration && rule.kind == "TRANSFORM").find(|rule| {
        let on_write = matches!(rule.mode.as_str(), "WRITE" | "WRITEREAD");
        on_write
            && match rule.rule_type.as_str() {
                "ENCRYPT_PAYLOAD" => true,
                "ENCRYPT" => on_its_tags(rule),
                "CEL_FIELD" => {
                    let guard = rule.expr.as_deref().and_then(|expr| expr.split_once(';')).map(|(guard, _)| guard);
                    let named: Vec<&str> = guard
                        .into_iter()
                        .flat_map(|guard| NAME_GUARD.captures_iter(guard))
                        .filter_map(|found| found.get(1))
                        .map(|found| found.as_str())
                        .collect();
                    let guard_holds = named.is_empty() || named.contains(&name);
                    let selected = if rule.tags.is_empty() { !named.is_empty() } else { on_its_tags(rule) };
                    selected && guard_holds
                }
                _ => false,
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(rule_type: &str, mode: &str, tags: &[&str], expr: Option<&str>) -> ContractRule {
        ContractRule {
            name: format!("{rule_type}-{mode}"),
            kind: "TRANSFORM".into(),
            rule_type: rule_type.into(),
            mode: mode.into(),
            tags: tags.iter().map(|tag| (*tag).to_owned()).collect(),
            expr: expr.map(str::to_owned),
            disabled: false,
            migration: false,
        }
    }

    fn pii() -> Vec<String> {
        vec!["PII".to_owned()]
    }

    #[test]
    fn encryption_on_the_fields_tag_as_written_protects_it() {
        let rules = [rule("ENCRYPT", "WRITEREAD", &["PII"], None)];
        assert_eq!(protecting_rule(&rules, "ssn", &pii()).map(|r| r.name.as_str()), Some("ENCRYPT-WRITEREAD"));
        assert!(protecting_rule(&rules, "email", &[]).is_none(), "an untagged field is not selected");
        let payload = [rule("ENCRYPT_PAYLOAD", "WRITEREAD", &[], None)];
        assert!(protecting_rule(&payload, "email", &[]).is_some());
    }

    #[test]
    fn masking_by_tag_or_by_a_guard_naming_the_field() {
        let by_name = [rule("CEL_FIELD", "WRITE", &[], Some("name == 'email' ; 'xxx'"))];
        assert!(protecting_rule(&by_name, "email", &[]).is_some());
        assert!(protecting_rule(&by_name, "phone", &[]).is_none(), "the guard names another field");
        let by_tag = [rule("CEL_FIELD", "WRITE", &["PII"], Some("typeName == 'STRING' ; 'xxx'"))];
        assert!(protecting_rule(&by_tag, "phone", &pii()).is_some());
        let narrowed = [rule("CEL_FIELD", "WRITE", &["PII"], Some(r#"name == "ssn" ; "xxx""#))];
        assert!(protecting_rule(&narrowed, "phone", &pii()).is_none());
        assert!(protecting_rule(&narrowed, "ssn", &pii()).is_some());
    }

    #[test]
    fn rules_that_leave_the_stored_value_in_clear_do_not_protect() {
        let read_only = [rule("CEL_FIELD", "READ", &["PII"], Some("true ; 'xxx'"))];
        assert!(protecting_rule(&read_only, "ssn", &pii()).is_none());
        let mut disabled = rule("ENCRYPT", "WRITEREAD", &["PII"], None);
        disabled.disabled = true;
        assert!(protecting_rule(&[disabled], "ssn", &pii()).is_none());
        let condition = ContractRule { kind: "CONDITION".into(), ..rule("CEL", "WRITE", &["PII"], Some("true")) };
        assert!(protecting_rule(&[condition], "ssn", &pii()).is_none());
        let migration = ContractRule { migration: true, ..rule("ENCRYPT", "WRITEREAD", &["PII"], None) };
        assert!(protecting_rule(&[migration], "ssn", &pii()).is_none());
    }
}
