//! `tributary ingest --once`, run as a user would: the real binary, a config file, a
//! real broker.

use std::process::Command;

use crate::support::broker::Broker;
use tributary::demo::traffic::create_topics;

fn write_config(dir: &tempfile::TempDir, clusters: &[(&str, String)]) -> std::path::PathBuf {
    let mut text = format!(
        "[store]\nurl = \"sqlite://{}/catalog.db\"\n[ingest]\nrequest_timeout_secs = 2\n",
        dir.path().display()
    );
    for (alias, bootstrap) in clusters {
        text.push_str(&format!("[[clusters]]\nalias = \"{alias}\"\nbootstrap_servers = \"{bootstrap}\"\n"));
    }
    let path = dir.path().join("tributary.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn ingest(config: &std::path::Path, extra: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .args(["ingest", "--once", "--config"])
        .arg(config)
        .args(extra)
        .env("RUST_LOG", "warn")
        .output()
        .expect("tributary runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_read_reports_progress_and_a_summary_and_is_stored() {
    let broker = Broker::start();
    create_topics(&broker.bootstrap_servers()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(&dir, &[("local", broker.bootstrap_servers())]);

    let (succeeded, stdout, stderr) = ingest(&config, &[]);
    assert!(succeeded, "{stdout}\n{stderr}");
    let partitions: i32 = tributary::demo::estate::TOPICS.iter().map(|topic| topic.partitions).sum();
    let topics = tributary::demo::estate::TOPICS.len();
    assert!(
        stderr.contains("local: reading")
            && stderr.contains(&format!("metadata: 1 brokers, {topics} topics, {partitions} partitions")),
        "{stderr}"
    );
    assert!(
        stdout.contains("local: ok in") && stdout.contains(&format!("{topics} topics, {partitions} partitions")),
        "{stdout}"
    );

    // The store now holds the read: a second run finds nothing new.
    let (_, again, _) = ingest(&config, &[]);
    assert!(again.contains("0 changes recorded"), "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_cluster_fails_clearly_without_stopping_the_others() {
    let broker = Broker::start();
    let dir = tempfile::tempdir().unwrap();
    let nowhere = format!("127.0.0.1:{}", crate::support::free_port());
    let config = write_config(&dir, &[("down", nowhere), ("local", broker.bootstrap_servers())]);

    let (succeeded, stdout, stderr) = ingest(&config, &[]);
    assert!(!succeeded, "a failed cluster makes the exit status non-zero");
    assert!(stdout.contains("down: FAILED") && stdout.contains("local: ok"), "{stdout}");
    assert!(stderr.contains("error: at least one cluster could not be read"), "{stderr}");

    let (succeeded, _, stderr) = ingest(&config, &["--cluster", "nope"]);
    assert!(!succeeded && stderr.contains("no cluster is configured with the alias `nope`"), "{stderr}");
}
