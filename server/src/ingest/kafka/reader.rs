//! One full read of a cluster (brokers, topics, configs, groups, offsets, ACLs) into a
//! [`ClusterSnapshot`](model::ClusterSnapshot), with progress.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use model::{
    Broker, ClusterAcls, ClusterIdentity, ClusterSnapshot, CommittedOffset, ConsumerGroup, GroupMember, Partition,
    Topic, TopicConfig, WriterActivity,
};
use rdkafka::admin::{AdminClient, AdminOptions, OwnedResourceSpecifier, ResourceSpecifier};
use rdkafka::client::NativeClient;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};

use super::acl_refusal::why_none_listed;
use super::acls::describe_acls;
use super::assignment::parse_assignment;
use super::client::client_config;
use super::cluster_identity::describe_cluster;
use super::consumer_groups;
use super::context::LoggingContext;
use super::offsets;
use super::read_cache::{ReadCache, RefreshIntervals};
use super::wire::{BrokerPool, WireSecurity};
use super::writers::{read_writers, LedPartition};
use crate::config::{ClusterConfig, IngestConfig};
use crate::error::{Error, Result};

/// How far a read has got, for progress displays. Each step reports what it found.
#[derive(Clone, Copy, Debug)]
pub enum ReadProgress {
    Metadata {
        brokers: usize,
        topics: usize,
        partitions: usize,
    },
    Configs {
        topics: usize,
    },
    Watermarks {
        partitions: usize,
    },
    Groups {
        groups: usize,
    },
    GroupOffsets {
        done: usize,
        total: usize,
    },
    Acls {
        bindings: Option<usize>,
    },
    /// Topics with active producers, when the brokers could be asked.
    Writers {
        topics: Option<usize>,
    },
}

fn writers_read(writers: &WriterActivity) -> Option<usize> {
    match writers {
        WriterActivity::Read { topics } => Some(topics.len()),
        _ => None,
    }
}

/// Reads one cluster. Holds one librdkafka client for its whole life, so repeated reads
/// reuse the broker connections, and a [`ReadCache`] so they re-ask only what may have
/// changed.
pub struct ClusterReader {
    alias: String,
    admin: AdminClient<LoggingContext>,
    timeout: Duration,
    refresh: RefreshIntervals,
    /// A std lock: reads of one cluster never overlap, and no `.await` runs while held.
    cache: Mutex<ReadCache>,
    /// The brokers, for the requests librdkafka lacks (DescribeProducers,
    /// ListTransactions, DescribeAcls with its error code), sent directly.
    direct: BrokerPool,
}

impl ClusterReader {
    /// Creates the client. Fails only on invalid client properties (librdkafka checks
    /// them here); an unreachable cluster shows up on the first read instead.
    pub fn new(cluster: &ClusterConfig, settings: &IngestConfig) -> Result<Self> {
        let context = LoggingContext { alias: cluster.alias.clone() };
        let admin =
            client_config(cluster).create_with_context(context).map_err(|error| kafka_error(&cluster.alias, error))?;
        Ok(Self {
            alias: cluster.alias.clone(),
            admin,
            timeout: settings.request_timeout(),
            refresh: RefreshIntervals { configs: settings.config_refresh(), lag: settings.lag_refresh() },
            cache: Mutex::new(ReadCache::default()),
            direct: BrokerPool::new(WireSecurity::of(&cluster.properties), settings.request_timeout()),
        })
    }

