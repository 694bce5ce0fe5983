//! Topics across clusters: a paged, filterable list, and one topic in full with its
//! schemas, readers and writers.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use utoipa_axum::{router::OpenApiRouter, routes};

use model::{match_score, ClusterSnapshot, TopicDetail, TopicSummary};

use super::extract::{ApiPath, ApiQuery};
use super::pagination::{sort_key, Page, PageRequest};
use super::paths::TopicPath;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(list)).routes(routes!(one))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TopicFilter {
    /// Only this cluster's topics.
    cluster: Option<String>,
    /// Only topics whose name contains this (case-insensitive).
    q: Option<String>,
    /// `false` leaves out Kafka's own topics (`__consumer_offsets`, `_schemas`, ...).
    internal: Option<bool>,
    /// From the previous page's `next_cursor`.
    #[param(pattern = "^([0-9a-f]{2}){1,2048}$")]
    cursor: Option<String>,
    /// Items per page, 1–1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<usize>,
}

/// A topic in a list: its cluster and summary.
#[derive(Serialize, ToSchema)]
pub struct TopicListing {
    cluster: String,
    #[serde(flatten)]
    summary: TopicSummary,
}

/// Topics of every cluster (or one), sorted by cluster and name, in pages.
#[utoipa::path(
    get, path = "/topics", tag = "topics",
    params(TopicFilter),
    responses(
        (status = 200, description = "A page of topics", body = Page<TopicListing>),
        (status = 400, description = "A parameter is malformed", body = ErrorBody),
        (status = 404, description = "No cluster has that alias", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<TopicFilter>,
) -> Result<Json<Page<TopicListing>>, ApiError> {
    let needle = filter.q.as_deref().map(str::to_lowercase);
    let mut items = Vec::new();
    visit_clusters(&state, filter.cluster.as_deref(), |alias, snapshot| {
        for topic in &snapshot.topics {
            let internal_ok = filter.internal.is_none_or(|internal| internal || !topic.internal);
            if internal_ok && name_holds(&topic.name, needle.as_deref()) {
                items.push(TopicListing { cluster: alias.to_owned(), summary: TopicSummary::of(topic) });
            }
        }
    })?;
    let request = PageRequest { cursor: filter.cursor, limit: filter.limit };
    let mut page = request.page(items, |item| sort_key(&[&item.cluster, &item.summary.name]))?;
    let mut links_by_cluster = std::collections::HashMap::new();
    for item in &mut page.items {
        let links = links_by_cluster
            .entry(item.cluster.clone())
            .or_insert_with(|| state.services.schema_links(&item.cluster, None));
        item.summary.schemas = links.get(&item.summary.name).cloned().unwrap_or_default();
    }
    Ok(Json(page))
}

/// One topic: partitions, configs, schemas, the groups that read it and who writes it.
#[utoipa::path(
    get, path = "/clusters/{alias}/topics/{topic}", tag = "topics",
    params(TopicPath),
    responses(
        (status = 200, description = "The topic", body = TopicDetail),
        (status = 400, description = "A path segment is malformed", body = ErrorBody),
        (status = 404, description = "No such cluster, or no such topic on it", body = ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    ApiPath(TopicPath { alias, topic: name }): ApiPath<TopicPath>,
) -> Result<Json<TopicDetail>, ApiError> {
    let read = known_cluster(&state, &alias)?;
    let detail = state.services.topic(&alias, &name).await.ok_or_else(|| {
        let why = if read { "" } else { " (the cluster has not been read yet)" };
        ApiError::not_found(format!("cluster `{alias}` has no topic `{name}`{why}"))
    })?;
    Ok(Json(detail))
}

/// Calls `visit` with each read cluster's snapshot, or only cluster `only`'s (404 if no
/// cluster has that alias).
pub fn visit_clusters(
    state: &AppState,
    only: Option<&str>,
    mut visit: impl FnMut(&str, &ClusterSnapshot),
) -> Result<(), ApiError> {
    if let Some(alias) = only {
        known_cluster(state, alias)?;
    }
    state.services.visit_snapshots(|alias, snapshot| {
        if only.is_none_or(|wanted| wanted == alias) {
            visit(alias, snapshot);
        }
    });
    Ok(())
}

/// Whether `name` contains `needle` (already lower-cased), ignoring case; true without
/// a needle.
pub fn name_holds(name: &str, needle: Option<&str>) -> bool {
    needle.is_none_or(|needle| needle.is_empty() || match_score(needle, name).is_some())
}

/// Fails with 404 for an unknown alias; says whether the cluster was read yet.
pub fn known_cluster(state: &AppState, alias: &str) -> Result<bool, ApiError> {
    state.services.cluster_read_yet(alias).ok_or_else(|| ApiError::unknown_cluster(alias))
}
