//! The whole estate at a glance: every cluster with its topics (each linked to the
//! subjects that describe it), and every schema source with its subjects; stamped with
//! the server's clock so "read 5 s ago" is computed against it. And search across all
//! of it.

use std::collections::BTreeSet;

use model::{Overview, SchemasOverview, SearchHit, SearchKind};

use super::Services;
use crate::clock::now_ms;
use tributary_core::catalog::{self, linked_overview};

impl Services {
    /// Every cluster's status and summary, topics linked to their schemas.
    pub fn overview(&self) -> Overview {
        linked_overview(&self.clusters, &self.registries, now_ms())
    }

    /// Every cluster's status and summary, without schema links (the API's list).
    pub fn cluster_statuses(&self) -> Overview {
        self.clusters.overview(now_ms())
    }

    /// Every schema source with its subjects.
    pub fn schemas_overview(&self) -> SchemasOverview {
        self.registries.overview(now_ms())
    }
}

impl Services {
    /// Everything whose name holds `query` among `kinds` (all when empty), best first:
    /// topics, groups and principals of the clusters, subjects, fields and tags of the
    /// schema sources, connectors of the Connect clusters.
    pub fn search(&self, query: &str, kinds: &BTreeSet<SearchKind>, limit: usize) -> Vec<SearchHit> {
        catalog::search(&self.clusters, &self.registries, &self.connect, query, kinds, limit)
    }
}
