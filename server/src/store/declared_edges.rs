//! Lineage edges declared over the API or reported by OpenLineage, which no cluster read
//! can rebuild: the store is their only home.

use super::audit_log::append_entry;
use super::Store;
use crate::error::Result;
use tributary_core::audit::Draft;
use tributary_core::catalog::DeclaredEdge;
use tributary_core::lineage::{EdgeEvidence, EdgeKind, NodeId};

/// One declared edge, with node paths and snake_case kind and evidence names.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct StoredEdge {
    pub from_node: String,
    pub to_node: String,
    pub kind: String,
    pub evidence: String,
    pub first_seen_ms: i64,
    pub last_seen_ms: i64,
}

impl StoredEdge {
    /// The row of `edge`: node paths and snake_case names.
    pub fn of(edge: &DeclaredEdge) -> Self {
        StoredEdge {
            from_node: edge.from.path(),
            to_node: edge.to.path(),
            kind: edge.kind.name().to_owned(),
            evidence: edge.evidence.name().to_owned(),
            first_seen_ms: edge.first_seen_ms,
            last_seen_ms: edge.last_seen_ms,
        }
    }

    /// The edge this row holds; `None` for rows this version cannot read.
    pub fn edge(&self) -> Option<DeclaredEdge> {
        Some(DeclaredEdge {
            from: NodeId::parse_path(&self.from_node).ok()?,
            to: NodeId::parse_path(&self.to_node).ok()?,
            kind: EdgeKind::parse(&self.kind)?,
            evidence: EdgeEvidence::parse(&self.evidence)?,
            first_seen_ms: self.first_seen_ms,
            last_seen_ms: self.last_seen_ms,
        })
    }
}

impl Store {
    /// Adds the edge, or refreshes its last-seen time if it is already there; with its
    /// audit entry (a declaration by hand), in one transaction.
    pub async fn upsert_declared_edge(&self, edge: &StoredEdge, audit: &Draft) -> Result<()> {
        self.upsert_declared_edges(std::slice::from_ref(edge), Some(audit)).await
    }

    /// [`Self::upsert_declared_edge`] for many edges, in one transaction: all are kept
    /// or none (and one commit, not one per edge). OpenLineage run events come without
    /// an audit entry: like a cluster's reads, they report what ran, not a change a
    /// person made.
    pub async fn upsert_declared_edges(&self, edges: &[StoredEdge], audit: Option<&Draft>) -> Result<()> {
        let mut transaction = match audit {
            Some(_) => self.begin_audited().await?,
            None => self.pool.begin().await?,
        };
        for edge in edges {
            sqlx::query(
                "INSERT INTO declared_edges (from_node, to_node, kind, evidence, first_seen_ms, last_seen_ms)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (from_node, to_node, kind, evidence) DO UPDATE SET last_seen_ms = excluded.last_seen_ms",
            )
            .bind(&edge.from_node)
            .bind(&edge.to_node)
            .bind(&edge.kind)
            .bind(&edge.evidence)
            .bind(edge.first_seen_ms)
            .bind(edge.last_seen_ms)
            .execute(&mut *transaction)
            .await?;
        }
        if let Some(audit) = audit {
            append_entry(&mut transaction, audit).await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    /// Removes the edge (any evidence) with its audit entry, in one transaction; whether
    /// there was one (when not, nothing is written).
    pub async fn delete_declared_edge(
        &self,
        from_node: &str,
        to_node: &str,
        kind: &str,
        audit: &Draft,
    ) -> Result<bool> {
        let mut transaction = self.begin_audited().await?;
        let done = sqlx::query("DELETE FROM declared_edges WHERE from_node = $1 AND to_node = $2 AND kind = $3")
            .bind(from_node)
            .bind(to_node)
            .bind(kind)
            .execute(&mut *transaction)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        append_entry(&mut transaction, audit).await?;
        transaction.commit().await?;
        Ok(true)
    }

    pub async fn list_declared_edges(&self) -> Result<Vec<StoredEdge>> {
        let edges = sqlx::query_as::<_, StoredEdge>(
            "SELECT from_node, to_node, kind, evidence, first_seen_ms, last_seen_ms FROM declared_edges
             ORDER BY from_node, to_node, kind",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(edges)
    }
}
