//! One connection per broker of a cluster, opened on first use and kept between reads;
//! a failed exchange drops its connection so the next read starts afresh.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use model::Broker;

use super::{BrokerConnection, WireError, WireSecurity};

/// The cluster's brokers, as this client reaches them.
pub struct BrokerPool {
    security: WireSecurity,
    timeout: Duration,
    /// A std lock: reads of one cluster never overlap, and nothing awaits while it is held.
    connections: Mutex<HashMap<i32, BrokerConnection>>,
}

impl BrokerPool {
    pub fn new(security: WireSecurity, timeout: Duration) -> Self {
        BrokerPool { security, timeout, connections: Mutex::new(HashMap::new()) }
    }

    /// Why requests cannot be sent at all with the cluster's settings, if so.
    pub fn unsupported(&self) -> Option<&str> {
        match &self.security {
            WireSecurity::Unsupported(reason) => Some(reason),
            _ => None,
        }
    }

    /// Forgets the connections of brokers no longer in the cluster.
    pub fn retain(&self, brokers: &[Broker]) {
        let mut connections = self.connections.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        connections.retain(|id, _| brokers.iter().any(|broker| broker.id == *id));
    }

    /// Runs `call` on `broker`'s connection, opening one if needed. Blocks.
    pub fn on_broker<T>(
        &self,
        broker: &Broker,
        call: impl FnOnce(&mut BrokerConnection) -> Result<T, WireError>,
    ) -> Result<T, WireError> {
        let mut connections = self.connections.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let connection = match connections.entry(broker.id) {
            std::collections::hash_map::Entry::Occupied(open) => open.into_mut(),
            std::collections::hash_map::Entry::Vacant(slot) => {
                let port = u16::try_from(broker.port).map_err(|_| {
                    WireError::Unsupported(format!("broker {} reports port {}", broker.id, broker.port))
                })?;
                slot.insert(BrokerConnection::open(&broker.host, port, &self.security, self.timeout)?)
            }
        };
        let outcome = call(connection);
        if outcome.is_err() {
            connections.remove(&broker.id);
        }
        outcome
    }
}
