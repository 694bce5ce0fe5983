//! The `tributary` server: web app, API, ingestion and store.
//!
//! # Layout
//! - [`cli`]: the command line.
//! - [`config`]: the TOML configuration with environment overrides, and its checks.
//! - [`serve`]: `tributary serve`, wiring everything below together.
//! - [`audit_cli`]: `tributary audit verify`, the audit log's chain checked.
//! - [`report_cli`]: `tributary report`, a compliance report downloaded with progress.
//! - [`check_cli`]: `tributary check`, proposed schemas judged for CI.
//! - [`ingest_once`]: `tributary ingest --once`, one read of each cluster with progress.
//! - [`service`]: the use cases, one place each; everything below the edges calls these.
//! - [`catalog`]: the in-memory catalog that pages and the API read; pure, no I/O.
//! - [`ingest`]: reading Kafka clusters (rdkafka) and keeping the catalog current.
//! - [`lineage`]: the lineage graph and its queries; pure, no I/O.
//! - [`schema`]: schema parsing into field trees; pure, no I/O.
//! - [`classification`]: which fields hold personal or sensitive data, and why; pure.
//! - [`compliance`]: compliance profiles, their scope and rules, and what breaks them; pure.
//! - [`report`]: compliance reports' sections and their JSON and CSV; pure.
//! - [`audit`]: the audit log's entries, their hash chain and its check; pure.
//! - [`store`]: persistence in SQLite or PostgreSQL (sqlx).
//! - [`openid`]: sign-in through an OpenID Connect provider (adapter).
//! - [`http`]: the axum router: web app, JSON API, health and readiness.
//! - [`registry_double`]: a Confluent Schema Registry test double for tests and the demo.
//! - [`demo`]: a living demo estate for the README's demo and the integration tests.
//! - [`telemetry`], [`shutdown`], [`clock`]: logging, signals, wall-clock time.
//! - [`error`]: the crate's one error type.

pub mod access_cli;
pub mod audit;
pub mod audit_cli;
pub mod auth;
pub mod catalog;
pub mod check_cli;
pub mod classification;
pub mod cli;
pub mod clock;
pub mod compliance;
pub mod config;
pub mod demo;
pub mod error;
pub mod http;
pub mod ingest;
pub mod ingest_once;
pub mod lineage;
pub mod openid;
pub mod registry_double;
pub mod report;
pub mod report_cli;
pub mod schema;
pub mod serve;
pub mod service;
pub mod shutdown;
pub mod store;
pub mod telemetry;

pub use error::{Error, Result};
