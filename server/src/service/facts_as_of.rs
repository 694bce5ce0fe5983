//! Every topic's compliance facts as they stood at a past moment, for reports "as of" a
//! date: the schema version in force then (from the registries' history), the stewards'
//! decisions, tags and masking marks made by then, and only the topics that existed then,
//! joined and propagated exactly as an evaluation does today.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use model::FieldDecision;

use super::{ServiceError, Services};
use tributary_core::catalog::as_of::{registry_as_of, topics_created_after, SCHEMA_HISTORY};
use tributary_core::catalog::{topic_facts, ClassificationCache, FactsOverTime, RegistryEntry};
use tributary_core::compliance::{add_lifespans, apply_topic_tags, propagate, TopicFacts};

/// The facts as of a moment, and the schema sources and decisions they were joined from
/// (a report's provenance classifies the same versions with the same decisions).
pub struct FactsAsOf {
    pub facts: Vec<TopicFacts>,
    pub sources: Vec<RegistryEntry>,
    pub decisions: Vec<FieldDecision>,
}

impl Services {
    /// Every topic's facts at `at_ms`, rebuilt from the history.
    pub async fn facts_as_of(&self, at_ms: i64) -> Result<FactsAsOf, ServiceError> {
        let mut sources = self.registries.entries();
        for source in &mut sources {
            let Some(snapshot) = &source.snapshot else { continue };
            let history = self.store.events_until(&source.name, &SCHEMA_HISTORY, i64::MAX).await?;
            source.snapshot = Some(Arc::new(registry_as_of(snapshot, &history, at_ms)));
        }
        let decisions: Vec<FieldDecision> = self.with_decisions(|decisions| {
            decisions.iter().filter(|decision| decision.decided_at_ms <= at_ms).cloned().collect()
        });
        // A cache of its own: these versions are not today's.
        let mut cache = ClassificationCache::default();
        // Records held then, by the dates as of then: today's samples say nothing of then.
        let mut facts = self.with_facts_over_time(at_ms, |over_time| {
            let no_samples = Default::default();
            let over_time = FactsOverTime { samples: &no_samples, ..over_time };
            topic_facts(&self.clusters, &sources, &self.lineage, &self.rules, &decisions, &mut cache, over_time)
        });
        let clusters: BTreeSet<String> = facts.iter().map(|topic| topic.cluster.clone()).collect();
        for cluster in clusters {
            let created = self.store.events_until(&cluster, &["topic_created"], i64::MAX).await?;
            let later = topics_created_after(&created, at_ms);
            facts.retain(|topic| topic.cluster != cluster || !later.contains(&topic.topic));
        }
        apply_topic_tags(&mut facts, &self.topic_tags_in_force_at(at_ms));
        let masking: HashSet<String> = self.masking_in_force_at(at_ms).into_iter().map(|mark| mark.node).collect();
        propagate(&mut facts, &masking);
        add_lifespans(&mut facts, &self.sink_classes());
        Ok(FactsAsOf { facts, sources, decisions })
    }
}
