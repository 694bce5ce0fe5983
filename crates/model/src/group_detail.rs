//! One consumer group in full, as its page and the API show it.

use serde::{Deserialize, Serialize};

use super::{ApplicationKind, ClusterStatus, ConsumerGroup};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupDetail {
    pub cluster: String,
    /// The cluster's read status, so a stale answer says so.
    pub status: ClusterStatus,
    /// The server's clock when this was built, for "read 5 s ago".
    pub server_time_ms: i64,
    /// What the group is: `"kind"` (and `"connector"` for a sink), beside the other fields.
    #[serde(flatten)]
    pub kind: ApplicationKind,
    /// Members with client ids, hosts and assignments; committed offsets with lag.
    pub group: ConsumerGroup,
    pub total_lag: Option<i64>,
    /// For a Connect sink's group, the connector's page, where a configured Connect
    /// cluster runs it.
    #[serde(default)]
    pub connector_href: Option<String>,
}
