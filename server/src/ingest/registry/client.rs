//! A client for the Confluent Schema Registry REST API, as Confluent, Karapace,
//! Apicurio's compatibility API and Redpanda serve it. Converts its JSON into
//! Tributary's types here, at the edge.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use model::{CompatibilityVerdict, SchemaReference};
use reqwest::{RequestBuilder, StatusCode};
use serde::Deserialize;
use serde_json::Value;

use crate::config::{mask_url_credentials, RegistryAuth, RegistryConfig};
use crate::error::{Error, Result};

/// The media type the API documents for requests and answers.
const MEDIA_TYPE: &str = "application/vnd.schemaregistry.v1+json";
/// Confluent's code for "this subject has no compatibility level of its own".
const SUBJECT_LEVEL_NOT_CONFIGURED: u32 = 40408;
const SUBJECT_NOT_FOUND: u32 = 40401;
const INVALID_SCHEMA: u32 = 42201;

/// A compatibility check's answer, as the registry's REST API writes it.
#[derive(Deserialize)]
struct CompatibilityAnswer {
    is_compatible: bool,
    #[serde(default)]
    messages: Vec<String>,
}

/// One subject version as `GET /subjects/{s}/versions/{v}` returns it.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisteredVersion {
    pub subject: String,
    pub version: i32,
    pub id: i32,
    /// Absent means AVRO.
    #[serde(default)]
    pub schema_type: Option<String>,
    pub schema: String,
    #[serde(default)]
    pub references: Vec<ReferenceJson>,
    /// Data-contract metadata, such as `{"tags": {"**.ssn": ["PII"]}}`.
    #[serde(default)]
    pub metadata: Option<Value>,
    /// Data-contract rules: `{"domainRules": [...], "migrationRules": [...]}`.
    #[serde(default)]
    pub rule_set: Option<Value>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ReferenceJson {
    pub name: String,
    pub subject: String,
    pub version: i32,
}

impl From<&ReferenceJson> for SchemaReference {
    fn from(reference: &ReferenceJson) -> Self {
        SchemaReference { name: reference.name.clone(), subject: reference.subject.clone(), version: reference.version }
    }
}

#[derive(Deserialize)]
struct RegistryErrorJson {
    error_code: u32,
    message: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CompatibilityLevelJson {
    compatibility_level: String,
}

#[derive(Deserialize)]
struct IdUsage {
    subject: String,
    version: i32,
}

pub struct RegistryClient {
    name: String,
    base: String,
    auth: Option<RegistryAuth>,
    http: reqwest::Client,
    /// Requests sent so far, so a poll can keep within its budget.
    requests_sent: AtomicU64,
}

/// What a registry says of a schema id it does not have. Confluent documents 404 with
/// 40403; Karapace answers 200 with no usages. Both mean "no such id".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownIdAnswer {
    NotFound,
    EmptyList,
}

/// One schema id looked up by its usages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdUsages {
    /// The (subject, version) pairs registering it.
    Registered(Vec<(String, i32)>),
    Unknown(UnknownIdAnswer),
}

/// What a request came back with: a value, or the registry's own error code.
/// The registry's refusal to produce a version (hard-deleted meanwhile, or a dangling
/// reference), with its error code and message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{subject} version {version}: {message} ({code})")]
pub struct VersionRefused {
    pub subject: String,
    pub version: i32,
    pub code: u32,
    pub message: String,
}

enum Answer<T> {
    Ok(T),
    Registry { code: u32, message: String },
}

