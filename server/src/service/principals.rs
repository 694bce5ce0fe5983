//! One principal of one cluster, as its page and the API show it: its ACLs and what
//! they permit with their use, joined with where the estate's code declares it and the
//! drift naming it.

use model::{permitted_edges, AclBinding, ClusterAcls, DeclaredAt, PrincipalDetail};

use super::Services;

/// Kafka's wildcard principal, whose ACLs apply to every principal.
const EVERY_PRINCIPAL: &str = "User:*";

impl Services {
    /// Principal `principal` of cluster `cluster`; `None` when no cluster has that alias.
    pub fn principal(&self, cluster: &str, principal: &str) -> Option<PrincipalDetail> {
        let state = self.cluster(cluster)?;
        let snapshot = state.snapshot.unwrap_or_default();
        let acls: Vec<AclBinding> = match &snapshot.access {
            ClusterAcls::Listed { bindings } => bindings
                .iter()
                .filter(|binding| binding.principal == principal || binding.principal == EVERY_PRINCIPAL)
                .cloned()
                .collect(),
            _ => Vec::new(),
        };
        let permissions = permitted_edges(&snapshot).into_iter().filter(|edge| edge.principal == principal).collect();
        let (declared_at, drift) = match self.principal_estate(cluster, principal) {
            Some((declared, drift)) => (Some(declared), drift),
            None => (None, Vec::new()),
        };
        Some(PrincipalDetail {
            cluster: cluster.to_owned(),
            principal: principal.to_owned(),
            acls_status: snapshot.access.label(),
            acls,
            permissions,
            declared_at,
            drift,
        })
    }
}

/// Declarations listed once per place.
pub(super) fn dedup_places(mut places: Vec<DeclaredAt>) -> Vec<DeclaredAt> {
    places.sort_by(|a, b| (&a.at, &a.service).cmp(&(&b.at, &b.service)));
    places.dedup_by(|a, b| a.at == b.at);
    places
}
