//! `GET /api/v1/reports`: a compliance report for a scope and a period, as JSON (the
//! whole report, its content hash last) or as CSV (one section). Streamed: the head goes
//! out first, and each section is built when the download reaches it.

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use model::{ComplianceReport, ReportScope};

use super::extract::ApiQuery;
use crate::clock::now_ms;
use crate::http::access::Caller;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::AppState;
use crate::service::reports::{ReportRequest, ReportRun};
use crate::service::stewardship::checked_actor;
use tributary_core::lineage::history::parse_instant;
use tributary_core::report::document::{self, JsonDocument, Section};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::default().routes(routes!(report))
}

/// The report's scope, period and format.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// Only the topics this profile covers (and its violations).
    profile: Option<String>,
    /// Only this cluster's topics.
    cluster: Option<String>,
    /// Only these topics: `cluster/topic`, comma-separated.
    topics: Option<String>,
    /// The period's start: Unix milliseconds, a date (`2026-11-01`, its start in UTC) or
    /// a UTC time (`2026-11-01T09:30:00Z`). Default: the beginning.
    #[param(
        pattern = "^(|[0-9]{1,15}|[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z)?)$"
    )]
    from: Option<String>,
    /// The period's end, as `from`: the report is as of then. Default: now.
    #[param(
        pattern = "^(|[0-9]{1,15}|[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z)?)$"
    )]
    to: Option<String>,
    /// The generation time to print, as `from` (default: now): the same inputs give
    /// the same bytes.
    #[param(
        pattern = "^(|[0-9]{1,15}|[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z)?)$"
    )]
    generated_at: Option<String>,
    /// Whom the report is for, printed on the cover after the account that asked,
    /// marked as stated by the caller (the account itself is never taken from here).
    by: Option<String>,
    /// `json` (the default: the whole report), `csv` (one section) or `pdf` (the whole
    /// report, for people).
    #[param(pattern = "^(json|csv|pdf)$")]
    format: Option<String>,
    /// With `csv`: `inventory` (the default), `records`, `violations` or `changes`
    /// (JSON and PDF hold every section).
    #[param(pattern = "^(inventory|records|violations|changes)$")]
    section: Option<String>,
}

impl ReportQuery {
    /// Empty fields read as not given (the Reports page's form sends them all), but
    /// for `format` and `section`, which must name something when present.
    fn without_empty(self) -> Self {
        let given = |value: Option<String>| value.filter(|value| !value.is_empty());
        Self {
            profile: given(self.profile),
            cluster: given(self.cluster),
            from: given(self.from),
            to: given(self.to),
            by: given(self.by),
            topics: given(self.topics),
            generated_at: given(self.generated_at),
            ..self
        }
    }
}

/// A time parameter, or a 400 naming it.
fn instant(name: &str, given: Option<&str>, default: i64) -> Result<i64, ApiError> {
    match given {
        None => Ok(default),
        Some(text) => parse_instant(text).ok_or_else(|| {
            ApiError::bad_request(format!(
                "`{name}` is Unix milliseconds, a date (2026-11-01) or a UTC time (2026-11-01T09:30:00Z), not `{text}`"
            ))
        }),
    }
}

