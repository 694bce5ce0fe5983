//! A small, living demo estate on a real broker: topics with configs, a producer, and
//! consumer groups that really consume and commit. Used by `tributary demo-estate`
//! (the README's demo) and by the integration tests.
//!
//! - [`error`]: why a step of the demo's set-up failed.
//! - [`estate`]: what the estate holds (topics, their configs, who reads what).
//! - [`schemas`]: the estate's schemas (Confluent's datagen quickstarts), registered in a
//!   schema registry.
//! - [`traffic`]: creating the topics and running the producer and consumers.

pub mod error;
pub mod estate;
pub mod schemas;
pub mod traffic;
