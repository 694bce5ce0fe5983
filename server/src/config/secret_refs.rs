//! Secrets kept out of the configuration file: any string value written exactly as
//! `${env:NAME}` takes the environment variable `NAME`, and `${file:PATH}` the contents of
//! the file at `PATH` (without its final line break, as secret files are usually
//! written: Kubernetes and Docker secrets, `echo > file`). Resolved once, at load.
//!
//! Works for every value (a cluster's `sasl.password` property, a registry's password, the
//! OpenID Connect client secret), so no credential has to be written in the file itself.

use std::collections::HashMap;
use std::path::Path;

use toml::{Table, Value};

/// Replaces every reference in `root` by what it names, or says which key's reference
/// does not resolve (naming the variable or file, never a value).
pub fn resolve(
    root: &mut Table,
    environment: &HashMap<String, String>,
    read_file: &dyn Fn(&Path) -> std::io::Result<String>,
) -> Result<(), (String, String)> {
    for (key, value) in root.iter_mut() {
        resolve_value(value, key.clone(), environment, read_file)?;
    }
    Ok(())
}

fn resolve_value(
    value: &mut Value,
    key: String,
    environment: &HashMap<String, String>,
    read_file: &dyn Fn(&Path) -> std::io::Result<String>,
) -> Result<(), (String, String)> {
    match value {
        Value::String(text) => {
            if let Some(resolved) = resolve_string(text, environment, read_file).map_err(|message| (key, message))? {
                *text = resolved;
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                resolve_value(item, format!("{key}[{index}]"), environment, read_file)?;
            }
        }
        Value::Table(table) => {
            for (name, item) in table.iter_mut() {
                resolve_value(item, format!("{key}.{name}"), environment, read_file)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// What `text` refers to, if it is a reference.
fn resolve_string(
    text: &str,
    environment: &HashMap<String, String>,
    read_file: &dyn Fn(&Path) -> std::io::Result<String>,
) -> Result<Option<String>, String> {
    let Some(inner) = text.strip_prefix("${").and_then(|rest| rest.strip_suffix('}')) else { return Ok(None) };
    if let Some(name) = inner.strip_prefix("env:") {
        return match environment.get(name) {
            Some(value) => Ok(Some(value.clone())),
            None => Err(format!("refers to the environment variable `{name}`, which is not set")),
        };
    }
    if let Some(path) = inner.strip_prefix("file:") {
        return match read_file(Path::new(path)) {
            Ok(contents) => {
                let contents = contents.strip_suffix('\n').unwrap_or(&contents);
                Ok(Some(contents.strip_suffix('\r').unwrap_or(contents).to_owned()))
            }
            Err(error) => Err(format!("refers to the file `{path}`, which cannot be read ({})", error.kind())),
        };
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_files(path: &Path) -> std::io::Result<String> {
        Err(std::io::Error::new(std::io::ErrorKind::NotFound, path.display().to_string()))
    }

    #[test]
    fn references_in_nested_tables_and_arrays_take_the_environment_and_files() {
        let mut root: Table = toml::from_str(
            r#"
            [auth.oidc]
            client_secret = "${env:OIDC_SECRET}"
            [[clusters]]
            alias = "prod"
            properties = { "sasl.password" = "${file:/run/secrets/kafka}", "sasl.username" = "svc" }
            "#,
        )
        .unwrap();
        let environment = HashMap::from([("OIDC_SECRET".to_owned(), "from-env".to_owned())]);
        let files = |path: &Path| {
            assert_eq!(path, Path::new("/run/secrets/kafka"));
            Ok("from-file\n".to_owned())
        };
        resolve(&mut root, &environment, &files).unwrap();
        assert_eq!(root["auth"]["oidc"]["client_secret"].as_str(), Some("from-env"));
        let properties = &root["clusters"][0]["properties"];
        assert_eq!(properties["sasl.password"].as_str(), Some("from-file"));
        assert_eq!(properties["sasl.username"].as_str(), Some("svc"));
    }

    #[test]
    fn a_reference_that_does_not_resolve_names_its_key_and_source_not_a_value() {
        let mut root: Table = toml::from_str("[registry]\npassword = \"${env:MISSING}\"\n").unwrap();
        let (key, message) = resolve(&mut root, &HashMap::new(), &no_files).unwrap_err();
        assert_eq!(key, "registry.password");
        assert!(message.contains("`MISSING`"), "{message}");

        let mut root: Table = toml::from_str("secret = \"${file:/nowhere}\"\n").unwrap();
        let (key, message) = resolve(&mut root, &HashMap::new(), &no_files).unwrap_err();
        assert_eq!(key, "secret");
        assert!(message.contains("`/nowhere`") && message.contains("not found"), "{message}");
    }

    #[test]
    fn strings_that_only_look_like_references_are_left_alone() {
        let mut root: Table = toml::from_str("a = \"${vault:x}\"\nb = \"pre ${env:X}\"\nc = \"$${env:X}\"\n").unwrap();
        let before = root.clone();
        resolve(&mut root, &HashMap::from([("X".to_owned(), "x".to_owned())]), &no_files).unwrap();
        assert_eq!(root, before);
    }
}
