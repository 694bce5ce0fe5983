//! Tributary's pure core: everything the product knows and decides, with no I/O.
//!
//! The server (`server/`) drives it: it reads clusters, registries and files, keeps the
//! store, serves HTTP, and hands what it read to these modules. This crate depends on
//! the `model` crate only (no tokio, sqlx, rdkafka, reqwest or Leptos), so a layer
//! broken by an import fails to compile, and every module is unit-tested in place.
//!
//! - [`catalog`]: the in-memory catalog that pages and the API read, and its joins.
//! - [`lineage`]: the lineage graph and its queries.
//! - [`schema`]: schema parsing into field trees, compatibility between versions.
//! - [`classification`]: which fields hold personal or sensitive data, and why.
//! - [`compliance`]: compliance profiles, their scope and rules, and what breaks them.
//! - [`report`]: compliance reports' sections and their JSON, CSV and PDF.
//! - [`audit`]: the audit log's entries, their hash chain and its check.
//! - [`estate`]: topics, ACLs and services as code (JulieOps, kafka-gitops, Terraform) and drift.
//! - [`config`]: the configuration's value types and defaults (the server loads them).

#![forbid(unsafe_code)]

pub mod audit;
pub mod catalog;
pub mod classification;
pub mod compliance;
pub mod config;
pub mod estate;
pub mod lineage;
pub mod report;
pub mod schema;
#[cfg(test)]
mod test_support;
