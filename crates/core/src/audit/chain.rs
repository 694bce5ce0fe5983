//! The hash chain: each entry's hash covers its own fields and the hash of the entry
//! before, so changing, inserting or removing an entry anywhere but at the very end
//! breaks every hash after it. The hash input is each field's length and bytes in a
//! fixed order (after a version label), never a re-serialisation that could differ
//! between writer and checker.

use model::{AuditBreak, AuditEntry};
use sha2::{Digest, Sha256};

use super::Draft;

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Names the hash input's layout; a new layout would get a new label.
const LAYOUT: &[u8] = b"tributary-audit-v1";

/// The hash of the entry `draft` becomes at place `seq` after an entry hashed `prev_hash`.
pub fn entry_hash(seq: i64, draft: &Draft, prev_hash: &str) -> String {
    hash_fields(
        seq,
        draft.at_ms,
        [&draft.actor, draft.action, &draft.target, &draft.reason, &draft.before, &draft.after, prev_hash],
    )
}

fn hash_fields(seq: i64, at_ms: i64, texts: [&str; 7]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(LAYOUT);
    hasher.update(seq.to_be_bytes());
    hasher.update(at_ms.to_be_bytes());
    for text in texts {
        hasher.update((text.len() as u64).to_be_bytes());
        hasher.update(text.as_bytes());
    }
    hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
}

/// What an entry's hash should be, from its stored fields.
fn expected_hash(entry: &AuditEntry) -> String {
    hash_fields(
        entry.seq,
        entry.at_ms,
        [&entry.actor, &entry.action, &entry.target, &entry.reason, &entry.before, &entry.after, &entry.prev_hash],
    )
}

/// Checks `entries` (in `seq` order, continuing after an entry hashed `prev_hash` at
/// place `prev_seq`): the first entry that breaks the chain, if any.
pub fn verify<'a>(
    entries: impl IntoIterator<Item = &'a AuditEntry>,
    prev_seq: i64,
    prev_hash: &str,
) -> Result<(), AuditBreak> {
    let (mut seq, mut hash) = (prev_seq, prev_hash.to_owned());
    for entry in entries {
        let why = if entry.seq != seq + 1 {
            Some(format!(
                "expected entry {} here, found entry {}: entries were removed or inserted",
                seq + 1,
                entry.seq
            ))
        } else if entry.prev_hash != hash {
            Some("its link to the entry before does not match: that entry was changed or removed".to_owned())
        } else if expected_hash(entry) != entry.hash {
            Some("its content does not match its hash: it was changed after it was written".to_owned())
        } else {
            None
        };
        if let Some(why) = why {
            return Err(AuditBreak { seq: entry.seq, why });
        }
        seq = entry.seq;
        hash.clone_from(&entry.hash);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(count: i64) -> Vec<AuditEntry> {
        let mut entries: Vec<AuditEntry> = Vec::new();
        for seq in 1..=count {
            let draft = Draft::new(
                seq * 10,
                "ada",
                "topic_tagged",
                format!("prod/topic-{seq}"),
                "holds emails",
                None::<&()>,
                Some(&"PII"),
            );
            let prev_hash = entries.last().map_or(GENESIS_HASH.to_owned(), |entry| entry.hash.clone());
            entries.push(AuditEntry {
                seq,
                at_ms: draft.at_ms,
                hash: entry_hash(seq, &draft, &prev_hash),
                actor: draft.actor,
                action: draft.action.to_owned(),
                target: draft.target,
                reason: draft.reason,
                before: draft.before,
                after: draft.after,
                prev_hash,
            });
        }
        entries
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify(&chain(5), 0, GENESIS_HASH), Ok(()));
        assert_eq!(verify(&chain(5)[2..], 2, &chain(5)[1].hash), Ok(()), "a chain checks from any entry on");
    }

    #[test]
    fn an_edited_field_names_its_entry() {
        let mut entries = chain(5);
        entries[2].reason = "holds nothing".into();
        assert_eq!(verify(&entries, 0, GENESIS_HASH).unwrap_err().seq, 3);
        let mut entries = chain(5);
        entries[3].at_ms += 1;
        assert_eq!(verify(&entries, 0, GENESIS_HASH).unwrap_err().seq, 4);
    }

    #[test]
    fn a_rehashed_edit_breaks_the_next_link() {
        let mut entries = chain(5);
        entries[1].actor = "mallory".into();
        entries[1].hash = expected_hash(&entries[1]);
        let broken = verify(&entries, 0, GENESIS_HASH).unwrap_err();
        assert_eq!(broken.seq, 3, "{}", broken.why);
    }

    #[test]
    fn removed_and_inserted_entries_show() {
        let mut entries = chain(5);
        entries.remove(2);
        assert_eq!(verify(&entries, 0, GENESIS_HASH).unwrap_err().seq, 4);
    }

    #[test]
    fn fields_cannot_trade_bytes() {
        // Length prefixes: moving a character from one field to the next changes the hash.
        let a = Draft { target: "ab".into(), reason: "c".into(), ..sample() };
        let b = Draft { target: "a".into(), reason: "bc".into(), ..sample() };
        assert_ne!(entry_hash(1, &a, GENESIS_HASH), entry_hash(1, &b, GENESIS_HASH));
    }

    fn sample() -> Draft {
        Draft::new(1, "ada", "topic_tagged", String::new(), "", None::<&()>, None::<&()>)
    }
}
