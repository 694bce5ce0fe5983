//! The admin calls under failure: every object is freed on every path. These run
//! against no broker at all (a closed port), so each call waits out its timeout; run
//! them under a leak checker with
//! `valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1
//! target/debug/deps/tributary-* ingest::kafka::ffi`.

use std::ffi::CString;
use std::time::Duration;

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::ClientConfig;
use rdkafka_sys as rd;

use super::guards::Options;
use super::{
    describe_acls, describe_cluster, describe_consumer_groups, list_group_offsets, list_offsets, AdminFailure,
};

/// Long enough for librdkafka to try, short enough for a quick test.
const SHORT: Duration = Duration::from_millis(300);

/// A client whose bootstrap server nobody listens on.
fn client_without_broker() -> BaseConsumer {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    ClientConfig::new()
        .set("bootstrap.servers", format!("127.0.0.1:{port}"))
        .set("log_level", "0")
        .create()
        .expect("a client (it connects lazily)")
}

#[test]
fn calls_without_a_broker_fail_cleanly() {
    let consumer = client_without_broker();
    let client = consumer.client().native_client();
    let group = CString::new("billing").unwrap();
    let topic = CString::new("orders").unwrap();
    let failures = [
        describe_cluster(client, SHORT).map(|_| ()),
        describe_acls(client, SHORT).map(|_| ()),
        list_group_offsets(client, &group, SHORT).map(|_| ()),
        list_offsets(client, &[(topic.as_c_str(), 0)], rd::rd_kafka_OffsetSpec_t::RD_KAFKA_OFFSET_SPEC_LATEST, SHORT)
            .map(|_| ()),
    ];
    for failure in failures {
        match failure {
            Err(AdminFailure::NoAnswer(_)) | Err(AdminFailure::Refused { .. }) => {}
            other => panic!("expected no answer or a refusal, got {other:?}"),
        }
    }
    // DescribeConsumerGroups answers per group: each carries its error.
    match describe_consumer_groups(client, &[group.as_c_str()], SHORT) {
        Ok(described) => assert!(described.iter().all(|group| group.error.is_some()), "{described:?}"),
        Err(AdminFailure::NoAnswer(_)) | Err(AdminFailure::Refused { .. }) => {}
        Err(other) => panic!("expected no answer, a refusal or per-group errors, got {other:?}"),
    }
}

#[test]
fn options_librdkafka_refuses_are_an_error_and_still_freed() {
    let consumer = client_without_broker();
    let client = consumer.client().native_client();
    // librdkafka accepts request timeouts up to an hour.
    let refused =
        Options::new(client, rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBEACLS, Duration::from_secs(7_200));
    match refused {
        Err(AdminFailure::Build(message)) => assert!(!message.is_empty()),
        other => panic!("expected the options to be refused, got {:?}", other.map(|_| ())),
    }
}
