//! Compliance reports on the compliance test's estate: as of a moment before a fix and
//! after it, deterministic bytes, the hash, the PDF read back, CSV and the command line;
//! and as of moments before a steward's dismissal and while a topic was tagged.

use serde_json::{json, Value};
use sha2::Digest;

use crate::support::server::{bearer_client, TestServer};

/// A report as of a moment before the retention fix shows the violation open; one as of
/// now shows it resolved. The JSON's hash proves its bytes, the same inputs give the same
/// bytes, and the CSV sections agree with the JSON and with the API.
/// `auditor` is an API token of the account reports are made by (reading them needs the
/// `reports` scope).
pub async fn reports_as_of(server: &TestServer, auditor: &str, before_the_fix: i64) {
    let http = bearer_client(auditor);
    let report = |to: i64| {
        let url =
            server.url(&format!("/api/v1/reports?profile=customers&to={to}&generated_at=1796000000000&by=auditor"));
        let http = http.clone();
        async move { http.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let retention = |report: &Value| {
        report["violations"].as_array().unwrap().iter().find(|v| v["rule"] == "max_retention_days").cloned().unwrap()
    };
    let then = report(before_the_fix).await;
    assert_eq!(then, report(before_the_fix).await, "the same inputs give the same bytes");
    let (body, _) = then.rsplit_once(",\"content_hash\"").unwrap();
    let hash: String = sha2::Sha256::digest(body.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect();
    let then: Value = serde_json::from_str(&then).unwrap();
    assert_eq!(then["content_hash"], hash.as_str(), "the hash covers every byte before it");
    assert_eq!(retention(&then)["resolved_at_ms"], Value::Null, "open before the fix: {then}");
    // The cover names the token's account, never what the caller typed; what it typed
    // follows as whom the report is for.
    assert_eq!(then["head"]["generated_by"], "auditor (API token)");
    assert_eq!(then["head"]["on_behalf_of"], "auditor");
    let typed = http
        .get(server.url("/api/v1/reports?profile=customers&by=admin1%20(CISO)"))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(
        (typed["head"]["generated_by"].as_str(), typed["head"]["on_behalf_of"].as_str()),
        (Some("auditor (API token)"), Some("admin1 (CISO)"))
    );
    // Each report generated is in the audit log, under the account, with its hash.
    let generated: Value =
        http.get(server.url("/api/v1/audit?action=report_generated")).send().await.unwrap().json().await.unwrap();
    let entries = generated["items"].as_array().cloned().unwrap_or_default();
    let hashes: Vec<String> = entries
        .iter()
        .filter_map(|entry| serde_json::from_str::<Value>(entry["after"].as_str()?).ok())
        .filter_map(|after| after["content_hash"].as_str().map(str::to_owned))
        .collect();
    assert!(hashes.iter().any(|hash| then["content_hash"] == hash.as_str()), "{generated}");
    assert!(hashes.iter().any(|hash| typed["content_hash"] == hash.as_str()), "{generated}");
    assert!(entries.iter().all(|entry| entry["actor"] == "auditor"), "{generated}");
    assert_eq!(then["summary"]["open_violations"], 7, "{}", then["summary"]);
    let now: Value = serde_json::from_str(&report(tributary::clock::now_ms()).await).unwrap();
    assert!(retention(&now)["resolved_at_ms"].as_i64().is_some(), "resolved after the fix: {now}");

    // The inventory names the field and why; the record of processing its readers.
    let email = now["inventory"].as_array().unwrap().iter().find(|row| row["path"] == "email").cloned().unwrap();
    assert_eq!(email["subject"], "customers-value");
    assert!(email["provenance"][0].as_str().unwrap().starts_with("PII: "), "{email}");
    let record = &now["records"][0];
    assert_eq!(record["topic"], "customers");
    assert!(record["recipients"].as_array().unwrap().contains(&json!("group analytics")), "{record}");

    // The open violations agree with the API; the CSV section holds the same rows.
    let api = server.get_json("/api/v1/violations?profile=customers").await;
    let open_ids = |list: &Value| -> Vec<i64> {
        let mut ids: Vec<i64> = list
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["resolved_at_ms"].is_null())
            .map(|v| v["id"].as_i64().unwrap())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(open_ids(&now["violations"]), open_ids(&api));
    let csv = http
        .get(server.url("/api/v1/reports?profile=customers&format=csv&section=violations"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rows: Vec<&str> = csv.split("\r\n").filter(|line| !line.is_empty()).collect();
    assert!(rows[0].starts_with("id,profile,rule"), "{csv}");
    assert_eq!(rows.len() - 1, now["violations"].as_array().unwrap().len(), "{csv}");
    // The PDF for people: its text as pdftotext (poppler) reads it.
    let pdf = http
        .get(server.url(&format!(
            "/api/v1/reports?profile=customers&format=pdf&to={before_the_fix}&generated_at=1796000000000&by=auditor"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let pdf = pdf.bytes().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.pdf"), &pdf).unwrap();
    let text =
        std::process::Command::new("pdftotext").args(["-layout"]).arg(dir.path().join("report.pdf")).arg("-").output();
    let text = String::from_utf8_lossy(&text.expect("pdftotext (poppler-utils) runs").stdout).into_owned();
    for expected in [
        "Compliance report: customers",
        "Generated by",
        "auditor",
        "Violations open at the period's end",
        "max_retention_days",
        "customers-value#email",
        "PII: ",
        "Record of processing (GDPR Article 30)",
        "Attestation",
    ] {
        assert!(text.contains(expected), "`{expected}` in the PDF:\n{text}");
    }
    let hash = then["content_hash"].as_str().unwrap();
    assert!(text.contains(&format!("content SHA-256 {hash}")), "the footer carries the JSON's hash:\n{text}");

    // The command line downloads the same report, with progress, into a file.
    let file = dir.path().join("customers.json");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tributary"))
        .env("TRIBUTARY_TOKEN", auditor)
        .args([
            "report",
            "--url",
            &server.base_url,
            "--profile",
            "customers",
            "--to",
            &before_the_fix.to_string(),
            "-o",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && said.contains("report written to"), "{said}");
    let downloaded: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(downloaded["violations"], then["violations"], "the file holds the API's report");
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_tributary"))
        .env("TRIBUTARY_TOKEN", auditor)
        .args(["report", "--url", &server.base_url, "--profile", "nobody", "-o"])
        .arg(dir.path().join("nobody.json"))
        .output()
        .unwrap();
    assert!(!refused.status.success() && String::from_utf8_lossy(&refused.stderr).contains("no profile in force"));
    // And as a PDF, the document a person reads.
    let pdf_file = dir.path().join("customers.pdf");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tributary"))
        .env("TRIBUTARY_TOKEN", auditor)
        .args(["report", "--url", &server.base_url, "--profile", "customers", "--format", "pdf", "-o"])
        .arg(&pdf_file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(std::fs::read(&pdf_file).unwrap().starts_with(b"%PDF-"), "a PDF was written");
    assert!(!dir.path().join("nobody.json").exists() && !dir.path().join("nobody.json.partial").exists());
    let unknown = http.get(server.url("/api/v1/reports?profile=nobody")).send().await.unwrap();
    assert_eq!(unknown.status(), reqwest::StatusCode::NOT_FOUND);
    let backwards = http.get(server.url("/api/v1/reports?from=2026-11-30&to=2026-11-01")).send().await.unwrap();
    assert_eq!(backwards.status(), reqwest::StatusCode::BAD_REQUEST);
}

/// Reports as of a moment before a steward dismissed the `email` field, and as of a
/// moment while `clicks` was tagged by hand, hold what was true then (the field personal,
/// the topic tagged), where the catalog today has neither.
pub async fn reports_as_of_stewardship(
    server: &TestServer,
    auditor: &str,
    before_the_dismissal: i64,
    while_tagged: i64,
) {
    let http = bearer_client(auditor);
    let inventory = |to: Option<i64>| {
        let to = to.map(|to| format!("&to={to}")).unwrap_or_default();
        let url = server.url(&format!("/api/v1/reports?cluster=prod{to}"));
        let http = http.clone();
        async move {
            let report: Value = http.get(url).send().await.unwrap().json().await.unwrap();
            let rows: Vec<(String, String)> = report["inventory"]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| (row["topic"].as_str().unwrap().to_owned(), row["path"].as_str().unwrap().to_owned()))
                .collect();
            (rows, report["head"]["basis"].as_str().unwrap().to_owned())
        }
    };
    let email = ("customers".to_owned(), "email".to_owned());
    let clicks_tagged = ("clicks".to_owned(), "(the whole topic)".to_owned());

    let (today, basis) = inventory(None).await;
    assert!(!today.contains(&email) && !today.contains(&clicks_tagged), "{today:?}");
    assert!(basis.starts_with("The catalog as Tributary last evaluated it"), "{basis}");

    let (then, basis) = inventory(Some(before_the_dismissal)).await;
    assert!(then.contains(&email), "personal before the dismissal: {then:?}");
    assert!(!then.contains(&clicks_tagged), "not tagged yet: {then:?}");
    assert!(basis.starts_with("Rebuilt from Tributary's stored history"), "{basis}");

    let (then, _) = inventory(Some(while_tagged)).await;
    assert!(then.contains(&clicks_tagged), "tagged then: {then:?}");
    assert!(!then.contains(&email), "dismissed by then: {then:?}");
}
