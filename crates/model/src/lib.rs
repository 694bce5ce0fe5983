//! Data shared by the server and the browser: serde types, no Leptos and no I/O.
//!
//! The innermost layer: every other crate of the workspace may import it, and it
//! imports none of them. With the `openapi` feature its API types derive utoipa's
//! `ToSchema` (the server's OpenAPI document); the browser build leaves that out.
//!
//! - [`cluster`]: what was read from one Kafka cluster: brokers, topics with partitions
//!   and configs, consumer groups with members, committed offsets and lag.
//! - [`acls`]: a cluster's ACLs (Kafka's; Tributary's own access control is the server's).
//! - [`account`]: Tributary's own accounts and API tokens, as the API shows them.
//! - [`audit`]: the audit log of changes made through Tributary, hash-chained.
//! - [`permissions`]: the read/write permissions per principal that the ACLs imply.
//! - [`application`]: what each consumer group is (Streams app, Connect sink, ...) and
//!   the application→topic edges with their evidence.
//! - [`connect`]: Kafka Connect clusters: connectors, their tasks and topics.
//! - [`classification`]: which fields hold personal or sensitive data, and why.
//! - [`compliance`]: compliance profiles, the topics they cover, and their violations.
//! - [`report`]: a compliance report's sections, for auditors.
//! - [`persistence`]: how long a topic's records can persist, as Kafka applies its configs.
//! - [`held_versions`]: earlier schema versions whose records a topic may still hold.
//! - [`lifespan`]: how long a topic's personal data can persist anywhere it flows.
//! - [`erasure`]: where one person's data would have to be erased, and the evidence.
//! - [`personal_data`]: where personal data lives and flows, and who reads it.
//! - [`check`]: what `tributary check` answers for a proposed schema.
//! - [`estate`]: topics, ACLs and services as the team's code declares them, and drift.
//! - [`change`]: catalog events: what changed on a cluster, with before and after.
//! - [`schema`]: schemas as field trees (Avro, Protobuf, JSON Schema) with their tags.
//! - [`schema_diff`]: what changed between two versions of a schema, field by field.
//! - [`text_diff`]: two versions of a schema's text side by side, line by line.
//! - [`subject`]: registry subjects with their versions and the topics they describe.
//! - [`freshness`]: when a cluster was last read, and whether that read is current.
//! - [`overview`]: the cluster overview page's data: statuses and snapshot summaries.
//! - [`lineage`]: a lineage answer: nodes with their distance and the edges between them.
//! - [`group_detail`]: one consumer group in full: kind, members, offsets with lag.
//! - [`topic_detail`]: one topic in full: partitions, configs, schemas, readers, writers.
//! - [`search`]: finding topics, groups, subjects, fields and principals by name.
//! - [`json_shapes`]: how parse results, options and retention look in public JSON.
//! - [`writers`]: who writes each topic, from the brokers' producer and transaction state.
//! - [`api_reference`]: the HTTP API's operations, as the API page shows them.
//! - [`links`]: the pages' addresses (percent-encoded), shared by the pages and the server.

#![forbid(unsafe_code)]

pub mod account;
pub mod acls;
pub mod api_reference;
pub mod application;
pub mod audit;
pub mod change;
pub mod check;
pub mod classification;
pub mod cluster;
pub mod compliance;
pub mod connect;
pub mod erasure;
pub mod estate;
pub mod freshness;
pub mod group_detail;
pub mod held_versions;
pub mod json_shapes;
pub mod lifespan;
pub mod lineage;
pub mod links;
pub mod overview;
pub mod permissions;
pub mod persistence;
pub mod personal_data;
pub mod report;
pub mod schema;
pub mod schema_diff;
pub mod search;
pub mod subject;
pub mod text_diff;
pub mod topic_detail;
pub mod writers;

pub use account::{AccessOverview, AccountView, ApiToken, Caller, CreatedToken};
pub use acls::{AclBinding, AclOperation, AclPermission, AclResource, ClusterAcls, PatternType, ResourceKind};
pub use api_reference::{ApiOperation, ApiParameter, ApiReference, ApiResponse, ApiSection};
pub use application::{merge_edges, observed_edges, ApplicationKind, Direction, Evidence, ObservedEdge, SeenEdge};
pub use audit::{AuditBreak, AuditEntry, AuditLogView, AuditPage, AuditQuery, AuditVerdict, AUDIT_ACTIONS};
pub use change::{CatalogEvent, Change};
pub use check::{CheckFinding, CheckReport, CheckVerdict, CompatibilityVerdict};
pub use classification::{ClassificationSource, ClassifiedField, Decided, Decision, FieldCategory, FieldDecision};
pub use cluster::{
    Broker, ClusterIdentity, ClusterSnapshot, ClusterState, CommittedOffset, ConsumerGroup, GroupMember, Partition,
    Retention, Topic, TopicConfig, TopicPartitions,
};
pub use compliance::{
    ComplianceOverview, MaskingMark, ProfileLoadError, ProfileView, RuleView, TopicRef, TopicTag, Violation,
};
pub use connect::{
    ConnectCluster, ConnectSnapshot, ConnectTask, Connector, ConnectorDetail, ConnectorKind, ConnectorSetting,
};
pub use erasure::{ErasureAction, ErasureEvidence, ErasureHead, ErasureRecord, ErasureStep};
pub use estate::{
    DeclaredAt, DriftFinding, DriftKind, EstateChange, EstateChangeKind, EstateCheckReport, EstateFileError,
    EstateFileView, EstateSourceView, EstateView, GrantReach, PrincipalDetail, RuleBreak, SourceLocation,
};
pub use freshness::{ClusterStatus, Freshness};
pub use group_detail::GroupDetail;
pub use held_versions::{
    wire_schema_id, HeldBecause, HeldVersion, PartitionEnds, RecordSampleState, SampledRecord, TopicSample,
};
pub use lifespan::{Lifespan, LifespanPlace, PlaceKind};
pub use lineage::{
    EdgeBasis, LineageEdge, LineageNode, LineageRequest, LineageView, LINEAGE_EXPLORER_MAX_DEPTH, LINEAGE_MAX_EXPANDED,
};
pub use overview::{ClusterOverview, ClusterSummary, GroupSummary, Overview, SchemaLink, TopicSummary};
pub use permissions::{permitted_edges, principal_summaries, GrantUsage, PermittedEdge, PrincipalSummary};
pub use persistence::{Cleanup, Persistence};
pub use personal_data::{
    PersonalDataOverview, PersonalFieldView, PersonalReader, PersonalTopic, ReaderCell, ReaderRef, StoppedMark,
    UpstreamMark,
};
pub use report::{ComplianceReport, InventoryRow, ProcessingRecord, ReportHead, ReportScope, ReportSummary};
pub use schema::{Field, SchemaFormat, SchemaTree};
pub use schema_diff::{diff_schemas, FieldChange};
pub use search::{match_score, SearchHit, SearchKind, TopHits};
pub use subject::{
    bind_topics, ContractRule, NamingStrategy, ParseFailure, RegistrySnapshot, SchemaReference, SchemaRole,
    SchemaSource, SchemasOverview, Subject, SubjectSummary, SubjectVersion, TopicBinding,
};
pub use topic_detail::{LagSample, LagSeries, TaggedField, TopicDetail, TopicEstate, TopicReader, TopicWriter};
pub use writers::{TopicProducers, TopicWriters, TransactionalWriter, WriterActivity};
