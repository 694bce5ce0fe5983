//! The guardrail rules over the estate's code (`no_undeclared_topics`,
//! `max_drift_hours`, `only_declared_readers`), judged from a topic's estate facts.

use super::{Profile, TopicFacts};

/// One hour, for `max_drift_hours`.
const HOUR_MS: i64 = 3_600_000;

/// The guardrails over the estate's code: declared, drift fixed in time, declared readers.
pub(super) fn check_estate(profile: &Profile, topic: &TopicFacts, found: &mut impl FnMut(&'static str, &str, String)) {
    let rules = &profile.rules;
    let asked = rules.no_undeclared_topics || rules.max_drift_hours.is_some() || rules.only_declared_readers;
    if !asked {
        return;
    }
    let Some(estate) = &topic.estate else {
        // Refused is not empty: a guardrail nothing can judge says so.
        found(
            "estate",
            "estate",
            "no estate source describes this cluster: the estate rules cannot be judged here".into(),
        );
        return;
    };
    if rules.no_undeclared_topics && !estate.declared {
        found("no_undeclared_topics", "topic", "the topic is on the cluster but no estate file declares it".into());
    }
    if let Some(hours) = rules.max_drift_hours {
        for (finding, age_ms) in estate.drift.iter().filter(|(_, age_ms)| *age_ms > i64::from(hours) * HOUR_MS) {
            let says = |side: &Option<String>| side.clone().unwrap_or_else(|| "nothing".into());
            found(
                "max_drift_hours",
                &format!("{}: {}", finding.kind.key(), finding.item),
                format!(
                    "{} for {} hours (the code says {}, the cluster {})",
                    finding.kind.title(),
                    age_ms / HOUR_MS,
                    says(&finding.declared),
                    says(&finding.live)
                ),
            );
        }
    }
    if rules.only_declared_readers {
        for reader in &estate.undeclared_readers {
            found(
                "only_declared_readers",
                reader,
                format!("principal {reader} reads it and the estate's code declares no such principal"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::evaluate;

    fn profile(text: &str) -> Profile {
        Profile::parse("p.toml", text).unwrap()
    }

    fn topic(name: &str) -> TopicFacts {
        TopicFacts { cluster: "prod".into(), topic: name.into(), ..TopicFacts::default() }
    }

    fn rules_broken(findings: &[crate::compliance::Finding]) -> Vec<(&str, &str)> {
        findings.iter().map(|finding| (finding.rule, finding.target.as_str())).collect()
    }

    #[test]
    fn estate_guardrails_judge_the_code_and_say_when_they_cannot() {
        use crate::compliance::facts::EstateFacts;
        use model::{DriftFinding, DriftKind};
        let guardrails =
            profile("[rules]\nno_undeclared_topics = true\nmax_drift_hours = 24\nonly_declared_readers = true\n");
        let drifted = |item: &str, age_ms: i64| {
            let finding = DriftFinding {
                kind: DriftKind::ConfigDiffers,
                topic: Some("orders".into()),
                principal: None,
                item: item.into(),
                declared: Some("604800000".into()),
                live: Some("86400000".into()),
                at: None,
                since_ms: 0,
            };
            (finding, age_ms)
        };
        let mut orders = topic("orders");
        orders.estate = Some(EstateFacts {
            declared: false,
            drift: vec![drifted("retention.ms", 25 * HOUR_MS), drifted("segment.bytes", HOUR_MS)],
            undeclared_readers: vec!["User:shadow".into()],
        });
        let mut declared = topic("declared");
        declared.estate = Some(EstateFacts { declared: true, ..Default::default() });
        let elsewhere = topic("elsewhere");
        let findings = evaluate(&[guardrails], &[orders, declared, elsewhere]);
        assert_eq!(
            rules_broken(&findings),
            [
                ("no_undeclared_topics", "topic"),
                ("max_drift_hours", "config_differs: retention.ms"),
                ("only_declared_readers", "User:shadow"),
                ("estate", "estate"),
            ]
        );
        assert!(findings[1].evidence.contains("for 25 hours"), "{}", findings[1].evidence);
        assert_eq!(findings[3].topic, "elsewhere");
    }
}
