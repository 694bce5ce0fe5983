//! The use cases, one place each: every write (a cluster or schema read recorded,
//! lineage declared or removed, anything announced on the live feed) and every join
//! the pages, the API and the CLI share (a topic with its history, the lineage around a
//! node, a compatibility verdict). HTTP handlers, server functions, pollers and the CLI
//! call these and only translate between their own shapes and these.
//!
//! - [`history`]: changes appended to the history and announced, in that order.
//! - [`feed`]: the live feed of catalog events that pages and API clients follow.
//! - [`cluster_reads`]: a cluster read recorded (store, then catalog, then feed).
//! - [`schema_reads`]: a registry or directory read recorded.
//! - [`connect_reads`]: a Kafka Connect cluster read recorded; its connectors.
//! - [`stewardship`]: stewards' decisions on what fields hold.
//! - [`masking`]: stewards' marks on applications that mask the personal data they read.
//! - [`topic_tags`]: stewards' tags on whole topics ("holds PII").
//! - [`compliance`]: compliance profiles in force, evaluated after each change, and
//!   the violations they find.
//! - [`reports`]: compliance reports, built section by section as they are exported.
//! - [`held_versions`]: when schema versions were first seen, and samples of records:
//!   which earlier versions topics still hold.
//! - [`erasure`]: where one person's data would have to be erased, with evidence.
//! - [`facts_as_of`]: every topic's compliance facts at a past moment, from the history.
//! - [`profile_audit`]: profile files appearing, changing and going, in the audit log.
//! - [`declared_lineage`]: edges declared by hand or reported by OpenLineage.
//! - [`estate`]: topics, ACLs and services as code, and where each cluster drifts from it.
//! - [`estate_check`]: proposed estate files judged before they are merged.
//! - [`accounts`]: accounts, API tokens and browser sessions: who is asking.
//! - [`password_work`]: password hashing on a bounded pool, off the async workers.
//! - [`external_sign_in`]: signing in through an OpenID Connect provider.
//! - [`audit`]: the audit log's pages, batches for exports, and its chain checked.
//! - [`lineage_views`]: the lineage around a node, one parse for every caller.
//! - [`check`]: a proposed schema judged for compatibility, reach and profile rules.
//! - [`compatibility`]: whether a proposed schema may be registered, and why not.
//! - [`topics`]: a topic with its recent history and lag over time.
//! - [`principals`]: a principal with its ACLs, their use, and its place in the estate's code.
//! - [`overviews`]: every cluster and every schema source at a glance.
//! - [`catalog_reads`]: one cluster, every snapshot, the schema sources and subjects.
//! - [`error`]: what a use case can answer instead, mapped to statuses at each edge.

pub mod accounts;
pub mod audit;
pub mod catalog_reads;
pub mod check;
pub mod cluster_reads;
pub mod compatibility;
pub mod compliance;
pub mod connect_reads;
pub mod declared_lineage;
pub mod erasure;
pub mod error;
pub mod estate;
pub mod estate_check;
pub mod external_sign_in;
pub mod facts_as_of;
pub mod feed;
pub mod held_versions;
pub mod history;
pub mod lineage_views;
pub mod masking;
pub mod overviews;
pub mod password_work;
pub mod principals;
pub mod profile_audit;
pub mod reports;
pub mod schema_reads;
pub mod stewardship;
pub mod topic_tags;
pub mod topics;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::config::RegistryConfig;
use crate::ingest::registry::client::RegistryClient;
use crate::store::Store;
use feed::ChangeFeed;
use tributary_core::catalog::{ClusterCatalog, ConnectCatalog, LineageIndex, RegistryCatalog};
use tributary_core::classification::RuleSet;

/// How long a request made on a user's behalf (a compatibility check) may wait for a
/// registry.
const USER_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The audit log's actor for unsigned changes when the configuration names none.
pub const DEFAULT_OPERATOR: &str = "tributary operator";

pub use error::ServiceError;

