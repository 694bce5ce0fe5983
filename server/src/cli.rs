//! The command line: `tributary [--config FILE] <command>`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::LogFormat;

#[derive(Debug, Parser)]
#[command(name = "tributary", version, about = "Data lineage and catalog for Apache Kafka estates")]
pub struct Cli {
    /// Configuration file (TOML). Without it, ./tributary.toml is read if present.
    #[arg(long, short, global = true, env = "TRIBUTARY_CONFIG")]
    pub config: Option<PathBuf>,

    /// Log format; overrides `server.log_format`.
    #[arg(long, global = true, value_enum)]
    pub log_format: Option<LogFormat>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app and the API, and keep the catalog current.
    Serve,
    /// Read the configured clusters once into the store, with progress and a summary.
    /// (Continuous ingestion runs inside `serve`.)
    Ingest {
        /// Required: one full read, then exit.
        #[arg(long)]
        once: bool,
        /// Only this cluster (its alias).
        #[arg(long)]
        cluster: Option<String>,
    },
    /// Create a small demo estate on a broker and keep it busy until interrupted:
    /// topics with configs, a producer, and consumer groups that consume and commit.
    DemoEstate {
        /// The broker to populate.
        #[arg(long, default_value = "127.0.0.1:9092")]
        bootstrap_servers: String,
        /// A schema registry to register the demo topics' schemas in.
        #[arg(long)]
        registry_url: Option<String>,
    },
    /// The audit log of changes made through Tributary.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Serve the Confluent Schema Registry test double (in memory) for tests and the
    /// demo. Not a registry for real use: it keeps nothing.
    RegistryDouble {
        #[arg(long, default_value = "127.0.0.1:8081")]
        listen: std::net::SocketAddr,
        /// Whose answers to give where registries differ from Confluent's.
        #[arg(long, value_enum, default_value = "confluent")]
        answers: crate::registry_double::Answers,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that the stored audit log is the one Tributary wrote: every entry's hash
    /// and its link to the entry before. Exit 0: intact; 1: broken (the first entry that
    /// breaks it is named); 2: the store could not be read.
    Verify {
        /// The head hash printed by an earlier check, kept elsewhere: the log must still
        /// contain that entry (a chain alone cannot show entries cut off at its end).
        #[arg(long)]
        expect_head: Option<String>,
    },
}
