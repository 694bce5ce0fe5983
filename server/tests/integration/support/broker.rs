use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::free_port;

/// How long a broker may take to open its port.
const START_TIMEOUT: Duration = Duration::from_secs(15);

/// A real Kafka-protocol broker (tansu, in-memory storage) on a free port. Killed on drop.
pub struct Broker {
    child: Option<Child>,
    port: u16,
}

impl Broker {
    pub fn start() -> Self {
        let mut broker = Self { child: None, port: free_port() };
        broker.spawn();
        broker
    }

    pub fn bootstrap_servers(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Stops the broker (SIGTERM, then waits), as an outage would.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port. Memory storage: the topics are gone.
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }

    fn spawn(&mut self) {
        let url = format!("tcp://127.0.0.1:{}", self.port);
        let child = Command::new(tansu_binary())
            .args(["broker", "--listener-url", &url, "--advertised-listener-url", &url])
            .args(["--storage-engine", "memory://tansu/"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tansu starts (TANSU_BIN points at it; `make test` sets it)");
        self.child = Some(child);
        let deadline = Instant::now() + START_TIMEOUT;
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "tansu did not open port {} within {START_TIMEOUT:?}", self.port);
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn tansu_binary() -> PathBuf {
    std::env::var_os("TANSU_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("tansu"))
}
