//! grip's HTTP API and web dashboard: the router behind `grip serve`.
//!
//! - JSON endpoints under `/v1` (documented in `/openapi.json`): analysis without storing
//!   (`POST /v1/analyze`), ingest (`POST /v1/documents`, bearer token), documents with their
//!   annotations, KB search, events, the actor graph, influence, forecasts, health.
//! - The dashboard at `/`: static files embedded in the binary, using only the public API.
//!
//! Every error is `{"code","message","type"}` with a code from one table ([`ErrorCode`]).
//! Bodies are size-limited, slow clients time out (headers, body, and the whole request),
//! CORS is off unless origins are configured, and every request is logged through `tracing`.
//! Store reads and analyses run on blocking threads behind semaphores; read responses are
//! cached until the database changes.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod actors;
mod assets;
mod auth;
mod documents;
mod error;
pub mod measure;
mod params;
mod routes;
mod state;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use grip_model::Date;
use tower::ServiceExt as _;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};

pub use assets::OPENAPI;
pub use error::{ApiError, ErrorCode, ErrorType};
pub use state::AppState;

/// How the server runs. There is no `Default`: the CLI chooses (see [`ServerConfig::new`] for
/// the values it starts from).
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The database file (created when missing).
    pub db: std::path::PathBuf,
    /// The bearer token write endpoints require; `None`: the server is read-only.
    pub token: Option<String>,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long a whole request may take.
    pub request_timeout: Duration,
    /// How long a client may take to send its body.
    pub body_timeout: Duration,
    /// How long a client may take to send its request headers.
    pub header_timeout: Duration,
    /// Origins allowed by CORS (`*` for any); empty: no CORS headers at all.
    pub cors_origins: Vec<String>,
    /// Cached read responses (0 turns the cache off).
    pub cache_entries: usize,
    /// Read-only database connections used at once.
    pub read_connections: usize,
    /// Analyses run at once.
    pub analysis_workers: usize,
}

impl ServerConfig {
    /// A configuration for `db` with the documented defaults: read-only, 2 MiB bodies, 30 s
    /// per request, 10 s for headers and body, no CORS, 1024 cached responses, and as many
    /// analyses as cores.
    pub fn new(db: impl Into<std::path::PathBuf>) -> ServerConfig {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        ServerConfig {
            db: db.into(),
            token: None,
            max_body_bytes: 2 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            body_timeout: documents::DEFAULT_BODY_TIMEOUT,
            header_timeout: Duration::from_secs(10),
            cors_origins: Vec::new(),
            cache_entries: 1024,
            read_connections: (2 * cores).clamp(4, 16),
            analysis_workers: cores,
        }
    }
}

/// Every route of the API: method and path, as written in `/openapi.json`.
pub const ROUTES: &[(&str, &str)] = &[
    ("post", "/v1/analyze"),
    ("get", "/v1/documents"),
    ("post", "/v1/documents"),
    ("get", "/v1/documents/{id}"),
    ("get", "/v1/actors"),
    ("get", "/v1/events"),
    ("get", "/v1/graph"),
    ("get", "/v1/influence"),
    ("get", "/v1/forecasts"),
    ("get", "/v1/health"),
];

/// The router: the API, `/openapi.json`, the dashboard, and the middleware (request ids and
/// logs, error bodies, security headers, panics caught, CORS, the request timeout).
pub fn router(state: Arc<AppState>) -> Router {
    let api = Router::new()
        .route("/v1/analyze", post(documents::analyze_handler))
        .route("/v1/documents", get(documents::list_handler).post(documents::ingest_handler))
        .route("/v1/documents/{id}", get(documents::detail_handler))
        .route("/v1/actors", get(routes::actors))
        .route("/v1/events", get(routes::events))
        .route("/v1/graph", get(routes::graph))
        .route("/v1/influence", get(routes::influence))
        .route("/v1/forecasts", get(routes::forecasts))
        .route("/v1/health", get(routes::health))
        .route("/openapi.json", get(assets::openapi))
        .fallback(fallback)
        .with_state(Arc::clone(&state));
    let cors = cors_layer(&state.config.cors_origins);
    let request_id = HeaderName::from_static("x-request-id");
    let mut app = api
        .layer(middleware::from_fn_with_state(Arc::clone(&state), timeout))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_response));
    if let Some(cors) = cors {
        app = app.layer(cors);
    }
    app.layer(middleware::map_response(error_bodies))
        .layer(middleware::map_response(security_headers))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(middleware::from_fn(log_request))
        .layer(SetRequestIdLayer::new(request_id, Counter::default()))
}

