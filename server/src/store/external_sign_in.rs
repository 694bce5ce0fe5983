//! Sign-in through an OpenID Connect provider, as stored: sign-ins begun and not yet back,
//! and which account each of the provider's people has.

use super::accounts::{insert_account, StoredAccount};
use super::audit_log::append_entry;
use super::{Result, Store};
use tributary_core::audit::Draft;

/// A sign-in sent to the provider: what its way back must match.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PendingSignIn {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub next_path: String,
    pub created_at_ms: i64,
}

impl Store {
    /// Records a sign-in begun, found later by `id_hash`; sign-ins begun before
    /// `void_before_ms` are dropped on the way.
    pub async fn add_pending_sign_in(&self, id_hash: &str, pending: &PendingSignIn, void_before_ms: i64) -> Result<()> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query("DELETE FROM pending_sign_ins WHERE created_at_ms < $1")
            .bind(void_before_ms)
            .execute(&mut *transaction)
            .await?;
        sqlx::query(
            "INSERT INTO pending_sign_ins (id_hash, state, nonce, pkce_verifier, next_path, created_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id_hash)
        .bind(&pending.state)
        .bind(&pending.nonce)
        .bind(&pending.pkce_verifier)
        .bind(&pending.next_path)
        .bind(pending.created_at_ms)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(())
    }

    /// Takes the sign-in begun under `id_hash` out of the store: it can be used once.
    pub async fn take_pending_sign_in(&self, id_hash: &str) -> Result<Option<PendingSignIn>> {
        Ok(sqlx::query_as::<_, PendingSignIn>(
            "DELETE FROM pending_sign_ins WHERE id_hash = $1
             RETURNING state, nonce, pkce_verifier, next_path, created_at_ms",
        )
        .bind(id_hash)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The account of the provider's person (`issuer`, `subject`), if they signed in before.
    pub async fn external_account(&self, issuer: &str, subject: &str) -> Result<Option<StoredAccount>> {
        Ok(sqlx::query_as::<_, StoredAccount>(
            "SELECT a.name, a.role, a.password_hash, a.created_at_ms, a.sessions_valid_after_ms
             FROM external_identities e JOIN accounts a ON a.name = e.account
             WHERE e.issuer = $1 AND e.subject = $2",
        )
        .bind(issuer)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Makes `account` (its password hash empty: it signs in only through the provider) for
    /// (`issuer`, `subject`), with its audit entry; `false` when the name is taken.
    pub async fn add_external_account(
        &self,
        (issuer, subject): (&str, &str),
        account: &StoredAccount,
        audit: &Draft,
    ) -> Result<bool> {
        let mut transaction = self.begin_audited().await?;
        if !insert_account(&mut transaction, account).await? {
            return Ok(false);
        }
        sqlx::query("INSERT INTO external_identities (issuer, subject, account) VALUES ($1, $2, $3)")
            .bind(issuer)
            .bind(subject)
            .bind(&account.name)
            .execute(&mut *transaction)
            .await?;
        append_entry(&mut transaction, audit).await?;
        transaction.commit().await?;
        Ok(true)
    }

    /// Gives `account` the role `role`, with its audit entry.
    pub async fn change_role(&self, account: &str, role: &str, audit: &Draft) -> Result<()> {
        let mut transaction = self.begin_audited().await?;
        sqlx::query("UPDATE accounts SET role = $1 WHERE name = $2")
            .bind(role)
            .bind(account)
            .execute(&mut *transaction)
            .await?;
        append_entry(&mut transaction, audit).await?;
        transaction.commit().await?;
        Ok(())
    }
}
