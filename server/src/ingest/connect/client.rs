//! Connect's REST API: `GET /connectors?expand=info&expand=status` for every connector
//! with its configuration, type, state, tasks and workers in one request, and
//! `GET /connectors/{name}/topics` (Connect 2.5+, KIP-558) for the topics each uses.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use model::{ConnectSnapshot, ConnectTask, Connector, ConnectorKind, ConnectorSetting};
use serde::Deserialize;

use super::secrets::keepable;
use crate::config::{mask_url_credentials, ConnectClusterConfig, RegistryAuth};
use crate::error::{Error, Result};

/// How long a connector's topics are taken as known: the list grows only as its tasks
/// use new topics, so it is asked again this often, or at once when the connector is
/// new, changes state or has used no topic yet.
const TOPICS_REFRESH: Duration = Duration::from_secs(60);

/// A Connect cluster's REST API.
pub struct ConnectClient {
    name: String,
    base: String,
    http: reqwest::Client,
    auth: Option<RegistryAuth>,
    /// Per connector: its state and topics when last asked, and when.
    known_topics: HashMap<String, (String, Option<Vec<String>>, Instant)>,
}

#[derive(Deserialize)]
struct Expanded {
    info: Option<Info>,
    status: Option<Status>,
}

#[derive(Deserialize)]
struct Info {
    #[serde(default)]
    config: BTreeMap<String, String>,
    #[serde(rename = "type", default)]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct Status {
    connector: ConnectorState,
    #[serde(default)]
    tasks: Vec<TaskState>,
    #[serde(rename = "type", default)]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct ConnectorState {
    state: String,
    #[serde(default)]
    worker_id: String,
}

#[derive(Deserialize)]
struct TaskState {
    id: i32,
    state: String,
    #[serde(default)]
    worker_id: String,
}

#[derive(Deserialize)]
struct ActiveTopics {
    #[serde(default)]
    topics: Vec<String>,
}

impl ConnectClient {
    pub fn new(config: &ConnectClusterConfig, timeout: Duration) -> Result<Self> {
        let http = reqwest::Client::builder().timeout(timeout).build().map_err(|error| Error::Connect {
            name: config.name.clone(),
            message: format!("cannot create an HTTP client: {error}"),
        })?;
        Ok(ConnectClient {
            name: config.name.clone(),
            base: config.url.trim_end_matches('/').to_owned(),
            http,
            auth: config.auth.clone(),
            known_topics: HashMap::new(),
        })
    }

    /// Every connector with its topics: one request for all connectors, and one per
    /// connector whose topics are due (see [`TOPICS_REFRESH`]).
    pub async fn read(&mut self) -> Result<ConnectSnapshot> {
        let listed: HashMap<String, Expanded> = self.get("/connectors?expand=info&expand=status").await?;
        self.known_topics.retain(|name, _| listed.contains_key(name));
        let mut connectors = Vec::with_capacity(listed.len());
        for (name, expanded) in listed {
            let state = expanded.status.as_ref().map(|status| status.connector.state.clone()).unwrap_or_default();
            let known = self.known_topics.get(&name).filter(|(known_state, topics, read_at)| {
                *known_state == state
                    && topics.as_ref().is_none_or(|topics| !topics.is_empty())
                    && read_at.elapsed() < TOPICS_REFRESH
            });
            let topics = match known {
                Some((_, topics, _)) => topics.clone(),
                None => {
                    let topics = self.topics_of(&name).await?;
                    self.known_topics.insert(name.clone(), (state, topics.clone(), Instant::now()));
                    topics
                }
            };
            connectors.push(connector(name, expanded, topics));
        }
        connectors.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(ConnectSnapshot { connectors })
    }

    /// The topics `name` has used; `None` when the worker lacks the endpoint.
    async fn topics_of(&self, name: &str) -> Result<Option<Vec<String>>> {
        let path = format!("/connectors/{}/topics", model::links::encode(name));
        let response = self.send(&path).await?;
        if matches!(response.status().as_u16(), 404 | 405) {
            return Ok(None);
        }
        let answer: HashMap<String, ActiveTopics> = self.decode(&path, response).await?;
        let mut topics: Vec<String> = answer.into_values().flat_map(|active| active.topics).collect();
        topics.sort();
        topics.dedup();
        Ok(Some(topics))
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T> {
        let response = self.send(path).await?;
        self.decode(path, response).await
    }

    async fn send(&self, path: &str) -> Result<reqwest::Response> {
        let mut request = self.http.get(format!("{}{path}", self.base));
        request = match &self.auth {
            Some(RegistryAuth::Basic { username, password }) => request.basic_auth(username, Some(password)),
            Some(RegistryAuth::Bearer { token }) => request.bearer_auth(token),
            None => request,
        };
        request.send().await.map_err(|error| {
            self.error(format!("cannot reach {}: {}", mask_url_credentials(&self.base), without_url(&error)))
        })
    }

    async fn decode<T: serde::de::DeserializeOwned>(&self, path: &str, response: reqwest::Response) -> Result<T> {
        let status = response.status();
        if !status.is_success() {
            return Err(self.error(format!("GET {path} answered {status}")));
        }
        response
            .json()
            .await
            .map_err(|error| self.error(format!("GET {path}: not the answer Connect gives ({})", without_url(&error))))
    }

    fn error(&self, message: String) -> Error {
        Error::Connect { name: self.name.clone(), message }
    }
}

/// reqwest's error text without the URL it names (which may carry credentials).
fn without_url(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(url.as_str(), "the Connect REST API");
    }
    text
}

fn connector(name: String, expanded: Expanded, topics: Option<Vec<String>>) -> Connector {
    let info = expanded.info;
    let status = expanded.status;
    let kind_name =
        info.as_ref().and_then(|info| info.kind.clone()).or_else(|| status.as_ref().and_then(|s| s.kind.clone()));
    let config = info.map(|info| info.config).unwrap_or_default();
    let class = config.get("connector.class").cloned().unwrap_or_default();
    let (state, worker_id, tasks) = match status {
        Some(status) => (
            status.connector.state,
            status.connector.worker_id,
            status
                .tasks
                .into_iter()
                .map(|task| ConnectTask { id: task.id, state: task.state, worker_id: task.worker_id })
                .collect(),
        ),
        None => ("UNKNOWN".to_owned(), String::new(), Vec::new()),
    };
    Connector {
        name,
        kind: kind_name.as_deref().map_or(ConnectorKind::Unknown, ConnectorKind::parse),
        class,
        state,
        worker_id,
        tasks,
        topics,
        config: config
            .into_iter()
            .map(|(key, value)| ConnectorSetting { value: keepable(&key, &value), key })
            .collect(),
    }
}
