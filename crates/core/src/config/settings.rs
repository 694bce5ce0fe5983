//! The configuration's typed settings (server, store, ingest, clusters, registries,
//! directories) and their defaults.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use super::auth_settings::AuthConfig;
use crate::schema::compatibility::Level;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub server: ServerConfig,
    pub store: StoreConfig,
    pub ingest: IngestConfig,
    pub clusters: Vec<ClusterConfig>,
    pub schema_registries: Vec<RegistryConfig>,
    pub schema_directories: Vec<SchemaDirectoryConfig>,
    pub connect_clusters: Vec<ConnectClusterConfig>,
    pub estate_sources: Vec<EstateSourceConfig>,
    pub classification: ClassificationConfig,
    pub compliance: ComplianceConfig,
    pub audit: AuditConfig,
    pub auth: AuthConfig,
}

/// The audit log.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditConfig {
    /// Who the audit log names for changes no person signs (lineage declared over the
    /// API, profile files reloaded) until sign-in exists; "tributary operator" when unset.
    pub operator: Option<String>,
}

/// Where compliance profiles come from.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComplianceConfig {
    /// A directory of profile files (`*.toml`), re-read when a file changes; none when
    /// absent.
    pub profiles_dir: Option<PathBuf>,
}

/// How fields are classified beyond their schema tags: name rules added to the built-in
/// ones, built-in rules turned off, and names no rule may classify.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClassificationConfig {
    pub rules: Vec<ClassificationRuleConfig>,
    /// Names of rules (built-in or added) not to apply.
    pub disable: Vec<String>,
    /// Regular expressions on the normalised field name (`phone_number`): matching
    /// fields are never classified by a rule.
    pub exclude: Vec<String>,
}

/// A name rule of the configuration.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassificationRuleConfig {
    pub name: String,
    /// `PII`, `PCI`, `PHI`, `CREDENTIALS`, or a category of your own.
    pub category: String,
    /// A regular expression on the normalised field name (`loyalty_number`).
    pub pattern: String,
    /// A regular expression on the lower-cased field doc.
    #[serde(default)]
    pub doc_pattern: Option<String>,
}

/// The HTTP server. A missing key takes its value from [`ServerConfig::default`], the
/// one place the defaults are written.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerConfig {
    pub listen: SocketAddr,
    /// The compiled web assets (`pkg/` inside it).
    pub site_root: PathBuf,
    pub log_format: LogFormat,
    /// The `Host` names (with or without a port) requests may name; others are refused
    /// with 421. Empty: the listen address, `localhost` and the loopback addresses, on
    /// the listen port. `"*"` answers any host (only behind a proxy that checks it).
    pub allowed_hosts: Vec<String>,
    /// TLS on the listener itself; none: plain HTTP (put a proxy that terminates TLS in
    /// front).
    pub tls: Option<TlsConfig>,
}

/// The listener's certificate chain and private key, PEM files.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsConfig {
    /// The server's certificate, then any intermediates.
    pub certificate: PathBuf,
    /// Its private key (PKCS#8, PKCS#1 or SEC1).
    pub private_key: PathBuf,
    /// How often the two files are looked at for a renewal (seconds).
    #[serde(default = "default_renewal_check_secs")]
    pub renewal_check_secs: u64,
}

