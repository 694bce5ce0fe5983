//! Who may see and change what, over real HTTP on a real server and store: the
//! first-run mode and how the first account ends it, sign-in and sign-out, every
//! state-changing route against every role, CSRF and cross-site requests, API tokens
//! with their scopes, expiry and revocation, and the audit log naming who.

// The expected table of who may do what, written out by hand.
#[path = "access/matrix.rs"]
mod matrix;
use std::process::Command;

use crate::support::server::{add_user, config, TestServer};
use matrix::{routes, with_body, Body};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const PASSWORD: &str = "a long enough password";

/// A URL-encoded form body, as a browser posts one.
trait Urlencoded {
    fn urlencoded<T: serde::Serialize + ?Sized>(self, fields: &T) -> Self;
}

impl Urlencoded for reqwest::RequestBuilder {
    fn urlencoded<T: serde::Serialize + ?Sized>(self, fields: &T) -> Self {
        self.header("content-type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(fields).unwrap())
    }
}

/// A browser-like caller: no redirects followed, its session cookie and CSRF token.
struct Session {
    http: reqwest::Client,
    base: String,
    cookie: String,
    csrf: String,
}

impl Session {
    async fn sign_in(base: &str, name: &str, password: &str) -> Option<Session> {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let response = http
            .post(format!("{base}/auth/sign-in"))
            .urlencoded(&[("name", name), ("password", password), ("next", "/compliance")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let cookie = response.headers().get("set-cookie").map(|value| value.to_str().unwrap().to_owned());
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let Some(cookie) = cookie else {
            assert!(location.starts_with("/sign-in?failed=1"), "{location}");
            return None;
        };
        assert_eq!(location, "/compliance", "sent on to the page asked for");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        let cookie = cookie.split(';').next().unwrap().to_owned();
        // The CSRF token, as a page carries it: in the header's sign-out form.
        let page = http.get(format!("{base}/")).header("cookie", &cookie).send().await.unwrap().text().await.unwrap();
        let at = page.find("name=\"csrf\" value=\"").expect("the signed-in header") + "name=\"csrf\" value=\"".len();
        let csrf = page[at..].split('"').next().unwrap().to_owned();
        assert!(page[..at].contains("data-testid=\"signed-in\""), "the header says who is signed in");
        Some(Session { http, base: base.to_owned(), cookie, csrf })
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base)).header("cookie", &self.cookie)
    }

