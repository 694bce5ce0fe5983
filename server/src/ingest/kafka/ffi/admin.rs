//! The Admin API calls themselves. Each builds its objects through the guards, makes
//! the call, waits for the one result event and copies what it needs out of it before
//! the event is freed.

use std::ffi::CStr;
use std::time::Duration;

use rdkafka::client::NativeClient;
use rdkafka_sys as rd;

use super::guards::{elements, text, AclFilter, GroupOffsetsRequest, Options, PartitionList, Queue};
use super::AdminFailure;

/// One ACL binding as librdkafka describes it.
#[derive(Clone, Debug)]
pub struct RawAcl {
    pub resource_type: rd::rd_kafka_ResourceType_t,
    pub name: String,
    pub pattern_type: rd::rd_kafka_ResourcePatternType_t,
    pub principal: String,
    pub host: String,
    pub operation: rd::rd_kafka_AclOperation_t,
    pub permission: rd::rd_kafka_AclPermissionType_t,
}

/// One partition of an answer: its offset, or the error the broker gave for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionAnswer {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub error: rd::rd_kafka_resp_err_t,
}

/// The cluster id (empty if the broker gave none) and the active controller.
#[derive(Clone, Debug)]
pub struct RawClusterIdentity {
    pub cluster_id: String,
    pub controller: Option<i32>,
}

/// Every ACL of the cluster (DescribeAcls with a filter matching all). Blocks.
pub fn describe_acls(client: &NativeClient, timeout: Duration) -> Result<Vec<RawAcl>, AdminFailure> {
    let filter = AclFilter::any()?;
    let queue = Queue::new(client)?;
    let options = Options::new(client, rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBEACLS, timeout)?;
    // SAFETY: the client, filter, options and queue are all live; librdkafka copies the
    // filter and options before returning.
    unsafe { rd::rd_kafka_DescribeAcls(client.ptr(), filter.as_ptr(), options.as_ptr(), queue.as_ptr()) };
    let event = queue.wait(timeout)?;
    // SAFETY: the event is live.
    let result = unsafe { rd::rd_kafka_event_DescribeAcls_result(event.as_ptr()) };
    if result.is_null() {
        return Err(AdminFailure::Unexpected("DescribeAcls"));
    }
    let mut count = 0usize;
    // SAFETY: a non-null result of the live event; `count` is written by the call.
    let first = unsafe { rd::rd_kafka_DescribeAcls_result_acls(result, &mut count) };
    // SAFETY: librdkafka returns `count` bindings, owned by the event.
    let bindings = unsafe { elements(&event, first.cast_const(), count) };
    // SAFETY: each binding belongs to the event, which outlives this copy.
    Ok(bindings.iter().map(|&binding| unsafe { raw_acl(binding) }).collect())
}

/// # Safety
/// `binding` must point to a live ACL binding.
unsafe fn raw_acl(binding: *const rd::rd_kafka_AclBinding_t) -> RawAcl {
    // SAFETY: every accessor reads the live binding (contract); strings are copied.
    unsafe {
        RawAcl {
            resource_type: rd::rd_kafka_AclBinding_restype(binding),
            name: text(rd::rd_kafka_AclBinding_name(binding)),
            pattern_type: rd::rd_kafka_AclBinding_resource_pattern_type(binding),
            principal: text(rd::rd_kafka_AclBinding_principal(binding)),
            host: text(rd::rd_kafka_AclBinding_host(binding)),
            operation: rd::rd_kafka_AclBinding_operation(binding),
            permission: rd::rd_kafka_AclBinding_permission_type(binding),
        }
    }
}

/// The cluster id and active controller (DescribeCluster). Blocks.
pub fn describe_cluster(client: &NativeClient, timeout: Duration) -> Result<RawClusterIdentity, AdminFailure> {
    let queue = Queue::new(client)?;
    let options = Options::new(client, rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_DESCRIBECLUSTER, timeout)?;
    // SAFETY: the client, options and queue are live; the options are copied.
    unsafe { rd::rd_kafka_DescribeCluster(client.ptr(), options.as_ptr(), queue.as_ptr()) };
    let event = queue.wait(timeout)?;
    // SAFETY: the event is live.
    let result = unsafe { rd::rd_kafka_event_DescribeCluster_result(event.as_ptr()) };
    if result.is_null() {
        return Err(AdminFailure::Unexpected("DescribeCluster"));
    }
    // SAFETY: a non-null result of the live event; the id string is copied at once.
    let cluster_id = unsafe { text(rd::rd_kafka_DescribeCluster_result_cluster_id(result)) };
    // SAFETY: as above; the node belongs to the result.
    let controller = unsafe { rd::rd_kafka_DescribeCluster_result_controller(result) };
    let controller = (!controller.is_null())
        // SAFETY: a non-null node of the live result.
        .then(|| unsafe { rd::rd_kafka_Node_id(controller) })
        // Kafka answers -1 when it has no controller.
        .filter(|id| *id >= 0);
    Ok(RawClusterIdentity { cluster_id, controller })
}

