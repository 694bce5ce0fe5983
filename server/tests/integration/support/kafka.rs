//! A real Apache Kafka broker (single-node KRaft, from Maven Central's jars) on free
//! ports of 127.0.0.1: a PLAINTEXT listener for the test's own admin work and a
//! SASL_PLAINTEXT listener with SCRAM-SHA-512 users, `StandardAuthorizer`,
//! `allow.everyone.if.no.acl.found=false` and `User:admin` as super user. Killed on drop.
//!
//! The jars come from `TRIBUTARY_KAFKA_LIBS` (`make test` sets it). Without them the
//! test is skipped with a notice, unless `TRIBUTARY_REQUIRE_KAFKA=1` (also set by
//! `make test`), where it fails.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::free_port;

/// How long the broker may take to open its ports (about 5 s on 2 cores).
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// A small heap keeps CI on 2 cores and a few GB comfortable; `TRIBUTARY_KAFKA_HEAP`
/// (`-Xmx2g`) gives a benchmark's large estate room.
const HEAP: &str = "-Xmx384m";

fn heap() -> String {
    std::env::var("TRIBUTARY_KAFKA_HEAP").unwrap_or_else(|_| HEAP.to_owned())
}
/// SCRAM users created at format time: (name, password).
pub const ADMIN: (&str, &str) = ("admin", "admin-secret");
pub const TRIBUTARY: (&str, &str) = ("tributary", "tributary-secret");
pub const NOBODY: (&str, &str) = ("nobody", "nobody-secret");
/// The cluster id given at format time (16 bytes, base64url, as Kafka requires).
pub const CLUSTER_ID: &str = "dHJpYnV0YXJ5LXRlc3QtMA";

pub struct ApacheKafka {
    child: Child,
    dir: tempfile::TempDir,
    libs: PathBuf,
    pub plaintext_port: u16,
    pub sasl_port: u16,
}

/// Where the jars are, or `None` (with a notice) when this run may skip Kafka tests.
pub fn kafka_libs() -> Option<PathBuf> {
    match std::env::var_os("TRIBUTARY_KAFKA_LIBS").map(PathBuf::from).filter(|dir| dir.is_dir()) {
        Some(libs) => Some(libs),
        None if std::env::var("TRIBUTARY_REQUIRE_KAFKA").is_ok_and(|value| value == "1") => {
            panic!("TRIBUTARY_REQUIRE_KAFKA=1 but TRIBUTARY_KAFKA_LIBS does not name Apache Kafka's jars")
        }
        None => {
            eprintln!("notice: TRIBUTARY_KAFKA_LIBS not set; skipping the Apache Kafka test (make test runs it)");
            None
        }
    }
}

