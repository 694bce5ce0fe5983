//! The last known state of each cluster: its status and its last snapshot, kept as one
//! JSON document so that a snapshot reads back exactly as it was written.

use std::collections::BTreeMap;

use model::{CatalogEvent, Change, ClusterSnapshot, ClusterState, ClusterStatus, SeenEdge};
use sqlx::AnyConnection;

use super::events::insert_events;
use super::{to_json, Store};
use crate::error::Result;

impl Store {
    /// Inserts or updates one cluster's status, and with `read` also replaces its
    /// snapshot and edges (kept as they were otherwise), in one statement. Edges'
    /// last-seen times are therefore as of the last change.
    pub async fn save_cluster(
        &self,
        status: &ClusterStatus,
        read: Option<(&ClusterSnapshot, &[SeenEdge])>,
    ) -> Result<()> {
        let mut connection = self.pool.acquire().await?;
        upsert_cluster(&mut connection, status, read).await
    }

    /// Saves a read of a cluster and appends the changes it found to the history, in one
    /// transaction: both are written or neither, so the history has no holes. Returns
    /// the changes as events with their ids.
    pub async fn save_read(
        &self,
        status: &ClusterStatus,
        read: Option<(&ClusterSnapshot, &[SeenEdge])>,
        at_ms: i64,
        changes: &[Change],
    ) -> Result<Vec<CatalogEvent>> {
        let mut transaction = self.pool.begin().await?;
        upsert_cluster(&mut transaction, status, read).await?;
        let events = insert_events(&mut transaction, &status.alias, at_ms, changes).await?;
        transaction.commit().await?;
        Ok(events)
    }

    /// Every stored cluster, by alias. A snapshot that no longer decodes (written by
    /// an incompatible version) is dropped with a warning: the next read replaces it.
    pub async fn load_clusters(&self) -> Result<BTreeMap<String, ClusterState>> {
        let rows = sqlx::query_as::<_, ClusterRow>(
            "SELECT alias, bootstrap_servers, last_good_read_ms, last_attempt_ms, last_error, snapshot_json, edges_json
             FROM clusters",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut clusters = BTreeMap::new();
        for row in rows {
            let status = ClusterStatus {
                alias: row.alias,
                bootstrap_servers: row.bootstrap_servers,
                last_good_read_ms: row.last_good_read_ms,
                last_attempt_ms: row.last_attempt_ms,
                last_error: row.last_error,
            };
            let snapshot = row.snapshot_json.and_then(|json| match serde_json::from_str(&json) {
                Ok(snapshot) => Some(snapshot),
                Err(error) => {
                    tracing::warn!(cluster = %status.alias, %error, "stored snapshot unreadable; waiting for a fresh read");
                    None
                }
            });
            let edges = row.edges_json.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default();
            clusters.insert(status.alias.clone(), ClusterState { status, snapshot, edges });
        }
        Ok(clusters)
    }
}

/// A row of `clusters`: the status, and the last snapshot and edges as stored JSON.
#[derive(sqlx::FromRow)]
struct ClusterRow {
    alias: String,
    bootstrap_servers: String,
    last_good_read_ms: Option<i64>,
    last_attempt_ms: Option<i64>,
    last_error: Option<String>,
    snapshot_json: Option<String>,
    edges_json: Option<String>,
}

/// The upsert of [`Store::save_cluster`], on the caller's connection or transaction.
async fn upsert_cluster(
    connection: &mut AnyConnection,
    status: &ClusterStatus,
    read: Option<(&ClusterSnapshot, &[SeenEdge])>,
) -> Result<()> {
    let (snapshot_json, edges_json) = match read {
        Some((snapshot, edges)) => (Some(to_json(snapshot)?), Some(to_json(&edges)?)),
        None => (None, None),
    };
    sqlx::query(
        "INSERT INTO clusters (alias, bootstrap_servers, last_good_read_ms, last_attempt_ms, last_error, snapshot_json, edges_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (alias) DO UPDATE SET
             bootstrap_servers = excluded.bootstrap_servers,
             last_good_read_ms = excluded.last_good_read_ms,
             last_attempt_ms = excluded.last_attempt_ms,
             last_error = excluded.last_error,
             snapshot_json = COALESCE(excluded.snapshot_json, clusters.snapshot_json),
             edges_json = COALESCE(excluded.edges_json, clusters.edges_json)",
    )
    .bind(&status.alias)
    .bind(&status.bootstrap_servers)
    .bind(status.last_good_read_ms)
    .bind(status.last_attempt_ms)
    .bind(&status.last_error)
    .bind(snapshot_json)
    .bind(edges_json)
    .execute(&mut *connection)
    .await?;
    Ok(())
}
