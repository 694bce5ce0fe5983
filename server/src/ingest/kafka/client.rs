//! librdkafka client settings for a configured cluster.

use rdkafka::ClientConfig;

use crate::config::ClusterConfig;

/// The `client.id` Tributary presents, so broker logs and quotas can tell it apart.
pub const CLIENT_ID: &str = "tributary";

/// librdkafka settings for `cluster`: its bootstrap servers, then its own properties,
/// which win over Tributary's defaults.
pub fn client_config(cluster: &ClusterConfig) -> ClientConfig {
    let mut config = ClientConfig::new();
    config.set("bootstrap.servers", &cluster.bootstrap_servers);
    config.set("client.id", CLIENT_ID);
    for (key, value) in &cluster.properties {
        config.set(key, value);
    }
    config
}