/// A renewed certificate is in service within a minute.
fn default_renewal_check_secs() -> u64 {
    60
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            // Loopback only, so a first start exposes nothing.
            listen: SocketAddr::from(([127, 0, 0, 1], 3000)),
            // Where `cargo leptos build` puts the compiled CSS, wasm and JS.
            site_root: PathBuf::from("target/site"),
            log_format: LogFormat::default(),
            allowed_hosts: Vec::new(),
            tls: None,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreConfig {
    /// `sqlite://path/to/file.db` (the default, embedded) or `postgres://user:pass@host/db`.
    pub url: String,
}

impl Default for StoreConfig {
    fn default() -> Self {
        // The embedded store, created in the working directory on first start.
        Self { url: "sqlite://tributary.db".to_owned() }
    }
}

/// How sources are read. A missing key takes its value from [`IngestConfig::default`].
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IngestConfig {
    /// How often each cluster's read starts.
    pub poll_interval_secs: u64,
    /// How long one request to a cluster may take before the read counts as failed.
    pub request_timeout_secs: u64,
    /// How often every topic's configs are read again (new topics get theirs at once).
    pub config_refresh_secs: u64,
    /// How often committed offsets and high watermarks (lag) are read again (new groups
    /// get theirs at once).
    pub lag_refresh_secs: u64,
    /// Total lag of a group (records) above which a crossing is recorded as an event.
    pub lag_threshold: i64,
    /// Follow `__consumer_offsets` where the cluster exposes it (Apache Kafka does), so
    /// a group that starts reading a topic shows at once instead of at the next poll.
    pub follow_offsets_topic: bool,
    /// How often each schema registry is polled for new subjects and versions.
    pub schema_poll_interval_ms: u64,
    /// The period in which every subject is re-checked in turn (catches version deletes
    /// and level changes; new subjects and versions are found by every poll).
    pub schema_full_refresh_secs: u64,
    /// The Protobuf message option that lists the topics a message may be published to
    /// (its full name, or the last segment of it).
    pub topics_option: String,
    /// The clusters (aliases) whose records Tributary may read: the schema ids of each
    /// partition's oldest and newest record, which tell the schema versions a topic
    /// still holds. Needs READ on the topics; nothing is written or committed.
    pub read_records: Vec<String>,
    /// How often those topics' records are sampled (topics whose subjects have more
    /// than one version only).
    pub record_sample_secs: u64,
}

impl Default for IngestConfig {
    fn default() -> Self {
        Self {
            // Below 5 s, so that a change is in the catalog within 5 s even when it lands
            // just after a read.
            poll_interval_secs: 4,
            request_timeout_secs: 10,
            config_refresh_secs: 60,
            lag_refresh_secs: 15,
            lag_threshold: 10_000,
            follow_offsets_topic: true,
            // New subjects and versions show within 5 s with room to spare.
            schema_poll_interval_ms: 2_000,
            // A re-check costs three requests per subject: spread over five minutes.
            schema_full_refresh_secs: 300,
            topics_option: crate::schema::DEFAULT_TOPICS_OPTION.to_owned(),
            read_records: Vec::new(),
            // A few reads per partition of the few topics with several versions.
            record_sample_secs: 300,
        }
    }
}

/// One Kafka cluster. `properties` go to librdkafka as they are, so any client setting
/// (SASL, SSL, timeouts) works: see librdkafka's CONFIGURATION.md.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterConfig {
    /// A short stable name used in URLs and ids: letters, digits, `.`, `_` and `-`.
    pub alias: String,
    pub bootstrap_servers: String,
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
}

/// A Confluent-compatible schema registry, and the clusters whose topics it describes.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryConfig {
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub clusters: Vec<String>,
    #[serde(default)]
    pub auth: Option<RegistryAuth>,
    /// Subjects tied to topics by hand, for RecordNameStrategy subjects and any other
    /// naming the strategies cannot see.
    #[serde(default)]
    pub mappings: Vec<SubjectMapping>,
}

/// A Kafka Connect cluster, read over its REST API, and the Kafka clusters its
/// connectors read and write.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectClusterConfig {
    /// A short stable name used in URLs and ids: letters, digits, `.`, `_` and `-`.
    pub name: String,
    /// Any worker's REST address (`http://connect:8083`).
    pub url: String,
    /// The aliases of the Kafka clusters its connectors' topics live on.
    #[serde(default)]
    pub clusters: Vec<String>,
    #[serde(default)]
    pub auth: Option<RegistryAuth>,
}

/// `subject` describes `topic`'s keys or values.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectMapping {
    pub subject: String,
    pub topic: String,
    #[serde(default = "default_mapping_role")]
    pub role: String,
}