impl ApacheKafka {
    pub fn start(libs: PathBuf) -> Self {
        let dir = tempfile::tempdir().expect("a directory for the broker");
        let (plaintext_port, controller_port, sasl_port) = (free_port(), free_port(), free_port());
        let properties = format!(
            "process.roles=broker,controller\n\
             node.id=1\n\
             controller.quorum.bootstrap.servers=127.0.0.1:{controller_port}\n\
             listeners=PLAINTEXT://127.0.0.1:{plaintext_port},CONTROLLER://127.0.0.1:{controller_port},SASL_PLAINTEXT://127.0.0.1:{sasl_port}\n\
             advertised.listeners=PLAINTEXT://127.0.0.1:{plaintext_port},SASL_PLAINTEXT://127.0.0.1:{sasl_port}\n\
             controller.listener.names=CONTROLLER\n\
             listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT\n\
             inter.broker.listener.name=PLAINTEXT\n\
             sasl.enabled.mechanisms=SCRAM-SHA-512\n\
             listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;\n\
             authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n\
             super.users=User:ANONYMOUS;User:{admin}\n\
             allow.everyone.if.no.acl.found=false\n\
             log.dirs={data}\n\
             offsets.topic.replication.factor=1\n\
             offsets.topic.num.partitions=3\n\
             transaction.state.log.replication.factor=1\n\
             transaction.state.log.min.isr=1\n\
             group.initial.rebalance.delay.ms=0\n\
             log.retention.check.interval.ms=1000\n\
             log.initial.task.delay.ms=1000\n",
            admin = ADMIN.0,
            data = dir.path().join("data").display(),
        );
        let config = dir.path().join("server.properties");
        std::fs::write(&config, properties).unwrap();
        let scram = |(name, password): (&str, &str)| format!("SCRAM-SHA-512=[name={name},password={password}]");
        let formatted = java(&libs, dir.path())
            .args(["kafka.tools.StorageTool", "format", "--standalone", "-t", CLUSTER_ID])
            .arg("-c")
            .arg(&config)
            .args(["--add-scram", &scram(ADMIN), "--add-scram", &scram(TRIBUTARY), "--add-scram", &scram(NOBODY)])
            .stdout(Stdio::null())
            .status()
            .expect("java runs Kafka's StorageTool");
        assert!(formatted.success(), "formatting the broker's storage failed");
        let child = java(&libs, dir.path())
            .arg("kafka.Kafka")
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("broker.log")).unwrap())
            .spawn()
            .expect("java runs the Kafka broker");
        let deadline = Instant::now() + START_TIMEOUT;
        for port in [plaintext_port, sasl_port] {
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(Instant::now() < deadline, "Kafka did not open port {port} within {START_TIMEOUT:?}");
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        ApacheKafka { child, dir, libs, plaintext_port, sasl_port }
    }

    /// The PLAINTEXT listener (unauthenticated: `User:ANONYMOUS`, a super user here).
    pub fn plaintext(&self) -> String {
        format!("127.0.0.1:{}", self.plaintext_port)
    }

    /// librdkafka properties that sign in as `user` over SCRAM-SHA-512.
    pub fn scram_properties(user: (&str, &str)) -> Vec<(String, String)> {
        vec![
            ("security.protocol".into(), "SASL_PLAINTEXT".into()),
            ("sasl.mechanism".into(), "SCRAM-SHA-512".into()),
            ("sasl.username".into(), user.0.into()),
            ("sasl.password".into(), user.1.into()),
        ]
    }

    pub fn sasl(&self) -> String {
        format!("127.0.0.1:{}", self.sasl_port)
    }

    /// Runs Kafka's own `kafka-acls` with `arguments` against the PLAINTEXT listener.
    pub fn acls(&self, arguments: &[&str]) {
        let status = java(&self.libs, self.dir.path())
            .args(["org.apache.kafka.tools.AclCommand", "--bootstrap-server", &self.plaintext()])
            .args(arguments)
            .stdout(Stdio::null())
            .status()
            .expect("java runs Kafka's AclCommand");
        assert!(status.success(), "kafka-acls {arguments:?} failed");
    }
}

/// One full read of `cluster` by Tributary's own reader, on a blocking thread.
pub async fn read_snapshot(cluster: tributary::config::ClusterConfig) -> model::ClusterSnapshot {
    tokio::task::spawn_blocking(move || {
        tributary::ingest::kafka::ClusterReader::new(&cluster, &tributary::config::IngestConfig::default())
            .expect("a client")
            .read_blocking(&|_| {})
    })
    .await
    .unwrap()
    .expect("the cluster reads")
}

/// `java` with Kafka's jars (and `extra` class directories) on the class path, a small
/// heap and quiet logs, in `dir`.
pub fn java_with(libs: &std::path::Path, extra: &[&std::path::Path], dir: &std::path::Path) -> Command {
    let log_config = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/kafka/log4j2.properties");
    let mut class_path: Vec<String> = extra.iter().map(|path| path.display().to_string()).collect();
    class_path.push(format!("{}/*", libs.display()));
    let mut command = Command::new("java");
    command
        .current_dir(dir)
        .args([heap().as_str(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"])
        .arg(format!("-Dlog4j2.configurationFile={}", log_config.display()))
        .arg("-cp")
        .arg(class_path.join(":"));
    command
}

fn java(libs: &std::path::Path, dir: &std::path::Path) -> Command {
    java_with(libs, &[], dir)
}

impl Drop for ApacheKafka {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