    /// `POST /api/v1/tokens` with `body`, as the signed-in account (with its CSRF token).
    async fn make_token(&self, body: Value) -> reqwest::Response {
        let request = self.request(Method::POST, "/api/v1/tokens").header("x-csrf-token", &self.csrf);
        request.json(&body).send().await.unwrap()
    }
}

/// How soon a live stream ends after its session or token does (at once here; the
/// limit only bounds the wait).
const STREAM_END: std::time::Duration = std::time::Duration::from_secs(5);

/// Whether the event stream `response` ends (the server closes it) within `limit`.
async fn ends_within(mut response: reqwest::Response, limit: std::time::Duration) -> bool {
    tokio::time::timeout(limit, async move { while let Ok(Some(_)) = response.chunk().await {} }).await.is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_tokens_sessions_and_csrf_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let store_url = format!("sqlite://{}/access.db", dir.path().display());
    let config_file = dir.path().join("tributary.toml");
    std::fs::write(&config_file, format!("[store]\nurl = \"{store_url}\"\n")).unwrap();
    // The first-run mode: no account, and `auth.anonymous` not set.
    let mut settings = config(&store_url, &[]);
    settings.auth.anonymous = None;
    let server = TestServer::start(settings).await;
    let base = server.base_url.clone();
    let anonymous = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();

    // First run: no account; everyone on loopback reads (the catalog, reports, the audit
    // log), nobody changes anything, every page says so.
    let page = anonymous.get(format!("{base}/")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("No account exists yet") && page.contains("nothing can be changed"), "the first-run banner");
    assert_eq!(anonymous.get(format!("{base}/api/v1/topics")).send().await.unwrap().status(), StatusCode::OK);
    assert_eq!(anonymous.get(format!("{base}/api/v1/audit")).send().await.unwrap().status(), StatusCode::OK);
    let tagged = anonymous.post(format!("{base}/api/v1/classification/topic-tags")).json(&json!({
        "cluster": "nowhere", "topic": "t", "category": "PII", "tagged": true, "reason": "r", "by": "ada"}));
    assert_eq!(tagged.send().await.unwrap().status(), StatusCode::UNAUTHORIZED, "read-only");
    let edge = json!({"from": "group:nowhere/app", "to": "topic:nowhere/t", "edge": "writes"});
    let declared = anonymous.post(format!("{base}/api/v1/lineage/edges")).json(&edge).send().await.unwrap();
    assert_eq!(declared.status(), StatusCode::UNAUTHORIZED, "read-only");
    let form = [("cluster", "nowhere"), ("topic", "t"), ("category", "PII"), ("tagged", "true"), ("reason", "r")];
    let from_page = anonymous.post(format!("{base}/_sfn/tag_topic")).urlencoded(&form).send().await.unwrap();
    assert_eq!(from_page.status(), StatusCode::UNAUTHORIZED, "read-only, from a page too");
    let tokens = anonymous.post(format!("{base}/api/v1/tokens")).json(&json!({"label": "x", "scopes": ["read"]}));
    assert_eq!(tokens.send().await.unwrap().status(), StatusCode::UNAUTHORIZED);

    // The first account, made on the command line while the server runs, ends it.
    let (short, said) = add_user(&config_file, "ada", "admin", "short");
    assert!(!short && said.contains("12 characters"), "{said}");
    for (name, role) in
        [("ada", "admin"), ("sam <script>", "steward"), ("olga", "compliance-officer"), ("vic", "viewer")]
    {
        let (added, said) = add_user(&config_file, name, role, PASSWORD);
        assert!(added, "{said}");
    }
    let (again, said) = add_user(&config_file, "ada", "viewer", PASSWORD);
    assert!(!again && said.contains("exists already"), "{said}");
    let refused = anonymous.get(format!("{base}/api/v1/topics")).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let refused: Value = refused.json().await.unwrap();
    assert_eq!(refused["error"]["code"], "unauthorized", "{refused}");
    let page = anonymous.get(format!("{base}/topic?cluster=a&name=b")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(page.headers()["location"], "/sign-in?next=/topic%3Fcluster%3Da%26name%3Db");
    let sign_in_page = anonymous.get(format!("{base}/sign-in")).send().await.unwrap();
    assert_eq!(sign_in_page.status(), StatusCode::OK, "the sign-in page itself is open");

    assert!(Session::sign_in(&base, "ada", "not the password at all").await.is_none());
    assert!(Session::sign_in(&base, "nobody", PASSWORD).await.is_none());
    let mut sessions = Vec::new();
    for name in ["vic", "sam <script>", "olga", "ada"] {
        sessions.push(Session::sign_in(&base, name, PASSWORD).await.expect(name));
    }
    let page = sessions[1].request(Method::GET, "/").send().await.unwrap().text().await.unwrap();
    assert!(page.contains("sam &lt;script&gt; · steward") && !page.contains("sam <script>"), "the name, escaped");
    // The header's tooltip holds the name in an attribute, where a quote would end it.
    let quoting = "q\" onmouseover=\"alert(1)";
    let (added, said) = add_user(&config_file, quoting, "viewer", PASSWORD);
    assert!(added, "{said}");
    let page = Session::sign_in(&base, quoting, PASSWORD).await.expect("quoting").request(Method::GET, "/");
    let page = page.send().await.unwrap().text().await.unwrap();
    assert!(page.contains("title=\"q&quot; onmouseover=&quot;alert(1)\""), "the name, escaped in the tooltip");
    // (As text the quotes stay quotes; an attribute made of them would end in one.)
    assert!(!page.contains("onmouseover=\"alert(1)\""), "no attribute of the name's making");

    // Every route against every role: refused with 403, or let through to its handler.
    for (method, path, body, allowed) in routes() {
        for (session, may) in sessions.iter().zip(allowed) {
            let request = session.request(method.clone(), path).header("x-csrf-token", &session.csrf);
            let request = match &body {
                // A form carries its token in a field, as a page without JavaScript sends it.
                Body::Form(fields) => {
                    let mut fields = fields.clone();
                    fields.push(("csrf".into(), session.csrf.clone()));
                    session.request(method.clone(), path).urlencoded(&fields)
                }
                _ => with_body(request, &body),
            };
            let status = request.send().await.unwrap().status();
            let refused = status == StatusCode::FORBIDDEN || status == StatusCode::UNAUTHORIZED;
            assert_eq!(!refused, may, "{method} {path} as {}: {status}", session.cookie.len());
        }
        // Nobody signed in: 401 for everything.
        let status = with_body(anonymous.request(method.clone(), format!("{base}{path}")), &body).send().await.unwrap();
        assert_eq!(status.status(), StatusCode::UNAUTHORIZED, "{method} {path} anonymous");
    }

    // CSRF: a session's change without its token, with another's, or from another site.
    let steward = &sessions[1];
    let tag = json!({"cluster": "nowhere", "topic": "t", "category": "PII", "tagged": true, "reason": "r"});
    let path = "/api/v1/classification/topic-tags";
    let forged = [
        steward.request(Method::POST, path).json(&tag),
        steward.request(Method::POST, path).header("x-csrf-token", &sessions[3].csrf).json(&tag),
        steward.request(Method::POST, "/_sfn/tag_topic").urlencoded(&[("cluster", "nowhere"), ("csrf", "guess")]),
        steward
            .request(Method::POST, path)
            .header("x-csrf-token", &steward.csrf)
            .header("origin", "https://evil.example")
            .json(&tag),
    ];
    for request in forged {
        assert_eq!(request.send().await.unwrap().status(), StatusCode::FORBIDDEN);
    }

    // A steward's token: its scopes, its account's name in the audit log, never its secret.
    let made = steward.make_token(json!({"label": "CI", "scopes": ["tags:write"], "expires_in_days": 30})).await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let made: Value = made.json().await.unwrap();
    let secret = made["secret"].as_str().unwrap().to_owned();
    let bearer = |method: Method, path: &str| anonymous.request(method, format!("{base}{path}")).bearer_auth(&secret);
    assert_eq!(bearer(Method::POST, path).json(&tag).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let edge = json!({"from": "group:nowhere/app", "to": "topic:nowhere/t", "edge": "writes"});
    let wrong_scope = bearer(Method::POST, "/api/v1/lineage/edges").json(&edge).send().await.unwrap();
    assert_eq!(wrong_scope.status(), StatusCode::FORBIDDEN);
    let said: Value = wrong_scope.json().await.unwrap();
    assert!(said["error"]["message"].as_str().unwrap().contains("lineage:write"), "{said}");
    assert_eq!(bearer(Method::GET, "/api/v1/topics").send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(bearer(Method::GET, "/api/v1/tokens").send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let viewer = &sessions[0];
    let beyond = viewer.make_token(json!({"label": "x", "scopes": ["tags:write"]})).await;
    assert_eq!(beyond.status(), StatusCode::BAD_REQUEST, "a scope beyond the role is refused when made");

    let listed: Value = steward.request(Method::GET, "/api/v1/tokens").send().await.unwrap().json().await.unwrap();
    assert!(listed[0]["last_used_ms"].as_i64().is_some(), "{listed}");
    assert!(!listed.to_string().contains(&secret), "the secret is shown once");
    let id = made["token"]["id"].as_str().unwrap();
    let others =
        sessions[2].request(Method::DELETE, &format!("/api/v1/tokens/{id}")).header("x-csrf-token", &sessions[2].csrf);
    assert_eq!(others.send().await.unwrap().status(), StatusCode::NOT_FOUND, "another account's token");
    let revoked =
        steward.request(Method::DELETE, &format!("/api/v1/tokens/{id}")).header("x-csrf-token", &steward.csrf);
    assert_eq!(revoked.send().await.unwrap().status(), StatusCode::OK);
    let after = bearer(Method::POST, path).json(&tag).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    assert!(after.text().await.unwrap().contains("revoked"));

    // An expired token (its expiry moved into the past in the store).
    let made: Value = sessions[0].make_token(json!({"label": "old", "scopes": ["read"]})).await.json().await.unwrap();
    let old = made["secret"].as_str().unwrap().to_owned();
    let reads = |token: String| anonymous.get(format!("{base}/api/v1/topics")).bearer_auth(token).send();
    assert_eq!(reads(old.clone()).await.unwrap().status(), StatusCode::OK);
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&store_url).await.unwrap();
    sqlx::query("UPDATE api_tokens SET expires_at_ms = 1 WHERE label = 'old'").execute(&pool).await.unwrap();
    let expired = reads(old).await.unwrap();
    assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
    assert!(expired.text().await.unwrap().contains("expired"));
    assert_eq!(reads("trb_made-up".into()).await.unwrap().status(), StatusCode::UNAUTHORIZED);

    // A live stream opened with a token ends when the token is revoked.
    let made: Value = sessions[0].make_token(json!({"label": "live", "scopes": ["read"]})).await.json().await.unwrap();
    let live = made["secret"].as_str().unwrap().to_owned();
    let stream = anonymous.get(format!("{base}/api/v1/events/stream")).bearer_auth(&live).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    let id = made["token"]["id"].as_str().unwrap();
    let revoke = sessions[0]
        .request(Method::DELETE, &format!("/api/v1/tokens/{id}"))
        .header("x-csrf-token", &sessions[0].csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), StatusCode::OK);
    assert!(ends_within(stream, STREAM_END).await, "a live stream ends when its token is revoked");

    // The audit log names who: the accounts made, the tokens made and revoked, by whom.
    let officer = &sessions[2];
    let log =
        officer.request(Method::GET, "/api/v1/audit/export?format=json").send().await.unwrap().text().await.unwrap();
    assert!(!log.contains(&secret), "no secret in the audit log");
    let log: Value = serde_json::from_str(&log).unwrap();
    let entries: Vec<(String, String, String)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            let field = |name: &str| entry[name].as_str().unwrap_or_default().to_owned();
            (field("actor"), field("action"), field("target"))
        })
        .collect();
    assert!(entries.contains(&("command line".into(), "account_added".into(), "sam <script>".into())), "{entries:?}");
    assert!(
        entries.iter().any(|(actor, action, _)| actor == "sam <script>" && action == "token_created"),
        "{entries:?}"
    );
    assert!(
        entries.iter().any(|(actor, action, _)| actor == "sam <script>" && action == "token_revoked"),
        "{entries:?}"
    );

    // The command line sends a token from the environment: a report with `reports`.
    let made: Value =
        officer.make_token(json!({"label": "reports", "scopes": ["reports"]})).await.json().await.unwrap();
    let report = |token: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tributary"));
        command
            .args(["report", "--url", &base, "-o"])
            .arg(dir.path().join("report.json"))
            .env_remove("TRIBUTARY_TOKEN");
        if let Some(token) = token {
            command.env("TRIBUTARY_TOKEN", token);
        }
        command.output().unwrap()
    };
    let refused = report(None);
    assert!(!refused.status.success() && String::from_utf8_lossy(&refused.stderr).contains("sign in"));
    let written = report(made["secret"].as_str());
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));

    // Signing out ends the session; signing out everywhere ends the account's others,
    // and the live streams they opened.
    let second = Session::sign_in(&base, "ada", PASSWORD).await.unwrap();
    let second_stream = second.request(Method::GET, "/api/v1/events/stream").send().await.unwrap();
    assert_eq!(second_stream.status(), StatusCode::OK);
    let ada = &sessions[3];
    let out = ada.request(Method::POST, "/auth/sign-out").urlencoded(&[("csrf", "forged")]).send().await.unwrap();
    assert_eq!(out.status(), StatusCode::FORBIDDEN, "a forged sign-out");
    let out =
        ada.request(Method::POST, "/auth/sign-out").urlencoded(&[("csrf", ada.csrf.as_str()), ("everywhere", "1")]);
    let out = out.send().await.unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert!(out.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    for session in [ada, &second] {
        let status = session.request(Method::GET, "/api/v1/topics").send().await.unwrap().status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "signed out everywhere");
    }
    assert!(ends_within(second_stream, STREAM_END).await, "the other session's live stream ended");
    // Guessing passwords from one address: past ten attempts, 429 with Retry-After.
    let mut limited = None;
    for _ in 0..12 {
        let attempt = anonymous
            .post(format!("{base}/auth/sign-in"))
            .urlencoded(&[("name", "ada"), ("password", "guess guess guess")])
            .send()
            .await
            .unwrap();
        if attempt.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(attempt.headers()["retry-after"].to_str().unwrap().parse::<u64>().unwrap());
            break;
        }
    }
    assert!(limited.is_some_and(|seconds| (1..=6).contains(&seconds)), "{limited:?}");

    server.stop().await.unwrap();
}

