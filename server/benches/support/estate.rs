//! The estate the compliance and report benches measure: 10,000 topics (by default) over
//! 10 clusters, each with a value subject of 10 fields (100,000 fields, names drawn so
//! that about a third of the topics hold personal data), 5,000 groups each reading two
//! topics, one in ten of them also writing a topic of its own that no schema describes
//! (so personal data read propagates into it, and on through a chain of such topics),
//! and five profiles using every rule.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use model::{
    merge_edges, observed_edges, ClusterSnapshot, ClusterState, ClusterStatus, CommittedOffset, ConsumerGroup,
    Direction, Evidence, Field, NamingStrategy, ObservedEdge, Partition, RegistrySnapshot, SchemaFormat, SchemaRole,
    SchemaTree, SeenEdge, Subject, SubjectVersion, Topic, TopicBinding, TopicConfig,
};
use tributary::config::{ClusterConfig, RegistryConfig};
use tributary_core::catalog::{ClusterCatalog, LineageIndex, RegistryCatalog};
use tributary_core::compliance::Profile;

use super::Random;

pub const CLUSTERS: usize = 10;
pub const FIELDS_PER_SCHEMA: usize = 10;
/// One group in this many writes a topic of its own.
const WRITER_EVERY: usize = 10;
const NAMES: &[&str] = &[
    "order_id",
    "amount_cents",
    "status",
    "created_at",
    "product_name",
    "quantity",
    "country_code",
    "service_type",
    "email",
    "notes",
    "phone_number",
    "order_ref",
    "sku",
    "warehouse",
    "price",
    "currency",
];

pub const PROFILES: &[(&str, &str)] = &[
    (
        "pii.toml",
        "[scope]\ncategories = [\"PII\"]\n[rules]\nmax_retention_days = 30\ncleanup_policy = \"delete\"\n\
         allowed_groups = [\"service-1\", \"service-2\"]\nforbid_public_read = true\nforbid_flow_outside = true\n",
    ),
    (
        "durable.toml",
        "[scope]\npatterns = ['^domain1']\n[rules]\nmin_insync_replicas = 2\nmin_replication_factor = 3\n",
    ),
    ("schemas.toml", "[rules]\nrequire_value_schema = true\ncompatibility = [\"BACKWARD\", \"FULL\"]\n"),
    ("owners.toml", "[scope]\ncategories = [\"PII\"]\nclusters = [\"c1\", \"c2\"]\n[rules]\nrequire_owner = true\n"),
    (
        "readers.toml",
        "[scope]\ntopics = [\"domain3.topic3\"]\n[rules]\nallowed_principals = []\nallowed_connectors = []\n",
    ),
];

/// The estate, built in memory as ingest would leave it.
pub struct Estate {
    pub clusters: Arc<ClusterCatalog>,
    pub registries: Arc<RegistryCatalog>,
    pub lineage: LineageIndex,
    /// The registry's snapshot, to change and record again.
    pub registry_snapshot: RegistrySnapshot,
    pub profiles: Vec<Profile>,
}

