//! One configured OpenID Connect provider: its metadata and keys (discovered, cached, read
//! again when a token is signed with a key not yet known), the authorization URL a sign-in
//! begins with, and the checks a sign-in ends with.

use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata, CoreRevocableToken,
    CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl, Nonce,
    OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, StandardErrorResponse,
    StandardTokenResponse, TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tokio::sync::Mutex;

use super::http_client::{provider_client, send};
use crate::config::OidcConfig;
use crate::telemetry::error_chain;

/// How long discovered metadata and keys are used before they are read again.
const METADATA_TTL: Duration = Duration::from_secs(60 * 60);

/// Every claim besides the standard ones, kept as JSON: the role claim is configured.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
struct OtherClaims {
    #[serde(flatten)]
    claims: Map<String, Value>,
}

impl AdditionalClaims for OtherClaims {}

type TokenAnswer = StandardTokenResponse<
    IdTokenFields<
        OtherClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

/// A client as discovery makes it: the authorization endpoint set, the token and userinfo
/// endpoints as the provider's metadata says.
type DiscoveredClient = openidconnect::Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    TokenAnswer,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why a sign-in through the provider failed. The words are for the log: the person
/// signing in is only told that it failed.
#[derive(Debug, thiserror::Error)]
pub enum OpenIdError {
    #[error("the provider's configuration at {issuer} could not be read: {message}")]
    Discovery { issuer: String, message: String },
    #[error("the configured {what} is not a valid URL: {message}")]
    Configuration { what: &'static str, message: String },
    #[error("the provider refused the authorization code: {0}")]
    Exchange(String),
    #[error("the provider's answer has no ID token")]
    NoIdToken,
    #[error("the ID token does not verify: {0}")]
    IdToken(String),
    #[error("the provider's userinfo could not be read: {0}")]
    UserInfo(String),
}

/// A sign-in just begun: where to send the browser, and what the way back must match.
pub struct BegunSignIn {
    pub authorize_url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Who the provider says signed in, after every check.
#[derive(Clone, Debug)]
pub struct VerifiedIdentity {
    pub issuer: String,
    pub subject: String,
    pub preferred_username: Option<String>,
    pub email: Option<String>,
    /// The ID token's claims beside the standard ones, with the userinfo endpoint's
    /// added where the token lacks them.
    pub claims: Map<String, Value>,
}

/// The configured provider.
pub struct OpenIdProvider {
    issuer: IssuerUrl,
    client_id: ClientId,
    client_secret: ClientSecret,
    redirect_url: RedirectUrl,
    scopes: Vec<String>,
    label: String,
    http: reqwest::Client,
    discovered: Mutex<Option<(CoreProviderMetadata, Instant)>>,
}

impl std::fmt::Debug for OpenIdProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the client secret.
        f.debug_struct("OpenIdProvider").field("issuer", &self.issuer.as_str()).finish_non_exhaustive()
    }
}

impl OpenIdProvider {
    /// The provider `config` names. Nothing is fetched until the first sign-in, so a
    /// provider that is down does not stop Tributary from starting.
    pub fn new(config: &OidcConfig) -> Result<Self, OpenIdError> {
        let issuer = IssuerUrl::new(config.issuer.clone())
            .map_err(|error| OpenIdError::Configuration { what: "issuer", message: error.to_string() })?;
        let redirect_url = RedirectUrl::new(config.redirect_url.clone())
            .map_err(|error| OpenIdError::Configuration { what: "redirect_url", message: error.to_string() })?;
        Ok(Self {
            issuer,
            client_id: ClientId::new(config.client_id.clone()),
            client_secret: ClientSecret::new(config.client_secret.clone()),
            redirect_url,
            scopes: config.scopes.clone(),
            label: config.label.clone(),
            http: provider_client(),
            discovered: Mutex::new(None),
        })
    }

