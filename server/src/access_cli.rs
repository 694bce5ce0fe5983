//! `tributary user add` and `tributary token add|list|revoke`: accounts and API tokens
//! made from the command line, on the configured store (the first admin is made here:
//! there is no default password). A password is read from a prompt that does not echo,
//! or from standard input when that is not a terminal; never from an argument, which
//! other users of the machine could see.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;
use std::sync::Arc;

use crate::access::{Role, Scope};
use crate::config::Config;
use crate::service::{ServiceError, Services};
use crate::store::Store;
use tributary_core::catalog::{ClusterCatalog, RegistryCatalog};

/// Who the audit log names for accounts and tokens made on the command line.
const COMMAND_LINE: &str = "command line";

/// What to do.
pub enum AccessCommand {
    AddUser { name: String, role: String },
    AddToken { user: String, scopes: String, label: String, days: Option<i64> },
    ListTokens { user: Option<String> },
    RevokeToken { id: String },
}

/// Runs `command` on the configured store: exit 0 when done, 1 when refused (the
/// message says why), 2 when the store could not be used.
pub async fn run(config: &Config, command: AccessCommand) -> ExitCode {
    let services = match open(config).await {
        Ok(services) => services,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let outcome = execute(&services, command).await;
    services.close().await;
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(ServiceError::Failed(error)) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
        Err(refused) => {
            eprintln!("error: {refused}");
            ExitCode::from(1)
        }
    }
}

async fn open(config: &Config) -> crate::Result<Services> {
    let store = Store::open(&config.store.url).await?;
    let catalog = Arc::new(ClusterCatalog::new(&[], Default::default(), config.ingest.lag_threshold));
    Services::restore(catalog, Arc::new(RegistryCatalog::new(&[], &[])), store, &[]).await
}

async fn execute(services: &Services, command: AccessCommand) -> Result<(), ServiceError> {
    match command {
        AccessCommand::AddUser { name, role } => {
            let role = Role::parse(&role).ok_or_else(|| {
                ServiceError::invalid(format!("`{role}` is not a role: viewer, steward, compliance-officer, admin"))
            })?;
            let password = read_password(&name)?;
            services.add_account(&name, role, &password, COMMAND_LINE).await?;
            eprintln!("account `{}` added with the role {role}", name.trim());
        }
        AccessCommand::AddToken { user, scopes, label, days } => {
            let scopes = Scope::parse_list(&scopes).map_err(ServiceError::Invalid)?;
            let made = services.create_token(&user, &label, &scopes, days, COMMAND_LINE).await?;
            eprintln!(
                "token {} for `{user}` ({}), expires {}; shown once:",
                made.token.id,
                made.token.scopes.join(", "),
                model::freshness::utc_label(made.token.expires_at_ms)
            );
            println!("{}", made.secret);
        }
        AccessCommand::ListTokens { user } => {
            for token in services.tokens(user.as_deref()).await? {
                let state = match (token.revoked_at_ms, token.expires_at_ms <= crate::clock::now_ms()) {
                    (Some(_), _) => "revoked",
                    (None, true) => "expired",
                    (None, false) => "active",
                };
                println!("{}\t{}\t{}\t{}\t{state}", token.id, token.account, token.scopes.join(","), token.label);
            }
        }
        AccessCommand::RevokeToken { id } => {
            let admin = crate::access::Principal::Account { name: COMMAND_LINE.into(), role: Role::Admin };
            let token = services.revoke_token(&id, &admin).await?;
            eprintln!("token {id} of `{}` revoked", token.account);
        }
    }
    Ok(())
}

/// The new account's password: prompted for twice without echo on a terminal, else the
/// first line of standard input.
fn read_password(name: &str) -> Result<String, ServiceError> {
    let unreadable = |error: std::io::Error| ServiceError::invalid(format!("could not read the password: {error}"));
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("password for {name}: ")).map_err(unreadable)?;
        let again = rpassword::prompt_password("the same again: ").map_err(unreadable)?;
        if first != again {
            return Err(ServiceError::invalid("the two passwords differ"));
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(unreadable)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
