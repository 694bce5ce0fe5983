//! A topic's history from the store, joined onto its in-memory detail for the topic
//! page and the API: what happened to it lately, and its readers' lag over the last day.

use app::model::TopicDetail;

use crate::clock::now_ms;
use crate::store::{Store, LAG_HISTORY_WINDOW_MS};

/// Changes a topic's page lists.
const RECENT_TOPIC_CHANGES: i64 = 20;

/// Fills in `detail`'s recent changes and lag history. A store that cannot answer
/// leaves them empty: the rest of the page still serves, and the failure is logged.
pub async fn with_history(store: &Store, mut detail: TopicDetail) -> TopicDetail {
    let (cluster, topic) = (detail.cluster.clone(), detail.topic.name.clone());
    match store.recent_events(&cluster, Some(&topic), RECENT_TOPIC_CHANGES).await {
        Ok(events) => detail.recent_changes = events,
        Err(error) => tracing::warn!(%cluster, %topic, %error, "could not read the topic's recent changes"),
    }
    match store.lag_history(&cluster, &topic, now_ms() - LAG_HISTORY_WINDOW_MS).await {
        Ok(series) => detail.lag_history = series,
        Err(error) => tracing::warn!(%cluster, %topic, %error, "could not read the topic's lag history"),
    }
    detail
}
