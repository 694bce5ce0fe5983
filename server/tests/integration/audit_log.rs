//! The audit log end to end: changes made over the API and by editing profile files are
//! entries with who, what, before and after; pages filter, exports agree with the API
//! (CSV cells neutralised); `tributary audit verify` (the real binary) passes an untouched
//! log, names the entry edited behind Tributary's back, and after a SIGKILL in the middle
//! of writes finds every acknowledged entry in an intact chain.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::server::{add_user, config, TestServer};
use crate::support::{eventually, free_port};
use serde_json::{json, Value};
use sqlx::Executor;
use tributary::config::{Config, SchemaDirectoryConfig};

/// Files in the contracts directory and the profiles directory show within this.
const FILE_LAG: Duration = Duration::from_secs(6);
/// A hostile actor: a spreadsheet formula, HTML and a quote.
const HOSTILE_ACTOR: &str = "=HYPERLINK(\"http://evil.example\",\"<b>ada</b>\")";
const CONTRACT: &str = r#"{"type": "object", "properties": {"email": {"type": "string"}, "note": {"type": "string"}}}"#;
const PROFILE: &str = "description = \"first\"\n[scope]\ncategories = [\"PII\"]\n[rules]\nmax_retention_days = 30\n";

fn with_contracts(store: &Path, contracts: &Path) -> Config {
    std::fs::write(contracts.join("customer.json"), CONTRACT).unwrap();
    let mut settings = config(&format!("sqlite://{}/audit.db", store.display()), &[]);
    settings.schema_directories = vec![SchemaDirectoryConfig {
        name: "contracts".into(),
        path: contracts.to_owned(),
        clusters: vec![],
        compatibility: tributary_core::schema::compatibility::Level::Backward,
        mappings: vec![],
    }];
    settings
}

/// A client with an API token of every scope for account `ada` (an admin), made on the
/// command line against the configuration `file`.
fn writer_client(file: &Path) -> reqwest::Client {
    let (added, said) = add_user(file, "ada", "admin", "a password for the tests");
    assert!(added, "{said}");
    let made = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("--config")
        .arg(file)
        .args(["token", "add", "--user", "ada", "--scopes", "read,tags:write"])
        .output()
        .expect("tributary runs");
    let token = String::from_utf8(made.stdout).unwrap().trim().to_owned();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
    reqwest::Client::builder().default_headers(headers).build().unwrap()
}

