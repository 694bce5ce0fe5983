//! Accounts, API tokens and browser sessions: who is asking, and the changes to who may.
//! Making an account or a token and revoking a token are audited; a token's or a
//! session's secret is returned once and stored only as a hash.

use std::sync::atomic::Ordering;

use model::{AccountView, ApiToken, CreatedToken};

use super::{ServiceError, Services};
use crate::access::secrets::{hash_password, new_token, password_matches, random_secret, secret_hash, TOKEN_PREFIX};
use crate::access::{anonymous_access, AnonymousAccess, Credential, Principal, Role, Scope};
use crate::clock::now_ms;
use crate::store::accounts::{StoredAccount, StoredToken};
use tributary_core::audit::Draft;

/// A token's life when its maker names none.
pub const DEFAULT_TOKEN_DAYS: i64 = 90;
/// The longest life a token may be given.
pub const MAX_TOKEN_DAYS: i64 = 366;
/// A token's last use is recorded to this precision (one write a minute at most).
const LAST_USED_PRECISION_MS: i64 = 60_000;
/// A session ends after this long without a request.
pub const SESSION_IDLE_MS: i64 = 2 * 60 * 60 * 1000;
/// A session ends this long after sign-in, however active.
pub const SESSION_ABSOLUTE_MS: i64 = 12 * 60 * 60 * 1000;
/// A session's last request is recorded to this precision.
const SESSION_SEEN_PRECISION_MS: i64 = 60_000;
/// The longest account name and token label.
const MAX_NAME_CHARS: usize = 200;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// Checked when the account does not exist, so that a wrong name costs as long as a
/// wrong password (no telling which names exist by timing).
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$tXt9UM6l5jv5d8J1gmj0gyWZbCoyFsB1yr9Jyg1qDhA";

/// A browser session just begun: its id (the cookie's value) and CSRF token.
pub struct NewSession {
    pub id: String,
    pub csrf: String,
}

/// A session's account, as a request's middleware needs it.
#[derive(Clone, Debug)]
pub struct SessionHolder {
    pub account: String,
    pub role: Role,
    pub csrf: String,
}

impl Services {
    /// What callers who are not signed in may do now.
    pub fn anonymous_access(&self) -> AnonymousAccess {
        // With a sign-in provider, people have accounts even before the first is made.
        let accounts_exist = self.accounts_exist.load(Ordering::Acquire) || self.external_sign_in.is_some();
        anonymous_access(self.anonymous_configured, accounts_exist)
    }

    /// What callers who are not signed in may do, asking the store again while no
    /// account is known: the first may have been made on the command line, or by another
    /// replica, and the first-run mode must end the moment it exists.
    pub async fn current_anonymous_access(&self) -> Result<AnonymousAccess, ServiceError> {
        if !self.accounts_exist.load(Ordering::Acquire) {
            self.refresh_accounts_exist().await?;
        }
        Ok(self.anonymous_access())
    }

    /// Whether any account exists (read again from the store: another replica, or the
    /// command line, may have made the first).
    pub async fn refresh_accounts_exist(&self) -> Result<bool, ServiceError> {
        let exist = self.store.count_accounts().await? > 0;
        self.accounts_exist.store(exist, Ordering::Release);
        Ok(exist)
    }

    /// Makes account `name` with `role` and `password`, audited as done by `by`.
    pub async fn add_account(
        &self,
        name: &str,
        role: Role,
        password: &str,
        by: &str,
    ) -> Result<AccountView, ServiceError> {
        let name = checked_name(name, "an account name")?;
        let owned = password.to_owned();
        let password_hash =
            self.password_work.run(move || hash_password(&owned)).await?.map_err(ServiceError::Invalid)?;
        let at_ms = now_ms();
        let account = StoredAccount {
            name: name.to_owned(),
            role: role.as_str().to_owned(),
            password_hash,
            created_at_ms: at_ms,
            sessions_valid_after_ms: 0,
        };
        let shown = AccountView { name: name.to_owned(), role: role.as_str().to_owned(), created_at_ms: at_ms };
        let audit = Draft::new(at_ms, by, "account_added", name.to_owned(), "", None::<&()>, Some(&shown));
        if !self.store.add_account(&account, &audit).await? {
            return Err(ServiceError::Conflict(format!("an account named `{name}` exists already")));
        }
        self.accounts_exist.store(true, Ordering::Release);
        Ok(shown)
    }

