//! `TRIBUTARY__SECTION__KEY=value` environment variables override the file.
//!
//! Segments are separated by `__` and matched case-insensitively. Inside `clusters`,
//! `schema_registries` and `connect_clusters` the segment after the list names the entry by its alias or
//! name (an entry is added if none matches, so a cluster can come from the environment
//! alone). Inside `properties`, `_` stands for `.`, since shells do not allow dots in
//! variable names: `TRIBUTARY__CLUSTERS__PROD__PROPERTIES__SASL_PASSWORD` sets the
//! librdkafka property `sasl.password` of cluster `prod`.

use toml::{Table, Value};

/// Variables that start with this are overrides.
pub const PREFIX: &str = "TRIBUTARY__";

/// Lists of tables, and the key that names their entries.
const NAMED_LISTS: &[(&str, &str)] =
    &[("clusters", "alias"), ("schema_registries", "name"), ("connect_clusters", "name")];

/// Keys whose values are integers; every other value is taken as a string.
const INTEGER_KEYS: &[&str] =
    &["poll_interval_secs", "request_timeout_secs", "config_refresh_secs", "lag_refresh_secs", "lag_threshold"];

/// An override that could not be applied: the variable and why.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{variable}: {problem}")]
pub struct OverrideError {
    pub variable: String,
    #[source]
    pub problem: OverrideProblem,
}

/// What is wrong with an override variable's name or value.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum OverrideProblem {
    #[error("no key after the prefix")]
    NoKey,
    #[error("empty key segment (four underscores in a row?)")]
    EmptySegment,
    #[error("`{list}` needs an entry name after it")]
    NoEntryName { list: String },
    #[error("`{key}` is not a section")]
    NotASection { key: String },
    #[error("`{key}` is a section, not a value")]
    NotAValue { key: String },
    #[error("`{key}` must be a whole number, got `{raw}`")]
    NotAWholeNumber { key: String, raw: String },
    #[error("`{list}` is not a list")]
    NotAList { list: String },
    #[error("`{list}` entries must be tables")]
    NotATableEntry { list: String },
}

/// Applies every `TRIBUTARY__` variable of `variables` to `root`, in name order so the
/// outcome never depends on the environment's order.
pub fn apply(root: &mut Table, variables: impl IntoIterator<Item = (String, String)>) -> Result<(), OverrideError> {
    let mut overrides: Vec<(String, String)> =
        variables.into_iter().filter(|(name, _)| name.starts_with(PREFIX)).collect();
    overrides.sort();
    for (variable, raw) in overrides {
        let path: Vec<&str> = variable[PREFIX.len()..].split("__").collect();
        apply_one(root, &path, &raw).map_err(|problem| OverrideError { variable: variable.clone(), problem })?;
    }
    Ok(())
}

fn apply_one(root: &mut Table, path: &[&str], raw: &str) -> Result<(), OverrideProblem> {
    let (last, parents) = path.split_last().ok_or(OverrideProblem::NoKey)?;
    if path.iter().any(|segment| segment.is_empty()) {
        return Err(OverrideProblem::EmptySegment);
    }
    let mut table = root;
    let mut in_properties = false;
    let mut index = 0;
    while index < parents.len() {
        let key = parents[index].to_lowercase();
        if let Some((_, identity_key)) = NAMED_LISTS.iter().find(|(list, _)| *list == key) {
            let entry_name =
                parents.get(index + 1).ok_or_else(|| OverrideProblem::NoEntryName { list: key.clone() })?;
            table = named_entry(table, &key, identity_key, entry_name)?;
            index += 2;
            continue;
        }
        in_properties = key == "properties";
        table = match table.entry(key.clone()).or_insert_with(|| Value::Table(Table::new())) {
            Value::Table(inner) => inner,
            _ => return Err(OverrideProblem::NotASection { key }),
        };
        index += 1;
    }
    let is_section = NAMED_LISTS.iter().any(|(list, _)| list.eq_ignore_ascii_case(last))
        || matches!(table.get(&last.to_lowercase()), Some(Value::Table(_) | Value::Array(_)));
    if is_section && !in_properties {
        return Err(OverrideProblem::NotAValue { key: last.to_lowercase() });
    }
    let (key, value) = if in_properties {
        (last.to_lowercase().replace('_', "."), Value::String(raw.to_owned()))
    } else {
        let key = last.to_lowercase();
        let value = if INTEGER_KEYS.contains(&key.as_str()) {
            Value::Integer(
                raw.trim()
                    .parse()
                    .map_err(|_| OverrideProblem::NotAWholeNumber { key: key.clone(), raw: raw.to_owned() })?,
            )
        } else {
            Value::String(raw.to_owned())
        };
        (key, value)
    };
    table.insert(key, value);
    Ok(())
}