/// GET and HEAD on anything that is not an API route: the dashboard; other methods: 404 or
/// 405 in the error table's shape.
async fn fallback(method: Method, uri: axum::http::Uri, headers: axum::http::HeaderMap) -> Response {
    if uri.path().starts_with("/v1/") || uri.path() == "/v1" {
        return ApiError::of(ErrorCode::NotFound).into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return ApiError::of(ErrorCode::MethodNotAllowed).into_response();
    }
    match assets::asset(uri, headers).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|origin| HeaderValue::from_str(origin).ok()))
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]),
    )
}

/// Ends requests that take longer than the configured timeout.
async fn timeout(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let limit = state.config.request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(ErrorCode::Timeout, format!("the request took longer than {} s", limit.as_secs_f64()))
            .into_response(),
    }
}

/// Gives every error response without a table body (hyper's, axum's, a layer's) one.
async fn error_bodies(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || response.extensions().get::<error::ErrorMarker>().is_some()
    {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut replaced = ApiError::of(ErrorCode::for_status(status)).into_response();
    *replaced.status_mut() = status;
    if let Some(allow) = allow {
        replaced.headers_mut().insert(header::ALLOW, allow);
    }
    replaced
}

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic");
    tracing::error!(panic = message, "Handler panicked.");
    ApiError::of(ErrorCode::Internal).into_response()
}

/// One structured log line per request: id, client, method, path, status, duration.
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let id = request.headers().get("x-request-id").and_then(|value| value.to_str().ok()).unwrap_or("").to_owned();
    let client = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|info| info.0.to_string());
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    if status >= 500 {
        tracing::warn!(request_id = %id, client = client.as_deref().unwrap_or("-"), %method, %path, status, micros, "Request failed.");
    } else {
        tracing::info!(request_id = %id, client = client.as_deref().unwrap_or("-"), %method, %path, status, micros, "Handled request.");
    }
    response
}

/// Request ids: a process-wide counter.
#[derive(Debug, Clone, Default)]
struct Counter(Arc<AtomicU64>);

impl MakeRequestId for Counter {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        let id = self.0.fetch_add(1, Ordering::Relaxed) + 1;
        HeaderValue::from_str(&id.to_string()).ok().map(RequestId::new)
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then lets requests in flight
/// finish (for up to 10 s).
///
/// Connections speak HTTP/1.1; a client that does not send its request headers within
/// `header_timeout` is disconnected.
///
/// # Errors
/// Never for a failed connection (that is logged); only when the listener fails for good.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(header_timeout).keep_alive(true);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a little instead of spinning.
                    tracing::warn!(error = %error, "Accept failed.");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = router.clone().map_request(move |mut request: axum::http::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(ConnectInfo(remote));
            request.map(axum::body::Body::new)
        });
        let connection = builder.serve_connection(
            hyper_util::rt::TokioIo::new(stream),
            hyper_util::service::TowerToHyperService::new(service),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(error = %error, "Connection ended with an error.");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(Duration::from_secs(10), graceful.shutdown()).await.is_err() {
        tracing::warn!("Some connections were still open after 10 s; closing them.");
    }
    Ok(())
}

/// Serves the API on `bind` until Ctrl-C or SIGTERM, on a runtime of its own: what
/// `grip serve` runs. `on_ready` is called with the bound address once the socket listens.
///
/// # Errors
/// When the runtime cannot start or the address cannot be bound.
pub fn run(state: AppState, bind: SocketAddr, on_ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(bind).await?;
        on_ready(listener.local_addr()?);
        let header_timeout = state.config.header_timeout;
        serve(listener, router(Arc::new(state)), header_timeout, shutdown_signal()).await
    })
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// Today's date from the system clock (UTC): the fallback date of undated documents.
pub(crate) fn today() -> Date {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let epoch = Date::from_ymd_opt(1970, 1, 1).expect("the epoch is a valid date");
    epoch + chrono::Days::new(seconds / 86_400)
}

/// The current UTC time as RFC 3339, for the `runs` table.
pub(crate) fn now_utc() -> String {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let in_day = seconds % 86_400;
    format!("{}T{:02}:{:02}:{:02}Z", today(), in_day / 3600, in_day % 3600 / 60, in_day % 60)
}
