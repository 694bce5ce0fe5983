//! Sign-in through a real OpenID Connect provider (zitadel/oidc's, on 127.0.0.1), over
//! real HTTP, with the real server and store: the code flow with PKCE and a nonce, the
//! `groups` claim mapped to roles, a person with no role refused, a local account's name
//! never taken over, and a way back that is replayed, forged, or belongs to another
//! browser refused; the provider's keys rotated and a role changed there followed at the
//! next sign-in. The configuration is read from a file whose client secret is a
//! `${file:…}` reference.

use std::collections::HashMap;

use crate::support::oidc::{provider_program, OidcProvider, ProviderUser, CLIENT_ID, CLIENT_SECRET};
use crate::support::server::{add_user, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::json;
use tokio::net::TcpListener;

const PASSWORD: &str = "provider password 1";

/// No redirects followed: each hop is looked at.
fn browser() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|value| value.to_str().unwrap().to_owned()).unwrap_or_default()
}

/// The `name=value` of the cookie `name` among the response's `Set-Cookie` headers, with
/// its attributes.
fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .find(|cookie| cookie.starts_with(&format!("{name}=")) && !cookie.contains("Max-Age=0"))
}

/// A sign-in begun at Tributary: the flow cookie and the provider's authorization URL.
async fn begin(base: &str, next: &str) -> (String, String) {
    let response = browser().get(format!("{base}/auth/oidc/start?next={next}")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let flow = set_cookie(&response, "tributary_oidc_flow").expect("a flow cookie");
    assert!(flow.contains("HttpOnly") && flow.contains("SameSite=Lax") && flow.contains("Path=/auth/oidc"), "{flow}");
    (flow.split(';').next().unwrap().to_owned(), location(&response))
}

/// The person `username` signs in at the provider's own login form; returns the URL the
/// provider sends the browser back to (Tributary's callback with `code` and `state`).
async fn at_provider(issuer: &str, authorize_url: &str, username: &str) -> String {
    let http = browser();
    let origin = issuer.trim_end_matches('/');
    let absolute = |url: String| if url.starts_with('/') { format!("{origin}{url}") } else { url };
    let mut url = authorize_url.to_owned();
    for _ in 0..10 {
        if !url.starts_with(origin) {
            return url;
        }
        let response = http.get(&url).send().await.unwrap();
        if response.status().is_redirection() {
            url = absolute(location(&response));
            continue;
        }
        let page = response.text().await.unwrap();
        let at = page.find("name=\"id\" value=\"").expect("the provider's login form") + "name=\"id\" value=\"".len();
        let id = page[at..].split('"').next().unwrap().to_owned();
        let posted = http
            .post(format!("{origin}/login/username"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(
                serde_urlencoded::to_string([("id", id.as_str()), ("username", username), ("password", PASSWORD)])
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
        assert!(posted.status().is_redirection(), "the provider accepts {username}'s password");
        url = absolute(location(&posted));
    }
    panic!("the provider never sent the browser back");
}

/// Tributary's callback, as the browser carrying `flow_cookie` follows it: the session
/// cookie when signed in, and where the browser is sent.
async fn come_back(callback_url: &str, flow_cookie: Option<&str>) -> (Option<String>, String) {
    let mut request = browser().get(callback_url);
    if let Some(flow_cookie) = flow_cookie {
        request = request.header("cookie", flow_cookie);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let session = set_cookie(&response, "tributary_session").map(|cookie| cookie.split(';').next().unwrap().to_owned());
    (session, location(&response))
}

/// The whole journey for `username`, going to `next`.
async fn sign_in(base: &str, issuer: &str, username: &str) -> (Option<String>, String) {
    let (flow, authorize_url) = begin(base, "/compliance").await;
    let callback = at_provider(issuer, &authorize_url, username).await;
    come_back(&callback, Some(&flow)).await
}

/// The page header's "name · role" for `session`, and its CSRF token.
async fn signed_in_as(base: &str, session: &str) -> (String, String) {
    let page = browser().get(format!("{base}/")).header("cookie", session).send().await.unwrap().text().await.unwrap();
    let at = page.find("data-testid=\"signed-in\"").expect("the signed-in header");
    // The first span's text: `<span class=… title=…>name · role</span>`.
    let span = &page[at..][page[at..].find("<span").expect("the account's name")..];
    let shown = span[span.find('>').unwrap() + 1..].split("</span>").next().unwrap().replace("<!>", "");
    let csrf_at = page.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    (shown, page[csrf_at..].split('"').next().unwrap().to_owned())
}

/// Whether `session` may tag a topic (404: allowed, the topic is unknown; 403: not).
async fn tag_status(base: &str, session: &str, csrf: &str) -> StatusCode {
    let tag = json!({"cluster": "nowhere", "topic": "t", "category": "PII", "tagged": true, "reason": "r"});
    let request = browser().request(Method::POST, format!("{base}/api/v1/classification/topic-tags"));
    request.header("cookie", session).header("x-csrf-token", csrf).json(&tag).send().await.unwrap().status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_through_a_real_openid_connect_provider() {
    let Some(program) = provider_program() else { return };
    let dir = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let redirect_url = format!("{base}/auth/oidc/callback");
    let users = [
        ProviderUser { id: "u-stella", username: "stella", password: PASSWORD, groups: &["staff", "data-stewards"] },
        ProviderUser { id: "u-vera", username: "vera", password: PASSWORD, groups: &["staff"] },
        ProviderUser { id: "u-nora", username: "nora", password: PASSWORD, groups: &["sales"] },
    ];
    let mut provider = OidcProvider::start(program, &users, &redirect_url).await;

    let store_url = format!("sqlite://{}/oidc.db", dir.path().display());
    let secret_file = dir.path().join("client-secret");
    std::fs::write(&secret_file, format!("{CLIENT_SECRET}\n")).unwrap();
    let config_file = dir.path().join("tributary.toml");
    std::fs::write(
        &config_file,
        format!(
            "[store]\nurl = \"{store_url}\"\n\
             [auth.oidc]\nissuer = \"{}\"\nclient_id = \"{CLIENT_ID}\"\n\
             client_secret = \"${{file:{}}}\"\nredirect_url = \"{redirect_url}\"\n\
             scopes = [\"profile\", \"email\", \"groups\"]\nlabel = \"Company SSO\"\n\
             [auth.oidc.roles]\nstaff = \"viewer\"\ndata-stewards = \"steward\"\n",
            provider.issuer,
            secret_file.display()
        ),
    )
    .unwrap();
    let (config, _) = tributary::config::load(Some(&config_file), HashMap::<String, String>::new()).unwrap();
    assert_eq!(config.auth.oidc.as_ref().unwrap().client_secret, CLIENT_SECRET, "read from the secret file");
    // A local account named like a provider's person: never joined to them.
    sqlx::any::install_default_drivers();
    let server = TestServer::start_on(listener, config).await;
    let (added, said) = add_user(&config_file, "stella", "viewer", "a long local password");
    assert!(added, "{said}");

    let page = browser().get(format!("{base}/sign-in")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Sign in with Company SSO"), "the sign-in page offers the provider");
    let unauthenticated = browser().get(format!("{base}/api/v1/topics")).send().await.unwrap();
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED, "with a provider, nobody reads without signing in");

    // The authorization request carries a PKCE challenge (S256), a nonce and a state.
    let (stella_flow, authorize_url) = begin(&base, "/compliance").await;
    assert!(authorize_url.starts_with(&format!("{}auth?", provider.issuer)), "{authorize_url}");
    for part in
        ["response_type=code", "code_challenge_method=S256", "code_challenge=", "nonce=", "state=", "scope=openid"]
    {
        assert!(authorize_url.contains(part), "{part} in {authorize_url}");
    }
    let stella_callback = at_provider(&provider.issuer, &authorize_url, "stella").await;
    assert!(stella_callback.starts_with(&redirect_url) && stella_callback.contains("code="), "{stella_callback}");
    let (session, next) = come_back(&stella_callback, Some(&stella_flow)).await;
    let session = session.expect("signed in");
    assert_eq!(next, "/compliance", "sent on to the page asked for");
    let (shown, csrf) = signed_in_as(&base, &session).await;
    assert_eq!(shown, "stella (u-stella) · steward", "the broadest role her groups map to; the local stella untouched");
    assert_eq!(tag_status(&base, &session, &csrf).await, StatusCode::NOT_FOUND, "a steward may tag");

    // The same way back again (a replayed code and flow): refused.
    let (replayed, next) = come_back(&stella_callback, Some(&stella_flow)).await;
    assert!(replayed.is_none() && next.starts_with("/sign-in?failed=provider"), "{next}");

    // A viewer signs in and may not tag; a person whose groups map to no role is refused.
    let (vera, _) = sign_in(&base, &provider.issuer, "vera").await;
    let vera = vera.expect("vera signed in");
    let (shown, csrf) = signed_in_as(&base, &vera).await;
    assert_eq!(shown, "vera · viewer");
    assert_eq!(tag_status(&base, &vera, &csrf).await, StatusCode::FORBIDDEN);
    let (nora, next) = sign_in(&base, &provider.issuer, "nora").await;
    assert!(nora.is_none() && next.starts_with("/sign-in?failed=no-role"), "{next}");
    let page = browser().get(format!("{base}{next}")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("has no role in Tributary"), "the sign-in page says why");

    // Login CSRF: an attacker's way back (their code and state) delivered to a victim's
    // browser, which began a sign-in of its own or none, signs nobody in.
    let (_, attacker_url) = begin(&base, "/").await;
    let attacker_callback = at_provider(&provider.issuer, &attacker_url, "stella").await;
    let (victim_flow, _) = begin(&base, "/").await;
    let (forged, next) = come_back(&attacker_callback, Some(&victim_flow)).await;
    assert!(forged.is_none() && next.starts_with("/sign-in?failed=provider"), "state mismatch: {next}");
    let (forged, _) = come_back(&attacker_callback, None).await;
    assert!(forged.is_none(), "no flow cookie, no sign-in");

    // The ID token's nonce and the PKCE verifier are checked: a sign-in whose stored nonce
    // or verifier differs from what the provider saw fails.
    let pool = sqlx::AnyPool::connect(&store_url).await.unwrap();
    for tamper in [
        "UPDATE pending_sign_ins SET nonce = 'forged-nonce'",
        "UPDATE pending_sign_ins SET pkce_verifier = 'forged-verifier-forged-verifier-forged-verifier-0123'",
    ] {
        sqlx::query("DELETE FROM pending_sign_ins").execute(&pool).await.unwrap();
        let (flow, url) = begin(&base, "/").await;
        let callback = at_provider(&provider.issuer, &url, "vera").await;
        sqlx::query(tamper).execute(&pool).await.unwrap();
        let (tampered, next) = come_back(&callback, Some(&flow)).await;
        assert!(tampered.is_none() && next.starts_with("/sign-in?failed=provider"), "{tamper}: {next}");
    }

    // The provider restarts with new signing keys, and vera is a steward there now: her
    // next sign-in succeeds at once (the keys read again) and her role follows, audited.
    let users = [ProviderUser { id: "u-vera", username: "vera", password: PASSWORD, groups: &["data-stewards"] }];
    provider.restart_with(&users).await;
    let (vera, _) = sign_in(&base, &provider.issuer, "vera").await;
    let (shown, _) = signed_in_as(&base, &vera.expect("signed in after the keys rotated")).await;
    assert_eq!(shown, "vera · steward");
    let changed: Vec<(String, String)> =
        sqlx::query_as("SELECT before, after FROM audit_log WHERE action = 'account_role_changed' AND target = 'vera'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(changed, [("\"viewer\"".to_owned(), "\"steward\"".to_owned())]);

    // The first sign-in made the accounts, and the audit log says so.
    let accounts: Vec<String> =
        sqlx::query_scalar("SELECT name FROM accounts ORDER BY name").fetch_all(&pool).await.unwrap();
    assert_eq!(accounts, ["stella", "stella (u-stella)", "vera"]);
    let added: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'account_added' AND reason = 'first sign-in'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(added, 2);
    // Beginning sign-ins (each keeps a row for ten minutes) is limited like passwords tried.
    let mut limited = None;
    for _ in 0..12 {
        let begun = browser().get(format!("{base}/auth/oidc/start")).send().await.unwrap();
        if begun.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(begun.headers()["retry-after"].to_str().unwrap().to_owned());
            break;
        }
    }
    assert!(limited.is_some_and(|seconds| seconds.parse::<u64>().unwrap() > 0), "429 with Retry-After");
    server.stop().await.unwrap();
}
