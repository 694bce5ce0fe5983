//! The live feed: every batch of changes one read produced, in order, for the pages'
//! and the API's live subscribers.

use model::CatalogEvent;
use tokio::sync::broadcast;

/// Batches a slow subscriber may fall behind before it is told to resynchronise.
const FEED_CAPACITY: usize = 256;

/// The live feed: each batch of events that one cluster read produced, in order.
/// Subscribers that fall behind get `RecvError::Lagged` and should reload what they show.
#[derive(Clone)]
pub struct ChangeFeed {
    sender: broadcast::Sender<Vec<CatalogEvent>>,
}

impl ChangeFeed {
    pub fn new() -> Self {
        Self { sender: broadcast::channel(FEED_CAPACITY).0 }
    }

    /// Sends a batch to every current subscriber; nobody listening is fine.
    pub fn publish(&self, events: Vec<CatalogEvent>) {
        if !events.is_empty() {
            let _ = self.sender.send(events);
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Vec<CatalogEvent>> {
        self.sender.subscribe()
    }
}

impl Default for ChangeFeed {
    fn default() -> Self {
        Self::new()
    }
}
