//! TLS on Tributary's own listener: a certificate made here with `openssl`, the server
//! answering over HTTPS only (plain HTTP on that port gets no answer), session cookies
//! marked `Secure`, `Strict-Transport-Security` sent, a certificate or key that cannot
//! be used stopping the start with an error that names the file, and a renewed
//! certificate served without a restart (a half-done renewal leaving the old one).

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use crate::support::server::add_user;
use reqwest::StatusCode;
use tokio::net::TcpListener;
use tributary::config::ConfigSource;

const PASSWORD: &str = "a long enough password";

/// A self-signed certificate for 127.0.0.1 and its key, as PEM files in `dir`.
fn make_certificate(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (certificate, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let made = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"])
        .args(["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        // An end-entity certificate (not a CA), as a server presents.
        .args(["-addext", "basicConstraints=critical,CA:FALSE", "-addext", "extendedKeyUsage=serverAuth", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&certificate)
        .output()
        .expect("openssl runs");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    (certificate, key)
}

fn config_text(store: &str, certificate: &Path, key: &Path) -> String {
    format!(
        "[store]\nurl = \"{store}\"\n[server.tls]\ncertificate = \"{}\"\nprivate_key = \"{}\"\n",
        certificate.display(),
        key.display()
    )
}

/// A client that trusts only `certificate`, with no connection kept from before.
fn client_trusting(certificate: &Path) -> reqwest::Client {
    reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&std::fs::read(certificate).unwrap()).unwrap())
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .unwrap()
}

/// Whether a new client that trusts only `certificate` is answered at `url`.
async fn answered_trusting(certificate: &Path, url: &str) -> bool {
    client_trusting(certificate).get(url).send().await.is_ok_and(|answer| answer.status() == StatusCode::OK)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_listener_speaks_tls_when_configured() {
    let dir = tempfile::tempdir().unwrap();
    let (certificate, key) = make_certificate(dir.path());
    let store = format!("sqlite://{}/tls.db", dir.path().display());
    let config_file = dir.path().join("tributary.toml");
    std::fs::write(&config_file, config_text(&store, &certificate, &key)).unwrap();
    let (config, _) = tributary::config::load(Some(&config_file), HashMap::<String, String>::new()).unwrap();
    let (added, said) = add_user(&config_file, "ada", "admin", PASSWORD);
    assert!(added, "{said}");

    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(tributary::serve::serve(config, ConfigSource::DefaultsOnly, listener, async {
        let _ = stopped.await;
    }));

    let trusted = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&std::fs::read(&certificate).unwrap()).unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let base = format!("https://{address}");
    crate::support::eventually("the server to answer over TLS", std::time::Duration::from_secs(30), || async {
        let answer = trusted.get(format!("{base}/healthz")).send().await.ok()?;
        (answer.status() == StatusCode::OK).then_some(())
    })
    .await;
    // Browsers are told to keep to HTTPS on this host.
    let answer = trusted.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(answer.headers()["strict-transport-security"], "max-age=31536000");

    // Signing in over TLS: the session cookie is Secure.
    let signed_in = trusted
        .post(format!("{base}/auth/sign-in"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string([("name", "ada"), ("password", PASSWORD), ("next", "/")]).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let cookie = signed_in.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("; Secure") && cookie.contains("HttpOnly"), "{cookie}");

    // Plain HTTP on the same port gets no HTTP answer; a client that does not trust the
    // certificate refuses it.
    let plain = reqwest::Client::new().get(format!("http://{address}/healthz")).send().await;
    assert!(plain.is_err(), "plain HTTP must not be answered: {plain:?}");
    let untrusting = reqwest::Client::new().get(format!("{base}/healthz")).send().await;
    assert!(untrusting.is_err(), "a self-signed certificate is not trusted by default");
    // A client that stalls in its handshake holds up no one else: the next is answered
    // well within the 10 s a handshake may take.
    let _stalled = tokio::net::TcpStream::connect(address).await.unwrap();
    let answer =
        trusted.get(format!("{base}/healthz")).timeout(std::time::Duration::from_secs(3)).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);

    let _ = stop.send(());
    server.await.unwrap().unwrap();
    // A stopped server lets its port go: nothing accepts on it behind the scenes.
    crate::support::eventually("the port to be free again", std::time::Duration::from_secs(5), || async {
        TcpListener::bind(address).await.ok().map(drop)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_or_key_that_cannot_be_used_stops_the_start_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (certificate, key) = make_certificate(dir.path());
    let not_pem = dir.path().join("not.pem");
    std::fs::write(&not_pem, "not a certificate").unwrap();
    let missing = dir.path().join("missing.pem");
    let (other_certificate, _) = make_certificate(&{
        let other = dir.path().join("other");
        std::fs::create_dir(&other).unwrap();
        other
    });
    let store = format!("sqlite://{}/tls.db", dir.path().display());
    for (certificate, key, named) in [
        (&not_pem, &key, &not_pem),
        (&certificate, &missing, &missing),
        (&certificate, &not_pem, &not_pem),
        // A key that is not the certificate's.
        (&other_certificate, &key, &other_certificate),
    ] {
        let config_file = dir.path().join("tributary.toml");
        std::fs::write(&config_file, config_text(&store, certificate, key)).unwrap();
        let (config, _) = tributary::config::load(Some(&config_file), HashMap::<String, String>::new()).unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let refused = tributary::serve::serve(config, ConfigSource::DefaultsOnly, listener, async {}).await;
        let message = refused.expect_err("the start is refused").to_string();
        assert!(message.starts_with("TLS: ") && message.contains(&named.display().to_string()), "{message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_renewed_certificate_is_served_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let subdir = |name: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir(&path).unwrap();
        path
    };
    let (old_certificate, old_key) = make_certificate(&subdir("old"));
    let (new_certificate, new_key) = make_certificate(&subdir("new"));
    let live = subdir("live");
    let (certificate, key) = (live.join("cert.pem"), live.join("key.pem"));
    std::fs::copy(&old_certificate, &certificate).unwrap();
    std::fs::copy(&old_key, &key).unwrap();
    let store = format!("sqlite://{}/tls.db", dir.path().display());
    let config_file = dir.path().join("tributary.toml");
    let text = config_text(&store, &certificate, &key) + "renewal_check_secs = 1\n";
    std::fs::write(&config_file, text).unwrap();
    let (config, _) = tributary::config::load(Some(&config_file), HashMap::<String, String>::new()).unwrap();

    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}/healthz", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(tributary::serve::serve(config, ConfigSource::DefaultsOnly, listener, async {
        let _ = stopped.await;
    }));
    crate::support::eventually(
        "the server to answer with the first certificate",
        std::time::Duration::from_secs(30),
        || {
            let (certificate, url) = (old_certificate.clone(), url.clone());
            async move { answered_trusting(&certificate, &url).await.then_some(()) }
        },
    )
    .await;

    // Half a renewal: the new key beside the old certificate is not a pair; the old
    // certificate stays in service through several checks.
    std::fs::copy(&new_key, &key).unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    assert!(answered_trusting(&old_certificate, &url).await, "a half-done renewal took the certificate out of service");
    assert!(!answered_trusting(&new_certificate, &url).await);

    // The renewal completed: new connections get the new certificate, no restart.
    std::fs::copy(&new_certificate, &certificate).unwrap();
    crate::support::eventually("the renewed certificate to be served", std::time::Duration::from_secs(15), || {
        let (certificate, url) = (new_certificate.clone(), url.clone());
        async move { answered_trusting(&certificate, &url).await.then_some(()) }
    })
    .await;
    assert!(!answered_trusting(&old_certificate, &url).await, "the old certificate is still presented");

    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
