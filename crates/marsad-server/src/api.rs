//! The HTTP handlers of `/api/…`. Each parses its input strictly (see [`crate::query`]),
//! calls the [`Backend`] on the blocking pool, and answers JSON (or
//! CSV for event lists).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use marsad_extract::Document;

use crate::backend::Backend;
use crate::error::ApiError;
use crate::model::{
    DocumentView, ErrorBody, EventDetail, EventPage, IngestReport, Labels, Points, Stats,
};
use crate::query::{EventsParams, ExportFormat, ExportParams, FilterParams, Format, StatsParams};
use crate::AppState;

/// Longest accepted id in a path, in bytes.
const MAX_ID_BYTES: usize = 512;

/// Runs a store call on tokio's blocking pool.
pub(crate) async fn blocking<T, F>(backend: &Arc<dyn Backend>, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Backend) -> Result<T, ApiError> + Send + 'static,
{
    let backend = Arc::clone(backend);
    tokio::task::spawn_blocking(move || f(backend.as_ref()))
        .await
        .map_err(|e| ApiError::Internal(format!("store task failed: {e}")))?
}

fn check_id(what: &str, id: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.len() > MAX_ID_BYTES || id.chars().any(char::is_control) {
        return Err(ApiError::BadRequest(format!(
            "{what} id: expected 1 to {MAX_ID_BYTES} bytes without control characters"
        )));
    }
    Ok(())
}

/// Events that pass the filters, one page at a time.
#[utoipa::path(
    get,
    path = "/api/events",
    tag = "events",
    params(FilterParams, EventsParams),
    responses(
        (status = 200, description = "A page of events; `next` is the cursor of the following page (null on the last). With `format=csv`, CSV with the columns of `marsad export` and the cursor in the `X-Next-Cursor` header.",
         content((EventPage = "application/json"), (String = "text/csv"))),
        (status = 400, description = "A parameter is unknown, repeated or malformed", body = ErrorBody),
    )
)]
pub async fn list_events(
    State(app): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = EventsParams::parse(raw.as_deref().unwrap_or(""))?;
    Ok(match query.format {
        Format::Json => {
            let page = blocking(&app.backend, move |b| b.events(&query)).await?;
            Json(page).into_response()
        }
        Format::Csv => {
            let (csv, next) = blocking(&app.backend, move |b| b.events_csv(&query)).await?;
            let mut response = Body::from(csv).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            if let Some(next) = next.as_deref().and_then(|n| HeaderValue::from_str(n).ok()) {
                headers.insert("x-next-cursor", next);
            }
            response
        }
    })
}

/// One event with every source's claim and evidence.
#[utoipa::path(
    get,
    path = "/api/events/{id}",
    tag = "events",
    params(("id" = String, Path, description = "Event id")),
    responses(
        (status = 200, description = "The event and each source's claim", body = EventDetail),
        (status = 400, description = "The id is malformed", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
    )
)]
pub async fn get_event(
    State(app): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<EventDetail>, ApiError> {
    check_id("event", &id)?;
    let key = id.clone();
    blocking(&app.backend, move |b| b.event(&key))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no event with id {id:?}")))
}

/// One article with the spans of its events.
#[utoipa::path(
    get,
    path = "/api/documents/{id}",
    tag = "documents",
    params(("id" = String, Path, description = "Document id (`doc_id`)")),
    responses(
        (status = 200, description = "The article and its events", body = DocumentView),
        (status = 400, description = "The id is malformed", body = ErrorBody),
        (status = 404, description = "No such document", body = ErrorBody),
    )
)]
pub async fn get_document(
    State(app): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DocumentView>, ApiError> {
    check_id("document", &id)?;
    let key = id.clone();
    blocking(&app.backend, move |b| b.document(&key))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no document with id {id:?}")))
}

/// Counts and fatalities by day or week, type, country, admin1 and actor.
#[utoipa::path(
    get,
    path = "/api/stats",
    tag = "events",
    params(FilterParams, StatsParams),
    responses(
        (status = 200, description = "Counts and fatalities of the selection", body = Stats),
        (status = 400, description = "A parameter is unknown, repeated or malformed", body = ErrorBody),
    )
)]
pub async fn stats(
    State(app): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Stats>, ApiError> {
    let (filter, step) = StatsParams::parse(raw.as_deref().unwrap_or(""))?;
    Ok(Json(
        blocking(&app.backend, move |b| b.stats(&filter, step)).await?,
    ))
}

/// The located events that pass the filters as compact columns, for the map.
#[utoipa::path(
    get,
    path = "/api/points",
    tag = "events",
    params(FilterParams),
    responses(
        (status = 200, description = "The located events of the selection", body = Points),
        (status = 400, description = "A parameter is unknown, repeated or malformed", body = ErrorBody),
    )
)]
pub async fn points(
    State(app): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Points>, ApiError> {
    let filter = FilterParams::parse(raw.as_deref().unwrap_or(""))?;
    let limit = app.config.max_points;
    Ok(Json(
        blocking(&app.backend, move |b| b.points(&filter, limit)).await?,
    ))
}

/// Most events one `/api/export` answer holds.
pub const MAX_EXPORT_EVENTS: u64 = 100_000;

/// The events the filters select as a file, with the columns of `marsad export`: CSV, or
/// GeoJSON (events without coordinates left out).
#[utoipa::path(
    get,
    path = "/api/export",
    tag = "events",
    params(FilterParams, ExportParams),
    responses(
        (status = 200, description = "The selection as a file to download",
         content((String = "text/csv"), (String = "application/geo+json"))),
        (status = 400, description = "A parameter is unknown, repeated or malformed, or the selection is over 100,000 events", body = ErrorBody),
    )
)]
pub async fn export(
    State(app): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (filter, format) = ExportParams::parse(raw.as_deref().unwrap_or(""))?;
    let body = blocking(&app.backend, move |b| {
        b.export(&filter, format, MAX_EXPORT_EVENTS)
    })
    .await?;
    let (content_type, file) = match format {
        ExportFormat::Csv => (
            "text/csv; charset=utf-8",
            "attachment; filename=\"marsad-events.csv\"",
        ),
        ExportFormat::GeoJson => (
            "application/geo+json",
            "attachment; filename=\"marsad-events.geojson\"",
        ),
    };
    let mut response = Body::from(body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(file));
    Ok(response)
}

