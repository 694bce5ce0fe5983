//! What an attacker (or an unlucky operator) tries, against the real server over HTTP:
//! markup in every title, deep schemas, foreign `Host` headers, a locked store, pages
//! for things that do not exist. Each of these failed before its fix.

use std::time::Duration;

use crate::support::eventually;
use crate::support::registry::RegistryDouble;
use crate::support::server::{config, TestServer};
use reqwest::header::{CONTENT_SECURITY_POLICY, HOST, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::Connection;
use tributary::config::RegistryConfig;
use tributary_core::schema::MAX_FIELD_DEPTH;

const SCRIPT: &str = "</title><script>alert(1)</script>";

async fn server_without_clusters(dir: &tempfile::TempDir) -> TestServer {
    TestServer::start(config(&format!("sqlite://{}/c.db", dir.path().display()), &[])).await
}

fn encoded(text: &str) -> String {
    text.bytes()
        .map(|byte| if byte.is_ascii_alphanumeric() { (byte as char).to_string() } else { format!("%{byte:02X}") })
        .collect()
}

/// The `<title>` element of a page, as sent.
fn title_of(page: &str) -> &str {
    let start = page.find("<title>").expect("a title") + "<title>".len();
    &page[start..start + page[start..].find("</title>").expect("a closed title")]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reflected_markup_in_titles_is_escaped_and_pages_carry_a_strict_policy() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_without_clusters(&dir).await;
    for path in [
        format!("/search?q={}", encoded(SCRIPT)),
        format!("/topic?cluster=local&name={}", encoded(SCRIPT)),
        format!("/group?cluster=local&id={}", encoded(SCRIPT)),
        format!("/subject?source=main&name={}", encoded(SCRIPT)),
        format!("/cluster?name={}", encoded(SCRIPT)),
    ] {
        let response = server.http.get(server.url(&path)).send().await.unwrap();
        let policy = response.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
        assert_eq!(response.headers()[X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(response.headers()[REFERRER_POLICY], "same-origin", "{path}");
        // Plain HTTP: no Strict-Transport-Security (that is for a TLS listener only).
        assert!(!response.headers().contains_key("strict-transport-security"), "{path}");
        let page = response.text().await.unwrap();
        assert!(!page.contains("<script>alert(1)"), "{path}: the script went out as markup");
        assert!(title_of(&page).contains("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), "{path}");
        // Every script the page carries has the nonce the policy names.
        let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce");
        assert!(policy.contains("object-src 'none'") && policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(page.matches("<script").count() > 0);
        assert_eq!(page.matches("<script").count(), page.matches(&format!("nonce=\"{nonce}\"")).count(), "{path}");
    }
    // Answers that are not pages let nothing run.
    for path in ["/api/v1/clusters", "/readyz", "/lineage.svg?node=local/x"] {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        let policy = response.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(policy.starts_with("default-src 'none'"), "{path}: {policy}");
        assert_eq!(response.headers()[X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_for_missing_things_answer_404_and_still_help() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_without_clusters(&dir).await;
    for (path, says) in [
        ("/topic?cluster=local&name=nope", "No such topic"),
        ("/group?cluster=local&id=nope", "No such consumer group"),
        ("/subject?source=main&name=nope", "No such subject"),
        ("/cluster?name=nope", "No such cluster"),
    ] {
        let (status, page) = server.page(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.contains(says), "{path}");
    }
    assert_eq!(server.page("/").await.0, StatusCode::OK);
    // An address missing what it needs says which parameter.
    for (path, needs) in [
        ("/topic?cluster=local", "needs `name=`"),
        ("/group?id=billing", "needs `cluster=`"),
        ("/subject", "needs `source=` and `name=`"),
        ("/cluster", "needs `name=`"),
    ] {
        let (status, page) = server.page(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.contains(needs), "{path}: {needs}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_for_other_hosts_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_without_clusters(&dir).await;
    let port = server.base_url.rsplit(':').next().unwrap().to_owned();
    for host in ["attacker.example", "attacker.example:80", &format!("rebound.example:{port}")] {
        let page = server.http.get(server.url("/")).header(HOST, host).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::MISDIRECTED_REQUEST, "{host}");
        assert!(page.text().await.unwrap().contains("server.allowed_hosts"));
        let declare = server
            .http
            .post(server.url("/api/v1/lineage/edges"))
            .header(HOST, host)
            .json(&json!({"from": "job:a/b", "to": "local/t", "kind": "writes"}))
            .send()
            .await
            .unwrap();
        assert_eq!(declare.status(), StatusCode::MISDIRECTED_REQUEST, "{host}");
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let page = server.http.get(server.url("/")).header(HOST, &host).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "{host}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_says_so_while_the_store_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_without_clusters(&dir).await;
    assert_eq!(server.get_json("/readyz").await["store"], "ok");

    // Another process's writer, as an operator's `sqlite3` shell would hold it.
    let mut other = sqlx::SqliteConnection::connect(&format!("sqlite://{}/c.db", dir.path().display())).await.unwrap();
    sqlx::query("BEGIN EXCLUSIVE").execute(&mut other).await.unwrap();
    let response = server.http.get(server.url("/readyz")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = response.json().await.unwrap();
    assert_eq!((body["ready"].clone(), body["store"].clone()), (json!(false), json!("cannot write")), "{body}");

    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    eventually("ready again once the lock is gone", Duration::from_secs(5), || async {
        (server.get_json("/readyz").await["ready"] == true).then_some(())
    })
    .await;
}

/// A JSON Schema nested `levels` deep (one property per level).
fn json_schema(levels: usize) -> String {
    let mut schema = r#"{"type":"object","properties":{"leaf":{"type":"string"}}}"#.to_owned();
    for _ in 1..levels {
        schema = format!(r#"{{"type":"object","properties":{{"f":{schema}}}}}"#);
    }
    schema
}

/// A server reading the contracts directory `contracts` (as source `contracts`) and the
/// registry double (as `main`), its store in `dir`.
async fn with_contracts_and_a_registry(
    dir: &tempfile::TempDir,
    contracts: &std::path::Path,
) -> (TestServer, RegistryDouble) {
    let mut settings = config(&format!("sqlite://{}/c.db", dir.path().display()), &[]);
    settings.schema_directories = vec![tributary::config::SchemaDirectoryConfig {
        name: "contracts".into(),
        path: contracts.to_owned(),
        clusters: vec![],
        compatibility: tributary_core::schema::compatibility::Level::Backward,
        mappings: vec![],
    }];
    let registry = RegistryDouble::start().await;
    settings.schema_registries = vec![RegistryConfig {
        name: "main".into(),
        url: registry.url.clone(),
        clusters: vec![],
        auth: None,
        mappings: vec![],
    }];
    (TestServer::start(settings).await, registry)
}

/// Deep schemas through every path a user reaches: a contracts directory (ingest,
/// subject page, compatibility), and the registry double (registration).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_schemas_are_refused_or_shown_never_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let contracts = dir.path().join("contracts");
    std::fs::create_dir(&contracts).unwrap();
    std::fs::write(contracts.join("at-limit.json"), json_schema(MAX_FIELD_DEPTH)).unwrap();
    std::fs::write(contracts.join("past-limit.json"), json_schema(MAX_FIELD_DEPTH + 1)).unwrap();
    std::fs::write(contracts.join("hostile.json"), json_schema(2_000)).unwrap();
    let (server, registry) = with_contracts_and_a_registry(&dir, &contracts).await;
    let subjects = eventually("the three contracts", Duration::from_secs(20), || async {
        let list = server.get_json("/api/v1/subjects?registry=contracts").await;
        let items = list["items"].as_array()?.clone();
        (items.len() == 3).then_some(items)
    })
    .await;
    let errors = |name: &str| {
        subjects.iter().find(|subject| subject["subject"].as_str().unwrap().starts_with(name)).unwrap()["parse_errors"]
            .to_string()
    };
    assert_eq!(errors("at-limit"), "[]");
    assert!(
        errors("past-limit").contains("nested too deep (33 levels of fields; at most 32)"),
        "{}",
        errors("past-limit")
    );
    assert!(errors("hostile").contains("nested too deep"), "{}", errors("hostile"));

    for name in ["at-limit", "past-limit", "hostile"] {
        let subject = subjects.iter().find(|s| s["subject"].as_str().unwrap().starts_with(name)).unwrap();
        let path = format!("/subject?source=contracts&name={}", encoded(subject["subject"].as_str().unwrap()));
        let (status, page) = server.page(&path).await;
        assert_eq!(status, StatusCode::OK, "{name}");
        if name != "at-limit" {
            assert!(page.contains("nested too deep"), "{name}: the reason is on its page");
        }
        let check = server
            .http
            .post(server.url(&format!(
                "/api/v1/registries/contracts/subjects/{}/compatibility",
                encoded(subject["subject"].as_str().unwrap())
            )))
            .json(&json!({"schemaType": "JSON", "schema": json_schema(3_000)}))
            .send()
            .await
            .unwrap();
        assert_eq!(check.status(), StatusCode::OK, "{name}");
        let verdict: Value = check.json().await.unwrap();
        assert_eq!(verdict["is_compatible"], false);
        assert!(verdict["messages"][0].as_str().unwrap().contains("nested too deep"), "{verdict}");
    }

    // The registry double refuses what it cannot hold, as a registry would (42201).
    let refused = server
        .http
        .post(format!("{}/subjects/deep-value/versions", registry.url))
        .json(&json!({"schemaType": "JSON", "schema": json_schema(3_000)}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let at_limit = server
        .http
        .post(format!("{}/subjects/{}/versions", registry.url, encoded("x-</title><script>alert(1)</script>")))
        .json(&json!({"schemaType": "JSON", "schema": json_schema(MAX_FIELD_DEPTH)}))
        .send()
        .await
        .unwrap();
    assert!(at_limit.status().is_success());
    eventually("the hostile subject", Duration::from_secs(20), || async {
        let list = server.get_json("/api/v1/subjects?registry=main").await;
        (list["items"].as_array()?.len() == 1).then_some(())
    })
    .await;
    let (status, page) =
        server.page(&format!("/subject?source=main&name={}", encoded("x-</title><script>alert(1)</script>"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("<script>alert(1)"), "the stored name is escaped everywhere on its page");
    server.stop().await.unwrap();
}

/// Many people opening pages at once: every request gets its page. (Titles read from
/// the address after the page's render panicked the request now and then, dropping the
/// connection, once requests overlapped.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_page_loads_all_get_their_page() {
    /// Requests in flight at once per page.
    const CONCURRENT: usize = 40;
    let dir = tempfile::tempdir().unwrap();
    let server = server_without_clusters(&dir).await;
    let pages = ["/cluster?name=nope", "/group?cluster=x&id=billing", "/topic?cluster=x&name=y", "/search?q=abc"];
    for path in pages.into_iter().cycle().take(3 * pages.len()) {
        let requests = (0..CONCURRENT).map(|_| {
            let (http, url) = (server.http.clone(), server.url(path));
            tokio::spawn(async move { http.get(url).timeout(Duration::from_secs(30)).send().await.map(|r| r.status()) })
        });
        for request in requests.collect::<Vec<_>>() {
            let status = request.await.unwrap();
            assert!(
                matches!(status, Ok(status) if status.as_u16() == 404 || status.is_success()),
                "{path}: {status:?}"
            );
        }
    }
}

/// A connection that starts a request and never finishes its headers (slowloris) is
/// closed after the header read timeout; the server answers others meanwhile, and a
/// connection that sends nothing at all is closed too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_that_never_finish_their_headers_are_closed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tributary::http::connections::HEADER_READ_TIMEOUT;
    let dir = tempfile::tempdir().unwrap();
    let server = server_without_clusters(&dir).await;
    let address = server.base_url.trim_start_matches("http://").to_owned();
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").await.unwrap();
    let mut silent = tokio::net::TcpStream::connect(&address).await.unwrap();
    let started = std::time::Instant::now();
    assert!(server.http.get(server.url("/healthz")).send().await.unwrap().status().is_success());
    for connection in [&mut slow, &mut silent] {
        let mut answer = Vec::new();
        let closed =
            tokio::time::timeout(HEADER_READ_TIMEOUT + Duration::from_secs(5), connection.read_to_end(&mut answer));
        assert!(closed.await.is_ok(), "the connection was still open after {:?}", started.elapsed());
    }
    assert!(started.elapsed() >= HEADER_READ_TIMEOUT - Duration::from_secs(1), "not closed before its time");
    server.stop().await.unwrap();
}

/// A Protobuf option whose value nests messages `levels` deep, in `{ }` or `< >` inside.
fn deep_option(levels: usize, angle: bool) -> String {
    let (open, close) = if angle { ("<", ">") } else { ("{", "}") };
    let inner = format!("{}x: 1{}", format!("d {open} ").repeat(levels), format!(" {close}").repeat(levels));
    format!(
        "syntax = \"proto3\";\nimport \"google/protobuf/descriptor.proto\";\n\
         message Deep {{ Deep d = 1; int32 x = 2; }}\n\
         extend google.protobuf.MessageOptions {{ Deep deep = 50001; }}\n\
         message Root {{ option (deep) = {{ {inner} }}; string id = 1; }}\n"
    )
}

/// One Protobuf schema whose option value nests deep once aborted the process (a stored
/// one at every start): through the check API, the compatibility route, the registry
/// double and a contracts directory it is now refused, and the server keeps answering.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deeply_nested_protobuf_option_is_refused_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let contracts = dir.path().join("contracts");
    std::fs::create_dir(&contracts).unwrap();
    std::fs::write(contracts.join("deep.proto"), deep_option(400, false)).unwrap();
    std::fs::write(contracts.join("angles.proto"), deep_option(400, true)).unwrap();
    let (server, registry) = with_contracts_and_a_registry(&dir, &contracts).await;
    let subjects = eventually("the two contracts", Duration::from_secs(20), || async {
        let list = server.get_json("/api/v1/subjects?registry=contracts").await;
        let items = list["items"].as_array()?.clone();
        (items.len() == 2).then_some(items)
    })
    .await;
    for subject in &subjects {
        assert!(subject["parse_errors"].to_string().contains("nested too deep"), "{subject}");
    }
    for angle in [false, true] {
        let schema = deep_option(120, angle);
        let check = server
            .http
            .post(server.url("/api/v1/check"))
            .json(&json!({"source": "contracts", "subject": "deep.proto", "schema": schema, "schemaType": "PROTOBUF"}))
            .send()
            .await
            .unwrap();
        let status = check.status();
        let said = check.text().await.unwrap();
        assert!(said.contains("nested too deep"), "{status}: {said}");
        let compatibility = server
            .http
            .post(server.url("/api/v1/registries/contracts/subjects/deep.proto/compatibility"))
            .json(&json!({"schemaType": "PROTOBUF", "schema": schema}))
            .send()
            .await
            .unwrap();
        assert!(compatibility.text().await.unwrap().contains("nested too deep"));
        let registered = server
            .http
            .post(format!("{}/subjects/deep-value/versions", registry.url))
            .json(&json!({"schemaType": "PROTOBUF", "schema": schema}))
            .send()
            .await
            .unwrap();
        assert_eq!(registered.status(), StatusCode::UNPROCESSABLE_ENTITY, "the double refuses it too");
    }
    assert!(server.http.get(server.url("/healthz")).send().await.unwrap().status().is_success());
    server.stop().await.unwrap();
}
