//! The only code that calls librdkafka's C API directly: the Admin API calls the safe
//! rdkafka wrapper lacks (DescribeAcls, DescribeCluster, ListConsumerGroupOffsets,
//! ListOffsets, DescribeConsumerGroups). Everything it hands out is plain Rust data; callers never see a raw
//! pointer and need no `unsafe`.
//!
//! - [`guards`]: one owner per librdkafka object (queue, options, event, partition
//!   list, ACL filter, offsets request). Fields are private, constructors check for
//!   null, `Drop` frees each object exactly once, and borrowed objects cannot outlive
//!   the client (or event) they come from.
//! - [`admin`]: the ACL, cluster, offsets calls, each a small sequence of `unsafe`
//!   blocks with the reason each is sound.
//! - [`groups`]: DescribeConsumerGroups, for groups of either protocol (KIP-848).

mod admin;
mod groups;
mod guards;

pub use admin::{describe_acls, describe_cluster, list_group_offsets, list_offsets, RawAcl};
pub use groups::{describe_consumer_groups, RawGroupDescription};

use std::time::Duration;

use rdkafka_sys as rd;

/// Why an Admin API call gave no result.
#[derive(Debug)]
pub enum AdminFailure {
    /// librdkafka could not create one of the call's objects.
    Build(String),
    /// No answer in time.
    NoAnswer(Duration),
    /// The broker (or librdkafka) answered with an error.
    Refused { code: rd::rd_kafka_resp_err_t, message: String },
    /// The answer was not the result of the call made.
    Unexpected(&'static str),
}

impl std::fmt::Display for AdminFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AdminFailure::Build(what) => write!(f, "cannot prepare the request: {what}"),
            AdminFailure::NoAnswer(waited) => write!(f, "no answer within {} s", waited.as_secs()),
            AdminFailure::Refused { message, .. } => f.write_str(message),
            AdminFailure::Unexpected(call) => write!(f, "unexpected answer to {call}"),
        }
    }
}

impl std::error::Error for AdminFailure {}

#[cfg(test)]
mod tests;