    /// One read of the whole cluster: brokers, topics and partitions (Metadata), topic
    /// configs (DescribeConfigs), consumer groups and members (ListGroups +
    /// DescribeGroups), committed offsets (OffsetFetch per group) and high watermarks
    /// (ListOffsets), from which lag follows; cluster id and controller (DescribeCluster)
    /// and ACLs (DescribeAcls). The first read asks everything; later ones take configs,
    /// lag and ACLs from the cache until they are due (see [`ReadCache`]).
    /// Blocks: call it from a blocking thread.
    pub fn read_blocking(&self, progress: &dyn Fn(ReadProgress)) -> Result<ClusterSnapshot> {
        let error = |error| kafka_error(&self.alias, error);
        let now = Instant::now();
        let mut cache = self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let metadata = self.admin.inner().fetch_metadata(None, self.timeout).map_err(error)?;
        if metadata.brokers().is_empty() {
            return Err(Error::Kafka { alias: self.alias.clone(), message: "the cluster reported no brokers".into() });
        }
        let brokers: Vec<Broker> = metadata
            .brokers()
            .iter()
            .map(|broker| Broker { id: broker.id(), host: broker.host().to_owned(), port: broker.port() })
            .collect();

        let listed: Vec<_> = metadata.topics().iter().filter(|topic| topic.error().is_none()).collect();
        let topic_names: Vec<&str> = listed.iter().map(|topic| topic.name()).collect();
        progress(ReadProgress::Metadata {
            brokers: metadata.brokers().len(),
            topics: listed.len(),
            partitions: listed.iter().map(|topic| topic.partitions().len()).sum(),
        });
        let (config_topics, full_refresh) = cache.topics_needing_configs(&topic_names, now, self.refresh.configs);
        let fresh_configs = self.read_topic_configs(&config_topics)?;
        progress(ReadProgress::Configs { topics: fresh_configs.len() });
        cache.store_configs(fresh_configs, full_refresh, &topic_names, now);
        let lag_due = cache.lag_due(now, self.refresh.lag);
        if lag_due {
            let all_partitions: Vec<(String, i32)> = listed
                .iter()
                .flat_map(|topic| topic.partitions().iter().map(|p| (topic.name().to_owned(), p.id())))
                .collect();
            match offsets::high_watermarks(self.client(), &all_partitions, self.timeout) {
                Ok(watermarks) => cache.store_watermarks(watermarks, now),
                // Lag stays as last known; the rest of the read is still good.
                Err(message) => tracing::debug!(cluster = %self.alias, %message, "high watermarks unavailable"),
            }
        }
        progress(ReadProgress::Watermarks { partitions: cache.watermarks().len() });

        let mut topics: Vec<Topic> = listed
            .iter()
            .map(|topic| {
                let mut partitions: Vec<Partition> = topic
                    .partitions()
                    .iter()
                    .map(|partition| Partition {
                        id: partition.id(),
                        leader: partition.leader(),
                        replicas: partition.replicas().to_vec(),
                        in_sync_replicas: partition.isr().to_vec(),
                        high_watermark: cache.watermarks().get(&(topic.name().to_owned(), partition.id())).copied(),
                    })
                    .collect();
                partitions.sort_by_key(|partition| partition.id);
                Topic {
                    name: topic.name().to_owned(),
                    internal: is_internal_topic(topic.name()),
                    partitions,
                    configs: cache.configs_of(topic.name()),
                }
            })
            .collect();
        topics.sort_by(|a, b| a.name.cmp(&b.name));

        let group_list = self.group_list().map_err(error)?;
        let total_groups = group_list.groups().len();
        progress(ReadProgress::Groups { groups: total_groups });
        let mut groups: Vec<ConsumerGroup> = group_list
            .groups()
            .iter()
            .enumerate()
            .map(|(index, group)| {
                let members = group
                    .members()
                    .iter()
                    .map(|member| GroupMember {
                        member_id: member.id().to_owned(),
                        client_id: member.client_id().to_owned(),
                        client_host: member.client_host().to_owned(),
                        assignment: match (group.protocol_type(), member.assignment()) {
                            ("consumer", Some(bytes)) if !bytes.is_empty() => {
                                parse_assignment(bytes).unwrap_or_default()
                            }
                            _ => Vec::new(),
                        },
                    })
                    .collect();
                let group = ConsumerGroup {
                    group_id: group.name().to_owned(),
                    state: group.state().to_owned(),
                    protocol_type: group.protocol_type().to_owned(),
                    protocol: group.protocol().to_owned(),
                    members,
                    offsets: self.group_offsets(&mut cache, group.name(), lag_due),
                };
                progress(ReadProgress::GroupOffsets { done: index + 1, total: total_groups });
                group
            })
            .collect();
        if let Err(message) = consumer_groups::describe_again(self.client(), &mut groups, self.timeout) {
            tracing::debug!(cluster = %self.alias, %message, "KIP-848 groups could not be described");
        }
        groups.sort_by(|a, b| a.group_id.cmp(&b.group_id));
        cache.retain_groups(&groups.iter().map(|group| group.group_id.as_str()).collect::<Vec<_>>());

        let identity = describe_cluster(self.client(), self.timeout).unwrap_or_else(|message| {
            // Brokers older than Kafka 2.8 lack DescribeCluster; the rest of the read stands.
            tracing::debug!(cluster = %self.alias, %message, "cluster id and controller unavailable");
            ClusterIdentity::default()
        });
        if cache.access_due(now, self.refresh.configs) {
            let access = describe_acls(self.client(), self.timeout)
                .inspect_err(|message| tracing::warn!(cluster = %self.alias, %message, "ACLs could not be listed"))
                .ok()
                .map(|access| match access {
                    ClusterAcls::NoneListed => why_none_listed(&self.direct, &brokers),
                    listed => listed,
                });
            cache.store_access(access, now);
        }
        let access = cache.access().clone();
        let bindings = match &access {
            ClusterAcls::Listed { bindings } => Some(bindings.len()),
            _ => None,
        };
        progress(ReadProgress::Acls { bindings });

        if cache.writers_due(now, self.refresh.lag) {
            let led: Vec<LedPartition> =
                topics
                    .iter()
                    .flat_map(|topic| {
                        topic.partitions.iter().filter(|partition| partition.leader >= 0).map(|partition| {
                            LedPartition { topic: &topic.name, partition: partition.id, leader: partition.leader }
                        })
                    })
                    .collect();
            let writers = read_writers(&self.direct, &brokers, &led);
            if let WriterActivity::Unavailable { reason } = &writers {
                tracing::debug!(cluster = %self.alias, %reason, "writers could not be read");
            }
            cache.store_writers(writers, now);
        }
        let writers = cache.writers().clone();
        progress(ReadProgress::Writers { topics: writers_read(&writers) });

        Ok(ClusterSnapshot { brokers, topics, groups, identity, access, writers })
    }

