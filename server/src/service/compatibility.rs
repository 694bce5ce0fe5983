//! Whether a proposed schema may be registered under a subject: a registry judges for
//! itself (asked with `verbose=true`; where it gives no reasons, as Karapace does,
//! Tributary's own check supplies them and the difference is recorded); for a schema
//! directory, Tributary's own check against the subject's latest schema judges.

use model::{CompatibilityVerdict, RegistrySnapshot, SchemaFormat, SchemaTree};
use serde_json::{json, Value};

use super::{ServiceError, Services};
use tributary_core::schema::compatibility::{self, Level};
use tributary_core::schema::imports::imported_names;
use tributary_core::schema::parse_proposal;

/// Recorded on the Schemas page once a registry answers "incompatible" without reasons.
const NO_REASONS_GIVEN: &str = "no reasons with incompatible verdicts (no `verbose` messages): Tributary adds its own";

/// A schema proposed for registration.
pub struct Proposal<'a> {
    pub format: SchemaFormat,
    pub schema: &'a str,
    /// The registration body as the registry takes it (schema, type, references).
    pub body: Value,
}

/// A verdict and who reached it: `registry` or `tributary`.
pub struct Judged {
    pub verdict: CompatibilityVerdict,
    pub checked_by: &'static str,
}

impl Services {
    /// Judges `proposal` against subject `subject` of schema source `source`.
    pub async fn check_compatibility(
        &self,
        source: &str,
        subject: &str,
        proposal: Proposal<'_>,
    ) -> Result<Judged, ServiceError> {
        if let Some(directory) = self.registries.directory(source) {
            let level = directory.compatibility;
            let verdict = self.own_verdict(source, subject, &proposal, level)?;
            return Ok(Judged { verdict, checked_by: "tributary" });
        }
        let client = self.registry_clients.get(source).ok_or_else(|| {
            ServiceError::not_found(format!("no schema registry is configured with the name `{source}`"))
        })?;
        let snapshot = self.registries.entry(source).and_then(|entry| entry.snapshot);
        let body = match &snapshot {
            Some(snapshot) => {
                with_default_references(proposal.body.clone(), proposal.format, proposal.schema, snapshot)
            }
            None => proposal.body.clone(),
        };
        let mut verdict = client.check_compatibility(subject, &body).await?;
        if !verdict.is_compatible && verdict.messages.is_empty() {
            self.registries.note_answers_differ(source, [NO_REASONS_GIVEN.to_owned()]);
            let level = self
                .registries
                .subject(source, subject)
                .and_then(|known| known.compatibility)
                .or_else(|| self.registries.entry(source)?.snapshot?.global_compatibility.clone())
                .and_then(|level| Level::parse(&level))
                .unwrap_or(Level::Backward);
            if let Ok(own) = self.own_verdict(source, subject, &proposal, level) {
                verdict.messages =
                    own.messages.into_iter().map(|reason| format!("{reason} (found by Tributary)")).collect();
            }
        }
        Ok(Judged { verdict, checked_by: "registry" })
    }

    /// Tributary's own verdict: the proposal (its imports and `$ref`s resolved against
    /// the source's other subjects) against the subject's latest schema.
    fn own_verdict(
        &self,
        source: &str,
        subject: &str,
        proposal: &Proposal<'_>,
        level: Level,
    ) -> Result<CompatibilityVerdict, ServiceError> {
        let entry = self.registries.entry(source).ok_or_else(|| {
            ServiceError::not_found(format!("no schema registry is configured with the name `{source}`"))
        })?;
        let snapshot = entry
            .snapshot
            .ok_or_else(|| ServiceError::not_found(format!("schema registry `{source}` has not been read yet")))?;
        let known = snapshot
            .subjects
            .iter()
            .find(|candidate| candidate.name == subject)
            .ok_or_else(|| ServiceError::not_found(format!("registry `{source}` has no subject `{subject}`")))?;
        let tree = match parse_proposal(&snapshot, subject, proposal.format, proposal.schema) {
            Ok(tree) => tree,
            Err(error) => {
                return Ok(CompatibilityVerdict {
                    is_compatible: false,
                    messages: vec![format!("the proposed schema is invalid: {error}")],
                })
            }
        };
        let existing: Vec<SchemaTree> =
            known.latest().and_then(|latest| latest.parsed.clone().ok()).into_iter().collect();
        let problems = compatibility::check(level, &tree, &existing);
        Ok(CompatibilityVerdict { is_compatible: problems.is_empty(), messages: problems })
    }
}

/// `body` with a reference for each name the schema imports that is a live subject of
/// the registry (its latest version), when `body` gives none: Confluent's serializers
/// register an import under a subject of its own name, and a registry cannot parse a
/// Protobuf import or a JSON Schema `$ref` without the reference.
fn with_default_references(mut body: Value, format: SchemaFormat, schema: &str, snapshot: &RegistrySnapshot) -> Value {
    let given = body.get("references").and_then(Value::as_array).is_some_and(|references| !references.is_empty());
    if given {
        return body;
    }
    let references: Vec<Value> = imported_names(format, schema)
        .into_iter()
        .filter_map(|name| {
            let subject = snapshot.subjects.iter().find(|subject| subject.name == name && !subject.deleted())?;
            let latest = subject.latest()?;
            Some(json!({"name": name, "subject": subject.name, "version": latest.version}))
        })
        .collect();
    if let (false, Some(object)) = (references.is_empty(), body.as_object_mut()) {
        object.insert("references".into(), Value::Array(references));
    }
    body
}
