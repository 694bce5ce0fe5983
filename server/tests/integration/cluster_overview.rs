//! The cluster overview, end to end: a real broker with the demo estate, the real
//! server reading it, and what a user sees over HTTP.

use std::time::Duration;

use crate::support::broker::Broker;
use crate::support::eventually;
use crate::support::server::{config, TestServer};
use model::{Evidence, Freshness, Retention};
use tributary::demo::estate::{GROUPS, TOPICS};
use tributary::demo::traffic::{create_topics, Traffic};

/// Upper bound for the demo groups to join, consume, commit and be read with a 1 s poll.
/// Usually a few seconds; a loaded 2-core CI machine once needed more than 30 s for the
/// three groups to settle on tansu, so the bound leaves room (it is a wait, not a goal).
const CATALOG_LAG: Duration = Duration::from_secs(90);

fn sqlite_url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}", dir.path().join("catalog.db").display())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_shows_the_demo_estate_read_from_a_real_broker() {
    let broker = Broker::start();
    create_topics(&broker.bootstrap_servers()).await.expect("demo topics are created");
    let bootstrap = broker.bootstrap_servers();
    let traffic = tokio::task::spawn_blocking(move || Traffic::start(&bootstrap)).await.unwrap().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(config(&sqlite_url(&dir), &[("local", broker.bootstrap_servers())])).await;

    let snapshot = eventually("every demo group to have committed on all its topics", CATALOG_LAG, || async {
        let snapshot = server.cluster("local").await.snapshot?;
        GROUPS
            .iter()
            .all(|demo| {
                snapshot.groups.iter().any(|g| g.group_id == demo.group_id && g.topics().len() == demo.topics.len())
            })
            .then_some(snapshot)
    })
    .await;

    assert_eq!(snapshot.brokers.len(), 1);
    for demo in TOPICS {
        let topic =
            snapshot.topics.iter().find(|t| t.name == demo.name).unwrap_or_else(|| panic!("{} is listed", demo.name));
        assert_eq!(topic.partitions.len() as i32, demo.partitions, "{}", demo.name);
        assert!(topic
            .partitions
            .iter()
            .all(|p| p.leader >= 0 && !p.replicas.is_empty() && !p.in_sync_replicas.is_empty()));
        assert!(!topic.internal);
    }
    let orders = snapshot.topics.iter().find(|t| t.name == "shop.orders").unwrap();
    assert_eq!(orders.retention(), Retention::Millis(604_800_000));
    assert_eq!(orders.config("cleanup.policy"), Some("delete"));
    let customers = snapshot.topics.iter().find(|t| t.name == "shop.customers").unwrap();
    assert_eq!(customers.retention(), Retention::Forever);

    // Committed offsets and lag: every demo group has committed on every topic it reads.
    for demo in GROUPS {
        let group = snapshot.groups.iter().find(|g| g.group_id == demo.group_id).unwrap();
        let expected: Vec<String> = demo.topics.iter().map(|t| t.to_string()).collect();
        assert_eq!(group.topics(), expected, "{} reads its topics", demo.group_id);
        assert!(group.offsets.iter().all(|o| o.offset > 0 && o.lag.is_some_and(|lag| lag >= 0)), "{:?}", group.offsets);
        assert!(!group.members.is_empty(), "{} has a live member", demo.group_id);
    }
    let state = server.cluster("local").await;
    for demo in GROUPS {
        for topic in demo.topics {
            let edge = state.edges.iter().find(|e| e.edge.group_id == demo.group_id && e.edge.topic == *topic);
            let edge = edge.unwrap_or_else(|| panic!("{} -> {topic} is an edge", demo.group_id));
            assert!(edge.edge.evidence.contains(&Evidence::CommittedOffsets));
            assert!(edge.first_seen_ms <= edge.last_seen_ms);
        }
    }

    let (status, html) = server.page("/").await;
    assert!(status.is_success());
    for expected in ["shop.orders", "web.pageviews", "7 days", "forever", "payment-service", "shipping-service", "Live"]
    {
        assert!(html.contains(expected), "the page shows {expected}");
    }

    // Without JavaScript the filter is a GET form that the server applies.
    let (_, filtered) = server.page("/?q=payments").await;
    assert!(
        filtered.contains(&format!("1 of {} topics", snapshot.topics.len())),
        "the filter keeps only shop.payments"
    );
    assert!(filtered.contains(&format!("0 of {} consumer groups", snapshot.groups.len())));

    tokio::task::spawn_blocking(move || traffic.stop()).await.unwrap();
    server.stop().await.expect("the server stops cleanly");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_topic_created_on_the_broker_appears_without_a_restart() {
    let broker = Broker::start();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(config(&sqlite_url(&dir), &[("local", broker.bootstrap_servers())])).await;
    assert!(server.cluster("local").await.snapshot.unwrap().topics.iter().all(|t| t.name != "shop.orders"));

    create_topics(&broker.bootstrap_servers()).await.unwrap();
    eventually("the new topic in the catalog", CATALOG_LAG, || async {
        server.cluster("local").await.snapshot?.topics.iter().any(|t| t.name == "shop.orders").then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broker_outage_keeps_the_last_known_state_and_recovers() {
    let mut broker = Broker::start();
    create_topics(&broker.bootstrap_servers()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(config(&sqlite_url(&dir), &[("local", broker.bootstrap_servers())])).await;
    eventually("the demo topics", CATALOG_LAG, || async {
        server.cluster("local").await.snapshot?.topics.iter().any(|t| t.name == "shop.orders").then_some(())
    })
    .await;

    broker.stop();
    let stale = eventually("the cluster to be marked stale", CATALOG_LAG, || async {
        let cluster = server.cluster("local").await;
        (cluster.status.freshness() == Freshness::Stale).then_some(cluster)
    })
    .await;
    assert!(stale.status.last_error.is_some());
    assert!(stale.snapshot.unwrap().topics.iter().any(|t| t.name == "shop.orders"), "the last known topics stay");
    let (_, html) = server.page("/").await;
    assert!(
        html.contains("Stale") && html.contains("shop.orders"),
        "the page says the data is stale and still shows it"
    );

    broker.restart();
    eventually("the cluster to recover by itself", CATALOG_LAG, || async {
        (server.cluster("local").await.status.freshness() == Freshness::Current).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_cluster_does_not_hold_up_the_others() {
    let broker = Broker::start();
    create_topics(&broker.bootstrap_servers()).await.unwrap();
    let nowhere = format!("127.0.0.1:{}", crate::support::free_port());
    let dir = tempfile::tempdir().unwrap();
    let server =
        TestServer::start(config(&sqlite_url(&dir), &[("down", nowhere), ("local", broker.bootstrap_servers())])).await;

    let overview = server.overview().await;
    let down = overview.clusters.iter().find(|c| c.status.alias == "down").unwrap();
    assert_eq!(down.status.freshness(), Freshness::Unreachable);
    assert!(down.status.last_error.as_deref().is_some_and(|e| !e.is_empty()));
    let local = overview.clusters.iter().find(|c| c.status.alias == "local").unwrap();
    assert_eq!(local.status.freshness(), Freshness::Current);

    let (_, html) = server.page("/").await;
    assert!(html.contains("Unreachable") && html.contains("shop.orders"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restart_with_the_cluster_down_the_last_known_state_is_shown() {
    let mut broker = Broker::start();
    create_topics(&broker.bootstrap_servers()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let settings = config(&sqlite_url(&dir), &[("local", broker.bootstrap_servers())]);
    let server = TestServer::start(settings.clone()).await;
    eventually("the demo topics", CATALOG_LAG, || async {
        server.cluster("local").await.snapshot?.topics.iter().any(|t| t.name == "shop.orders").then_some(())
    })
    .await;
    server.stop().await.unwrap();
    broker.stop();

    let restarted = TestServer::start(settings).await;
    let cluster = restarted.cluster("local").await;
    assert_eq!(cluster.status.freshness(), Freshness::Stale);
    assert!(cluster.snapshot.unwrap().topics.iter().any(|t| t.name == "shop.orders"));
}
