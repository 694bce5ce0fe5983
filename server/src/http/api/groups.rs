//! Consumer groups across clusters: a paged, filterable list, and one group in full.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use utoipa_axum::{router::OpenApiRouter, routes};

use model::{GroupDetail, GroupSummary};

use super::extract::{ApiPath, ApiQuery};
use super::pagination::{sort_key, Page, PageRequest};
use super::paths::GroupPath;
use super::topics::{known_cluster, name_holds, visit_clusters};
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(list)).routes(routes!(one))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct GroupFilter {
    /// Only this cluster's groups.
    cluster: Option<String>,
    /// Only groups whose id contains this (case-insensitive).
    q: Option<String>,
    /// Only groups that read this topic.
    topic: Option<String>,
    /// From the previous page's `next_cursor`.
    #[param(pattern = "^([0-9a-f]{2}){1,2048}$")]
    cursor: Option<String>,
    /// Items per page, 1–1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<usize>,
}

/// A group in a list: its cluster and summary.
#[derive(Serialize, ToSchema)]
pub struct GroupListing {
    cluster: String,
    #[serde(flatten)]
    summary: GroupSummary,
}

/// Consumer groups of every cluster (or one), sorted by cluster and id, in pages.
#[utoipa::path(
    get, path = "/groups", tag = "groups",
    params(GroupFilter),
    responses(
        (status = 200, description = "A page of groups", body = Page<GroupListing>),
        (status = 400, description = "A parameter is malformed", body = ErrorBody),
        (status = 404, description = "No cluster has that alias", body = ErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<GroupFilter>,
) -> Result<Json<Page<GroupListing>>, ApiError> {
    let needle = filter.q.as_deref().map(str::to_lowercase);
    let mut items = Vec::new();
    visit_clusters(&state, filter.cluster.as_deref(), |alias, snapshot| {
        for group in &snapshot.groups {
            let topic_ok = filter.topic.as_ref().is_none_or(|topic| group.topics().contains(topic));
            if name_holds(&group.group_id, needle.as_deref()) && topic_ok {
                items.push(GroupListing { cluster: alias.to_owned(), summary: GroupSummary::of(group, snapshot) });
            }
        }
    })?;
    let request = PageRequest { cursor: filter.cursor, limit: filter.limit };
    Ok(Json(request.page(items, |item| sort_key(&[&item.cluster, &item.summary.group_id]))?))
}

/// One consumer group: state, members, assignments, committed offsets and lag.
#[utoipa::path(
    get, path = "/clusters/{alias}/groups/{group}", tag = "groups",
    params(GroupPath),
    responses(
        (status = 200, description = "The group", body = GroupDetail),
        (status = 400, description = "A path segment is malformed", body = ErrorBody),
        (status = 404, description = "No such cluster, or no such group on it", body = ErrorBody),
    )
)]
pub async fn one(
    State(state): State<AppState>,
    ApiPath(GroupPath { alias, group: group_id }): ApiPath<GroupPath>,
) -> Result<Json<GroupDetail>, ApiError> {
    known_cluster(&state, &alias)?;
    state
        .services
        .group(&alias, &group_id)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("cluster `{alias}` has no group `{group_id}`")))
}
