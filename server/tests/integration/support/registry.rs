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
