//! Loading the configuration: the file (or defaults), environment overrides, then the
//! checks the types cannot make.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

use super::Config;
use super::ConfigError;
use super::{env_override, secret_refs};

type Result<T> = std::result::Result<T, ConfigError>;

/// The file read when none is named.
pub const DEFAULT_CONFIG_FILE: &str = "tributary.toml";

/// Where the configuration came from, for the start-up line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigSource {
    File(PathBuf),
    /// No file named and none at [`DEFAULT_CONFIG_FILE`]: defaults and environment only.
    DefaultsOnly,
}

impl std::fmt::Display for ConfigSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigSource::File(path) => write!(f, "{}", path.display()),
            ConfigSource::DefaultsOnly => write!(f, "defaults (no {DEFAULT_CONFIG_FILE})"),
        }
    }
}

/// Reads the configuration: `path` if given (it must exist), else [`DEFAULT_CONFIG_FILE`]
/// if present; then the `TRIBUTARY__` overrides of `environment`; then the `${env:…}` and
/// `${file:…}` secret references; then checks it.
pub fn load(
    path: Option<&Path>,
    environment: impl IntoIterator<Item = (String, String)>,
) -> Result<(Config, ConfigSource)> {
    let (mut root, source) = read_file(path)?;
    let shown_path = match &source {
        ConfigSource::File(path) => path.clone(),
        ConfigSource::DefaultsOnly => PathBuf::from("(environment)"),
    };
    let environment: HashMap<String, String> = environment.into_iter().collect();
    env_override::apply(&mut root, environment.clone())
        .map_err(|error| ConfigError::Environment { variable: error.variable, problem: error.problem })?;
    secret_refs::resolve(&mut root, &environment, &|path| std::fs::read_to_string(path))
        .map_err(|(key, message)| ConfigError::Invalid { path: shown_path.clone(), key, message })?;
    let config: Config =
        serde_path_to_error::deserialize(Value::Table(root)).map_err(|error| ConfigError::Invalid {
            path: shown_path.clone(),
            key: error.path().to_string(),
            message: error.into_inner().to_string(),
        })?;
    validate(&config).map_err(|(key, message)| ConfigError::Invalid { path: shown_path, key, message })?;
    Ok((config, source))
}

