//! # marsad-server: the observatory's HTTP API and web page
//!
//! One axum service over an event store ([`Backend`]; `marsad-store` implements it for SQLite
//! and PostgreSQL):
//!
//! | route | what |
//! |---|---|
//! | `GET /api/events` | events that pass the filters, a page at a time (JSON or CSV) |
//! | `GET /api/events/{id}` | one event, every source's claim, the evidence spans |
//! | `GET /api/documents/{id}` | one article with its event spans |
//! | `POST /api/documents` | ingest articles (JSON or JSONL); token, size and rate limits |
//! | `GET /api/stats` | counts and fatalities by day/week, type, country, admin1, actor |
//! | `GET /api/points` | the filtered events as compact columns for the map |
//! | `GET /api/export` | the selection as CSV or GeoJSON, the columns of `marsad export` |
//! | `GET /api/places` | place names of a map view, from the shipped gazetteer |
//! | `GET /api/openapi.json` | the OpenAPI document, generated from the handlers |
//! | anything else | the web page (built from `web/`, embedded in the binary) |
//!
//! Read answers are reused while the store is unchanged ([`cache`]); every bad request is a 4xx with `{"error": "..."}` naming what was wrong ([`ApiError`]);
//! query values reach the store only as typed fields ([`query::Filter`]).
//!
//! Facing a network: requests for another `Host` are refused (DNS rebinding, [`guard`]), every
//! answer carries a Content-Security-Policy, `nosniff`, `X-Frame-Options: DENY` and
//! `Referrer-Policy: no-referrer`, failed tokens are rate limited per client, and [`serve`]
//! closes connections whose headers, body or next request do not arrive in time
//! ([`Timeouts`]).
//!
//! ```
//! // The OpenAPI document lists every route.
//! let doc = marsad_server::openapi();
//! assert!(doc.paths.paths.contains_key("/api/events/{id}"));
//! ```

pub mod api;
pub mod assets;
pub mod backend;
pub mod cache;
pub mod error;
pub mod guard;
pub mod limit;
pub mod model;
pub mod places;
pub mod query;
pub mod store;

use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::RequestBodyDeadlineLayer;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use backend::Backend;
pub use error::ApiError;
pub use guard::AllowedHosts;

use limit::RateLimiter;

/// Limits and secrets of a server.
#[derive(Clone, Debug)]
pub struct Config {
    /// When set, `POST /api/documents` needs `Authorization: Bearer <token>`.
    pub token: Option<String>,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Ingest requests a client may make per minute on average.
    pub posts_per_minute: u32,
    /// Ingest requests a client may make at once.
    pub post_burst: u32,
    /// Most points `/api/points` returns.
    pub max_points: usize,
    /// The `Host` values answered; others get 421.
    pub allowed_hosts: AllowedHosts,
    /// Failed token checks a client may make per minute on average before it gets 429.
    pub auth_failures_per_minute: u32,
    /// Failed token checks a client may make at once.
    pub auth_failure_burst: u32,
    /// Longest time a request body may take to arrive, from its headers on.
    pub body_timeout: Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            token: None,
            max_body_bytes: 16 * 1024 * 1024,
            posts_per_minute: 60,
            post_burst: 10,
            max_points: 200_000,
            allowed_hosts: AllowedHosts::default(),
            auth_failures_per_minute: 6,
            auth_failure_burst: 5,
            body_timeout: Duration::from_secs(60),
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub backend: Arc<dyn Backend>,
    pub config: Arc<Config>,
    pub limiter: Arc<RateLimiter>,
    /// Failed token checks per client.
    pub auth_failures: Arc<RateLimiter>,
    /// `GET /api/…` responses kept while the store is unchanged.
    pub cache: Arc<cache::ResponseCache>,
}

fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::list_events))
        .routes(routes!(api::get_event))
        .routes(routes!(api::get_document, api::post_documents))
        .routes(routes!(api::stats))
        .routes(routes!(api::points))
        .routes(routes!(api::places))
        .routes(routes!(api::export))
}

/// The OpenAPI document of the API, generated from the handlers and types.
pub fn openapi() -> OpenApi {
    let (_, mut doc) = api_router().split_for_parts();
    doc.info.title = "marsad observatory API".into();
    doc.info.version = env!("CARGO_PKG_VERSION").into();
    doc.info.description = Some(
        "Conflict events coded from Arabic news (ACLED-style), with the sentences behind them."
            .into(),
    );
    doc.info.license = Some(utoipa::openapi::License::new("Apache-2.0 OR MIT"));
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "token",
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
    );
    doc
}

/// The whole service: API, OpenAPI document and web page.
pub fn router(backend: Arc<dyn Backend>, config: Config) -> Router {
    places::warm();
    let limiter = Arc::new(RateLimiter::new(config.posts_per_minute, config.post_burst));
    let auth_failures = Arc::new(RateLimiter::new(
        config.auth_failures_per_minute,
        config.auth_failure_burst,
    ));
    let allowed_hosts = Arc::new(config.allowed_hosts.clone());
    let body_timeout = config.body_timeout;
    let state = AppState {
        backend,
        config: Arc::new(config),
        limiter,
        auth_failures,
        cache: Arc::new(cache::ResponseCache::default()),
    };
    let (api, _) = api_router().split_for_parts();
    let spec = openapi()
        .to_json()
        .expect("the OpenAPI document serializes");
    let api = api
        .route(
            "/api/openapi.json",
            get(move || {
                let spec = spec.clone();
                async move {
                    (
                        [(
                            header::CONTENT_TYPE,
                            HeaderValue::from_static("application/json"),
                        )],
                        spec,
                    )
                        .into_response()
                }
            }),
        )
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cache::reuse_responses,
        ))
        .with_state(state);
    let [csp, nosniff, frame, referrer] = guard::security_headers();
    api.fallback(assets::serve)
        .layer(RequestBodyDeadlineLayer::new(body_timeout))
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::Internal("a handler panicked".into()).into_response()
        }))
        .layer(axum::middleware::from_fn_with_state(
            allowed_hosts,
            guard::check_host,
        ))
        .layer(csp)
        .layer(nosniff)
        .layer(frame)
        .layer(referrer)
}

/// How long a connection may keep the server waiting.
#[derive(Clone, Copy, Debug)]
pub struct Timeouts {
    /// From the moment a connection is read for a request (its opening, or the end of its
    /// previous answer: an idle keep-alive connection) to the end of the request's headers.
    pub header: Duration,
    /// How long open connections may finish their answers once shutdown is asked.
    pub shutdown: Duration,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            header: Duration::from_secs(10),
            shutdown: Duration::from_secs(10),
        }
    }
}

/// Serves `router` on `listener` until ctrl-c or SIGTERM, with the default [`Timeouts`].
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    serve_with(listener, router, Timeouts::default(), shutdown()).await
}

/// Serves `router` on `listener` over HTTP/1.1 (hyper) until `stop` completes, closing each
/// connection whose headers do not arrive within `timeouts.header` (slow headers, idle
/// keep-alive); then waits up to `timeouts.shutdown` for the open connections to finish.
///
/// HTTP/2 is not offered: browsers only speak it over TLS, which a proxy in front provides,
/// and cleartext HTTP/2 would need timeouts of its own.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    router: Router,
    timeouts: Timeouts,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};

    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(timeouts.header);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait, do not spin or stop serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stop.as_mut() => break,
        };
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<_>| {
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
            tower::Service::call(&mut router.clone(), request)
        });
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(timeouts.shutdown, graceful.shutdown()).await;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
