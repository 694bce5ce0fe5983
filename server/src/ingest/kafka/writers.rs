//! Who writes each topic, asked of the brokers directly (librdkafka has neither
//! request): ListTransactions on every broker gives each transactional id's producer
//! id and state; DescribeProducers on each partition leader gives the producer ids
//! that wrote each partition, with their last write. Joined, a producer id names its
//! transactional id; the others are counted.

use std::collections::{BTreeMap, HashMap};

use kafka_protocol::error::{ParseResponseErrorCode, ResponseError};
use kafka_protocol::messages::describe_producers_request::TopicRequest;
use kafka_protocol::messages::{DescribeProducersRequest, ListTransactionsRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use model::{Broker, TopicWriters, TransactionalWriter, WriterActivity};

use super::wire::{BrokerConnection, BrokerPool, WireError};

/// Partitions asked of one leader per DescribeProducers request: large clusters are
/// asked in several requests rather than one answer of many megabytes.
const PARTITIONS_PER_REQUEST: usize = 5_000;

/// One partition of a topic and the broker leading it.
pub struct LedPartition<'a> {
    pub topic: &'a str,
    pub partition: i32,
    pub leader: i32,
}

/// A transactional id as its coordinator lists it.
struct Transaction {
    transactional_id: String,
    state: String,
}

/// The writers of `partitions` (internal topics left out), asked of `brokers`. Blocks.
pub fn read_writers(pool: &BrokerPool, brokers: &[Broker], partitions: &[LedPartition]) -> WriterActivity {
    if let Some(reason) = pool.unsupported() {
        return WriterActivity::Unavailable { reason: reason.to_owned() };
    }
    pool.retain(brokers);
    let mut transactions: HashMap<i64, Transaction> = HashMap::new();
    let mut listed_anywhere = false;
    let mut last_failure = None;
    for broker in brokers {
        match pool.on_broker(broker, list_transactions) {
            Ok(listed) => {
                listed_anywhere = true;
                transactions.extend(listed);
            }
            Err(error) => last_failure = Some(error),
        }
    }
    if !listed_anywhere {
        return unavailable(last_failure);
    }

    let mut by_leader: BTreeMap<i32, BTreeMap<&str, Vec<i32>>> = BTreeMap::new();
    for led in partitions.iter().filter(|led| !led.topic.starts_with("__")) {
        by_leader.entry(led.leader).or_default().entry(led.topic).or_default().push(led.partition);
    }
    let mut producers: BTreeMap<String, Vec<(i32, ProducerSeen)>> = BTreeMap::new();
    let mut refusals: BTreeMap<String, Vec<ResponseError>> = BTreeMap::new();
    let mut answered = 0;
    for (leader, topics) in by_leader {
        let Some(broker) = brokers.iter().find(|broker| broker.id == leader) else { continue };
        for request in chunk(&topics, PARTITIONS_PER_REQUEST) {
            match pool.on_broker(broker, |connection| describe_producers(connection, &request)) {
                Ok(answer) => {
                    answered += 1;
                    for (topic, error) in answer.refused {
                        refusals.entry(topic).or_default().push(error);
                    }
                    for (topic, partition, seen) in answer.producers {
                        producers.entry(topic).or_default().push((partition, seen));
                    }
                }
                Err(error) => last_failure = Some(error),
            }
        }
    }
    if answered == 0 && !partitions.is_empty() {
        return unavailable(last_failure);
    }
    WriterActivity::Read { topics: join(producers, refused_topics(refusals), &transactions) }
}

fn unavailable(failure: Option<WireError>) -> WriterActivity {
    let reason = match failure {
        Some(WireError::NotOffered(request)) => {
            format!("the brokers do not support {request} (Kafka 3.0 or later does)")
        }
        Some(other) => other.to_string(),
        None => "no broker answered".into(),
    };
    WriterActivity::Unavailable { reason }
}

fn list_transactions(connection: &mut BrokerConnection) -> Result<HashMap<i64, Transaction>, WireError> {
    let version = connection.version_of::<ListTransactionsRequest>("ListTransactions")?;
    let answer = connection.send(&ListTransactionsRequest::default(), version, "ListTransactions")?;
    if let Some(error) = answer.error_code.err() {
        return Err(WireError::Refused { request: "ListTransactions", error });
    }
    Ok(answer
        .transaction_states
        .into_iter()
        .map(|state| {
            let transaction = Transaction {
                transactional_id: state.transactional_id.0.as_str().to_owned(),
                state: state.transaction_state.as_str().to_owned(),
            };
            (state.producer_id.0, transaction)
        })
        .collect())
}

