//! Compliance reports' pure core: which topics a report covers and its sections built
//! from their facts ([`sections`]); the JSON document written section by section with
//! the hash of its bytes, and each section as CSV rows ([`document`]); the PDF for
//! people ([`pdf`]). No I/O: the
//! service gathers the inputs, the HTTP layer streams what this writes.

pub mod document;
pub mod pdf;
pub mod sections;
