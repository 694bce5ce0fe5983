//! A read of a schema registry or directory recorded: the catalog shows it, the lineage
//! follows its subjects, and what changed is appended to the history and announced.

use model::RegistrySnapshot;

use super::Services;
use crate::clock::now_ms;
use crate::error::Error;

impl Services {
    /// Records a read of schema source `name` (`Ok(None)`: read, nothing changed).
    pub async fn record_schema_read(&self, name: &str, outcome: Result<Option<RegistrySnapshot>, Error>) {
        let changed = matches!(outcome, Ok(Some(_)));
        let changes = self.registries.record(name, outcome.map_err(|error| error.read_failure()), now_ms());
        if changed {
            self.record_sightings(name).await;
            self.lineage.schemas_changed(name);
            // A new snapshot may bind subjects to topics without any announced change.
            self.note_catalog_changed();
        }
        self.announce(name, changes).await;
    }

    /// Notes where registry `name`'s answers were seen to differ from Confluent's (the
    /// registry's page says so, and how Tributary adapts).
    pub fn record_registry_differences(&self, name: &str, detected: impl IntoIterator<Item = String>) {
        self.registries.note_answers_differ(name, detected);
    }
}
