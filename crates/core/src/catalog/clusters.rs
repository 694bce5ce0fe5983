//! Every configured cluster's last known state in memory: a read planned against the
//! previous snapshot (its changes and edges), then applied once the store has it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::RwLock;

use model::{
    merge_edges, observed_edges, Change, ClusterOverview, ClusterSnapshot, ClusterState, ClusterStatus, ClusterSummary,
    LineageView, Overview,
};

use super::changes::diff;

use super::read_failure::ReadFailure;
use crate::config::ClusterConfig;
use crate::lineage::NodeId;

/// Every configured cluster, in configuration order, with its last known state.
///
/// A std lock, not a Tokio one: it is never held across an `.await`, and reads only
/// clone what they return.
pub struct ClusterCatalog {
    clusters: RwLock<Vec<Entry>>,
    /// Total lag per group above which a crossing becomes an event.
    lag_threshold: i64,
}

struct Entry {
    state: ClusterState,
    /// Whether a read has finished since this server started (readiness).
    read_since_start: bool,
}

/// What a read changes ([`ClusterCatalog::plan_read`]), for the store to persist and the
/// catalog then to show.
pub struct RecordedRead {
    pub status: ClusterStatus,
    /// The new snapshot if it differs from the previous one; `None` when the read
    /// failed or found the cluster unchanged (the previous one stays).
    pub changed_snapshot: Option<ClusterSnapshot>,
    /// The edges with their first/last-seen times, to store with a changed snapshot.
    pub edges: Vec<model::SeenEdge>,
    /// What changed since the previous read, for the history and the live feed. Empty
    /// on the first read ever: there is nothing to compare with.
    pub changes: Vec<Change>,
}

impl ClusterCatalog {
    /// The configured clusters, each starting from its stored state if there is one.
    pub fn new(configured: &[ClusterConfig], mut stored: BTreeMap<String, ClusterState>, lag_threshold: i64) -> Self {
        let clusters = configured
            .iter()
            .map(|cluster| {
                let state = match stored.remove(&cluster.alias) {
                    Some(mut state) => {
                        state.status.bootstrap_servers = cluster.bootstrap_servers.clone();
                        state
                    }
                    None => ClusterState {
                        status: ClusterStatus::new(&cluster.alias, &cluster.bootstrap_servers),
                        snapshot: None,
                        edges: Vec::new(),
                    },
                };
                Entry { state, read_since_start: false }
            })
            .collect();
        Self { clusters: RwLock::new(clusters), lag_threshold }
    }

    /// Every cluster's status and snapshot summary, stamped `now_ms` (the server's clock).
    pub fn overview(&self, now_ms: i64) -> Overview {
        let clusters = self
            .read()
            .iter()
            .map(|entry| ClusterOverview {
                status: entry.state.status.clone(),
                summary: entry.state.snapshot.as_ref().map(ClusterSummary::of),
            })
            .collect();
        Overview { clusters, server_time_ms: now_ms }
    }

    /// One cluster's status and full last known snapshot.
    pub fn cluster(&self, alias: &str) -> Option<ClusterState> {
        self.read().iter().find(|entry| entry.state.status.alias == alias).map(|entry| entry.state.clone())
    }

    /// The cluster one of whose bootstrap servers is `host_port` (OpenLineage names
    /// Kafka datasets by `kafka://host:port`).
    pub fn alias_for_server(&self, host_port: &str) -> Option<String> {
        self.read()
            .iter()
            .find(|entry| {
                entry.state.status.bootstrap_servers.split(',').any(|server| {
                    let server = server.trim();
                    server.split_once("://").map_or(server, |(_, rest)| rest) == host_port
                })
            })
            .map(|entry| entry.state.status.alias.clone())
    }

    /// Calls `read` with cluster `alias`'s state (its status, and its snapshot once a
    /// read succeeded), under the read lock; `None` if no cluster has that alias.
    pub fn with_cluster<R>(&self, alias: &str, read: impl FnOnce(&ClusterState) -> R) -> Option<R> {
        self.read().iter().find(|entry| entry.state.status.alias == alias).map(|entry| read(&entry.state))
    }

    /// Calls `visit` with each read cluster's alias and snapshot, under the read lock
    /// (so nothing is cloned); `visit` must not block.
    pub fn visit_snapshots(&self, mut visit: impl FnMut(&str, &ClusterSnapshot)) {
        for entry in self.read().iter() {
            if let Some(snapshot) = &entry.state.snapshot {
                visit(&entry.state.status.alias, snapshot);
            }
        }
    }