/// The committed offsets of every partition of `group` (ListConsumerGroupOffsets).
/// Blocks.
pub fn list_group_offsets(
    client: &NativeClient,
    group: &CStr,
    timeout: Duration,
) -> Result<Vec<PartitionAnswer>, AdminFailure> {
    let request = GroupOffsetsRequest::all_partitions(group)?;
    let queue = Queue::new(client)?;
    let options = Options::new(client, rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, timeout)?;
    let mut requests = [request.as_ptr()];
    // SAFETY: the client, request, options and queue are live; librdkafka copies the
    // one request of the array and the options before returning.
    unsafe {
        rd::rd_kafka_ListConsumerGroupOffsets(
            client.ptr(),
            requests.as_mut_ptr(),
            requests.len(),
            options.as_ptr(),
            queue.as_ptr(),
        )
    };
    let event = queue.wait(timeout)?;
    // SAFETY: the event is live.
    let result = unsafe { rd::rd_kafka_event_ListConsumerGroupOffsets_result(event.as_ptr()) };
    if result.is_null() {
        return Err(AdminFailure::Unexpected("ListConsumerGroupOffsets"));
    }
    let mut count = 0usize;
    // SAFETY: a non-null result of the live event; `count` is written by the call.
    let first = unsafe { rd::rd_kafka_ListConsumerGroupOffsets_result_groups(result, &mut count) };
    // SAFETY: `count` group results, owned by the event.
    let groups = unsafe { elements(&event, first.cast_const(), count) };
    let mut answers = Vec::new();
    for &group_result in groups {
        // SAFETY: a group result of the live event.
        let error = unsafe { rd::rd_kafka_group_result_error(group_result) };
        if !error.is_null() {
            // SAFETY: a non-null error of the live event; its string is copied at once.
            let (code, message) = unsafe { (rd::rd_kafka_error_code(error), text(rd::rd_kafka_error_string(error))) };
            return Err(AdminFailure::Refused { code, message });
        }
        // SAFETY: the group result's partition list belongs to the live event.
        answers.extend(unsafe { partition_answers(&event, rd::rd_kafka_group_result_partitions(group_result)) });
    }
    Ok(answers)
}

/// The offsets `spec` asks for (latest, earliest, ...) of `partitions` (ListOffsets).
/// Blocks.
pub fn list_offsets(
    client: &NativeClient,
    partitions: &[(&CStr, i32)],
    spec: rd::rd_kafka_OffsetSpec_t,
    timeout: Duration,
) -> Result<Vec<PartitionAnswer>, AdminFailure> {
    let mut list = PartitionList::with_capacity(partitions.len())?;
    for (topic, partition) in partitions {
        list.add(topic, *partition, spec as i64)?;
    }
    let queue = Queue::new(client)?;
    let options = Options::new(client, rd::rd_kafka_admin_op_t::RD_KAFKA_ADMIN_OP_LISTOFFSETS, timeout)?;
    // SAFETY: the client, list, options and queue are live; librdkafka copies the list
    // and options before returning.
    unsafe { rd::rd_kafka_ListOffsets(client.ptr(), list.as_ptr(), options.as_ptr(), queue.as_ptr()) };
    let event = queue.wait(timeout)?;
    // SAFETY: the event is live.
    let result = unsafe { rd::rd_kafka_event_ListOffsets_result(event.as_ptr()) };
    if result.is_null() {
        return Err(AdminFailure::Unexpected("ListOffsets"));
    }
    let mut count = 0usize;
    // SAFETY: a non-null result of the live event; `count` is written by the call.
    let first = unsafe { rd::rd_kafka_ListOffsets_result_infos(result, &mut count) };
    // SAFETY: `count` result infos, owned by the event.
    let infos = unsafe { elements(&event, first.cast_const(), count) };
    let mut answers = Vec::with_capacity(infos.len());
    for &info in infos {
        // SAFETY: an info of the live event; its partition belongs to it.
        let element = unsafe { rd::rd_kafka_ListOffsetsResultInfo_topic_partition(info) };
        if element.is_null() {
            continue;
        }
        // SAFETY: a non-null partition of the live event, read and its topic copied.
        answers.push(unsafe { partition_answer(&*element) });
    }
    Ok(answers)
}

/// The elements of a partition list owned by `owner`.
///
/// # Safety
/// `list` must be null or a live list owned by `owner`.
pub(super) unsafe fn partition_answers<O>(
    owner: &O,
    list: *const rd::rd_kafka_topic_partition_list_t,
) -> Vec<PartitionAnswer> {
    if list.is_null() {
        return Vec::new();
    }
    // SAFETY: a non-null live list (contract).
    let list = unsafe { &*list };
    let count = usize::try_from(list.cnt).unwrap_or(0);
    // SAFETY: the list holds `cnt` elements, owned with it by `owner`.
    let partitions = unsafe { elements(owner, list.elems.cast_const(), count) };
    // SAFETY: each element is live while the owner is; its topic is copied.
    partitions.iter().map(|element| unsafe { partition_answer(element) }).collect()
}

/// # Safety
/// `element.topic` must be null or a live C string.
unsafe fn partition_answer(element: &rd::rd_kafka_topic_partition_t) -> PartitionAnswer {
    PartitionAnswer {
        // SAFETY: the topic is null or a live C string (contract), copied here.
        topic: unsafe { text(element.topic) },
        partition: element.partition,
        offset: element.offset,
        error: element.err,
    }
}