/// The entry of `root[list]` whose `identity_key` equals `name` (ignoring case), added
/// if missing.
fn named_entry<'a>(
    root: &'a mut Table,
    list: &str,
    identity_key: &str,
    name: &str,
) -> Result<&'a mut Table, OverrideProblem> {
    let Value::Array(entries) = root.entry(list.to_owned()).or_insert_with(|| Value::Array(Vec::new())) else {
        return Err(OverrideProblem::NotAList { list: list.to_owned() });
    };
    let position = entries.iter().position(|entry| {
        entry.get(identity_key).and_then(Value::as_str).is_some_and(|existing| existing.eq_ignore_ascii_case(name))
    });
    let position = position.unwrap_or_else(|| {
        let mut entry = Table::new();
        entry.insert(identity_key.to_owned(), Value::String(name.to_lowercase()));
        entries.push(Value::Table(entry));
        entries.len() - 1
    });
    match &mut entries[position] {
        Value::Table(entry) => Ok(entry),
        _ => Err(OverrideProblem::NotATableEntry { list: list.to_owned() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        text.parse().expect("test TOML parses")
    }

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn overrides_a_scalar_and_ignores_other_variables() {
        let mut root = table("[store]\nurl = \"sqlite://a.db\"\n");
        apply(&mut root, vars(&[("TRIBUTARY__STORE__URL", "postgres://db/x"), ("PATH", "/bin")])).unwrap();
        assert_eq!(root["store"]["url"].as_str(), Some("postgres://db/x"));
        assert_eq!(root.len(), 1);
    }

    #[test]
    fn finds_a_cluster_by_alias_and_maps_property_names() {
        let mut root = table("[[clusters]]\nalias = \"prod\"\nbootstrap_servers = \"a:9092\"\n");
        apply(
            &mut root,
            vars(&[
                ("TRIBUTARY__CLUSTERS__PROD__BOOTSTRAP_SERVERS", "b:9092"),
                ("TRIBUTARY__CLUSTERS__PROD__PROPERTIES__SASL_PASSWORD", "s3cret"),
            ]),
        )
        .unwrap();
        let cluster = &root["clusters"][0];
        assert_eq!(cluster["bootstrap_servers"].as_str(), Some("b:9092"));
        assert_eq!(cluster["properties"]["sasl.password"].as_str(), Some("s3cret"));
    }

    #[test]
    fn adds_a_cluster_that_the_file_does_not_have() {
        let mut root = Table::new();
        apply(&mut root, vars(&[("TRIBUTARY__CLUSTERS__LOCAL__BOOTSTRAP_SERVERS", "127.0.0.1:9092")])).unwrap();
        assert_eq!(root["clusters"][0]["alias"].as_str(), Some("local"));
        assert_eq!(root["clusters"][0]["bootstrap_servers"].as_str(), Some("127.0.0.1:9092"));
    }

    #[test]
    fn integer_keys_must_be_numbers() {
        let mut root = Table::new();
        apply(&mut root, vars(&[("TRIBUTARY__INGEST__POLL_INTERVAL_SECS", "7")])).unwrap();
        assert_eq!(root["ingest"]["poll_interval_secs"].as_integer(), Some(7));

        let error = apply(&mut root, vars(&[("TRIBUTARY__INGEST__POLL_INTERVAL_SECS", "often")])).unwrap_err();
        assert_eq!(error.variable, "TRIBUTARY__INGEST__POLL_INTERVAL_SECS");
        assert!(error.problem.to_string().contains("whole number"), "{}", error.problem.to_string());
    }

    #[test]
    fn rejects_malformed_paths() {
        let mut root = table("store = \"flat\"\n");
        assert!(apply(&mut root, vars(&[("TRIBUTARY__STORE__URL", "x")])).is_err());
        assert!(apply(&mut root, vars(&[("TRIBUTARY__CLUSTERS", "x")])).is_err());
        assert!(apply(&mut root, vars(&[("TRIBUTARY__SERVER____LISTEN", "x")])).is_err());
    }
}
