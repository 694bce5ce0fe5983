//! Signing in through an OpenID Connect provider: a sign-in begun (its state, nonce and
//! PKCE verifier kept in the store under the hash of the browser's flow cookie), then
//! ended (used once, within [`PENDING_SIGN_IN_MS`], the state matched, the provider's
//! answer checked), the person's account found or made and given the role their claim
//! maps to, and a session begun.

use std::sync::Arc;

use super::accounts::{checked_name, NewSession};
use super::{ServiceError, Services};
use crate::access::claims::{suggested_account_name, RoleMapping};
use crate::access::secrets::{constant_time_equal, random_secret, secret_hash};
use crate::clock::now_ms;
use crate::openid::{OpenIdProvider, VerifiedIdentity};
use crate::store::accounts::StoredAccount;
use crate::store::external_sign_in::PendingSignIn;
use tributary_core::audit::Draft;

/// How long a person may take at the provider before the sign-in must begin again.
pub const PENDING_SIGN_IN_MS: i64 = 10 * 60 * 1000;

/// The configured provider and how its claims map to roles.
#[derive(Debug)]
pub struct ExternalSignIn {
    pub provider: OpenIdProvider,
    pub roles: RoleMapping,
}

/// A sign-in sent to the provider: the browser keeps `flow_id` (a cookie) and goes to
/// `authorize_url`.
pub struct BegunExternalSignIn {
    pub flow_id: String,
    pub authorize_url: String,
}

/// A sign-in ended: the new session, and the local path the person was going to.
pub struct EndedExternalSignIn {
    pub session: NewSession,
    pub account: String,
    pub next: String,
}

impl Services {
    /// These services offering sign-in through `external`.
    pub fn with_external_sign_in(mut self, external: Option<ExternalSignIn>) -> Self {
        self.external_sign_in = external.map(Arc::new);
        self
    }

    /// The sign-in button's words after "Sign in with", when a provider is configured.
    pub fn external_sign_in_label(&self) -> Option<String> {
        self.external_sign_in.as_ref().map(|external| external.provider.label().to_owned())
    }

    fn external(&self) -> Result<&ExternalSignIn, ServiceError> {
        self.external_sign_in
            .as_deref()
            .ok_or_else(|| ServiceError::not_found("no OpenID Connect provider is configured (auth.oidc)"))
    }

    /// Begins a sign-in that returns to local path `next`.
    pub async fn begin_external_sign_in(&self, next: &str) -> Result<BegunExternalSignIn, ServiceError> {
        let external = self.external()?;
        let begun = external.provider.begin().await.map_err(crate::Error::from)?;
        let flow_id = random_secret();
        let at_ms = now_ms();
        let pending = PendingSignIn {
            state: begun.state,
            nonce: begun.nonce,
            pkce_verifier: begun.pkce_verifier,
            next_path: next.to_owned(),
            created_at_ms: at_ms,
        };
        self.store.add_pending_sign_in(&secret_hash(&flow_id), &pending, at_ms - PENDING_SIGN_IN_MS).await?;
        Ok(BegunExternalSignIn { flow_id, authorize_url: begun.authorize_url })
    }

    /// Ends the sign-in the browser's `flow_id` began, with the provider's `state` and
    /// `code`. Refused (not signed in) when the flow is unknown, used, too old or its
    /// state differs; forbidden when the person's claim maps to no role.
    pub async fn finish_external_sign_in(
        &self,
        flow_id: &str,
        state: &str,
        code: &str,
    ) -> Result<EndedExternalSignIn, ServiceError> {
        let external = self.external()?;
        let Some(pending) = self.store.take_pending_sign_in(&secret_hash(flow_id)).await? else {
            return Err(ServiceError::NotSignedIn("this sign-in is unknown or was used already: begin again".into()));
        };
        if now_ms() - pending.created_at_ms > PENDING_SIGN_IN_MS {
            return Err(ServiceError::NotSignedIn("this sign-in took too long: begin again".into()));
        }
        if !constant_time_equal(state.as_bytes(), pending.state.as_bytes()) {
            return Err(ServiceError::NotSignedIn("the provider's answer belongs to another sign-in".into()));
        }
        let identity =
            external.provider.finish(code, &pending.nonce, &pending.pkce_verifier).await.map_err(crate::Error::from)?;
        let role = external.roles.claim_value(&identity.claims).and_then(|value| external.roles.role_for(value));
        let Some(role) = role else {
            return Err(ServiceError::Forbidden(format!(
                "your account at {} has no role here: no value of its `{}` claim is mapped to one",
                external.provider.label(),
                external.roles.claim()
            )));
        };
        let account = self.external_account(&identity, role.as_str()).await?;
        let session = NewSession { id: random_secret(), csrf: random_secret() };
        self.store.add_session(&secret_hash(&session.id), &account, &session.csrf, now_ms()).await?;
        Ok(EndedExternalSignIn { session, account, next: pending.next_path })
    }

    /// The account of the provider's person, made at their first sign-in, holding `role`
    /// (changed, audited, when the provider now says otherwise).
    async fn external_account(&self, identity: &VerifiedIdentity, role: &str) -> Result<String, ServiceError> {
        let at_ms = now_ms();
        if let Some(account) = self.store.external_account(&identity.issuer, &identity.subject).await? {
            if account.role != role {
                let audit = Draft::new(
                    at_ms,
                    &account.name,
                    "account_role_changed",
                    account.name.clone(),
                    "the sign-in provider's claim",
                    Some(&account.role),
                    Some(&role),
                );
                self.store.change_role(&account.name, role, &audit).await?;
            }
            return Ok(account.name);
        }
        let suggested = suggested_account_name(
            identity.preferred_username.as_deref(),
            identity.email.as_deref(),
            &identity.subject,
        );
        // A local account may hold the name already: never joined to it (that would let
        // the provider's person take it over); the subject tells them apart.
        let candidates = [suggested.clone(), format!("{suggested} ({})", identity.subject)];
        for candidate in candidates {
            let name = checked_name(&candidate, "an account name")?.to_owned();
            let account = StoredAccount {
                name: name.clone(),
                role: role.to_owned(),
                password_hash: String::new(),
                created_at_ms: at_ms,
                sessions_valid_after_ms: 0,
            };
            let shown = model::AccountView { name: name.clone(), role: role.to_owned(), created_at_ms: at_ms };
            let audit =
                Draft::new(at_ms, &name, "account_added", name.clone(), "first sign-in", None::<&()>, Some(&shown));
            if self.store.add_external_account((&identity.issuer, &identity.subject), &account, &audit).await? {
                self.accounts_exist.store(true, std::sync::atomic::Ordering::Release);
                return Ok(name);
            }
        }
        Err(ServiceError::Conflict(format!("the account names `{suggested}` and its variant are taken")))
    }
}
