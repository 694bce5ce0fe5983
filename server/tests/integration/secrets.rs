//! Configured secrets never leave Tributary: a cluster's SASL password, a registry's
//! password and the credentials in its URL, a Connect cluster's token, an account's
//! password, an API token and the OpenID Connect client secret (given in the
//! environment) are looked for in every page, every API answer (errors
//! included), the OpenAPI document, reports (JSON, CSV, PDF as pdftotext reads it), the
//! audit log and the server's own log, while every source fails to read (so their errors
//! are on show).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::any;
use axum::Router;

use crate::support::eventually;

const SASL_PASSWORD: &str = "sasl-pw-7f3e9a";
const REGISTRY_PASSWORD: &str = "registry-pw-91ab2c";
const URL_PASSWORD: &str = "url-pw-3344dd";
const CONNECT_TOKEN: &str = "connect-token-55cd0e";
const ADMIN_PASSWORD: &str = "admin-password-8812fa";
const OIDC_SECRET: &str = "oidc-client-secret-40be17";
/// The environment variable the configuration takes the OpenID Connect secret from.
const OIDC_SECRET_VARIABLE: &str = "SECRETS_TEST_OIDC_SECRET";

/// An endpoint that refuses everyone, as a secured registry or Connect worker would
/// refuse wrong credentials.
async fn refusing() -> String {
    let app = Router::new().fallback(any(|| async { (StatusCode::UNAUTHORIZED, "Unauthorized") }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    address.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_configured_secret_is_shown_answered_reported_or_logged() {
    let dir = tempfile::tempdir().unwrap();
    let refusing = refusing().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let config = dir.path().join("tributary.toml");
    std::fs::write(
        &config,
        format!(
            r#"
[server]
listen = "127.0.0.1:{port}"
[store]
url = "sqlite://{dir}/secrets.db"
[ingest]
poll_interval_secs = 1
request_timeout_secs = 2
[[clusters]]
alias = "prod"
bootstrap_servers = "127.0.0.1:1"
properties = {{ "security.protocol" = "SASL_PLAINTEXT", "sasl.mechanism" = "PLAIN", "sasl.username" = "tributary", "sasl.password" = "{SASL_PASSWORD}" }}
[[schema_registries]]
name = "main"
url = "http://{refusing}"
auth = {{ type = "basic", username = "tributary", password = "{REGISTRY_PASSWORD}" }}
[[schema_registries]]
name = "other"
url = "http://tributary:{URL_PASSWORD}@{refusing}"
[[connect_clusters]]
name = "connect"
url = "http://{refusing}"
auth = {{ type = "bearer", token = "{CONNECT_TOKEN}" }}
[auth.oidc]
issuer = "http://{refusing}/"
client_id = "tributary"
client_secret = "${{env:{OIDC_SECRET_VARIABLE}}}"
redirect_url = "{base}/auth/oidc/callback"
roles = {{ staff = "viewer" }}
"#,
            dir = dir.path().display()
        ),
    )
    .unwrap();
    let mut add = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("--config")
        .arg(&config)
        .args(["user", "add", "ada", "--role", "admin"])
        .env(OIDC_SECRET_VARIABLE, OIDC_SECRET)
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    writeln!(add.stdin.take().unwrap(), "{ADMIN_PASSWORD}").unwrap();
    assert!(add.wait().unwrap().success());
    let token = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("--config")
        .arg(&config)
        .args(["token", "add", "--user", "ada", "--scopes", "read,reports"])
        .env(OIDC_SECRET_VARIABLE, OIDC_SECRET)
        .output()
        .unwrap();
    let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();
    assert!(token.starts_with("trb_"), "{token}");

    let log = std::fs::File::create(dir.path().join("tributary.log")).unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("--config")
        .arg(&config)
        .arg("serve")
        .env("RUST_LOG", "info")
        .env(OIDC_SECRET_VARIABLE, OIDC_SECRET)
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    let get = |path: &str| http.get(format!("{base}{path}")).bearer_auth(&token).send();
    // Every source has failed to read at least once: their errors are on show.
    eventually("every source's read to fail", Duration::from_secs(60), || async {
        let clusters = get("/api/v1/clusters").await.ok()?.text().await.ok()?;
        let registries = get("/api/v1/registries").await.ok()?.text().await.ok()?;
        let connect = get("/api/v1/connect").await.ok()?.text().await.ok()?;
        let failed = |text: &str, times: usize| text.matches("\"last_error\":\"").count() >= times;
        (failed(&clusters, 1) && failed(&registries, 2) && failed(&connect, 1)).then_some(())
    })
    .await;
    // A session's sign-in, with the admin's password, goes through the log too.
    let signed_in = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let form = serde_urlencoded::to_string([("name", "ada"), ("password", ADMIN_PASSWORD)]).unwrap();
    let answer = signed_in
        .post(format!("{base}/auth/sign-in"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert!(answer.headers().contains_key("set-cookie"));
    // A sign-in through the provider, which refuses to be discovered: logged as failed.
    let begun = signed_in.get(format!("{base}/auth/oidc/start")).send().await.unwrap();
    assert_eq!(begun.headers()["location"], "/sign-in?failed=provider&next=%2F");

    let mut seen: Vec<(String, String)> = Vec::new();
    let paths = [
        "/",
        "/cluster?name=prod",
        "/schemas",
        "/compliance",
        "/personal-data",
        "/api",
        "/reports",
        "/audit",
        "/search?q=prod",
        "/sign-in",
        "/api/v1/clusters",
        "/api/v1/clusters/prod",
        "/api/v1/clusters/prod/access",
        "/api/v1/registries",
        "/api/v1/registries/main/subjects/orders-value",
        "/api/v1/connect",
        "/api/v1/events?limit=500",
        "/api/v1/openapi.json",
        "/api/v1/audit/export?format=json",
        "/api/v1/audit/export?format=csv",
        "/api/v1/reports",
        "/api/v1/reports?format=csv&section=records",
        "/api/v1/tokens",
    ];
    for path in paths {
        let text = get(path).await.unwrap().text().await.unwrap();
        seen.push((path.to_owned(), text));
    }
    let pdf = get("/api/v1/reports?format=pdf").await.unwrap().bytes().await.unwrap();
    std::fs::write(dir.path().join("report.pdf"), &pdf).unwrap();
    let text = Command::new("pdftotext").arg(dir.path().join("report.pdf")).arg("-").output();
    let text = String::from_utf8_lossy(&text.expect("pdftotext (poppler-utils) runs").stdout).into_owned();
    seen.push(("the PDF report".into(), text));
    // The pages did show the failures (so a secret would have had its chance).
    let cluster_page = &seen.iter().find(|(path, _)| path == "/api/v1/clusters").unwrap().1;
    assert!(cluster_page.contains("\"last_error\""), "{cluster_page}");

    let _ = Command::new("kill").arg(server.id().to_string()).status();
    let _ = server.wait();
    let log = std::fs::read_to_string(dir.path().join("tributary.log")).unwrap();
    assert!(log.contains("sign-in through the provider could not begin"), "the provider's failure is logged");
    seen.push(("the server's log".into(), log));
    let secret_part = &token["trb_".len()..];
    for (place, text) in &seen {
        for secret in
            [SASL_PASSWORD, REGISTRY_PASSWORD, URL_PASSWORD, CONNECT_TOKEN, ADMIN_PASSWORD, OIDC_SECRET, secret_part]
        {
            assert!(!text.contains(secret), "`{secret}` in {place}:\n{}", &text[..text.len().min(3000)]);
        }
    }
}
