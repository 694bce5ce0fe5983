//! The cluster id and active controller through librdkafka's DescribeCluster (the
//! Metadata the safe wrapper returns leaves the controller out).

use std::time::Duration;

use app::model::ClusterIdentity;
use rdkafka::client::NativeClient;
use rdkafka_sys as rd;

use super::ffi::{text, AdminFailure, Options, Queue};

/// The cluster id and controller id. Blocks.
pub fn describe_cluster(client: &NativeClient, timeout: Duration) -> Result<ClusterIdentity, String> {
    let client = client.ptr();
    // SAFETY: every pointer below is either checked for null or produced by librdkafka
    // for this call and freed by a guard; the strings are copied before the event goes.
    unsafe {
        let queue = Queue::new(client);
        let options = Options::new(client, rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBECLUSTER, timeout)?;
        rd::rd_kafka_DescribeCluster(client, options.0, queue.0);
        let event = queue.wait(timeout)?;
        let result = rd::rd_kafka_event_DescribeCluster_result(event.0);
        if result.is_null() {
            return Err(AdminFailure::Unexpected("DescribeCluster").into());
        }
        let cluster_id = text(rd::rd_kafka_DescribeCluster_result_cluster_id(result));
        let controller = rd::rd_kafka_DescribeCluster_result_controller(result);
        Ok(ClusterIdentity {
            cluster_id: (!cluster_id.is_empty()).then_some(cluster_id),
            // Kafka answers -1 when it has no controller.
            controller: (!controller.is_null()).then(|| rd::rd_kafka_Node_id(controller)).filter(|id| *id >= 0),
        })
    }
}
