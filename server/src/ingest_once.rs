//! `tributary ingest --once`: one full read of every configured cluster (or of one),
//! recorded in the store exactly as a poll of `tributary serve` would be, with progress
//! on stderr and a summary on stdout.

use std::sync::Arc;
use std::time::Instant;

use model::ClusterSummary;

use crate::config::{ClusterConfig, Config};
use crate::error::{Error, Result};
use crate::ingest::kafka::{ClusterReader, ReadProgress};
use crate::service::Services;
use crate::store::Store;
use tributary_core::catalog::{ClusterCatalog, RegistryCatalog};

/// Reads the clusters one after the other; returns whether every read succeeded.
pub async fn run(config: Config, only: Option<&str>) -> Result<bool> {
    let clusters: Vec<ClusterConfig> =
        config.clusters.iter().filter(|cluster| only.is_none_or(|alias| alias == cluster.alias)).cloned().collect();
    if let Some(alias) = only.filter(|_| clusters.is_empty()) {
        return Err(Error::UnknownCluster(alias.to_owned()));
    }
    if clusters.is_empty() {
        eprintln!("no cluster is configured: nothing to ingest");
        return Ok(true);
    }
    let store = Store::open(&config.store.url).await?;
    let catalog =
        Arc::new(ClusterCatalog::new(&config.clusters, store.load_clusters().await?, config.ingest.lag_threshold));
    let registries = Arc::new(RegistryCatalog::new(&[], &[]));
    let services = Services::restore(Arc::clone(&catalog), registries, store.clone(), &[]).await?;

    let mut all_succeeded = true;
    let mut summary = Vec::new();
    for cluster in clusters {
        let alias = cluster.alias.clone();
        eprintln!("{alias}: reading {}", cluster.bootstrap_servers);
        let started = Instant::now();
        let settings = config.ingest.clone();
        let progress_alias = alias.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            let reader = ClusterReader::new(&cluster, &settings)?;
            reader.read_blocking(&|step| report(&progress_alias, step, started))
        })
        .await
        .map_err(|join_error| Error::Internal { what: "reading the cluster", source: join_error })
        .and_then(|read| read);
        let seconds = started.elapsed().as_secs_f64();
        let failure = outcome.as_ref().err().map(|error| error.read_failure().shown().to_string());
        let changes = services.record_cluster_read(&alias, outcome).await;
        let line = match (failure, catalog.cluster(&alias).and_then(|state| state.snapshot)) {
            (None, Some(snapshot)) => {
                let totals = ClusterSummary::of(&snapshot);
                let partitions: i64 = totals.topics.iter().map(|topic| i64::from(topic.partitions)).sum();
                let lag: i64 = totals.groups.iter().filter_map(|group| group.total_lag).sum();
                format!(
                    "{alias}: ok in {seconds:.2} s: {} brokers, {} topics, {partitions} partitions, {} groups, total lag {lag}, {changes} changes recorded",
                    totals.brokers.len(),
                    totals.topics.len(),
                    totals.groups.len(),
                )
            }
            (failure, _) => {
                all_succeeded = false;
                format!("{alias}: FAILED after {seconds:.2} s: {}", failure.unwrap_or_else(|| "no data".into()))
            }
        };
        summary.push(line);
    }
    store.close().await;
    println!("{}", summary.join("\n"));
    Ok(all_succeeded)
}

/// One progress line per step; group offsets every tenth of the way.
fn report(alias: &str, step: ReadProgress, started: Instant) {
    let elapsed = started.elapsed().as_secs_f64();
    let message = match step {
        ReadProgress::Metadata { brokers, topics, partitions } => {
            format!("metadata: {brokers} brokers, {topics} topics, {partitions} partitions")
        }
        ReadProgress::Configs { topics } => format!("configs of {topics} topics"),
        ReadProgress::Watermarks { partitions } => format!("high watermarks of {partitions} partitions"),
        ReadProgress::Groups { groups } => format!("{groups} consumer groups"),
        ReadProgress::GroupOffsets { done, total } => {
            let every = (total / 10).max(1);
            if done != total && done % every != 0 {
                return;
            }
            format!("committed offsets: {done}/{total} groups")
        }
        ReadProgress::Acls { bindings: Some(count) } => format!("{count} ACLs"),
        ReadProgress::Acls { bindings: None } => "ACLs unavailable".to_owned(),
        ReadProgress::Writers { topics: Some(count) } => format!("{count} topics with active producers"),
        ReadProgress::Writers { topics: None } => "writers unavailable".to_owned(),
    };
    eprintln!("{alias}: [{elapsed:6.2} s] {message}");
}