fn read_file(path: Option<&Path>) -> Result<(Table, ConfigSource)> {
    let (path, required) = match path {
        Some(path) => (path.to_path_buf(), true),
        None => (PathBuf::from(DEFAULT_CONFIG_FILE), false),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && !required => {
            return Ok((Table::new(), ConfigSource::DefaultsOnly))
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Err(ConfigError::NotFound { path }),
        Err(source) => return Err(ConfigError::Unreadable { path, source }),
    };
    let table = text.parse::<Table>().map_err(|error| ConfigError::Syntax {
        path: path.clone(),
        message: error.to_string().trim_end().to_owned(),
    })?;
    Ok((table, ConfigSource::File(path)))
}

/// Checks what the types cannot: unique, URL-safe names and references that resolve.
fn validate(config: &Config) -> std::result::Result<(), (String, String)> {
    let url = &config.store.url;
    if !(url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(("store.url".into(), format!("`{url}` is neither sqlite:... nor postgres://...")));
    }
    if config.ingest.poll_interval_secs == 0 {
        return Err(("ingest.poll_interval_secs".into(), "must be at least 1".into()));
    }
    if config.server.tls.as_ref().is_some_and(|tls| tls.renewal_check_secs == 0) {
        return Err(("server.tls.renewal_check_secs".into(), "must be at least 1".into()));
    }
    if config.ingest.request_timeout_secs == 0 {
        return Err(("ingest.request_timeout_secs".into(), "must be at least 1".into()));
    }
    if let Some(unknown) =
        config.ingest.read_records.iter().find(|alias| !config.clusters.iter().any(|c| &c.alias == *alias))
    {
        return Err(("ingest.read_records".into(), format!("no cluster has the alias `{unknown}`")));
    }
    for (index, cluster) in config.clusters.iter().enumerate() {
        let key = |field: &str| format!("clusters[{index}].{field}");
        if !is_url_safe_name(&cluster.alias) {
            return Err((key("alias"), format!("`{}` must be letters, digits, `.`, `_` or `-`", cluster.alias)));
        }
        if config.clusters[..index].iter().any(|earlier| earlier.alias == cluster.alias) {
            return Err((key("alias"), format!("`{}` is used by an earlier cluster", cluster.alias)));
        }
        if cluster.bootstrap_servers.trim().is_empty() {
            return Err((key("bootstrap_servers"), "must list at least one host:port".into()));
        }
    }
    for (index, registry) in config.schema_registries.iter().enumerate() {
        let key = |field: &str| format!("schema_registries[{index}].{field}");
        let earlier = config.schema_registries[..index].iter().map(|earlier| earlier.name.as_str());
        check_http_source(config, &key, (&registry.name, earlier, "registry"), &registry.url, &registry.clusters)?;
        check_mappings(&registry.mappings, &key)?;
    }
    for (index, connect) in config.connect_clusters.iter().enumerate() {
        let key = |field: &str| format!("connect_clusters[{index}].{field}");
        let earlier = config.connect_clusters[..index].iter().map(|earlier| earlier.name.as_str());
        check_http_source(config, &key, (&connect.name, earlier, "Connect cluster"), &connect.url, &connect.clusters)?;
    }
    if let Some(oidc) = &config.auth.oidc {
        check_oidc(oidc)?;
    }
    tributary_core::classification::RuleSet::configured(&config.classification)
        .map_err(|error| ("classification".to_owned(), error.to_string()))?;
    for (index, directory) in config.schema_directories.iter().enumerate() {
        let key = |field: &str| format!("schema_directories[{index}].{field}");
        if !is_url_safe_name(&directory.name) {
            return Err((key("name"), format!("`{}` must be letters, digits, `.`, `_` or `-`", directory.name)));
        }
        let taken = config.schema_registries.iter().any(|registry| registry.name == directory.name)
            || config.schema_directories[..index].iter().any(|earlier| earlier.name == directory.name);
        if taken {
            return Err((key("name"), format!("`{}` is used by an earlier registry or directory", directory.name)));
        }
        if let Some(unknown) =
            directory.clusters.iter().find(|alias| !config.clusters.iter().any(|c| &c.alias == *alias))
        {
            return Err((key("clusters"), format!("no cluster has the alias `{unknown}`")));
        }
        check_mappings(&directory.mappings, &key)?;
    }
    for (index, source) in config.estate_sources.iter().enumerate() {
        let key = |field: &str| format!("estate_sources[{index}].{field}");
        if !config.clusters.iter().any(|cluster| cluster.alias == source.cluster) {
            return Err((key("cluster"), format!("no cluster has the alias `{}`", source.cluster)));
        }
        tributary_core::estate::EstateOptions::for_source(source).map_err(|(field, message)| (key(field), message))?;
    }
    Ok(())
}

/// The provider's URLs are http(s), the client is named and every mapped role exists.
fn check_oidc(oidc: &super::OidcConfig) -> std::result::Result<(), (String, String)> {
    let key = |field: &str| format!("auth.oidc.{field}");
    for (field, url) in [("issuer", &oidc.issuer), ("redirect_url", &oidc.redirect_url)] {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err((key(field), format!("`{url}` is not an http(s) URL")));
        }
    }
    if oidc.client_id.trim().is_empty() || oidc.client_secret.is_empty() {
        return Err((key("client_id"), "the client id and secret must both be given".into()));
    }
    if let Some((value, role)) = oidc.roles.iter().find(|(_, role)| crate::access::Role::parse(role).is_none()) {
        return Err((
            format!("auth.oidc.roles.{value}"),
            format!("`{role}` is not a role (viewer, steward, compliance-officer, admin)"),
        ));
    }
    if oidc.roles.is_empty() {
        return Err((key("roles"), "map at least one value of the role claim to a role".into()));
    }
    Ok(())
}

/// A source read over HTTP (a registry, a Connect cluster): a URL-safe name no earlier
/// one of its kind took, an http(s) URL, and cluster aliases that exist.
fn check_http_source<'a>(
    config: &Config,
    key: &dyn Fn(&str) -> String,
    (name, mut earlier, kind): (&str, impl Iterator<Item = &'a str>, &str),
    url: &str,
    clusters: &[String],
) -> std::result::Result<(), (String, String)> {
    if !is_url_safe_name(name) {
        return Err((key("name"), format!("`{name}` must be letters, digits, `.`, `_` or `-`")));
    }
    if earlier.any(|taken| taken == name) {
        return Err((key("name"), format!("`{name}` is used by an earlier {kind}")));
    }
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err((key("url"), format!("`{url}` must start with http:// or https://")));
    }
    if let Some(unknown) = clusters.iter().find(|alias| !config.clusters.iter().any(|c| &c.alias == *alias)) {
        return Err((key("clusters"), format!("no cluster has the alias `{unknown}`")));
    }
    Ok(())
}

fn check_mappings(
    mappings: &[crate::config::SubjectMapping],
    key: &dyn Fn(&str) -> String,
) -> std::result::Result<(), (String, String)> {
    match mappings.iter().position(|mapping| mapping.binding().is_none()) {
        Some(index) => Err((key(&format!("mappings[{index}].role")), "must be `key` or `value`".into())),
        None => Ok(()),
    }
}