/// `tributary audit verify` on the store at `store_url`: exit code and stdout.
fn verify(dir: &Path, store_url: &str, extra: &[&str]) -> (i32, String) {
    let file = dir.join("verify.toml");
    std::fs::write(&file, format!("[store]\nurl = \"{store_url}\"\n")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .args(["audit", "verify", "--config"])
        .arg(&file)
        .args(extra)
        .output()
        .expect("tributary runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    (output.status.code().unwrap_or(-1), stdout + &String::from_utf8_lossy(&output.stderr))
}

fn decision(by: &str, reason: &str, verdict: &str) -> Value {
    json!({"source": "contracts", "subject": "customer.json", "path": "email", "category": "PII",
        "decision": verdict, "reason": reason, "by": by})
}

/// The audit log's entries matching `query`, read by `reader` (reading it needs the
/// `reports` scope).
async fn entries(reader: &reqwest::Client, server: &TestServer, query: &str) -> Vec<Value> {
    let page = reader.get(server.url(&format!("/api/v1/audit?limit=500{query}"))).send().await.unwrap();
    let page: Value = page.json().await.unwrap();
    page["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_are_audited_exported_and_an_edit_behind_the_servers_back_is_named() {
    let (store, contracts, profiles) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    std::fs::write(profiles.path().join("gdpr.toml"), PROFILE).unwrap();
    let mut settings = with_contracts(store.path(), contracts.path());
    settings.compliance.profiles_dir = Some(profiles.path().to_owned());
    settings.audit.operator = Some("platform-team".into());
    let server = TestServer::start(settings.clone()).await;
    // The platform team's account: it declares lineage and reads the audit log.
    let http = server.writer("platform-team");
    eventually("the contract in the catalog", FILE_LAG, || async {
        let subjects = server.get_json("/api/v1/subjects?registry=contracts").await;
        (!subjects["items"].as_array()?.is_empty()).then_some(())
    })
    .await;

    // A steward's decision, made by an account with a hostile name.
    let steward = server.writer(HOSTILE_ACTOR);
    let response = steward
        .post(server.url("/api/v1/classification/decisions"))
        .json(&decision("someone else", "a hash, not an address", "dismiss"))
        .send();
    assert_eq!(response.await.unwrap().status(), reqwest::StatusCode::CREATED);
    // Lineage declared and removed with the token of the platform team's account.
    let operator = http.clone();
    let edge = json!({"from": "job:airflow/export", "to": "prod/orders", "kind": "writes"});
    let declared = operator.post(server.url("/api/v1/lineage/edges")).json(&edge).send().await.unwrap();
    assert_eq!(declared.status(), reqwest::StatusCode::CREATED);
    let removed = operator
        .delete(server.url("/api/v1/lineage/edges?from=job:airflow/export&to=prod/orders&kind=writes"))
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), reqwest::StatusCode::NO_CONTENT);
    // A profile file changed, then removed.
    eventually("the profile's first load audited", FILE_LAG, || async {
        (entries(&http, &server, "&action=profile_loaded").await.len() == 1).then_some(())
    })
    .await;
    std::fs::write(profiles.path().join("gdpr.toml"), PROFILE.replace("first", "second")).unwrap();
    let reloaded = eventually("the profile's change audited", FILE_LAG, || async {
        let loaded = entries(&http, &server, "&action=profile_loaded").await;
        (loaded.len() == 2).then(|| loaded[1].clone())
    })
    .await;
    assert!(reloaded["before"].as_str().unwrap().contains("first"), "{reloaded}");
    assert!(reloaded["after"].as_str().unwrap().contains("second"), "{reloaded}");
    assert_eq!(reloaded["actor"], "platform-team");
    std::fs::remove_file(profiles.path().join("gdpr.toml")).unwrap();
    eventually("the profile's removal audited", FILE_LAG, || async {
        (entries(&http, &server, "&action=profile_removed").await.len() == 1).then_some(())
    })
    .await;

    let all = entries(&http, &server, "").await;
    let actions: Vec<&str> = all.iter().map(|entry| entry["action"].as_str().unwrap()).collect();
    for action in ["field_decided", "lineage_declared", "lineage_removed", "profile_loaded", "profile_removed"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    let decided = all.iter().find(|entry| entry["action"] == "field_decided").unwrap();
    assert_eq!(decided["actor"], HOSTILE_ACTOR, "the account, not the name the request gave, as written");
    assert_eq!(decided["target"], "contracts/customer.json#email");
    assert_eq!(decided["reason"], "a hash, not an address");
    assert_eq!(decided["before"], "", "no decision before");
    assert!(decided["after"].as_str().unwrap().contains("\"dismiss\""), "{decided}");
    let declared = all.iter().find(|entry| entry["action"] == "lineage_declared").unwrap();
    assert_eq!(declared["actor"], "platform-team");
    assert_eq!(declared["target"], "job:airflow/export → prod/orders (writes)");
    // Filters.
    let by_operator = entries(&http, &server, "&actor=platform-team").await;
    let mut operator_actions: Vec<&str> = by_operator.iter().map(|entry| entry["action"].as_str().unwrap()).collect();
    operator_actions.sort_unstable();
    let expected = ["lineage_declared", "lineage_removed", "profile_loaded", "profile_loaded", "profile_removed"];
    assert_eq!(operator_actions, expected, "the operator's changes and the profile files' (its configured name)");
    assert_eq!(entries(&http, &server, "&target=prod%2Forders").await.len(), 2);

    // Exports agree with the API; CSV cells that would run as formulas are neutralised.
    let csv = http.get(server.url("/api/v1/audit/export?format=csv")).send().await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|line| !line.is_empty()).collect();
    assert!(lines[0].starts_with("seq,at_ms,actor,action,target"), "{}", lines[0]);
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\""), "{csv}");
    assert!(!csv.contains(",=HYPERLINK"), "no cell starts with =");
    let json_export: Vec<Value> =
        http.get(server.url("/api/v1/audit/export?format=json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(json_export, all, "the JSON export is the API's entries");
    let bad = http.get(server.url("/api/v1/audit/export?format=xml")).send().await.unwrap();
    assert_eq!(bad.status(), reqwest::StatusCode::BAD_REQUEST);

    let verdict: Value = http.get(server.url("/api/v1/audit/verify")).send().await.unwrap().json().await.unwrap();
    assert_eq!(verdict["broken"], Value::Null, "{verdict}");
    assert_eq!(verdict["entries"], all.len());
    let head = all.last().unwrap()["hash"].as_str().unwrap().to_owned();
    assert_eq!(verdict["head_hash"], head.as_str());
    server.stop().await.unwrap();

    // A restart on the same store goes on from the log: no file is recorded again.
    std::fs::write(profiles.path().join("gdpr.toml"), PROFILE).unwrap();
    let server = TestServer::start(settings.clone()).await;
    eventually("the profile's return audited once", FILE_LAG, || async {
        (entries(&http, &server, "&action=profile_loaded").await.len() == 3).then_some(())
    })
    .await;
    server.stop().await.unwrap();
    let server = TestServer::start(settings.clone()).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        entries(&http, &server, "&action=profile_loaded").await.len(),
        3,
        "an unchanged file is not recorded again"
    );
    let verdict: Value = http.get(server.url("/api/v1/audit/verify")).send().await.unwrap().json().await.unwrap();
    let head = verdict["head_hash"].as_str().unwrap().to_owned();
    server.stop().await.unwrap();

    // The command line: intact, then an edit behind Tributary's back.
    let url = settings.store.url.clone();
    let (code, said) = verify(store.path(), &url, &[]);
    assert_eq!(code, 0, "{said}");
    assert!(said.contains(&head), "the head hash is printed to keep: {said}");
    let (code, said) = verify(store.path(), &url, &["--expect-head", &head]);
    assert_eq!(code, 0, "the head just printed: {said}");
    let (code, said) = verify(store.path(), &url, &["--expect-head", &"0".repeat(64)]);
    assert_eq!(code, 1, "a head that is not in the log: {said}");
    // The documented workflow on a live system: the head kept, one ordinary change
    // made, the kept head still verifies (it is in the log, unchanged).
    std::fs::write(
        profiles.path().join("gdpr.toml"),
        PROFILE.replace("max_retention_days = 30", "max_retention_days = 29"),
    )
    .unwrap();
    let server = TestServer::start(settings.clone()).await;
    eventually("the changed profile audited", FILE_LAG, || async {
        let verdict: Value = http.get(server.url("/api/v1/audit/verify")).send().await.ok()?.json().await.ok()?;
        (verdict["head_hash"].as_str()? != head).then_some(())
    })
    .await;
    server.stop().await.unwrap();
    let (code, said) = verify(store.path(), &url, &["--expect-head", &head]);
    assert_eq!(code, 0, "the log grew by an ordinary change: {said}");
    assert!(said.contains("1 entry appended since") || said.contains("entries appended since"), "{said}");
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    pool.execute("UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 2").await.unwrap();
    pool.close().await;
    let (code, said) = verify(store.path(), &url, &[]);
    assert_eq!(code, 1, "{said}");
    assert!(said.contains("entry 2"), "the edited entry is named: {said}");
    let (code, said) = verify(store.path(), "postgres://nobody@127.0.0.1:1/none", &[]);
    assert_eq!(code, 2, "a store that cannot be read: {said}");
}

