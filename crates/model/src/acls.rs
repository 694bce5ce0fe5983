//! A cluster's ACLs as its authorizer reports them, in Tributary's terms, and how one
//! binding reads and matches (what they permit is in [`super::permissions`]).

use serde::{Deserialize, Serialize};

/// What the cluster said about its ACLs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
// `AccessControl` in the API document, as it always was.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = AccessControl))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ClusterAcls {
    /// Not asked yet (or read by a version that did not ask).
    #[default]
    NotRead,
    /// The cluster listed no ACLs, and why could not be told: Kafka answers
    /// SECURITY_DISABLED when it has no authorizer and CLUSTER_AUTHORIZATION_FAILED when
    /// it will not let us describe them, but librdkafka drops that error code, and the
    /// broker could not be asked directly (a connection Tributary's own client cannot
    /// make, such as TLS). The three cases are shown as one honest state.
    NoneListed,
    /// The broker, asked directly, answered without error and with no ACLs: the
    /// authorizer holds none.
    NoneDefined,
    /// The ACLs cannot be listed (the broker does not support the request).
    Unavailable { reason: String },
    /// The ACLs, sorted.
    Listed { bindings: Vec<AclBinding> },
}

/// One ACL: `principal` is `permission`ed to `operation` on `resource` from `host`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AclBinding {
    pub resource: AclResource,
    /// `User:alice`, `User:*`, ...
    pub principal: String,
    /// `*` for any host.
    pub host: String,
    pub operation: AclOperation,
    pub permission: AclPermission,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AclResource {
    pub kind: ResourceKind,
    /// A name, a name prefix (for `Prefixed`), or `*` for every resource of the kind.
    pub name: String,
    pub pattern: PatternType,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    Topic,
    Group,
    Cluster,
    TransactionalId,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PatternType {
    Literal,
    Prefixed,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AclOperation {
    All,
    Read,
    Write,
    Create,
    Delete,
    Alter,
    Describe,
    ClusterAction,
    DescribeConfigs,
    AlterConfigs,
    IdempotentWrite,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AclPermission {
    Allow,
    Deny,
    Other,
}

impl ClusterAcls {
    /// What to tell a user about this cluster's ACLs.
    pub fn label(&self) -> String {
        match self {
            ClusterAcls::NotRead => "ACLs not read yet".into(),
            ClusterAcls::NoneListed => {
                "No ACLs listed: the cluster has no authorizer, holds no ACLs, or does not let Tributary describe them"
                    .into()
            }
            ClusterAcls::NoneDefined => "No ACLs: the cluster's authorizer holds none".into(),
            ClusterAcls::Unavailable { reason } => format!("ACLs unavailable: {reason}"),
            ClusterAcls::Listed { bindings } => match bindings.len() {
                1 => "1 ACL".into(),
                count => format!("{count} ACLs"),
            },
        }
    }
}

/// Kafka's wildcard principal and resource name.
pub(super) const WILDCARD_PRINCIPAL: &str = "User:*";
pub(super) const WILDCARD: &str = "*";

impl AclBinding {
    /// Whether this ACL applies to `operation` on the resource `kind`/`name` for `principal`.
    pub(super) fn applies(&self, principal: &str, kind: ResourceKind, name: &str, operation: AclOperation) -> bool {
        (self.principal == principal || self.principal == WILDCARD_PRINCIPAL)
            && (self.operation == operation || self.operation == AclOperation::All)
            && self.resource.matches(kind, name)
    }

    /// A one-line description, in the words of `kafka-acls`:
    /// `ALLOW READ on topic shop. (prefixed) from *`.
    pub fn describe(&self) -> String {
        let pattern = if self.resource.pattern == PatternType::Prefixed { " (prefixed)" } else { "" };
        format!(
            "{} {} on {} {}{pattern} from {}",
            screaming_snake(&format!("{:?}", self.permission)),
            screaming_snake(&format!("{:?}", self.operation)),
            screaming_snake(&format!("{:?}", self.resource.kind)).to_lowercase(),
            self.resource.name,
            self.host
        )
    }
}

/// `ClusterAction` → `CLUSTER_ACTION`.
fn screaming_snake(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for (index, character) in camel.chars().enumerate() {
        if character.is_uppercase() && index > 0 {
            out.push('_');
        }
        out.push(character.to_ascii_uppercase());
    }
    out
}

impl AclResource {
    pub fn matches(&self, kind: ResourceKind, name: &str) -> bool {
        self.kind == kind
            && match self.pattern {
                PatternType::Literal => self.name == name || self.name == WILDCARD,
                PatternType::Prefixed => name.starts_with(&self.name),
                PatternType::Other => false,
            }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(crate) fn acl(
        principal: &str,
        kind: ResourceKind,
        name: &str,
        pattern: PatternType,
        operation: AclOperation,
    ) -> AclBinding {
        AclBinding {
            resource: AclResource { kind, name: name.into(), pattern },
            principal: principal.into(),
            host: "*".into(),
            operation,
            permission: AclPermission::Allow,
        }
    }

    pub(crate) fn deny(mut binding: AclBinding) -> AclBinding {
        binding.permission = AclPermission::Deny;
        binding
    }

    #[test]
    fn a_binding_reads_like_kafka_acls_prints_it() {
        use {AclOperation::*, PatternType::*, ResourceKind::*};
        assert_eq!(
            acl("User:payments", Topic, "shop.", Prefixed, Read).describe(),
            "ALLOW READ on topic shop. (prefixed) from *"
        );
        assert_eq!(
            deny(acl("User:ops", TransactionalId, "tx", Literal, ClusterAction)).describe(),
            "DENY CLUSTER_ACTION on transactional_id tx from *"
        );
    }
}