    /// The group's committed offsets with their lag: fetched when lag is due or the
    /// group is new, else as last fetched. A group whose offsets cannot be fetched keeps
    /// its last known ones: one group must not fail the whole read.
    fn group_offsets(&self, cache: &mut ReadCache, group_id: &str, lag_due: bool) -> Vec<CommittedOffset> {
        if lag_due || cache.committed_of(group_id).is_none() {
            match offsets::committed_offsets(self.client(), group_id, self.timeout) {
                Ok(committed) => cache.store_committed(group_id, committed),
                Err(message) => {
                    tracing::debug!(cluster = %self.alias, group = group_id, %message, "committed offsets unavailable")
                }
            }
        }
        let Some(committed) = cache.committed_of(group_id) else { return Vec::new() };
        let mut offsets: Vec<CommittedOffset> = committed
            .iter()
            .map(|((topic, partition), offset)| {
                let lag = cache.watermarks().get(&(topic.clone(), *partition)).map(|end| (end - offset).max(0));
                CommittedOffset { topic: topic.clone(), partition: *partition, offset: *offset, lag }
            })
            .collect();
        offsets.sort_by(|a, b| (&a.topic, a.partition).cmp(&(&b.topic, b.partition)));
        offsets
    }

    /// Every config the broker reports for each topic, in one DescribeConfigs request.
    fn read_topic_configs(&self, topics: &[&str]) -> Result<HashMap<String, Vec<TopicConfig>>> {
        if topics.is_empty() {
            return Ok(HashMap::new());
        }
        let resources: Vec<ResourceSpecifier> = topics.iter().map(|name| ResourceSpecifier::Topic(name)).collect();
        let options = AdminOptions::new().request_timeout(Some(self.timeout));
        let results = futures_executor::block_on(self.admin.describe_configs(&resources, &options))
            .map_err(|error| kafka_error(&self.alias, error))?;
        let mut configs = HashMap::new();
        for result in results {
            // A topic whose configs cannot be described keeps none: one bad topic must
            // not hide the others.
            let Ok(resource) = result else { continue };
            let OwnedResourceSpecifier::Topic(name) = &resource.specifier else { continue };
            let mut entries: Vec<TopicConfig> = resource
                .entries
                .iter()
                .map(|entry| TopicConfig {
                    name: entry.name.clone(),
                    value: entry.value.clone(),
                    source: format!("{:?}", entry.source),
                    sensitive: entry.is_sensitive,
                })
                .collect();
            entries.sort_by(|a, b| a.name.cmp(&b.name));
            configs.insert(name.clone(), entries);
        }
        Ok(configs)
    }

    fn client(&self) -> &NativeClient {
        self.admin.inner().native_client()
    }

    /// The groups (ListGroups), asked again while a coordinator is still loading its
    /// groups or not yet elected: Kafka answers so for a while after a broker starts or
    /// takes over `__consumer_offsets` partitions, and says to retry.
    fn group_list(&self) -> rdkafka::error::KafkaResult<rdkafka::groups::GroupList> {
        let mut attempts = 1;
        loop {
            match self.admin.inner().fetch_group_list(None, self.timeout) {
                Err(KafkaError::GroupListFetch(
                    RDKafkaErrorCode::CoordinatorLoadInProgress | RDKafkaErrorCode::CoordinatorNotAvailable,
                )) if attempts < COORDINATOR_WAIT_ATTEMPTS => {
                    attempts += 1;
                    std::thread::sleep(COORDINATOR_WAIT_PAUSE);
                }
                answer => return answer,
            }
        }
    }
}

/// How many times a group listing refused while a coordinator loads is asked, and the
/// pause between: about three seconds in all, well within a poll.
const COORDINATOR_WAIT_ATTEMPTS: u32 = 10;
const COORDINATOR_WAIT_PAUSE: Duration = Duration::from_millis(300);

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
        let Err(error) = ClusterReader::new(&cluster, &IngestConfig::default()) else {
            panic!("an unknown security.protocol must be refused");
        };
        let message = error.to_string();
        assert!(message.contains("cluster `bad`") && message.contains("security.protocol"), "{message}");
    }
}
