//! Compliance profiles and what breaks them: pure, no I/O.
//!
//! - [`profile`]: a profile file parsed (scope and rules), with errors naming the line;
//!   [`ProfilesRead`]: a directory's files parsed, each broken one an error of its own.
//! - [`facts`]: the facts about each topic that rules ask about, gathered by the service.
//! - [`protection`]: whether a data-contract rule encrypts or masks a field as written.
//! - [`propagation`]: personal data carried downstream through applications, stopped by
//!   a schema of the topic's own or a masking application.
//! - [`entity`]: what identifies one person in a profile's topics; [`erasure`]: the
//!   plan to erase one person's data, place by place.
//! - [`lifespan`]: how long each topic's personal data can persist anywhere it flows.
//! - [`evaluate`]: which topics each profile covers, and each rule a topic breaks;
//!   `estate_rules`: the guardrails over the estate's code.
//! - [`personal_data`]: the inventory of personal data and the readers matrix.
//! - [`proposal`]: the rules a proposed schema would break, before it ships.
//! - [`reconcile`]: an evaluation's findings against the violations already open.

pub mod entity;
pub mod erasure;
mod estate_rules;
mod evaluate;
pub mod facts;
pub mod lifespan;
pub mod personal_data;
pub mod profile;
mod profiles_read;
pub mod propagation;
pub mod proposal;
pub mod protection;
pub mod reconcile;

pub use evaluate::{evaluate, in_scope, Finding};
pub use facts::{
    apply_topic_tags, EstateFacts, Flow, PersonalField, Propagated, Reading, SchemaFacts, StoppedFlow, TopicFacts,
};
pub use lifespan::{add_lifespans, SinkClasses};
pub use profile::{Profile, ProfileError};
pub use profiles_read::{ProfileFile, ProfilesRead};
pub use propagation::propagate;
pub use reconcile::{reconcile, Reconciled};
