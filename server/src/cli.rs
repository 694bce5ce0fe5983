//! The command line: `tributary [--config FILE] <command>`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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
    /// Check proposed schemas before they ship (for CI): compatibility, what they reach
    /// downstream, and the compliance profile rules they would break. Against a running
    /// Tributary (`--url`) or standalone on a contracts directory (`--contracts`).
    /// Exit 0: every proposal passes; 1: one is blocked; 2: could not check (unreachable,
    /// unreadable or unparseable input, with the file and line).
    Check {
        /// A running Tributary's base URL (`http://catalog:3000`).
        #[arg(long, conflicts_with = "contracts", required_unless_present_any = ["contracts", "estate"])]
        url: Option<String>,
        /// The schema source (registry or directory) the subjects belong to, by its
        /// configured name; with `--url`.
        #[arg(long, requires = "url", required_unless_present_any = ["contracts", "estate"])]
        source: Option<String>,
        /// Check proposed desired-state files (JulieOps, kafka-gitops, Terraform JSON)
        /// instead of schemas: the topics and ACLs they change, what new rights reach,
        /// the profile rules they break. With `--url` and `--cluster`, or standalone.
        #[arg(long, num_args = 1.., value_name = "FILE", conflicts_with_all = ["contracts", "proposals"])]
        estate: Vec<PathBuf>,
        /// With `--estate`: the cluster (its alias) the files describe.
        #[arg(long, requires = "estate")]
        cluster: Option<String>,
        /// With `--estate`, standalone: the files of the code in force (the base branch).
        #[arg(long, num_args = 1.., value_name = "FILE", requires = "estate", conflicts_with = "url")]
        base: Vec<PathBuf>,
        /// Standalone: the contracts directory as it is now (the proposals are compared
        /// with its files, and their imports resolve against it).
        #[arg(long)]
        contracts: Option<PathBuf>,
        /// Standalone: the compliance profiles' directory.
        #[arg(long, conflicts_with = "url")]
        profiles: Option<PathBuf>,
        /// Standalone: the compatibility level of Tributary's own check.
        #[arg(long, requires = "contracts", default_value = "BACKWARD")]
        level: String,
        /// `human` (the default) or `json`.
        #[arg(long, value_enum, default_value = "human")]
        format: crate::check_cli::OutputFormat,
        /// An API token with the `read` scope, for a Tributary that has accounts (better
        /// in the environment than on a command line others can see).
        #[arg(long, env = "TRIBUTARY_TOKEN", hide_env_values = true, requires = "url")]
        token: Option<String>,
        /// The proposals: `SUBJECT=FILE` each (`shop.orders-value=schemas/order.avsc`); the
        /// format follows the file's extension (`.avsc`/`.avro`, `.proto`, `.json`).
        #[arg(required_unless_present = "estate", value_name = "SUBJECT=FILE")]
        proposals: Vec<String>,
    },
    /// Download a compliance report from a running Tributary, with progress on stderr.
    Report {
        /// A running Tributary's base URL.
        #[arg(long)]
        url: String,
        /// Only the topics this profile covers.
        #[arg(long)]
        profile: Option<String>,
        /// Only this cluster's topics.
        #[arg(long)]
        cluster: Option<String>,
        /// Only these topics (`cluster/topic`), comma-separated.
        #[arg(long)]
        topics: Option<String>,
        /// The period's start: a date (`2026-11-01`), a UTC time or Unix ms.
        #[arg(long)]
        from: Option<String>,
        /// The period's end, as `--from`: the report is as of then (default: now).
        #[arg(long)]
        to: Option<String>,
        /// `json` (the whole report), `csv` (one section) or `pdf` (the whole report, for
        /// people).
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
        /// With `--format csv`: inventory, records, violations or changes.
        #[arg(long)]
        section: Option<String>,
        /// Who the cover names as asking for it.
        #[arg(long, env = "USER")]
        by: Option<String>,
        /// Where to write it.
        #[arg(long, short)]
        output: PathBuf,
        /// An API token with the `reports` scope, for a Tributary that has accounts.
        #[arg(long, env = "TRIBUTARY_TOKEN", hide_env_values = true)]
        token: Option<String>,
    },
    /// The audit log of changes made through Tributary.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Accounts: `tributary user add NAME --role ROLE` (the password from a prompt, or
    /// from standard input when it is not a terminal; never an argument).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// API tokens: made for an account (the secret printed once), listed, revoked.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
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

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account. Exit 0: added; 1: refused (name taken, short password); 2: the
    /// store could not be used.
    Add {
        /// The account's name (what sign-in asks for, and what the audit log shows).
        name: String,
        /// `viewer`, `steward`, `compliance-officer` or `admin`.
        #[arg(long)]
        role: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Make a token for an account; its secret goes to stdout, once.
    Add {
        /// The account it acts for.
        #[arg(long)]
        user: String,
        /// Comma-separated: read, lineage:write, tags:write, reports.
        #[arg(long, default_value = "read")]
        scopes: String,
        /// What it is for.
        #[arg(long, default_value = "made on the command line")]
        label: String,
        /// Days until it expires (1 to 366; 90 by default).
        #[arg(long)]
        days: Option<i64>,
    },
    /// List tokens (id, account, scopes, label, state), one per line.
    List {
        /// Only this account's.
        #[arg(long)]
        user: Option<String>,
    },
    /// Revoke a token by its id.
    Revoke { id: String },
}

/// What `tributary report` asks for: the API's `format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Json,
    Csv,
    Pdf,
}

impl ReportFormat {
    /// The value of the API's `format` parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
            ReportFormat::Pdf => "pdf",
        }
    }
}
