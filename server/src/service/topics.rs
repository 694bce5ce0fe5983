//! One topic as its page and the API show it: the catalog's detail joined with its
//! recent history and its readers' lag over the last day, from the store.

use model::{GroupDetail, TopicDetail};

use super::Services;
use crate::clock::now_ms;
use crate::store::LAG_HISTORY_WINDOW_MS;
use tributary_core::catalog::{classified_fields, group_detail, topic_detail};

/// Changes a topic's page lists.
const RECENT_TOPIC_CHANGES: i64 = 20;

impl Services {
    /// Topic `topic` of cluster `cluster` in full; `None` if the cluster has no such
    /// topic (or was not read yet). A store that cannot answer leaves the history and
    /// lag empty: the rest still serves, and the failure is logged.
    pub async fn topic(&self, cluster: &str, topic: &str) -> Option<TopicDetail> {
        let mut detail = topic_detail(&self.clusters, &self.registries, &self.lineage, cluster, topic, now_ms())?;
        detail.classified_fields = self
            .with_decisions(|decisions| classified_fields(&self.registries, &detail.schemas, &self.rules, decisions));
        detail.violations = self.open_violations_of(cluster, topic).await;
        detail.upstream = self.upstream_of(cluster, topic).await;
        detail.held_fields = self.held_fields_of(cluster, topic).await;
        detail.record_sample = self.sample_state(cluster, topic);
        detail.topic_tags =
            self.topic_tags_in_force().into_iter().filter(|tag| tag.cluster == cluster && tag.topic == topic).collect();
        detail.estate = self.topic_estate(cluster, topic);
        match self.store.recent_events(cluster, Some(topic), RECENT_TOPIC_CHANGES).await {
            Ok(events) => detail.recent_changes = events,
            Err(error) => tracing::warn!(%cluster, %topic, %error, "could not read the topic's recent changes"),
        }
        match self.store.lag_history(cluster, topic, now_ms() - LAG_HISTORY_WINDOW_MS).await {
            Ok(series) => detail.lag_history = series,
            Err(error) => tracing::warn!(%cluster, %topic, %error, "could not read the topic's lag history"),
        }
        Some(detail)
    }

    /// Group `group` of cluster `cluster` in full; `None` if there is no such group.
    pub fn group(&self, cluster: &str, group: &str) -> Option<GroupDetail> {
        let mut detail = group_detail(&self.clusters, cluster, group, now_ms())?;
        detail.connector_href = self
            .connect
            .sink_of_group(cluster, group)
            .map(|(connect, connector)| model::links::connector_href(&connect, &connector));
        Some(detail)
    }
}
