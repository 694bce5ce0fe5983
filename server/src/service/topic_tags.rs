//! Stewards' tags on whole topics: "this topic holds PII", for a topic whose schema does
//! not say (none, or an opaque payload). Checked against the catalog, stored with its
//! history event in one transaction, kept in memory and announced (compliance
//! re-evaluates on the event, and the topic's categories include the tag).

use std::sync::{Arc, RwLock};

use model::{Change, TopicTag};

use super::stewardship::{checked_category, reason_and_actor};
use super::{ServiceError, Services};
use crate::clock::now_ms;
use tributary_core::audit::Draft;
use tributary_core::catalog::as_of::in_force_at;
use tributary_core::classification::Category;

/// Every topic tag, oldest first. A std lock: never held across an `.await`.
pub type TopicTagBook = Arc<RwLock<Vec<TopicTag>>>;

/// A topic tag as asked for.
pub struct TopicTagRequest<'a> {
    pub cluster: &'a str,
    pub topic: &'a str,
    pub category: &'a str,
    /// `false` takes an earlier tag back.
    pub tagged: bool,
    pub reason: &'a str,
    pub by: &'a str,
}

impl Services {
    /// Records a tag on a topic the catalog knows.
    pub async fn tag_topic(&self, ask: TopicTagRequest<'_>) -> Result<TopicTag, ServiceError> {
        let category = checked_category(ask.category)?;
        let (reason, by) = reason_and_actor(ask.reason, ask.by)?;
        let known = self.clusters.with_cluster(ask.cluster, |state| {
            state.snapshot.as_ref().is_some_and(|snapshot| snapshot.topics.iter().any(|topic| topic.name == ask.topic))
        });
        match known {
            None => {
                return Err(ServiceError::not_found(format!(
                    "no cluster is configured with the alias `{}`",
                    ask.cluster
                )))
            }
            Some(false) => {
                return Err(ServiceError::not_found(format!("cluster `{}` has no topic `{}`", ask.cluster, ask.topic)))
            }
            Some(true) => {}
        }
        let tag = TopicTag {
            cluster: ask.cluster.to_owned(),
            topic: ask.topic.to_owned(),
            category: Category::named(category).0,
            tagged: ask.tagged,
            reason: reason.to_owned(),
            decided_by: by.to_owned(),
            decided_at_ms: now_ms(),
        };
        let change = Change::TopicTagged {
            topic: tag.topic.clone(),
            category: tag.category.clone(),
            tagged: tag.tagged,
            reason: tag.reason.clone(),
            by: tag.decided_by.clone(),
        };
        let before = self.topic_tag_history().into_iter().rev().find(|earlier| {
            (&earlier.cluster, &earlier.topic, &earlier.category) == (&tag.cluster, &tag.topic, &tag.category)
        });
        let audit = Draft::new(
            tag.decided_at_ms,
            by,
            "topic_tagged",
            format!("{}/{}", tag.cluster, tag.topic),
            reason,
            before.as_ref(),
            Some(&tag),
        );
        let event = self.store.record_topic_tag(&tag, change, &audit).await?;
        self.topic_tags.write().unwrap_or_else(|poisoned| poisoned.into_inner()).push(tag.clone());
        self.feed.publish(vec![event]);
        Ok(tag)
    }

    /// Every topic tag, oldest first: the history of who tagged what, and why.
    pub fn topic_tag_history(&self) -> Vec<TopicTag> {
        self.topic_tags.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// The tags in force: the latest per topic and category, where it tags.
    pub fn topic_tags_in_force(&self) -> Vec<TopicTag> {
        self.topic_tags_in_force_at(i64::MAX)
    }

    /// The tags that were in force at `at_ms`.
    pub fn topic_tags_in_force_at(&self, at_ms: i64) -> Vec<TopicTag> {
        let tags = self.topic_tags.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        in_force_at(
            &tags,
            at_ms,
            |tag| tag.decided_at_ms,
            |tag| (tag.cluster.clone(), tag.topic.clone(), tag.category.clone()),
            |tag| tag.tagged,
        )
    }
}
