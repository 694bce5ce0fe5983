//! The `tributary` binary: parses the command line and runs one command (see
//! [`tributary::cli`]); everything else lives in the library.

#![forbid(unsafe_code)]

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use tributary::cli::{AuditCommand, Cli, Command, TokenCommand, UserCommand};
use tributary::demo::error::DemoError;
use tributary::{
    access_cli, audit_cli, check_cli, config, demo, estate_check_cli, ingest_once, report_cli, serve, shutdown,
    telemetry,
};

/// Why a command failed, as the command line says it.
#[derive(Debug, thiserror::Error)]
enum CommandError {
    #[error(transparent)]
    Tributary(#[from] tributary::Error),
    #[error(transparent)]
    Config(#[from] tributary::config::ConfigError),
    #[error(transparent)]
    Demo(#[from] DemoError),
    #[error("continuous ingestion runs inside `tributary serve`; pass --once for a single read")]
    IngestNeedsOnce,
    #[error("at least one cluster could not be read")]
    SomeClusterUnread,
}

/// How long blocking work (a Kafka read in flight) may delay the exit after shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(run(cli));
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
    match outcome {
        // A command with its own exit codes (`audit verify`) says which.
        Ok(code) => code.unwrap_or(ExitCode::SUCCESS),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<Option<ExitCode>, CommandError> {
    match cli.command {
        Command::Serve => {
            let (config, source) = config::load(cli.config.as_deref(), std::env::vars())?;
            telemetry::init(cli.log_format.unwrap_or(config.server.log_format));
            serve::run(config, source, shutdown::signal()).await?;
            Ok(None)
        }
        Command::Ingest { once, cluster } => {
            if !once {
                return Err(CommandError::IngestNeedsOnce);
            }
            let (config, _) = config::load(cli.config.as_deref(), std::env::vars())?;
            telemetry::init(cli.log_format.unwrap_or(config.server.log_format));
            match ingest_once::run(config, cluster.as_deref()).await? {
                true => Ok(None),
                false => Err(CommandError::SomeClusterUnread),
            }
        }
        Command::DemoEstate { bootstrap_servers, registry_url } => {
            telemetry::init(cli.log_format.unwrap_or_default());
            demo::traffic::create_topics(&bootstrap_servers).await?;
            if let Some(url) = registry_url {
                let registered = demo::schemas::register(&url).await?;
                tracing::info!(registry = %url, subjects = registered.subjects, "demo schemas registered");
                for (file, reason) in registered.refused {
                    tracing::info!(%file, %reason, "the registry refused a datagen schema");
                }
            }
            let traffic = demo::traffic::Traffic::start(&bootstrap_servers)?;
            tracing::info!(%bootstrap_servers, "demo estate created; producing and consuming until interrupted");
            shutdown::signal().await;
            tokio::task::spawn_blocking(move || traffic.stop())
                .await
                .map_err(|source| tributary::Error::Internal { what: "stopping the demo traffic", source })?;
            Ok(None)
        }
        Command::Check { url, source, contracts, profiles, level, format, token, proposals, estate, cluster, base } => {
            if !estate.is_empty() {
                let against = match url {
                    Some(url) => match cluster {
                        Some(cluster) => estate_check_cli::EstateAgainst::Server { url, cluster, token },
                        None => {
                            eprintln!("error: --estate with --url needs --cluster (the alias the files describe)");
                            return Ok(Some(ExitCode::from(check_cli::EXIT_UNCHECKED)));
                        }
                    },
                    None => estate_check_cli::EstateAgainst::Standalone { base, profiles, cluster },
                };
                return Ok(Some(estate_check_cli::run(against, &estate, format).await));
            }
            let against = match (url, contracts) {
                (Some(url), _) => check_cli::Against::Server { url, source: source.unwrap_or_default(), token },
                (None, Some(root)) => check_cli::Against::Contracts { root, profiles, level },
                // clap requires one of the two.
                (None, None) => return Ok(Some(ExitCode::from(check_cli::EXIT_UNCHECKED))),
            };
            Ok(Some(check_cli::run(against, &proposals, format).await))
        }
        Command::Report { url, profile, cluster, topics, from, to, format, section, by, output, token } => {
            let parameters = vec![
                ("profile", profile),
                ("cluster", cluster),
                ("topics", topics),
                ("from", from),
                ("to", to),
                ("format", Some(format.as_str().to_owned())),
                ("section", section),
                ("by", by),
            ];
            Ok(Some(report_cli::run(report_cli::ReportDownload { url, token, parameters, output }).await))
        }
        Command::Audit { command: AuditCommand::Verify { expect_head } } => {
            // A configuration that cannot be read leaves the log unchecked (2), not broken (1).
            let config = match config::load(cli.config.as_deref(), std::env::vars()) {
                Ok((config, _)) => config,
                Err(error) => {
                    eprintln!("error: {error}");
                    return Ok(Some(ExitCode::from(audit_cli::EXIT_UNCHECKED)));
                }
            };
            Ok(Some(audit_cli::verify(&config, expect_head.as_deref()).await))
        }
        Command::User { command } => {
            let command = match command {
                UserCommand::Add { name, role } => access_cli::AccessCommand::AddUser { name, role },
            };
            run_access(cli.config.as_deref(), command).await
        }
        Command::Token { command } => {
            let command = match command {
                TokenCommand::Add { user, scopes, label, days } => {
                    access_cli::AccessCommand::AddToken { user, scopes, label, days }
                }
                TokenCommand::List { user } => access_cli::AccessCommand::ListTokens { user },
                TokenCommand::Revoke { id } => access_cli::AccessCommand::RevokeToken { id },
            };
            run_access(cli.config.as_deref(), command).await
        }
        Command::RegistryDouble { listen, answers } => {
            telemetry::init(cli.log_format.unwrap_or_default());
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .map_err(|source| tributary::Error::Listen { address: listen, source })?;
            tracing::info!(%listen, ?answers, "schema registry test double listening (in memory; for tests and the demo)");
            let registry = tributary::registry_double::Registry::answering(answers);
            tributary::registry_double::serve_registry(listener, registry, shutdown::signal())
                .await
                .map_err(tributary::Error::Serving)?;
            Ok(None)
        }
    }
}

/// Runs an account or token command on the configured store (a configuration that
/// cannot be read: exit 2, nothing done).
async fn run_access(
    config_path: Option<&std::path::Path>,
    command: access_cli::AccessCommand,
) -> Result<Option<ExitCode>, CommandError> {
    match config::load(config_path, std::env::vars()) {
        Ok((config, _)) => Ok(Some(access_cli::run(&config, command).await)),
        Err(error) => {
            eprintln!("error: {error}");
            Ok(Some(ExitCode::from(2)))
        }
    }
}