fn is_url_safe_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file(text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        file
    }

    fn no_env() -> Vec<(String, String)> {
        Vec::new()
    }

    #[test]
    fn reads_a_full_file() {
        let config = file(
            r#"
            [server]
            listen = "127.0.0.1:4000"
            log_format = "json"
            [store]
            url = "postgres://tributary@localhost/catalog"
            [[clusters]]
            alias = "prod"
            bootstrap_servers = "k1:9092,k2:9092"
            properties = { "security.protocol" = "SASL_SSL", "sasl.mechanism" = "PLAIN" }
            [[schema_registries]]
            name = "main"
            url = "https://registry:8081"
            clusters = ["prod"]
            auth = { type = "basic", username = "u", password = "p" }
            "#,
        );
        let (config, source) = load(Some(config.path()), no_env()).unwrap();
        assert_eq!(config.server.listen.port(), 4000);
        assert_eq!(config.clusters[0].properties["security.protocol"], "SASL_SSL");
        assert_eq!(config.schema_registries[0].clusters, vec!["prod".to_string()]);
        assert!(matches!(source, ConfigSource::File(_)));
    }

    #[test]
    fn a_named_file_that_is_missing_is_an_error_naming_it() {
        let error = load(Some(Path::new("/nonexistent/tributary.toml")), no_env()).unwrap_err();
        assert!(error.to_string().contains("/nonexistent/tributary.toml does not exist"), "{error}");
    }

    #[test]
    fn a_wrong_type_names_the_key_and_the_file() {
        let config = file("[[clusters]]\nalias = \"a\"\nbootstrap_servers = 9092\n");
        let error = load(Some(config.path()), no_env()).unwrap_err().to_string();
        assert!(error.contains("clusters[0].bootstrap_servers"), "{error}");
        assert!(error.contains(&config.path().display().to_string()), "{error}");
    }

    #[test]
    fn a_compatibility_level_is_checked_when_the_file_is_read() {
        let config = file("[[schema_directories]]\nname = \"c\"\npath = \"c\"\ncompatibility = \"SIDEWAYS\"\n");
        let error = load(Some(config.path()), no_env()).unwrap_err().to_string();
        assert!(error.contains("schema_directories[0].compatibility"), "{error}");
        assert!(error.contains("`SIDEWAYS` is not a compatibility level"), "{error}");
        let lower = file("[[schema_directories]]\nname = \"c\"\npath = \"c\"\ncompatibility = \"full_transitive\"\n");
        let (loaded, _) = load(Some(lower.path()), no_env()).unwrap();
        assert_eq!(
            loaded.schema_directories[0].compatibility,
            tributary_core::schema::compatibility::Level::FullTransitive
        );
    }

    #[test]
    fn an_unknown_key_is_named() {
        let config = file("[server]\nlisten_address = \"127.0.0.1:1\"\n");
        let error = load(Some(config.path()), no_env()).unwrap_err().to_string();
        assert!(error.contains("listen_address"), "{error}");
    }

    #[test]
    fn a_zero_renewal_check_is_refused_and_the_default_is_a_minute() {
        let tls = "[server.tls]\ncertificate = \"c.pem\"\nprivate_key = \"k.pem\"\n";
        let zero = file(&format!("{tls}renewal_check_secs = 0\n"));
        let error = load(Some(zero.path()), no_env()).unwrap_err().to_string();
        assert!(error.contains("server.tls.renewal_check_secs") && error.contains("at least 1"), "{error}");
        let (loaded, _) = load(Some(file(tls).path()), no_env()).unwrap();
        assert_eq!(loaded.server.tls.unwrap().renewal_check_secs, 60);
    }

    #[test]
    fn broken_toml_reports_the_line() {
        let config = file("[server\nlisten = 1\n");
        let error = load(Some(config.path()), no_env()).unwrap_err().to_string();
        assert!(error.contains("line 1"), "{error}");
    }

    #[test]
    fn duplicate_aliases_and_dangling_registry_clusters_are_rejected() {
        let config = file("[[clusters]]\nalias = \"a\"\nbootstrap_servers = \"x:1\"\n[[clusters]]\nalias = \"a\"\nbootstrap_servers = \"y:1\"\n");
        let error = load(Some(config.path()), no_env()).unwrap_err().to_string();
        assert!(error.contains("clusters[1].alias"), "{error}");

        let config = file("[[schema_registries]]\nname = \"r\"\nurl = \"http://r\"\nclusters = [\"ghost\"]\n");
        let error = load(Some(config.path()), no_env()).unwrap_err().to_string();
        assert!(error.contains("schema_registries[0].clusters") && error.contains("ghost"), "{error}");
        let config = file("[[connect_clusters]]\nname = \"c\"\nurl = \"http://c\"\n[[connect_clusters]]\nname = \"c\"\nurl = \"ftp://c\"\n");
        let error = load(Some(config.path()), no_env()).unwrap_err().to_string();
        assert!(error.contains("connect_clusters[1].name") && error.contains("earlier Connect cluster"), "{error}");
        let config = file("[[connect_clusters]]\nname = \"c\"\nurl = \"ftp://c\"\n");
        let error = load(Some(config.path()), no_env()).unwrap_err().to_string();
        assert!(error.contains("connect_clusters[0].url"), "{error}");
    }

    #[test]
    fn environment_overrides_the_file() {
        let config = file("[store]\nurl = \"sqlite://a.db\"\n");
        let env = vec![("TRIBUTARY__STORE__URL".to_string(), "sqlite://b.db".to_string())];
        let (config, _) = load(Some(config.path()), env).unwrap();
        assert_eq!(config.store.url, "sqlite://b.db");
    }
}
