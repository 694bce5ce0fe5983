//! Why a request Tributary sends itself (not through librdkafka) failed.

/// A failed exchange with one broker.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("cannot connect to {address}: {source}")]
    Connect {
        address: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{address}: {source}")]
    Io {
        address: String,
        #[source]
        source: std::io::Error,
    },
    /// The cluster's client settings ask for something these requests cannot do yet.
    #[error("{0}")]
    Unsupported(String),
    #[error("SASL: {0}")]
    Sasl(String),
    /// The broker answered with bytes that do not decode as the answer asked for.
    #[error("malformed answer to {request}: {detail}")]
    Malformed { request: &'static str, detail: String },
    /// The broker does not offer the request at any version Tributary speaks.
    #[error("the broker does not support {0}")]
    NotOffered(&'static str),
    /// The broker answered the request with an error code.
    #[error("{request}: {error}")]
    Refused { request: &'static str, error: kafka_protocol::ResponseError },
}
