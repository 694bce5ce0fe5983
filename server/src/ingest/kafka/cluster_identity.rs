//! The cluster id and active controller through librdkafka's DescribeCluster (the
//! Metadata the safe wrapper returns leaves the controller out).

use std::time::Duration;

use model::ClusterIdentity;
use rdkafka::client::NativeClient;

use super::admin_error::AdminCallError;
use super::ffi;

/// The cluster id and controller id. Blocks.
pub fn describe_cluster(client: &NativeClient, timeout: Duration) -> Result<ClusterIdentity, AdminCallError> {
    let identity = ffi::describe_cluster(client, timeout).map_err(AdminCallError::of("DescribeCluster"))?;
    Ok(ClusterIdentity {
        cluster_id: (!identity.cluster_id.is_empty()).then_some(identity.cluster_id),
        controller: identity.controller,
    })
}
