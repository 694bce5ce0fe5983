//! Configuration: a TOML file, then `TRIBUTARY__...` environment overrides, then checks.
//!
//! - [`settings`]: the typed configuration and its defaults.
//! - [`env_override`]: applies `TRIBUTARY__SECTION__KEY=value` variables to the file.
//! - [`load`]: reads, overrides, deserializes and validates, naming the file and key
//!   of any problem.

mod env_override;
mod load;
mod settings;

pub use load::{load, ConfigSource};
pub use settings::{
    ClusterConfig, Config, IngestConfig, LogFormat, RegistryAuth, RegistryConfig, SchemaDirectoryConfig, ServerConfig,
    StoreConfig, SubjectMapping,
};
