//! `/api/v1/audit`: the audit log of changes made through Tributary, filtered and paged;
//! exported whole as CSV or JSON (streamed: the first bytes go out before the last
//! entry is read); and its hash chain checked.

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::stream;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use model::{AuditEntry, AuditVerdict};

use super::extract::ApiQuery;
use super::pagination::{sequence_after, sequence_cursor};
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;
use crate::service::Services;
use tributary_core::audit::{csv, AuditFilter};

/// Entries per page when the client does not say.
const DEFAULT_PAGE_SIZE: i64 = 100;
/// The columns of the CSV export, in order.
const CSV_HEADER: [&str; 10] =
    ["seq", "at_ms", "actor", "action", "target", "reason", "before", "after", "prev_hash", "hash"];

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(audit_log)).routes(routes!(export)).routes(routes!(verify))
}

/// Which entries: every filter given must match.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only entries by this actor (exactly).
    actor: Option<String>,
    /// Only entries of this action (exactly): `field_decided`, `topic_tagged`,
    /// `masking_marked`, `lineage_declared`, `lineage_removed`, `profile_loaded`,
    /// `profile_removed`, `report_generated`, `erasure_recorded`.
    action: Option<String>,
    /// Only entries whose target contains this text.
    target: Option<String>,
    /// Only entries written at or after this time (Unix ms).
    from_ms: Option<i64>,
    /// Only entries written before this time (Unix ms).
    to_ms: Option<i64>,
    /// From the previous page's `next_cursor`.
    #[param(pattern = "^(3[0-9]){1,18}$")]
    cursor: Option<String>,
    /// Entries after this `seq` (older clients; `cursor` is the same for every list).
    #[param(minimum = 0)]
    #[deprecated]
    after: Option<i64>,
    /// Entries per page, 1–500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
}

impl AuditQuery {
    fn filter(&self) -> AuditFilter {
        filter_of(&self.actor, &self.action, &self.target, self.from_ms, self.to_ms)
    }
}

/// The store's filter from the query's fields (absent ones do not filter).
fn filter_of(
    actor: &Option<String>,
    action: &Option<String>,
    target: &Option<String>,
    from_ms: Option<i64>,
    to_ms: Option<i64>,
) -> AuditFilter {
    AuditFilter {
        actor: actor.clone().unwrap_or_default(),
        action: action.clone().unwrap_or_default(),
        target: target.clone().unwrap_or_default(),
        from_ms,
        to_ms,
    }
}

/// The audit log, oldest first, in pages: who changed what, when, why, with the state
/// before and after (JSON text) and each entry's place in the hash chain.
#[utoipa::path(
    get, path = "/audit", tag = "audit",
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of entries", body = AuditLogPage),
        (status = 400, description = "A parameter is malformed", body = ErrorBody),
    )
)]
pub async fn audit_log(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditLogPage>, ApiError> {
    #[allow(deprecated)]
    let after = sequence_after(query.cursor.as_deref(), query.after)?;
    let limit = query.limit.unwrap_or(DEFAULT_PAGE_SIZE);
    let page = state.services.audit_page(&query.filter(), after, limit).await?;
    Ok(Json(AuditLogPage { items: page.entries, total: page.total, next_cursor: page.next_after.map(sequence_cursor) }))
}

/// A page of the audit log, in the shape every list of the API has.
#[derive(Serialize, ToSchema)]
pub struct AuditLogPage {
    items: Vec<AuditEntry>,
    /// How many entries the filters match in all.
    total: i64,
    /// Pass as `cursor` for the next page; absent on the last page.
    next_cursor: Option<String>,
}

/// The export's format and filters.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// `csv` (the default) or `json` (an array of entries).
    #[param(pattern = "^(csv|json)$")]
    format: Option<String>,
    /// As for the log's pages.
    actor: Option<String>,
    action: Option<String>,
    target: Option<String>,
    from_ms: Option<i64>,
    to_ms: Option<i64>,
}

