//! One evaluation's findings set against the violations open before it: which open,
//! which resolve, which still hold. A violation is the same across evaluations while its
//! profile, rule, cluster, topic and target are.

use model::Violation;
use rustc_hash::FxHashSet;

use super::evaluate::Finding;

/// What an evaluation changes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// Findings with no open violation yet.
    pub opened: Vec<Finding>,
    /// Ids of open violations no finding holds any more.
    pub resolved: Vec<i64>,
    /// Open violations still found whose evidence now reads differently (a field now
    /// held only in an earlier version's records, say), with the new evidence.
    pub restated: Vec<(i64, String)>,
}

/// What makes a violation the same across evaluations: profile, rule, cluster, topic,
/// target.
type Key<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

fn key(finding: &Finding) -> Key<'_> {
    (finding.profile.as_str(), finding.rule, finding.cluster.as_str(), finding.topic.as_str(), finding.target.as_str())
}

/// Sets `findings` against `open` (the violations open now).
pub fn reconcile(open: &[Violation], findings: Vec<Finding>) -> Reconciled {
    let found: FxHashSet<Key> = findings.iter().map(key).collect();
    let resolved =
        open.iter().filter(|violation| !found.contains(&violation.key())).map(|violation| violation.id).collect();
    let mut evidence: rustc_hash::FxHashMap<Key, &str> = rustc_hash::FxHashMap::default();
    for finding in &findings {
        evidence.entry(key(finding)).or_insert(finding.evidence.as_str());
    }
    let restated = open
        .iter()
        .filter_map(|violation| {
            let now = evidence.get(&violation.key())?;
            (*now != violation.evidence).then(|| (violation.id, (*now).to_owned()))
        })
        .collect();
    let known: FxHashSet<Key> = open.iter().map(Violation::key).collect();
    let mut seen = FxHashSet::default();
    let opened = findings
        .iter()
        .filter(|finding| {
            let key = key(finding);
            !known.contains(&key) && seen.insert(key)
        })
        .cloned()
        .collect();
    Reconciled { opened, resolved, restated }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &'static str, topic: &str) -> Finding {
        Finding {
            profile: "p".into(),
            rule,
            cluster: "c".into(),
            topic: topic.into(),
            target: "retention.ms".into(),
            evidence: "forever".into(),
        }
    }

    fn violation(id: i64, rule: &str, topic: &str) -> Violation {
        Violation {
            id,
            profile: "p".into(),
            rule: rule.into(),
            cluster: "c".into(),
            topic: topic.into(),
            target: "retention.ms".into(),
            evidence: "forever".into(),
            first_seen_ms: 1,
            last_seen_ms: 1,
            resolved_at_ms: None,
        }
    }

    #[test]
    fn new_findings_open_gone_ones_resolve_and_held_ones_stay() {
        let open = [violation(1, "max_retention_days", "a"), violation(2, "max_retention_days", "b")];
        let findings = vec![
            finding("max_retention_days", "a"),
            finding("max_retention_days", "c"),
            finding("max_retention_days", "c"),
        ];
        let reconciled = reconcile(&open, findings);
        assert_eq!(reconciled.resolved, [2]);
        assert_eq!(reconciled.opened, [finding("max_retention_days", "c")], "opened once, held ones not again");
        assert!(reconciled.restated.is_empty());
    }

    #[test]
    fn a_violation_still_found_takes_its_new_evidence() {
        let open = [violation(1, "require_protection", "jobs")];
        let mut now = finding("require_protection", "jobs");
        now.evidence = "email holds PII (in version 1, clears by 2027-01-06 00:00:00 UTC)".into();
        let reconciled = reconcile(&open, vec![now.clone()]);
        assert_eq!((reconciled.opened.len(), reconciled.resolved.len()), (0, 0), "the same violation");
        assert_eq!(reconciled.restated, [(1, now.evidence)]);
    }
}
