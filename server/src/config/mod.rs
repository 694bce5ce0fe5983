//! Configuration: a TOML file, then `TRIBUTARY__...` environment overrides, then checks.
//!
//! - [`settings`]: the typed configuration and its defaults; [`auth_settings`] its
//!   `[auth]` part.
//! - [`env_override`]: applies `TRIBUTARY__SECTION__KEY=value` variables to the file.
//! - [`load`]: reads, overrides, deserializes and validates, naming the file and key
//!   of any problem.
//! - [`secret_refs`]: `${env:NAME}` and `${file:PATH}` values, so secrets stay out of the file.
//! - [`redact`]: credentials in URLs masked before they are shown or logged.

mod auth_settings;
mod env_override;
mod load;
mod redact;
mod secret_refs;
mod settings;

pub use auth_settings::{AnonymousSetting, AuthConfig, OidcConfig};
pub use env_override::OverrideProblem;
pub use load::{load, ConfigSource};
pub use redact::mask_url_credentials;
pub use settings::{
    AuditConfig, ClassificationConfig, ClassificationRuleConfig, ClusterConfig, ComplianceConfig, Config,
    ConnectClusterConfig, IngestConfig, LogFormat, RegistryAuth, RegistryConfig, SchemaDirectoryConfig, ServerConfig,
    StoreConfig, SubjectMapping, TlsConfig,
};
