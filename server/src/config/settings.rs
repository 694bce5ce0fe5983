//! The configuration's typed settings (server, store, ingest, clusters, registries,
//! directories) and their defaults.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use crate::schema::compatibility::Level;

/// The default address: loopback only, so a first start exposes nothing.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:3000";
/// The embedded store, created in the working directory on first start.
pub const DEFAULT_STORE_URL: &str = "sqlite://tributary.db";
/// Where `cargo leptos build` puts the compiled CSS, wasm and JS.
pub const DEFAULT_SITE_ROOT: &str = "target/site";
/// How often each cluster's read starts. Below 5 s so that a change is in the catalog
/// within 5 s even when it lands just after a read.
pub const DEFAULT_POLL_INTERVAL_SECS: u64 = 4;
/// How long one request to a cluster may take before the read counts as failed.
pub const DEFAULT_REQUEST_TIMEOUT_SECS: u64 = 10;
/// How often every topic's configs are read again (new topics get theirs at once).
pub const DEFAULT_CONFIG_REFRESH_SECS: u64 = 60;
/// How often committed offsets and high watermarks (lag) are read again (new groups get
/// theirs at once).
pub const DEFAULT_LAG_REFRESH_SECS: u64 = 15;
/// Total lag of a group (records) above which a crossing is recorded as an event.
pub const DEFAULT_LAG_THRESHOLD: i64 = 10_000;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub server: ServerConfig,
    #[serde(default)]
    pub store: StoreConfig,
    #[serde(default)]
    pub ingest: IngestConfig,
    #[serde(default)]
    pub clusters: Vec<ClusterConfig>,
    #[serde(default)]
    pub schema_registries: Vec<RegistryConfig>,
    #[serde(default)]
    pub schema_directories: Vec<SchemaDirectoryConfig>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    #[serde(default = "default_listen")]
    pub listen: SocketAddr,
    /// The compiled web assets (`pkg/` inside it).
    #[serde(default = "default_site_root")]
    pub site_root: PathBuf,
    #[serde(default)]
    pub log_format: LogFormat,
    /// The `Host` names (with or without a port) requests may name; others are refused
    /// with 421. Empty: the listen address, `localhost` and the loopback addresses, on
    /// the listen port. `"*"` answers any host (only behind a proxy that checks it).
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
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
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    /// `sqlite://path/to/file.db` (the default, embedded) or `postgres://user:pass@host/db`.
    #[serde(default = "default_store_url")]
    pub url: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestConfig {
    #[serde(default = "default_poll_interval_secs")]
    pub poll_interval_secs: u64,
    #[serde(default = "default_request_timeout_secs")]
    pub request_timeout_secs: u64,
    #[serde(default = "default_config_refresh_secs")]
    pub config_refresh_secs: u64,
    #[serde(default = "default_lag_refresh_secs")]
    pub lag_refresh_secs: u64,
    #[serde(default = "default_lag_threshold")]
    pub lag_threshold: i64,
    /// Follow `__consumer_offsets` where the cluster exposes it (Apache Kafka does), so
    /// a group that starts reading a topic shows at once instead of at the next poll.
    #[serde(default = "default_true")]
    pub follow_offsets_topic: bool,
    /// How often each schema registry is polled for new subjects and versions.
    #[serde(default = "default_schema_poll_interval_ms")]
    pub schema_poll_interval_ms: u64,
    /// How often every subject is re-read (catches version deletes and level changes;
    /// new subjects and versions are found by every poll). Each pass costs three requests
    /// per subject, so it is rare by default.
    #[serde(default = "default_schema_full_refresh_secs")]
    pub schema_full_refresh_secs: u64,
    /// The Protobuf message option that lists the topics a message may be published to
    /// (its full name, or the last segment of it).
    #[serde(default = "default_topics_option")]
    pub topics_option: String,
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
    pub fn binding(&self) -> Option<app::model::TopicBinding> {
        let role = match self.role.as_str() {
            "key" => app::model::SchemaRole::Key,
            "value" => app::model::SchemaRole::Value,
            _ => return None,
        };
        Some(app::model::TopicBinding {
            topic: self.topic.clone(),
            role,
            strategy: app::model::NamingStrategy::Explicit,
        })
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

#[derive(Clone, Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
pub enum RegistryAuth {
    Basic { username: String, password: String },
    Bearer { token: String },
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: default_listen(),
            site_root: default_site_root(),
            log_format: LogFormat::default(),
            allowed_hosts: Vec::new(),
        }
    }
}

impl Default for StoreConfig {
    fn default() -> Self {
        Self { url: default_store_url() }
    }
}

impl Default for IngestConfig {
    fn default() -> Self {
        Self {
            poll_interval_secs: default_poll_interval_secs(),
            request_timeout_secs: default_request_timeout_secs(),
            config_refresh_secs: default_config_refresh_secs(),
            lag_refresh_secs: default_lag_refresh_secs(),
            lag_threshold: default_lag_threshold(),
            follow_offsets_topic: true,
            schema_poll_interval_ms: default_schema_poll_interval_ms(),
            schema_full_refresh_secs: default_schema_full_refresh_secs(),
            topics_option: default_topics_option(),
        }
    }
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
}

fn default_listen() -> SocketAddr {
    DEFAULT_LISTEN.parse().expect("DEFAULT_LISTEN is a valid socket address")
}

fn default_site_root() -> PathBuf {
    PathBuf::from(DEFAULT_SITE_ROOT)
}

fn default_store_url() -> String {
    DEFAULT_STORE_URL.to_owned()
}

fn default_poll_interval_secs() -> u64 {
    DEFAULT_POLL_INTERVAL_SECS
}

fn default_request_timeout_secs() -> u64 {
    DEFAULT_REQUEST_TIMEOUT_SECS
}

/// Polls start this often: new subjects and versions show within 5 s with room to spare.
fn default_schema_poll_interval_ms() -> u64 {
    2_000
}

fn default_schema_full_refresh_secs() -> u64 {
    300
}

fn default_topics_option() -> String {
    crate::schema::DEFAULT_TOPICS_OPTION.to_owned()
}

fn default_true() -> bool {
    true
}

fn default_lag_threshold() -> i64 {
    DEFAULT_LAG_THRESHOLD
}

fn default_config_refresh_secs() -> u64 {
    DEFAULT_CONFIG_REFRESH_SECS
}

fn default_lag_refresh_secs() -> u64 {
    DEFAULT_LAG_REFRESH_SECS
}
