//! The last known state of every configured Kafka Connect cluster.

use std::collections::BTreeMap;
use std::sync::RwLock;

use model::{ClusterStatus, ConnectCluster, ConnectSnapshot, ConnectorDetail};

use super::read_failure::ReadFailure;
use crate::config::{mask_url_credentials, ConnectClusterConfig};

/// A std lock: never held across an `.await`; reads clone what they return.
pub struct ConnectCatalog {
    entries: RwLock<BTreeMap<String, ConnectCluster>>,
}

impl ConnectCatalog {
    pub fn new(configured: &[ConnectClusterConfig]) -> Self {
        let entries = configured
            .iter()
            .map(|config| {
                let url = mask_url_credentials(&config.url);
                let status = ClusterStatus {
                    alias: config.name.clone(),
                    bootstrap_servers: url.clone(),
                    last_good_read_ms: None,
                    last_attempt_ms: None,
                    last_error: None,
                };
                let entry = ConnectCluster {
                    name: config.name.clone(),
                    url,
                    clusters: config.clusters.clone(),
                    status,
                    snapshot: None,
                };
                (config.name.clone(), entry)
            })
            .collect();
        ConnectCatalog { entries: RwLock::new(entries) }
    }

    /// Records a read of Connect cluster `name` finished at `at_ms`; whether what it
    /// knows of the connectors changed. A failed read keeps the last known connectors.
    pub fn record(&self, name: &str, outcome: Result<ConnectSnapshot, ReadFailure>, at_ms: i64) -> bool {
        let mut entries = self.entries.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(entry) = entries.get_mut(name) else { return false };
        entry.status.last_attempt_ms = Some(at_ms);
        match outcome {
            Ok(snapshot) => {
                entry.status.last_good_read_ms = Some(at_ms);
                entry.status.last_error = None;
                let changed = entry.snapshot.as_ref() != Some(&snapshot);
                entry.snapshot = Some(snapshot);
                changed
            }
            Err(error) => {
                entry.status.last_error = Some(error.shown().to_string());
                false
            }
        }
    }

    pub fn all(&self) -> Vec<ConnectCluster> {
        self.entries.read().unwrap_or_else(|poisoned| poisoned.into_inner()).values().cloned().collect()
    }

    pub fn get(&self, name: &str) -> Option<ConnectCluster> {
        self.entries.read().unwrap_or_else(|poisoned| poisoned.into_inner()).get(name).cloned()
    }

    /// Connector `connector` of Connect cluster `connect`, for its page.
    pub fn connector(&self, connect: &str, connector: &str, now_ms: i64) -> Option<ConnectorDetail> {
        let cluster = self.get(connect)?;
        let found = cluster.snapshot.as_ref()?.connectors.iter().find(|candidate| candidate.name == connector)?.clone();
        Some(ConnectorDetail {
            connect: cluster.name,
            cluster: cluster.clusters.first().cloned(),
            status: cluster.status,
            server_time_ms: now_ms,
            connector: found,
        })
    }

    /// The connector whose sink group is `group` on Kafka cluster `alias`, if one is known:
    /// (Connect cluster, connector).
    pub fn sink_of_group(&self, alias: &str, group: &str) -> Option<(String, String)> {
        let entries = self.entries.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        entries.values().filter(|entry| entry.clusters.iter().any(|cluster| cluster == alias)).find_map(|entry| {
            let connectors = &entry.snapshot.as_ref()?.connectors;
            let sink = connectors.iter().find(|connector| connector.sink_group().as_deref() == Some(group))?;
            Some((entry.name.clone(), sink.name.clone()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Connector, ConnectorKind};

    fn config() -> ConnectClusterConfig {
        ConnectClusterConfig {
            name: "connect".into(),
            url: "http://admin:pw@connect:8083".into(),
            clusters: vec!["prod".into()],
            auth: None,
        }
    }

    fn sink(name: &str) -> Connector {
        Connector {
            name: name.into(),
            kind: ConnectorKind::Sink,
            class: "S".into(),
            state: "RUNNING".into(),
            worker_id: "w:8083".into(),
            tasks: vec![],
            topics: Some(vec!["orders".into()]),
            config: vec![],
        }
    }

    #[test]
    fn a_failed_read_keeps_the_connectors_and_the_url_is_masked() {
        let catalog = ConnectCatalog::new(&[config()]);
        assert_eq!(catalog.get("connect").unwrap().url, "http://admin:***@connect:8083");
        assert!(catalog.record("connect", Ok(ConnectSnapshot { connectors: vec![sink("archive")] }), 1));
        assert!(!catalog.record("connect", Ok(ConnectSnapshot { connectors: vec![sink("archive")] }), 2), "unchanged");
        let failure = ReadFailure::new("cannot reach it");
        assert!(!catalog.record("connect", Err(failure), 3));
        let entry = catalog.get("connect").unwrap();
        assert_eq!(entry.status.last_error.as_deref(), Some("cannot reach it"));
        assert_eq!(entry.snapshot.unwrap().connectors.len(), 1);
        assert_eq!(catalog.sink_of_group("prod", "connect-archive"), Some(("connect".into(), "archive".into())));
        assert_eq!(catalog.sink_of_group("other", "connect-archive"), None);
        assert!(catalog.connector("connect", "archive", 5).is_some());
        assert!(catalog.connector("connect", "ghost", 5).is_none());
    }
}