    /// What the sign-in button says after "Sign in with".
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Begins a sign-in: a fresh state, nonce and PKCE verifier (S256), and the provider's
    /// authorization URL carrying the state, the nonce and the verifier's challenge.
    pub async fn begin(&self) -> Result<BegunSignIn, OpenIdError> {
        let client = self.client().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request =
            client.authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random);
        for scope in &self.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.set_pkce_challenge(challenge).url();
        Ok(BegunSignIn {
            authorize_url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Ends a sign-in: exchanges `code` with the PKCE verifier, checks the ID token
    /// (signature, issuer, audience, expiry, `nonce`, the access token's hash), and adds
    /// the userinfo endpoint's claims (for the same subject) to the token's. A token
    /// signed with a key not known here (the provider rotated its keys) is checked again
    /// once against the keys read afresh.
    pub async fn finish(&self, code: &str, nonce: &str, pkce_verifier: &str) -> Result<VerifiedIdentity, OpenIdError> {
        let client = self.client().await?;
        let http = |request| send(self.http.clone(), request);
        let answer = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|error| OpenIdError::Exchange(error.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&http)
            .await
            .map_err(|error| OpenIdError::Exchange(token_error_words(&error)))?;
        let id_token = answer.id_token().ok_or(OpenIdError::NoIdToken)?;
        let nonce = Nonce::new(nonce.to_owned());
        let unknown_key = matches!(
            id_token.claims(&client.id_token_verifier(), &nonce),
            Err(ClaimsVerificationError::SignatureVerification(_))
        );
        let client = if unknown_key {
            *self.discovered.lock().await = None;
            self.client().await?
        } else {
            client
        };
        let verifier = client.id_token_verifier();
        let claims = id_token.claims(&verifier, &nonce).map_err(|error| OpenIdError::IdToken(error.to_string()))?;
        if let Some(expected) = claims.access_token_hash() {
            let algorithm = id_token.signing_alg().map_err(|error| OpenIdError::IdToken(error.to_string()))?;
            let key = id_token.signing_key(&verifier).map_err(|error| OpenIdError::IdToken(error.to_string()))?;
            let actual = AccessTokenHash::from_token(answer.access_token(), algorithm, key)
                .map_err(|error| OpenIdError::IdToken(error.to_string()))?;
            if actual != *expected {
                return Err(OpenIdError::IdToken("the access token's hash does not match the ID token's".into()));
            }
        }
        let mut identity = VerifiedIdentity {
            issuer: claims.issuer().to_string(),
            subject: claims.subject().to_string(),
            preferred_username: claims.preferred_username().map(|name| name.to_string()),
            email: claims.email().map(|email| email.to_string()),
            claims: claims.additional_claims().claims.clone(),
        };
        // Many providers put only the subject in the ID token: the rest comes from userinfo,
        // asked with the subject so an answer about anyone else is refused.
        if let Ok(request) = client.user_info(answer.access_token().clone(), Some(claims.subject().clone())) {
            let info: UserInfoClaims<OtherClaims, CoreGenderClaim> =
                request.request_async(&http).await.map_err(|error| OpenIdError::UserInfo(error.to_string()))?;
            for (name, value) in &info.additional_claims().claims {
                identity.claims.entry(name.clone()).or_insert_with(|| value.clone());
            }
            identity.preferred_username =
                identity.preferred_username.or_else(|| info.preferred_username().map(|name| name.to_string()));
            identity.email = identity.email.or_else(|| info.email().map(|email| email.to_string()));
        }
        Ok(identity)
    }

    /// A client over the provider's metadata, discovered again when older than
    /// [`METADATA_TTL`] or after an ID token failed to verify.
    async fn client(&self) -> Result<DiscoveredClient, OpenIdError> {
        let mut discovered = self.discovered.lock().await;
        let fresh = discovered.as_ref().filter(|(_, at)| at.elapsed() < METADATA_TTL);
        let metadata = match fresh {
            Some((metadata, _)) => metadata.clone(),
            None => {
                let http = |request| send(self.http.clone(), request);
                let metadata =
                    CoreProviderMetadata::discover_async(self.issuer.clone(), &http).await.map_err(|error| {
                        OpenIdError::Discovery { issuer: self.issuer.to_string(), message: error_chain(&error) }
                    })?;
                *discovered = Some((metadata.clone(), Instant::now()));
                metadata
            }
        };
        Ok(DiscoveredClient::from_provider_metadata(metadata, self.client_id.clone(), Some(self.client_secret.clone()))
            .set_redirect_uri(self.redirect_url.clone()))
    }
}

/// The token endpoint's refusal in words: the OAuth error code and description when the
/// provider gave them.
fn token_error_words<RE: std::error::Error + 'static>(
    error: &openidconnect::RequestTokenError<RE, StandardErrorResponse<CoreErrorResponseType>>,
) -> String {
    match error {
        openidconnect::RequestTokenError::ServerResponse(answer) => answer.to_string(),
        other => error_chain(other),
    }
}
