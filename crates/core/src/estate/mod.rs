//! The estate as code: topics, ACLs and service accounts as a team's desired-state
//! files declare them (JulieOps topologies, kafka-gitops state files, Terraform's JSON
//! with the Mongey/kafka provider), read into one model, and compared with the running
//! cluster. Tributary only reports; the team's own tool applies.
//!
//! - [`yaml_tree`]: a YAML or JSON document as a bounded tree whose nodes know their line.
//! - [`fields`]: strict reading of a format's keys out of that tree.
//! - [`desired`]: the one model every format is read into.
//! - [`acl_words`]: ACL words as the formats spell them.
//! - [`julieops`], [`kafka_gitops`], [`terraform`]: one parser per format.
//! - [`read`]: a source's files read, recognised and merged.
//! - [`config_values`]: whether two config values are the same setting.
//! - [`drift`]: where the cluster differs from its code.
//! - [`proposal`]: a proposed change to the code judged before it is merged.

pub mod acl_words;
pub mod config_values;
pub mod desired;
pub mod drift;
pub mod fields;
pub mod julieops;
pub mod kafka_gitops;
pub mod proposal;
pub mod read;
pub mod terraform;
pub mod yaml_tree;

pub use desired::{DesiredEstate, DesiredGrant, DesiredService, DesiredTopic};
pub use drift::{drift, Drift, DriftScope, PersonalTopics};
pub use julieops::JulieOpsSettings;
pub use proposal::{judge, ProposalContext};
pub use read::{EstateFile, EstateFormat, EstateOptions, EstateRead, MAX_ESTATE_FILE_BYTES};