/// A producer's state on one partition.
struct ProducerSeen {
    producer_id: i64,
    /// The last batch's timestamp; negative when the broker does not know it.
    last_timestamp: i64,
}

struct ProducersAnswer {
    producers: Vec<(String, i32, ProducerSeen)>,
    /// Partitions the broker would not describe (not allowed, not the leader), by topic.
    refused: Vec<(String, ResponseError)>,
}

fn describe_producers(
    connection: &mut BrokerConnection,
    topics: &[(&str, Vec<i32>)],
) -> Result<ProducersAnswer, WireError> {
    let version = connection.version_of::<DescribeProducersRequest>("DescribeProducers")?;
    let request = DescribeProducersRequest::default().with_topics(
        topics
            .iter()
            .map(|(topic, partitions)| {
                TopicRequest::default()
                    .with_name(TopicName(StrBytes::from_string((*topic).to_owned())))
                    .with_partition_indexes(partitions.clone())
            })
            .collect(),
    );
    let answer = connection.send(&request, version, "DescribeProducers")?;
    let mut producers = Vec::new();
    let mut refused = Vec::new();
    for topic in answer.topics {
        for partition in topic.partitions {
            match partition.error_code.err() {
                None => producers.extend(partition.active_producers.into_iter().map(|state| {
                    let seen = ProducerSeen { producer_id: state.producer_id.0, last_timestamp: state.last_timestamp };
                    (topic.name.0.as_str().to_owned(), partition.partition_index, seen)
                })),
                // Not allowed (READ on the topic), not the leader any more, ...
                Some(error) => refused.push((topic.name.0.as_str().to_owned(), error)),
            }
        }
    }
    Ok(ProducersAnswer { producers, refused })
}

/// `topics` split into requests of at most `limit` partitions each.
fn chunk<'a>(topics: &BTreeMap<&'a str, Vec<i32>>, limit: usize) -> Vec<Vec<(&'a str, Vec<i32>)>> {
    let mut requests = vec![Vec::new()];
    let mut size = 0;
    for (topic, partitions) in topics {
        for part in partitions.chunks(limit) {
            if size + part.len() > limit && size > 0 {
                requests.push(Vec::new());
                size = 0;
            }
            size += part.len();
            requests.last_mut().expect("never empty").push((*topic, part.to_vec()));
        }
    }
    requests.retain(|request| !request.is_empty());
    requests
}

/// Why the brokers would not describe each topic's producers, in words: the refusal
/// Kafka gave (the most common one, where partitions differ), how many partitions, and
/// what is missing when the reason is a permission.
fn refused_topics(refusals: BTreeMap<String, Vec<ResponseError>>) -> BTreeMap<String, String> {
    refusals
        .into_iter()
        .map(|(topic, errors)| {
            let count = errors.len();
            let error = errors[0];
            let partitions = if count == 1 { "1 partition".to_owned() } else { format!("{count} partitions") };
            let reason = match error {
                ResponseError::TopicAuthorizationFailed => format!(
                    "the brokers refused DescribeProducers on {partitions} (TOPIC_AUTHORIZATION_FAILED): \
                     Tributary's principal needs READ on the topic"
                ),
                other => format!("the brokers refused DescribeProducers on {partitions} ({other:?})"),
            };
            (topic, reason)
        })
        .collect()
}

