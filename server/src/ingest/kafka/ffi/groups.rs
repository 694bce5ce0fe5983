//! DescribeConsumerGroups, which librdkafka answers for both group protocols: classic
//! groups (DescribeGroups) and KIP-848 `consumer` groups (ConsumerGroupDescribe), whose
//! members the classic request cannot see.

use std::ffi::{c_char, CStr};
use std::time::Duration;

use rdkafka::client::NativeClient;
use rdkafka_sys as rd;

use super::admin::{partition_answers, PartitionAnswer};
use super::guards::{elements, text, Options, Queue};
use super::AdminFailure;

/// One group as DescribeConsumerGroups describes it.
#[derive(Clone, Debug)]
pub struct RawGroupDescription {
    pub group_id: String,
    /// Why the group could not be described; the rest is empty then.
    pub error: Option<String>,
    /// `Stable`, `Empty`, `Dead`, ... as librdkafka names the state.
    pub state: String,
    /// `classic` or `consumer` (KIP-848); `Unknown` from brokers that do not say.
    pub group_type: String,
    pub assignor: String,
    pub members: Vec<RawMember>,
}

/// One member with its current assignment.
#[derive(Clone, Debug)]
pub struct RawMember {
    pub member_id: String,
    pub client_id: String,
    pub host: String,
    pub assignment: Vec<PartitionAnswer>,
}

/// Describes `groups` in one request. Blocks.
pub fn describe_consumer_groups(
    client: &NativeClient,
    groups: &[&CStr],
    timeout: Duration,
) -> Result<Vec<RawGroupDescription>, AdminFailure> {
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let queue = Queue::new(client)?;
    let options = Options::new(client, rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, timeout)?;
    let mut names: Vec<*const c_char> = groups.iter().map(|group| group.as_ptr()).collect();
    // SAFETY: the client, options and queue are live; `names` holds `names.len()` valid
    // C strings (borrowed from `groups`, alive for the call), which librdkafka copies.
    unsafe {
        rd::rd_kafka_DescribeConsumerGroups(
            client.ptr(),
            names.as_mut_ptr(),
            names.len(),
            options.as_ptr(),
            queue.as_ptr(),
        )
    };
    let event = queue.wait(timeout)?;
    // SAFETY: the event is live.
    let result = unsafe { rd::rd_kafka_event_DescribeConsumerGroups_result(event.as_ptr()) };
    if result.is_null() {
        return Err(AdminFailure::Unexpected("DescribeConsumerGroups"));
    }
    let mut count = 0usize;
    // SAFETY: a non-null result of the live event; `count` is written by the call.
    let first = unsafe { rd::rd_kafka_DescribeConsumerGroups_result_groups(result, &mut count) };
    // SAFETY: `count` descriptions, owned by the event.
    let descriptions = unsafe { elements(&event, first.cast_const(), count) };
    // SAFETY: each description belongs to the live event; everything is copied out.
    Ok(descriptions.iter().map(|&description| unsafe { group_description(&event, description) }).collect())
}

/// # Safety
/// `description` must be a live group description owned by `owner`.
unsafe fn group_description<O>(
    owner: &O,
    description: *const rd::rd_kafka_ConsumerGroupDescription_t,
) -> RawGroupDescription {
    // SAFETY: the accessors read the live description (contract); strings are copied.
    let (group_id, error, state, group_type, assignor, member_count) = unsafe {
        let error = rd::rd_kafka_ConsumerGroupDescription_error(description);
        (
            text(rd::rd_kafka_ConsumerGroupDescription_group_id(description)),
            (!error.is_null()).then(|| text(rd::rd_kafka_error_string(error))),
            text(rd::rd_kafka_consumer_group_state_name(rd::rd_kafka_ConsumerGroupDescription_state(description))),
            text(rd::rd_kafka_consumer_group_type_name(rd::rd_kafka_ConsumerGroupDescription_type(description))),
            text(rd::rd_kafka_ConsumerGroupDescription_partition_assignor(description)),
            rd::rd_kafka_ConsumerGroupDescription_member_count(description),
        )
    };
    let members = (0..member_count)
        .filter_map(|index| {
            // SAFETY: `index` is below the member count of the live description.
            let member = unsafe { rd::rd_kafka_ConsumerGroupDescription_member(description, index) };
            // SAFETY: a member of the live description, copied out.
            (!member.is_null()).then(|| unsafe { raw_member(owner, member) })
        })
        .collect();
    RawGroupDescription { group_id, error, state, group_type, assignor, members }
}

/// # Safety
/// `member` must be a live member description owned by `owner`.
unsafe fn raw_member<O>(owner: &O, member: *const rd::rd_kafka_MemberDescription_t) -> RawMember {
    // SAFETY: the accessors read the live member (contract); the assignment and its
    // partition list belong to it, and are copied out.
    unsafe {
        let assignment = rd::rd_kafka_MemberDescription_assignment(member);
        let partitions =
            if assignment.is_null() { std::ptr::null() } else { rd::rd_kafka_MemberAssignment_partitions(assignment) };
        RawMember {
            member_id: text(rd::rd_kafka_MemberDescription_consumer_id(member)),
            client_id: text(rd::rd_kafka_MemberDescription_client_id(member)),
            host: text(rd::rd_kafka_MemberDescription_host(member)),
            assignment: partition_answers(owner, partitions),
        }
    }
}
