//! TLS on Tributary's own listener (rustls), for those who run it without a proxy in
//! front: the certificate chain and private key from PEM files, TLS 1.2 and 1.3, HTTP/2
//! and HTTP/1.1 offered by ALPN; a renewed certificate is picked up from its files (see
//! `tls_certificate`). Handshakes run beside the accept loop, each within
//! [`HANDSHAKE_TIME_LIMIT`], so a client that stalls its handshake holds up no one else.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Semaphore};
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

use super::tls_certificate::RenewableCertificate;
use crate::config::TlsConfig;
use crate::error::{Error, Result};

/// How long a client may take over its TLS handshake.
const HANDSHAKE_TIME_LIMIT: Duration = Duration::from_secs(10);
/// How many handshakes may be under way at once (more wait to be accepted).
const MAX_PENDING_HANDSHAKES: usize = 256;
/// How long to wait after the operating system refuses a connection (out of files, say).
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(100);

/// The TLS set-up `config` names: its certificate chain and private key read and checked
/// to belong together (a file that is missing, not PEM, or holds no key is a clear
/// error), then looked at again for a renewal every `renewal_check_secs`.
pub fn acceptor(config: &TlsConfig) -> Result<TlsAcceptor> {
    // The provider named, not the process default: another crate may enable ring too.
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let certificate = RenewableCertificate::watched(config, Arc::clone(&provider))?;
    let mut server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| Error::Tls { path: config.certificate.clone(), message: error.to_string() })?
        .with_no_client_auth()
        .with_cert_resolver(certificate);
    server.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(TlsAcceptor::from(Arc::new(server)))
}

/// A listener whose connections have completed their TLS handshake.
pub struct TlsListener {
    handshaken: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local_address: SocketAddr,
}

impl TlsListener {
    /// Accepts on `tcp` and hands each connection to `acceptor` in a task of its own,
    /// until this listener is dropped (the server stopped): then the port is let go.
    pub fn new(tcp: TcpListener, acceptor: TlsAcceptor) -> std::io::Result<Self> {
        let local_address = tcp.local_addr()?;
        let (sender, handshaken) = mpsc::channel(MAX_PENDING_HANDSHAKES);
        let stopped = sender.clone();
        tokio::spawn(async move {
            tokio::select! {
                () = stopped.closed() => {}
                () = accept_connections(tcp, acceptor, sender) => {}
            }
        });
        Ok(Self { handshaken, local_address })
    }
}

/// Accepts connections and handshakes each beside the others, sending the ones that
/// complete to the listener.
async fn accept_connections(
    tcp: TcpListener,
    acceptor: TlsAcceptor,
    handshaken: mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>,
) {
    let pending = Arc::new(Semaphore::new(MAX_PENDING_HANDSHAKES));
    loop {
        let Ok(permit) = Arc::clone(&pending).acquire_owned().await else { return };
        let (stream, peer) = match tcp.accept().await {
            Ok(accepted) => accepted,
            Err(error) => {
                tracing::debug!(%error, "a connection could not be accepted");
                tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                continue;
            }
        };
        let (acceptor, handshaken) = (acceptor.clone(), handshaken.clone());
        tokio::spawn(async move {
            let _permit = permit;
            match tokio::time::timeout(HANDSHAKE_TIME_LIMIT, acceptor.accept(stream)).await {
                Ok(Ok(stream)) => {
                    let _ = handshaken.send((stream, peer)).await;
                }
                Ok(Err(error)) => tracing::debug!(%peer, %error, "a TLS handshake failed"),
                Err(_) => tracing::debug!(%peer, "a TLS handshake took too long"),
            }
        });
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.handshaken.recv().await {
            Some(connection) => connection,
            // The accept loop ended: no connection will come again.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local_address)
    }
}
