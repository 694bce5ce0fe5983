//! Search over the catalog in memory: every topic, consumer group and principal of the
//! read clusters, and every subject and latest-schema field of the schema sources.

use std::collections::BTreeSet;

use app::links::{field_href, group_href, principal_href, subject_href, topic_href};
use app::model::{match_score, rank, AccessControl, SearchHit, SearchKind};

use super::{Catalog, RegistryCatalog};
use crate::lineage::NodeId;

/// The hits for `query` (case-insensitive substring) among `kinds` (all when empty),
/// best first, at most `limit`.
pub fn search(
    clusters: &Catalog,
    registries: &RegistryCatalog,
    query: &str,
    kinds: &BTreeSet<SearchKind>,
    limit: usize,
) -> Vec<SearchHit> {
    let query = query.trim().to_lowercase();
    let wanted = |kind: SearchKind| kinds.is_empty() || kinds.contains(&kind);
    let mut hits = Vec::new();
    let mut consider = |kind: SearchKind, name: &str, scope: &str, node: Option<NodeId>, href: String| {
        if let Some(score) = match_score(&query, name) {
            let node = node.map(|node| node.path());
            hits.push(SearchHit { kind, name: name.to_owned(), scope: scope.to_owned(), node, href, score });
        }
    };
    clusters.visit_snapshots(|alias, snapshot| {
        let cluster = || alias.to_owned();
        if wanted(SearchKind::Topic) {
            for topic in &snapshot.topics {
                let node = NodeId::Topic { cluster: cluster(), topic: topic.name.clone() };
                consider(SearchKind::Topic, &topic.name, alias, Some(node), topic_href(alias, &topic.name));
            }
        }
        if wanted(SearchKind::Group) {
            for group in &snapshot.groups {
                let node = NodeId::Group { cluster: cluster(), group: group.group_id.clone() };
                consider(SearchKind::Group, &group.group_id, alias, Some(node), group_href(alias, &group.group_id));
            }
        }
        if let (true, AccessControl::Listed { bindings }) = (wanted(SearchKind::Principal), &snapshot.access) {
            let principals: BTreeSet<&str> = bindings.iter().map(|binding| binding.principal.as_str()).collect();
            for principal in principals {
                let node = NodeId::Principal { cluster: cluster(), principal: principal.to_owned() };
                consider(SearchKind::Principal, principal, alias, Some(node), principal_href(alias));
            }
        }
    });
    for entry in registries.entries() {
        let Some(snapshot) = &entry.snapshot else { continue };
        for subject in snapshot.subjects.iter().filter(|subject| !subject.deleted()) {
            if wanted(SearchKind::Subject) {
                let node = NodeId::Subject { registry: entry.name.clone(), subject: subject.name.clone() };
                consider(SearchKind::Subject, &subject.name, &entry.name, Some(node), subject_href(&entry.name, &subject.name));
            }
            if !wanted(SearchKind::Field) {
                continue;
            }
            let Some(Ok(tree)) = subject.latest().map(|latest| &latest.parsed) else { continue };
            let scope = format!("{}/{}", entry.name, subject.name);
            for field in tree.all_fields() {
                let node =
                    NodeId::Field { registry: entry.name.clone(), subject: subject.name.clone(), path: field.path.clone() };
                let href = field_href(&entry.name, &subject.name, &field.path);
                consider(SearchKind::Field, &field.path, &scope, Some(node), href);
            }
        }
    }
    rank(hits, limit)
}
