//! Profile files in the audit log: each file that appears, changes or goes away between
//! two reads of the profiles directory is an entry, with its text before and after, so
//! that an auditor sees which rules were in force when, and who runs the server that
//! loaded them. What the log last recorded is where a restarted server goes on from:
//! unchanged files are not recorded again at each start.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ServiceError, Services};
use crate::clock::now_ms;
use tributary_core::audit::AuditFilter;
use tributary_core::audit::Draft;

const LOADED: &str = "profile_loaded";
const REMOVED: &str = "profile_removed";

/// A profile file's state in the audit log.
#[derive(Serialize, Deserialize)]
struct ProfileFileState {
    text: String,
}

impl Services {
    /// Each profile file's text as the audit log last recorded it.
    pub(super) async fn audited_profile_texts(&self) -> Result<BTreeMap<String, String>, ServiceError> {
        let mut texts = BTreeMap::new();
        for action in [LOADED, REMOVED] {
            let filter = AuditFilter { action: action.to_owned(), ..AuditFilter::default() };
            let mut after = 0;
            loop {
                let batch = self.audit_batch(&filter, after).await?;
                let Some(last) = batch.last() else { break };
                after = last.seq;
                for entry in batch {
                    texts
                        .insert((entry.seq, entry.target), serde_json::from_str::<ProfileFileState>(&entry.after).ok());
                }
            }
        }
        // The latest entry per file decides: its text, or gone.
        let mut latest: BTreeMap<String, Option<ProfileFileState>> = BTreeMap::new();
        for ((_, file), state) in texts {
            latest.insert(file, state);
        }
        Ok(latest.into_iter().filter_map(|(file, state)| Some((file, state?.text))).collect())
    }

    /// Records every file of `now` that is new or changed since `audited`, and every
    /// file of `audited` gone from `now`; answers `now`, the log's new record.
    pub(super) async fn audit_profile_files(
        &self,
        audited: &BTreeMap<String, String>,
        now: &BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, ServiceError> {
        let state = |text: Option<&String>| text.map(|text| ProfileFileState { text: text.clone() });
        for (file, text) in now {
            let before = audited.get(file);
            if before != Some(text) {
                self.append_profile_entry(LOADED, file, state(before), state(Some(text))).await?;
            }
        }
        for (file, text) in audited.iter().filter(|(file, _)| !now.contains_key(*file)) {
            self.append_profile_entry(REMOVED, file, state(Some(text)), None).await?;
        }
        Ok(now.clone())
    }

    async fn append_profile_entry(
        &self,
        action: &'static str,
        file: &str,
        before: Option<ProfileFileState>,
        after: Option<ProfileFileState>,
    ) -> Result<(), ServiceError> {
        let draft = Draft::new(now_ms(), &self.operator, action, file.to_owned(), "", before.as_ref(), after.as_ref());
        self.store.append_audit(&draft).await?;
        Ok(())
    }
}
