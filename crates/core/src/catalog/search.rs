//! Search over the catalog in memory: every topic, consumer group and principal of the
//! read clusters, every subject, latest-schema field and tag of the schema sources, and
//! every connector of the Connect clusters.

use std::collections::BTreeSet;

use model::links::{connector_href, field_href, group_href, principal_href, subject_href, tag_href, topic_href};
use model::{match_score, ClusterAcls, SearchHit, SearchKind, TopHits};

use super::{ClusterCatalog, ConnectCatalog, RegistryCatalog};
use crate::lineage::NodeId;

/// The hits for `query` (case-insensitive substring) among `kinds` (all when empty),
/// best first, at most `limit`.
pub fn search(
    clusters: &ClusterCatalog,
    registries: &RegistryCatalog,
    connect: &ConnectCatalog,
    query: &str,
    kinds: &BTreeSet<SearchKind>,
    limit: usize,
) -> Vec<SearchHit> {
    let query = query.trim().to_lowercase();
    let wanted = |kind: SearchKind| kinds.is_empty() || kinds.contains(&kind);
    let mut hits = TopHits::new(limit);
    // Links are built only for hits that make the cut.
    let mut consider = |kind: SearchKind, name: &str, scope: &str, links: &dyn Fn() -> (NodeId, String)| {
        if let Some(score) = match_score(&query, name) {
            hits.offer(score, kind, name, scope, || {
                let (node, href) = links();
                (Some(node.path()), href)
            });
        }
    };
    clusters.visit_snapshots(|alias, snapshot| {
        let cluster = || alias.to_owned();
        if wanted(SearchKind::Topic) {
            for topic in &snapshot.topics {
                consider(SearchKind::Topic, &topic.name, alias, &|| {
                    (NodeId::Topic { cluster: cluster(), topic: topic.name.clone() }, topic_href(alias, &topic.name))
                });
            }
        }
        if wanted(SearchKind::Group) {
            for group in &snapshot.groups {
                consider(SearchKind::Group, &group.group_id, alias, &|| {
                    let node = NodeId::Group { cluster: cluster(), group: group.group_id.clone() };
                    (node, group_href(alias, &group.group_id))
                });
            }
        }
        if let (true, ClusterAcls::Listed { bindings }) = (wanted(SearchKind::Principal), &snapshot.access) {
            let principals: BTreeSet<&str> = bindings.iter().map(|binding| binding.principal.as_str()).collect();
            for principal in principals {
                consider(SearchKind::Principal, principal, alias, &|| {
                    (
                        NodeId::Principal { cluster: cluster(), principal: principal.to_owned() },
                        principal_href(alias, principal),
                    )
                });
            }
        }
    });
    if wanted(SearchKind::Connector) {
        for cluster in connect.all() {
            for connector in cluster.snapshot.iter().flat_map(|snapshot| &snapshot.connectors) {
                consider(SearchKind::Connector, &connector.name, &cluster.name, &|| {
                    let node = NodeId::Connector { connect: cluster.name.clone(), name: connector.name.clone() };
                    (node, connector_href(&cluster.name, &connector.name))
                });
            }
        }
    }
    // Matching tags, with how many subjects carry each.
    let mut tags: std::collections::BTreeMap<String, BTreeSet<String>> = std::collections::BTreeMap::new();
    for entry in registries.entries() {
        let Some(snapshot) = &entry.snapshot else { continue };
        for subject in snapshot.subjects.iter().filter(|subject| !subject.deleted()) {
            if wanted(SearchKind::Subject) {
                consider(SearchKind::Subject, &subject.name, &entry.name, &|| {
                    let node = NodeId::Subject { registry: entry.name.clone(), subject: subject.name.clone() };
                    (node, subject_href(&entry.name, &subject.name))
                });
            }
            if !wanted(SearchKind::Field) && !wanted(SearchKind::Tag) {
                continue;
            }
            let Some(Ok(tree)) = subject.latest().map(|latest| &latest.parsed) else { continue };
            let fields = tree.all_fields();
            if wanted(SearchKind::Tag) {
                let carried = tree.tags.iter().chain(fields.iter().flat_map(|field| &field.tags));
                for tag in carried.filter(|tag| match_score(&query, tag).is_some()) {
                    tags.entry(tag.clone()).or_default().insert(format!("{}/{}", entry.name, subject.name));
                }
            }
            if !wanted(SearchKind::Field) {
                continue;
            }
            let scope = format!("{}/{}", entry.name, subject.name);
            for field in fields {
                consider(SearchKind::Field, &field.path, &scope, &|| {
                    let node = NodeId::Field {
                        registry: entry.name.clone(),
                        subject: subject.name.clone(),
                        path: field.path.clone(),
                    };
                    (node, field_href(&entry.name, &subject.name, &field.path))
                });
            }
        }
    }
    for (tag, subjects) in &tags {
        if let Some(score) = match_score(&query, tag) {
            let scope = format!("{} subject{}", subjects.len(), if subjects.len() == 1 { "" } else { "s" });
            hits.offer(score, SearchKind::Tag, tag, &scope, || (None, tag_href(tag)));
        }
    }
    hits.into_sorted()
}
