//! A registration's data contract, as Confluent's registry returns it with a version:
//! `metadata.tags` (tags by field path), `metadata.properties` (an owner, say) and the
//! `ruleSet` (domain and migration rules), converted into Tributary's terms.

use std::collections::BTreeMap;

use model::ContractRule;
use serde_json::Value;

/// The `metadata.properties` of a registration (`{"owner": "billing"}`); values that
/// are not strings are left out, as Confluent's API accepts only strings there.
pub fn metadata_properties(metadata: Option<&Value>) -> BTreeMap<String, String> {
    let Some(Value::Object(properties)) = metadata.and_then(|metadata| metadata.get("properties")) else {
        return Default::default();
    };
    properties.iter().filter_map(|(key, value)| Some((key.clone(), value.as_str()?.to_owned()))).collect()
}

/// The rules of a registration's `ruleSet`: `domainRules`, then `migrationRules`. A
/// rule without a name or type is left out; other fields take Confluent's defaults.
pub fn contract_rules(rule_set: Option<&Value>) -> Vec<ContractRule> {
    let Some(rule_set) = rule_set else { return Vec::new() };
    let text = |rule: &Value, key: &str| rule.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut rules = Vec::new();
    for (key, migration) in [("domainRules", false), ("migrationRules", true)] {
        for rule in rule_set.get(key).and_then(Value::as_array).into_iter().flatten() {
            let (Some(name), Some(rule_type)) = (text(rule, "name"), text(rule, "type")) else { continue };
            rules.push(ContractRule {
                name,
                kind: text(rule, "kind").unwrap_or_else(|| "TRANSFORM".to_owned()),
                rule_type: rule_type.to_ascii_uppercase(),
                mode: text(rule, "mode").unwrap_or_else(|| "WRITEREAD".to_owned()).to_ascii_uppercase(),
                tags: rule
                    .get("tags")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                expr: text(rule, "expr"),
                disabled: rule.get("disabled").and_then(Value::as_bool).unwrap_or(false),
                migration,
            });
        }
    }
    rules
}

/// The `metadata.tags` of a registration: `{"**.ssn": ["PII"]}` → rules.
pub fn metadata_tags(metadata: Option<&Value>) -> Vec<(String, Vec<String>)> {
    let Some(Value::Object(tags)) = metadata.and_then(|metadata| metadata.get("tags")) else { return Vec::new() };
    tags.iter()
        .map(|(path, tags)| {
            let tags = tags.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect();
            (path.clone(), tags)
        })
        .collect()
}
