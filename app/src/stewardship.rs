//! The write-side port for stewards' decisions, implemented by the server and provided
//! as context like [`crate::catalog`] (server build only).

use std::sync::Arc;

use crate::error::AppError;
use model::{FieldDecision, MaskingMark, TopicTag};

/// A steward's decision as a form submits it.
#[derive(Clone, Debug)]
pub struct DecisionInput {
    pub source: String,
    pub subject: String,
    pub path: String,
    pub category: String,
    /// `confirm`, `dismiss` or `tag`.
    pub decision: String,
    pub reason: String,
    pub by: String,
}

#[async_trait::async_trait]
pub trait Stewardship: Send + Sync + 'static {
    /// Records the decision; a request the catalog refuses says why.
    async fn decide(&self, input: DecisionInput) -> Result<FieldDecision, AppError>;

    /// Marks an application as masking what it reads (`masking` false: takes the mark
    /// back); a request the catalog refuses says why.
    async fn mark_masking(
        &self,
        node: String,
        masking: bool,
        reason: String,
        by: String,
    ) -> Result<MaskingMark, AppError>;

    /// Tags a whole topic as holding a category (`tagged` false: takes the tag back).
    async fn tag_topic(&self, input: TopicTagInput) -> Result<TopicTag, AppError>;
}

/// A steward's tag on a whole topic, as a form submits it.
#[derive(Clone, Debug)]
pub struct TopicTagInput {
    pub cluster: String,
    pub topic: String,
    pub category: String,
    pub tagged: bool,
    pub reason: String,
    pub by: String,
}

/// How the port travels in the Leptos context.
#[derive(Clone)]
pub struct SharedStewardship(pub Arc<dyn Stewardship>);

/// The port of the current request, or an error if the server forgot to provide one.
pub fn stewardship_from_context() -> Result<SharedStewardship, AppError> {
    leptos::prelude::use_context::<SharedStewardship>()
        .ok_or_else(|| AppError::CatalogUnavailable("no stewardship port in the request context".into()))
}

/// The caller of the current request, as the server's access check left it in the
/// request's extensions (nobody signed in when it left nothing).
pub fn caller_from_context() -> model::Caller {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<model::Caller>().cloned())
        .unwrap_or_default()
}

/// Who a steward's change is recorded as made by: the caller's account. Nobody else may
/// change anything (the server's policy refuses them before this runs); `by`, a name a
/// request may still carry, only stands in should that ever not hold.
pub fn signed_by(by: Option<String>) -> Result<String, AppError> {
    if let Some(account) = caller_from_context().account {
        return Ok(account);
    }
    by.filter(|by| !by.trim().is_empty())
        .ok_or_else(|| AppError::BadRequest("say who decides (your name), or sign in".into()))
}
