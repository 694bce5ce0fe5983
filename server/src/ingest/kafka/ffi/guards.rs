//! Owners of librdkafka objects. Each wraps a non-null pointer it alone frees; none
//! can be built from an arbitrary pointer outside this module, and the lifetimes tie
//! each object to what it was made from.

use std::ffi::{c_char, CStr};
use std::marker::PhantomData;
use std::ptr::NonNull;
use std::time::Duration;

use rdkafka::client::NativeClient;
use rdkafka_sys as rd;

use super::AdminFailure;

/// Extra time given to librdkafka's own request timeout before giving up on the event.
const EVENT_GRACE: Duration = Duration::from_secs(2);
/// Room for librdkafka's error messages, as its examples size it.
const ERROR_BUFFER: usize = 512;

/// A C string from librdkafka as an owned `String`; empty for null.
///
/// # Safety
/// `pointer` must be null or point to a NUL-terminated string that stays valid for
/// the duration of the call.
pub(super) unsafe fn text(pointer: *const c_char) -> String {
    if pointer.is_null() {
        return String::new();
    }
    // SAFETY: non-null, and NUL-terminated and valid by this function's contract.
    unsafe { CStr::from_ptr(pointer) }.to_string_lossy().into_owned()
}

/// The `count` elements at `first`, borrowed for as long as `_owner` (the object that
/// owns the array, such as an event) is borrowed; empty for null.
///
/// # Safety
/// `first` must be null or point to `count` initialised elements owned by `_owner`.
pub(super) unsafe fn elements<T, O>(_owner: &O, first: *const T, count: usize) -> &[T] {
    if first.is_null() || count == 0 {
        return &[];
    }
    // SAFETY: non-null, `count` elements, alive as long as their owner (contract).
    unsafe { std::slice::from_raw_parts(first, count) }
}

/// A buffer for the error message of a librdkafka constructor.
pub(super) struct ErrorBuffer([c_char; ERROR_BUFFER]);

impl ErrorBuffer {
    pub(super) fn new() -> Self {
        ErrorBuffer([0; ERROR_BUFFER])
    }

    pub(super) fn as_mut_ptr(&mut self) -> *mut c_char {
        self.0.as_mut_ptr()
    }

    pub(super) fn capacity(&self) -> usize {
        self.0.len()
    }

    pub(super) fn message(&self) -> String {
        // SAFETY: the buffer starts zeroed and librdkafka writes a NUL-terminated
        // message shorter than its capacity, so it always holds a C string.
        unsafe { text(self.0.as_ptr()) }
    }
}

/// The result queue of one Admin API call on `client`.
pub(super) struct Queue<'c> {
    raw: NonNull<rd::rd_kafka_queue_t>,
    _client: PhantomData<&'c NativeClient>,
}

impl<'c> Queue<'c> {
    pub(super) fn new(client: &'c NativeClient) -> Result<Self, AdminFailure> {
        // SAFETY: `client.ptr()` is a live `rd_kafka_t` for as long as `client` is
        // borrowed, which the queue's lifetime guarantees.
        let raw = unsafe { rd::rd_kafka_queue_new(client.ptr()) };
        let raw = NonNull::new(raw).ok_or_else(|| AdminFailure::Build("no result queue".into()))?;
        Ok(Queue { raw, _client: PhantomData })
    }

    pub(super) fn as_ptr(&self) -> *mut rd::rd_kafka_queue_t {
        self.raw.as_ptr()
    }

    /// The one result event of the call, or its error.
    pub(super) fn wait(&self, timeout: Duration) -> Result<Event, AdminFailure> {
        let waited = timeout + EVENT_GRACE;
        let milliseconds = i32::try_from(waited.as_millis()).unwrap_or(i32::MAX);
        // SAFETY: the queue is live while `self` is.
        let raw = unsafe { rd::rd_kafka_queue_poll(self.raw.as_ptr(), milliseconds) };
        let event = NonNull::new(raw).map(|raw| Event { raw }).ok_or(AdminFailure::NoAnswer(waited))?;
        // SAFETY: the event is live while `event` is.
        let code = unsafe { rd::rd_kafka_event_error(event.as_ptr()) };
        if code != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
            // SAFETY: the string belongs to the live event and is copied at once.
            let message = unsafe { text(rd::rd_kafka_event_error_string(event.as_ptr())) };
            return Err(AdminFailure::Refused { code, message });
        }
        Ok(event)
    }
}

impl Drop for Queue<'_> {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_queue_new, owned by this guard alone, destroyed once.
        unsafe { rd::rd_kafka_queue_destroy(self.raw.as_ptr()) }
    }
}

/// A result event; everything read from it borrows it.
pub(super) struct Event {
    raw: NonNull<rd::rd_kafka_event_t>,
}

impl Event {
    pub(super) fn as_ptr(&self) -> *mut rd::rd_kafka_event_t {
        self.raw.as_ptr()
    }
}

impl Drop for Event {
    fn drop(&mut self) {
        // SAFETY: returned by rd_kafka_queue_poll, owned by this guard alone, destroyed once.
        unsafe { rd::rd_kafka_event_destroy(self.raw.as_ptr()) }
    }
}

/// Options of one Admin API call on `client`, with librdkafka's request timeout set.
pub(super) struct Options<'c> {
    raw: NonNull<rd::rd_kafka_AdminOptions_t>,
    _client: PhantomData<&'c NativeClient>,
}