fn default_mapping_role() -> String {
    "value".into()
}

impl SubjectMapping {
    /// The binding this mapping adds, if its role is `key` or `value`.
    pub fn binding(&self) -> Option<model::TopicBinding> {
        let role = match self.role.as_str() {
            "key" => model::SchemaRole::Key,
            "value" => model::SchemaRole::Value,
            _ => return None,
        };
        Some(model::TopicBinding { topic: self.topic.clone(), role, strategy: model::NamingStrategy::Explicit })
    }
}

/// A directory of schema files (a contracts repository), catalogued like a registry:
/// `.avsc`/`.avro`, `.proto` and `.json` files, each a subject named by its path.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaDirectoryConfig {
    pub name: String,
    pub path: PathBuf,
    #[serde(default)]
    pub clusters: Vec<String>,
    /// The level the tool's own compatibility check applies to proposals.
    #[serde(default = "default_directory_compatibility")]
    pub compatibility: Level,
    #[serde(default)]
    pub mappings: Vec<SubjectMapping>,
}

fn default_directory_compatibility() -> Level {
    Level::Backward
}

/// A team's desired state for one cluster, as code: a directory of JulieOps topologies,
/// kafka-gitops state files or Terraform JSON (`*.yaml`, `*.yml`, `*.json`, two levels
/// deep), or one such file; re-read when a file changes.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstateSourceConfig {
    pub path: PathBuf,
    /// The alias of the cluster the files describe.
    pub cluster: String,
    /// `julieops`, `kafka-gitops` or `terraform`; recognised per file when absent.
    #[serde(default)]
    pub format: Option<String>,
    /// The format tool's own properties that change what its files mean (JulieOps:
    /// `topology.topic.prefix.separator`, `topology.acls.optimized`,
    /// `topology.connector.allow.topic.create`).
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
    /// Principals whose ACLs the code does not manage (admins, Tributary's own).
    #[serde(default)]
    pub ignore_principals: Vec<String>,
    /// Topic name prefixes the code does not manage (`_`, `connect-`).
    #[serde(default)]
    pub ignore_topics: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
pub enum RegistryAuth {
    Basic { username: String, password: String },
    Bearer { token: String },
}

impl IngestConfig {
    pub fn poll_interval(&self) -> Duration {
        Duration::from_secs(self.poll_interval_secs)
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    pub fn config_refresh(&self) -> Duration {
        Duration::from_secs(self.config_refresh_secs)
    }

    pub fn lag_refresh(&self) -> Duration {
        Duration::from_secs(self.lag_refresh_secs)
    }

    pub fn schema_poll_interval(&self) -> Duration {
        Duration::from_millis(self.schema_poll_interval_ms)
    }

    pub fn schema_full_refresh(&self) -> Duration {
        Duration::from_secs(self.schema_full_refresh_secs)
    }

    /// How often records are sampled (at least a second).
    pub fn record_sample_interval(&self) -> Duration {
        Duration::from_secs(self.record_sample_secs.max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_left_out_take_the_one_written_default() {
        let config: Config = toml::from_str("[ingest]\nlag_threshold = 5\n[server]\nlog_format = \"json\"\n").unwrap();
        let defaults = IngestConfig::default();
        assert_eq!(config.ingest.lag_threshold, 5);
        assert_eq!(config.ingest.poll_interval_secs, defaults.poll_interval_secs);
        assert_eq!(config.ingest.schema_full_refresh_secs, defaults.schema_full_refresh_secs);
        assert!(config.ingest.follow_offsets_topic);
        assert_eq!(config.server.listen, ServerConfig::default().listen);
        assert!(config.server.listen.ip().is_loopback(), "a first start exposes nothing");
        assert_eq!(config.server.log_format, LogFormat::Json);
        assert_eq!(config.store.url, StoreConfig::default().url);
        assert!(toml::from_str::<Config>("[ingest]\npoll_intervall_secs = 1\n").is_err(), "misspelt keys are refused");
    }
}
