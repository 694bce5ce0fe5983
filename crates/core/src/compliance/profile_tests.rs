//! Tests of [`super`]: profile files parsed, and their errors with lines.

use super::*;

const PROFILE: &str = r#"
description = "customer data"
[scope]
clusters = ["prod"]
categories = ["pii"]
patterns = ['^customers\.']
[rules]
max_retention_days = 30
cleanup_policy = "delete"
compatibility = ["backward"]
"#;

#[test]
fn a_profile_is_named_after_its_file_and_reads_its_scope_and_rules() {
    let profile = Profile::parse("gdpr/customers.toml", PROFILE).unwrap();
    assert_eq!(profile.name, "customers");
    assert_eq!(profile.scope.categories, ["PII"]);
    assert_eq!(profile.rules.max_retention_days, Some(30));
    let rules: Vec<&str> = profile.rules.describe().iter().map(|(name, _)| *name).collect();
    assert_eq!(rules, ["max_retention_days", "cleanup_policy", "compatibility"]);
    assert_eq!(profile.scope.describe(), ["on clusters prod", "topics holding PII", "topics named like ^customers\\."]);
}

#[test]
fn an_unknown_rule_is_an_error_naming_file_and_line() {
    let text = "[scope]\n[rules]\nmax_retention_days = 30\nmax_retenton = 3\n";
    let error = Profile::parse("p.toml", text).unwrap_err();
    assert_eq!(error.line, Some(4), "{error}");
    assert!(error.to_string().starts_with("p.toml, line 4: unknown field `max_retenton`"), "{error}");
}

#[test]
fn a_pattern_that_does_not_compile_names_its_line() {
    let text = "[scope]\npatterns = [\n  'ok',\n  '(unclosed',\n]\n[rules]\n";
    let error = Profile::parse("p.toml", text).unwrap_err();
    assert_eq!(error.line, Some(4), "{error}");
    assert!(error.message.contains("(unclosed"), "{error}");
}

#[test]
fn bad_values_and_broken_toml_are_errors() {
    let policy = Profile::parse("p.toml", "[rules]\ncleanup_policy = \"shred\"\n").unwrap_err();
    assert!(policy.message.contains("cleanup_policy is one of"), "{policy}");
    let level = Profile::parse("p.toml", "[rules]\ncompatibility = [\"SOMETIMES\"]\n").unwrap_err();
    assert!(level.message.contains("SOMETIMES"), "{level}");
    let broken = Profile::parse("p.toml", "[rules\nmax_retention_days = 3\n").unwrap_err();
    assert_eq!(broken.line, Some(1), "{broken}");
    let missing = Profile::parse("p.toml", "[scope]\n").unwrap_err();
    assert!(missing.message.contains("rules"), "{missing}");
    let negative = Profile::parse("p.toml", "[rules]\nmax_retention_days = -1\n").unwrap_err();
    assert_eq!(negative.line, Some(2), "{negative}");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for open in ["[", "{a = "] {
        let text = format!("[rules]\nallowed_groups = {}", open.repeat(MAX_PROFILE_BYTES / open.len() - 64));
        let error = Profile::parse("deep.toml", &text).unwrap_err();
        assert_eq!(error.file, "deep.toml", "{error}");
    }
}

#[test]
fn cleanup_policies_compare_as_sets() {
    assert_eq!(normalised_policy("delete, Compact"), "compact,delete");
}
