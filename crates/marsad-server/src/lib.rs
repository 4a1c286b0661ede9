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
//! | `GET /api/openapi.json` | the OpenAPI document, generated from the handlers |
//! | anything else | the web page (built from `web/`, embedded in the binary) |
//!
//! Read answers are reused while the store is unchanged ([`cache`]); every bad request is a 4xx with `{"error": "..."}` naming what was wrong ([`ApiError`]);
//! query values reach the store only as typed fields ([`query::Filter`]).
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
pub mod limit;
pub mod model;
pub mod query;
pub mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use backend::Backend;
pub use error::ApiError;

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
}

impl Default for Config {
    fn default() -> Config {
        Config {
            token: None,
            max_body_bytes: 16 * 1024 * 1024,
            posts_per_minute: 60,
            post_burst: 10,
            max_points: 200_000,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub backend: Arc<dyn Backend>,
    pub config: Arc<Config>,
    pub limiter: Arc<RateLimiter>,
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
    let limiter = Arc::new(RateLimiter::new(config.posts_per_minute, config.post_burst));
    let state = AppState {
        backend,
        config: Arc::new(config),
        limiter,
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
    api.fallback(assets::serve)
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::Internal("a handler panicked".into()).into_response()
        }))
}

/// Serves `router` on `listener` until ctrl-c or SIGTERM.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await
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
