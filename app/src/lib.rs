//! Tributary's web UI: pages, components and the server functions they call.
//!
//! # Layout
//! - the model types it shows come from the `model` crate (`crates/model`), which the
//!   server shares: serde only, no I/O.
//! - [`catalog`] (server build only): the read-side port that the server implements and
//!   provides as context, so this crate never depends on the server.
//! - [`stewardship`] (server build only): the write-side port for stewards' decisions.
//! - [`access_admin`] (server build only): the port for tokens and accounts.
//! - [`error`]: the crate's one error type, as server functions send it.
//! - [`lineage_picture`]: lineage laid out left to right and drawn as SVG (pure).
//! - [`server_fns`]: one Leptos server function per file; they read through [`catalog`].
//! - [`components`]: reusable views (page layout, empty states, freshness badges).
//! - [`pages`]: one folder per page; [`routes`] lists them.
//! - [`shell`]: the HTML document rendered on the server around [`routes::App`].
//! - [`security`]: escaped titles and the pages' Content-Security-Policy.
//!
//! The crate builds twice: natively with `ssr` (linked into the server) and for wasm
//! with `hydrate` (the browser bundle, entry point [`hydrate`]).

#![forbid(unsafe_code)]

pub mod components;
pub mod error;
pub mod lineage_picture;
pub mod pages;
pub mod routes;
pub mod security;
pub mod server_fns;
pub mod shell;

#[cfg(feature = "ssr")]
pub mod access_admin;
#[cfg(feature = "ssr")]
pub mod catalog;
#[cfg(feature = "ssr")]
pub mod stewardship;

/// The browser entry point: attaches the reactive system to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(routes::App);
}
