//! The server crate's one error type. HTTP handlers map it to status codes at the edge.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),

    #[error("store {url}: {source}")]
    Store { url: String, source: sqlx::Error },

    #[error("store query failed: {0}")]
    StoreQuery(#[from] sqlx::Error),

    #[error("the store did not grant a write within {waited:?} (locked by another writer?)")]
    StoreBusy { waited: std::time::Duration },

    #[error("cannot encode or decode stored catalog data: {0}")]
    StoredData(#[source] serde_json::Error),

    #[error("store {url}: migrations failed: {source}")]
    Migration { url: String, source: sqlx::migrate::MigrateError },

    #[error("cluster `{alias}`: {message}")]
    Kafka { alias: String, message: String },

    #[error("Connect cluster `{name}`: {message}")]
    Connect { name: String, message: String },

    #[error("schema registry `{name}`: {message}")]
    Registry { name: String, message: String },

    /// The registry answered a request made on a user's behalf with a client error
    /// (4xx): the request, not the registry, is at fault.
    #[error("schema registry `{name}` refused the request: {message}")]
    RegistryRefused { name: String, status: u16, message: String },

    #[error("no cluster is configured with the alias `{0}`")]
    UnknownCluster(String),

    #[error("cannot listen on {address}: {source}")]
    Listen { address: std::net::SocketAddr, source: std::io::Error },

    /// Starting as configured would expose the catalog; the message says why and what
    /// to do instead.
    #[error("{0}")]
    UnsafeStart(String),

    /// A task on the blocking pool panicked or was cancelled: a bug, reported as one.
    #[error("internal error while {what}")]
    Internal { what: &'static str, source: tokio::task::JoinError },

    /// Sign-in through the OpenID Connect provider failed on the provider's side or in
    /// its answer's checks.
    #[error("sign-in through the OpenID Connect provider failed: {0}")]
    SignInProvider(#[from] crate::openid::OpenIdError),

    /// The listener's TLS certificate or key could not be used.
    #[error("TLS: {}: {message}", path.display())]
    Tls { path: PathBuf, message: String },

    #[error("serving HTTP failed: {0}")]
    Serving(#[source] std::io::Error),

    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The failure of a source's read as its page shows it: a cluster's page already
    /// names the cluster, so a Kafka failure is its message alone.
    pub fn read_failure(&self) -> tributary_core::catalog::ReadFailure {
        tributary_core::catalog::ReadFailure::new(match self {
            Error::Kafka { message, .. } | Error::Connect { message, .. } => message.clone(),
            other => other.to_string(),
        })
    }
}
