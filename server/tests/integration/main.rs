//! Every integration test, in one program: one executable to link instead of 27, each of
//! which linked rdkafka, Leptos and the whole server (about 190 MB apiece). Each module
//! is what was a test program of its own; they share [`support`]: real brokers, the
//! real server, an OpenID Connect provider, on free ports of 127.0.0.1.
//!
//! Run one part with a filter: `cargo test -p server --features ssr --test integration
//! -- audit_log::`.

mod support;

mod access;
mod acls;
mod apache_kafka;
mod apache_kafka_connect;
mod apache_kafka_writers;
mod audit_log;
mod catalog_api;
mod change_events;
mod check;
mod cluster_overview;
mod compliance;
mod compliance_estate;
mod estate_as_code;
mod group_members;
mod held_versions;
mod hostile_requests;
mod http_surface;
mod ingest_once;
mod lineage;
mod offsets_topic;
mod oidc_sign_in;
mod registry_auth;
mod registry_double;
mod registry_quietness;
mod schema_directory;
mod schemas;
mod secrets;
mod store;
mod tls_listener;
