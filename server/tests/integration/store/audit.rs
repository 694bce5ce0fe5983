//! The audit log's rows on every backend: concurrent appends form one chain.

use model::{Change, TopicTag};
use tributary_core::audit::AuditFilter;
use tributary_core::audit::{verify, GENESIS_HASH};

use super::{draft, stores};

/// Audited writes made at the same time each get their own place in one chain, on every
/// backend: no two entries share a `seq` or link to the same entry, and the chain
/// verifies. Hostile text reads back byte for byte, and a target filter takes `%` and
/// `_` literally.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audited_writes_at_the_same_time_form_one_chain_on_every_backend() {
    let dir = tempfile::tempdir().unwrap();
    for store in stores(&dir).await {
        let writers = (0..16).map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let target = if i == 0 { "grp_100%=cmd|' /C calc'!A0 <b>".to_owned() } else { format!("group-{i}") };
                let tag = TopicTag {
                    cluster: "prod".into(),
                    topic: target.clone(),
                    category: "PII".into(),
                    tagged: true,
                    reason: "r".into(),
                    decided_by: "ada".into(),
                    decided_at_ms: i,
                };
                let change = Change::TopicTagged {
                    topic: target.clone(),
                    category: "PII".into(),
                    tagged: true,
                    reason: "r".into(),
                    by: "ada".into(),
                };
                store.record_topic_tag(&tag, change, &draft("topic_tagged", &target)).await.unwrap();
            })
        });
        for writer in writers.collect::<Vec<_>>() {
            writer.await.unwrap();
        }
        let entries = store.list_audit(&AuditFilter::default(), 0, 100).await.unwrap();
        let seqs: Vec<i64> = entries.iter().map(|entry| entry.seq).collect();
        assert_eq!(seqs, (1..=16).collect::<Vec<_>>(), "{:?}", store.backend());
        assert_eq!(verify(&entries, 0, GENESIS_HASH), Ok(()), "{:?}", store.backend());
        let filter = AuditFilter { target: "100%=cmd".into(), ..AuditFilter::default() };
        let found = store.list_audit(&filter, 0, 100).await.unwrap();
        assert_eq!(found.len(), 1, "{:?}", store.backend());
        assert_eq!(found[0].target, "grp_100%=cmd|' /C calc'!A0 <b>");
        let wildcard = AuditFilter { target: "grp%".into(), ..AuditFilter::default() };
        assert!(store.list_audit(&wildcard, 0, 100).await.unwrap().is_empty(), "% is not a wildcard");
        assert_eq!(
            store.count_audit(&AuditFilter { target: "group-".into(), ..AuditFilter::default() }).await.unwrap(),
            15
        );
        store.close().await;
    }
}
