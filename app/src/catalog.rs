//! The read-side port of the catalog, implemented by the server.
//!
//! The server puts an implementation into the Leptos context of every request; server
//! functions take it from there. This keeps the dependency pointing from the server to
//! the UI crate, never back.

use std::sync::Arc;

use crate::error::AppError;
use model::{
    AuditLogView, AuditQuery, CatalogEvent, ComplianceOverview, ConnectorDetail, EstateView, GroupDetail,
    LineageRequest, LineageView, Overview, PersonalDataOverview, PrincipalDetail, SchemasOverview, SearchHit, Subject,
    TopicDetail,
};

#[async_trait::async_trait]
pub trait CatalogReader: Send + Sync + 'static {
    /// Every configured cluster with its last known state.
    async fn overview(&self) -> Result<Overview, AppError>;

    /// Every schema registry and schema directory with its subjects.
    async fn schemas(&self) -> Result<SchemasOverview, AppError>;

    /// One subject of one registry or directory with every version; `None` if unknown.
    async fn subject(&self, source: &str, subject: &str) -> Result<Option<Subject>, AppError>;

    /// One topic in full; `None` if the cluster has no such topic or was not read yet.
    async fn topic(&self, cluster: &str, topic: &str) -> Result<Option<TopicDetail>, AppError>;

    /// One consumer group in full; `None` if the cluster has no such group.
    async fn group(&self, cluster: &str, group: &str) -> Result<Option<GroupDetail>, AppError>;

    /// Cluster `cluster`'s estate as code and its drift; `None` if no cluster has that alias.
    async fn estate(&self, cluster: &str) -> Result<Option<EstateView>, AppError>;

    /// One principal of a cluster; `None` if no cluster has that alias.
    async fn principal(&self, cluster: &str, principal: &str) -> Result<Option<PrincipalDetail>, AppError>;

    /// One Kafka Connect connector; `None` if the Connect cluster has no such connector.
    async fn connector(&self, connect: &str, name: &str) -> Result<Option<ConnectorDetail>, AppError>;

    /// The lineage around a node; `None` if the node is not in the lineage.
    async fn lineage(&self, request: &LineageRequest) -> Result<Option<LineageView>, AppError>;

    /// Everything whose name holds `query`, best first.
    async fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, AppError>;

    /// The latest changes recorded for cluster `cluster`, newest first.
    async fn cluster_changes(&self, cluster: &str) -> Result<Vec<CatalogEvent>, AppError>;

    /// Where personal data lives and flows, and who reads it.
    async fn personal_data(&self) -> Result<PersonalDataOverview, AppError>;

    /// The compliance profiles in force, what they cover, and their violations.
    async fn compliance(&self) -> Result<ComplianceOverview, AppError>;

    /// A page of the audit log and whether its hash chain holds.
    async fn audit(&self, query: AuditQuery) -> Result<AuditLogView, AppError>;
}

/// How the port travels in the Leptos context.
#[derive(Clone)]
pub struct SharedCatalog(pub Arc<dyn CatalogReader>);

/// The catalog of the current request, or an error if the server forgot to provide one.
pub fn catalog_from_context() -> Result<SharedCatalog, AppError> {
    leptos::prelude::use_context::<SharedCatalog>()
        .ok_or_else(|| AppError::CatalogUnavailable("no catalog in the request context".into()))
}
