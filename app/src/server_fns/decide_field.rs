//! Server function: a steward's decision on one field (confirm or dismiss a suggestion).

use leptos::prelude::*;

use crate::error::AppError;
use model::FieldDecision;

/// Records the decision. From a page without JavaScript the form posts here and the
/// browser is sent back to the page it came from. `by` counts only when nobody is
/// signed in; `csrf` is the session's token, which the server checks before this runs.
#[server(prefix = "/_sfn", endpoint = "decide_field")]
#[allow(clippy::too_many_arguments)] // one per form field, as the form sends them
pub async fn decide_field(
    source: String,
    subject: String,
    path: String,
    category: String,
    decision: String,
    reason: String,
    by: Option<String>,
    csrf: Option<String>,
) -> Result<FieldDecision, AppError> {
    let _ = csrf;
    let by = crate::stewardship::signed_by(by)?;
    let port = crate::stewardship::stewardship_from_context()?;
    port.0.decide(crate::stewardship::DecisionInput { source, subject, path, category, decision, reason, by }).await
}