/// Builds the estate with `topics` topics; says its size and how long it took.
pub fn build(topics: usize) -> Estate {
    let groups = topics / 2;
    let started = Instant::now();
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let name = |i: usize| format!("domain{}.topic{i}", i % 97);
    // The writing groups of cluster `c`.
    let derived = |c: usize| (c..groups).step_by(CLUSTERS * WRITER_EVERY);
    let mut configured = Vec::new();
    let mut stored = BTreeMap::new();
    for c in 0..CLUSTERS {
        let alias = format!("c{c}");
        configured.push(ClusterConfig {
            alias: alias.clone(),
            bootstrap_servers: format!("127.0.0.1:{}", 9092 + c),
            properties: Default::default(),
        });
        let config = |name: &str, value: &str| TopicConfig {
            name: name.into(),
            value: Some(value.into()),
            source: "DynamicTopic".into(),
            sensitive: false,
        };
        let snapshot = ClusterSnapshot {
            topics: (c..topics)
                .step_by(CLUSTERS)
                .map(|i| Topic {
                    name: name(i),
                    internal: false,
                    partitions: vec![Partition {
                        id: 0,
                        leader: 1,
                        replicas: vec![1],
                        in_sync_replicas: vec![1],
                        high_watermark: Some(10),
                    }],
                    configs: vec![
                        config("retention.ms", if i % 3 == 0 { "-1" } else { "604800000" }),
                        config("cleanup.policy", "delete"),
                    ],
                })
                .chain(derived(c).map(|g| Topic {
                    name: format!("derived.{g}"),
                    internal: false,
                    partitions: vec![],
                    configs: vec![config("retention.ms", "604800000")],
                }))
                .collect(),
            groups: (c..groups)
                .step_by(CLUSTERS)
                .map(|g| ConsumerGroup {
                    group_id: format!("service-{g}"),
                    state: "Stable".into(),
                    protocol_type: "consumer".into(),
                    protocol: "range".into(),
                    members: vec![],
                    offsets: (0..2)
                        .map(|k| CommittedOffset {
                            topic: name(((g + k * 7919) % (topics / CLUSTERS)) * CLUSTERS + c),
                            partition: 0,
                            offset: 5,
                            lag: Some(5),
                        })
                        .collect(),
                })
                .collect(),
            ..ClusterSnapshot::default()
        };
        // A writing group writes its derived topic; every other one also reads the one
        // before it in its cluster, so marks travel along chains of applications.
        let edge = |group: usize, topic: String, direction: Direction, evidence: Evidence| SeenEdge {
            edge: ObservedEdge { group_id: format!("service-{group}"), topic, direction, evidence: vec![evidence] },
            first_seen_ms: 1,
            last_seen_ms: 1,
        };
        let writes = derived(c).map(|g| edge(g, format!("derived.{g}"), Direction::Writes, Evidence::Transaction));
        let chained = derived(c).skip(1).step_by(2).map(|g| {
            edge(g, format!("derived.{}", g - CLUSTERS * WRITER_EVERY), Direction::Reads, Evidence::CommittedOffsets)
        });
        let status = ClusterStatus::new(&alias, "127.0.0.1:9092");
        // Every group's reads, as ingest derives them from its committed offsets.
        let mut edges = Vec::new();
        merge_edges(&mut edges, observed_edges(&snapshot), 1);
        edges.extend(writes.chain(chained));
        stored.insert(alias, ClusterState { status, snapshot: Some(snapshot), edges });
    }
    let clusters = Arc::new(ClusterCatalog::new(&configured, stored, 1_000));
    let registry = RegistryConfig {
        name: "main".into(),
        url: "http://127.0.0.1:8081".into(),
        clusters: vec![],
        auth: None,
        mappings: vec![],
    };
    let registries = Arc::new(RegistryCatalog::new(&[registry], &[]));
    let snapshot = RegistrySnapshot {
        global_compatibility: Some("BACKWARD".into()),
        subjects: (0..topics)
            .map(|i| Subject {
                name: format!("{}-value", name(i)),
                compatibility: None,
                versions: vec![SubjectVersion {
                    version: 1,
                    id: i32::try_from(i).unwrap_or(i32::MAX),
                    format: SchemaFormat::Avro,
                    deleted: false,
                    // About the size of a 10-field Avro schema's text, which fingerprints hash.
                    schema: format!("{{\"type\": \"record\", \"name\": \"Record{i}\"}}{}", " ".repeat(600)),
                    references: vec![],
                    properties: Default::default(),
                    rules: Vec::new(),
                    parsed: Ok(SchemaTree {
                        format: SchemaFormat::Avro,
                        name: format!("io.shop.Record{i}"),
                        type_label: "record".into(),
                        doc: None,
                        tags: vec![],
                        fields: (0..FIELDS_PER_SCHEMA)
                            .map(|f| {
                                // Personal names only in the last field, for a third of the topics.
                                let pick = if f == FIELDS_PER_SCHEMA - 1 && i % 3 == 0 {
                                    NAMES[8 + random.below(3)]
                                } else {
                                    NAMES[random.below(8)]
                                };
                                Field::new(&format!("{pick}_{f}"), "", "string".into())
                            })
                            .collect(),
                        declared_topics: vec![],
                    }),
                }],
                topics: vec![TopicBinding {
                    topic: name(i),
                    role: SchemaRole::Value,
                    strategy: NamingStrategy::TopicName,
                }],
            })
            .collect(),
    };
    let registry_snapshot = snapshot.clone();
    registries.record("main", Ok(Some(snapshot)), 1);
    let lineage = LineageIndex::new(Arc::clone(&clusters), Arc::clone(&registries), vec![]);
    for c in 0..CLUSTERS {
        lineage.cluster_changed(&format!("c{c}"));
    }
    let profiles: Vec<Profile> =
        PROFILES.iter().map(|(file, text)| Profile::parse(file, text).expect("the bench's profiles parse")).collect();
    println!(
        "estate: {topics} topics, {} fields, {groups} groups, {} profiles; built in {:.1} s",
        topics * FIELDS_PER_SCHEMA,
        profiles.len(),
        started.elapsed().as_secs_f64()
    );
    Estate { clusters, registries, lineage, registry_snapshot, profiles }
}
