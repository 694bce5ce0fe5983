//! A real OpenID Connect provider for sign-in tests: `scripts/oidc-provider` (the
//! zitadel/oidc library's provider, built by `scripts/setup.sh` from the Go module proxy),
//! started on a free port of 127.0.0.1 with the users and the one client a test names.
//!
//! `TRIBUTARY_OIDC_PROVIDER` names the built program; without it the test is skipped
//! with a notice, unless `TRIBUTARY_REQUIRE_OIDC=1` (set by `scripts/test.sh`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;

use super::{eventually, free_port};

/// How long the provider may take to answer its discovery document.
const READY_TIMEOUT: Duration = Duration::from_secs(20);

/// The relying party's client id and secret the provider is started with.
pub const CLIENT_ID: &str = "tributary";
pub const CLIENT_SECRET: &str = "the-client-secret-of-the-test";

/// One person known to the provider.
pub struct ProviderUser<'a> {
    pub id: &'a str,
    pub username: &'a str,
    pub password: &'a str,
    pub groups: &'a [&'a str],
}

/// The running provider process; stopped when dropped.
pub struct OidcProvider {
    child: Child,
    pub issuer: String,
    program: PathBuf,
    port: u16,
    redirect_url: String,
    _dir: tempfile::TempDir,
}

/// The built provider, or `None` (with a notice) when this run may skip sign-in tests.
pub fn provider_program() -> Option<PathBuf> {
    match std::env::var_os("TRIBUTARY_OIDC_PROVIDER").map(PathBuf::from).filter(|path| path.is_file()) {
        Some(path) => Some(path),
        None if std::env::var("TRIBUTARY_REQUIRE_OIDC").is_ok_and(|value| value == "1") => {
            panic!("TRIBUTARY_REQUIRE_OIDC=1 but TRIBUTARY_OIDC_PROVIDER does not name the built provider")
        }
        None => {
            eprintln!("notice: TRIBUTARY_OIDC_PROVIDER not set; skipping the OpenID Connect test (make test runs it)");
            None
        }
    }
}

impl OidcProvider {
    /// Starts `program` knowing `users` and one client that may return to `redirect_url`.
    pub async fn start(program: PathBuf, users: &[ProviderUser<'_>], redirect_url: &str) -> Self {
        let dir = tempfile::tempdir().expect("a directory for the provider");
        let port = free_port();
        let child = spawn(&program, port, users, redirect_url, dir.path());
        let issuer = format!("http://127.0.0.1:{port}/");
        let provider = Self { child, issuer, program, port, redirect_url: redirect_url.to_owned(), _dir: dir };
        provider.wait_until_ready().await;
        provider
    }

    /// Stops the provider and starts it again, same issuer, knowing `users` now. It makes
    /// new signing keys as it starts: a key rotation, as far as Tributary can tell.
    pub async fn restart_with(&mut self, users: &[ProviderUser<'_>]) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.child = spawn(&self.program, self.port, users, &self.redirect_url, self._dir.path());
        self.wait_until_ready().await;
    }

    async fn wait_until_ready(&self) {
        let discovery = format!("{}.well-known/openid-configuration", self.issuer);
        eventually("the provider to answer", READY_TIMEOUT, || async {
            let response = reqwest::get(&discovery).await.ok()?;
            response.status().is_success().then_some(())
        })
        .await;
    }
}

/// The provider process on `port`, its users written to a file in `dir`.
fn spawn(program: &Path, port: u16, users: &[ProviderUser<'_>], redirect_url: &str, dir: &Path) -> Child {
    let users: Vec<_> = users
        .iter()
        .map(|user| {
            json!({"id": user.id, "username": user.username, "password": user.password,
                   "email": format!("{}@example.com", user.id), "groups": user.groups})
        })
        .collect();
    let users_file = dir.join("users.json");
    std::fs::write(&users_file, serde_json::to_vec(&users).unwrap()).unwrap();
    Command::new(program)
        .args(["-port", &port.to_string(), "-client-id", CLIENT_ID, "-client-secret", CLIENT_SECRET])
        .args(["-redirect", redirect_url, "-users"])
        .arg(&users_file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the provider starts")
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
