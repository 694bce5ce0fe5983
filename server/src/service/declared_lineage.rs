//! Lineage Kafka cannot reveal: edges declared by hand (who produces to a topic) and
//! OpenLineage run events from Spark, Flink or Airflow jobs. Each is stored first (an
//! event's edges in one transaction), then added to the graph, then announced.

use model::Change;

use super::{ServiceError, Services};
use crate::clock::now_ms;
use crate::store::StoredEdge;
use tributary_core::audit::Draft;
use tributary_core::catalog::DeclaredEdge;
use tributary_core::lineage::{EdgeEvidence, EdgeKind, NodeId};

/// Datasets (inputs and outputs together) one run event may name. Real jobs read and
/// write a handful; the bound keeps one request from holding the store for long.
pub const MAX_DATASETS_PER_EVENT: usize = 1_000;

/// An edge as a caller names it: node paths and a kind name.
pub struct EdgeNames<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub kind: &'a str,
}

/// A dataset of an OpenLineage event; Kafka topics have namespace `kafka://host:port`.
pub struct Dataset {
    pub namespace: String,
    pub name: String,
}

/// The parts of an OpenLineage run event that lineage needs.
pub struct RunEvent {
    pub job_namespace: String,
    pub job_name: String,
    pub inputs: Vec<Dataset>,
    pub outputs: Vec<Dataset>,
}

/// What a run event made.
pub struct RunEventOutcome {
    /// The job's node path.
    pub job: String,
    /// Each edge as `from → to (kind)`.
    pub edges: Vec<String>,
    /// Datasets that are not Kafka topics of a configured cluster, and why.
    pub skipped: Vec<String>,
    /// Topics named that their cluster does not have (as of its last read).
    pub unknown_topics: Vec<String>,
}

impl Services {
    /// Declares an edge Kafka cannot reveal; kept in the store, shown as `declared`.
    /// The audit log names `by`, or the operator when nobody signed the request.
    pub async fn declare_edge(&self, names: EdgeNames<'_>, by: Option<&str>) -> Result<(), ServiceError> {
        let (from, to, kind) = flowing_edge(&names)?;
        let at = now_ms();
        let edge =
            DeclaredEdge { from, to, kind, evidence: EdgeEvidence::Declared, first_seen_ms: at, last_seen_ms: at };
        let stored = StoredEdge::of(&edge);
        let audit = Draft::new(
            at,
            by.unwrap_or(&self.operator),
            "lineage_declared",
            edge_target(&stored),
            "",
            None::<&()>,
            Some(&stored),
        );
        self.store_and_apply(vec![edge], Some(&audit)).await
    }

    /// Removes a declared (or OpenLineage) edge.
    pub async fn remove_edge(&self, names: EdgeNames<'_>, by: Option<&str>) -> Result<(), ServiceError> {
        // An edge that could not have been declared is simply not there: not found below.
        let (from, to, kind) = parse_ends(&names)?;
        let target = format!("{} → {} ({})", from.path(), to.path(), kind.name());
        let removed = serde_json::json!({"from_node": from.path(), "to_node": to.path(), "kind": kind.name()});
        let audit = Draft::new(
            now_ms(),
            by.unwrap_or(&self.operator),
            "lineage_removed",
            target,
            "",
            Some(&removed),
            None::<&()>,
        );
        if !self.store.delete_declared_edge(&from.path(), &to.path(), kind.name(), &audit).await? {
            return Err(ServiceError::not_found(format!(
                "no declared edge {} → {} ({})",
                from.path(),
                to.path(),
                kind.name()
            )));
        }
        self.lineage.undeclare(&from, &to, kind);
        let change = lineage_change(&from, &to, kind, false);
        if let Some((cluster, change)) = change {
            self.announce(&cluster, vec![change]).await;
        }
        Ok(())
    }

