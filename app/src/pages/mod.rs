//! One folder per page.
//!
//! - [`overview`]: every configured cluster: brokers, topics, consumer groups.
//! - [`not_found`]: the answer to any other path.

pub mod not_found;
pub mod overview;
