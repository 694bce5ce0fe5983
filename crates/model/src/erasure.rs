//! An erasure record: where one person's data would have to be erased, as a profile's
//! entity definition identifies them (a record key, or a field naming them), what to do
//! in each place and by when, and — where Tributary may read records — evidence of what
//! is there now. Tributary never writes to a cluster: the record is a plan and a proof,
//! content-hashed like reports and entered in the audit log.

use serde::{Deserialize, Serialize};

/// What erasing the person takes in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErasureAction {
    /// A compacted topic keyed by the person: produce a tombstone (a null value) for the
    /// key; compaction then removes the earlier records, and the tombstone itself goes
    /// after `delete.retention.ms`.
    Tombstone,
    /// A compacted topic naming the person in a field: tombstone the key of each record
    /// whose field names them.
    TombstoneEachKey,
    /// Deleted by age: the records clear by themselves by the date given, provided
    /// nothing new about the person is written.
    WaitsForRetention,
    /// Kept without time bound and not compacted (`retention.ms = -1`): delete the
    /// records up to the person's last one (DeleteRecords) or shorten retention.
    DeleteRecords,
    /// A Kafka Streams state store: it forgets the key when a tombstone for it reaches
    /// the application through its input (or when the application is reset).
    StateStore,
    /// A sink connector: the data left Kafka for another system; erase it there.
    OutsideKafka,
    /// The topic holds personal data but neither its key nor a field is known to name
    /// the person: search it by hand.
    Review,
}

/// What Tributary found in the records, where it may read them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "found", rename_all = "snake_case")]
pub enum ErasureEvidence {
    /// The latest record for the key is a tombstone.
    Tombstone { partition: i32, offset: i64, timestamp_ms: Option<i64> },
    /// Records for the key remain; the newest is at this place.
    Remains { count: u64, partition: i32, offset: i64, timestamp_ms: Option<i64> },
    /// No record for the key remains in the retained records.
    NoneRemain { scanned: u64 },
    /// The records could not all be read (too many, or the read stopped): nothing can
    /// be said either way.
    NotConclusive { scanned: u64, reason: String },
    /// Not read: Tributary may not read this cluster's records, the person is named in
    /// a field rather than the key, or the broker refused (its answer).
    NotRead { reason: String },
}

/// One place and what to do there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasureStep {
    /// The topic's cluster, or the Connect cluster of a sink.
    pub cluster: String,
    /// The topic, or the sink connector.
    pub name: String,
    /// `record key`, `field member_id`, or how it was reached ("from customers, through
    /// group:prod/enricher").
    pub identified_by: String,
    pub action: ErasureAction,
    /// The latest the person's records can still be there without action (ms); `null`
    /// when only an action clears them.
    pub clears_by_ms: Option<i64>,
    /// In words, for people.
    pub said: String,
    pub evidence: ErasureEvidence,
}

/// The request, and what answered it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasureHead {
    /// What the key names (the profile's `[entity] name`: "member").
    pub entity: String,
    /// The key as given.
    pub key: String,
    pub profile: String,
    pub generated_at_ms: i64,
    /// The account that asked.
    pub generated_by: String,
}

/// The whole record, as the JSON export carries it (the content hash last).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasureRecord {
    pub head: ErasureHead,
    pub steps: Vec<ErasureStep>,
    /// The SHA-256 of the JSON document's bytes before this member.
    pub content_hash: String,
}
