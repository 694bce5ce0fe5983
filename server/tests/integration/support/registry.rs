//! The schema registry test double, served over real HTTP on a free port of 127.0.0.1.

use tokio_util::sync::CancellationToken;

use tributary::registry_double::{serve_registry, Answers, Registry};

pub struct RegistryDouble {
    pub url: String,
    registry: Registry,
    stop: CancellationToken,
}

impl RegistryDouble {
    /// A double answering as Confluent's registry does.
    pub async fn start() -> Self {
        Self::answering(Answers::Confluent).await
    }

    /// A double answering as `answers` does where registries differ.
    pub async fn answering(answers: Answers) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the registry double");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let stop = CancellationToken::new();
        let stopped = stop.clone();
        let registry = Registry::answering(answers);
        let served = registry.clone();
        tokio::spawn(async move {
            let _ = serve_registry(listener, served, async move { stopped.cancelled().await }).await;
        });
        RegistryDouble { url, registry, stop }
    }

    /// Registers `schema` (Avro) under `subject`; answers its schema id. Panics with the
    /// double's answer if it refuses.
    pub async fn register(&self, subject: &str, schema: &str) -> i32 {
        let response = reqwest::Client::new()
            .post(format!("{}/subjects/{subject}/versions", self.url))
            .json(&serde_json::json!({"schema": schema}))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "{}", response.text().await.unwrap());
        let body: serde_json::Value = response.json().await.unwrap();
        i32::try_from(body["id"].as_i64().expect("an id")).expect("an id of 32 bits")
    }

    /// Requests the double has answered so far.
    pub fn requests_served(&self) -> u64 {
        self.registry.requests_served()
    }
}

impl Drop for RegistryDouble {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}
