//! Data shared by the server and the browser.
//!
//! - [`cluster`]: what was read from one Kafka cluster (brokers, topics, groups).
//! - [`freshness`]: when a cluster was last read, and whether that read is current.
//! - [`overview`]: the cluster overview page's data, built from the two above.

pub mod cluster;
pub mod freshness;
pub mod overview;

pub use cluster::{Broker, ClusterSnapshot, GroupSummary, Retention, TopicSummary};
pub use freshness::{ClusterStatus, Freshness};
pub use overview::{ClusterOverview, Overview};
