//! The `tributary` server: web app, API, ingestion and store.
//!
//! # Layout
//! - [`cli`]: the command line.
//! - [`config`]: the TOML configuration with environment overrides, and its checks.
//! - [`serve`]: `tributary serve`, wiring everything below together.
//! - [`audit_cli`]: `tributary audit verify`, the audit log's chain checked.
//! - [`report_cli`]: `tributary report`, a compliance report downloaded with progress.
//! - [`check_cli`]: `tributary check`, proposed schemas judged for CI.
//! - [`estate_check_cli`]: `tributary check --estate`, proposed estate files judged for CI.
//! - [`ingest_once`]: `tributary ingest --once`, one read of each cluster with progress.
//! - [`service`]: the use cases, one place each; everything below the edges calls these.
//! - the pure core (catalog, lineage, schemas, classification, compliance, reports, the
//!   audit chain, configuration values) is the `tributary-core` crate (`crates/core`);
//!   the model types are the `tributary-model` crate (`crates/model`).
//! - [`drivers`]: the pollers and watchers that run on a timer and call the services.
//! - [`ingest`]: the adapters that read Kafka (rdkafka), registries, Connect and files.
//! - [`store`]: persistence in SQLite or PostgreSQL (sqlx).
//! - [`access`]: Tributary's own access control (roles, the policy table, secrets, rate
//!   limits); pure. A cluster's Kafka ACLs are "ACLs" everywhere (`model::acls`).
//! - [`openid`]: sign-in through an OpenID Connect provider (adapter).
//! - [`http`]: the axum router: web app, JSON API, health and readiness.
//! - [`registry_double`]: a Confluent Schema Registry test double for tests and the demo.
//! - [`demo`]: a living demo estate for the README's demo and the integration tests.
//! - [`telemetry`], [`shutdown`], [`clock`]: logging, signals, wall-clock time.
//! - [`error`]: the crate's one error type.

#![deny(unsafe_code)]

pub mod access;
pub mod access_cli;
pub mod audit_cli;
pub mod check_cli;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod drivers;
pub mod error;
pub mod estate_check_cli;
pub mod http;
pub mod ingest;
pub mod ingest_once;
pub mod openid;
pub mod registry_double;
pub mod report_cli;
pub mod serve;
pub mod service;
pub mod shutdown;
pub mod store;
pub mod telemetry;

pub use error::{Error, Result};
