//! Kafka Connect clusters as their REST API describes them: connectors with their type,
//! class, state, tasks and workers, and the topics they write (source) or read (sink).
//! Configuration values that look like secrets are never kept.

use serde::{Deserialize, Serialize};

use super::ClusterStatus;

/// Whether a connector brings data into Kafka or takes it out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConnectorKind {
    /// Writes the topics it lists.
    Source,
    /// Reads the topics it lists, through consumer group `connect-<name>`.
    Sink,
    /// A type the worker did not report (an old worker, a plugin it cannot load).
    Unknown,
}

impl ConnectorKind {
    pub fn parse(name: &str) -> ConnectorKind {
        match name.to_ascii_lowercase().as_str() {
            "source" => ConnectorKind::Source,
            "sink" => ConnectorKind::Sink,
            _ => ConnectorKind::Unknown,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ConnectorKind::Source => "source",
            ConnectorKind::Sink => "sink",
            ConnectorKind::Unknown => "unknown type",
        }
    }
}

/// One connector, as its Connect cluster reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Connector {
    pub name: String,
    pub kind: ConnectorKind,
    /// `connector.class`.
    pub class: String,
    /// `RUNNING`, `PAUSED`, `FAILED`, `UNASSIGNED`, `STOPPED`, as Connect says.
    pub state: String,
    /// The worker running the connector (`host:port`).
    pub worker_id: String,
    pub tasks: Vec<ConnectTask>,
    /// The topics it has used since it was (re)started (`/connectors/{name}/topics`),
    /// sorted; `None` when the worker does not offer that endpoint.
    pub topics: Option<Vec<String>>,
    /// Its configuration, sorted by key; secret-looking values are `None`.
    pub config: Vec<ConnectorSetting>,
}

impl Connector {
    /// The consumer group of a sink connector.
    pub fn sink_group(&self) -> Option<String> {
        (self.kind == ConnectorKind::Sink).then(|| format!("connect-{}", self.name))
    }
}

/// One task of a connector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectTask {
    pub id: i32,
    pub state: String,
    pub worker_id: String,
}

/// One configuration entry; `value` is `None` when it looks like a secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectorSetting {
    pub key: String,
    pub value: Option<String>,
}

/// What one read of a Connect cluster found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectSnapshot {
    /// Sorted by name.
    pub connectors: Vec<Connector>,
}

/// A Connect cluster with its read status and last known connectors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectCluster {
    pub name: String,
    /// The REST address, credentials masked.
    pub url: String,
    /// The Kafka clusters its connectors' topics live on.
    pub clusters: Vec<String>,
    /// When it was last read, and how that went (`alias` is the Connect cluster's name).
    pub status: ClusterStatus,
    pub snapshot: Option<ConnectSnapshot>,
}

/// One connector in full, for its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectorDetail {
    /// The Connect cluster's name.
    pub connect: String,
    /// The Kafka cluster its topics (and its sink group) live on, when one is configured.
    pub cluster: Option<String>,
    pub status: ClusterStatus,
    pub server_time_ms: i64,
    pub connector: Connector,
}
