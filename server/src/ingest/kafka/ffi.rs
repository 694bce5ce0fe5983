//! Guards for the raw librdkafka Admin API objects that the safe rdkafka wrapper does
//! not expose. Each guard frees its pointer once; every call that uses them stays in
//! this folder.

use std::ffi::{c_char, CStr};
use std::time::Duration;

use rdkafka_sys as rd;

/// Extra time given to librdkafka's own request timeout before giving up on the event.
const EVENT_GRACE: Duration = Duration::from_secs(2);

/// Why an Admin API call gave no result.
#[derive(Debug)]
pub enum AdminFailure {
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
            AdminFailure::NoAnswer(waited) => write!(f, "no answer within {} s", waited.as_secs()),
            AdminFailure::Refused { message, .. } => f.write_str(message),
            AdminFailure::Unexpected(call) => write!(f, "unexpected answer to {call}"),
        }
    }
}

impl From<AdminFailure> for String {
    fn from(failure: AdminFailure) -> Self {
        failure.to_string()
    }
}

/// A C string from librdkafka as an owned `String`; empty for null.
///
/// # Safety
/// `pointer` must be null or a NUL-terminated string that lives for the call.
pub unsafe fn text(pointer: *const c_char) -> String {
    if pointer.is_null() {
        String::new()
    } else {
        CStr::from_ptr(pointer).to_string_lossy().into_owned()
    }
}

/// A result queue for one Admin API call.
pub struct Queue(pub *mut rd::rd_kafka_queue_t);

impl Queue {
    /// # Safety
    /// `client` must be a live `rd_kafka_t` that outlives the queue.
    pub unsafe fn new(client: *mut rd::rd_kafka_t) -> Self {
        Self(rd::rd_kafka_queue_new(client))
    }

    /// The one result event of the call, or its error.
    ///
    /// # Safety
    /// The queue must be live (it is, while `self` is).
    pub unsafe fn wait(&self, timeout: Duration) -> Result<Event, AdminFailure> {
        let waited = timeout + EVENT_GRACE;
        let event = rd::rd_kafka_queue_poll(self.0, i32::try_from(waited.as_millis()).unwrap_or(i32::MAX));
        if event.is_null() {
            return Err(AdminFailure::NoAnswer(waited));
        }
        let event = Event(event);
        let code = rd::rd_kafka_event_error(event.0);
        if code != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
            return Err(AdminFailure::Refused { code, message: text(rd::rd_kafka_event_error_string(event.0)) });
        }
        Ok(event)
    }
}

impl Drop for Queue {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_queue_new and destroyed once.
        unsafe { rd::rd_kafka_queue_destroy(self.0) }
    }
}

pub struct Event(pub *mut rd::rd_kafka_event_t);

impl Drop for Event {
    fn drop(&mut self) {
        // SAFETY: returned by rd_kafka_queue_poll and destroyed once.
        unsafe { rd::rd_kafka_event_destroy(self.0) }
    }
}

pub struct Options(pub *mut rd::rd_kafka_AdminOptions_t);

impl Options {
    /// Options for `operation` with librdkafka's request timeout set to `timeout`.
    ///
    /// # Safety
    /// `client` must be a live `rd_kafka_t`.
    pub unsafe fn new(
        client: *mut rd::rd_kafka_t,
        operation: rd::rd_kafka_admin_op_t,
        timeout: Duration,
    ) -> Result<Self, String> {
        let options = Self(rd::rd_kafka_AdminOptions_new(client, operation));
        let mut error = [0 as c_char; 256];
        let timeout_ms = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
        let code =
            rd::rd_kafka_AdminOptions_set_request_timeout(options.0, timeout_ms, error.as_mut_ptr(), error.len());
        if code != rd::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR {
            return Err(text(error.as_ptr()));
        }
        Ok(options)
    }
}

impl Drop for Options {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_AdminOptions_new and destroyed once.
        unsafe { rd::rd_kafka_AdminOptions_destroy(self.0) }
    }
}

pub struct PartitionList(pub *mut rd::rd_kafka_topic_partition_list_t);

impl Drop for PartitionList {
    fn drop(&mut self) {
        // SAFETY: created by rd_kafka_topic_partition_list_new and destroyed once.
        unsafe { rd::rd_kafka_topic_partition_list_destroy(self.0) }
    }
}
