//! The catalog's persistent store: SQLite (embedded, the default) or PostgreSQL,
//! chosen by URL. Queries are written once, in SQL both understand, with `$n`
//! placeholders, and run through sqlx's `Any` driver.
//!
//! - [`clusters`]: the last known state of each cluster (status and snapshot).
//! - [`events`]: the append-only history of catalog events.
//! - [`declared_edges`]: lineage edges declared over the API or from OpenLineage.
//! - [`field_decisions`]: stewards' decisions on what fields hold, with their history.
//! - [`masking_marks`]: stewards' marks on applications that mask what they read.
//! - [`topic_tags`]: stewards' tags on whole topics ("holds PII").
//! - [`violations`]: compliance violations, opened and resolved with their events.
//! - [`audit_log`]: the hash-chained audit log of changes made through Tributary.
//! - [`accounts`]: accounts, their API tokens and their browser sessions.
//! - [`external_sign_in`]: sign-ins through an OpenID Connect provider under way, and
//!   the provider's people's accounts.
//! - [`lag_samples`]: each group's lag on each topic over the last day.
//! - [`version_sightings`]: when each schema version was first seen.

pub mod accounts;
mod audit_log;
mod clusters;
mod declared_edges;
mod events;
pub mod external_sign_in;
mod field_decisions;
mod lag_samples;
mod masking_marks;
mod topic_tags;
pub mod version_sightings;
mod violations;

pub use declared_edges::StoredEdge;
pub use lag_samples::{LagReading, LAG_HISTORY_WINDOW_MS};
pub use violations::EvaluationOutcome;

use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};

use crate::error::{Error, Result};

/// How long a query waits for a free connection before failing.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections kept to PostgreSQL; enough for a few concurrent page loads and writers.
const POSTGRES_MAX_CONNECTIONS: u32 = 8;
/// SQLite serialises writers anyway; a few connections let reads go on beside a write.
const SQLITE_MAX_CONNECTIONS: u32 = 4;
/// How long the readiness probe waits for the write lock: a store that cannot take it
/// this fast is not serving writes (SQLite would otherwise wait out its busy timeout).
const WRITE_PROBE_TIMEOUT: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A handle on the store; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The URL with any password masked, for logs and messages.
    display_url: String,
}

impl Store {
    /// Connects (creating an SQLite file if missing) and brings the schema up to date.
    pub async fn open(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") { Backend::Sqlite } else { Backend::Postgres };
        let display_url = crate::config::mask_url_credentials(url);
        let store_error = |source| Error::Store { url: display_url.clone(), source };

        let (connect_url, max_connections) = match backend {
            Backend::Sqlite => (sqlite_url_creating_file(url)?, SQLITE_MAX_CONNECTIONS),
            Backend::Postgres => (url.to_owned(), POSTGRES_MAX_CONNECTIONS),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // Off by default in SQLite; the schema relies on cascading deletes.
                        connection.execute("PRAGMA foreign_keys = ON").await?;
                    }
                    Ok(())
                })
            })
            .connect(&connect_url)
            .await
            .map_err(store_error)?;
        if backend == Backend::Sqlite {
            // Readers no longer wait for writers; persistent in the file.
            pool.execute("PRAGMA journal_mode = WAL").await.map_err(store_error)?;
        }

        let migrator = match backend {
            Backend::Sqlite => sqlx::migrate!("../migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("../migrations/postgres"),
        };
        migrator.run(&pool).await.map_err(|source| Error::Migration { url: display_url.clone(), source })?;
        Ok(Self { pool, backend, display_url })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn display_url(&self) -> &str {
        &self.display_url
    }

    /// Succeeds when the store could write now (for `/readyz`): takes the write lock
    /// (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: a temporary table in a transaction of the
    /// default mode, which a standby or a read-only database refuses as it would refuse
    /// the catalog's own writes) and rolls back, leaving nothing behind.
    pub async fn probe_write(&self) -> Result<()> {
        let probe = async {
            let mut connection = self.pool.acquire().await?;
            let begin = match self.backend {
                Backend::Sqlite => "BEGIN IMMEDIATE",
                Backend::Postgres => "BEGIN",
            };
            connection.execute(begin).await?;
            let written = match self.backend {
                Backend::Sqlite => Ok(()),
                // A read-only server accepts BEGIN but refuses a write; a temporary
                // table is private to this session and dropped by the rollback.
                Backend::Postgres => {
                    connection.execute("CREATE TEMP TABLE readiness_probe (x INT) ON COMMIT DROP").await.map(|_| ())
                }
            };
            connection.execute("ROLLBACK").await?;
            written.map_err(Error::from)
        };
        match tokio::time::timeout(WRITE_PROBE_TIMEOUT, probe).await {
            Ok(result) => result,
            Err(_) => Err(Error::StoreBusy { waited: WRITE_PROBE_TIMEOUT }),
        }
    }

    /// Closes every connection; pending writes finish first.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Stored documents (snapshots, edges, changes) are JSON text, readable on both backends.
fn to_json(value: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string(value).map_err(Error::StoredData)
}

/// `sqlite://file.db` opens read-write but does not create the file; `mode=rwc` does.
/// The parent directory is created too, so `sqlite://data/tributary.db` works on a
/// fresh machine.
fn sqlite_url_creating_file(url: &str) -> Result<String> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if !path.is_empty() && !path.starts_with(':') {
        if let Some(parent) = std::path::Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io { path: parent.to_owned(), source })?;
        }
    }
    Ok(if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_create_the_file() {
        assert_eq!(sqlite_url_creating_file("sqlite://t.db").unwrap(), "sqlite://t.db?mode=rwc");
        assert_eq!(
            sqlite_url_creating_file("sqlite://t.db?cache=shared").unwrap(),
            "sqlite://t.db?cache=shared&mode=rwc"
        );
        assert_eq!(sqlite_url_creating_file("sqlite://t.db?mode=ro").unwrap(), "sqlite://t.db?mode=ro");
    }
}
