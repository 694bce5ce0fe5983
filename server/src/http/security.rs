//! Defences every answer gets, whatever route produced it:
//!
//! - **Allowed hosts.** A request whose `Host` is not one this server answers for is
//!   refused with 421, so a web page that rebinds its own DNS name to 127.0.0.1 cannot
//!   read or change the catalog of whoever runs Tributary on a laptop.
//! - **Headers.** `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin`,
//!   and a Content-Security-Policy: pages set their own (scripts by the render's nonce,
//!   see `app::security`); every other answer (API, SVG, assets, errors) gets
//!   [`NON_PAGE_POLICY`], which lets nothing run. When Tributary terminates TLS itself,
//!   `Strict-Transport-Security` too (behind a proxy, the proxy owns that header).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The policy of every answer that is not a page: nothing loads or runs in it.
pub const NON_PAGE_POLICY: &str =
    "default-src 'none'; img-src 'self'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/// Referrers stay inside the app: a form posted without JavaScript comes back to the
/// page it was sent from (the server function redirects to the Referer), and nothing
/// is told to other origins.
const REFERRER_POLICY: &str = "same-origin";
/// A browser that once reached Tributary over TLS keeps to HTTPS for a year. Without
/// `includeSubDomains`: other services under sibling names are not Tributary's to bind.
/// Browsers ignore the header on plain HTTP and for IP-address hosts.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";
/// The `allowed_hosts` entry that turns the check off (a proxy that rewrites `Host`).
const ANY_HOST: &str = "*";

/// The `Host` values this server answers for. An entry with a port matches that
/// host and port; one without matches the host on any port. Names compare without
/// regard to case.
#[derive(Clone, Debug)]
pub struct AllowedHosts {
    entries: Vec<String>,
    any: bool,
}

impl AllowedHosts {
    /// `configured` hosts, or by default the listen address, `localhost` and the
    /// loopback addresses, each with the port the server listens on.
    pub fn new(configured: &[String], listening: SocketAddr) -> Self {
        let any = configured.iter().any(|entry| entry == ANY_HOST);
        let entries = if configured.is_empty() {
            let port = listening.port();
            let mut defaults = vec![format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}")];
            if !listening.ip().is_unspecified() {
                defaults.push(listening.to_string());
            }
            defaults
        } else {
            configured.iter().map(|entry| entry.to_ascii_lowercase()).collect()
        };
        AllowedHosts { entries, any }
    }

    pub fn allows(&self, host: &str) -> bool {
        if self.any {
            return true;
        }
        let host = host.to_ascii_lowercase();
        let name = host_without_port(&host);
        self.entries.iter().any(|entry| *entry == host || *entry == name)
    }
}

/// `example.com:8080` → `example.com`; `[::1]:3000` → `[::1]`; no port: unchanged.
fn host_without_port(host: &str) -> &str {
    match host.rfind(':') {
        Some(colon) if !host[colon..].contains(']') && host[colon + 1..].bytes().all(|b| b.is_ascii_digit()) => {
            &host[..colon]
        }
        _ => host,
    }
}

/// Refuses requests for hosts this server does not answer for (421, plain text).
pub async fn check_host(State(allowed): State<Arc<AllowedHosts>>, request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).and_then(|value| value.to_str().ok()).unwrap_or_default();
    if allowed.allows(host) {
        return next.run(request).await;
    }
    tracing::warn!(host = %host.escape_debug(), "refused a request for a host this server does not answer for");
    let message = "This Tributary does not answer for the host this request names. If it is served under \
                   another name (behind a proxy, say), add that name to `server.allowed_hosts`.\n";
    let mut response = (StatusCode::MISDIRECTED_REQUEST, message).into_response();
    add_security_headers(&mut response);
    response
}

/// Adds the headers every answer carries; a page's own policy is kept. The state says
/// whether this listener serves TLS itself.
pub async fn security_headers(State(served_over_tls): State<bool>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    add_security_headers(&mut response);
    if served_over_tls {
        response
            .headers_mut()
            .insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(STRICT_TRANSPORT_SECURITY));
    }
    response
}

fn add_security_headers(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static(REFERRER_POLICY));
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(NON_PAGE_POLICY));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listening(address: &str) -> SocketAddr {
        address.parse().unwrap()
    }

    #[test]
    fn by_default_only_loopback_names_with_our_port_are_served() {
        let allowed = AllowedHosts::new(&[], listening("127.0.0.1:3000"));
        for host in ["127.0.0.1:3000", "localhost:3000", "LOCALHOST:3000", "[::1]:3000"] {
            assert!(allowed.allows(host), "{host}");
        }
        for host in ["evil.example:3000", "127.0.0.1:3001", "localhost", "", "127.0.0.1.evil.example:3000"] {
            assert!(!allowed.allows(host), "{host}");
        }
    }

    #[test]
    fn a_specific_listen_address_is_allowed_but_not_the_wildcard() {
        let allowed = AllowedHosts::new(&[], listening("10.0.0.5:8080"));
        assert!(allowed.allows("10.0.0.5:8080"));
        let wildcard = AllowedHosts::new(&[], listening("0.0.0.0:8080"));
        assert!(!wildcard.allows("0.0.0.0:8080"));
        assert!(wildcard.allows("localhost:8080"));
    }

    #[test]
    fn configured_names_match_any_port_unless_they_give_one() {
        let allowed =
            AllowedHosts::new(&["Catalog.Example.com".into(), "intra:8443".into()], listening("127.0.0.1:3000"));
        assert!(allowed.allows("catalog.example.com"));
        assert!(allowed.allows("catalog.example.com:443"));
        assert!(allowed.allows("intra:8443"));
        assert!(!allowed.allows("intra:80"));
        assert!(!allowed.allows("localhost:3000"), "configured names replace the defaults");
        assert!(AllowedHosts::new(&["*".into()], listening("127.0.0.1:3000")).allows("anything"));
    }

    #[test]
    fn ports_are_split_from_names_and_ipv6_addresses() {
        assert_eq!(host_without_port("example.com:8080"), "example.com");
        assert_eq!(host_without_port("[::1]:3000"), "[::1]");
        assert_eq!(host_without_port("[::1]"), "[::1]");
        assert_eq!(host_without_port("example.com"), "example.com");
    }
}
