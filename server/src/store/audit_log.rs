//! The audit log's rows: appended in the transaction of the change they record (one
//! commit: no change without its entry, no entry without its change), read back in
//! `seq` order for pages, exports and the chain's check. Nothing here updates or deletes.
//!
//! Appends are serialised so that each entry links to the one really before it: SQLite
//! takes its write lock when the transaction begins (`BEGIN IMMEDIATE`), PostgreSQL a
//! transaction-scoped advisory lock, which also holds across replicas sharing a database.

use model::AuditEntry;
use sqlx::{Any, AnyConnection, Transaction};

use super::{Backend, Store};
use crate::error::Result;
use tributary_core::audit::{entry_hash, AuditFilter, Draft, GENESIS_HASH};

/// The advisory lock PostgreSQL appends take ("TRIBAUDT" in ASCII).
const POSTGRES_AUDIT_LOCK: i64 = 0x5452_4942_4155_4454;
/// The columns of an entry, in [`AuditRow`]'s order (a macro: queries are static text).
macro_rules! columns {
    () => {
        "seq, at_ms, actor, action, target, reason, before, after, prev_hash, hash"
    };
}

/// The filters of [`AuditFilter`], as `$2`..`$6`. The target matches as a substring,
/// with `%`, `_` and the escape character itself escaped: group ids hold them, and
/// `LIKE` would read them as wildcards.
macro_rules! filters {
    () => {
        "($2 = '' OR actor = $2) AND ($3 = '' OR action = $3)
         AND ($4 = '' OR target LIKE '%' || REPLACE(REPLACE(REPLACE($4, '!', '!!'), '%', '!%'), '_', '!_') || '%' ESCAPE '!')
         AND at_ms >= $5 AND at_ms < $6"
    };
}

/// A row of `audit_log`.
#[derive(sqlx::FromRow)]
struct AuditRow {
    seq: i64,
    at_ms: i64,
    actor: String,
    action: String,
    target: String,
    reason: String,
    before: String,
    after: String,
    prev_hash: String,
    hash: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(row: AuditRow) -> Self {
        Self {
            seq: row.seq,
            at_ms: row.at_ms,
            actor: row.actor,
            action: row.action,
            target: row.target,
            reason: row.reason,
            before: row.before,
            after: row.after,
            prev_hash: row.prev_hash,
            hash: row.hash,
        }
    }
}

impl Store {
    /// Begins a transaction that will append to the audit log: it holds the log's write
    /// lock from the start, so the entry it appends links to the last one committed.
    pub(super) async fn begin_audited(&self) -> Result<Transaction<'static, Any>> {
        match self.backend {
            Backend::Sqlite => Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?),
            Backend::Postgres => {
                let mut transaction = self.pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(POSTGRES_AUDIT_LOCK)
                    .execute(&mut *transaction)
                    .await?;
                Ok(transaction)
            }
        }
    }

    /// Appends `draft` alone (a change with no other row to write, such as a profile
    /// reloaded); answers the entry as stored.
    pub async fn append_audit(&self, draft: &Draft) -> Result<AuditEntry> {
        let mut transaction = self.begin_audited().await?;
        let entry = append_entry(&mut transaction, draft).await?;
        transaction.commit().await?;
        Ok(entry)
    }

    /// Entries after `after_seq` matching `filter`, oldest first, at most `limit`.
    pub async fn list_audit(&self, filter: &AuditFilter, after_seq: i64, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query_as::<_, AuditRow>(concat!(
            "SELECT ",
            columns!(),
            " FROM audit_log WHERE seq > $1 AND ",
            filters!(),
            " ORDER BY seq LIMIT $7"
        ))
        .bind(after_seq)
        .bind(&filter.actor)
        .bind(&filter.action)
        .bind(&filter.target)
        .bind(filter.from_ms.unwrap_or(i64::MIN))
        .bind(filter.to_ms.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    /// How many entries match `filter`.
    pub async fn count_audit(&self, filter: &AuditFilter) -> Result<i64> {
        let count: i64 = sqlx::query_scalar(concat!("SELECT COUNT(*) FROM audit_log WHERE $1 = $1 AND ", filters!()))
            .bind(0_i64)
            .bind(&filter.actor)
            .bind(&filter.action)
            .bind(&filter.target)
            .bind(filter.from_ms.unwrap_or(i64::MIN))
            .bind(filter.to_ms.unwrap_or(i64::MAX))
            .fetch_one(&self.pool)
            .await?;
        Ok(count)
    }
}

/// Appends `draft` as the entry after the last one, inside `connection`'s transaction
/// (which must have come from [`Store::begin_audited`]).
pub(super) async fn append_entry(connection: &mut AnyConnection, draft: &Draft) -> Result<AuditEntry> {
    let last: Option<(i64, String)> = sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut *connection)
        .await?;
    let (prev_seq, prev_hash) = last.unwrap_or((0, GENESIS_HASH.to_owned()));
    let seq = prev_seq + 1;
    let hash = entry_hash(seq, draft, &prev_hash);
    sqlx::query(concat!("INSERT INTO audit_log (", columns!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"))
        .bind(seq)
        .bind(draft.at_ms)
        .bind(&draft.actor)
        .bind(draft.action)
        .bind(&draft.target)
        .bind(&draft.reason)
        .bind(&draft.before)
        .bind(&draft.after)
        .bind(&prev_hash)
        .bind(&hash)
        .execute(&mut *connection)
        .await?;
    Ok(AuditEntry {
        seq,
        at_ms: draft.at_ms,
        actor: draft.actor.clone(),
        action: draft.action.to_owned(),
        target: draft.target.clone(),
        reason: draft.reason.clone(),
        before: draft.before.clone(),
        after: draft.after.clone(),
        prev_hash,
        hash,
    })
}
