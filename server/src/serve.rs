//! `tributary serve`: the store, one poller per cluster, and the HTTP server.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use leptos::config::{Env, LeptosOptions};
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::access::claims::RoleMapping;
use crate::access::{exposed_without_accounts, AnonymousAccess};
use crate::config::{AnonymousSetting, Config, ConfigSource, ServerConfig};
use crate::drivers::cluster_poller::poll_cluster;
use crate::drivers::compliance_watcher::watch_compliance;
use crate::drivers::connect_poller::poll_connect;
use crate::drivers::estate_watcher::watch_estate;
use crate::drivers::record_sampler::sample_records;
use crate::drivers::schema_pollers::{poll_directory, poll_registry};
use crate::error::{Error, Result};
use crate::http::connections;
use crate::http::security::AllowedHosts;
use crate::http::tls::TlsListener;
use crate::http::{router, AppState};
use crate::openid::OpenIdProvider;
use crate::service::external_sign_in::ExternalSignIn;
use crate::service::Services;
use crate::store::Store;
use tributary_core::catalog::{ClusterCatalog, ConnectCatalog, RegistryCatalog};
use tributary_core::classification::RuleSet;

/// The name cargo-leptos gives the compiled assets (`pkg/tributary.js`, ...).
const SITE_OUTPUT_NAME: &str = "tributary";

/// `auth.anonymous`, as the access policy reads it.
fn anonymous_configured(config: &Config) -> Option<AnonymousAccess> {
    config.auth.anonymous.map(|setting| match setting {
        AnonymousSetting::None => AnonymousAccess::None,
        AnonymousSetting::Read => AnonymousAccess::Read,
    })
}

/// Sign-in through the configured OpenID Connect provider, if any.
fn external_sign_in(config: &Config) -> Result<Option<ExternalSignIn>> {
    let Some(oidc) = &config.auth.oidc else { return Ok(None) };
    let provider = OpenIdProvider::new(oidc)?;
    Ok(Some(ExternalSignIn { provider, roles: RoleMapping::new(&oidc.role_claim, &oidc.roles) }))
}

/// Binds the configured address, then [`serve`]s until `shutdown` completes.
pub async fn run(
    config: Config,
    source: ConfigSource,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let address = config.server.listen;
    // Checked before binding: an exposed address is never listened on, even briefly.
    if !address.ip().is_loopback() {
        let store = Store::open(&config.store.url).await?;
        // People signing in through a provider have accounts even before the first is made.
        let accounts_exist = store.count_accounts().await? > 0 || config.auth.oidc.is_some();
        store.close().await;
        if let Some(refusal) = exposed_without_accounts(address, anonymous_configured(&config), accounts_exist) {
            return Err(Error::UnsafeStart(refusal));
        }
    }
    let listener = TcpListener::bind(address).await.map_err(|source| Error::Listen { address, source })?;
    serve(config, source, listener, shutdown).await
}