/// Every entry matching the filters, oldest first, as a download: CSV (cells a
/// spreadsheet would run as formulas are neutralised) or a JSON array. Streamed.
#[utoipa::path(
    get, path = "/audit/export", tag = "audit",
    params(ExportQuery),
    responses(
        (status = 200, description = "The entries as CSV or JSON", content(
            (String = "text/csv"),
            (Vec<AuditEntry> = "application/json"),
        )),
        (status = 400, description = "A parameter is malformed", body = ErrorBody),
    )
)]
pub async fn export(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, ApiError> {
    let csv = match query.format.as_deref().unwrap_or("csv") {
        "csv" => true,
        "json" => false,
        other => return Err(ApiError::bad_request(format!("`format` is csv or json, not `{other}`"))),
    };
    let filter = filter_of(&query.actor, &query.action, &query.target, query.from_ms, query.to_ms);
    let body = Body::from_stream(export_stream(state.services.clone(), filter, csv));
    let (content_type, file) =
        if csv { ("text/csv; charset=utf-8", "audit-log.csv") } else { ("application/json", "audit-log.json") };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        body,
    )
        .into_response())
}

/// Where an export is: before its first batch, after entry `seq`, or done.
enum Cursor {
    Start,
    After(i64),
    Done,
}

/// The export's chunks: a head (CSV header or `[`), one chunk per batch of entries, a
/// tail (`]`). A store failure mid-way ends the body early (the client sees a short
/// download), and is logged.
fn export_stream(
    services: Services,
    filter: AuditFilter,
    csv: bool,
) -> impl futures_util::Stream<Item = Result<String, std::io::Error>> {
    stream::unfold((Cursor::Start, 0_usize), move |(cursor, written)| {
        let (services, filter) = (services.clone(), filter.clone());
        async move {
            let after = match cursor {
                Cursor::Done => return None,
                Cursor::Start => {
                    let head = if csv { csv::row(CSV_HEADER) } else { "[".to_owned() };
                    return Some((Ok(head), (Cursor::After(0), written)));
                }
                Cursor::After(seq) => seq,
            };
            match services.audit_batch(&filter, after).await {
                Ok(batch) if batch.is_empty() => {
                    Some((Ok(if csv { String::new() } else { "]\n".to_owned() }), (Cursor::Done, written)))
                }
                Ok(batch) => {
                    let last = batch.last().map_or(after, |entry| entry.seq);
                    let mut chunk = String::new();
                    for (at, entry) in batch.iter().enumerate() {
                        if csv {
                            chunk.push_str(&csv_row(entry));
                        } else {
                            if written + at > 0 {
                                chunk.push(',');
                            }
                            chunk.push_str(&serde_json::to_string(entry).unwrap_or_default());
                            chunk.push('\n');
                        }
                    }
                    Some((Ok(chunk), (Cursor::After(last), written + batch.len())))
                }
                Err(error) => {
                    tracing::error!(%error, "the audit export stopped: the store could not be read");
                    Some((Err(std::io::Error::other("the audit log could not be read")), (Cursor::Done, written)))
                }
            }
        }
    })
}

fn csv_row(entry: &AuditEntry) -> String {
    let (seq, at_ms) = (entry.seq.to_string(), entry.at_ms.to_string());
    csv::row([
        seq.as_str(),
        at_ms.as_str(),
        &entry.actor,
        &entry.action,
        &entry.target,
        &entry.reason,
        &entry.before,
        &entry.after,
        &entry.prev_hash,
        &entry.hash,
    ])
}

/// Checks the stored log's hash chain: how many entries hold, the head hash to keep
/// elsewhere, and the first entry that breaks the chain, if one does.
#[utoipa::path(
    get, path = "/audit/verify", tag = "audit",
    responses((status = 200, description = "The chain's verdict", body = AuditVerdict))
)]
pub async fn verify(State(state): State<AppState>) -> Result<Json<AuditVerdict>, ApiError> {
    Ok(Json(state.services.verify_audit().await?))
}
