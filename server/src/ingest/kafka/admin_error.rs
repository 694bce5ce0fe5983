//! Why an Admin API call that Tributary makes through the FFI failed: librdkafka's
//! failure kept as a type ([`AdminFailure`]), with the name of the call around it.

use super::ffi::AdminFailure;

/// A failed Admin API call (DescribeAcls, ListOffsets, …).
#[derive(Debug, thiserror::Error)]
pub enum AdminCallError {
    #[error("{call}: {source}")]
    Failed {
        /// The Kafka request, as the protocol names it.
        call: &'static str,
        #[source]
        source: AdminFailure,
    },
    /// A name librdkafka takes as a C string cannot hold a NUL byte (Kafka names may).
    #[error("{what} {name:?} contains a NUL byte and cannot be asked about")]
    NulByte { what: &'static str, name: String },
}

impl AdminCallError {
    /// Wraps the failure of `call`: `ffi::describe_acls(…).map_err(AdminCallError::of("DescribeAcls"))`.
    pub fn of(call: &'static str) -> impl FnOnce(AdminFailure) -> AdminCallError {
        move |source| AdminCallError::Failed { call, source }
    }
}
