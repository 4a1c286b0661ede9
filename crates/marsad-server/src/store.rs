//! The [`Backend`] over `marsad-store` (SQLite or PostgreSQL): typed filters in, the store's
//! types mapped to the API's JSON shapes out. The extraction resources are loaded on the
//! first ingest, so a read-only server starts at once.

use std::sync::{Arc, OnceLock};

use marsad_extract::record::{Actor as RecordActor, EventRecord, Location};
use marsad_extract::{Document, Extractor};
use marsad_store::{Interval, PageRequest, Store, StoreError};

use crate::backend::Backend;
use crate::error::ApiError;
use crate::model::{
    Actor, Bucket, DocumentEvent, DocumentView, EventDetail, EventPage, EventSummary, Evidence,
    IngestReport, Place, Points, Skipped, SourceClaim, Span, Stats,
};
use crate::query::{DateStep, EventsQuery, ExportFormat, Filter, Sort, EVENT_TYPES};

/// The API over a `marsad-store` [`Store`].
pub struct StoreBackend {
    store: Store,
    extractor: Arc<OnceLock<Result<Extractor, String>>>,
}

impl StoreBackend {
    /// Serves `store`; the extractor is loaded when the first articles are posted.
    pub fn new(store: Store) -> StoreBackend {
        StoreBackend {
            store,
            extractor: Arc::new(OnceLock::new()),
        }
    }

    /// Serves `store` with an extractor already loaded (e.g. by the demo, which ingests first).
    pub fn with_extractor(store: Store, extractor: Extractor) -> StoreBackend {
        let cell = OnceLock::new();
        let _ = cell.set(Ok(extractor));
        StoreBackend {
            store,
            extractor: Arc::new(cell),
        }
    }

    /// The store served.
    pub fn store(&self) -> &Store {
        &self.store
    }
}

fn store_error(err: StoreError) -> ApiError {
    match err {
        StoreError::Invalid { what, message } => {
            ApiError::BadRequest(format!("invalid {what}: {message}"))
        }
        other => ApiError::Internal(other.to_string()),
    }
}

fn summary(e: marsad_store::EventSummary) -> EventSummary {
    let location = match (e.latitude, e.longitude) {
        (Some(latitude), Some(longitude)) => Some(Place {
            name: e.location.clone().unwrap_or_default(),
            text: None,
            latitude,
            longitude,
            geo_precision: e.geo_precision.unwrap_or(3),
            start: None,
            end: None,
        }),
        _ => None,
    };
    let fatalities = marsad_store::export::fatalities(&e);
    EventSummary {
        event_id_cnty: e.event_id_cnty,
        event_date: e.event_date.map(|d| d.to_string()),
        time_precision: e.time_precision,
        event_type: e.event_type,
        sub_event_type: e.sub_event_type,
        actor1: e.actor1,
        actor2: e.actor2,
        country: e.country,
        country_code: e.country_code,
        admin1: e.admin1,
        admin2: e.admin2,
        location,
        fatalities,
        fatalities_max: e.fatalities_max,
        n_sources: e.n_sources,
        source: e.sources,
    }
}

fn actor(a: &Option<RecordActor>) -> Option<Actor> {
    a.as_ref().map(|a| Actor {
        name: a.name.clone(),
        text: a.text.clone(),
        start: a.start,
        end: a.end,
    })
}

fn place(l: &Option<Location>) -> Option<Place> {
    l.as_ref().map(|l| Place {
        name: l.name.clone(),
        text: l.text.clone(),
        latitude: l.latitude,
        longitude: l.longitude,
        geo_precision: l.geo_precision,
        start: l.start,
        end: l.end,
    })
}

fn evidence(r: &EventRecord) -> Vec<Evidence> {
    r.evidence
        .iter()
        .map(|e| Evidence {
            sentence: e.sentence.clone(),
            start: e.start,
            end: e.end,
        })
        .collect()
}

fn trigger(r: &EventRecord) -> Option<Span> {
    r.trigger.as_ref().map(|t| Span {
        text: t.text.clone(),
        start: t.start,
        end: t.end,
    })
}

fn claim(c: marsad_store::SourceClaim) -> SourceClaim {
    let r = &c.record;
    SourceClaim {
        doc_key: c.doc_key.clone(),
        doc_id: c.doc_id.clone(),
        record_id: r.event_id.clone(),
        title: c.title.clone(),
        outlet: c.source.clone(),
        url: c.url.clone(),
        published: c.published.map(|d| d.to_string()),
        event_type: r.event_type.as_str().to_string(),
        sub_event_type: r.sub_event_type.as_str().to_string(),
        event_date: r.event_date.map(|d| d.to_string()),
        time_precision: r.time_precision,
        actor1: actor(&r.actor1),
        actor2: actor(&r.actor2),
        location: place(&r.location),
        fatalities: r.fatalities,
        fatalities_text: r.fatalities_text.clone(),
        trigger: trigger(r),
        evidence: evidence(r),
    }
}

fn buckets(list: Vec<marsad_store::Bucket>) -> Vec<Bucket> {
    list.into_iter()
        .map(|b| Bucket {
            key: b.key,
            events: b.events,
            fatalities: b.fatalities,
        })
        .collect()
}

fn page_request(q: &EventsQuery) -> PageRequest {
    PageRequest {
        limit: q.limit as u32,
        cursor: q.cursor.clone(),
        sort: match q.sort {
            Sort::DateAsc => marsad_store::Sort::DateAsc,
            Sort::DateDesc => marsad_store::Sort::DateDesc,
            Sort::FatalitiesDesc => marsad_store::Sort::FatalitiesDesc,
        },
    }
}

