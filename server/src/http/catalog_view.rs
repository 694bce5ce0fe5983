//! The catalog as pages read it: the Leptos server functions' port, implemented over the
//! cluster and schema catalogs.

use std::sync::Arc;

use app::catalog::CatalogReader;
use app::error::AppError;
use std::collections::BTreeSet;

use app::model::{
    CatalogEvent, GroupDetail, LineageRequest, LineageView, Overview, SchemasOverview, SearchHit, Subject, TopicDetail,
    LINEAGE_EXPLORER_MAX_DEPTH, LINEAGE_MAX_EXPANDED,
};

use crate::catalog::{group_detail, linked_overview, search, topic_detail, Catalog, LineageIndex, RegistryCatalog};
use crate::lineage::view::{evidence_of_classes, parse_direction, parse_filter, render};
use crate::lineage::NodeId;
use crate::store::Store;

use super::topic_history::with_history;

/// The most hits a page may ask for.
const MAX_PAGE_HITS: usize = 200;
/// Changes a cluster's page lists.
const RECENT_CLUSTER_CHANGES: i64 = 50;

pub struct CatalogView {
    pub clusters: Arc<Catalog>,
    pub registries: Arc<RegistryCatalog>,
    pub lineage: Arc<LineageIndex>,
    pub store: Store,
}

impl CatalogView {
    pub fn of(state: &super::AppState) -> Self {
        CatalogView {
            clusters: Arc::clone(&state.catalog),
            registries: Arc::clone(&state.registries),
            lineage: Arc::clone(&state.lineage),
            store: state.store.clone(),
        }
    }
}

#[async_trait::async_trait]
impl CatalogReader for CatalogView {
    /// The clusters, each topic with the subjects that describe it.
    async fn overview(&self) -> Result<Overview, AppError> {
        Ok(linked_overview(&self.clusters, &self.registries))
    }

    async fn schemas(&self) -> Result<SchemasOverview, AppError> {
        Ok(self.registries.overview())
    }

    async fn subject(&self, source: &str, subject: &str) -> Result<Option<Subject>, AppError> {
        Ok(self.registries.subject(source, subject))
    }

    async fn topic(&self, cluster: &str, topic: &str) -> Result<Option<TopicDetail>, AppError> {
        let Some(detail) = topic_detail(&self.clusters, &self.registries, &self.lineage, cluster, topic) else {
            return Ok(None);
        };
        Ok(Some(with_history(&self.store, detail).await))
    }

    async fn group(&self, cluster: &str, group: &str) -> Result<Option<GroupDetail>, AppError> {
        Ok(group_detail(&self.clusters, cluster, group))
    }

    async fn lineage(&self, request: &LineageRequest) -> Result<Option<LineageView>, AppError> {
        let node = NodeId::parse_path(&request.node).map_err(AppError::BadRequest)?;
        let direction = parse_direction(&request.direction).map_err(AppError::BadRequest)?;
        let depth = request.depth.clamp(1, LINEAGE_EXPLORER_MAX_DEPTH) as usize;
        let evidence =
            evidence_of_classes(request.evidence.iter().map(String::as_str)).map_err(AppError::BadRequest)?;
        let filter = parse_filter(
            request.kinds.iter().map(String::as_str),
            request.edges.iter().map(String::as_str),
            evidence,
            None,
        )
        .map_err(AppError::BadRequest)?;
        let opened = request
            .expand
            .iter()
            .take(LINEAGE_MAX_EXPANDED)
            .map(|path| NodeId::parse_path(path))
            .collect::<Result<Vec<_>, _>>()
            .map_err(AppError::BadRequest)?;
        let mut rendered = self.lineage.read(|graph| {
            let mut found = graph.walk_view(&node, direction, depth, &filter)?;
            found.expand(graph, &opened, &filter);
            Some(render(graph, &node, found.nodes.iter().copied(), found.edges.iter().copied()))
        });
        // Outside the graph's lock: the catalog has its own.
        if let Some(view) = rendered.as_mut() {
            self.clusters.mark_unknown_topics(view);
        }
        Ok(rendered)
    }

    async fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, AppError> {
        Ok(search(&self.clusters, &self.registries, query, &BTreeSet::new(), limit.min(MAX_PAGE_HITS)))
    }

    async fn cluster_changes(&self, cluster: &str) -> Result<Vec<CatalogEvent>, AppError> {
        self.store.recent_events(cluster, None, RECENT_CLUSTER_CHANGES).await.map_err(|error| {
            tracing::error!(%cluster, %error, "could not read the cluster's recent changes");
            AppError::CatalogUnavailable(format!("the store could not be read: {error}"))
        })
    }
}
