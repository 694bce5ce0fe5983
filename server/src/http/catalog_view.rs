//! The catalog as pages read it: the Leptos server functions' port, implemented over
//! the services. It only translates: requests into the services' questions, their
//! failures into [`AppError`]s that never carry internal detail.

use std::collections::BTreeSet;

use app::catalog::CatalogReader;
use app::error::AppError;
use app::stewardship::{DecisionInput, Stewardship, TopicTagInput};
use model::{
    AuditLogView, AuditQuery, CatalogEvent, ComplianceOverview, ConnectorDetail, EstateView, FieldDecision,
    GroupDetail, LineageRequest, LineageView, MaskingMark, Overview, PersonalDataOverview, PrincipalDetail,
    SchemasOverview, SearchHit, Subject, TopicDetail, TopicTag,
};

use crate::service::lineage_views::LineageAsk;
use crate::service::masking::MaskingRequest;
use crate::service::stewardship::DecisionRequest;
use crate::service::topic_tags::TopicTagRequest;
use crate::service::{ServiceError, Services};
use tributary_core::lineage::view::evidence_of_classes;

/// The most hits a page may ask for.
const MAX_PAGE_HITS: usize = 200;

pub struct CatalogView {
    pub(super) services: Services,
}

impl CatalogView {
    pub fn of(state: &super::AppState) -> Self {
        CatalogView { services: state.services.clone() }
    }
}

/// A use case's failure as a page shows it: what the user asked wrong in their words,
/// anything internal only as "unavailable" (the detail goes to the log).
pub(super) fn page_error(error: ServiceError) -> AppError {
    match error {
        ServiceError::NotFound(message)
        | ServiceError::Invalid(message)
        | ServiceError::TooLarge(message)
        | ServiceError::NotSignedIn(message)
        | ServiceError::Forbidden(message)
        | ServiceError::Conflict(message) => AppError::BadRequest(message),
        ServiceError::Failed(error) => {
            tracing::error!(%error, "a page's request failed");
            AppError::CatalogUnavailable("the server could not answer; its log has the details".into())
        }
    }
}

#[async_trait::async_trait]
impl Stewardship for CatalogView {
    async fn decide(&self, input: DecisionInput) -> Result<FieldDecision, AppError> {
        self.services
            .decide_field(DecisionRequest {
                source: &input.source,
                subject: &input.subject,
                path: &input.path,
                category: &input.category,
                decision: &input.decision,
                reason: &input.reason,
                by: &input.by,
            })
            .await
            .map_err(page_error)
    }

    async fn mark_masking(
        &self,
        node: String,
        masking: bool,
        reason: String,
        by: String,
    ) -> Result<MaskingMark, AppError> {
        self.services
            .mark_masking(MaskingRequest { node: &node, masking, reason: &reason, by: &by })
            .await
            .map_err(page_error)
    }

    async fn tag_topic(&self, input: TopicTagInput) -> Result<TopicTag, AppError> {
        self.services
            .tag_topic(TopicTagRequest {
                cluster: &input.cluster,
                topic: &input.topic,
                category: &input.category,
                tagged: input.tagged,
                reason: &input.reason,
                by: &input.by,
            })
            .await
            .map_err(page_error)
    }
}

#[async_trait::async_trait]
impl CatalogReader for CatalogView {
    /// The clusters, each topic with the subjects that describe it.
    async fn overview(&self) -> Result<Overview, AppError> {
        Ok(self.services.overview())
    }

    async fn schemas(&self) -> Result<SchemasOverview, AppError> {
        Ok(self.services.schemas_overview())
    }

    async fn subject(&self, source: &str, subject: &str) -> Result<Option<Subject>, AppError> {
        Ok(self.services.subject(source, subject))
    }

    async fn topic(&self, cluster: &str, topic: &str) -> Result<Option<TopicDetail>, AppError> {
        Ok(self.services.topic(cluster, topic).await)
    }

    async fn group(&self, cluster: &str, group: &str) -> Result<Option<GroupDetail>, AppError> {
        Ok(self.services.group(cluster, group))
    }

    async fn estate(&self, cluster: &str) -> Result<Option<EstateView>, AppError> {
        match self.services.estate_view(cluster) {
            Ok(view) => Ok(Some(view)),
            Err(ServiceError::NotFound(_)) => Ok(None),
            Err(other) => Err(page_error(other)),
        }
    }

    async fn principal(&self, cluster: &str, principal: &str) -> Result<Option<PrincipalDetail>, AppError> {
        Ok(self.services.principal(cluster, principal))
    }

    async fn connector(&self, connect: &str, name: &str) -> Result<Option<ConnectorDetail>, AppError> {
        match self.services.connector(connect, name) {
            Ok(detail) => Ok(Some(detail)),
            Err(ServiceError::NotFound(_)) => Ok(None),
            Err(other) => Err(page_error(other)),
        }
    }

    async fn lineage(&self, request: &LineageRequest) -> Result<Option<LineageView>, AppError> {
        let evidence = evidence_of_classes(request.evidence.iter().map(String::as_str))
            .map_err(|unknown| AppError::BadRequest(unknown.to_string()))?;
        let ask = LineageAsk {
            node: &request.node,
            direction: Some(&request.direction),
            depth: Some(request.depth as usize),
            kinds: request.kinds.iter().map(String::as_str).collect(),
            edges: request.edges.iter().map(String::as_str).collect(),
            evidence,
            cluster: None,
            expand: request.expand.iter().map(String::as_str).collect(),
        };
        match self.services.lineage_view(ask).await {
            Ok(view) => Ok(Some(view)),
            Err(ServiceError::NotFound(_)) => Ok(None),
            Err(error) => Err(page_error(error)),
        }
    }

    async fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, AppError> {
        Ok(self.services.search(query, &BTreeSet::new(), limit.min(MAX_PAGE_HITS)))
    }

    async fn cluster_changes(&self, cluster: &str) -> Result<Vec<CatalogEvent>, AppError> {
        self.services.recent_cluster_changes(cluster).await.map_err(page_error)
    }

    async fn personal_data(&self) -> Result<PersonalDataOverview, AppError> {
        Ok(self.services.personal_data().await)
    }

    async fn compliance(&self) -> Result<ComplianceOverview, AppError> {
        self.services.compliance_overview().await.map_err(page_error)
    }

    async fn audit(&self, query: AuditQuery) -> Result<AuditLogView, AppError> {
        self.services.audit_log_view(query).await.map_err(page_error)
    }
}
