//! The audit log's pure core: what an entry is made of before it is written (a
//! [`Draft`]), how it is chained to the one before (its hash), and how a stored log is
//! checked ([`verify`]); its entries as CSV cells that spreadsheets cannot run
//! ([`csv`]); which entries a reader asks for ([`AuditFilter`]). No I/O: the store
//! appends, the service decides what to audit.

mod chain;
pub mod csv;
mod draft;
mod filter;

pub use chain::{entry_hash, verify, GENESIS_HASH};
pub use draft::Draft;
pub use filter::AuditFilter;