/// Each topic's producers, named where a transactional id owns the producer id; a topic
/// whose partitions were refused says why, producers or not.
fn join(
    producers: BTreeMap<String, Vec<(i32, ProducerSeen)>>,
    mut refused: BTreeMap<String, String>,
    transactions: &HashMap<i64, Transaction>,
) -> Vec<TopicWriters> {
    let last_write = |timestamp: i64| (timestamp >= 0).then_some(timestamp);
    let mut topics: BTreeMap<String, Vec<(i32, ProducerSeen)>> = producers;
    for topic in refused.keys() {
        topics.entry(topic.clone()).or_default();
    }
    topics
        .into_iter()
        .map(|(topic, seen)| {
            let mut named: BTreeMap<&str, TransactionalWriter> = BTreeMap::new();
            let mut others: BTreeMap<i64, Option<i64>> = BTreeMap::new();
            for (partition, producer) in seen {
                match transactions.get(&producer.producer_id) {
                    Some(transaction) => {
                        let writer =
                            named.entry(&transaction.transactional_id).or_insert_with(|| TransactionalWriter {
                                transactional_id: transaction.transactional_id.clone(),
                                producer_id: producer.producer_id,
                                state: transaction.state.clone(),
                                last_write_ms: None,
                                partitions: Vec::new(),
                            });
                        writer.last_write_ms = writer.last_write_ms.max(last_write(producer.last_timestamp));
                        writer.partitions.push(partition);
                    }
                    None => {
                        let latest = others.entry(producer.producer_id).or_default();
                        *latest = (*latest).max(last_write(producer.last_timestamp));
                    }
                }
            }
            let transactional = named
                .into_values()
                .map(|mut writer| {
                    writer.partitions.sort_unstable();
                    writer.partitions.dedup();
                    writer
                })
                .collect();
            let mut other_last_writes_ms: Vec<i64> = others.values().flatten().copied().collect();
            other_last_writes_ms.sort_unstable_by(|a, b| b.cmp(a));
            TopicWriters {
                refused: refused.remove(&topic),
                topic,
                transactional,
                other_producers: u32::try_from(others.len()).unwrap_or(u32::MAX),
                other_last_write_ms: other_last_writes_ms.first().copied(),
                other_last_writes_ms,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn producer_ids_are_named_by_their_transactional_id_and_the_rest_counted() {
        let transactions =
            HashMap::from([(7, Transaction { transactional_id: "app-1".into(), state: "Ongoing".into() })]);
        let seen = |producer_id, last_timestamp| ProducerSeen { producer_id, last_timestamp };
        let producers = BTreeMap::from([(
            "orders".to_owned(),
            vec![(1, seen(7, 100)), (0, seen(7, 300)), (0, seen(9, 50)), (2, seen(9, 80)), (1, seen(11, -1))],
        )]);
        let topics = join(producers, BTreeMap::new(), &transactions);
        assert_eq!(topics.len(), 1);
        let orders = &topics[0];
        assert_eq!(orders.transactional.len(), 1);
        assert_eq!(orders.transactional[0].transactional_id, "app-1");
        assert_eq!(orders.transactional[0].partitions, [0, 1]);
        assert_eq!(orders.transactional[0].last_write_ms, Some(300));
        assert_eq!(orders.other_producers, 2, "producer 9 on two partitions counts once");
        assert_eq!(orders.other_last_write_ms, Some(80));
        assert_eq!(orders.other_last_writes_ms, [80], "producer 11's last write is unknown");
        assert_eq!(orders.refused, None);
    }

    /// A topic the brokers would not describe is listed with why, never as "no
    /// producers"; one with producers on other partitions keeps them.
    #[test]
    fn refused_partitions_say_why() {
        let refusals = BTreeMap::from([
            ("secret".to_owned(), vec![ResponseError::TopicAuthorizationFailed; 3]),
            ("orders".to_owned(), vec![ResponseError::NotLeaderOrFollower]),
        ]);
        let seen = ProducerSeen { producer_id: 9, last_timestamp: 5 };
        let producers = BTreeMap::from([("orders".to_owned(), vec![(0, seen)])]);
        let topics = join(producers, refused_topics(refusals), &HashMap::new());
        assert_eq!(topics.len(), 2);
        assert_eq!(topics[0].other_producers, 1);
        assert_eq!(
            topics[0].refused.as_deref(),
            Some("the brokers refused DescribeProducers on 1 partition (NotLeaderOrFollower)")
        );
        assert_eq!(topics[1].other_producers, 0);
        assert_eq!(
            topics[1].refused.as_deref(),
            Some(
                "the brokers refused DescribeProducers on 3 partitions (TOPIC_AUTHORIZATION_FAILED): \
                 Tributary's principal needs READ on the topic"
            )
        );
    }

    #[test]
    fn requests_are_split_by_partition_count() {
        let topics = BTreeMap::from([("a", (0..7).collect::<Vec<i32>>()), ("b", vec![0, 1])]);
        let requests = chunk(&topics, 4);
        let sizes: Vec<usize> = requests.iter().map(|request| request.iter().map(|(_, p)| p.len()).sum()).collect();
        assert_eq!(sizes, [4, 3, 2]);
        assert!(chunk(&BTreeMap::new(), 4).is_empty());
    }
}
