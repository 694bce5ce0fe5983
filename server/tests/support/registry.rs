//! The schema registry test double, served over real HTTP on a free port of 127.0.0.1.

use tokio_util::sync::CancellationToken;

pub struct RegistryDouble {
    pub url: String,
    stop: CancellationToken,
}

impl RegistryDouble {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the registry double");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let stop = CancellationToken::new();
        let stopped = stop.clone();
        tokio::spawn(async move {
            let _ = tributary::registry_double::serve(listener, async move { stopped.cancelled().await }).await;
        });
        RegistryDouble { url, stop }
    }
}

impl Drop for RegistryDouble {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}
