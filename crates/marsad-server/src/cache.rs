//! Reuse of `GET /api/…` responses while the store is unchanged.
//!
//! Every read answer depends only on its URL and on the store's content, and the store counts
//! its writes ([`Backend::generation`](crate::Backend::generation): every ingested batch, from this server or another
//! process, moves it on). So a response is kept with the generation it was computed under and
//! served again for the same URL while the generation stays the same; a write makes every kept
//! response stale at once. Checking costs one read of that counter, against a full query and
//! serialization for a miss.
//!
//! Responses also carry an `ETag` made of the generation and the URL, and `Cache-Control:
//! no-cache`, so a browser asks again with `If-None-Match` and gets a bodiless 304 while
//! nothing changed.
//!
//! Memory is bounded: at most [`MAX_ENTRIES`] responses and [`MAX_BYTES`] bytes, and a
//! response larger than [`MAX_ENTRY_BYTES`] is never kept; when full, the cache is emptied.

use std::sync::Mutex;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rustc_hash::FxHashMap;

use crate::api::blocking;
use crate::AppState;

/// Responses kept at most.
pub const MAX_ENTRIES: usize = 4096;
/// Bytes of response bodies kept at most.
pub const MAX_BYTES: usize = 64 << 20;
/// Largest response kept.
pub const MAX_ENTRY_BYTES: usize = 4 << 20;

/// The kept responses, by URL (path and query).
#[derive(Default)]
pub struct ResponseCache {
    inner: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    by_url: FxHashMap<String, Entry>,
    bytes: usize,
}

#[derive(Clone)]
struct Entry {
    generation: i64,
    headers: HeaderMap,
    body: Bytes,
}

impl ResponseCache {
    fn get(&self, url: &str, generation: i64) -> Option<Entry> {
        let kept = self.inner.lock().expect("response cache lock");
        kept.by_url
            .get(url)
            .filter(|e| e.generation == generation)
            .cloned()
    }

    fn insert(&self, url: String, entry: Entry) {
        let mut kept = self.inner.lock().expect("response cache lock");
        if kept.by_url.len() >= MAX_ENTRIES || kept.bytes + entry.body.len() > MAX_BYTES {
            kept.by_url.clear();
            kept.bytes = 0;
        }
        kept.bytes += entry.body.len();
        if let Some(old) = kept.by_url.insert(url, entry) {
            kept.bytes -= old.body.len();
        }
    }
}

/// The middleware: answers a `GET /api/…` from the cache when it can, and keeps the
/// successful answers it computes.
pub async fn reuse_responses(
    State(app): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if request.method() != Method::GET || !path.starts_with("/api/") {
        return next.run(request).await;
    }
    let url = request.uri().to_string();
    let generation = match blocking(&app.backend, |b| b.generation()).await {
        Ok(g) => g,
        Err(e) => return e.into_response(),
    };
    let etag = entity_tag(generation, &url);
    let unchanged = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes());
    if unchanged {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        set_validators(response.headers_mut(), &etag);
        return response;
    }
    if let Some(entry) = app.cache.get(&url, generation) {
        let mut response = Response::new(Body::from(entry.body));
        *response.headers_mut() = entry.headers;
        return response;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            return crate::ApiError::Internal(format!("reading a response: {e}")).into_response()
        }
    };
    set_validators(&mut parts.headers, &etag);
    if body.len() <= MAX_ENTRY_BYTES {
        app.cache.insert(
            url,
            Entry {
                generation,
                headers: parts.headers.clone(),
                body: body.clone(),
            },
        );
    }
    Response::from_parts(parts, Body::from(body))
}

/// `"<generation>-<hash of the URL>"`: changes when the store or the URL does (FxHash has
/// no random seed, so a tag stays valid across server restarts).
fn entity_tag(generation: i64, url: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    url.hash(&mut h);
    format!("\"{generation:x}-{:016x}\"", h.finish())
}

fn set_validators(headers: &mut HeaderMap, etag: &str) {
    if let Ok(v) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
}
