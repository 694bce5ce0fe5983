//! Stewards' decisions on what fields hold: one written (checked against the schema,
//! stored with its history event in one transaction, then kept in memory and announced),
//! and the decisions the pages and the API show.

use std::sync::{Arc, RwLock};

use model::{Change, Decision, FieldDecision};

use super::{ServiceError, Services};
use crate::clock::now_ms;
use tributary_core::audit::Draft;
use tributary_core::classification::Category;

/// The longest reason kept; a reason says why in a sentence or a paragraph.
pub const MAX_REASON_CHARS: usize = 2_000;
/// The longest name of who decided.
pub const MAX_ACTOR_CHARS: usize = 200;
/// The longest category name.
const MAX_CATEGORY_CHARS: usize = 40;

/// The decisions in force and their history, in memory, oldest first. A std lock: never
/// held across an `.await`.
pub type DecisionBook = Arc<RwLock<Vec<FieldDecision>>>;

/// A steward's decision as asked for.
pub struct DecisionRequest<'a> {
    pub source: &'a str,
    pub subject: &'a str,
    pub path: &'a str,
    pub category: &'a str,
    pub decision: &'a str,
    pub reason: &'a str,
    /// Who decides: the caller's account, as the edge found it.
    pub by: &'a str,
}

impl Services {
    /// Records a steward's decision on one field of a subject's latest schema.
    pub async fn decide_field(&self, ask: DecisionRequest<'_>) -> Result<FieldDecision, ServiceError> {
        let decision = Decision::parse(ask.decision).ok_or_else(|| {
            ServiceError::invalid(format!("`decision` is confirm, dismiss or tag, not `{}`", ask.decision))
        })?;
        let category = checked_category(ask.category)?;
        let (reason, by) = reason_and_actor(ask.reason, ask.by)?;
        let entry = self
            .registries
            .entry(ask.source)
            .ok_or_else(|| ServiceError::not_found(format!("no schema source is named `{}`", ask.source)))?;
        let snapshot =
            entry.snapshot.ok_or_else(|| ServiceError::not_found(format!("`{}` has not been read yet", ask.source)))?;
        let subject = snapshot
            .subjects
            .iter()
            .find(|subject| subject.name == ask.subject && !subject.deleted())
            .ok_or_else(|| ServiceError::not_found(format!("`{}` has no subject `{}`", ask.source, ask.subject)))?;
        let Some(Ok(tree)) = subject.latest().map(|version| &version.parsed) else {
            return Err(ServiceError::invalid(format!("the latest version of `{}` does not parse", ask.subject)));
        };
        if !tree.all_fields().iter().any(|field| field.path == ask.path) {
            return Err(ServiceError::not_found(format!(
                "the latest version of `{}` has no field `{}`",
                ask.subject, ask.path
            )));
        }
        let recorded = FieldDecision {
            source: ask.source.to_owned(),
            subject: ask.subject.to_owned(),
            path: ask.path.to_owned(),
            category: Category::named(category).0,
            decision,
            reason: reason.to_owned(),
            decided_by: by.to_owned(),
            decided_at_ms: now_ms(),
        };
        let change = Change::FieldDecided {
            subject: recorded.subject.clone(),
            path: recorded.path.clone(),
            category: recorded.category.clone(),
            decision,
            reason: recorded.reason.clone(),
            by: recorded.decided_by.clone(),
        };
        let before = self.with_decisions(|decisions| {
            decisions
                .iter()
                .rev()
                .find(|earlier| {
                    (&earlier.source, &earlier.subject, &earlier.path, &earlier.category)
                        == (&recorded.source, &recorded.subject, &recorded.path, &recorded.category)
                })
                .cloned()
        });
        let audit = Draft::new(
            recorded.decided_at_ms,
            by,
            "field_decided",
            format!("{}/{}#{}", recorded.source, recorded.subject, recorded.path),
            reason,
            before.as_ref(),
            Some(&recorded),
        );
        let event = self.store.record_decision(&recorded, change, &audit).await?;
        self.decisions.write().unwrap_or_else(|poisoned| poisoned.into_inner()).push(recorded.clone());
        self.feed.publish(vec![event]);
        Ok(recorded)
    }

    /// Runs `work` on every decision, oldest first, without copying them (a std lock,
    /// held for `work` only, which never awaits).
    pub(super) fn with_decisions<R>(&self, work: impl FnOnce(&[FieldDecision]) -> R) -> R {
        work(&self.decisions.read().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// The decisions of `source` (and `subject`) where given, oldest first.
    pub fn decisions(&self, source: Option<&str>, subject: Option<&str>) -> Vec<FieldDecision> {
        self.decisions
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .iter()
            .filter(|decision| source.is_none_or(|source| decision.source == source))
            .filter(|decision| subject.is_none_or(|subject| decision.subject == subject))
            .cloned()
            .collect()
    }
}

/// A steward's reason and name, trimmed, or why they cannot be recorded.
pub(super) fn reason_and_actor<'a>(reason: &'a str, by: &'a str) -> Result<(&'a str, &'a str), ServiceError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(ServiceError::invalid(format!("`reason` says why, in 1 to {MAX_REASON_CHARS} characters")));
    }
    Ok((reason, checked_actor(by)?))
}

/// `by`, trimmed, when it can name who decides: 1 to 200 characters.
pub fn checked_actor(by: &str) -> Result<&str, ServiceError> {
    let by = by.trim();
    if by.is_empty() || by.chars().count() > MAX_ACTOR_CHARS {
        return Err(ServiceError::invalid(format!("`by` names who decides, in 1 to {MAX_ACTOR_CHARS} characters")));
    }
    Ok(by)
}

/// A category name, trimmed, or why it cannot be one.
pub(super) fn checked_category(category: &str) -> Result<&str, ServiceError> {
    let category = category.trim();
    let category_ok = !category.is_empty()
        && category.len() <= MAX_CATEGORY_CHARS
        && category.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if !category_ok {
        return Err(ServiceError::invalid(format!(
            "`category` is a name of at most {MAX_CATEGORY_CHARS} letters, digits, `_`, `-` or `.` (PII, PCI, PHI, ...)"
        )));
    }
    Ok(category)
}
