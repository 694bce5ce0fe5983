//! What can go wrong reading the configuration, naming the file, the key or the
//! environment variable at fault.

use std::path::PathBuf;

use super::OverrideProblem;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {path} does not exist (pass --config, set TRIBUTARY_CONFIG, or create it)")]
    NotFound { path: PathBuf },

    #[error("cannot read configuration file {path}: {source}")]
    Unreadable { path: PathBuf, source: std::io::Error },

    #[error("configuration file {path} is not valid TOML: {message}")]
    Syntax { path: PathBuf, message: String },

    #[error("configuration file {path}, key `{key}`: {message}")]
    Invalid { path: PathBuf, key: String, message: String },

    #[error("environment variable {variable}: {problem}")]
    Environment { variable: String, problem: OverrideProblem },
}
