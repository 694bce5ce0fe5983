//! `tributary audit verify`: the stored audit log checked from the command line, with a
//! progress line on stderr and an exit code CI and cron jobs can act on.

use std::io::Write;
use std::process::ExitCode;

use crate::config::Config;
use crate::service::audit::{verify_store_holding, ChainCheck};
use crate::store::Store;

/// The log is intact (and holds the expected head, when one was given).
pub const EXIT_INTACT: u8 = 0;
/// The log was edited: an entry breaks the chain, or the expected head is missing.
pub const EXIT_BROKEN: u8 = 1;
/// The log could not be checked (the store could not be opened or read).
pub const EXIT_UNCHECKED: u8 = 2;

/// Checks the log of the configured store; prints the verdict on stdout.
pub async fn verify(config: &Config, expect_head: Option<&str>) -> ExitCode {
    let store = match Store::open(&config.store.url).await {
        Ok(store) => store,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_UNCHECKED);
        }
    };
    let progress = |checked: i64| {
        eprint!("\rchecked {checked} entries");
        let _ = std::io::stderr().flush();
    };
    let checked = verify_store_holding(&store, expect_head, progress).await;
    eprintln!();
    store.close().await;
    let checked = match checked {
        Ok(checked) => checked,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_UNCHECKED);
        }
    };
    let (said, code) = judge(&checked, expect_head, store.display_url());
    println!("{said}");
    ExitCode::from(code)
}

/// The verdict in a sentence, and the exit code. A head kept earlier must still be in
/// the log: entries appended since are expected on a live system; the kept head missing
/// means entries up to it were cut off or replaced (even if re-hashed into a new chain).
fn judge(checked: &ChainCheck, expect_head: Option<&str>, store: &str) -> (String, u8) {
    let verdict = &checked.verdict;
    if let Some(broken) = &verdict.broken {
        return (
            format!(
                "audit log of {store} is BROKEN at entry {}: {} ({} entries before it are intact)",
                broken.seq, broken.why, verdict.entries
            ),
            EXIT_BROKEN,
        );
    }
    let head = verdict.head_hash.as_deref().unwrap_or("none (the log is empty)");
    let intact = format!("audit log of {store} is intact: {} entries, head hash {head}", verdict.entries);
    match (expect_head, checked.expected_head_at) {
        (None, _) => (intact, EXIT_INTACT),
        (Some(expected), Some(at)) => {
            let since = verdict.entries.saturating_sub(at);
            let appended = match since {
                0 => "nothing appended since".to_owned(),
                1 => "1 entry appended since".to_owned(),
                more => format!("{more} entries appended since"),
            };
            (format!("{intact}; the expected head {expected} is entry {at}, unchanged ({appended})"), EXIT_INTACT)
        }
        (Some(expected), None) => (
            format!(
                "audit log of {store}: {} entries are intact, but the expected head {expected} is not among them: \
                 entries were cut off or replaced",
                verdict.entries
            ),
            EXIT_BROKEN,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{AuditBreak, AuditVerdict};

    #[test]
    fn a_kept_head_must_still_be_in_the_log_which_may_have_grown() {
        let verdict = AuditVerdict { entries: 5, head_hash: Some("abc".into()), broken: None };
        let at = |expected_head_at| ChainCheck { verdict: verdict.clone(), expected_head_at };
        assert_eq!(judge(&at(None), None, "s").1, EXIT_INTACT);
        let (said, code) = judge(&at(Some(3)), Some("old"), "s");
        assert_eq!(code, EXIT_INTACT, "{said}");
        assert!(said.ends_with("the expected head old is entry 3, unchanged (2 entries appended since)"), "{said}");
        assert!(judge(&at(Some(5)), Some("abc"), "s").0.ends_with("(nothing appended since)"));
        let (said, code) = judge(&at(None), Some("def"), "s");
        assert_eq!(code, EXIT_BROKEN);
        assert!(said.contains("is not among them"), "{said}");
        let broken = ChainCheck {
            verdict: AuditVerdict { broken: Some(AuditBreak { seq: 2, why: "x".into() }), ..verdict.clone() },
            expected_head_at: None,
        };
        let (said, code) = judge(&broken, None, "s");
        assert_eq!(code, EXIT_BROKEN);
        assert!(said.contains("entry 2"), "{said}");
    }
}
