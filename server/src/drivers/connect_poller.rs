//! One poller per Kafka Connect cluster: reads its connectors at the cluster poll rate
//! and records each read through the services. A failing Connect cluster keeps its last
//! known connectors, shows the failure, and never holds up anything else.

use tokio_util::sync::CancellationToken;

use crate::config::{ConnectClusterConfig, IngestConfig};
use crate::ingest::connect::client::ConnectClient;
use crate::service::Services;

pub async fn poll_connect(
    config: ConnectClusterConfig,
    settings: IngestConfig,
    services: Services,
    shutdown: CancellationToken,
) {
    let mut client = match ConnectClient::new(&config, settings.request_timeout()) {
        Ok(client) => client,
        Err(error) => {
            tracing::error!(connect = %config.name, %error, "cannot create a client for this Connect cluster");
            services.record_connect_read(&config.name, Err(error)).await;
            return;
        }
    };
    let mut failing = false;
    loop {
        let started = tokio::time::Instant::now();
        let outcome = tokio::select! {
            _ = shutdown.cancelled() => break,
            read = client.read() => read,
        };
        match (&outcome, failing) {
            (Err(error), false) => tracing::warn!(connect = %config.name, %error, "Connect read failed"),
            (Ok(_), true) => tracing::info!(connect = %config.name, "Connect read succeeded again"),
            _ => {}
        }
        failing = outcome.is_err();
        services.record_connect_read(&config.name, outcome).await;
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep_until(started + settings.poll_interval()) => {}
        }
    }
}
