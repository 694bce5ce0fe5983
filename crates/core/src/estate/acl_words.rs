//! ACL words as the formats write them (`READ`, `Read`, `IDEMPOTENT_WRITE`,
//! `IdempotentWrite`, `TOPIC`, `Topic`, `PREFIXED`, `Allow`), read into the model's
//! enums, and the bindings the formats' generators build.

use model::{AclBinding, AclOperation, AclPermission, AclResource, PatternType, ResourceKind};

/// `IDEMPOTENT_WRITE`, `IdempotentWrite` and `idempotent-write` all read `idempotentwrite`.
fn folded(word: &str) -> String {
    word.chars().filter(|character| character.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

pub fn operation(word: &str) -> Option<AclOperation> {
    use AclOperation::*;
    Some(match folded(word).as_str() {
        "all" => All,
        "read" => Read,
        "write" => Write,
        "create" => Create,
        "delete" => Delete,
        "alter" => Alter,
        "describe" => Describe,
        "clusteraction" => ClusterAction,
        "describeconfigs" => DescribeConfigs,
        "alterconfigs" => AlterConfigs,
        "idempotentwrite" => IdempotentWrite,
        _ => return None,
    })
}

pub fn resource_kind(word: &str) -> Option<ResourceKind> {
    Some(match folded(word).as_str() {
        "topic" => ResourceKind::Topic,
        "group" => ResourceKind::Group,
        "cluster" => ResourceKind::Cluster,
        "transactionalid" => ResourceKind::TransactionalId,
        _ => return None,
    })
}

pub fn pattern(word: &str) -> Option<PatternType> {
    Some(match folded(word).as_str() {
        "literal" => PatternType::Literal,
        "prefixed" => PatternType::Prefixed,
        _ => return None,
    })
}

pub fn permission(word: &str) -> Option<AclPermission> {
    Some(match folded(word).as_str() {
        "allow" => AclPermission::Allow,
        "deny" => AclPermission::Deny,
        _ => return None,
    })
}

/// Kafka's name for the one cluster resource.
pub const CLUSTER_RESOURCE: &str = "kafka-cluster";

/// An ALLOW from any host, as every generator of the formats builds them.
pub fn allow(
    principal: &str,
    kind: ResourceKind,
    name: &str,
    pattern: PatternType,
    operation: AclOperation,
) -> AclBinding {
    AclBinding {
        resource: AclResource { kind, name: name.to_owned(), pattern },
        principal: principal.to_owned(),
        host: "*".to_owned(),
        operation,
        permission: AclPermission::Allow,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_the_formats_reads() {
        assert_eq!(operation("IDEMPOTENT_WRITE"), Some(AclOperation::IdempotentWrite));
        assert_eq!(operation("IdempotentWrite"), Some(AclOperation::IdempotentWrite));
        assert_eq!(operation("DescribeConfigs"), Some(AclOperation::DescribeConfigs));
        assert_eq!(resource_kind("TransactionalID"), Some(ResourceKind::TransactionalId));
        assert_eq!(pattern("Prefixed"), Some(PatternType::Prefixed));
        assert_eq!(permission("Deny"), Some(AclPermission::Deny));
        assert_eq!(operation("READS"), None);
    }
}
