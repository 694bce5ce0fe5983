//! Which schema fields hold personal or sensitive data, and why: pure, no I/O.
//!
//! - [`rules`]: the name rules (built in, then the configuration's additions, disabled
//!   rules and exclusions), matched on a field's normalised name and its doc.
//! - [`builtin`]: the built-in rules' table; [`Category`]: the categories it gives.
//! - [`decisions`]: stewards' decisions applied over tags and rules.
//! - [`classify`]: a schema tree's fields with their categories and where each came
//!   from (a schema tag, a name rule).
//!
//! A field's name is normalised first (`phoneNumber`, `Phone-Number` and `phone_number`
//! all read `phone_number`). A rule does not fire when the name goes on past what the
//! rule matched into an identifier, hash, code, amount or type (`email_sha256`,
//! `country_code`, `message_id`, `phone_type`): such a field is *about* the personal
//! datum, not the datum itself.

mod builtin;
mod category;
pub mod classify;
pub mod decisions;
pub mod rules;

#[cfg(test)]
mod evaluation_tests;

pub use classify::{classify, ClassifiedField, Provenance};
pub use decisions::apply_decisions;
pub use rules::{Category, RuleError, RuleSet};
