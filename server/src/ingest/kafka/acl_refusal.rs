//! Why a cluster listed no ACLs. librdkafka drops DescribeAcls' top-level error code and
//! hands back an empty list, so "no authorizer", "not allowed" and "none defined" look
//! alike through it; the broker, asked directly, tells them apart.

use kafka_protocol::error::{ParseResponseErrorCode, ResponseError};
use kafka_protocol::messages::DescribeAclsRequest;
use model::{Broker, ClusterAcls};

use super::wire::{BrokerPool, WireError};

/// The protocol's ANY, for every filter of DescribeAcls (resource, pattern, operation,
/// permission).
const ANY: i8 = 1;

/// What the broker says when asked for every ACL, after librdkafka found none: why
/// there are none, or [`ClusterAcls::NoneListed`] when it cannot be asked (then the
/// three cases stay one).
pub fn why_none_listed(pool: &BrokerPool, brokers: &[Broker]) -> ClusterAcls {
    let Some(broker) = brokers.first() else { return ClusterAcls::NoneListed };
    match pool.on_broker(broker, ask) {
        Ok(None) => ClusterAcls::NoneDefined,
        Ok(Some(ResponseError::SecurityDisabled)) => {
            ClusterAcls::Unavailable { reason: "the cluster has no authorizer".into() }
        }
        Ok(Some(ResponseError::ClusterAuthorizationFailed)) => ClusterAcls::Unavailable {
            reason: "not allowed to describe the cluster's ACLs (needs DESCRIBE on the cluster)".into(),
        },
        Ok(Some(other)) => ClusterAcls::Unavailable { reason: format!("the broker refused to list ACLs ({other:?})") },
        Err(error) => {
            tracing::debug!(%error, "DescribeAcls could not be asked directly");
            ClusterAcls::NoneListed
        }
    }
}

/// DescribeAcls for everything: `None` when the broker answers without an error.
fn ask(connection: &mut super::wire::BrokerConnection) -> Result<Option<ResponseError>, WireError> {
    let version = connection.version_of::<DescribeAclsRequest>("DescribeAcls")?;
    let request = DescribeAclsRequest::default()
        .with_resource_type_filter(ANY)
        .with_pattern_type_filter(ANY)
        .with_operation(ANY)
        .with_permission_type(ANY);
    let answer = connection.send(&request, version, "DescribeAcls")?;
    Ok(answer.error_code.err())
}