impl Backend for StoreBackend {
    fn events(&self, q: &EventsQuery) -> Result<EventPage, ApiError> {
        let page = self
            .store
            .events(&q.filter, &page_request(q))
            .map_err(store_error)?;
        Ok(EventPage {
            events: page.items.into_iter().map(summary).collect(),
            next: page.next_cursor,
        })
    }

    fn events_csv(&self, q: &EventsQuery) -> Result<(Vec<u8>, Option<String>), ApiError> {
        let page = self
            .store
            .event_details(&q.filter, &page_request(q))
            .map_err(store_error)?;
        let csv = marsad_store::export::csv_bytes(&page.items).map_err(store_error)?;
        Ok((csv, page.next_cursor))
    }

    fn event(&self, id: &str) -> Result<Option<EventDetail>, ApiError> {
        let Some(detail) = self.store.event(id).map_err(store_error)? else {
            return Ok(None);
        };
        Ok(Some(EventDetail {
            event: summary(detail.event),
            sources: detail.claims.into_iter().map(claim).collect(),
        }))
    }

    fn document(&self, id: &str) -> Result<Option<DocumentView>, ApiError> {
        let Some(doc) = self.store.document(id).map_err(store_error)? else {
            return Ok(None);
        };
        Ok(Some(DocumentView {
            doc_key: doc.doc_key,
            doc_id: doc.doc_id,
            title: doc.title,
            outlet: doc.source,
            url: doc.url,
            published: doc.published.map(|d| d.to_string()),
            text: doc.text,
            events: doc
                .events
                .into_iter()
                .map(|e| {
                    let r = &e.record;
                    DocumentEvent {
                        event_id: e.event_id_cnty.clone(),
                        record_id: r.event_id.clone(),
                        event_type: r.event_type.as_str().to_string(),
                        sub_event_type: r.sub_event_type.as_str().to_string(),
                        trigger: trigger(r),
                        actor1: actor(&r.actor1),
                        actor2: actor(&r.actor2),
                        location: place(&r.location),
                        fatalities_text: r.fatalities_text.clone(),
                        evidence: evidence(r),
                    }
                })
                .collect(),
        }))
    }

    fn stats(&self, f: &Filter, step: DateStep) -> Result<Stats, ApiError> {
        let interval = match step {
            DateStep::Day => Interval::Day,
            DateStep::Week => Interval::Week,
        };
        let s = self.store.stats(f, interval).map_err(store_error)?;
        Ok(Stats {
            events: s.events,
            fatalities: s.fatalities,
            by_date: buckets(s.by_period),
            by_date_types: s.by_period_types.iter().map(|t| t.to_vec()).collect(),
            undated: s.undated,
            unlocated: s.unlocated,
            by_type: buckets(s.by_type),
            by_country: buckets(s.by_country),
            by_admin1: buckets(s.by_admin1),
            by_actor: buckets(s.by_actor),
        })
    }

    fn points(&self, f: &Filter, limit: usize) -> Result<Points, ApiError> {
        // Pages of the event listing, newest first, until the limit.
        let mut out = Points::default();
        let mut cursor = None;
        loop {
            let page = PageRequest {
                limit: 1000,
                cursor,
                sort: marsad_store::Sort::DateDesc,
            };
            let page = self.store.events(f, &page).map_err(store_error)?;
            for e in page.items {
                let (Some(lat), Some(lon)) = (e.latitude, e.longitude) else {
                    continue;
                };
                if out.ids.len() == limit {
                    out.truncated = true;
                    return Ok(out);
                }
                out.fatalities.push(marsad_store::export::fatalities(&e));
                out.ids.push(e.event_id_cnty);
                out.lon.push(lon);
                out.lat.push(lat);
                out.event_type.push(
                    EVENT_TYPES
                        .iter()
                        .position(|t| *t == e.event_type)
                        .unwrap_or(5) as u8,
                );
            }
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok(out),
            }
        }
    }

    fn export(
        &self,
        f: &Filter,
        format: ExportFormat,
        max_events: u64,
    ) -> Result<Vec<u8>, ApiError> {
        let n = self.store.count_events(f).map_err(store_error)?;
        if n > max_events {
            return Err(ApiError::BadRequest(format!(
                "the selection holds {n} events, more than the {max_events} an export over \
                 the API may hold: narrow the filters, or use `marsad export`"
            )));
        }
        let format = match format {
            ExportFormat::Csv => marsad_store::export::Format::Csv,
            ExportFormat::GeoJson => marsad_store::export::Format::GeoJson,
        };
        let mut out = Vec::new();
        self.store
            .export(f, format, &mut out)
            .map_err(store_error)?;
        Ok(out)
    }

    fn generation(&self) -> Result<i64, ApiError> {
        self.store.generation().map_err(store_error)
    }

    fn ingest(&self, documents: Vec<Document>) -> Result<IngestReport, ApiError> {
        let extractor = self
            .extractor
            .get_or_init(|| Extractor::load_default().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| ApiError::Internal(format!("loading the extraction resources: {e}")))?;
        let r = self
            .store
            .ingest_documents(extractor, documents)
            .map_err(store_error)?;
        Ok(IngestReport {
            read: r.read,
            new: r.new,
            updated: r.updated,
            unchanged: r.unchanged,
            records: r.records,
            merged: r.merged,
            skipped: r
                .skipped
                .into_iter()
                .map(|s| Skipped {
                    origin: s.origin,
                    reason: s.reason,
                })
                .collect(),
        })
    }
}
