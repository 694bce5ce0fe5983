//! One folder per page.
//!
//! - [`overview`]: every configured cluster: brokers, topics, consumer groups.
//! - [`schemas`]: every schema registry and contracts directory with its subjects.
//! - [`subject`]: one subject: versions, field tree with tags, changes between versions.
//! - [`api_reference`]: the HTTP API's operations, from its OpenAPI document.
//! - [`not_found`]: the answer to any other path.

pub mod api_reference;
pub mod not_found;
pub mod overview;
pub mod schemas;
pub mod subject;
