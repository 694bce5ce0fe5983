//! The listener's certificate and private key: read from their PEM files at start, and
//! read again when either file changes, so a renewed certificate (certbot, cert-manager,
//! an operator's copy) is served from the next handshake on, without a restart. The
//! files' modification times and sizes are looked at every `renewal_check_secs`; nothing
//! is read unless one changed. A change that cannot be used yet (the certificate written
//! and not yet its key, or a pair that does not belong together) leaves the certificate
//! in service as it is, is logged once, and is tried again at the files' next change.

use std::path::Path;
use std::sync::{Arc, RwLock, Weak};
use std::time::{Duration, SystemTime};

use rustls::crypto::CryptoProvider;
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::config::TlsConfig;
use crate::error::{Error, Result};

/// The certificate each handshake presents: the last usable pair read from the files.
#[derive(Debug)]
pub struct RenewableCertificate {
    files: TlsConfig,
    provider: Arc<CryptoProvider>,
    in_service: RwLock<Arc<CertifiedKey>>,
}

impl RenewableCertificate {
    /// Reads the pair `files` name (a file that is missing, not PEM, holds no key, or a
    /// key that is not the certificate's is an error naming the file), then looks for a
    /// renewal every `files.renewal_check_secs` in a task that ends once the listener
    /// (the last holder of this certificate) is gone.
    pub fn watched(files: &TlsConfig, provider: Arc<CryptoProvider>) -> Result<Arc<Self>> {
        // Stamped before reading: a write that races the read is seen at the next check.
        let mut seen = files_stamp(files);
        let pair = read_pair(files, &provider)?;
        let certificate = Arc::new(Self { files: files.clone(), provider, in_service: RwLock::new(Arc::new(pair)) });
        let watched: Weak<Self> = Arc::downgrade(&certificate);
        let interval = Duration::from_secs(files.renewal_check_secs);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(interval).await;
                let Some(certificate) = watched.upgrade() else { return };
                // File system calls block: off the runtime's threads.
                match tokio::task::spawn_blocking(move || certificate.renew_if_changed(seen)).await {
                    Ok(stamp) => seen = stamp,
                    Err(error) => tracing::warn!(%error, "looking for a renewed TLS certificate stopped"),
                }
            }
        });
        Ok(certificate)
    }

    /// Reads the files again when their stamp differs from `seen`; returns the stamp now.
    fn renew_if_changed(&self, seen: FilesStamp) -> FilesStamp {
        // Stamped before reading, as at start.
        let stamp = files_stamp(&self.files);
        if stamp == seen {
            return stamp;
        }
        match read_pair(&self.files, &self.provider) {
            Ok(pair) => {
                *self.in_service.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(pair);
                tracing::info!(
                    certificate = %self.files.certificate.display(),
                    "the TLS certificate changed on disk; new connections get the new one"
                );
            }
            Err(error) => tracing::warn!(
                %error,
                "the TLS certificate or key changed on disk but cannot be used (yet); the one in service stays"
            ),
        }
        stamp
    }
}

impl ResolvesServerCert for RenewableCertificate {
    fn resolve(&self, _client_hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(Arc::clone(&self.in_service.read().unwrap_or_else(|poisoned| poisoned.into_inner())))
    }
}

/// What tells a file changed: its modification time and size (`None` while unreadable).
type FileStamp = Option<(SystemTime, u64)>;
/// The certificate's stamp and the key's.
type FilesStamp = (FileStamp, FileStamp);

fn files_stamp(files: &TlsConfig) -> FilesStamp {
    let stamp = |path: &Path| std::fs::metadata(path).ok().and_then(|meta| Some((meta.modified().ok()?, meta.len())));
    (stamp(&files.certificate), stamp(&files.private_key))
}

/// The certificate chain and its private key, checked to belong together.
fn read_pair(files: &TlsConfig, provider: &Arc<CryptoProvider>) -> Result<CertifiedKey> {
    let chain = certificates(&files.certificate)?;
    let key = PrivateKeyDer::from_pem_file(&files.private_key).map_err(|error| Error::Tls {
        path: files.private_key.clone(),
        message: format!("no usable private key (PKCS#8, PKCS#1 or SEC1 PEM): {error}"),
    })?;
    CertifiedKey::from_der(chain, key, provider)
        .map_err(|error| Error::Tls { path: files.certificate.clone(), message: error.to_string() })
}

fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    let unreadable = |message: String| Error::Tls { path: path.to_path_buf(), message };
    let chain = CertificateDer::pem_file_iter(path)
        .map_err(|error| unreadable(error.to_string()))?
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|error| unreadable(error.to_string()))?;
    if chain.is_empty() {
        return Err(unreadable("no PEM certificate in the file".into()));
    }
    Ok(chain)
}