/// Place names of a map view from the gazetteer shipped with marsad (no tiles, nothing
/// fetched): first-level divisions, then towns by population.
#[utoipa::path(
    get,
    path = "/api/places",
    tag = "map",
    params(
        ("bbox" = Option<String>, Query, description = "The view, west,south,east,north in degrees (default: the world)", example = "42.5,12,46,14.5"),
        ("limit" = Option<u32>, Query, description = "Most labels, 1 to 300 (default 80)", minimum = 1, maximum = 300),
    ),
    responses(
        (status = 200, description = "The labels of the view", body = Labels),
        (status = 400, description = "A parameter is unknown or malformed", body = ErrorBody),
    )
)]
pub async fn places(RawQuery(raw): RawQuery) -> Result<Json<Labels>, ApiError> {
    let (bbox, limit) = crate::places::parse(raw.as_deref().unwrap_or(""))?;
    let labels = tokio::task::spawn_blocking(move || crate::places::in_view(bbox, limit))
        .await
        .map_err(|e| ApiError::Internal(format!("labels task failed: {e}")))??;
    Ok(Json(labels))
}

/// Ingest articles: a JSON object, a JSON array of objects, or JSONL (one object a line),
/// each `{"doc_id", "text", "published", "source", "url", "title"}` (docs/event-format.md).
#[utoipa::path(
    post,
    path = "/api/documents",
    tag = "documents",
    request_body(description = "Articles as JSON (`application/json`: an object or an array) or JSONL (`application/x-ndjson`, one object a line)",
                 content((Vec<DocumentSchema> = "application/json"), (String = "application/x-ndjson"))),
    responses(
        (status = 200, description = "What was read, stored and skipped", body = IngestReport),
        (status = 400, description = "A line or field is malformed (the message names it)", body = ErrorBody),
        (status = 401, description = "A token is configured and the request's `Authorization: Bearer` does not match", body = ErrorBody),
        (status = 413, description = "Body over the size limit", body = ErrorBody),
        (status = 408, description = "The body did not arrive within the server's body timeout", body = ErrorBody),
        (status = 415, description = "Not JSON nor JSONL", body = ErrorBody),
        (status = 429, description = "Rate limit, or too many failed tokens from this client; see `Retry-After`", body = ErrorBody),
    ),
    security((), ("token" = []))
)]
pub async fn post_documents(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<IngestReport>, ApiError> {
    if let Some(token) = app.config.token.as_deref() {
        // A client that failed too often is refused before its token is compared.
        app.auth_failures
            .peek(peer.ip())
            .map_err(|retry_after| ApiError::TooManyRequests { retry_after })?;
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let failure = match given {
            None => Some("this server requires a token: send `Authorization: Bearer <token>`"),
            Some(given) if !same(given.as_bytes(), token.as_bytes()) => Some("wrong token"),
            Some(_) => None,
        };
        if let Some(message) = failure {
            let _ = app.auth_failures.check(peer.ip());
            return Err(ApiError::Unauthorized(message.into()));
        }
    }
    app.limiter
        .check(peer.ip())
        .map_err(|retry_after| ApiError::TooManyRequests { retry_after })?;
    let limit = app.config.max_body_bytes;
    if let Some(length) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        if length > limit as u64 {
            return Err(ApiError::TooLarge { limit });
        }
    }
    let kind = media_kind(&headers)?;
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|e| {
        if std::error::Error::source(&e).is_some_and(|s| s.is::<http_body_util::LengthLimitError>())
            || e.to_string().contains("length limit")
        {
            ApiError::TooLarge { limit }
        } else if caused_by::<tower_http::timeout::TimeoutError>(&e) {
            ApiError::RequestTimeout {
                seconds: app.config.body_timeout.as_secs(),
            }
        } else {
            ApiError::BadRequest(format!("could not read the body: {e}"))
        }
    })?;
    let documents = parse_documents(&bytes, kind)?;
    if documents.is_empty() {
        return Err(ApiError::BadRequest("the body holds no article".into()));
    }
    let report = blocking(&app.backend, move |b| b.ingest(documents)).await?;
    Ok(Json(report))
}

