//! The cluster's ACLs through librdkafka's DescribeAcls (the safe rdkafka wrapper has
//! no ACL API), converted to [`AclBinding`]s at this edge.

use std::time::Duration;

use model::{AclBinding, AclOperation, AclPermission, AclResource, ClusterAcls, PatternType, ResourceKind};
use rdkafka::client::NativeClient;
use rdkafka_sys as rd;

use super::admin_error::AdminCallError;
use super::ffi::{self, AdminFailure, RawAcl};

/// Every ACL of the cluster, or why they cannot be listed. Blocks.
///
/// An empty answer is [`ClusterAcls::NoneListed`] (librdkafka folds "no authorizer"
/// and "not allowed" into it, see there). A broker that does not know the request makes
/// librdkafka fail it locally: that, and an authorizer refusal where librdkafka does
/// pass it on, are "unavailable", not read failures. Other failures (timeouts) are
/// returned as errors so the last known ACLs stay.
pub fn describe_acls(client: &NativeClient, timeout: Duration) -> Result<ClusterAcls, AdminCallError> {
    use rd::rd_kafka_resp_err_t::*;
    let acls = match ffi::describe_acls(client, timeout) {
        Ok(acls) => acls,
        Err(AdminFailure::Refused { code, message }) => {
            return match code {
                RD_KAFKA_RESP_ERR_SECURITY_DISABLED => {
                    Ok(ClusterAcls::Unavailable { reason: "the cluster has no authorizer".into() })
                }
                RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED => Ok(ClusterAcls::Unavailable {
                    reason: "not allowed to describe the cluster's ACLs (needs DESCRIBE on the cluster)".into(),
                }),
                RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE | RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION => {
                    Ok(ClusterAcls::Unavailable { reason: "the broker does not support listing ACLs".into() })
                }
                _ => Err(AdminCallError::Failed {
                    call: "DescribeAcls",
                    source: AdminFailure::Refused { code, message },
                }),
            };
        }
        Err(other) => return Err(AdminCallError::Failed { call: "DescribeAcls", source: other }),
    };
    let mut bindings: Vec<AclBinding> = acls.into_iter().map(binding).collect();
    if bindings.is_empty() {
        return Ok(ClusterAcls::NoneListed);
    }
    bindings.sort();
    Ok(ClusterAcls::Listed { bindings })
}

fn binding(acl: RawAcl) -> AclBinding {
    AclBinding {
        resource: AclResource {
            kind: resource_kind(acl.resource_type),
            name: acl.name,
            pattern: pattern_type(acl.pattern_type),
        },
        principal: acl.principal,
        host: acl.host,
        operation: operation(acl.operation),
        permission: permission(acl.permission),
    }
}

fn resource_kind(kind: rd::rd_kafka_ResourceType_t) -> ResourceKind {
    use rd::rd_kafka_ResourceType_t::*;
    match kind {
        RD_KAFKA_RESOURCE_TOPIC => ResourceKind::Topic,
        RD_KAFKA_RESOURCE_GROUP => ResourceKind::Group,
        RD_KAFKA_RESOURCE_BROKER => ResourceKind::Cluster,
        RD_KAFKA_RESOURCE_TRANSACTIONAL_ID => ResourceKind::TransactionalId,
        _ => ResourceKind::Other,
    }
}

fn pattern_type(pattern: rd::rd_kafka_ResourcePatternType_t) -> PatternType {
    use rd::rd_kafka_ResourcePatternType_t::*;
    match pattern {
        RD_KAFKA_RESOURCE_PATTERN_LITERAL => PatternType::Literal,
        RD_KAFKA_RESOURCE_PATTERN_PREFIXED => PatternType::Prefixed,
        _ => PatternType::Other,
    }
}

fn operation(operation: rd::rd_kafka_AclOperation_t) -> AclOperation {
    use rd::rd_kafka_AclOperation_t::*;
    match operation {
        RD_KAFKA_ACL_OPERATION_ALL => AclOperation::All,
        RD_KAFKA_ACL_OPERATION_READ => AclOperation::Read,
        RD_KAFKA_ACL_OPERATION_WRITE => AclOperation::Write,
        RD_KAFKA_ACL_OPERATION_CREATE => AclOperation::Create,
        RD_KAFKA_ACL_OPERATION_DELETE => AclOperation::Delete,
        RD_KAFKA_ACL_OPERATION_ALTER => AclOperation::Alter,
        RD_KAFKA_ACL_OPERATION_DESCRIBE => AclOperation::Describe,
        RD_KAFKA_ACL_OPERATION_CLUSTER_ACTION => AclOperation::ClusterAction,
        RD_KAFKA_ACL_OPERATION_DESCRIBE_CONFIGS => AclOperation::DescribeConfigs,
        RD_KAFKA_ACL_OPERATION_ALTER_CONFIGS => AclOperation::AlterConfigs,
        RD_KAFKA_ACL_OPERATION_IDEMPOTENT_WRITE => AclOperation::IdempotentWrite,
        _ => AclOperation::Other,
    }
}

fn permission(permission: rd::rd_kafka_AclPermissionType_t) -> AclPermission {
    use rd::rd_kafka_AclPermissionType_t::*;
    match permission {
        RD_KAFKA_ACL_PERMISSION_TYPE_ALLOW => AclPermission::Allow,
        RD_KAFKA_ACL_PERMISSION_TYPE_DENY => AclPermission::Deny,
        _ => AclPermission::Other,
    }
}