/// A compliance report for a scope and a period: cover data (scope, period, generated
/// at and by), the personal data inventory with provenance, the record of processing
/// (GDPR Article 30: categories, recipients, retention, protection), violations as they
/// stood at the period's end, and the changes made through Tributary in the period.
#[utoipa::path(
    get, path = "/reports", tag = "compliance",
    params(ReportQuery),
    responses(
        (status = 200, description = "The report as JSON or PDF, or one section as CSV", content(
            (ComplianceReport = "application/json"),
            (String = "text/csv"),
            (Vec<u8> = "application/pdf"),
        )),
        (status = 400, description = "A parameter is malformed, or the period ends before it starts", body = ErrorBody),
        (status = 404, description = "No profile in force has that name", body = ErrorBody),
    )
)]
pub async fn report(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiQuery(query): ApiQuery<ReportQuery>,
) -> Result<Response, ApiError> {
    let now = now_ms();
    // The Reports page's form sends every field, empty ones too: empty means not given.
    let query = query.without_empty();
    // A section names one of the CSV files; the whole report (JSON, PDF) holds them all.
    let section = Section::parse(query.section.as_deref().unwrap_or("inventory"))
        .ok_or_else(|| ApiError::bad_request("`section` is inventory, records, violations or changes"))?;
    let format = match query.format.as_deref().unwrap_or("json") {
        "json" => Format::Json,
        "pdf" => Format::Pdf,
        "csv" => Format::Csv(section),
        other => return Err(ApiError::bad_request(format!("`format` is json, csv or pdf, not `{other}`"))),
    };
    let topics = query
        .topics
        .as_deref()
        .map(|list| list.split(',').map(str::trim).filter(|topic| !topic.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    let request = ReportRequest {
        scope: ReportScope { profile: query.profile, cluster: query.cluster, topics },
        from_ms: instant("from", query.from.as_deref(), 0)?,
        to_ms: instant("to", query.to.as_deref(), now)?,
        generated_at_ms: instant("generated_at", query.generated_at.as_deref(), now)?,
        generated_by: caller.described(),
        on_behalf_of: query.by.as_deref().map(checked_actor).transpose()?.map(str::to_owned),
    };
    let asked_by = caller.actor().unwrap_or(state.services.operator()).to_owned();
    let run = state.services.start_report(request).await?;
    let (content_type, file, body) = match format {
        Format::Json => ("application/json", "compliance-report.json", Body::from_stream(json_stream(run, asked_by))),
        Format::Csv(section) => {
            ("text/csv; charset=utf-8", "compliance-report.csv", Body::from_stream(csv_stream(run, section, asked_by)))
        }
        Format::Pdf => {
            let laid_out = tokio::time::timeout(PDF_TIME_LIMIT, pdf(run, &asked_by)).await.map_err(|_| {
                ApiError::too_slow(format!(
                    "the PDF report could not be laid out within {} s on this server; ask for format=json \
                     (it streams as it is built) or narrow the scope (profile, cluster, topics)",
                    PDF_TIME_LIMIT.as_secs()
                ))
            })?;
            ("application/pdf", "compliance-report.pdf", Body::from(laid_out?))
        }
    };
    // A download, also when the Reports page's form asks for it.
    let disposition = format!("attachment; filename=\"{file}\"");
    Ok(([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response())
}

/// How long a PDF may take to lay out: it is sent whole, so it must be done within the
/// handler's time limit (30 s), with room to say why not.
const PDF_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(25);

/// What the report is written as.
enum Format {
    Json,
    Csv(Section),
    Pdf,
}

/// The whole report laid out as a PDF, off the async runtime (layout takes a while for
/// a large estate).
async fn pdf(run: ReportRun, asked_by: &str) -> Result<Vec<u8>, ApiError> {
    let report = run.collect().await?;
    let content_hash = report.content_hash.clone();
    let flows = run.flows_svg();
    let written = tokio::task::spawn_blocking(move || tributary_core::report::pdf::render(&report, flows.as_deref()))
        .await
        .map_err(|error| ApiError::internal(format!("the PDF writer stopped: {error}")))?;
    let written = written.map_err(ApiError::internal)?;
    // Recorded once it is laid out, before it is sent: no PDF leaves unrecorded.
    run.record_generated(asked_by, "pdf", &content_hash).await?;
    Ok(written)
}

/// Where a report's JSON download is.
enum JsonStage {
    Head,
    Inventory,
    Records,
    Violations,
    Changes { after: i64, first: bool },
    Tail,
    Done,
}

/// What a JSON download carries from stage to stage.
struct JsonProgress {
    run: ReportRun,
    /// Who the audit log names as having asked.
    asked_by: String,
    document: JsonDocument,
    summary: SummaryCounts,
}

/// The sections' rows, counted as they go out, for the summary at the end.
#[derive(Default)]
struct SummaryCounts {
    inventory: Vec<model::InventoryRow>,
    records: Vec<model::ProcessingRecord>,
    violations: Vec<model::Violation>,
    changes: usize,
}

fn json_stream(run: ReportRun, asked_by: String) -> impl futures_util::Stream<Item = Result<String, std::io::Error>> {
    let start = JsonProgress { run, asked_by, document: JsonDocument::default(), summary: SummaryCounts::default() };
    stream::unfold((JsonStage::Head, start), |(stage, mut progress)| async move {
        let (chunk, next) = match stage {
            JsonStage::Done => return None,
            JsonStage::Head => (progress.document.member("head", &progress.run.head), JsonStage::Inventory),
            JsonStage::Inventory => {
                progress.summary.inventory = progress.run.inventory();
                (progress.document.member("inventory", &progress.summary.inventory), JsonStage::Records)
            }
            JsonStage::Records => match progress.run.records().await {
                Ok(records) => {
                    progress.summary.records = records;
                    (progress.document.member("records", &progress.summary.records), JsonStage::Violations)
                }
                Err(error) => return Some((Err(failed(&error)), (JsonStage::Done, progress))),
            },
            JsonStage::Violations => match progress.run.violations().await {
                Ok(violations) => {
                    progress.summary.violations = violations;
                    let chunk = progress.document.member("violations", &progress.summary.violations);
                    (chunk + &progress.document.open_array("changes"), JsonStage::Changes { after: 0, first: true })
                }
                Err(error) => return Some((Err(failed(&error)), (JsonStage::Done, progress))),
            },
            JsonStage::Changes { after, first } => match progress.run.changes_after(after).await {
                Ok(batch) if batch.is_empty() => (progress.document.close_array(), JsonStage::Tail),
                Ok(batch) => {
                    progress.summary.changes += batch.len();
                    let last = batch.last().map_or(after, |entry| entry.seq);
                    (progress.document.rows(&batch, first), JsonStage::Changes { after: last, first: false })
                }
                Err(error) => return Some((Err(failed(&error)), (JsonStage::Done, progress))),
            },
            JsonStage::Tail => {
                let topics = progress.run.topics();
                let counts = &progress.summary;
                let summary = tributary_core::report::sections::summary(
                    &topics,
                    &counts.inventory,
                    &counts.records,
                    &counts.violations,
                    counts.changes,
                );
                let chunk = progress.document.member("summary", &summary);
                let (tail, hash) = std::mem::take(&mut progress.document).finish_with_hash();
                if let Err(error) = progress.run.record_generated(&progress.asked_by, "json", &hash).await {
                    return Some((Err(failed(&error)), (JsonStage::Done, progress)));
                }
                (chunk + &tail, JsonStage::Done)
            }
        };
        Some((Ok(chunk), (next, progress)))
    })
}

/// One section as CSV: its header, then its rows (changes in batches). The bytes are
/// hashed as they go; the last chunk goes out once the audit log holds the hash.
fn csv_stream(
    run: ReportRun,
    section: Section,
    asked_by: String,
) -> impl futures_util::Stream<Item = Result<String, std::io::Error>> {
    let start = CsvProgress { run, asked_by, cursor: Some(0), first: true, hasher: Sha256::new() };
    stream::unfold(start, move |mut progress| async move {
        let after = progress.cursor?;
        let mut chunk = if progress.first { document::csv_header(section) } else { String::new() };
        progress.first = false;
        let run = &progress.run;
        let next = match section {
            Section::Inventory => {
                chunk.extend(run.inventory().iter().map(document::inventory_row));
                Ok(None)
            }
            Section::Records => {
                run.records().await.map(|records| chunk.extend(records.iter().map(document::record_row))).map(|_| None)
            }
            Section::Violations => run
                .violations()
                .await
                .map(|violations| chunk.extend(violations.iter().map(document::violation_row)))
                .map(|_| None),
            Section::Changes => run.changes_after(after).await.map(|batch| {
                chunk.extend(batch.iter().map(document::change_row));
                batch.last().map(|entry| entry.seq)
            }),
        };
        let next = match next {
            Ok(next) => next,
            Err(error) => return Some((Err(failed(&error)), CsvProgress { cursor: None, ..progress })),
        };
        progress.hasher.update(chunk.as_bytes());
        if next.is_none() {
            let hash: String = progress.hasher.clone().finalize().iter().map(|byte| format!("{byte:02x}")).collect();
            if let Err(error) = progress.run.record_generated(&progress.asked_by, "csv", &hash).await {
                return Some((Err(failed(&error)), CsvProgress { cursor: None, ..progress }));
            }
        }
        Some((Ok(chunk), CsvProgress { cursor: next, ..progress }))
    })
}

/// What a CSV download carries from batch to batch.
struct CsvProgress {
    run: ReportRun,
    asked_by: String,
    /// The next batch of changes starts after this entry; `None` when done.
    cursor: Option<i64>,
    first: bool,
    hasher: Sha256,
}

/// A store failure mid-way ends the download early; logged, not shown.
fn failed(error: &crate::service::ServiceError) -> std::io::Error {
    tracing::error!(%error, "a report stopped: the store could not be read");
    std::io::Error::other("the report could not be completed")
}
