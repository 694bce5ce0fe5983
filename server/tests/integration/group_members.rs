//! Group members as Apache Kafka describes them: client id, host and the partitions
//! assigned to each member. The local broker leaves all three empty, so they are read
//! here from a broker that answers with recorded protocol answers.

use std::collections::BTreeMap;

use crate::support::recorded_broker::{AclAnswer, Answers, RecordedBroker, RecordedGroup, SECURITY_DISABLED};
use model::{observed_edges, Evidence, TopicPartitions};
use tributary::config::{ClusterConfig, IngestConfig};
use tributary::ingest::kafka::ClusterReader;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_show_client_id_host_and_their_live_assignment() {
    let broker = RecordedBroker::start_with(Answers {
        acls: AclAnswer::Error(SECURITY_DISABLED),
        group: Some(RecordedGroup {
            group_id: "fraud-scoring",
            client_id: "fraud-scoring-7",
            client_host: "/10.20.3.14",
            assignment: vec![("shop.payments", vec![0, 2]), ("shop.orders", vec![1])],
        }),
    });
    let cluster =
        ClusterConfig { alias: "kafka".into(), bootstrap_servers: broker.bootstrap(), properties: BTreeMap::new() };
    let snapshot = tokio::task::spawn_blocking(move || {
        ClusterReader::new(&cluster, &IngestConfig::default()).unwrap().read_blocking(&|_| {})
    })
    .await
    .unwrap()
    .expect("the cluster is read");

    let group = snapshot.groups.iter().find(|group| group.group_id == "fraud-scoring").expect("the group is listed");
    assert_eq!(group.state, "Stable");
    assert_eq!(group.protocol, "cooperative-sticky");
    let member = &group.members[0];
    assert_eq!((member.client_id.as_str(), member.client_host.as_str()), ("fraud-scoring-7", "/10.20.3.14"));
    assert_eq!(
        member.assignment,
        vec![
            TopicPartitions { topic: "shop.payments".into(), partitions: vec![0, 2] },
            TopicPartitions { topic: "shop.orders".into(), partitions: vec![1] },
        ]
    );
    assert_eq!(group.topics(), vec!["shop.orders", "shop.payments"]);
    let edges = observed_edges(&snapshot);
    assert!(
        edges.iter().all(|edge| edge.evidence.contains(&Evidence::LiveAssignment)),
        "both edges carry live-assignment evidence: {edges:?}"
    );
    assert_eq!(edges.len(), 2);
}
