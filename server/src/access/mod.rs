//! Who may see and change what: the pure core of access control, no I/O.
//!
//! - [`roles`]: the roles an account holds and the scopes an API token carries.
//! - [`policy`]: the one table of what each route needs ([`Action`]), and whether a
//!   caller ([`Principal`]) may do it: allowed, 401 (not signed in) or 403.
//! - [`claims`]: the role and account name of a person signed in through an OpenID
//!   Connect provider, from their claims.
//! - [`rate_limit`]: token buckets per caller, for sign-in and for changes.
//! - [`secrets`]: password hashes (argon2id), API tokens and session ids: made at
//!   random, shown once, stored only as hashes.
//!
//! The HTTP layer asks [`policy::action_for`] about every request before any handler
//! runs, so no route can forget to check.

pub mod claims;
pub mod policy;
pub mod rate_limit;
pub mod roles;
pub mod secrets;

pub use policy::{
    action_for, anonymous_access, exposed_without_accounts, Action, AnonymousAccess, Credential, Principal, Refusal,
};
pub use roles::{Role, Scope};