/// Serves on `listener` until `shutdown` completes, then stops accepting requests,
/// lets requests in flight finish, stops the pollers and closes the store.
pub async fn serve(
    config: Config,
    source: ConfigSource,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let local_address = listener.local_addr().map_err(Error::Serving)?;
    // Read first: a certificate that cannot be used stops the start before anything runs.
    let tls = config.server.tls.as_ref().map(crate::http::tls::acceptor).transpose()?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let anonymous_configured = anonymous_configured(&config);
    let store = Store::open(&config.store.url).await?;
    let catalog =
        Arc::new(ClusterCatalog::new(&config.clusters, store.load_clusters().await?, config.ingest.lag_threshold));
    let registries = Arc::new(RegistryCatalog::new(&config.schema_registries, &config.schema_directories));
    let services = Services::restore(catalog, registries, store.clone(), &config.schema_registries)
        .await?
        .with_connect(Arc::new(ConnectCatalog::new(&config.connect_clusters)))
        // Checked at load: a configuration whose rules do not compile does not get here.
        .with_rules(RuleSet::configured(&config.classification).map_err(|error| {
            crate::config::ConfigError::Invalid {
                path: std::path::PathBuf::from(source.to_string()),
                key: "classification".into(),
                message: error.to_string(),
            }
        })?)
        .with_operator(config.audit.operator.as_deref().unwrap_or_default())
        .with_anonymous(anonymous_configured)
        .with_estate_sources(&config.estate_sources)
        .with_record_reading(
            config
                .clusters
                .iter()
                .filter(|cluster| config.ingest.read_records.contains(&cluster.alias))
                .cloned()
                .collect(),
        )
        .with_external_sign_in(external_sign_in(&config)?);
    let accounts_exist =
        services.refresh_accounts_exist().await.map_err(|error| Error::UnsafeStart(error.to_string()))?
            || config.auth.oidc.is_some();
    if let Some(refusal) = exposed_without_accounts(local_address, anonymous_configured, accounts_exist) {
        return Err(Error::UnsafeStart(refusal));
    }
    match services.anonymous_access() {
        AnonymousAccess::FirstRun => tracing::warn!(
            "no account exists yet: anyone who can reach {local_address} may read the catalog and nobody may \
             change it (first-run mode, loopback only); `tributary user add NAME --role admin` ends it"
        ),
        AnonymousAccess::Read => tracing::info!("callers who are not signed in may read the catalog"),
        AnonymousAccess::None => tracing::info!("every caller signs in or sends an API token"),
    }

    // Cancelled when shutdown begins: pollers stop and live feeds close, so that open
    // event streams do not hold the graceful shutdown forever.
    let stopping = CancellationToken::new();
    let mut pollers = JoinSet::new();
    for cluster in &config.clusters {
        pollers.spawn(poll_cluster(cluster.clone(), config.ingest.clone(), services.clone(), stopping.clone()));
    }
    for registry in &config.schema_registries {
        pollers.spawn(poll_registry(registry.clone(), config.ingest.clone(), services.clone(), stopping.clone()));
    }
    for directory in &config.schema_directories {
        pollers.spawn(poll_directory(directory.clone(), config.ingest.clone(), services.clone(), stopping.clone()));
    }
    for connect in &config.connect_clusters {
        pollers.spawn(poll_connect(connect.clone(), config.ingest.clone(), services.clone(), stopping.clone()));
    }
    pollers.spawn(watch_compliance(config.compliance.clone(), services.clone(), stopping.clone()));
    pollers.spawn(watch_estate(config.estate_sources.clone(), services.clone(), stopping.clone()));
    for cluster in config.clusters.iter().filter(|cluster| config.ingest.read_records.contains(&cluster.alias)) {
        pollers.spawn(sample_records(cluster.clone(), config.ingest.clone(), services.clone(), stopping.clone()));
    }

    let clusters = config
        .clusters
        .iter()
        .map(|cluster| format!("{} ({})", cluster.alias, cluster.bootstrap_servers))
        .collect::<Vec<_>>()
        .join(", ");
    tracing::info!(
        url = %format!("{scheme}://{local_address}"),
        store = store.display_url(),
        clusters = if clusters.is_empty() { "none configured" } else { clusters.as_str() },
        config = %source,
        "Tributary listening on {scheme}://{local_address}"
    );

    let state = AppState {
        leptos_options: leptos_options(&config.server, local_address),
        services,
        allowed_hosts: Arc::new(AllowedHosts::new(&config.server.allowed_hosts, local_address)),
        stopping: stopping.clone(),
        limits: Default::default(),
        served_over_tls: tls.is_some(),
    };
    let begin_shutdown = {
        let stopping = stopping.clone();
        async move {
            shutdown.await;
            tracing::info!("shutting down");
            stopping.cancel();
        }
    };
    // Each request carries its connection's address, for the rate limits.
    let app = router(state);
    match tls {
        Some(acceptor) => {
            let listener = TlsListener::new(listener, acceptor).map_err(Error::Serving)?;
            connections::serve(listener, app, begin_shutdown).await;
        }
        None => connections::serve(listener, app, begin_shutdown).await,
    }

    // Also when serving failed before any shutdown signal: the pollers must stop.
    stopping.cancel();
    while pollers.join_next().await.is_some() {}
    store.close().await;
    Ok(())
}

/// The Leptos options for serving the compiled site of `server` on `address`.
pub fn leptos_options(server: &ServerConfig, address: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(SITE_OUTPUT_NAME)
        .site_root(server.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(address)
        .env(Env::PROD)
        .build()
}
