//! Server function: a steward marks an application as masking the personal data it
//! reads (or takes the mark back).

use leptos::prelude::*;

use crate::error::AppError;
use model::MaskingMark;

/// Records the mark. `masking` is `true` or `false`, as the form's select sends it.
/// From a page without JavaScript the form posts here and the browser is sent back.
/// `by` counts only when nobody is signed in; `csrf` is checked by the server first.
#[server(prefix = "/_sfn", endpoint = "mark_masking")]
pub async fn mark_masking(
    node: String,
    masking: String,
    reason: String,
    by: Option<String>,
    csrf: Option<String>,
) -> Result<MaskingMark, AppError> {
    let _ = csrf;
    let by = crate::stewardship::signed_by(by)?;
    let masking = match masking.as_str() {
        "true" => true,
        "false" => false,
        other => return Err(AppError::BadRequest(format!("`masking` is true or false, not `{other}`"))),
    };
    let port = crate::stewardship::stewardship_from_context()?;
    port.0.mark_masking(node, masking, reason, by).await
}
