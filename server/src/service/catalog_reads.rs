//! What the in-memory catalog holds, read through the services: one cluster's state,
//! every snapshot in turn, the schema sources and their subjects. The edges (API
//! handlers, the pages' port, health, pollers) ask here rather than holding the
//! catalogs themselves, so the catalogs stay the service layer's to change.

use std::collections::HashMap;

use model::{ClusterSnapshot, ClusterState, SchemaLink, Subject};
use tributary_core::catalog::{schema_links, RegistryEntry};

use super::Services;

impl Services {
    /// Cluster `alias` as last read; `None` when no cluster has that alias.
    pub fn cluster(&self, alias: &str) -> Option<ClusterState> {
        self.clusters.cluster(alias)
    }

    /// Whether cluster `alias` has been read successfully at least once; `None` when no
    /// cluster has that alias.
    pub fn cluster_read_yet(&self, alias: &str) -> Option<bool> {
        self.clusters.with_cluster(alias, |state| state.snapshot.is_some())
    }

    /// Calls `visit` with each cluster's alias and last snapshot (clusters never read
    /// are left out), without copying the snapshots.
    pub fn visit_snapshots(&self, visit: impl FnMut(&str, &ClusterSnapshot)) {
        self.clusters.visit_snapshots(visit);
    }

    /// Whether every configured cluster has been read once since start, well or not.
    pub fn every_cluster_read_once(&self) -> bool {
        self.clusters.every_cluster_read_once()
    }

    /// The topic names of clusters `aliases`, for a schema source that describes them.
    pub fn topic_names(&self, aliases: &[String]) -> Vec<String> {
        self.clusters.topic_names(aliases)
    }

    /// Every schema source (registries and directories) as the catalog holds it.
    pub fn schema_sources(&self) -> Vec<RegistryEntry> {
        self.registries.entries()
    }

    /// Schema source `name`; `None` when none has that name.
    pub fn schema_source(&self, name: &str) -> Option<RegistryEntry> {
        self.registries.entry(name)
    }

    /// Subject `subject` of schema source `source`, as last read.
    pub fn subject(&self, source: &str, subject: &str) -> Option<Subject> {
        self.registries.subject(source, subject)
    }

    /// The subjects that describe each topic of cluster `alias` (only topic `only` when
    /// given), by topic name.
    pub fn schema_links(&self, alias: &str, only: Option<&str>) -> HashMap<String, Vec<SchemaLink>> {
        schema_links(&self.registries, alias, only)
    }
}
