use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use model::{ClusterState, Overview};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tributary::config::{ClusterConfig, Config, ConfigSource};

use super::eventually;

/// The password of the accounts [`TestServer::writer`] makes.
const WRITER_PASSWORD: &str = "a password for the tests";

/// How long the server may take to become ready.
const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// The real Tributary server, in this process, on a free port of 127.0.0.1.
pub struct TestServer {
    pub base_url: String,
    pub http: reqwest::Client,
    /// What it was started with, to start it again on the same store.
    pub config: Config,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<tributary::Result<()>>>,
}

/// `tributary --config <file> user add NAME --role ROLE`, the password on stdin.
pub fn add_user(config_file: &std::path::Path, name: &str, role: &str, password: &str) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("--config")
        .arg(config_file)
        .args(["user", "add", name, "--role", role])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    let output = child.wait_with_output().unwrap();
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// A client sending `token` with every request.
pub fn bearer_client(token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
    reqwest::Client::builder().default_headers(headers).build().unwrap()
}

/// A configuration reading `clusters` every second, storing in `store_url`, where
/// callers who are not signed in may read (changes need a [`TestServer::writer`]).
pub fn config(store_url: &str, clusters: &[(&str, String)]) -> Config {
    let mut config = Config::default();
    config.store.url = store_url.to_owned();
    config.auth.anonymous = Some(tributary::config::AnonymousSetting::Read);
    config.ingest.poll_interval_secs = 1;
    config.ingest.request_timeout_secs = 3;
    config.clusters = clusters
        .iter()
        .map(|(alias, bootstrap_servers)| ClusterConfig {
            alias: (*alias).to_owned(),
            bootstrap_servers: bootstrap_servers.clone(),
            properties: Default::default(),
        })
        .collect();
    config
}

impl TestServer {
    /// Starts the server and waits until `/readyz` says it is ready.
    pub async fn start(config: Config) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a free port");
        Self::start_on(listener, config).await
    }

    /// [`TestServer::start`] on `listener` (bound first when the configuration must name
    /// the server's own address).
    pub async fn start_on(listener: TcpListener, config: Config) -> Self {
        tributary::telemetry::init(tributary::config::LogFormat::Text);
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let (shutdown, stop) = oneshot::channel::<()>();
        let task = tokio::spawn(tributary::serve::serve(config.clone(), ConfigSource::DefaultsOnly, listener, async {
            let _ = stop.await;
        }));
        let server =
            Self { base_url, http: reqwest::Client::new(), config, shutdown: Some(shutdown), task: Some(task) };
        eventually("the server to be ready", READY_TIMEOUT, || async {
            let response = server.http.get(server.url("/readyz")).send().await.ok()?;
            response.status().is_success().then_some(())
        })
        .await;
        server
    }

    /// A client acting as account `name` (an admin, made now on the command line) with an
    /// API token of every scope: what changes the catalog records `name` as their author.
    pub fn writer(&self, name: &str) -> reqwest::Client {
        bearer_client(&self.token(name))
    }

    /// An API token of every scope for account `name` (an admin, made now on the command
    /// line).
    pub fn token(&self, name: &str) -> String {
        let dir = tempfile::tempdir().expect("a directory for the command line's configuration");
        let file = dir.path().join("tributary.toml");
        std::fs::write(&file, format!("[store]\nurl = \"{}\"\n", self.config.store.url)).unwrap();
        let (added, said) = add_user(&file, name, "admin", WRITER_PASSWORD);
        assert!(added, "{said}");
        let made = Command::new(env!("CARGO_BIN_EXE_tributary"))
            .arg("--config")
            .arg(&file)
            .args(["token", "add", "--user", name, "--scopes", "read,lineage:write,tags:write,reports"])
            .output()
            .expect("tributary runs");
        let token = String::from_utf8(made.stdout).unwrap().trim().to_owned();
        assert!(token.starts_with("trb_"), "{}", String::from_utf8_lossy(&made.stderr));
        token
    }

    /// A browser session of account `name` (made by [`TestServer::writer`]): its cookie
    /// (`name=value`) and CSRF token, as a page carries it.
    pub async fn session(&self, name: &str) -> (String, String) {
        let browser = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let form = serde_urlencoded::to_string([("name", name), ("password", WRITER_PASSWORD)]).unwrap();
        let signed_in = browser
            .post(self.url("/auth/sign-in"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .unwrap();
        let cookie = signed_in.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        let page = browser.get(self.url("/")).header("cookie", &cookie).send().await.unwrap().text().await.unwrap();
        let at = page.find("name=\"csrf\" value=\"").expect("a signed-in page") + "name=\"csrf\" value=\"".len();
        (cookie, page[at..].split('"').next().unwrap().to_owned())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The JSON body of `GET path`.
    pub async fn get_json(&self, path: &str) -> serde_json::Value {
        self.http.get(self.url(path)).send().await.expect("the server answers").json().await.expect("a JSON body")
    }

    pub async fn overview(&self) -> Overview {
        self.http.get(self.url("/api/v1/clusters")).send().await.unwrap().json().await.unwrap()
    }

    pub async fn cluster(&self, alias: &str) -> ClusterState {
        self.http.get(self.url(&format!("/api/v1/clusters/{alias}"))).send().await.unwrap().json().await.unwrap()
    }

    /// The server-rendered overview page, as a browser without JavaScript gets it.
    pub async fn page(&self, path: &str) -> (reqwest::StatusCode, String) {
        let response = self.http.get(self.url(path)).send().await.unwrap();
        (response.status(), response.text().await.unwrap())
    }

    /// Shuts down gracefully and returns what `serve` returned.
    pub async fn stop(mut self) -> tributary::Result<()> {
        let _ = self.shutdown.take().unwrap().send(());
        self.task.take().unwrap().await.expect("the server task does not panic")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