    pub async fn accounts(&self) -> Result<Vec<AccountView>, ServiceError> {
        let accounts = self.store.list_accounts().await?;
        Ok(accounts
            .into_iter()
            .map(|account| AccountView { name: account.name, role: account.role, created_at_ms: account.created_at_ms })
            .collect())
    }

    /// Makes a token for `account` (which must exist) with `scopes` (each one its role
    /// grants), living `days` (90 when `None`); the secret is in the answer and nowhere
    /// else.
    pub async fn create_token(
        &self,
        account: &str,
        label: &str,
        scopes: &[Scope],
        days: Option<i64>,
        by: &str,
    ) -> Result<CreatedToken, ServiceError> {
        let label = checked_name(label, "a token label")?;
        if scopes.is_empty() {
            return Err(ServiceError::invalid(
                "a token needs at least one scope: read, lineage:write, tags:write, reports",
            ));
        }
        let days = days.unwrap_or(DEFAULT_TOKEN_DAYS);
        if !(1..=MAX_TOKEN_DAYS).contains(&days) {
            return Err(ServiceError::invalid(format!("a token lives 1 to {MAX_TOKEN_DAYS} days, not {days}")));
        }
        let Some(holder) = self.store.account(account).await? else {
            return Err(ServiceError::not_found(format!("no account is named `{account}`")));
        };
        let role = Role::parse(&holder.role).unwrap_or(Role::Viewer);
        if let Some(beyond) = scopes.iter().find(|scope| !role.grants(**scope)) {
            return Err(ServiceError::invalid(format!(
                "an account with the role {role} cannot use the `{beyond}` scope"
            )));
        }
        let secret = new_token();
        let at_ms = now_ms();
        let stored = StoredToken {
            id: random_secret()[..12].to_owned(),
            account: account.to_owned(),
            label: label.to_owned(),
            scopes: scopes.iter().map(|scope| scope.as_str()).collect::<Vec<_>>().join(","),
            created_at_ms: at_ms,
            expires_at_ms: at_ms + days * DAY_MS,
            revoked_at_ms: 0,
            last_used_ms: 0,
        };
        let token = token_view(stored.clone());
        let audit =
            Draft::new(at_ms, by, "token_created", format!("{account}/{}", token.id), "", None::<&()>, Some(&token));
        self.store.add_token(&stored, &secret_hash(&secret), &audit).await?;
        Ok(CreatedToken { token, secret })
    }

    /// The tokens of `account` (every account's when `None`), newest first.
    pub async fn tokens(&self, account: Option<&str>) -> Result<Vec<ApiToken>, ServiceError> {
        Ok(self.store.list_tokens(account).await?.into_iter().map(token_view).collect())
    }

    /// Revokes token `id` for `caller`: its owner or an admin.
    pub async fn revoke_token(&self, id: &str, caller: &Principal) -> Result<ApiToken, ServiceError> {
        let missing = || ServiceError::not_found(format!("no token has the id `{id}`"));
        let token = self.store.token(id).await?.ok_or_else(missing)?;
        let by = caller.actor().unwrap_or_default();
        let admin = matches!(caller, Principal::Account { role: Role::Admin, .. });
        if token.account != by && !admin {
            // Someone else's token is, to this caller, not there.
            return Err(missing());
        }
        let at_ms = now_ms();
        let before = token_view(token.clone());
        let after = ApiToken { revoked_at_ms: Some(at_ms), ..before.clone() };
        let audit =
            Draft::new(at_ms, by, "token_revoked", format!("{}/{id}", token.account), "", Some(&before), Some(&after));
        if !self.store.revoke_token(id, at_ms, &audit).await? {
            return Err(ServiceError::Conflict(format!("token `{id}` was revoked already")));
        }
        self.credentials_changed.send_modify(|revision| *revision += 1);
        Ok(after)
    }

    /// Who a bearer token speaks for; says why not when it does not.
    pub async fn token_principal(&self, secret: &str) -> Result<Principal, ServiceError> {
        let refused = |why: &str| Err(ServiceError::NotSignedIn(why.to_owned()));
        if !secret.starts_with(TOKEN_PREFIX) {
            return refused("the bearer token is not a Tributary API token");
        }
        let Some(holder) = self.store.token_by_secret(&secret_hash(secret)).await? else {
            return refused("the bearer token is not known");
        };
        let at_ms = now_ms();
        if holder.token.revoked_at_ms != 0 {
            return refused("the bearer token was revoked");
        }
        if holder.token.expires_at_ms <= at_ms {
            return refused("the bearer token has expired");
        }
        let Some(role) = Role::parse(&holder.role) else { return refused("the token's account has no known role") };
        if at_ms - holder.token.last_used_ms >= LAST_USED_PRECISION_MS {
            self.store.touch_token(&holder.token.id, at_ms).await?;
        }
        let scopes = holder.token.scopes.split(',').filter_map(Scope::parse).collect();
        Ok(Principal::Token { account: holder.token.account, role, scopes })
    }

