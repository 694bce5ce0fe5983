use std::collections::HashMap;
use std::time::Duration;

use app::model::{Broker, ClusterSnapshot, GroupSummary, Retention, TopicSummary};
use rdkafka::admin::{AdminClient, AdminOptions, ResourceSpecifier};
use rdkafka::error::KafkaError;

use super::client::client_config;
use super::context::LoggingContext;
use crate::config::ClusterConfig;
use crate::error::{Error, Result};

/// The topic config that the overview shows.
const RETENTION_CONFIG: &str = "retention.ms";

/// Reads one cluster. Holds one librdkafka client for its whole life, so repeated reads
/// reuse the broker connections.
pub struct ClusterReader {
    alias: String,
    admin: AdminClient<LoggingContext>,
    timeout: Duration,
}

impl ClusterReader {
    /// Creates the client. Fails only on invalid client properties (librdkafka checks
    /// them here); an unreachable cluster shows up on the first read instead.
    pub fn new(cluster: &ClusterConfig, timeout: Duration) -> Result<Self> {
        let context = LoggingContext { alias: cluster.alias.clone() };
        let admin = client_config(cluster)
            .create_with_context(context)
            .map_err(|error| kafka_error(&cluster.alias, error))?;
        Ok(Self { alias: cluster.alias.clone(), admin, timeout })
    }

    /// One full read: brokers and topics (Metadata), retention (DescribeConfigs), and
    /// consumer groups (ListGroups + DescribeGroups). Blocks: call it from a blocking
    /// thread.
    pub fn read_blocking(&self) -> Result<ClusterSnapshot> {
        let error = |error| kafka_error(&self.alias, error);
        let metadata = self.admin.inner().fetch_metadata(None, self.timeout).map_err(error)?;
        if metadata.brokers().is_empty() {
            return Err(Error::Kafka { alias: self.alias.clone(), message: "the cluster reported no brokers".into() });
        }
        let brokers = metadata
            .brokers()
            .iter()
            .map(|broker| Broker { id: broker.id(), host: broker.host().to_owned(), port: broker.port() })
            .collect();

        let topic_names: Vec<&str> = metadata.topics().iter().map(|topic| topic.name()).collect();
        let retention = self.read_retention(&topic_names)?;
        let mut topics: Vec<TopicSummary> = metadata
            .topics()
            .iter()
            .filter(|topic| topic.error().is_none())
            .map(|topic| TopicSummary {
                name: topic.name().to_owned(),
                internal: is_internal_topic(topic.name()),
                partitions: i32::try_from(topic.partitions().len()).unwrap_or(i32::MAX),
                replication_factor: topic
                    .partitions()
                    .first()
                    .map_or(0, |partition| i32::try_from(partition.replicas().len()).unwrap_or(i32::MAX)),
                retention: retention.get(topic.name()).copied().unwrap_or(Retention::NotReported),
            })
            .collect();
        topics.sort_by(|a, b| a.name.cmp(&b.name));

        let group_list = self.admin.inner().fetch_group_list(None, self.timeout).map_err(error)?;
        let mut groups: Vec<GroupSummary> = group_list
            .groups()
            .iter()
            .map(|group| GroupSummary {
                group_id: group.name().to_owned(),
                state: group.state().to_owned(),
                protocol_type: group.protocol_type().to_owned(),
                members: i32::try_from(group.members().len()).unwrap_or(i32::MAX),
            })
            .collect();
        groups.sort_by(|a, b| a.group_id.cmp(&b.group_id));

        Ok(ClusterSnapshot { brokers, topics, groups })
    }

    /// `retention.ms` of each topic that reports it, in one DescribeConfigs request.
    fn read_retention(&self, topics: &[&str]) -> Result<HashMap<String, Retention>> {
        if topics.is_empty() {
            return Ok(HashMap::new());
        }
        let resources: Vec<ResourceSpecifier> = topics.iter().map(|name| ResourceSpecifier::Topic(name)).collect();
        let options = AdminOptions::new().request_timeout(Some(self.timeout));
        let results = futures_executor::block_on(self.admin.describe_configs(&resources, &options))
            .map_err(|error| kafka_error(&self.alias, error))?;
        let mut retention = HashMap::new();
        for result in results {
            // A topic whose configs cannot be described keeps "not reported": one bad
            // topic must not hide the others.
            let Ok(resource) = result else { continue };
            let rdkafka::admin::OwnedResourceSpecifier::Topic(name) = &resource.specifier else { continue };
            let value = resource.get(RETENTION_CONFIG).and_then(|entry| entry.value.as_deref());
            retention.insert(name.clone(), Retention::from_config_value(value));
        }
        Ok(retention)
    }
}

/// Kafka's own topics: `__consumer_offsets`, `__transaction_state`, and the registry's
/// `_schemas`, plus anything else starting with `__`.
pub fn is_internal_topic(name: &str) -> bool {
    name.starts_with("__") || name == "_schemas"
}

fn kafka_error(alias: &str, error: KafkaError) -> Error {
    Error::Kafka { alias: alias.to_owned(), message: describe_kafka_error(&error) }
}

/// librdkafka's messages are terse; say what they mean for the user.
fn describe_kafka_error(error: &KafkaError) -> String {
    match error {
        KafkaError::ClientCreation(message) => format!("invalid client settings: {message}"),
        KafkaError::ClientConfig(_, message, key, value) => {
            format!("invalid client property `{key}` = `{value}`: {message}")
        }
        KafkaError::MetadataFetch(code) | KafkaError::GroupListFetch(code) => {
            format!("the cluster did not answer ({code}); is it running and reachable?")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn internal_topics_are_recognised() {
        assert!(is_internal_topic("__consumer_offsets"));
        assert!(is_internal_topic("_schemas"));
        assert!(!is_internal_topic("orders"));
        assert!(!is_internal_topic("_private_orders"));
    }

    #[test]
    fn an_invalid_client_property_is_reported_with_its_name() {
        let cluster = ClusterConfig {
            alias: "bad".into(),
            bootstrap_servers: "127.0.0.1:1".into(),
            properties: BTreeMap::from([("security.protocol".to_string(), "CARRIER_PIGEON".to_string())]),
        };
        let Err(error) = ClusterReader::new(&cluster, Duration::from_secs(1)) else {
            panic!("an unknown security.protocol must be refused");
        };
        let message = error.to_string();
        assert!(message.contains("cluster `bad`") && message.contains("security.protocol"), "{message}");
    }
}
