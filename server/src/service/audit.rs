//! The audit log as its readers see it: a filtered page, every entry in batches (for
//! exports), and the check that the stored chain is the one Tributary wrote.

use model::{AuditEntry, AuditLogView, AuditPage, AuditQuery, AuditVerdict};

use super::{ServiceError, Services};
use crate::clock::now_ms;
use crate::store::Store;
use tributary_core::audit::AuditFilter;
use tributary_core::audit::{verify, GENESIS_HASH};

/// The most entries one page holds.
pub const MAX_AUDIT_PAGE: i64 = 500;
/// Entries on one screen of the Audit page.
const AUDIT_PAGE_ON_SCREEN: i64 = 50;
/// Entries read from the store at a time when checking or exporting the whole log.
pub const AUDIT_BATCH: i64 = 2_000;

impl Services {
    /// Entries after `after_seq` matching `filter`, oldest first, at most `limit`
    /// (1..=[`MAX_AUDIT_PAGE`]).
    pub async fn audit_page(
        &self,
        filter: &AuditFilter,
        after_seq: i64,
        limit: i64,
    ) -> Result<AuditPage, ServiceError> {
        if !(1..=MAX_AUDIT_PAGE).contains(&limit) {
            return Err(ServiceError::invalid(format!("`limit` is between 1 and {MAX_AUDIT_PAGE}")));
        }
        // One more than asked tells whether there is a next page.
        let mut entries = self.store.list_audit(filter, after_seq, limit + 1).await?;
        let more = entries.len() > usize::try_from(limit).unwrap_or(usize::MAX);
        entries.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let next_after = more.then(|| entries.last().map(|entry| entry.seq)).flatten();
        let total = self.store.count_audit(filter).await?;
        Ok(AuditPage { entries, total, next_after })
    }

    /// The next batch of entries matching `filter` after `after_seq` (empty at the end):
    /// exports read the log this way, never whole into memory.
    pub async fn audit_batch(&self, filter: &AuditFilter, after_seq: i64) -> Result<Vec<AuditEntry>, ServiceError> {
        Ok(self.store.list_audit(filter, after_seq, AUDIT_BATCH).await?)
    }

    /// The Audit page: a page of entries matching the form's filters, and the chain's
    /// verdict (checking reads the whole log, in batches).
    pub async fn audit_log_view(&self, query: AuditQuery) -> Result<AuditLogView, ServiceError> {
        let filter = AuditFilter {
            actor: query.actor.trim().to_owned(),
            action: query.action.trim().to_owned(),
            target: query.target.trim().to_owned(),
            from_ms: None,
            to_ms: None,
        };
        let page = self.audit_page(&filter, query.after.max(0), AUDIT_PAGE_ON_SCREEN).await?;
        let verdict = self.verify_audit().await?;
        Ok(AuditLogView { page, verdict, server_time_ms: now_ms() })
    }

    /// Checks the whole stored chain: see [`verify_store`].
    pub async fn verify_audit(&self) -> Result<AuditVerdict, ServiceError> {
        verify_store(&self.store, |_| {}).await
    }
}

/// Checks the whole chain stored in `store`, batch by batch; names the first entry that
/// breaks it. `progress` hears the number of entries checked after each batch. (A free
/// function: the command line checks a store without the rest of the services.)
pub async fn verify_store(store: &Store, progress: impl FnMut(i64)) -> Result<AuditVerdict, ServiceError> {
    Ok(verify_store_holding(store, None, progress).await?.verdict)
}

/// A chain checked, and where in it a head kept earlier was found.
pub struct ChainCheck {
    pub verdict: AuditVerdict,
    /// The entry whose hash is the head kept earlier, when one was asked for and found.
    /// An intact chain that holds it holds every entry up to it unchanged: each hash
    /// covers all before it. Entries after it were appended since.
    pub expected_head_at: Option<i64>,
}

/// As [`verify_store`], also looking for `expected_head` (a head hash printed earlier)
/// among the entries.
pub async fn verify_store_holding(
    store: &Store,
    expected_head: Option<&str>,
    mut progress: impl FnMut(i64),
) -> Result<ChainCheck, ServiceError> {
    let every = AuditFilter::default();
    let (mut seq, mut hash) = (0_i64, GENESIS_HASH.to_owned());
    let mut checked = 0_i64;
    let mut expected_head_at = None;
    loop {
        let batch = store.list_audit(&every, seq, AUDIT_BATCH).await?;
        let Some(last) = batch.last() else { break };
        if let Err(broken) = verify(&batch, seq, &hash) {
            let before = broken.seq.saturating_sub(seq + 1).max(0);
            let verdict = AuditVerdict { entries: checked + before, head_hash: None, broken: Some(broken) };
            return Ok(ChainCheck { verdict, expected_head_at: None });
        }
        if let Some(expected) = expected_head.filter(|_| expected_head_at.is_none()) {
            expected_head_at =
                batch.iter().find(|entry| entry.hash.eq_ignore_ascii_case(expected)).map(|entry| entry.seq);
        }
        checked += i64::try_from(batch.len()).unwrap_or(i64::MAX);
        (seq, hash) = (last.seq, last.hash.clone());
        progress(checked);
    }
    let head_hash = (checked > 0).then_some(hash);
    Ok(ChainCheck { verdict: AuditVerdict { entries: checked, head_hash, broken: None }, expected_head_at })
}