    /// Signs `name` in with `password`: a new session (a fresh id: never one the browser
    /// brought), or why not, in words that do not tell which of the two was wrong.
    pub async fn sign_in(&self, name: &str, password: &str) -> Result<NewSession, ServiceError> {
        let account = self.store.account(name).await?;
        let stored = account.as_ref().map_or(DUMMY_HASH, |account| account.password_hash.as_str()).to_owned();
        let owned = password.to_owned();
        let matches = self.password_work.run(move || password_matches(&owned, &stored)).await?;
        let Some(account) = account.filter(|account| matches && !account.password_hash.is_empty()) else {
            return Err(ServiceError::NotSignedIn("that name and password do not match an account".into()));
        };
        let session = NewSession { id: random_secret(), csrf: random_secret() };
        self.store.add_session(&secret_hash(&session.id), &account.name, &session.csrf, now_ms()).await?;
        Ok(session)
    }

    /// The account of session `id`, while the session lives.
    pub async fn session(&self, id: &str) -> Result<Option<SessionHolder>, ServiceError> {
        let id_hash = secret_hash(id);
        let Some(session) = self.store.session(&id_hash).await? else { return Ok(None) };
        let at_ms = now_ms();
        let expired = at_ms - session.last_seen_ms > SESSION_IDLE_MS
            || at_ms - session.created_at_ms > SESSION_ABSOLUTE_MS
            || session.created_at_ms < session.sessions_valid_after_ms;
        if expired {
            self.store.remove_session(&id_hash).await?;
            return Ok(None);
        }
        let Some(role) = Role::parse(&session.role) else { return Ok(None) };
        if at_ms - session.last_seen_ms >= SESSION_SEEN_PRECISION_MS {
            self.store.touch_session(&id_hash, at_ms).await?;
        }
        Ok(Some(SessionHolder { account: session.account, role, csrf: session.csrf }))
    }

    /// Ends session `id`.
    pub async fn sign_out(&self, id: &str) -> Result<(), ServiceError> {
        self.store.remove_session(&secret_hash(id)).await?;
        self.credentials_changed.send_modify(|revision| *revision += 1);
        Ok(())
    }

    /// Ends every session of `account`.
    pub async fn sign_out_everywhere(&self, account: &str) -> Result<(), ServiceError> {
        self.store.end_sessions(account, now_ms()).await?;
        self.credentials_changed.send_modify(|revision| *revision += 1);
        Ok(())
    }

    /// Wakes when a session ends or a token is revoked here (another replica's are
    /// noticed by [`Services::credential_holds`] checked on a timer).
    pub fn credentials_changes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.credentials_changed.subscribe()
    }

    /// Whether `credential` still identifies its caller: the session lives, the token is
    /// neither revoked nor expired. A store that cannot answer keeps it (a stream is not
    /// cut for a failed read; the next check asks again).
    pub async fn credential_holds(&self, credential: &Credential) -> bool {
        match credential {
            Credential::Anonymous => true,
            Credential::Session(id) => !matches!(self.session(id).await, Ok(None)),
            Credential::Token(secret) => {
                !matches!(self.token_principal(secret).await, Err(ServiceError::NotSignedIn(_)))
            }
        }
    }
}

/// `text` trimmed, when it is a usable name: not blank, not too long, no control
/// characters (they would rewrite the lines of logs and terminals that show it).
pub(super) fn checked_name<'a>(text: &'a str, what: &str) -> Result<&'a str, ServiceError> {
    let name = text.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(ServiceError::invalid(format!(
            "{what} is 1 to {MAX_NAME_CHARS} characters, none of them control characters"
        )));
    }
    Ok(name)
}

fn token_view(token: StoredToken) -> ApiToken {
    ApiToken {
        id: token.id,
        account: token.account,
        label: token.label,
        scopes: token.scopes.split(',').filter(|scope| !scope.is_empty()).map(str::to_owned).collect(),
        created_at_ms: token.created_at_ms,
        expires_at_ms: token.expires_at_ms,
        revoked_at_ms: (token.revoked_at_ms != 0).then_some(token.revoked_at_ms),
        last_used_ms: (token.last_used_ms != 0).then_some(token.last_used_ms),
    }
}
