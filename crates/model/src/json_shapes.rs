//! How the model's Rust-shaped values appear in the public JSON (the API, and the pages'
//! server functions, which share these types): plain fields a consumer can read without
//! knowing Rust's enums. Each has a round-trip test.
//!
//! - a schema version's parse result: `"parsed": {…tree…}, "parse_error": null`, or
//!   `"parsed": null, "parse_error": "why"` ([`parsed_fields`], [`ParsedFields`]);
//! - a field's custom options: an object, `{"name": "value"}`; an option given more than
//!   once has an array of its values ([`options_object`]);
//! - a topic's retention: `{"ms": 604800000, "policy": "time"}`, `{"ms": null,
//!   "policy": "forever"}` or `{"ms": null, "policy": "not_reported"}` ([`RetentionJson`]).

use serde::{Deserialize, Serialize};

use super::{Retention, SchemaTree};

/// A parse result as two plain fields, flattened into the version that holds it.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParsedFields {
    /// The field tree; `null` when the schema could not be parsed.
    pub parsed: Option<SchemaTree>,
    /// Why the schema could not be parsed; `null` when it was.
    pub parse_error: Option<String>,
}

/// `#[serde(flatten, with = "parsed_fields")]` for a `Result<SchemaTree, String>`.
pub mod parsed_fields {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::ParsedFields;
    use crate::SchemaTree;

    #[derive(Serialize)]
    struct Borrowed<'a> {
        parsed: Option<&'a SchemaTree>,
        parse_error: Option<&'a String>,
    }

    pub fn serialize<S: Serializer>(result: &Result<SchemaTree, String>, serializer: S) -> Result<S::Ok, S::Error> {
        Borrowed { parsed: result.as_ref().ok(), parse_error: result.as_ref().err() }.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Result<SchemaTree, String>, D::Error> {
        let fields = ParsedFields::deserialize(deserializer)?;
        Ok(match (fields.parsed, fields.parse_error) {
            (Some(tree), _) => Ok(tree),
            (None, error) => Err(error.unwrap_or_else(|| "not parsed".to_owned())),
        })
    }
}

/// `#[serde(with = "options_object")]` for options kept as ordered (name, value) pairs.
pub mod options_object {
    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Deserializer, Serializer};

    /// One option's value, or the values of an option given more than once.
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    pub fn serialize<S: Serializer>(options: &[(String, String)], serializer: S) -> Result<S::Ok, S::Error> {
        // Names in first-seen order, each with all its values.
        let mut names: Vec<(&str, Vec<&str>)> = Vec::new();
        for (name, value) in options {
            match names.iter_mut().find(|(known, _)| known == name) {
                Some((_, values)) => values.push(value),
                None => names.push((name, vec![value])),
            }
        }
        let mut map = serializer.serialize_map(Some(names.len()))?;
        for (name, values) in names {
            match values.as_slice() {
                [one] => map.serialize_entry(name, one)?,
                many => map.serialize_entry(name, many)?,
            }
        }
        map.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<(String, String)>, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = Vec<(String, String)>;

            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("an object of option names to a value or a list of values")
            }

            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut pairs = Vec::new();
                while let Some((name, value)) = map.next_entry::<String, OneOrMany>()? {
                    match value {
                        OneOrMany::One(value) => pairs.push((name, value)),
                        OneOrMany::Many(values) => pairs.extend(values.into_iter().map(|value| (name.clone(), value))),
                    }
                }
                Ok(pairs)
            }
        }
        deserializer.deserialize_map(Pairs)
    }
}

/// What kind of retention a topic has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RetentionPolicy {
    /// Records are deleted after `ms` milliseconds.
    Time,
    /// `retention.ms = -1`: records are kept forever.
    Forever,
    /// The broker did not report the setting; the broker-wide default applies.
    NotReported,
}

/// A topic's retention in JSON.
#[derive(Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetentionJson {
    /// Milliseconds records are kept; `null` unless the policy is `time`.
    pub ms: Option<i64>,
    pub policy: RetentionPolicy,
}

impl From<Retention> for RetentionJson {
    fn from(retention: Retention) -> Self {
        match retention {
            Retention::Millis(ms) => RetentionJson { ms: Some(ms), policy: RetentionPolicy::Time },
            Retention::Forever => RetentionJson { ms: None, policy: RetentionPolicy::Forever },
            Retention::NotReported => RetentionJson { ms: None, policy: RetentionPolicy::NotReported },
        }
    }
}

impl From<RetentionJson> for Retention {
    fn from(json: RetentionJson) -> Self {
        match (json.policy, json.ms) {
            (RetentionPolicy::Time, Some(ms)) => Retention::Millis(ms),
            (RetentionPolicy::Forever, _) => Retention::Forever,
            _ => Retention::NotReported,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::{Field, Retention, SchemaFormat, SchemaTree};

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Holder {
        #[serde(flatten, with = "super::parsed_fields")]
        parsed: Result<SchemaTree, String>,
    }

    fn tree() -> SchemaTree {
        SchemaTree {
            format: SchemaFormat::Avro,
            name: "R".into(),
            type_label: "record".into(),
            doc: None,
            tags: vec![],
            fields: vec![],
            declared_topics: vec![],
        }
    }

    #[test]
    fn parse_results_are_two_plain_fields() {
        let ok = serde_json::to_value(Holder { parsed: Ok(tree()) }).unwrap();
        assert_eq!(ok["parse_error"], json!(null));
        assert_eq!(ok["parsed"]["name"], "R");
        let failed = serde_json::to_value(Holder { parsed: Err("bad".into()) }).unwrap();
        assert_eq!(failed, json!({"parsed": null, "parse_error": "bad"}));
        for holder in [Holder { parsed: Ok(tree()) }, Holder { parsed: Err("bad".into()) }] {
            let back: Holder = serde_json::from_value(serde_json::to_value(&holder).unwrap()).unwrap();
            assert_eq!(back, holder);
        }
    }

    #[test]
    fn options_are_an_object_and_repeated_ones_a_list() {
        let mut field = Field::new("f", "", "string".into());
        field.options = vec![("a".into(), "1".into()), ("b".into(), "2".into()), ("a".into(), "3".into())];
        let value = serde_json::to_value(&field).unwrap();
        assert_eq!(value["options"], json!({"a": ["1", "3"], "b": "2"}));
        let back: Field = serde_json::from_value(value).unwrap();
        assert_eq!(back.options, vec![("a".into(), "1".into()), ("a".into(), "3".into()), ("b".into(), "2".into())]);
    }

    #[test]
    fn retention_is_milliseconds_and_a_policy() {
        for (retention, expected) in [
            (Retention::Millis(604_800_000), json!({"ms": 604_800_000, "policy": "time"})),
            (Retention::Forever, json!({"ms": null, "policy": "forever"})),
            (Retention::NotReported, json!({"ms": null, "policy": "not_reported"})),
        ] {
            assert_eq!(serde_json::to_value(retention).unwrap(), expected);
            assert_eq!(serde_json::from_value::<Retention>(expected).unwrap(), retention);
        }
    }
}
