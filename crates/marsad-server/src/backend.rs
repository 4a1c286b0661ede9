//! What the server asks of an event store. The handlers see only this trait; `store.rs`
//! implements it over `marsad-store` (SQLite or PostgreSQL). Calls are blocking and run on
//! tokio's blocking pool.

use marsad_extract::Document;

use crate::error::ApiError;
use crate::model::{DocumentView, EventDetail, EventPage, IngestReport, Points, Stats};
use crate::query::{DateStep, EventsQuery, ExportFormat, Filter};

/// An event store as the API sees it. Implementations must be cheap to share between threads.
pub trait Backend: Send + Sync + 'static {
    /// One page of events. An invalid cursor is [`ApiError::BadRequest`].
    fn events(&self, query: &EventsQuery) -> Result<EventPage, ApiError>;
    /// The same page as CSV with the columns of `marsad export`, and the next page's cursor.
    fn events_csv(&self, query: &EventsQuery) -> Result<(Vec<u8>, Option<String>), ApiError>;
    /// One event with every source's claim; `None` when there is no such event.
    fn event(&self, id: &str) -> Result<Option<EventDetail>, ApiError>;
    /// One article with its events; `None` when there is no such article.
    fn document(&self, id: &str) -> Result<Option<DocumentView>, ApiError>;
    /// Counts and fatalities of the filtered events.
    fn stats(&self, filter: &Filter, step: DateStep) -> Result<Stats, ApiError>;
    /// The located events that pass the filters, at most `limit`, for the map.
    fn points(&self, filter: &Filter, limit: usize) -> Result<Points, ApiError>;
    /// The events the filters select in an export format, as `marsad export` writes them
    /// (the same columns); at most `max_events`, else [`ApiError::BadRequest`].
    fn export(
        &self,
        filter: &Filter,
        format: ExportFormat,
        max_events: u64,
    ) -> Result<Vec<u8>, ApiError>;
    /// A number that changes whenever the store's content changes (responses computed under
    /// one generation stay valid while it lasts).
    fn generation(&self) -> Result<i64, ApiError>;
    /// Extracts events from the articles and stores both.
    fn ingest(&self, documents: Vec<Document>) -> Result<IngestReport, ApiError>;
}