impl<'c> Options<'c> {
    pub(super) fn new(
        client: &'c NativeClient,
        operation: rd::rd_kafka_admin_op_t,
        timeout: Duration,
    ) -> Result<Self, AdminFailure> {
        // SAFETY: `client.ptr()` is live for as long as `client` is borrowed.
        let raw = unsafe { rd::rd_kafka_AdminOptions_new(client.ptr(), operation) };
        let raw = NonNull::new(raw).ok_or_else(|| AdminFailure::Build("no admin options".into()))?;
        // Owned from here on: freed by Drop on every path below.
        let options = Options { raw, _client: PhantomData };
        let mut error = ErrorBuffer::new();
        let milliseconds = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
        // SAFETY: the options are live; the buffer's pointer and capacity match.
        let code = unsafe {
            rd::rd_kafka_AdminOptions_set_request_timeout(
                options.as_ptr(),
                milliseconds,
                error.as_mut_ptr(),
                error.capacity(),
            )
        };
        if code != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
            return Err(AdminFailure::Build(error.message()));
        }
        Ok(options)
    }

    pub(super) fn as_ptr(&self) -> *mut rd::rd_kafka_AdminOptions_t {
        self.raw.as_ptr()
    }
}

impl Drop for Options<'_> {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_AdminOptions_new, owned by this guard alone, destroyed once.
        unsafe { rd::rd_kafka_AdminOptions_destroy(self.raw.as_ptr()) }
    }
}

/// A list of (topic, partition) with an offset spec each, for ListOffsets.
pub(super) struct PartitionList {
    raw: NonNull<rd::rd_kafka_topic_partition_list_t>,
}

impl PartitionList {
    pub(super) fn with_capacity(capacity: usize) -> Result<Self, AdminFailure> {
        // SAFETY: plain allocation; any size is valid.
        let raw = unsafe { rd::rd_kafka_topic_partition_list_new(i32::try_from(capacity).unwrap_or(i32::MAX)) };
        let raw = NonNull::new(raw).ok_or_else(|| AdminFailure::Build("no partition list".into()))?;
        Ok(PartitionList { raw })
    }

    /// Adds `topic`'s `partition` asking for `offset` (an offset spec).
    pub(super) fn add(&mut self, topic: &CStr, partition: i32, offset: i64) -> Result<(), AdminFailure> {
        // SAFETY: the list is live and `topic` a valid C string, which librdkafka copies.
        let element = unsafe { rd::rd_kafka_topic_partition_list_add(self.raw.as_ptr(), topic.as_ptr(), partition) };
        if element.is_null() {
            return Err(AdminFailure::Build("cannot add to the partition list".into()));
        }
        // SAFETY: a non-null element of the live list, which `&mut self` borrows alone.
        unsafe { (*element).offset = offset };
        Ok(())
    }

    pub(super) fn as_ptr(&self) -> *mut rd::rd_kafka_topic_partition_list_t {
        self.raw.as_ptr()
    }
}

impl Drop for PartitionList {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_topic_partition_list_new, owned by this guard
        // alone, destroyed once.
        unsafe { rd::rd_kafka_topic_partition_list_destroy(self.raw.as_ptr()) }
    }
}

/// A DescribeAcls filter matching every ACL.
pub(super) struct AclFilter {
    raw: NonNull<rd::rd_kafka_AclBindingFilter_t>,
}

impl AclFilter {
    pub(super) fn any() -> Result<Self, AdminFailure> {
        let mut error = ErrorBuffer::new();
        // SAFETY: null names mean "any"; the buffer's pointer and capacity match.
        let raw = unsafe {
            rd::rd_kafka_AclBindingFilter_new(
                rd::rd_kafka_ResourceType_t::RD_KAFKA_RESOURCE_ANY,
                std::ptr::null(),
                rd::rd_kafka_ResourcePatternType_t::RD_KAFKA_RESOURCE_PATTERN_ANY,
                std::ptr::null(),
                std::ptr::null(),
                rd::rd_kafka_AclOperation_t::RD_KAFKA_ACL_OPERATION_ANY,
                rd::rd_kafka_AclPermissionType_t::RD_KAFKA_ACL_PERMISSION_TYPE_ANY,
                error.as_mut_ptr(),
                error.capacity(),
            )
        };
        let raw = NonNull::new(raw).ok_or_else(|| AdminFailure::Build(format!("ACL filter: {}", error.message())))?;
        Ok(AclFilter { raw })
    }

    pub(super) fn as_ptr(&self) -> *mut rd::rd_kafka_AclBindingFilter_t {
        self.raw.as_ptr()
    }
}

impl Drop for AclFilter {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_AclBindingFilter_new (an AclBinding), owned by
        // this guard alone, destroyed once.
        unsafe { rd::rd_kafka_AclBinding_destroy(self.raw.as_ptr()) }
    }
}

/// A ListConsumerGroupOffsets request for every partition of one group.
pub(super) struct GroupOffsetsRequest {
    raw: NonNull<rd::rd_kafka_ListConsumerGroupOffsets_t>,
}

impl GroupOffsetsRequest {
    pub(super) fn all_partitions(group: &CStr) -> Result<Self, AdminFailure> {
        // SAFETY: `group` is a valid C string (copied by librdkafka); null partitions
        // mean "all".
        let raw = unsafe { rd::rd_kafka_ListConsumerGroupOffsets_new(group.as_ptr(), std::ptr::null()) };
        let raw = NonNull::new(raw).ok_or_else(|| AdminFailure::Build("no offsets request".into()))?;
        Ok(GroupOffsetsRequest { raw })
    }

    pub(super) fn as_ptr(&self) -> *mut rd::rd_kafka_ListConsumerGroupOffsets_t {
        self.raw.as_ptr()
    }
}

impl Drop for GroupOffsetsRequest {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_ListConsumerGroupOffsets_new, owned by this guard
        // alone, destroyed once (librdkafka copies requests it is given).
        unsafe { rd::rd_kafka_ListConsumerGroupOffsets_destroy(self.raw.as_ptr()) }
    }
}