/// Kills the server (SIGKILL) while four clients write decisions as fast as it answers:
/// every decision it acknowledged has its entry, and the chain is intact.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sigkill_in_the_middle_of_writes_loses_no_acknowledged_entry() {
    sqlx::any::install_default_drivers();
    let (store, contracts) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let settings = with_contracts(store.path(), contracts.path());
    let port = free_port();
    let file = store.path().join("serve.toml");
    std::fs::write(
        &file,
        format!(
            "[server]\nlisten = \"127.0.0.1:{port}\"\n[store]\nurl = \"{}\"\n[[schema_directories]]\nname = \"contracts\"\npath = \"{}\"\n",
            settings.store.url,
            contracts.path().display()
        ),
    )
    .unwrap();
    // Made before the server starts: the command line and the server would both migrate
    // the new store at once.
    let http = writer_client(&file);
    let mut child = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .args(["serve", "--config"])
        .arg(&file)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("tributary serve starts");
    let base = format!("http://127.0.0.1:{port}");
    eventually("the contract served", FILE_LAG, || async {
        let body: Value =
            http.get(format!("{base}/api/v1/subjects?registry=contracts")).send().await.ok()?.json().await.ok()?;
        (!body["items"].as_array()?.is_empty()).then_some(())
    })
    .await;

    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let writers: Vec<_> = (0..4)
        .map(|writer| {
            let (http, base, acknowledged) = (http.clone(), base.clone(), Arc::clone(&acknowledged));
            tokio::spawn(async move {
                for i in 0.. {
                    let reason = format!("writer {writer}, decision {i}");
                    let verdict = if i % 2 == 0 { "dismiss" } else { "confirm" };
                    let sent = http
                        .post(format!("{base}/api/v1/classification/decisions"))
                        .json(&decision("ada", &reason, verdict))
                        .timeout(Duration::from_secs(5))
                        .send()
                        .await;
                    match sent {
                        Ok(response) if response.status() == reqwest::StatusCode::CREATED => {
                            acknowledged.lock().unwrap().push(reason)
                        }
                        // Past the rate limit on changes: not written, as it says.
                        Ok(response) if response.status() == reqwest::StatusCode::TOO_MANY_REQUESTS => {
                            tokio::time::sleep(Duration::from_millis(100)).await
                        }
                        Ok(response) => panic!("a write was refused: {}", response.status()),
                        Err(_) => break, // the server is gone
                    }
                }
            })
        })
        .collect();
    eventually("writes under way", Duration::from_secs(20), || async {
        (acknowledged.lock().unwrap().len() >= 60).then_some(())
    })
    .await;
    child.kill().expect("SIGKILL"); // std's kill sends SIGKILL on Unix
    child.wait().unwrap();
    for writer in writers {
        writer.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();

    let (code, said) = verify(store.path(), &settings.store.url, &[]);
    assert_eq!(code, 0, "the chain is intact after the kill: {said}");
    let pool = sqlx::AnyPool::connect(&settings.store.url).await.unwrap();
    let reasons: Vec<String> = sqlx::query_scalar("SELECT reason FROM audit_log WHERE action = 'field_decided'")
        .fetch_all(&pool)
        .await
        .unwrap();
    let decisions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM field_decisions").fetch_one(&pool).await.unwrap();
    pool.close().await;
    let missing: Vec<&String> = acknowledged.iter().filter(|reason| !reasons.contains(reason)).collect();
    assert!(missing.is_empty(), "acknowledged but not in the log: {missing:?}");
    assert_eq!(decisions, i64::try_from(reasons.len()).unwrap(), "no decision without its entry, nor the reverse");
    println!("{} writes acknowledged before the kill, {} entries in the log", acknowledged.len(), reasons.len());
}
