//! Real Kafka applications beside the real broker: a Kafka Streams application
//! (`scripts/kafka/apps/tributary/test/OrderEnricher.java`) and a distributed Kafka
//! Connect worker with two small connectors (`…/TestConnectors.java`), compiled with
//! `javac` against Kafka's jars on first use and run with `java -cp`. Killed on drop.
//! The demo runs the same sources (`scripts/common.sh`).

use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::free_port;
use super::kafka::java_with;

/// How long the Connect worker may take to answer on its REST port.
const CONNECT_START_TIMEOUT: Duration = Duration::from_secs(90);
/// The Kafka Streams application's id, which is also its consumer group.
pub const STREAMS_APPLICATION_ID: &str = "order-enricher";
/// The connector classes, as Connect names them.
pub const TICK_SOURCE: &str = "tributary.test.TestConnectors$TickSource";
pub const DISCARD_SINK: &str = "tributary.test.TestConnectors$DiscardSink";

/// The compiled classes (and the connectors' service files), built once per test run.
pub fn compiled(libs: &Path) -> &'static Path {
    static CLASSES: OnceLock<PathBuf> = OnceLock::new();
    CLASSES.get_or_init(|| {
        let sources = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/kafka/apps");
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("java-apps-{}", std::process::id()));
        std::fs::create_dir_all(&out).unwrap();
        let files: Vec<PathBuf> = std::fs::read_dir(sources.join("tributary/test"))
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "java"))
            .collect();
        let status = std::process::Command::new("javac")
            .args(["-nowarn", "-d"])
            .arg(&out)
            .arg("-cp")
            .arg(format!("{}/*", libs.display()))
            .args(&files)
            .status()
            .expect("javac runs");
        assert!(status.success(), "compiling the test applications failed");
        let services = out.join("META-INF/services");
        std::fs::create_dir_all(&services).unwrap();
        for entry in std::fs::read_dir(sources.join("META-INF/services")).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), services.join(entry.file_name())).unwrap();
        }
        out
    })
}

/// A running Java process, killed on drop.
pub struct JavaProcess {
    child: Child,
    pub dir: tempfile::TempDir,
}

impl Drop for JavaProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the Kafka Streams application against `bootstrap` (PLAINTEXT), joining
/// `orders` with the table `customers` into `output`.
pub fn start_streams_app(libs: &Path, bootstrap: &str, orders: &str, customers: &str, output: &str) -> JavaProcess {
    let dir = tempfile::tempdir().unwrap();
    let child = java_with(libs, &[compiled(libs)], dir.path())
        .args(["tributary.test.OrderEnricher", bootstrap])
        .arg(dir.path().join("state"))
        .args([orders, customers, output])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.path().join("streams.log")).unwrap())
        .spawn()
        .expect("java runs the Streams application");
    JavaProcess { child, dir }
}

/// A distributed Kafka Connect worker and its REST address.
pub struct ConnectWorker {
    pub process: JavaProcess,
    pub url: String,
}

impl ConnectWorker {
    /// Starts a worker of Connect cluster `connect-cluster` against `bootstrap`, and
    /// waits until its REST API answers.
    pub fn start(libs: &Path, bootstrap: &str) -> ConnectWorker {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let properties = format!(
            "bootstrap.servers={bootstrap}\n\
             group.id=connect-cluster\n\
             listeners=http://127.0.0.1:{port}\n\
             key.converter=org.apache.kafka.connect.storage.StringConverter\n\
             value.converter=org.apache.kafka.connect.storage.StringConverter\n\
             config.storage.topic=connect-configs\n\
             offset.storage.topic=connect-offsets\n\
             status.storage.topic=connect-status\n\
             config.storage.replication.factor=1\n\
             offset.storage.replication.factor=1\n\
             status.storage.replication.factor=1\n\
             offset.flush.interval.ms=1000\n\
             plugin.discovery=service_load\n"
        );
        let config = dir.path().join("worker.properties");
        std::fs::write(&config, properties).unwrap();
        let child = java_with(libs, &[compiled(libs)], dir.path())
            .arg("org.apache.kafka.connect.cli.ConnectDistributed")
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("connect.log")).unwrap())
            .spawn()
            .expect("java runs the Connect worker");
        let url = format!("http://127.0.0.1:{port}");
        let worker = ConnectWorker { process: JavaProcess { child, dir }, url };
        let deadline = Instant::now() + CONNECT_START_TIMEOUT;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the Connect worker did not listen within {CONNECT_START_TIMEOUT:?}");
            std::thread::sleep(Duration::from_millis(200));
        }
        worker
    }

    /// Creates connector `name` with `config` and waits until it and its tasks run.
    pub async fn create(&self, name: &str, config: serde_json::Value) {
        let http = reqwest::Client::new();
        let deadline = Instant::now() + CONNECT_START_TIMEOUT;
        // The worker answers before it has joined its group: retry until it accepts.
        loop {
            let response = http.put(format!("{}/connectors/{name}/config", self.url)).json(&config).send().await;
            if response.as_ref().is_ok_and(|response| response.status().is_success()) {
                break;
            }
            assert!(Instant::now() < deadline, "Connect refused connector {name}: {response:?}");
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        loop {
            let status: serde_json::Value = http
                .get(format!("{}/connectors/{}/status", self.url, model::links::encode(name)))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap_or_default();
            let running = status["connector"]["state"] == "RUNNING"
                && status["tasks"]
                    .as_array()
                    .is_some_and(|tasks| !tasks.is_empty() && tasks.iter().all(|task| task["state"] == "RUNNING"));
            if running {
                return;
            }
            assert!(Instant::now() < deadline, "connector {name} did not run: {status}");
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    }
}