/// `next` after signing in leads only within the site, parsed as a browser parses a
/// Location: a tab or a newline in it (a browser's `//evil.example`) leads to the
/// overview, never to another site or a 500. (A server of its own: the sign-ins of the
/// roles test use up its address's attempts.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_leads_only_within_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let store_url = format!("sqlite://{}/next.db", dir.path().display());
    let server = TestServer::start(config(&store_url, &[])).await;
    let config_file = dir.path().join("tributary.toml");
    std::fs::write(&config_file, format!("[store]\nurl = \"{store_url}\"\n")).unwrap();
    let (added, said) = add_user(&config_file, "ada", "viewer", PASSWORD);
    assert!(added, "{said}");
    let base = server.base_url.clone();
    for (next, expected) in [("/%09/evil.example", "/%09/evil.example"), ("/\t/evil.example", "/"), ("/\n/x", "/")] {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let response = http
            .post(format!("{base}/auth/sign-in"))
            .urlencoded(&[("name", "ada"), ("password", PASSWORD), ("next", next)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(response.headers()["location"], expected, "{next:?}");
    }
    server.stop().await.unwrap();
}

/// Listening on an address other machines reach, with no account and no explicit
/// `auth.anonymous`, is refused before the address is bound, saying why.
#[test]
fn an_exposed_address_without_accounts_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config_file = dir.path().join("tributary.toml");
    let store = format!("sqlite://{}/exposed.db", dir.path().display());
    std::fs::write(&config_file, format!("[server]\nlisten = \"0.0.0.0:0\"\n[store]\nurl = \"{store}\"\n")).unwrap();
    let output =
        Command::new(env!("CARGO_BIN_EXE_tributary")).arg("--config").arg(&config_file).arg("serve").output().unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{said}");
    assert!(said.contains("refusing to listen on 0.0.0.0:0") && said.contains("tributary user add"), "{said}");
}