/// Everything the use cases work on; cheap to clone (shared handles).
#[derive(Clone)]
pub struct Services {
    clusters: Arc<ClusterCatalog>,
    registries: Arc<RegistryCatalog>,
    connect: Arc<ConnectCatalog>,
    /// The classification rules in force (built in, plus the configuration's).
    rules: Arc<RuleSet>,
    /// Stewards' decisions, as stored.
    decisions: stewardship::DecisionBook,
    /// Compliance profiles and their open violations.
    compliance: compliance::ComplianceBook,
    /// Stewards' masking marks, as stored.
    masking: masking::MaskingBook,
    /// Stewards' tags on whole topics, as stored.
    topic_tags: topic_tags::TopicTagBook,
    /// The estate sources as read, and each cluster's drift from them.
    estate: estate::EstateBook,
    /// When schema versions were first seen, and samples of topics' records.
    held: held_versions::HeldBook,
    /// The clusters whose records may be read (`ingest.read_records`), for evidence.
    record_reading: Arc<Vec<crate::config::ClusterConfig>>,
    /// Bumped by catalog changes that are not announced on the feed (a schema source's
    /// new bindings, connectors' topics), so that compliance re-evaluates after them.
    catalog_revision: Arc<std::sync::atomic::AtomicU64>,
    lineage: Arc<LineageIndex>,
    store: Store,
    feed: ChangeFeed,
    /// A client per configured registry, for requests made on a user's behalf.
    registry_clients: Arc<BTreeMap<String, RegistryClient>>,
    /// Who the audit log names for changes no person signs (declared lineage, profile
    /// reloads): the operator's configured name, never empty.
    operator: Arc<str>,
    /// Whether any account exists (none: the first-run mode), kept in step by
    /// [`Services::add_account`] and read again at start.
    accounts_exist: Arc<std::sync::atomic::AtomicBool>,
    /// `auth.anonymous` as configured.
    anonymous_configured: Option<crate::access::AnonymousAccess>,
    /// Sign-in through an OpenID Connect provider, when configured.
    external_sign_in: Option<Arc<external_sign_in::ExternalSignIn>>,
    /// Where passwords are hashed and checked: never on an async worker.
    password_work: password_work::PasswordWork,
    /// Bumped when a session ends or a token is revoked, so that live streams opened
    /// with them end at once.
    credentials_changed: Arc<tokio::sync::watch::Sender<u64>>,
}

impl Services {
    /// Services over `clusters` and `registries` as restored from `store`, with the
    /// lineage graph built from them and the stored declared edges.
    pub async fn restore(
        clusters: Arc<ClusterCatalog>,
        registries: Arc<RegistryCatalog>,
        store: Store,
        registry_configs: &[RegistryConfig],
    ) -> crate::Result<Self> {
        let declared = store.list_declared_edges().await?.iter().filter_map(crate::store::StoredEdge::edge).collect();
        let decisions = store.list_decisions().await?;
        let lineage = Arc::new(LineageIndex::new(Arc::clone(&clusters), Arc::clone(&registries), declared));
        let services = Services::assemble(clusters, registries, lineage, store, registry_configs)?;
        *services.decisions.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = decisions;
        let masking = services.store.list_masking().await?;
        *services.masking.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = masking;
        let topic_tags = services.store.list_topic_tags().await?;
        *services.topic_tags.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = topic_tags;
        services.restore_compliance().await?;
        services.restore_sightings().await?;
        services.accounts_exist.store(services.store.count_accounts().await? > 0, std::sync::atomic::Ordering::Release);
        Ok(services)
    }

    /// These services with `connect` as the Connect clusters' catalog.
    pub fn with_connect(mut self, connect: Arc<ConnectCatalog>) -> Self {
        self.connect = connect;
        self
    }

    /// These services naming `operator` in the audit log for changes no person signs
    /// (a blank name keeps the default).
    pub fn with_operator(mut self, operator: &str) -> Self {
        if !operator.trim().is_empty() {
            self.operator = Arc::from(operator.trim());
        }
        self
    }

    /// These services giving callers who are not signed in what `auth.anonymous` says.
    pub fn with_anonymous(mut self, configured: Option<crate::access::AnonymousAccess>) -> Self {
        self.anonymous_configured = configured;
        self
    }

    /// Who the audit log names for changes no person signs.
    /// Closes the store's connections: the last step of a command-line run.
    pub async fn close(&self) {
        self.store.close().await;
    }

    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// These services classifying fields with `rules`.
    pub fn with_rules(mut self, rules: RuleSet) -> Self {
        self.rules = Arc::new(rules);
        self
    }

    /// Services over parts already built (a lineage graph made in memory, say).
    pub fn assemble(
        clusters: Arc<ClusterCatalog>,
        registries: Arc<RegistryCatalog>,
        lineage: Arc<LineageIndex>,
        store: Store,
        registry_configs: &[RegistryConfig],
    ) -> crate::Result<Self> {
        let mut registry_clients = BTreeMap::new();
        for config in registry_configs {
            registry_clients.insert(config.name.clone(), RegistryClient::new(config, USER_REQUEST_TIMEOUT)?);
        }
        Ok(Services {
            clusters,
            registries,
            connect: Arc::new(ConnectCatalog::new(&[])),
            rules: Arc::new(RuleSet::builtin()),
            decisions: Default::default(),
            compliance: Default::default(),
            masking: Default::default(),
            topic_tags: Default::default(),
            estate: Default::default(),
            held: Default::default(),
            record_reading: Default::default(),
            catalog_revision: Default::default(),
            lineage,
            store,
            feed: ChangeFeed::new(),
            registry_clients: Arc::new(registry_clients),
            operator: Arc::from(DEFAULT_OPERATOR),
            accounts_exist: Default::default(),
            anonymous_configured: None,
            external_sign_in: None,
            password_work: Default::default(),
            credentials_changed: Arc::new(tokio::sync::watch::Sender::new(0)),
        })
    }
}
