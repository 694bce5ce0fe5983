//! One folder per page.
//!
//! - [`overview`]: every configured cluster: brokers, topics, consumer groups.
//! - [`cluster`]: one cluster: the overview's section for it and its recent changes.
//! - [`schemas`]: every schema registry and contracts directory with its subjects.
//! - [`subject`]: one subject: versions, field tree with tags, changes between versions.
//! - [`personal_data`]: where personal data lives and flows, who reads it, masking marks.
//! - [`principal`]: one principal: its ACLs, their use, its place in the estate's code.
//! - [`estate`]: one cluster's estate as code: files read, and drift from them by kind.
//! - [`compliance`]: compliance profiles, what they cover, open and resolved violations.
//! - [`reports`]: compliance reports for a scope and a period, downloaded.
//! - [`audit`]: the audit log of changes made through Tributary, filtered and exported.
//! - [`api_reference`]: the HTTP API's operations, from its OpenAPI document.
//! - [`topic`]: one topic: facts, schemas, readers, writers, lineage, partitions, configs.
//! - [`connector`]: one Kafka Connect connector: type, state, tasks, topics, settings.
//! - [`group`]: one consumer group: members, assignments, offsets with lag, lineage.
//! - [`lineage`]: the lineage explorer: the picture around any node, with its controls.
//! - [`search`]: search results across topics, groups, subjects, fields and principals.
//! - [`sign_in`]: signing in with a local account's name and password.
//! - [`access`]: the signed-in account's API tokens, and accounts for an admin.
//! - [`not_found`]: the answer to any other path.

pub mod access;
pub mod api_reference;
pub mod audit;
pub mod cluster;
pub mod compliance;
pub mod connector;
pub mod estate;
pub mod group;
pub mod lineage;
pub mod not_found;
pub mod overview;
pub mod personal_data;
pub mod principal;
pub mod reports;
pub mod schemas;
pub mod search;
pub mod sign_in;
pub mod subject;
pub mod topic;