    /// For each (cluster, topic), whether its cluster has been read and holds no such
    /// topic (one only declared, by OpenLineage say); false before a cluster's first
    /// read, when nothing is known. One lock and one set of names per cluster, however
    /// many are asked about.
    pub fn lack_topics<'a>(&self, asked: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<bool> {
        let clusters = self.read();
        let mut known: HashMap<&str, Option<HashSet<&str>>> = HashMap::new();
        asked
            .into_iter()
            .map(|(alias, topic)| {
                let names = known.entry(alias).or_insert_with(|| {
                    let entry = clusters.iter().find(|entry| entry.state.status.alias == alias)?;
                    let snapshot = entry.state.snapshot.as_ref()?;
                    Some(snapshot.topics.iter().map(|known| known.name.as_str()).collect())
                });
                names.as_ref().is_some_and(|names| !names.contains(topic))
            })
            .collect()
    }

    /// Marks the topics of `view` that their cluster does not have as unknown.
    pub fn mark_unknown_topics(&self, view: &mut LineageView) {
        let topics: Vec<(usize, NodeId)> = view
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(index, node)| Some((index, NodeId::parse_path(&node.id).ok()?)))
            .filter(|(_, id)| matches!(id, NodeId::Topic { .. }))
            .collect();
        let unknown = self.lack_topics(topics.iter().filter_map(|(_, id)| match id {
            NodeId::Topic { cluster, topic } => Some((cluster.as_str(), topic.as_str())),
            _ => None,
        }));
        for ((index, _), unknown) in topics.into_iter().zip(unknown) {
            view.nodes[index].unknown = unknown;
        }
    }

    /// The configured aliases, in configuration order.
    pub fn aliases(&self) -> Vec<String> {
        self.read().iter().map(|entry| entry.state.status.alias.clone()).collect()
    }

    /// The sorted, distinct topic names of the clusters `aliases` (all when empty).
    pub fn topic_names(&self, aliases: &[String]) -> Vec<String> {
        let mut topics: Vec<String> = self
            .read()
            .iter()
            .filter(|entry| aliases.is_empty() || aliases.contains(&entry.state.status.alias))
            .filter_map(|entry| entry.state.snapshot.as_ref())
            .flat_map(|snapshot| snapshot.topics.iter().map(|topic| topic.name.clone()))
            .collect();
        topics.sort();
        topics.dedup();
        topics
    }

    /// Records the outcome of one read of cluster `alias`, finished at `at_ms`: plans
    /// it and applies it at once (tests; the service stores a plan before applying it).
    #[cfg(test)]
    pub fn record_read(
        &self,
        alias: &str,
        outcome: Result<ClusterSnapshot, ReadFailure>,
        at_ms: i64,
    ) -> Option<RecordedRead> {
        let planned = self.plan_read(alias, outcome, at_ms)?;
        let kept = RecordedRead {
            status: planned.status.clone(),
            changed_snapshot: planned.changed_snapshot.clone(),
            edges: planned.edges.clone(),
            changes: planned.changes.clone(),
        };
        self.apply_read(alias, planned);
        Some(kept)
    }

    /// What recording the outcome of a read would change, without changing anything:
    /// the caller stores it first and then [`Self::apply_read`]s it, so that nothing
    /// shows a state whose history is not written. A failed read keeps the last known
    /// snapshot: the cluster becomes stale, not empty. `None` for an unknown alias.
    pub fn plan_read(
        &self,
        alias: &str,
        outcome: Result<ClusterSnapshot, ReadFailure>,
        at_ms: i64,
    ) -> Option<RecordedRead> {
        // Compared with the previous snapshot in place, under the read lock: a large
        // estate's snapshot is not copied on every poll.
        self.with_cluster(alias, |state| {
            let mut status = state.status.clone();
            let was_failing = status.last_error.is_some();
            status.last_attempt_ms = Some(at_ms);
            let mut changes = Vec::new();
            let mut edges = state.edges.clone();
            let changed_snapshot = match outcome {
                Ok(snapshot) => {
                    status.last_good_read_ms = Some(at_ms);
                    status.last_error = None;
                    if was_failing {
                        changes.push(Change::ClusterRecovered);
                    }
                    if let Some(previous) = &state.snapshot {
                        changes.extend(diff(previous, &snapshot, self.lag_threshold));
                    }
                    merge_edges(&mut edges, observed_edges(&snapshot), at_ms);
                    (state.snapshot.as_ref() != Some(&snapshot)).then_some(snapshot)
                }
                Err(error) => {
                    let shown = error.shown().to_string();
                    if !was_failing {
                        changes.push(Change::ClusterReadFailed { error: shown.clone() });
                    }
                    status.last_error = Some(shown);
                    None
                }
            };
            RecordedRead { status, changed_snapshot, edges, changes }
        })
    }

    /// Shows a planned read: the cluster's status and edges become the plan's, and its
    /// snapshot too where the read changed it.
    pub fn apply_read(&self, alias: &str, planned: RecordedRead) {
        let mut clusters = self.clusters.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(entry) = clusters.iter_mut().find(|entry| entry.state.status.alias == alias) else { return };
        entry.read_since_start = true;
        entry.state.status = planned.status;
        entry.state.edges = planned.edges;
        if let Some(snapshot) = planned.changed_snapshot {
            entry.state.snapshot = Some(snapshot);
        }
    }

    /// True once every configured cluster has been read (successfully or not) since start.
    pub fn every_cluster_read_once(&self) -> bool {
        self.read().iter().all(|entry| entry.read_since_start)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Vec<Entry>> {
        // A panic while holding the lock cannot leave an entry half-written (each write
        // replaces whole fields), so the data behind a poisoned lock is still good.
        self.clusters.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{ConsumerGroup, Freshness};

    fn kafka_failure(message: &str) -> ReadFailure {
        ReadFailure::new(message)
    }

    fn cluster(alias: &str) -> ClusterConfig {
        ClusterConfig {
            alias: alias.into(),
            bootstrap_servers: format!("{alias}:9092"),
            properties: Default::default(),
        }
    }

    fn snapshot_with_group(group_id: &str) -> ClusterSnapshot {
        ClusterSnapshot {
            groups: vec![ConsumerGroup {
                group_id: group_id.into(),
                state: "Stable".into(),
                protocol_type: "consumer".into(),
                protocol: "range".into(),
                members: vec![],
                offsets: vec![],
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_failed_read_keeps_the_last_known_state_and_marks_it_stale() {
        let catalog = ClusterCatalog::new(&[cluster("prod")], BTreeMap::new(), 1_000);
        assert!(!catalog.every_cluster_read_once());

        let first = catalog.record_read("prod", Ok(snapshot_with_group("billing")), 1_000).unwrap();
        assert!(first.changed_snapshot.is_some());
        assert!(catalog.every_cluster_read_once());

        assert!(first.changes.is_empty(), "nothing to compare the first read with");

        let failed = catalog.record_read("prod", Err(kafka_failure("connection refused")), 2_000).unwrap();
        assert!(failed.changed_snapshot.is_none());
        assert_eq!(failed.changes, vec![Change::ClusterReadFailed { error: "connection refused".into() }]);
        let failed_again = catalog.record_read("prod", Err(kafka_failure("connection refused")), 2_500).unwrap();
        assert!(failed_again.changes.is_empty(), "a failure is reported once, not every poll");
        let prod = catalog.cluster("prod").unwrap();
        assert_eq!(prod.status.freshness(), Freshness::Stale);
        assert_eq!(prod.status.last_good_read_ms, Some(1_000));
        assert_eq!(prod.snapshot, Some(snapshot_with_group("billing")));
    }

    #[test]
    fn an_unchanged_read_reports_no_change() {
        let catalog = ClusterCatalog::new(&[cluster("prod")], BTreeMap::new(), 1_000);
        catalog.record_read("prod", Ok(snapshot_with_group("billing")), 1_000);
        let again = catalog.record_read("prod", Ok(snapshot_with_group("billing")), 2_000).unwrap();
        assert!(again.changed_snapshot.is_none());
        let changed = catalog.record_read("prod", Ok(snapshot_with_group("shipping")), 3_000).unwrap();
        assert!(changed.changed_snapshot.is_some());
        assert_eq!(
            changed.changes,
            vec![
                Change::GroupAppeared { group: "shipping".into(), state: "Stable".into() },
                Change::GroupDisappeared { group: "billing".into() },
            ]
        );
    }

    #[test]
    fn stored_state_is_the_starting_point_and_unconfigured_clusters_are_dropped() {
        let stored_prod = ClusterState {
            status: ClusterStatus {
                last_good_read_ms: Some(5),
                last_attempt_ms: Some(5),
                ..ClusterStatus::new("prod", "old:9092")
            },
            snapshot: Some(snapshot_with_group("billing")),
            edges: vec![],
        };
        let stored_gone = ClusterState { status: ClusterStatus::new("gone", "x:1"), snapshot: None, edges: vec![] };
        let stored = BTreeMap::from([("prod".to_string(), stored_prod), ("gone".to_string(), stored_gone)]);
        let catalog = ClusterCatalog::new(&[cluster("prod")], stored, 1_000);
        let overview = catalog.overview(0);
        assert_eq!(overview.clusters.len(), 1);
        assert_eq!(overview.clusters[0].status.bootstrap_servers, "prod:9092");
        assert_eq!(overview.clusters[0].summary.as_ref().unwrap().groups[0].group_id, "billing");
        assert!(catalog.record_read("gone", Err(kafka_failure("x")), 1).is_none());
    }
}
