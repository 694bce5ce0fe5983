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
}

/// Sets `findings` against `open` (the violations open now).
pub fn reconcile(open: &[Violation], findings: Vec<Finding>) -> Reconciled {
    let found: FxHashSet<(&str, &str, &str, &str, &str)> = findings
        .iter()
        .map(|finding| {
            (
                finding.profile.as_str(),
                finding.rule,
                finding.cluster.as_str(),
                finding.topic.as_str(),
                finding.target.as_str(),
            )
        })
        .collect();
    let resolved =
        open.iter().filter(|violation| !found.contains(&violation.key())).map(|violation| violation.id).collect();
    let known: FxHashSet<(&str, &str, &str, &str, &str)> = open.iter().map(Violation::key).collect();
    let mut seen = FxHashSet::default();
    let opened = findings
        .iter()
        .filter(|finding| {
            let key = (
                finding.profile.as_str(),
                finding.rule,
                finding.cluster.as_str(),
                finding.topic.as_str(),
                finding.target.as_str(),
            );
            !known.contains(&key) && seen.insert(key)
        })
        .cloned()
        .collect();
    Reconciled { opened, resolved }
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
    }
}
