//! Real parts for integration tests: a tansu broker process, a real Apache Kafka broker
//! with a Kafka Streams application and a Connect worker beside it, and the Tributary
//! server, and an OpenID Connect provider, each on free ports of 127.0.0.1.

#![allow(dead_code)] // each test binary uses a different part of this module

pub mod broker;
pub mod demo;
pub mod java_apps;
pub mod kafka;
pub mod oidc;
pub mod recorded_broker;
pub mod registry;
pub mod server;

use std::time::{Duration, Instant};

/// Polls `check` every 100 ms until it returns `Some`, or panics after `timeout` with
/// `what` in the message.
pub async fn eventually<T, F, Fut>(what: &str, timeout: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out after {timeout:?} waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}
