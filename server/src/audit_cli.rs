//! `tributary audit verify`: the stored audit log checked from the command line, with a
//! progress line on stderr and an exit code CI and cron jobs can act on.

use std::io::Write;
use std::process::ExitCode;

use app::model::AuditVerdict;

use crate::config::Config;
use crate::service::audit::verify_store;
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
    let verdict = verify_store(&store, progress).await;
    eprintln!();
    store.close().await;
    let verdict = match verdict {
        Ok(verdict) => verdict,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_UNCHECKED);
        }
    };
    let (said, code) = judge(&verdict, expect_head, store.display_url());
    println!("{said}");
    ExitCode::from(code)
}

/// The verdict in a sentence, and the exit code.
fn judge(verdict: &AuditVerdict, expect_head: Option<&str>, store: &str) -> (String, u8) {
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
    if let Some(expected) = expect_head {
        if verdict.head_hash.as_deref() != Some(expected) {
            return (
                format!(
                    "audit log of {store}: {} entries are intact, but its head is {head}, not the expected {expected}: \
                     entries were cut off or replaced",
                    verdict.entries
                ),
                EXIT_BROKEN,
            );
        }
    }
    (format!("audit log of {store} is intact: {} entries, head hash {head}", verdict.entries), EXIT_INTACT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::AuditBreak;

    #[test]
    fn a_missing_head_is_a_break_even_when_the_chain_holds() {
        let verdict = AuditVerdict { entries: 3, head_hash: Some("abc".into()), broken: None };
        assert_eq!(judge(&verdict, Some("abc"), "s").1, EXIT_INTACT);
        assert_eq!(judge(&verdict, None, "s").1, EXIT_INTACT);
        assert_eq!(judge(&verdict, Some("def"), "s").1, EXIT_BROKEN);
        let broken = AuditVerdict { broken: Some(AuditBreak { seq: 2, why: "x".into() }), ..verdict };
        let (said, code) = judge(&broken, None, "s");
        assert_eq!(code, EXIT_BROKEN);
        assert!(said.contains("entry 2"), "{said}");
    }
}
