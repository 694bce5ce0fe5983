//! The name rules: what each looks for, the category it gives, and the configuration
//! that adds, disables and excludes.

use regex::Regex;

use super::builtin::BUILTIN;
pub use super::category::{Category, Context};
use crate::config::ClassificationConfig;

/// One rule.
#[derive(Clone, Debug)]
pub struct NameRule {
    pub name: String,
    pub category: Category,
    /// Matched against the normalised field name (`phone_number`).
    pub pattern: Regex,
    /// Matched against the lower-cased doc, when the rule has one.
    pub doc_pattern: Option<Regex>,
    pub context: Context,
}

/// Name endings that make a field about a personal datum rather than the datum.
const ABOUT_TOKENS: &[&str] = &[
    "id",
    "ids",
    "uuid",
    "guid",
    "ref",
    "hash",
    "hashed",
    "sha1",
    "sha256",
    "sha512",
    "md5",
    "hmac",
    "code",
    "codes",
    "type",
    "types",
    "count",
    "counts",
    "cents",
    "amount",
    "status",
    "flag",
    "format",
    "length",
    "version",
    "precision",
    "enabled",
    "verified",
    "source",
    "template",
];

/// A rule or exclusion of the configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("rule `{rule}`: `{pattern}` is not a valid regular expression: {reason}")]
    BadPattern { rule: String, pattern: String, reason: String },
    #[error("`{0}` names no rule (disable takes the names of built-in or added rules)")]
    UnknownRule(String),
    #[error("rule `{0}` is defined twice")]
    DuplicateRule(String),
}

/// The rules in force: the built-ins, minus the disabled, plus the added; and the
/// exclusions (normalised names no rule classifies).
#[derive(Clone, Debug)]
pub struct RuleSet {
    pub rules: Vec<NameRule>,
    pub exclusions: Vec<Regex>,
}

fn compile(rule: &str, pattern: &str) -> Result<Regex, RuleError> {
    Regex::new(pattern).map_err(|error| RuleError::BadPattern {
        rule: rule.to_owned(),
        pattern: pattern.to_owned(),
        reason: error.to_string().lines().last().unwrap_or_default().trim().to_owned(),
    })
}

impl RuleSet {
    /// The built-in rules alone.
    pub fn builtin() -> RuleSet {
        RuleSet::configured(&ClassificationConfig::default()).expect("the built-in rules compile")
    }

    /// The rules `config` asks for.
    pub fn configured(config: &ClassificationConfig) -> Result<RuleSet, RuleError> {
        let known = BUILTIN.iter().map(|rule| rule.name).chain(config.rules.iter().map(|rule| rule.name.as_str()));
        let known: Vec<&str> = known.collect();
        if let Some(unknown) = config.disable.iter().find(|name| !known.contains(&name.as_str())) {
            return Err(RuleError::UnknownRule(unknown.clone()));
        }
        let mut rules = Vec::new();
        for builtin in BUILTIN.iter().filter(|rule| !config.disable.iter().any(|name| name == rule.name)) {
            rules.push(NameRule {
                name: builtin.name.to_owned(),
                category: Category::named(builtin.category),
                pattern: compile(builtin.name, builtin.pattern)?,
                doc_pattern: builtin.doc.map(|doc| compile(builtin.name, doc)).transpose()?,
                context: builtin.context,
            });
        }
        for added in config.rules.iter().filter(|rule| !config.disable.contains(&rule.name)) {
            if rules.iter().any(|rule| rule.name == added.name) {
                return Err(RuleError::DuplicateRule(added.name.clone()));
            }
            rules.push(NameRule {
                name: added.name.clone(),
                category: Category::named(&added.category),
                pattern: compile(&added.name, &added.pattern)?,
                doc_pattern: added.doc_pattern.as_deref().map(|doc| compile(&added.name, doc)).transpose()?,
                context: Context::Anywhere,
            });
        }
        let exclusions =
            config.exclude.iter().map(|pattern| compile("exclude", pattern)).collect::<Result<Vec<_>, _>>()?;
        Ok(RuleSet { rules, exclusions })
    }
}

/// `phoneNumber`, `Phone-Number`, `PHONE_NUMBER` → `phone_number`.
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous: Option<char> = None;
    for character in name.chars() {
        if character.is_alphanumeric() {
            let boundary = character.is_uppercase()
                && previous.is_some_and(|before| before.is_lowercase() || before.is_ascii_digit());
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(character.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
        previous = Some(character);
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// Whether the name goes on past a match ending at byte `end` into a word that makes it
/// about the datum (`email_sha256`, `country_code`).
pub fn about_the_datum(normalised: &str, end: usize) -> bool {
    normalised[end..].split('_').filter(|word| !word.is_empty()).any(|word| ABOUT_TOKENS.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ClassificationRuleConfig;

    #[test]
    fn names_normalise_to_lower_snake_case() {
        assert_eq!(normalise("phoneNumber"), "phone_number");
        assert_eq!(normalise("Phone-Number"), "phone_number");
        assert_eq!(normalise("remoteAddress"), "remote_address");
        assert_eq!(normalise("email_sha256"), "email_sha256");
        assert_eq!(normalise("IPAddress"), "ipaddress");
        assert_eq!(normalise("__x__"), "x");
    }

    #[test]
    fn tags_name_their_category() {
        assert_eq!(Category::of_tag("pii.email"), Some(Category::named("PII")));
        assert_eq!(Category::of_tag("PCI"), Some(Category::named("PCI")));
        assert_eq!(Category::of_tag("PII_SENSITIVE"), Some(Category::named("PII")));
        assert_eq!(Category::of_tag("SENSITIVE"), None);
        assert!(Category::named("PCI").is_personal() && !Category::named("credentials").is_personal());
    }

    #[test]
    fn the_configuration_adds_disables_and_excludes_and_bad_input_is_named() {
        let config = ClassificationConfig {
            rules: vec![ClassificationRuleConfig {
                name: "loyalty_number".into(),
                category: "pii".into(),
                pattern: r"(^|_)loyalty_number($|_)".into(),
                doc_pattern: None,
            }],
            disable: vec!["gender".into()],
            exclude: vec!["^legacy_".into()],
        };
        let set = RuleSet::configured(&config).unwrap();
        assert!(set.rules.iter().any(|rule| rule.name == "loyalty_number" && rule.category.0 == "PII"));
        assert!(!set.rules.iter().any(|rule| rule.name == "gender"));
        assert_eq!(set.exclusions.len(), 1);

        let bad = ClassificationConfig { exclude: vec!["(unclosed".into()], ..ClassificationConfig::default() };
        let error = RuleSet::configured(&bad).unwrap_err().to_string();
        assert!(error.contains("(unclosed") && error.contains("not a valid regular expression"), "{error}");
        let unknown = ClassificationConfig { disable: vec!["ghost".into()], ..ClassificationConfig::default() };
        assert!(RuleSet::configured(&unknown).unwrap_err().to_string().contains("`ghost` names no rule"));
    }
}
