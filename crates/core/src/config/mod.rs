//! The configuration's value types: what a `tributary.toml` holds once read, with its
//! defaults. Reading the file, its environment overrides and its secrets is the
//! server's (`server/src/config/`); these types carry no I/O.
//!
//! - [`settings`]: the typed configuration and its defaults; [`auth_settings`] its
//!   `[auth]` part.
//! - [`redact`]: credentials in URLs masked before they are shown or logged.

mod auth_settings;
mod redact;
mod settings;

pub use auth_settings::{AnonymousSetting, AuthConfig, OidcConfig};
pub use redact::mask_url_credentials;
pub use settings::{
    AuditConfig, ClassificationConfig, ClassificationRuleConfig, ClusterConfig, ComplianceConfig, Config,
    ConnectClusterConfig, EstateSourceConfig, IngestConfig, LogFormat, RegistryAuth, RegistryConfig,
    SchemaDirectoryConfig, ServerConfig, StoreConfig, SubjectMapping, TlsConfig,
};
