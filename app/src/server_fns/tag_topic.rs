//! Server function: a steward tags a whole topic as holding a category (or takes the
//! tag back).

use leptos::prelude::*;

use crate::error::AppError;
use model::TopicTag;

/// Records the tag. `tagged` is `true` or `false`, as the form's select sends it. From a
/// page without JavaScript the form posts here and the browser is sent back. `by`
/// counts only when nobody is signed in; `csrf` is checked by the server first.
#[server(prefix = "/_sfn", endpoint = "tag_topic")]
#[allow(clippy::too_many_arguments)] // one per form field, as the form sends them
pub async fn tag_topic(
    cluster: String,
    topic: String,
    category: String,
    tagged: String,
    reason: String,
    by: Option<String>,
    csrf: Option<String>,
) -> Result<TopicTag, AppError> {
    let _ = csrf;
    let by = crate::stewardship::signed_by(by)?;
    let tagged = match tagged.as_str() {
        "true" => true,
        "false" => false,
        other => return Err(AppError::BadRequest(format!("`tagged` is true or false, not `{other}`"))),
    };
    let port = crate::stewardship::stewardship_from_context()?;
    port.0.tag_topic(crate::stewardship::TopicTagInput { cluster, topic, category, tagged, reason, by }).await
}
