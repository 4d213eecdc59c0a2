//! `Sandbox`: binds its two listeners (the API and console origin, and a second
//! "file host" for signed PDF URLs, so tests can see exactly what reached another
//! host), runs our own hyper accept loop around each axum router (so faults can
//! drop connections for real), saves state periodically and on shutdown.

use std::convert::Infallible;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::uri::PathAndQuery;
use axum::http::{Request, Uri};
use axum::Router;
use chrono::Utc;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower::ServiceExt;

use crate::broken_body::DropConnection;
use crate::config::SandboxConfig;
use crate::control::SandboxControl;
use crate::shared::Shared;
use crate::world::World;
use crate::{app, persist};

/// A running simulator. Dropping it stops the server (without saving state);
/// call [`Sandbox::shutdown`] to stop cleanly and save.
pub struct Sandbox {
    addr: SocketAddr,
    files_addr: SocketAddr,
    control: SandboxControl,
    stop: Option<watch::Sender<bool>>,
    servers: Vec<JoinHandle<()>>,
    saver: Option<JoinHandle<()>>,
}

/// Which listener took a request (put in its extensions for the request log).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ListenerName(pub &'static str);

/// The request's path ended in `/` before it was normalised (for `canonical-redirect`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct HadTrailingSlash;

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// Returned by the connection service to make hyper close the connection
/// without writing a response.
#[derive(Debug, thiserror::Error)]
#[error("connection dropped on purpose by the sandbox")]
struct ConnectionDropped;

impl Sandbox {
    /// Starts on `127.0.0.1` with a random free port.
    pub async fn start(config: SandboxConfig) -> io::Result<Sandbox> {
        Sandbox::start_on(config, SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0)).await
    }

    /// Starts on `addr` (port 0 picks a free port). Loads the state file if
    /// one is configured and present.
    pub async fn start_on(config: SandboxConfig, addr: SocketAddr) -> io::Result<Sandbox> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let files_listener = TcpListener::bind(SocketAddr::new(addr.ip(), 0)).await?;
        let files_addr = files_listener.local_addr()?;
        let host = if addr.ip().is_unspecified() {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        } else {
            addr.ip()
        };
        let origin = format!("http://{}", SocketAddr::new(host, addr.port()));
        let files_origin = format!("http://{}", SocketAddr::new(host, files_addr.port()));
        let now = Utc::now();
        let world = match config
            .state_file
            .as_deref()
            .map(persist::load)
            .transpose()?
            .flatten()
        {
            Some(snapshot) => World::from_snapshot(&config, snapshot, now),
            None => World::from_config(&config, now),
        };
        let shared = Arc::new(Shared::new(&config, origin, files_origin, world));
        let (stop, stop_rx) = watch::channel(false);
        let servers = vec![
            tokio::spawn(accept_loop(
                listener,
                app::router(shared.clone()),
                ListenerName("api"),
                stop_rx.clone(),
            )),
            tokio::spawn(accept_loop(
                files_listener,
                app::files_router(shared.clone()),
                ListenerName("files"),
                stop_rx.clone(),
            )),
        ];
        let saver = shared
            .state_file
            .is_some()
            .then(|| tokio::spawn(save_periodically(shared.clone(), stop_rx)));
        Ok(Sandbox {
            addr,
            files_addr,
            control: SandboxControl { shared },
            stop: Some(stop),
            servers,
            saver,
        })
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: the console host (pages, widgets, files).
    pub fn origin(&self) -> String {
        self.control.shared.origin.clone()
    }

    /// `http://127.0.0.1:PORT2`: the file host signed PDF URLs point at (another port, so
    /// another origin, like an S3 bucket).
    pub fn files_origin(&self) -> String {
        self.control.shared.files_origin.clone()
    }

    /// The file host's bound address.
    pub fn files_addr(&self) -> SocketAddr {
        self.files_addr
    }

    /// `origin() + "/api"`.
    pub fn api_base(&self) -> String {
        format!("{}/api", self.control.shared.origin)
    }

    pub fn control(&self) -> SandboxControl {
        self.control.clone()
    }

    /// Stops accepting, lets in-flight requests finish (up to 5 s), and saves
    /// the state file if one is configured.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        for server in std::mem::take(&mut self.servers) {
            let _ = server.await;
        }
        if let Some(saver) = self.saver.take() {
            let _ = saver.await;
        }
        if let Err(e) = save_state(&self.control.shared) {
            tracing::warn!("sandbox: could not save state: {e}");
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
    }
}

/// Writes the state file now (no-op without one).
pub(crate) fn save_state(shared: &Shared) -> io::Result<()> {
    let Some(path) = shared.state_file.as_deref() else {
        return Ok(());
    };
    let snapshot = shared.read(|w| w.snapshot());
    persist::save(path, &snapshot)
}

async fn save_periodically(shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let mut every = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = every.tick() => {
                if shared.take_dirty() {
                    if let Err(e) = save_state(&shared) {
                        tracing::warn!("sandbox: could not save state: {e}");
                    }
                }
            }
            _ = stop.changed() => return,
        }
    }
}

async fn accept_loop(
    listener: TcpListener,
    router: Router,
    name: ListenerName,
    mut stop: watch::Receiver<bool>,
) {
    let graceful = GracefulShutdown::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(pair) => pair,
                    Err(e) => {
                        // Usually EMFILE; back off instead of spinning.
                        tracing::warn!("sandbox: accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let router = router.clone();
                let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                    handle(router.clone(), peer, name, req)
                });
                let connection = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
            _ = stop.changed() => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await;
}

async fn handle(
    router: Router,
    peer: SocketAddr,
    name: ListenerName,
    req: Request<Incoming>,
) -> Result<axum::response::Response, ConnectionDropped> {
    let mut req = req.map(Body::new);
    req.extensions_mut().insert(ConnectInfo(peer));
    req.extensions_mut().insert(name);
    strip_trailing_slash(&mut req);
    let response = router
        .oneshot(req)
        .await
        .unwrap_or_else(|never: Infallible| match never {});
    if response.extensions().get::<DropConnection>().is_some() {
        return Err(ConnectionDropped);
    }
    Ok(response)
}

/// `/api/accounts/` is served like `/api/accounts` (the vendor docs use both).
fn strip_trailing_slash(req: &mut Request<Body>) {
    let path = req.uri().path();
    if path.len() <= 1 || !path.ends_with('/') {
        return;
    }
    let trimmed = match path.trim_end_matches('/') {
        "" => "/",
        t => t,
    };
    let path_and_query = match req.uri().query() {
        Some(query) => format!("{trimmed}?{query}"),
        None => trimmed.to_owned(),
    };
    let Ok(path_and_query) = path_and_query.parse::<PathAndQuery>() else {
        return;
    };
    let mut parts = req.uri().clone().into_parts();
    parts.path_and_query = Some(path_and_query);
    if let Ok(uri) = Uri::from_parts(parts) {
        *req.uri_mut() = uri;
        req.extensions_mut().insert(HadTrailingSlash);
    }
}
