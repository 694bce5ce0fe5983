//! Accounts, their API tokens and their browser sessions. Account and token changes
//! are written with their audit entry in one transaction; sessions are not audited
//! (signing in is not a change to the catalog) but are stored, so that every replica
//! sharing the database knows them.

use super::audit_log::append_entry;
use super::Store;
use crate::error::Result;
use tributary_core::audit::Draft;

/// An account as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StoredAccount {
    pub name: String,
    pub role: String,
    pub password_hash: String,
    pub created_at_ms: i64,
    pub sessions_valid_after_ms: i64,
}

/// An API token as stored (its secret only as a hash), with its account's role.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StoredToken {
    pub id: String,
    pub account: String,
    pub label: String,
    pub scopes: String,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
    /// 0: not revoked.
    pub revoked_at_ms: i64,
    /// 0: never used.
    pub last_used_ms: i64,
}

/// A token found by its secret: the token and its account's role now.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TokenHolder {
    #[sqlx(flatten)]
    pub token: StoredToken,
    pub role: String,
}

/// A session found by its id, with its account's role and sign-out-everywhere time.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StoredSession {
    pub account: String,
    pub csrf: String,
    pub created_at_ms: i64,
    pub last_seen_ms: i64,
    pub role: String,
    pub sessions_valid_after_ms: i64,
}

/// A token's columns, for `concat!` (queries are static strings).
macro_rules! token_columns {
    () => {
        "t.id, t.account, t.label, t.scopes, t.created_at_ms, t.expires_at_ms, t.revoked_at_ms, t.last_used_ms"
    };
}

impl Store {
    /// How many accounts there are (none: the first-run mode).
    pub async fn count_accounts(&self) -> Result<i64> {
        Ok(sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM accounts").fetch_one(&self.pool).await?)
    }

    /// Adds `account` and its audit entry; `false` when the name is taken.
    pub async fn add_account(&self, account: &StoredAccount, audit: &Draft) -> Result<bool> {
        let mut transaction = self.begin_audited().await?;
        if !insert_account(&mut transaction, account).await? {
            return Ok(false);
        }
        append_entry(&mut transaction, audit).await?;
        transaction.commit().await?;
        Ok(true)
    }

    pub async fn account(&self, name: &str) -> Result<Option<StoredAccount>> {
        Ok(sqlx::query_as::<_, StoredAccount>(
            "SELECT name, role, password_hash, created_at_ms, sessions_valid_after_ms FROM accounts WHERE name = $1",
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn list_accounts(&self) -> Result<Vec<StoredAccount>> {
        Ok(sqlx::query_as::<_, StoredAccount>(
            "SELECT name, role, password_hash, created_at_ms, sessions_valid_after_ms FROM accounts ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Adds a token (its secret as `secret_hash`) and its audit entry.
    pub async fn add_token(&self, token: &StoredToken, secret_hash: &str, audit: &Draft) -> Result<()> {
        let mut transaction = self.begin_audited().await?;
        sqlx::query(
            "INSERT INTO api_tokens (id, account, label, scopes, secret_hash, created_at_ms, expires_at_ms,
             revoked_at_ms, last_used_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0)",
        )
        .bind(&token.id)
        .bind(&token.account)
        .bind(&token.label)
        .bind(&token.scopes)
        .bind(secret_hash)
        .bind(token.created_at_ms)
        .bind(token.expires_at_ms)
        .execute(&mut *transaction)
        .await?;
        append_entry(&mut transaction, audit).await?;
        transaction.commit().await?;
        Ok(())
    }

    /// The tokens of `account` (every account's when `None`), newest first.
    pub async fn list_tokens(&self, account: Option<&str>) -> Result<Vec<StoredToken>> {
        Ok(sqlx::query_as::<_, StoredToken>(concat!(
            "SELECT ",
            token_columns!(),
            " FROM api_tokens t WHERE ($1 = '' OR t.account = $1) ORDER BY t.created_at_ms DESC, t.id"
        ))
        .bind(account.unwrap_or_default())
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn token(&self, id: &str) -> Result<Option<StoredToken>> {
        Ok(sqlx::query_as::<_, StoredToken>(concat!("SELECT ", token_columns!(), " FROM api_tokens t WHERE t.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Revokes token `id` at `at_ms` with its audit entry; `false` when it was revoked
    /// already (nothing written).
    pub async fn revoke_token(&self, id: &str, at_ms: i64, audit: &Draft) -> Result<bool> {
        let mut transaction = self.begin_audited().await?;
        let revoked = sqlx::query("UPDATE api_tokens SET revoked_at_ms = $1 WHERE id = $2 AND revoked_at_ms = 0")
            .bind(at_ms)
            .bind(id)
            .execute(&mut *transaction)
            .await?
            .rows_affected();
        if revoked == 0 {
            return Ok(false);
        }
        append_entry(&mut transaction, audit).await?;
        transaction.commit().await?;
        Ok(true)
    }

    /// The token whose secret hashes to `secret_hash`, with its account's role.
    pub async fn token_by_secret(&self, secret_hash: &str) -> Result<Option<TokenHolder>> {
        Ok(sqlx::query_as::<_, TokenHolder>(concat!(
            "SELECT ",
            token_columns!(),
            ", a.role FROM api_tokens t JOIN accounts a ON a.name = t.account WHERE t.secret_hash = $1"
        ))
        .bind(secret_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn touch_token(&self, id: &str, at_ms: i64) -> Result<()> {
        sqlx::query("UPDATE api_tokens SET last_used_ms = $1 WHERE id = $2")
            .bind(at_ms)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn add_session(&self, id_hash: &str, account: &str, csrf: &str, at_ms: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (id_hash, account, csrf, created_at_ms, last_seen_ms) VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(id_hash)
        .bind(account)
        .bind(csrf)
        .bind(at_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn session(&self, id_hash: &str) -> Result<Option<StoredSession>> {
        Ok(sqlx::query_as::<_, StoredSession>(
            "SELECT s.account, s.csrf, s.created_at_ms, s.last_seen_ms, a.role, a.sessions_valid_after_ms
             FROM sessions s JOIN accounts a ON a.name = s.account WHERE s.id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn touch_session(&self, id_hash: &str, at_ms: i64) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen_ms = $1 WHERE id_hash = $2")
            .bind(at_ms)
            .bind(id_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn remove_session(&self, id_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(&self.pool).await?;
        Ok(())
    }

    /// Signs `account` out everywhere: its sessions end, and any begun before `at_ms`
    /// that a replica still holds in flight are void.
    pub async fn end_sessions(&self, account: &str, at_ms: i64) -> Result<()> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query("UPDATE accounts SET sessions_valid_after_ms = $1 WHERE name = $2")
            .bind(at_ms)
            .bind(account)
            .execute(&mut *transaction)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE account = $1").bind(account).execute(&mut *transaction).await?;
        transaction.commit().await?;
        Ok(())
    }
}

/// Inserts `account` in `connection`'s transaction; `false` (nothing written) when the
/// name is taken.
pub(super) async fn insert_account(connection: &mut sqlx::AnyConnection, account: &StoredAccount) -> Result<bool> {
    let taken = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM accounts WHERE name = $1")
        .bind(&account.name)
        .fetch_one(&mut *connection)
        .await?;
    if taken > 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO accounts (name, role, password_hash, created_at_ms, sessions_valid_after_ms)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&account.name)
    .bind(&account.role)
    .bind(&account.password_hash)
    .bind(account.created_at_ms)
    .bind(account.sessions_valid_after_ms)
    .execute(&mut *connection)
    .await?;
    Ok(true)
}
