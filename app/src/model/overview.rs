//! The cluster overview page's data.

use serde::{Deserialize, Serialize};

use super::{ClusterSnapshot, ClusterStatus};

/// Every configured cluster with its last known state.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub clusters: Vec<ClusterOverview>,
    /// The server's clock when this was built, so "read 5 s ago" does not depend on
    /// the browser's clock.
    pub server_time_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterOverview {
    pub status: ClusterStatus,
    /// The last successful read; `None` until one succeeds.
    pub snapshot: Option<ClusterSnapshot>,
}
