//! Personal data propagated along lineage, as Apache Atlas propagates classifications:
//! a topic written by an application that reads personal data holds it too ("PII
//! upstream, through X, from topic Y"), hop after hop, until
//! - the topic's own value schema shows which fields it keeps (its own classification
//!   then stands, whatever is upstream), or
//! - the application is marked as masking by a steward (it removes or masks what it
//!   reads), which stops propagation through it.
//!
//! Recomputed from the facts at every evaluation, so marks follow the graph as it
//! changes; a steward's decision on a field is part of the topic's own classification
//! and is never overwritten by a propagated mark.

use std::collections::{BTreeSet, HashSet, VecDeque};

use rustc_hash::FxHashMap;

use super::facts::{Propagated, StoppedFlow, TopicFacts};

/// The most hops a mark travels; estates' lineage is shallower than this.
const MAX_HOPS: usize = 32;

/// Adds to each topic the personal data reaching it from upstream (`propagated`), and
/// to each origin the flows stopped at a masking application (`stopped`). `masking`
/// holds the node paths of applications marked as masking.
pub fn propagate(facts: &mut [TopicFacts], masking: &HashSet<String>) {
    for flow in facts.iter_mut().flat_map(|topic| topic.flows_into.iter_mut()) {
        flow.masked = masking.contains(&flow.through);
    }
    let targets = flow_targets(facts);
    let origins: Vec<usize> =
        (0..facts.len()).filter(|&at| !facts[at].categories.is_empty() && !facts[at].flows_into.is_empty()).collect();
    for origin in origins {
        // What reaches a topic from this origin, built on its first mark only: most
        // origins mark nothing.
        let mut mark: Option<(String, String, BTreeSet<String>, Vec<String>)> = None;
        let mut stopped: Vec<StoppedFlow> = Vec::new();
        let mut seen = HashSet::from([origin]);
        let mut pending = VecDeque::from([(origin, 0usize)]);
        while let Some((at, hops)) = pending.pop_front() {
            if hops == MAX_HOPS {
                continue;
            }
            for (flow_at, next) in targets[at].iter().enumerate() {
                let flow = &facts[at].flows_into[flow_at];
                if flow.masked {
                    let flow = StoppedFlow {
                        through: flow.through.clone(),
                        into_cluster: flow.cluster.clone(),
                        into_topic: flow.topic.clone(),
                    };
                    if !stopped.contains(&flow) {
                        stopped.push(flow);
                    }
                    continue;
                }
                let Some(next) = *next else { continue };
                // Its own schema says what it keeps: its own classification stands.
                if facts[next].value_schema.is_some() || !seen.insert(next) {
                    continue;
                }
                let through = flow.through.clone();
                let (origin_cluster, origin_topic, categories, fields) =
                    mark.get_or_insert_with(|| origin_mark(&facts[origin])).clone();
                facts[next].propagated.push(Propagated { origin_cluster, origin_topic, through, categories, fields });
                pending.push_back((next, hops + 1));
            }
        }
        for flow in stopped {
            if !facts[origin].stopped.contains(&flow) {
                facts[origin].stopped.push(flow);
            }
        }
    }
}

/// For each topic's flows, the position in `facts` of the topic each flows into (`None`:
/// a topic not among them), worked out before any mark is added.
fn flow_targets(facts: &[TopicFacts]) -> Vec<Vec<Option<usize>>> {
    let index: FxHashMap<(&str, &str), usize> =
        facts.iter().enumerate().map(|(at, topic)| ((topic.cluster.as_str(), topic.topic.as_str()), at)).collect();
    facts
        .iter()
        .map(|topic| {
            topic
                .flows_into
                .iter()
                .map(|flow| index.get(&(flow.cluster.as_str(), flow.topic.as_str())).copied())
                .collect()
        })
        .collect()
}

/// An origin's cluster, topic, categories and personal fields (`subject#path`, or the
/// whole topic when tagged by hand), as its marks carry them.
fn origin_mark(origin: &TopicFacts) -> (String, String, BTreeSet<String>, Vec<String>) {
    let by_hand = origin.hand_tags.iter().map(|tag| format!("the whole topic ({} tagged by hand)", tag.category));
    let fields =
        origin.personal_fields.iter().map(|field| format!("{}#{}", field.subject, field.path)).chain(by_hand).collect();
    (origin.cluster.clone(), origin.topic.clone(), origin.categories.clone(), fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::facts::{Flow, SchemaFacts};

    fn topic(name: &str, pii: bool, schema: bool, flows: &[(&str, &str)]) -> TopicFacts {
        TopicFacts {
            cluster: "prod".into(),
            topic: name.into(),
            categories: if pii { BTreeSet::from(["PII".to_owned()]) } else { BTreeSet::new() },
            personal_fields: if pii {
                vec![crate::compliance::PersonalField {
                    subject: format!("{name}-value"),
                    path: "email".into(),
                    categories: vec!["PII".into()],
                    protected_by: None,
                    held: None,
                }]
            } else {
                vec![]
            },
            value_schema: schema.then(SchemaFacts::default),
            flows_into: flows
                .iter()
                .map(|(through, to)| Flow {
                    cluster: "prod".into(),
                    topic: (*to).into(),
                    through: (*through).into(),
                    masked: false,
                    read_evidence: Default::default(),
                    write_evidence: Default::default(),
                })
                .collect(),
            ..TopicFacts::default()
        }
    }

    #[test]
    fn marks_travel_through_applications_until_a_schema_or_a_masking_application() {
        let mut facts = vec![
            topic("customers", true, true, &[("group:prod/enricher", "enriched"), ("group:prod/masker", "masked")]),
            topic("enriched", false, false, &[("group:prod/exporter", "exported")]),
            topic("exported", false, false, &[]),
            topic("masked", false, false, &[]),
            topic("described", false, true, &[]),
        ];
        facts[1].flows_into.push(Flow {
            cluster: "prod".into(),
            topic: "described".into(),
            through: "group:prod/exporter".into(),
            masked: false,
            read_evidence: Default::default(),
            write_evidence: Default::default(),
        });
        propagate(&mut facts, &HashSet::from(["group:prod/masker".to_owned()]));
        let marked: Vec<(&str, &str)> = facts
            .iter()
            .flat_map(|topic| topic.propagated.iter().map(move |mark| (topic.topic.as_str(), mark.through.as_str())))
            .collect();
        assert_eq!(marked, [("enriched", "group:prod/enricher"), ("exported", "group:prod/exporter")]);
        assert_eq!(facts[2].propagated[0].origin_topic, "customers", "the origin is kept across hops");
        assert_eq!(facts[2].propagated[0].fields, ["customers-value#email"]);
        assert_eq!(facts[0].stopped.len(), 1, "the masking application stopped one flow");
        assert!(facts[0].flows_into[1].masked, "and its flow is marked");
        assert!(facts[3].propagated.is_empty() && facts[4].propagated.is_empty());
    }

    #[test]
    fn cycles_end() {
        let mut facts = vec![
            topic("a", true, true, &[("group:prod/loop", "b")]),
            topic("b", false, false, &[("group:prod/loop", "c")]),
            topic("c", false, false, &[("group:prod/loop", "b")]),
        ];
        propagate(&mut facts, &HashSet::new());
        assert_eq!((facts[1].propagated.len(), facts[2].propagated.len()), (1, 1));
    }
}
