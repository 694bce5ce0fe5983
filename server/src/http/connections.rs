//! The accept loop: every connection served by hyper with the limits `axum::serve` does
//! not set. axum's loop gives hyper no timer, so a client that opens a connection and
//! never finishes its request's headers (slowloris), or never sends anything, holds it,
//! and a task, forever. Here a connection must send its first bytes within
//! [`HEADER_READ_TIMEOUT`], HTTP/1 has as long to finish a request's headers once it
//! starts them, a connection with no traffic either way for [`IDLE_TIMEOUT`] is closed
//! (live event streams send a keep-alive every 15 s), and HTTP/2 pings an idle peer.
//! Each request carries its connection's peer address (`ConnectInfo`) for the rate
//! limits, as before.
//!
//! Shutdown is graceful, as with `axum::serve`: once `shutdown` resolves no connection
//! is accepted, requests under way finish, idle connections close, and the loop returns
//! when the last connection has.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::extract::connect_info::ConnectInfo;
use axum::http::Request;
use axum::serve::Listener;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::watch;
use tower::ServiceExt;

/// How long a new connection has to send its first bytes, and a client to finish a
/// request's headers once it starts them (idle keep-alive connections wait for
/// [`IDLE_TIMEOUT`]).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may pass with no byte read or written before it is closed:
/// longer than a handler may take to begin its answer (30 s).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// How often an idle HTTP/2 connection is pinged, and how long the answer may take.
const HTTP2_KEEP_ALIVE: Duration = Duration::from_secs(20);

/// Serves `router` on the connections `listener` accepts until `shutdown` resolves, then
/// lets the open ones finish.
pub async fn serve<L>(mut listener: L, router: Router, shutdown: impl Future<Output = ()>)
where
    L: Listener<Addr = SocketAddr>,
{
    // Each connection holds a receiver; the loop ends when none is left.
    let (connections_done, connections) = watch::channel(());
    let (stop_connections, stopped) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let (io, peer) = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        // The peer's address goes into each request (as `into_make_service_with_connect_info`
        // would put it): a layer over the router would wrap each of its routes again.
        let service = TowerToHyperService::new(router.clone().map_request(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request
        }));
        let (mut stopped, held) = (stopped.clone(), connections.clone());
        tokio::spawn(async move {
            let mut builder = Builder::new(TokioExecutor::new());
            builder.http1().timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
            builder
                .http2()
                .timer(TokioTimer::new())
                .keep_alive_interval(HTTP2_KEEP_ALIVE)
                .keep_alive_timeout(HTTP2_KEEP_ALIVE)
                .enable_connect_protocol();
            let (io, activity) = Watched::new(io);
            let mut connection = pin!(builder.serve_connection_with_upgrades(TokioIo::new(io), service));
            let stopping = async move {
                // The guard it answers is dropped here, before anything else awaits.
                let _ = stopped.wait_for(|stop| *stop).await.map(|_| ());
            };
            let served = tokio::select! {
                served = connection.as_mut() => served,
                // Nothing sent in time, or nothing either way for too long: dropped.
                () = activity.lapsed() => {
                    tracing::debug!(%peer, "a connection was closed for want of traffic");
                    Ok(())
                }
                // Stopping (or the loop gone): requests under way finish, then it closes.
                () = stopping => {
                    connection.as_mut().graceful_shutdown();
                    connection.as_mut().await
                }
            };
            if let Err(error) = served {
                tracing::debug!(%peer, %error, "a connection ended with an error");
            }
            drop(held);
        });
    }
    drop(listener);
    let _ = stop_connections.send(true);
    drop(connections);
    connections_done.closed().await;
}

/// When a connection last carried bytes, shared between its IO and its watchdog.
struct Activity {
    opened: Instant,
    /// Milliseconds after `opened` of the last byte read or written (0: none yet).
    last_ms: AtomicU64,
    /// Whether the peer has sent anything yet.
    read_any: AtomicBool,
}

impl Activity {
    fn touch(&self, read: bool) {
        let now = u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(now, Ordering::Relaxed);
        if read {
            self.read_any.store(true, Ordering::Relaxed);
        }
    }

    /// Resolves once the connection has sent nothing within [`HEADER_READ_TIMEOUT`] of
    /// opening, or carried nothing for [`IDLE_TIMEOUT`].
    async fn lapsed(&self) {
        loop {
            let limit = if self.read_any.load(Ordering::Relaxed) { IDLE_TIMEOUT } else { HEADER_READ_TIMEOUT };
            let last = self.opened + Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
            let deadline = last + limit;
            if Instant::now() >= deadline {
                return;
            }
            tokio::time::sleep_until(deadline.into()).await;
        }
    }
}

/// A connection's IO that notes each byte read or written in its [`Activity`].
struct Watched<I> {
    io: I,
    activity: Arc<Activity>,
}

impl<I> Watched<I> {
    fn new(io: I) -> (Self, Arc<Activity>) {
        let activity =
            Arc::new(Activity { opened: Instant::now(), last_ms: AtomicU64::new(0), read_any: AtomicBool::new(false) });
        (Watched { io, activity: Arc::clone(&activity) }, activity)
    }
}

impl<I: AsyncRead + Unpin> AsyncRead for Watched<I> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffer: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buffer.filled().len();
        let polled = Pin::new(&mut self.io).poll_read(context, buffer);
        if matches!(polled, Poll::Ready(Ok(()))) && buffer.filled().len() > before {
            self.activity.touch(true);
        }
        polled
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for Watched<I> {
    fn poll_write(mut self: Pin<&mut Self>, context: &mut Context<'_>, bytes: &[u8]) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write(context, bytes);
        if matches!(polled, Poll::Ready(Ok(written)) if written > 0) {
            self.activity.touch(false);
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
        buffers: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write_vectored(context, buffers);
        if matches!(polled, Poll::Ready(Ok(written)) if written > 0) {
            self.activity.touch(false);
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(context)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(context)
    }
}
