//! The public query types: filters, pages, events with their sources' claims, documents with
//! their event spans, statistics and ingest reports. All are `serde` types, so the web
//! observatory can send them as JSON as they are.

use chrono::NaiveDate;
use marsad_extract::EventRecord;
use serde::{Deserialize, Serialize};

/// Which events a query, an export or a statistic covers. Every field narrows the set;
/// the default (all `None`) is every event. Each field is documented, parsed and checked once,
/// in [`crate::filter::FILTERS`] and [`EventFilter::set`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// An alpha-2 code once parsed (an English name is resolved too).
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub event_type: Option<String>,
    pub sub_event_type: Option<String>,
    pub actor: Option<String>,
    pub outlet: Option<String>,
    pub q: Option<String>,
    /// `[west, south, east, north]` in degrees.
    pub bbox: Option<[f64; 4]>,
    /// `Some(true)`: only events with coordinates; `Some(false)`: only those without.
    pub located: Option<bool>,
    pub min_fatalities: Option<u32>,
    /// Largest `geo_precision` (1 the most precise).
    pub max_precision: Option<u8>,
}

/// Order of listed events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Newest first (events without a date last).
    #[default]
    DateDesc,
    /// Oldest first.
    DateAsc,
    /// Most fatalities first.
    FatalitiesDesc,
}

/// Which page of a listing to return.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PageRequest {
    /// Items per page, 1..=1000.
    pub limit: u32,
    /// The `next_cursor` of the previous page; `None` for the first page.
    pub cursor: Option<String>,
    pub sort: Sort,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest {
            limit: 50,
            cursor: None,
            sort: Sort::DateDesc,
        }
    }
}

/// One page of results, with the cursor of the next page (`None` on the last page). Cursors
/// are opaque keyset positions: pages stay consistent while events are added.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// An event as listed: its derived fields (ACLED column names where ACLED has one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventSummary {
    /// `ISO3` + number, e.g. `SYR12`; stable while the event exists.
    pub event_id_cnty: String,
    pub event_date: Option<NaiveDate>,
    /// ACLED: 1 day, 2 week, 3 month.
    pub time_precision: Option<u8>,
    pub disorder_type: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: Option<String>,
    pub inter1: Option<u8>,
    pub actor2: Option<String>,
    pub inter2: Option<u8>,
    /// ISO 3166-1 alpha-2.
    pub country_code: Option<String>,
    /// English country name.
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub location: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub geo_precision: Option<u8>,
    /// Lowest credible count across the sources (see `docs/STORE.md`).
    pub fatalities: Option<u32>,
    /// Highest count any source claimed.
    pub fatalities_max: Option<u32>,
    /// Distinct articles reporting the event.
    pub n_sources: u32,
    /// Outlet names, `; `-separated.
    pub sources: String,
    /// The evidence sentence of the most confident claim.
    pub notes: Option<String>,
    pub confidence: f64,
    /// Unix seconds of the last change.
    pub updated_at: i64,
}

/// One source's claim about an event: the record as extracted from one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceClaim {
    /// The article, as [`Store::document`](crate::Store::document) takes it.
    pub doc_key: String,
    pub doc_id: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    /// The record with its evidence spans (code-point offsets into the article text).
    pub record: EventRecord,
}

/// An event with every source's claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventDetail {
    #[serde(flatten)]
    pub event: EventSummary,
    /// In the order the store received them.
    pub claims: Vec<SourceClaim>,
}

/// A record of a document and the event it was merged into.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentEvent {
    /// The event this record belongs to (after deduplication).
    pub event_id_cnty: String,
    pub record: EventRecord,
}

/// A stored article with its event records (and so their evidence, actor, place and trigger
/// spans as code-point offsets into `text`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentView {
    pub doc_key: String,
    pub doc_id: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub text: String,
    pub events: Vec<DocumentEvent>,
}

/// A search hit among articles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentHit {
    pub doc_key: String,
    pub doc_id: String,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub n_records: u32,
}

/// Time buckets of [`Stats::by_period`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interval {
    #[default]
    Day,
    /// ISO weeks, keyed by their Monday.
    Week,
}

/// One group of a statistic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    /// The day (`YYYY-MM-DD`), type, country code, admin1 or actor name.
    pub key: String,
    pub events: u64,
    pub fatalities: u64,
}

/// Counts and fatalities of the events a filter selects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub events: u64,
    pub fatalities: u64,
    /// Dated events by day or week, oldest first.
    pub by_period: Vec<Bucket>,
    /// The events of each `by_period` bucket by type, in [`crate::EVENT_TYPES`] order.
    pub by_period_types: Vec<[u64; 6]>,
    /// Events without a date (not in `by_period`).
    pub undated: u64,
    /// Events without coordinates (no map shows them; a `bbox` leaves them out).
    pub unlocated: u64,
    /// Largest first, for these four.
    pub by_type: Vec<Bucket>,
    pub by_country: Vec<Bucket>,
    pub by_admin1: Vec<Bucket>,
    /// Top actors (actor 1 or 2 of the event), at most 50.
    pub by_actor: Vec<Bucket>,
}

/// What happened to one input document that was not stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Where it came from: `file:line`, `file: record 3 (<uri>)`, a feed URL…
    pub origin: String,
    pub reason: String,
}

/// The outcome of ingesting documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IngestReport {
    /// Documents read (including skipped ones).
    pub read: u64,
    /// Stored for the first time.
    pub new: u64,
    /// Stored before with another text: their old records were replaced.
    pub updated: u64,
    /// Stored before with the same text: nothing to do.
    pub unchanged: u64,
    /// Event records written.
    pub records: u64,
    /// Records that joined an event reported by another article.
    pub merged: u64,
    /// Input that could not be stored, with the reason.
    pub skipped: Vec<Skipped>,
    /// Documents stored after a repair (NUL characters dropped), with what was done.
    #[serde(default)]
    pub repaired: Vec<Skipped>,
}

impl IngestReport {
    /// Adds another report's counts to this one.
    pub fn absorb(&mut self, other: IngestReport) {
        self.read += other.read;
        self.new += other.new;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
        self.records += other.records;
        self.merged += other.merged;
        self.skipped.extend(other.skipped);
        self.repaired.extend(other.repaired);
    }
}
