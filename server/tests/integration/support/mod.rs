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

/// Every port [`free_port`] has handed out in this test program: never handed out twice.
static HANDED_OUT: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());

/// A port nobody listens on right now, and never one handed out before in this test
/// program: the kernel may give the same free port to two binds that follow each other
/// (one broker's two listeners got the same port so), and the first is not bound yet
/// when the second is picked. The listeners tried are held until a new port is found.
pub fn free_port() -> u16 {
    let mut handed_out = HANDED_OUT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut held = Vec::new();
    loop {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("a bound port").port();
        held.push(listener);
        if !handed_out.contains(&port) {
            handed_out.push(port);
            return port;
        }
    }
}