impl RegistryClient {
    pub fn new(config: &RegistryConfig, timeout: Duration) -> Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|error| Error::Registry { name: config.name.clone(), message: error.to_string() })?;
        Ok(RegistryClient {
            name: config.name.clone(),
            base: config.url.trim_end_matches('/').to_owned(),
            auth: config.auth.clone(),
            http,
            requests_sent: AtomicU64::new(0),
        })
    }

    /// Requests this client has sent since it was made.
    pub fn requests_sent(&self) -> u64 {
        self.requests_sent.load(Ordering::Relaxed)
    }

    /// An error naming this registry; its URL (which reqwest's messages repeat) is
    /// shown with any credentials masked.
    fn error(&self, message: impl Into<String>) -> Error {
        let message = message.into().replace(&self.base, &mask_url_credentials(&self.base));
        Error::Registry { name: self.name.clone(), message }
    }

    fn get(&self, path: &str) -> RequestBuilder {
        self.request(reqwest::Method::GET, path)
    }

    /// A request with the registry's media type and credentials.
    fn request(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        self.requests_sent.fetch_add(1, Ordering::Relaxed);
        let request =
            self.http.request(method, format!("{}{path}", self.base)).header(reqwest::header::ACCEPT, MEDIA_TYPE);
        match &self.auth {
            Some(RegistryAuth::Basic { username, password }) => request.basic_auth(username, Some(password)),
            Some(RegistryAuth::Bearer { token }) => request.bearer_auth(token),
            None => request,
        }
    }

    async fn fetch<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<Answer<T>> {
        let response = self.get(path).send().await.map_err(|error| self.error(describe(&error)))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|error| self.error(describe(&error)))?;
        if status.is_success() {
            return serde_json::from_slice(&body)
                .map(Answer::Ok)
                .map_err(|error| self.error(format!("unexpected answer to GET {path}: {error}")));
        }
        match serde_json::from_slice::<RegistryErrorJson>(&body) {
            Ok(error) => Ok(Answer::Registry { code: error.error_code, message: error.message }),
            Err(_) if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN => {
                Err(self.error(format!("GET {path}: {status}: check the registry credentials")))
            }
            Err(_) => Err(self.error(format!("GET {path}: {status}"))),
        }
    }

    async fn fetch_ok<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T> {
        match self.fetch(path).await? {
            Answer::Ok(value) => Ok(value),
            Answer::Registry { code, message } => Err(self.error(format!("GET {path}: {message} ({code})"))),
        }
    }

    /// Every subject, soft-deleted ones included.
    pub async fn subjects(&self, deleted: bool) -> Result<Vec<String>> {
        self.fetch_ok(&format!("/subjects?deleted={deleted}")).await
    }

    /// The version numbers of `subject`; empty if it no longer exists.
    pub async fn versions(&self, subject: &str, deleted: bool) -> Result<Vec<i32>> {
        match self.fetch(&format!("/subjects/{}/versions?deleted={deleted}", segment(subject))).await? {
            Answer::Ok(versions) => Ok(versions),
            Answer::Registry { code: SUBJECT_NOT_FOUND, .. } => Ok(Vec::new()),
            Answer::Registry { code, message } => Err(self.error(format!("versions of {subject}: {message} ({code})"))),
        }
    }

    /// One version, soft-deleted or not; [`VersionRefused`] inside when the registry
    /// has no such version (hard-deleted meanwhile, or a dangling reference).
    pub async fn version(&self, subject: &str, version: i32) -> Result<Result<RegisteredVersion, VersionRefused>> {
        match self.fetch(&format!("/subjects/{}/versions/{version}?deleted=true", segment(subject))).await? {
            Answer::Ok(found) => Ok(Ok(found)),
            Answer::Registry { code, message } => {
                Ok(Err(VersionRefused { subject: subject.to_owned(), version, code, message }))
            }
        }
    }

    /// The (subject, version) pairs registering schema `id`, or how the registry said
    /// it has no such id. An id every usage of which was deleted also lists none.
    pub async fn usages_of_id(&self, id: i32) -> Result<IdUsages> {
        match self.fetch::<Vec<IdUsage>>(&format!("/schemas/ids/{id}/versions")).await? {
            Answer::Ok(usages) if usages.is_empty() => Ok(IdUsages::Unknown(UnknownIdAnswer::EmptyList)),
            Answer::Ok(usages) => {
                Ok(IdUsages::Registered(usages.into_iter().map(|usage| (usage.subject, usage.version)).collect()))
            }
            Answer::Registry { .. } => Ok(IdUsages::Unknown(UnknownIdAnswer::NotFound)),
        }
    }

    /// The registry's own verdict on `proposed` (a registration body) against the
    /// subject's latest version, with its reasons (`verbose=true`).
    pub async fn check_compatibility(&self, subject: &str, proposed: &Value) -> Result<CompatibilityVerdict> {
        let path = format!("/compatibility/subjects/{}/versions/latest?verbose=true", segment(subject));
        let response = self
            .request(reqwest::Method::POST, &path)
            .header(reqwest::header::CONTENT_TYPE, MEDIA_TYPE)
            .body(proposed.to_string())
            .send()
            .await
            .map_err(|error| self.error(describe(&error)))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|error| self.error(describe(&error)))?;
        if status.is_success() {
            let answer: CompatibilityAnswer = serde_json::from_slice(&body)
                .map_err(|error| self.error(format!("unexpected answer to {path}: {error}")))?;
            return Ok(CompatibilityVerdict { is_compatible: answer.is_compatible, messages: answer.messages });
        }
        match serde_json::from_slice::<RegistryErrorJson>(&body) {
            // An invalid proposed schema is a verdict, not a failure of the registry.
            Ok(error) if error.error_code == INVALID_SCHEMA => {
                Ok(CompatibilityVerdict { is_compatible: false, messages: vec![error.message] })
            }
            Ok(error) if status.is_client_error() => Err(Error::RegistryRefused {
                name: self.name.clone(),
                status: status.as_u16(),
                message: format!("{} ({})", error.message, error.error_code),
            }),
            Ok(error) => Err(self.error(format!("{path}: {} ({})", error.message, error.error_code))),
            Err(_) => Err(self.error(format!("{path}: {status}"))),
        }
    }

    pub async fn global_compatibility(&self) -> Result<String> {
        Ok(self.fetch_ok::<CompatibilityLevelJson>("/config").await?.compatibility_level)
    }

    /// The subject's own level; `None` when it has none (the global level applies).
    pub async fn subject_compatibility(&self, subject: &str) -> Result<Option<String>> {
        match self.fetch::<CompatibilityLevelJson>(&format!("/config/{}", segment(subject))).await? {
            Answer::Ok(level) => Ok(Some(level.compatibility_level)),
            Answer::Registry { code: SUBJECT_LEVEL_NOT_CONFIGURED | SUBJECT_NOT_FOUND, .. } => Ok(None),
            Answer::Registry { code, message } => Err(self.error(format!("level of {subject}: {message} ({code})"))),
        }
    }
}

/// A subject name as one URL path segment (subjects may hold `/`, `:` or spaces).
fn segment(subject: &str) -> String {
    let mut out = String::with_capacity(subject.len());
    for byte in subject.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "no answer in time".into()
    } else if error.is_connect() {
        "cannot connect; is the registry running and reachable?".into()
    } else {
        error.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_names_are_escaped_as_one_path_segment() {
        assert_eq!(segment("shop.orders-value"), "shop.orders-value");
        assert_eq!(segment("a/b c:d"), "a%2Fb%20c%3Ad");
    }
}