    /// Each Kafka input of a run event becomes topic → job (reads), each output
    /// job → topic (writes); at most [`MAX_DATASETS_PER_EVENT`] datasets.
    pub async fn receive_run_event(&self, event: RunEvent) -> Result<RunEventOutcome, ServiceError> {
        if event.job_namespace.is_empty() || event.job_name.is_empty() {
            return Err(ServiceError::invalid("`job.namespace` and `job.name` must not be empty"));
        }
        let datasets = event.inputs.len() + event.outputs.len();
        if datasets > MAX_DATASETS_PER_EVENT {
            return Err(ServiceError::TooLarge(format!(
                "the event names {datasets} datasets; at most {MAX_DATASETS_PER_EVENT} are accepted per event"
            )));
        }
        let job = NodeId::Job { namespace: event.job_namespace, name: event.job_name };
        let at = now_ms();
        let mut outcome =
            RunEventOutcome { job: job.path(), edges: Vec::new(), skipped: Vec::new(), unknown_topics: Vec::new() };
        let mut edges = Vec::with_capacity(datasets);
        // The (cluster, topic) each Kafka dataset names, to tell which are unknown.
        let mut named: Vec<(String, String)> = Vec::with_capacity(datasets);
        let sides = event
            .inputs
            .iter()
            .map(|dataset| (dataset, EdgeKind::Reads))
            .chain(event.outputs.iter().map(|dataset| (dataset, EdgeKind::Writes)));
        for (dataset, kind) in sides {
            let Some(server) = dataset.namespace.strip_prefix("kafka://") else {
                outcome.skipped.push(format!("{}/{}: not a Kafka dataset", dataset.namespace, dataset.name));
                continue;
            };
            let Some(cluster) = self.clusters.alias_for_server(server) else {
                outcome.skipped.push(format!(
                    "{}/{}: no configured cluster has bootstrap server {server}",
                    dataset.namespace, dataset.name
                ));
                continue;
            };
            named.push((cluster.clone(), dataset.name.clone()));
            let topic = NodeId::Topic { cluster, topic: dataset.name.clone() };
            let (from, to) = if kind == EdgeKind::Reads { (topic, job.clone()) } else { (job.clone(), topic) };
            outcome.edges.push(format!("{} → {} ({})", from.path(), to.path(), kind.name()));
            edges.push(DeclaredEdge {
                from,
                to,
                kind,
                evidence: EdgeEvidence::OpenLineage,
                first_seen_ms: at,
                last_seen_ms: at,
            });
        }
        let asked = named.iter().map(|(cluster, topic)| (cluster.as_str(), topic.as_str()));
        let lacking = self.clusters.lack_topics(asked);
        outcome.unknown_topics = named
            .iter()
            .zip(lacking)
            .filter(|(_, lacking)| *lacking)
            .map(|((cluster, topic), _)| format!("{cluster}/{topic}"))
            .collect();
        self.store_and_apply(edges, None).await?;
        Ok(outcome)
    }

    /// Stores `edges` in one transaction, adds them to the graph, and announces the new
    /// ones (one history write per cluster).
    /// `audit`: the entry of a declaration by hand, written in the same transaction.
    async fn store_and_apply(&self, edges: Vec<DeclaredEdge>, audit: Option<&Draft>) -> Result<(), ServiceError> {
        let stored: Vec<_> = edges.iter().map(StoredEdge::of).collect();
        self.store.upsert_declared_edges(&stored, audit).await?;
        let ends: Vec<_> = edges.iter().map(|edge| (edge.from.clone(), edge.to.clone(), edge.kind)).collect();
        let new = self.lineage.declare_all(edges);
        let mut by_cluster: std::collections::BTreeMap<String, Vec<Change>> = Default::default();
        let changes = ends.iter().zip(new).filter(|(_, new)| *new);
        for ((from, to, kind), _) in changes {
            if let Some((cluster, change)) = lineage_change(from, to, *kind, true) {
                by_cluster.entry(cluster).or_default().push(change);
            }
        }
        for (cluster, changes) in by_cluster {
            self.announce(&cluster, changes).await;
        }
        Ok(())
    }
}

/// An edge as the audit log names it: `from → to (kind)`.
fn edge_target(edge: &StoredEdge) -> String {
    format!("{} → {} ({})", edge.from_node, edge.to_node, edge.kind)
}

/// A declared edge's ends and kind, checked: data flows from a writer (a group or job)
/// into a topic, or from a topic into a reader.
fn flowing_edge(names: &EdgeNames<'_>) -> Result<(NodeId, NodeId, EdgeKind), ServiceError> {
    let (from, to, kind) = parse_ends(names)?;
    let processes = |node: &NodeId| matches!(node, NodeId::Group { .. } | NodeId::Job { .. });
    let valid = match kind {
        EdgeKind::Writes => processes(&from) && matches!(to, NodeId::Topic { .. }),
        _ => matches!(from, NodeId::Topic { .. }) && processes(&to),
    };
    if !valid {
        return Err(ServiceError::invalid(
            "`writes` goes from a group or job to a topic, `reads` from a topic to a group or job",
        ));
    }
    Ok((from, to, kind))
}

/// The ends and kind of an edge, each well formed.
fn parse_ends(names: &EdgeNames<'_>) -> Result<(NodeId, NodeId, EdgeKind), ServiceError> {
    let from = NodeId::parse_path(names.from).map_err(ServiceError::invalid_because)?;
    let to = NodeId::parse_path(names.to).map_err(ServiceError::invalid_because)?;
    let kind = match names.kind {
        "writes" => EdgeKind::Writes,
        "reads" => EdgeKind::Reads,
        other => return Err(ServiceError::invalid(format!("`kind` is `writes` or `reads`, not `{other}`"))),
    };
    Ok((from, to, kind))
}

/// The change a declared edge's arrival or removal makes to its topic's history, with
/// the topic's cluster; `None` for an edge without a topic end.
fn lineage_change(from: &NodeId, to: &NodeId, kind: EdgeKind, declared: bool) -> Option<(String, Change)> {
    let NodeId::Topic { cluster, topic } = [from, to].into_iter().find(|node| matches!(node, NodeId::Topic { .. }))?
    else {
        return None;
    };
    let (from_path, to_path, edge, topic) = (from.path(), to.path(), kind.name().to_owned(), topic.clone());
    let change = if declared {
        Change::LineageDeclared { from: from_path, to: to_path, edge, topic }
    } else {
        Change::LineageUndeclared { from: from_path, to: to_path, edge, topic }
    };
    Some((cluster.clone(), change))
}
