//! Compliance profiles and what breaks them: pure, no I/O.
//!
//! - [`profile`]: a profile file parsed (scope and rules), with errors naming the line.
//! - [`facts`]: the facts about each topic that rules ask about, gathered by the service.
//! - [`protection`]: whether a data-contract rule encrypts or masks a field as written.
//! - [`evaluate`]: which topics each profile covers, and each rule a topic breaks.
//! - [`reconcile`]: an evaluation's findings against the violations already open.

pub mod evaluate;
pub mod facts;
pub mod profile;
pub mod protection;
pub mod reconcile;

pub use evaluate::{evaluate, in_scope, Finding};
pub use facts::{Flow, SchemaFacts, TopicFacts, UnprotectedField};
pub use profile::{Profile, ProfileError};
pub use reconcile::{reconcile, Reconciled};
