//! The API's JSON shapes. They are the server's contract with the page and other clients, kept
//! apart from the store's own types so that either can change without breaking the other.
//!
//! Offsets (`start`, `end`) are Unicode code points into the article text, as in
//! `docs/event-format.md`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An actor as one article named it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Actor {
    /// Canonical English name, ACLED style (e.g. `Islamic State (Syria)`).
    pub name: String,
    /// The Arabic words in the article.
    pub text: Option<String>,
    pub start: Option<usize>,
    pub end: Option<usize>,
}

/// Where an event happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Place {
    /// English name of the most precise place.
    pub name: String,
    /// The Arabic words in the article, when the place was named there.
    pub text: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
    /// ACLED: 1 the town itself, 2 near it or part of a region, 3 only the province known.
    pub geo_precision: u8,
    pub start: Option<usize>,
    pub end: Option<usize>,
}

/// Words of an article by their offsets (a trigger).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Span {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// An evidence sentence and where it is in its article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Evidence {
    pub sentence: String,
    pub start: usize,
    pub end: usize,
}

/// One event (after merging every source's report of it), as lists and maps show it. The
/// fields are named as the columns of `marsad export` (`marsad_store::export::COLUMNS`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EventSummary {
    /// `ISO3` + number, e.g. `SYR12` (ACLED's `event_id_cnty`).
    pub event_id_cnty: String,
    /// `YYYY-MM-DD`.
    pub event_date: Option<String>,
    /// ACLED: 1 day, 2 week, 3 month.
    pub time_precision: Option<u8>,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    /// English country name.
    pub country: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country_code: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub location: Option<Place>,
    /// ACLED's lowest credible count of deaths across the sources, 0 when none was reported
    /// (as ACLED codes it, and as the exports' `fatalities` column:
    /// `marsad_store::export::fatalities`).
    pub fatalities: u32,
    /// The highest count any source claimed (null: none reported).
    pub fatalities_max: Option<u32>,
    /// How many articles reported the event.
    pub n_sources: u32,
    /// Their outlets, `; `-separated.
    pub source: String,
}

/// A page of events and the cursor of the next page (null on the last page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EventPage {
    pub events: Vec<EventSummary>,
    pub next: Option<String>,
}

/// What one article claimed about an event, with the sentences it said it in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SourceClaim {
    /// The article's key for `/api/documents/{id}`.
    pub doc_key: String,
    /// The article's id as ingested.
    pub doc_id: String,
    /// The article's own record of the event (`doc_id#n`).
    pub record_id: String,
    pub title: Option<String>,
    /// The outlet's name.
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub event_type: String,
    pub sub_event_type: String,
    pub event_date: Option<String>,
    pub time_precision: Option<u8>,
    pub actor1: Option<Actor>,
    pub actor2: Option<Actor>,
    pub location: Option<Place>,
    /// This article's count (null: it gave none; the event's `fatalities` is then 0 when no
    /// other source gave one).
    pub fatalities: Option<u32>,
    /// The Arabic phrase the count came from.
    pub fatalities_text: Option<String>,
    pub trigger: Option<Span>,
    pub evidence: Vec<Evidence>,
}

/// An event with every source's claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EventDetail {
    pub event: EventSummary,
    pub sources: Vec<SourceClaim>,
}

/// An event as one article reported it, with its spans in that article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DocumentEvent {
    /// The merged event this report belongs to (for `/api/events/{id}`).
    pub event_id: String,
    pub record_id: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub trigger: Option<Span>,
    pub actor1: Option<Actor>,
    pub actor2: Option<Actor>,
    pub location: Option<Place>,
    pub fatalities_text: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// An article with the events found in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DocumentView {
    /// The article's key (the `{id}` of `/api/documents/{id}`).
    pub doc_key: String,
    /// The article's id as ingested.
    pub doc_id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub text: String,
    pub events: Vec<DocumentEvent>,
}

/// Counts for one key (a date, a type, a country, ...).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Bucket {
    pub key: String,
    pub events: u64,
    pub fatalities: u64,
}

/// Counts and fatalities of the filtered events, in total and by key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Stats {
    pub events: u64,
    pub fatalities: u64,
    /// By day or by ISO week (keyed by its Monday), oldest first, as `by` asked.
    pub by_date: Vec<Bucket>,
    /// The events of each `by_date` bucket by type, in ACLED's order (Battles …
    /// Strategic developments).
    pub by_date_types: Vec<Vec<u64>>,
    /// Events without a date (not in `by_date`).
    pub undated: u64,
    /// Events without coordinates (not on the map, nor in a `bbox`; `located=false` lists
    /// them).
    pub unlocated: u64,
    pub by_type: Vec<Bucket>,
    pub by_country: Vec<Bucket>,
    pub by_admin1: Vec<Bucket>,
    /// By either actor, most events first (the first 50).
    pub by_actor: Vec<Bucket>,
}

/// Every located event that passes the filters, as parallel columns (compact for the map).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Points {
    pub ids: Vec<String>,
    pub lon: Vec<f64>,
    pub lat: Vec<f64>,
    /// Index of the event type in ACLED's order (0 Battles … 5 Strategic developments).
    #[serde(rename = "type")]
    pub event_type: Vec<u8>,
    /// Fatalities (0 when none reported), as `EventSummary.fatalities`.
    pub fatalities: Vec<u32>,
    /// True when the limit cut the list.
    pub truncated: bool,
}

/// Place names for the map, as parallel columns: first-level divisions first, then towns by
/// population.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Labels {
    /// English name.
    pub name: Vec<String>,
    /// Arabic name.
    pub name_ar: Vec<String>,
    pub lon: Vec<f64>,
    pub lat: Vec<f64>,
    /// True for a first-level division (its label, at its seat or centre), false for a town.
    pub admin1: Vec<bool>,
}

/// What an ingest did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IngestReport {
    /// Articles read.
    pub read: u64,
    /// Stored for the first time.
    pub new: u64,
    /// Stored before with another text: their old records were replaced.
    pub updated: u64,
    /// Stored before with the same text: nothing done.
    pub unchanged: u64,
    /// Event records extracted and written.
    pub records: u64,
    /// Records that joined an event another article reported.
    pub merged: u64,
    /// Articles that could not be stored, with the reason.
    pub skipped: Vec<Skipped>,
}

/// An article that was not stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Skipped {
    /// Which article (`article 3`, or its id).
    pub origin: String,
    pub reason: String,
}

/// The body of every error response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// What was wrong, in words meant for the person who sent the request.
    pub error: String,
}
