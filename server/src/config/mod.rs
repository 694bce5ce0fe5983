//! Configuration: a TOML file, then `TRIBUTARY__...` environment overrides, then checks.
//!
//! - the typed configuration, its defaults and URL redaction are value types of the
//!   core (`tributary_core::config`), re-exported here so the server names them once.
//! - [`env_override`]: applies `TRIBUTARY__SECTION__KEY=value` variables to the file.
//! - [`load`]: reads, overrides, deserializes and validates, naming the file and key
//!   of any problem.
//! - [`ConfigError`]: what reading it can fail with, naming the file, key or variable.
//! - [`secret_refs`]: `${env:NAME}` and `${file:PATH}` values, so secrets stay out of the file.

mod env_override;
mod error;
mod load;
mod secret_refs;

pub use env_override::OverrideProblem;
pub use error::ConfigError;
pub use load::{load, ConfigSource};
pub use tributary_core::config::{
    mask_url_credentials, AnonymousSetting, AuditConfig, AuthConfig, ClassificationConfig, ClassificationRuleConfig,
    ClusterConfig, ComplianceConfig, Config, ConnectClusterConfig, EstateSourceConfig, IngestConfig, LogFormat,
    OidcConfig, RegistryAuth, RegistryConfig, SchemaDirectoryConfig, ServerConfig, StoreConfig, SubjectMapping,
    TlsConfig,
};