/// The input contract of one article, for the OpenAPI document.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct DocumentSchema {
    doc_id: String,
    text: String,
    /// `YYYY-MM-DD`.
    published: Option<String>,
    source: Option<String>,
    url: Option<String>,
    title: Option<String>,
}

/// Whether `E` is somewhere in the chain of `error`'s causes.
fn caused_by<E: std::error::Error + 'static>(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(e) = cause {
        if e.is::<E>() {
            return true;
        }
        cause = e.source();
    }
    false
}

/// Constant-time comparison of two secrets.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MediaKind {
    Json,
    Jsonl,
}

fn media_kind(headers: &HeaderMap) -> Result<MediaKind, ApiError> {
    let value = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Ok(MediaKind::Json),
        "application/x-ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => Ok(MediaKind::Jsonl),
        "" => Err(ApiError::UnsupportedMediaType(
            "missing Content-Type: send application/json or application/x-ndjson".into(),
        )),
        other => Err(ApiError::UnsupportedMediaType(format!(
            "Content-Type {other:?} is not read here: send application/json or application/x-ndjson"
        ))),
    }
}

/// Longest accepted `doc_id`, in bytes.
const MAX_DOC_ID_BYTES: usize = 256;

fn check_document(doc: &Document, at: &str) -> Result<(), ApiError> {
    if doc.doc_id.trim().is_empty() || doc.doc_id.len() > MAX_DOC_ID_BYTES {
        return Err(ApiError::BadRequest(format!(
            "{at}: doc_id must be 1 to {MAX_DOC_ID_BYTES} bytes"
        )));
    }
    if doc.doc_id.chars().any(char::is_control) {
        return Err(ApiError::BadRequest(format!(
            "{at}: doc_id has control characters"
        )));
    }
    if doc.text.trim().is_empty() {
        return Err(ApiError::BadRequest(format!("{at}: text is empty")));
    }
    Ok(())
}

fn parse_documents(bytes: &[u8], kind: MediaKind) -> Result<Vec<Document>, ApiError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ApiError::BadRequest(format!("the body is not UTF-8 (byte {})", e.valid_up_to()))
    })?;
    match kind {
        MediaKind::Json => {
            let value: serde_json::Value = serde_json::from_str(text)
                .map_err(|e| ApiError::BadRequest(format!("body: not JSON: {e}")))?;
            let items = match value {
                serde_json::Value::Array(items) => items,
                object @ serde_json::Value::Object(_) => vec![object],
                _ => {
                    return Err(ApiError::BadRequest(
                        "body: expected an article object or an array of them".into(),
                    ))
                }
            };
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    let at = format!("article {}", i + 1);
                    let doc: Document = serde_json::from_value(item)
                        .map_err(|e| ApiError::BadRequest(format!("{at}: {e}")))?;
                    check_document(&doc, &at)?;
                    Ok(doc)
                })
                .collect()
        }
        MediaKind::Jsonl => text
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(i, line)| {
                let at = format!("line {}", i + 1);
                let doc: Document = serde_json::from_str(line)
                    .map_err(|e| ApiError::BadRequest(format!("{at}: {e}")))?;
                check_document(&doc, &at)?;
                Ok(doc)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_errors_name_the_line() {
        let body = b"{\"doc_id\":\"a\",\"text\":\"x\"}\n\n{\"doc_id\":\"b\"}\n";
        let err = parse_documents(body, MediaKind::Jsonl)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("line 3:"), "{err}");
        let docs =
            parse_documents(b"[{\"doc_id\":\"a\",\"text\":\"x\"}]", MediaKind::Json).unwrap();
        assert_eq!(docs[0].doc_id, "a");
    }
}
