//! An erasure request answered: the plan for one person's data in the topics a profile
//! covers (core `compliance::erasure`), with evidence read from the records where the
//! configuration allows it, written as a content-hashed document and entered in the
//! audit log. The audit entry names the key by its SHA-256 only: the log is permanent,
//! and the key is itself personal data.

use std::sync::Arc;
use std::time::{Duration, Instant};

use model::{ErasureEvidence, ErasureHead, ErasureRecord, ErasureStep};
use sha2::{Digest, Sha256};

use super::{ServiceError, Services};
use crate::clock::now_ms;
use crate::config::ClusterConfig;
use crate::ingest::kafka::key_scan::scan_for_key;
use tributary_core::audit::Draft;
use tributary_core::compliance::erasure::{erasure_steps, BY_RECORD_KEY};
use tributary_core::report::document::JsonDocument;

/// The audit log's action for an erasure record made.
pub const ERASURE_RECORDED: &str = "erasure_recorded";
/// The longest key accepted, in characters (as the API's schema says).
const MAX_KEY_CHARS: usize = 1_024;
/// How long reading the records for evidence may take in all: the answer is sent whole,
/// within the handler's time limit.
const EVIDENCE_TIME: Duration = Duration::from_secs(20);

/// What the audit log keeps of an erasure record: enough to tell which document was
/// handed out, never the key itself.
#[derive(serde::Serialize)]
struct Recorded<'a> {
    profile: &'a str,
    entity: &'a str,
    key_sha256: &'a str,
    places: usize,
    content_hash: &'a str,
}

impl Services {
    /// These services reading records of `clusters` (`ingest.read_records`) for evidence.
    pub fn with_record_reading(mut self, clusters: Vec<ClusterConfig>) -> Self {
        self.record_reading = Arc::new(clusters);
        self
    }

    /// The erasure record for `key` under `profile`'s entity, asked by `asked_by`
    /// (described as `generated_by`); answers the record and its JSON document.
    pub async fn erasure_record(
        &self,
        profile: &str,
        key: &str,
        asked_by: &str,
        generated_by: String,
    ) -> Result<(ErasureRecord, String), ServiceError> {
        if key.is_empty() || key.chars().count() > MAX_KEY_CHARS {
            return Err(ServiceError::invalid(format!("`key` is 1 to {MAX_KEY_CHARS} characters")));
        }
        let (profiles, facts) = self.profiles_and_facts().await;
        let profile = profiles
            .into_iter()
            .find(|known| known.name == profile)
            .ok_or_else(|| ServiceError::not_found(format!("no profile in force is named `{profile}`")))?;
        // No entity definition is no such thing to answer from: a 404, like an unknown
        // profile (the request itself is well formed).
        let entity = profile.entity.clone().ok_or_else(|| {
            ServiceError::not_found(format!(
                "profile `{}` says nothing of who a key names: give it an [entity] section (name, key_topics, fields)",
                profile.name
            ))
        })?;
        let now = now_ms();
        let paths = |cluster: &str, topic: &str| self.value_paths(&facts, cluster, topic);
        let mut steps = erasure_steps(&profile, &entity, &facts, &paths, &self.sink_classes(), now);
        self.add_evidence(&mut steps, key).await;
        let head = ErasureHead {
            entity: entity.name.clone(),
            key: key.to_owned(),
            profile: profile.name.clone(),
            generated_at_ms: now,
            generated_by,
        };
        let mut document = JsonDocument::default();
        let mut json = document.member("head", &head);
        json.push_str(&document.member("steps", &steps));
        let (tail, content_hash) = document.finish_with_hash();
        json.push_str(&tail);
        let key_sha256: String = Sha256::digest(key.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect();
        let recorded = Recorded {
            profile: &profile.name,
            entity: &entity.name,
            key_sha256: &key_sha256,
            places: steps.len(),
            content_hash: &content_hash,
        };
        let target = format!("{} sha256:{key_sha256} ({})", entity.name, profile.name);
        let draft = Draft::new(now, asked_by, ERASURE_RECORDED, target, "", None::<&()>, Some(&recorded));
        self.store.append_audit(&draft).await?;
        Ok((ErasureRecord { head, steps, content_hash }, json))
    }

    /// The value field paths of every version of the subject describing `topic`'s values.
    fn value_paths(&self, facts: &[tributary_core::compliance::TopicFacts], cluster: &str, topic: &str) -> Vec<String> {
        let Some(schema) = facts
            .iter()
            .find(|known| known.cluster == cluster && known.topic == topic)
            .and_then(|known| known.value_schema.as_ref())
        else {
            return Vec::new();
        };
        let Some(subject) = self.registries.subject(&schema.source, &schema.subject) else { return Vec::new() };
        let mut paths: Vec<String> = subject
            .versions
            .iter()
            .filter_map(|version| version.parsed.as_ref().ok())
            .flat_map(|tree| tree.all_fields().into_iter().map(|field| field.path.clone()))
            .collect();
        paths.sort();
        paths.dedup();
        paths
    }

    /// Reads the records of each step keyed by the person, where the configuration
    /// allows, within [`EVIDENCE_TIME`] in all; says why not elsewhere.
    async fn add_evidence(&self, steps: &mut [ErasureStep], key: &str) {
        let deadline = Instant::now() + EVIDENCE_TIME;
        for step in steps.iter_mut() {
            if !matches!(step.evidence, ErasureEvidence::NotRead { .. })
                || step.action == model::ErasureAction::OutsideKafka
            {
                continue;
            }
            let Some(cluster) = self.record_reading.iter().find(|cluster| cluster.alias == step.cluster).cloned()
            else {
                step.evidence = ErasureEvidence::NotRead {
                    reason: format!("Tributary may not read cluster {}'s records (ingest.read_records)", step.cluster),
                };
                continue;
            };
            if step.identified_by != BY_RECORD_KEY {
                step.evidence = ErasureEvidence::NotRead {
                    reason: "the person is not named by the record key here; records are searched by key only"
                        .to_owned(),
                };
                continue;
            }
            let partitions = self
                .clusters
                .with_cluster(&step.cluster, |state| {
                    let topic = state.snapshot.as_ref()?.topics.iter().find(|topic| topic.name == step.name)?;
                    Some(topic.partitions.iter().map(|partition| partition.id).collect::<Vec<i32>>())
                })
                .flatten()
                .unwrap_or_default();
            let (topic, key) = (step.name.clone(), key.to_owned());
            let scanned =
                tokio::task::spawn_blocking(move || scan_for_key(&cluster, &topic, &partitions, &key, deadline)).await;
            step.evidence = scanned.unwrap_or_else(|error| ErasureEvidence::NotRead { reason: error.to_string() });
        }
    }
}
