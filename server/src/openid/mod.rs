//! Adapter: sign-in through an OpenID Connect provider (authorization code flow with
//! PKCE and a nonce), on the `openidconnect` crate. Converts the provider's answers into
//! a plain [`VerifiedIdentity`] at this edge; what that identity becomes (an account, a
//! role, a session) is the service layer's.
//!
//! - [`provider`]: discovery, the authorization URL, the code exchange and every check of
//!   the ID token (signature against the provider's keys, issuer, audience, expiry,
//!   nonce, access-token hash), then the userinfo claims.
//! - [`http_client`]: the crate's HTTP requests sent with our reqwest client (no
//!   redirects followed, a time limit).

mod http_client;
mod provider;

pub use provider::{BegunSignIn, OpenIdError, OpenIdProvider, VerifiedIdentity};
