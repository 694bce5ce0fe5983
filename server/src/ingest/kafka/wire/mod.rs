//! The Kafka protocol spoken directly, for the few requests librdkafka does not offer
//! (DescribeProducers, ListTransactions, and DescribeAcls where librdkafka hides its error code): one blocking connection per broker, over the
//! same security settings as the cluster's librdkafka client.
//!
//! - [`connection`]: framing, ApiVersions, SASL PLAIN and SCRAM.
//! - [`pool`]: one kept connection per broker of a cluster.
//! - [`scram`]: the SCRAM exchange (RFC 5802/7677), pure.
//! - [`security`]: the connection a cluster's properties ask for.
//! - [`error`]: why an exchange failed.

pub mod connection;
pub mod error;
pub mod pool;
pub mod scram;
pub mod security;

pub use connection::BrokerConnection;
pub use error::WireError;
pub use pool::BrokerPool;
pub use security::WireSecurity;
