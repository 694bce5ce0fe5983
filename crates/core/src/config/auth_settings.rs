//! The `[auth]` settings: who may do what without signing in, and the OpenID Connect
//! provider people may sign in with.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Who may do what without signing in.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    /// What callers who are not signed in may do: `"read"` or `"none"`. Unset: `"none"`
    /// once an account exists. Before any account exists Tributary answers only on a
    /// loopback address unless this is set.
    pub anonymous: Option<AnonymousSetting>,
    /// Sign-in through an OpenID Connect provider, beside local accounts.
    pub oidc: Option<OidcConfig>,
}

/// An OpenID Connect provider people sign in with (authorization code flow with PKCE
/// and a nonce). Its accounts are made at their first sign-in; their role comes from a
/// claim at every sign-in.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OidcConfig {
    /// The issuer exactly as the provider names it (`https://idp.example.com/realms/x`);
    /// its `/.well-known/openid-configuration` is read from there.
    pub issuer: String,
    pub client_id: String,
    /// Best given as `"${env:NAME}"` or `"${file:PATH}"` rather than written here.
    pub client_secret: String,
    /// This server's callback as the browser reaches it, registered at the provider:
    /// `https://tributary.example.com/auth/oidc/callback`.
    pub redirect_url: String,
    /// Scopes asked for beside `openid` (add `groups` where the provider wants it for
    /// the role claim).
    #[serde(default = "default_oidc_scopes")]
    pub scopes: Vec<String>,
    /// The claim (in the ID token, else from the userinfo endpoint) whose value, a
    /// string or a list of strings, is mapped to a role.
    #[serde(default = "default_role_claim")]
    pub role_claim: String,
    /// The claim's values and the role each gives (`"tributary-stewards" = "steward"`).
    /// Several matching: the first of admin, compliance-officer, steward, viewer. None:
    /// sign-in is refused.
    #[serde(default)]
    pub roles: BTreeMap<String, String>,
    /// The sign-in button's words: "Sign in with {label}".
    #[serde(default = "default_oidc_label")]
    pub label: String,
}

fn default_oidc_scopes() -> Vec<String> {
    vec!["profile".into(), "email".into()]
}

fn default_role_claim() -> String {
    "groups".into()
}

fn default_oidc_label() -> String {
    "single sign-on".into()
}

/// `auth.anonymous`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnonymousSetting {
    None,
    Read,
}
