//! The demo estate for tests: a real broker with the demo topics and groups that
//! consume and commit, the registry double with the demo schemas, and the real server
//! reading both (cluster `local`, registry `main`).

use tributary::config::RegistryConfig;
use tributary::demo::schemas;
use tributary::demo::traffic::{create_topics, Traffic};

use super::broker::Broker;
use super::registry::RegistryDouble;
use super::server::{config, TestServer};

/// Everything the demo needs; dropping a part stops it, so bind every field (as
/// `_broker`, not `_` or `..`, which would drop it at once).
pub struct DemoEstate {
    pub server: TestServer,
    pub traffic: Traffic,
    pub registry: RegistryDouble,
    pub broker: Broker,
    pub store: tempfile::TempDir,
}

impl DemoEstate {
    pub async fn start() -> Self {
        let broker = Broker::start();
        create_topics(&broker.bootstrap_servers()).await.unwrap();
        let bootstrap = broker.bootstrap_servers();
        let traffic = tokio::task::spawn_blocking(move || Traffic::start(&bootstrap)).await.unwrap().unwrap();
        let registry = RegistryDouble::start().await;
        schemas::register(&registry.url).await.unwrap();
        let store = tempfile::tempdir().unwrap();
        let mut settings =
            config(&format!("sqlite://{}/c.db", store.path().display()), &[("local", broker.bootstrap_servers())]);
        settings.schema_registries = vec![RegistryConfig {
            name: "main".into(),
            url: registry.url.clone(),
            clusters: vec!["local".into()],
            auth: None,
            mappings: vec![],
        }];
        let server = TestServer::start(settings).await;
        DemoEstate { server, traffic, registry, broker, store }
    }
}
