//! The web page, built by Vite from `web/` into `assets/` and embedded in the binary, so the
//! observatory needs no other files and no network. Hashed files under `/assets/` are cached
//! for good; `index.html` is revalidated.

use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

use crate::error::ApiError;

#[derive(RustEmbed)]
#[folder = "assets/"]
struct Assets;

/// Serves an embedded file, or the page itself for any other path outside `/api/`.
pub async fn serve(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path == "api" || path.starts_with("api/") {
        return ApiError::NotFound(format!("no such endpoint: {}", uri.path())).into_response();
    }
    let (file, name) = match Assets::get(path) {
        Some(file) if !path.is_empty() => (file, path),
        _ => match Assets::get("index.html") {
            Some(file) => (file, "index.html"),
            None => {
                return (
                    StatusCode::NOT_FOUND,
                    "the web page was not built into this binary",
                )
                    .into_response()
            }
        },
    };
    let mime = file.metadata.mimetype();
    let cache = if name.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut response = file.data.into_owned().into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(mime) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// Names of the embedded files (for tests and `--help` diagnostics).
pub fn names() -> Vec<String> {
    Assets::iter().map(|n| n.into_owned()).collect()
}
