//! Stewards' masking marks: an application (consumer group, job, connector) marked as
//! masking or removing the personal data it reads, so that it does not propagate
//! through it. Checked against the lineage, stored with its history event in one
//! transaction, kept in memory and announced (compliance re-evaluates on the event).

use std::sync::{Arc, RwLock};

use model::{Change, MaskingMark};

use super::stewardship::reason_and_actor;
use super::{ServiceError, Services};
use crate::clock::now_ms;
use tributary_core::audit::Draft;
use tributary_core::catalog::as_of::in_force_at;
use tributary_core::lineage::NodeId;

/// Every mark, oldest first. A std lock: never held across an `.await`.
pub type MaskingBook = Arc<RwLock<Vec<MaskingMark>>>;

/// A masking mark as asked for.
pub struct MaskingRequest<'a> {
    /// The application's node path: `group:prod/enricher`, `job:airflow/export`,
    /// `connector:connect/crm-sink`.
    pub node: &'a str,
    /// `false` takes an earlier mark back.
    pub masking: bool,
    pub reason: &'a str,
    pub by: &'a str,
}

impl Services {
    /// Records a masking mark on an application the lineage knows.
    pub async fn mark_masking(&self, ask: MaskingRequest<'_>) -> Result<MaskingMark, ServiceError> {
        let (reason, by) = reason_and_actor(ask.reason, ask.by)?;
        let node = NodeId::parse_path(ask.node).map_err(|error| ServiceError::invalid(error.to_string()))?;
        let source = match &node {
            NodeId::Group { cluster, .. } => cluster.clone(),
            NodeId::Job { namespace, .. } => namespace.clone(),
            NodeId::Connector { connect, .. } => connect.clone(),
            _ => {
                return Err(ServiceError::invalid(format!(
                    "`{}` is not an application: only a group, a job or a connector masks what it reads",
                    ask.node
                )))
            }
        };
        if !self.lineage.read(|graph| graph.contains(&node)) {
            return Err(ServiceError::not_found(format!("the lineage has no `{}`", ask.node)));
        }
        let mark = MaskingMark {
            node: node.path(),
            masking: ask.masking,
            reason: reason.to_owned(),
            decided_by: by.to_owned(),
            decided_at_ms: now_ms(),
        };
        let change = Change::MaskingMarked {
            node: mark.node.clone(),
            masking: mark.masking,
            reason: mark.reason.clone(),
            by: mark.decided_by.clone(),
        };
        let before = self.masking_history().into_iter().rev().find(|earlier| earlier.node == mark.node);
        let audit = Draft::new(
            mark.decided_at_ms,
            by,
            "masking_marked",
            mark.node.clone(),
            reason,
            before.as_ref(),
            Some(&mark),
        );
        let event = self.store.record_masking(&mark, &source, change, &audit).await?;
        self.masking.write().unwrap_or_else(|poisoned| poisoned.into_inner()).push(mark.clone());
        self.feed.publish(vec![event]);
        Ok(mark)
    }

    /// Every mark, oldest first: the history of who marked what, and why.
    pub fn masking_history(&self) -> Vec<MaskingMark> {
        self.masking.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// The marks in force: the latest per application, where it marks.
    pub fn masking_in_force(&self) -> Vec<MaskingMark> {
        self.masking_in_force_at(i64::MAX)
    }

    /// The marks that were in force at `at_ms`.
    pub fn masking_in_force_at(&self, at_ms: i64) -> Vec<MaskingMark> {
        let marks = self.masking.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        in_force_at(&marks, at_ms, |mark| mark.decided_at_ms, |mark| mark.node.clone(), |mark| mark.masking)
    }
}
