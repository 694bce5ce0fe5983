//! The one model of desired state every format is read into: topics with their
//! partitions, replication and configs; ACL grants with the principal and service they
//! belong to; and the services themselves. A fourth format is one more parser into it.

use model::{AclBinding, SourceLocation};

/// What one or more desired-state files declare for a cluster.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DesiredEstate {
    pub topics: Vec<DesiredTopic>,
    pub grants: Vec<DesiredGrant>,
    pub services: Vec<DesiredService>,
    /// Topic name prefixes the code leaves alone (kafka-gitops' `blacklist.prefixed`):
    /// such a topic on the cluster is not "undeclared".
    pub ignored_topic_prefixes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DesiredTopic {
    pub name: String,
    pub partitions: Option<u32>,
    pub replication: Option<u32>,
    /// Topic configs (Kafka's names), as written.
    pub configs: Vec<(String, String)>,
    pub at: SourceLocation,
}

/// One ACL the code implies.
#[derive(Clone, Debug, PartialEq)]
pub struct DesiredGrant {
    pub binding: AclBinding,
    /// `true`: the tool creates exactly this binding, so its absence is drift. `false`:
    /// an allowance (a Streams app's internal topics, an operator role) that makes
    /// matching bindings on the cluster declared without requiring any.
    pub required: bool,
    /// The service, project or user it comes from.
    pub service: Option<String>,
    pub at: SourceLocation,
}

/// A service account: a named application, connector, user or project role with the
/// principal it runs as.
#[derive(Clone, Debug, PartialEq)]
pub struct DesiredService {
    pub name: String,
    /// `None` where the format lets it be left out (Confluent Cloud in kafka-gitops).
    pub principal: Option<String>,
    pub at: SourceLocation,
}

impl DesiredEstate {
    /// Appends `other`'s declarations.
    pub fn extend(&mut self, other: DesiredEstate) {
        self.topics.extend(other.topics);
        self.grants.extend(other.grants);
        self.services.extend(other.services);
        self.ignored_topic_prefixes.extend(other.ignored_topic_prefixes);
    }

    /// Whether the code names `principal` anywhere (a service or a grant).
    pub fn declares_principal(&self, principal: &str) -> bool {
        self.services.iter().any(|service| service.principal.as_deref() == Some(principal))
            || self.grants.iter().any(|grant| grant.binding.principal == principal)
    }

    /// Every principal the code names, sorted.
    pub fn principals(&self) -> Vec<&str> {
        let mut principals: Vec<&str> = self
            .services
            .iter()
            .filter_map(|service| service.principal.as_deref())
            .chain(self.grants.iter().map(|grant| grant.binding.principal.as_str()))
            .collect();
        principals.sort_unstable();
        principals.dedup();
        principals
    }
}
