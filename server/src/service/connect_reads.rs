//! Kafka Connect clusters: a read recorded (catalog, then lineage), and the connectors
//! the pages and the API show.

use model::{ConnectCluster, ConnectSnapshot, ConnectorDetail};

use super::{ServiceError, Services};
use crate::clock::now_ms;
use crate::error::Error;

impl Services {
    /// Records a read of Connect cluster `name`; a changed set of connectors (or of
    /// their topics) replaces its part of the lineage.
    pub async fn record_connect_read(&self, name: &str, outcome: Result<ConnectSnapshot, Error>) {
        if self.connect.record(name, outcome.map_err(|error| error.read_failure()), now_ms()) {
            if let Some(cluster) = self.connect.get(name) {
                self.lineage.connect_changed(cluster);
            }
            // Connectors' reads are not announced as changes: tell compliance directly.
            self.note_catalog_changed();
        }
    }

    /// Every Connect cluster with its status and connectors.
    pub fn connect_clusters(&self) -> Vec<ConnectCluster> {
        self.connect.all()
    }

    /// One connector in full.
    pub fn connector(&self, connect: &str, name: &str) -> Result<ConnectorDetail, ServiceError> {
        if self.connect.get(connect).is_none() {
            return Err(ServiceError::not_found(format!("no Connect cluster is configured with the name `{connect}`")));
        }
        self.connect
            .connector(connect, name, now_ms())
            .ok_or_else(|| ServiceError::not_found(format!("Connect cluster `{connect}` has no connector `{name}`")))
    }
}
