//! Exports of the events a filter selects: ACLED-style CSV, JSONL (every event with its
//! sources' claims), GeoJSON (points, for QGIS) and Parquet (feature `parquet`; for pandas,
//! polars, DuckDB).
//!
//! This module is the one definition of the flat columns and of their values: [`COLUMNS`]
//! (names, order and types) and [`flat_row`] (the values of an event), used by the CSV,
//! GeoJSON and Parquet exports here, by the API's CSV and by `marsad export`. [`CsvWriter`]
//! is the one CSV writer (it keeps text that a spreadsheet would run as a formula as text).
//! [`interaction`] and [`civilian_targeting`] are the one derivation of those two ACLED
//! columns, for the store's event rows and the exports alike; [`fatalities`] that of the
//! `fatalities` column, for the exports and the API's JSON alike.
//!
//! ACLED's names and order come first; `admin3` stays empty (marsad does not produce it).
//! Then marsad's own: `country_code`, `fatalities_max` (the highest count any source gave),
//! `n_sources`, `source_documents` (each source article's URL or id, ` | `-separated),
//! `evidence` (each claim's Arabic evidence sentence, ` | `-separated), `confidence` and
//! `plover`. `docs/CODEBOOK.md` says how each column is derived. Events are written oldest
//! first, streamed a thousand at a time, so memory stays flat for any size.

use std::io::Write;

use chrono::{Datelike, NaiveDate};

use crate::countries;
use crate::error::StoreError;
use crate::types::{EventDetail, EventFilter, EventSummary, Page, PageRequest, Sort};
use crate::Store;

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
    GeoJson,
    /// Needs the `parquet` feature.
    Parquet,
}

/// Column value types of the flat formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    Text,
    Int,
    Real,
    /// A day: `YYYY-MM-DD` in CSV and GeoJSON, a Parquet `DATE`.
    Date,
    /// Unix seconds: an integer in CSV and GeoJSON (as ACLED's `timestamp`), a Parquet
    /// `TIMESTAMP` (UTC, milliseconds: Parquet has none in seconds).
    Timestamp,
}

use ColumnType::{Date, Int, Real, Text, Timestamp};

/// The flat columns, in order.
pub const COLUMNS: &[(&str, ColumnType)] = &[
    ("event_id_cnty", Text),
    ("event_date", Date),
    ("year", Int),
    ("time_precision", Int),
    ("disorder_type", Text),
    ("event_type", Text),
    ("sub_event_type", Text),
    ("actor1", Text),
    ("assoc_actor_1", Text),
    ("inter1", Int),
    ("actor2", Text),
    ("assoc_actor_2", Text),
    ("inter2", Int),
    ("interaction", Int),
    ("civilian_targeting", Text),
    ("iso", Int),
    ("region", Text),
    ("country", Text),
    ("admin1", Text),
    ("admin2", Text),
    ("admin3", Text),
    ("location", Text),
    ("latitude", Real),
    ("longitude", Real),
    ("geo_precision", Int),
    ("source", Text),
    ("source_scale", Text),
    ("notes", Text),
    ("fatalities", Int),
    ("tags", Text),
    ("timestamp", Timestamp),
    ("country_code", Text),
    ("fatalities_max", Int),
    ("n_sources", Int),
    ("source_documents", Text),
    ("evidence", Text),
    ("confidence", Real),
    ("plover", Text),
];

/// One cell of a flat row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(Option<String>),
    Int(Option<i64>),
    Real(Option<f64>),
    Date(Option<NaiveDate>),
    Timestamp(Option<i64>),
}

impl Cell {
    /// The CSV field. Text that a spreadsheet would read as a formula (starting with `=`, `+`,
    /// `-`, `@`, a tab or a carriage return) gets a leading `'`, so it stays text; numbers are
    /// typed cells and are never changed.
    pub fn to_csv(&self) -> String {
        match self {
            Cell::Text(Some(v)) if v.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
                format!("'{v}")
            }
            Cell::Text(v) => v.clone().unwrap_or_default(),
            Cell::Int(v) | Cell::Timestamp(v) => v.map(|x| x.to_string()).unwrap_or_default(),
            Cell::Real(v) => v.map(|x| x.to_string()).unwrap_or_default(),
            Cell::Date(v) => v.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    /// The JSON value (GeoJSON properties): null when empty.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Cell::Text(v) => v.clone().map_or(Value::Null, Into::into),
            Cell::Int(v) | Cell::Timestamp(v) => v.map_or(Value::Null, Into::into),
            Cell::Real(v) => v.map_or(Value::Null, Into::into),
            Cell::Date(v) => v.map_or(Value::Null, |d| d.to_string().into()),
        }
    }
}

/// ACLED's `interaction`: the two actors' `inter` codes, smaller first (`13` for state
/// forces against political militias), or one code times ten when one actor is known.
pub fn interaction(inter1: Option<u8>, inter2: Option<u8>) -> Option<i64> {
    match (inter1, inter2) {
        (Some(a), Some(b)) => Some(i64::from(a.min(b)) * 10 + i64::from(a.max(b))),
        (Some(a), None) | (None, Some(a)) => Some(i64::from(a) * 10),
        _ => None,
    }
}

/// ACLED's `fatalities`: the lowest credible count across the sources, and 0 when no source
/// reported one, as ACLED codes it (`fatalities_max` stays empty then, so "none reported"
/// can still be told from a reported 0). The `fatalities` column of every export and the
/// API's JSON (`/api/events`, `/api/points`) take it from here.
pub fn fatalities(e: &EventSummary) -> u32 {
    e.fatalities.unwrap_or(0)
}

/// ACLED's `civilian_targeting`: `Civilian targeting` on every Violence against civilians
/// event, and on Explosions/Remote violence whose target (actor 2) is civilians.
pub fn civilian_targeting(event_type: &str, actor2: Option<&str>) -> Option<&'static str> {
    let civilians = actor2.is_some_and(|a| a.starts_with("Civilians"));
    (event_type == "Violence against civilians"
        || (event_type == "Explosions/Remote violence" && civilians))
        .then_some("Civilian targeting")
}

/// The outlets marsad knows, with the country they are based in (`None` for pan-Arab outlets
/// that cover the whole Middle East from abroad). Outlets are matched by the `source` name
/// of the ingested articles, in lower case.
const OUTLETS: &[(&str, Option<&str>)] = &[
    ("aawsat", None),
    ("3alyoum", None),
    ("aljazeera", None),
    ("alarabiya", None),
    ("alriyadh", Some("SA")),
    ("alweeam", Some("SA")),
    ("alyaum", Some("SA")),
    ("alwatan", Some("SA")),
    ("aljazirah", Some("SA")),
    ("aleqtisadiya", Some("SA")),
    ("almadina", Some("SA")),
    ("okaz", Some("SA")),
    ("sabq", Some("SA")),
    ("was", Some("SA")),
    ("spa", Some("SA")),
    ("sana", Some("SY")),
    ("ina", Some("IQ")),
    ("saba", Some("YE")),
];

/// ACLED's `source_scale` from the outlets' home countries relative to the event's country:
/// `National` (same country), `Regional` (same ACLED region, or a pan-Arab outlet),
/// `International` (elsewhere), joined as ACLED does (`National-Regional`). Empty when no
/// outlet is known or the event has no country.
pub fn source_scale(outlets: &[&str], event_country: Option<&str>) -> Option<String> {
    let event_country = event_country?;
    let event_region = countries::by_alpha2(event_country).map(|c| c.region);
    let mut scales = [false; 3];
    for outlet in outlets {
        let key = outlet.trim().to_lowercase();
        let Some((_, home)) = OUTLETS.iter().find(|(name, _)| *name == key) else {
            continue;
        };
        let scale = match home {
            Some(home) if home.eq_ignore_ascii_case(event_country) => 0,
            Some(home) => {
                let home_region = countries::by_alpha2(home).map(|c| c.region);
                if home_region.is_some() && home_region == event_region {
                    1
                } else {
                    2
                }
            }
            None if event_region == Some("Middle East") => 1,
            None => 2,
        };
        scales[scale] = true;
    }
    let names: Vec<&str> = ["National", "Regional", "International"]
        .into_iter()
        .zip(scales)
        .filter_map(|(name, on)| on.then_some(name))
        .collect();
    (!names.is_empty()).then(|| names.join("-"))
}

/// Arabic words for a crowd's size, most specific first, with ACLED's `crowd size=` value.
const CROWD_WORDS: &[(&str, &str)] = &[
    ("عشرات الآلاف", "tens of thousands"),
    ("عشرات الالاف", "tens of thousands"),
    ("مئات الآلاف", "hundreds of thousands"),
    ("مئات الالاف", "hundreds of thousands"),
    ("آلاف", "thousands"),
    ("الاف", "thousands"),
    ("مئات", "hundreds"),
    ("عشرات", "dozens"),
];

/// Nouns (as they start) that make a count a crowd's size: `500 متظاهر`. Only protesters:
/// with `شخص` or `مواطن` the victims of an event counted as its crowd (`335 شخصا` killed).
const CROWD_NOUNS: &[&str] = &["متظاهر", "محتج"];

/// A crowd counted in a sentence: a count whose noun is a crowd noun, as ACLED writes it
/// (`500`, `more than 2000`, `around 300`, `200-300`).
fn counted_crowd(sentence: &str) -> Option<String> {
    use marsad_text::number::{find_quantities, Bound, QuantityKind};
    let analysis = marsad_text::analysis::Analyzer::new().analyze(sentence);
    let q = find_quantities(sentence, &analysis.tokens, &analysis.keys)
        .into_iter()
        .filter(|q| q.kind == QuantityKind::Count)
        .find(|q| {
            q.noun.is_some_and(|n| {
                let noun = n.slice(sentence);
                CROWD_NOUNS
                    .iter()
                    .any(|w| noun.starts_with(w) || noun.starts_with(&format!("ال{w}")))
            })
        })?;
    let n = q.lowest_credible()?;
    Some(match (q.bound, q.high) {
        (Bound::AtLeast, _) => format!("more than {n}"),
        (Bound::About, _) => format!("around {n}"),
        (Bound::Between, Some(high)) => format!("{n}-{}", high as u64),
        _ => n.to_string(),
    })
}

/// ACLED's `tags` for Protests and Riots: `crowd size=…` from the evidence sentences — a
/// counted crowd (`500 متظاهر` → `500`), else the words for one (`المئات` → `hundreds`) —
/// or `crowd size=no report` as ACLED writes when the sources give none. Empty for other
/// event types.
pub fn tags(event_type: &str, evidence: &[&str]) -> Option<String> {
    if !matches!(event_type, "Protests" | "Riots") {
        return None;
    }
    let size = evidence
        .iter()
        .find_map(|s| counted_crowd(s))
        .or_else(|| {
            CROWD_WORDS
                .iter()
                .find(|(word, _)| evidence.iter().any(|s| s.contains(word)))
                .map(|(_, size)| size.to_string())
        })
        .unwrap_or_else(|| "no report".to_string());
    Some(format!("crowd size={size}"))
}

/// ACLED-style `notes`: a short English summary of the coded fields, e.g. `On 20 January
/// 2022, attack (Violence against civilians) by Islamic State (Iraq) against Civilians (Iraq)
/// in Diyala, Iraq. 11 fatalities reported (up to 15). 2 sources.`
pub fn notes(e: &EventSummary) -> String {
    let when = match (e.event_date, e.time_precision) {
        (None, _) => "On an unreported date".to_string(),
        (Some(d), Some(2)) => format!("In the week of {}", d.format("%-d %B %Y")),
        (Some(d), Some(3)) => format!("In {}", d.format("%B %Y")),
        (Some(d), _) => format!("On {}", d.format("%-d %B %Y")),
    };
    // ACLED's sub-event name with a small first letter (`IED` keeps its capitals)
    let mut chars = e.sub_event_type.chars();
    let sub: String = chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default();
    let mut out = format!("{when}, {sub} ({})", e.event_type);
    if let Some(a) = &e.actor1 {
        out += &format!(" by {a}");
    }
    if let Some(a) = &e.actor2 {
        out += &format!(" against {a}");
    }
    let place: Vec<&str> = [&e.location, &e.admin1, &e.country]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .fold(Vec::new(), |mut v, p| {
            if v.last() != Some(&p) {
                v.push(p);
            }
            v
        });
    if !place.is_empty() {
        out += &format!(" in {}", place.join(", "));
    }
    out += ".";
    match (e.fatalities, e.fatalities_max) {
        (Some(n), Some(max)) if max > n => {
            out += &format!(" {n} fatalities reported (up to {max}).")
        }
        (Some(n), _) => out += &format!(" {n} fatalities reported."),
        (None, _) => out += " No fatalities reported.",
    }
    let s = if e.n_sources == 1 { "" } else { "s" };
    out += &format!(" {} source{s}.", e.n_sources);
    out
}

/// Names the claims gave for one side of the event other than the event's own actors
/// (`assoc_actor_1` / `assoc_actor_2`), `; `-separated as ACLED does.
fn associated(
    detail: &EventDetail,
    side: fn(&marsad_extract::EventRecord) -> Option<&str>,
) -> Option<String> {
    let e = &detail.event;
    let mut names: Vec<&str> = Vec::new();
    for c in &detail.claims {
        if let Some(name) = side(&c.record) {
            if Some(name) != e.actor1.as_deref()
                && Some(name) != e.actor2.as_deref()
                && !names.contains(&name)
            {
                names.push(name);
            }
        }
    }
    (!names.is_empty()).then(|| names.join("; "))
}

/// The flat row of an event, in [`COLUMNS`] order.
pub fn flat_row(detail: &EventDetail) -> Vec<Cell> {
    let e = &detail.event;
    let country = e.country_code.as_deref().and_then(countries::by_alpha2);
    let mut docs: Vec<String> = Vec::new();
    for c in &detail.claims {
        let r = c.url.clone().unwrap_or_else(|| c.doc_id.clone());
        if !docs.contains(&r) {
            docs.push(r);
        }
    }
    let evidence: Vec<String> = detail
        .claims
        .iter()
        .filter_map(|c| c.record.evidence.first())
        .map(|ev| ev.sentence.trim().replace(['\n', '\r'], " "))
        .collect();
    let evidence_refs: Vec<&str> = evidence.iter().map(String::as_str).collect();
    let outlets: Vec<&str> = e.sources.split("; ").collect();
    let t = |s: &Option<String>| Cell::Text(s.clone());
    let i = |v: Option<u8>| Cell::Int(v.map(i64::from));
    vec![
        Cell::Text(Some(e.event_id_cnty.clone())),
        Cell::Date(e.event_date),
        Cell::Int(e.event_date.map(|d| i64::from(d.year()))),
        i(e.time_precision),
        Cell::Text(Some(e.disorder_type.clone())),
        Cell::Text(Some(e.event_type.clone())),
        Cell::Text(Some(e.sub_event_type.clone())),
        t(&e.actor1),
        Cell::Text(associated(detail, |r| {
            r.actor1.as_ref().map(|a| a.name.as_str())
        })),
        i(e.inter1),
        t(&e.actor2),
        Cell::Text(associated(detail, |r| {
            r.actor2.as_ref().map(|a| a.name.as_str())
        })),
        i(e.inter2),
        Cell::Int(interaction(e.inter1, e.inter2)),
        Cell::Text(civilian_targeting(&e.event_type, e.actor2.as_deref()).map(Into::into)),
        Cell::Int(country.map(|c| i64::from(c.numeric))),
        Cell::Text(country.map(|c| c.region.to_string())),
        t(&e.country),
        t(&e.admin1),
        t(&e.admin2),
        Cell::Text(None),
        t(&e.location),
        Cell::Real(e.latitude),
        Cell::Real(e.longitude),
        i(e.geo_precision),
        Cell::Text(Some(e.sources.clone())),
        Cell::Text(source_scale(&outlets, e.country_code.as_deref())),
        Cell::Text(Some(notes(e))),
        Cell::Int(Some(i64::from(fatalities(e)))),
        Cell::Text(tags(&e.event_type, &evidence_refs)),
        Cell::Timestamp(Some(e.updated_at)),
        t(&e.country_code),
        Cell::Int(e.fatalities_max.map(i64::from)),
        Cell::Int(Some(i64::from(e.n_sources))),
        Cell::Text(Some(docs.join(" | "))),
        Cell::Text(Some(evidence.join(" | "))),
        Cell::Real(Some(e.confidence)),
        Cell::Text(detail.claims.first().map(|c| c.record.plover.clone())),
    ]
}

/// Writes one GeoJSON point feature, its properties in [`COLUMNS`] order (a JSON map would
/// sort them by name).
fn geojson_feature(
    out: &mut dyn Write,
    detail: &EventDetail,
    lon: f64,
    lat: f64,
) -> Result<(), StoreError> {
    use serde_json::json;
    let mut s = format!(
        "{{\"type\":\"Feature\",\"id\":{},\"geometry\":{},\"properties\":{{",
        json!(detail.event.event_id_cnty),
        json!({"type": "Point", "coordinates": [lon, lat]}),
    );
    for (i, ((name, _), cell)) in COLUMNS.iter().zip(flat_row(detail)).enumerate() {
        if i > 0 {
            s.push(',');
        }
        s += &format!("{}:{}", json!(name), cell.to_json());
    }
    s += "}}";
    out.write_all(s.as_bytes())
        .map_err(|e| StoreError::Export(e.to_string()))
}

/// The one CSV writer of events: [`COLUMNS`] as the header, then one [`flat_row`] a line,
/// fields through [`Cell::to_csv`].
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
}

fn csv_error(e: csv::Error) -> StoreError {
    StoreError::Export(format!("csv: {e}"))
}

impl<W: Write> CsvWriter<W> {
    /// A writer that has written the header.
    pub fn new(out: W) -> Result<CsvWriter<W>, StoreError> {
        let mut inner = csv::Writer::from_writer(out);
        inner
            .write_record(COLUMNS.iter().map(|c| c.0))
            .map_err(csv_error)?;
        Ok(CsvWriter { inner })
    }

    /// Writes one event.
    pub fn write(&mut self, detail: &EventDetail) -> Result<(), StoreError> {
        self.inner
            .write_record(flat_row(detail).iter().map(Cell::to_csv))
            .map_err(csv_error)
    }

    /// Flushes and returns the output.
    pub fn finish(self) -> Result<W, StoreError> {
        self.inner
            .into_inner()
            .map_err(|e| StoreError::Export(format!("csv: {}", e.error())))
    }
}

/// Events as CSV in memory (a page of the API).
pub fn csv_bytes(details: &[EventDetail]) -> Result<Vec<u8>, StoreError> {
    let mut w = CsvWriter::new(Vec::new())?;
    for d in details {
        w.write(d)?;
    }
    w.finish()
}

impl Store {
    /// One page of events with their claims (the API's CSV pages).
    pub fn event_details(
        &self,
        filter: &EventFilter,
        page: &PageRequest,
    ) -> Result<Page<EventDetail>, StoreError> {
        let listed = self.events(filter, page)?;
        let ids: Vec<String> = listed
            .items
            .iter()
            .map(|e| e.event_id_cnty.clone())
            .collect();
        let mut claims = self.claims_by_event_ids(&ids)?;
        let items = listed
            .items
            .into_iter()
            .map(|event| {
                let claims = claims.remove(&event.event_id_cnty).unwrap_or_default();
                EventDetail { event, claims }
            })
            .collect();
        Ok(Page {
            items,
            next_cursor: listed.next_cursor,
        })
    }

    /// Calls `f` for every event `filter` selects, with its claims, oldest first.
    pub fn for_each_event(
        &self,
        filter: &EventFilter,
        mut f: impl FnMut(EventDetail) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let mut page = PageRequest {
            limit: 1000,
            cursor: None,
            sort: Sort::DateAsc,
        };
        let mut n = 0;
        loop {
            let listed = self.event_details(filter, &page)?;
            for detail in listed.items {
                f(detail)?;
                n += 1;
            }
            match listed.next_cursor {
                Some(c) => page.cursor = Some(c),
                None => return Ok(n),
            }
        }
    }

    /// Writes the events `filter` selects to `out` in `format`; returns how many were
    /// written (GeoJSON leaves out events without coordinates).
    pub fn export(
        &self,
        filter: &EventFilter,
        format: Format,
        out: &mut (dyn Write + Send),
    ) -> Result<u64, StoreError> {
        self.export_with_progress(filter, format, out, &mut |_| {})
    }

    /// [`Store::export`], calling `progress` after each event read with the number read so
    /// far (for a progress bar; [`Store::count_events`] gives the total).
    pub fn export_with_progress(
        &self,
        filter: &EventFilter,
        format: Format,
        out: &mut (dyn Write + Send),
        progress: &mut dyn FnMut(u64),
    ) -> Result<u64, StoreError> {
        let io = |e: std::io::Error| StoreError::Export(e.to_string());
        let mut read = 0u64;
        let mut tick = move || {
            read += 1;
            progress(read);
        };
        match format {
            Format::Csv => {
                let mut w = CsvWriter::new(&mut *out)?;
                let n = self.for_each_event(filter, |d| {
                    tick();
                    w.write(&d)
                })?;
                w.finish()?.flush().map_err(io)?;
                Ok(n)
            }
            Format::Jsonl => {
                let n = self.for_each_event(filter, |d| {
                    tick();
                    serde_json::to_writer(&mut *out, &d)
                        .map_err(|e| StoreError::Export(e.to_string()))?;
                    out.write_all(b"\n").map_err(io)
                })?;
                out.flush().map_err(io)?;
                Ok(n)
            }
            Format::GeoJson => {
                out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")
                    .map_err(io)?;
                let mut written = 0u64;
                self.for_each_event(filter, |d| {
                    tick();
                    let (Some(lat), Some(lon)) = (d.event.latitude, d.event.longitude) else {
                        return Ok(());
                    };
                    if written > 0 {
                        out.write_all(b",\n").map_err(io)?;
                    }
                    geojson_feature(&mut *out, &d, lon, lat)?;
                    written += 1;
                    Ok(())
                })?;
                out.write_all(b"\n]}\n").map_err(io)?;
                out.flush().map_err(io)?;
                Ok(written)
            }
            Format::Parquet => self.export_parquet(filter, out, &mut tick),
        }
    }

    #[cfg(not(feature = "parquet"))]
    fn export_parquet(
        &self,
        _: &EventFilter,
        _: &mut (dyn Write + Send),
        _: &mut dyn FnMut(),
    ) -> Result<u64, StoreError> {
        Err(StoreError::invalid(
            "export format",
            "this marsad was built without the `parquet` feature",
        ))
    }

    #[cfg(feature = "parquet")]
    fn export_parquet(
        &self,
        filter: &EventFilter,
        out: &mut (dyn Write + Send),
        tick: &mut dyn FnMut(),
    ) -> Result<u64, StoreError> {
        parquet_out::write(self, filter, out, tick)
    }

    fn claims_by_event_ids(
        &self,
        ids: &[String],
    ) -> Result<std::collections::HashMap<String, Vec<crate::types::SourceClaim>>, StoreError> {
        let mut out: std::collections::HashMap<String, Vec<crate::types::SourceClaim>> =
            std::collections::HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        self.with_conn(|c| {
            for chunk in ids.chunks(500) {
                let mut p = crate::db::Params::default();
                let list: Vec<String> = chunk.iter().map(|id| p.push(id.as_str())).collect();
                let sql = format!(
                    "SELECT e.event_id_cnty, r.record, d.key, d.doc_id, d.source, d.url, d.title, \
                     d.published FROM records r JOIN events e ON e.id = r.event \
                     JOIN documents d ON d.key = r.doc WHERE e.event_id_cnty IN ({}) \
                     ORDER BY r.seq",
                    list.join(",")
                );
                for mut row in c.query(&sql, &p.values)? {
                    let id = row[0].take_text().unwrap_or_default();
                    let json = row[1].take_text().unwrap_or_default();
                    let record = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
                        location: c.location().to_string(),
                        message: format!("a record of {id}: {e}"),
                    })?;
                    out.entry(id).or_default().push(crate::types::SourceClaim {
                        record,
                        doc_key: crate::store::format_doc_key(row[2].int().unwrap_or(0)),
                        doc_id: row[3].take_text().unwrap_or_default(),
                        source: row[4].take_text().filter(|s| !s.is_empty()),
                        url: row[5].take_text(),
                        title: row[6].take_text(),
                        published: row[7].text().and_then(|t| t.parse().ok()),
                    });
                }
            }
            Ok(())
        })?;
        Ok(out)
    }
}

#[cfg(feature = "parquet")]
mod parquet_out {
    //! Parquet through arrow record batches of 8,192 rows, ZSTD-compressed, typed by
    //! [`ColumnType`]: `Utf8`, `Int64`, `Float64`, `Date32` and `Timestamp(Millisecond, UTC)` (Parquet has no
    //! timestamp in seconds).

    use std::io::Write;
    use std::sync::Arc;

    use arrow_array::builder::{
        Date32Builder, Float64Builder, Int64Builder, StringBuilder, TimestampMillisecondBuilder,
    };
    use arrow_array::{ArrayRef, RecordBatch};
    use arrow_schema::{DataType, Field, Schema, TimeUnit};
    use chrono::NaiveDate;
    use parquet::arrow::ArrowWriter;
    use parquet::basic::{Compression, ZstdLevel};
    use parquet::file::properties::WriterProperties;

    use super::{flat_row, Cell, ColumnType, COLUMNS};
    use crate::error::StoreError;
    use crate::types::EventFilter;
    use crate::Store;

    const BATCH: usize = 8192;

    enum Builder {
        Text(StringBuilder),
        Int(Int64Builder),
        Real(Float64Builder),
        Date(Date32Builder),
        Timestamp(TimestampMillisecondBuilder),
    }

    impl Builder {
        fn new(ty: ColumnType) -> Builder {
            match ty {
                ColumnType::Text => Builder::Text(StringBuilder::new()),
                ColumnType::Int => Builder::Int(Int64Builder::new()),
                ColumnType::Real => Builder::Real(Float64Builder::new()),
                ColumnType::Date => Builder::Date(Date32Builder::new()),
                ColumnType::Timestamp => {
                    Builder::Timestamp(TimestampMillisecondBuilder::new().with_timezone("UTC"))
                }
            }
        }

        fn data_type(ty: ColumnType) -> DataType {
            match ty {
                ColumnType::Text => DataType::Utf8,
                ColumnType::Int => DataType::Int64,
                ColumnType::Real => DataType::Float64,
                ColumnType::Date => DataType::Date32,
                ColumnType::Timestamp => {
                    DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into()))
                }
            }
        }

        fn append(&mut self, cell: Cell) {
            let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
            match (self, cell) {
                (Builder::Text(b), Cell::Text(v)) => b.append_option(v),
                (Builder::Int(b), Cell::Int(v)) => b.append_option(v),
                (Builder::Real(b), Cell::Real(v)) => b.append_option(v),
                (Builder::Date(b), Cell::Date(v)) => {
                    b.append_option(v.map(|d| (d - epoch).num_days() as i32))
                }
                (Builder::Timestamp(b), Cell::Timestamp(v)) => {
                    b.append_option(v.map(|secs| secs * 1000))
                }
                _ => unreachable!("cells follow COLUMNS"),
            }
        }

        fn finish(&mut self) -> ArrayRef {
            match self {
                Builder::Text(b) => Arc::new(b.finish()),
                Builder::Int(b) => Arc::new(b.finish()),
                Builder::Real(b) => Arc::new(b.finish()),
                Builder::Date(b) => Arc::new(b.finish()),
                Builder::Timestamp(b) => Arc::new(b.finish()),
            }
        }
    }

    fn err(e: impl std::fmt::Display) -> StoreError {
        StoreError::Export(format!("parquet: {e}"))
    }

    pub(super) fn write(
        store: &Store,
        filter: &EventFilter,
        out: &mut (dyn Write + Send),
        tick: &mut dyn FnMut(),
    ) -> Result<u64, StoreError> {
        let schema = Arc::new(Schema::new(
            COLUMNS
                .iter()
                .map(|(name, ty)| Field::new(*name, Builder::data_type(*ty), true))
                .collect::<Vec<_>>(),
        ));
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .build();
        let mut writer = ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(err)?;
        let mut builders: Vec<Builder> = COLUMNS.iter().map(|(_, ty)| Builder::new(*ty)).collect();
        let mut rows = 0usize;
        let flush = |builders: &mut Vec<Builder>,
                     writer: &mut ArrowWriter<&mut (dyn Write + Send)>|
         -> Result<(), StoreError> {
            let arrays: Vec<ArrayRef> = builders.iter_mut().map(Builder::finish).collect();
            let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(err)?;
            writer.write(&batch).map_err(err)
        };
        let n = store.for_each_event(filter, |d| {
            tick();
            for (b, cell) in builders.iter_mut().zip(flat_row(&d)) {
                b.append(cell);
            }
            rows += 1;
            if rows.is_multiple_of(BATCH) {
                flush(&mut builders, &mut writer)?;
            }
            Ok(())
        })?;
        if !rows.is_multiple_of(BATCH) || rows == 0 {
            flush(&mut builders, &mut writer)?;
        }
        writer.close().map_err(err)?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interaction_puts_the_smaller_code_first() {
        assert_eq!(interaction(Some(3), Some(1)), Some(13));
        assert_eq!(interaction(None, Some(7)), Some(70));
        assert_eq!(interaction(None, None), None);
    }

    #[test]
    fn civilian_targeting_follows_acled() {
        let vac = "Violence against civilians";
        assert_eq!(civilian_targeting(vac, None), Some("Civilian targeting"));
        let erv = "Explosions/Remote violence";
        assert_eq!(
            civilian_targeting(erv, Some("Civilians (Syria)")),
            Some("Civilian targeting")
        );
        assert_eq!(
            civilian_targeting(erv, Some("Military Forces of Syria")),
            None
        );
        assert_eq!(
            civilian_targeting("Battles", Some("Civilians (Syria)")),
            None
        );
    }

    #[test]
    fn source_scale_is_relative_to_the_event_country() {
        assert_eq!(
            source_scale(&["okaz"], Some("SA")).as_deref(),
            Some("National")
        );
        assert_eq!(
            source_scale(&["okaz"], Some("SY")).as_deref(),
            Some("Regional")
        );
        assert_eq!(
            source_scale(&["Okaz", "aawsat", "sana"], Some("SA")).as_deref(),
            Some("National-Regional")
        );
        assert_eq!(
            source_scale(&["okaz"], Some("FR")).as_deref(),
            Some("International")
        );
        assert_eq!(source_scale(&["unknown outlet"], Some("SA")), None);
        assert_eq!(source_scale(&["okaz"], None), None);
    }

    #[test]
    fn crowd_size_tags_only_protests_and_riots() {
        assert_eq!(
            tags("Protests", &["تظاهر عشرات الآلاف في بغداد"]).as_deref(),
            Some("crowd size=tens of thousands")
        );
        assert_eq!(
            tags("Riots", &["تجمع العشرات"]).as_deref(),
            Some("crowd size=dozens")
        );
        assert_eq!(
            tags("Protests", &["احتج سكان"]).as_deref(),
            Some("crowd size=no report")
        );
        assert_eq!(tags("Battles", &["مئات المقاتلين"]), None);
        assert_eq!(
            tags("Protests", &["خرج 500 متظاهر في شوارع بغداد"]).as_deref(),
            Some("crowd size=500")
        );
        assert_eq!(
            tags("Protests", &["شارك أكثر من ألفي محتج في المظاهرة"]).as_deref(),
            Some("crowd size=more than 2000")
        );
        assert_eq!(
            tags("Protests", &["تجمع نحو 300 محتج أمام البرلمان"]).as_deref(),
            Some("crowd size=around 300")
        );
        // people counted as victims are not a crowd
        assert_eq!(
            tags("Riots", &["بلغت حصيلة الضحايا فيها 335 شخصا"]).as_deref(),
            Some("crowd size=no report")
        );
        // a count of something else is not a crowd
        assert_eq!(
            tags("Riots", &["قتل 3 في اشتباكات بين المحتجين والشرطة"]).as_deref(),
            Some("crowd size=no report")
        );
    }

    #[test]
    fn csv_keeps_formulas_as_text_and_numbers_as_numbers() {
        let text = |s: &str| Cell::Text(Some(s.into())).to_csv();
        assert_eq!(text("=cmd()"), "'=cmd()");
        assert_eq!(text("+1"), "'+1");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("plain"), "plain");
        assert_eq!(Cell::Real(Some(-12.5)).to_csv(), "-12.5");
        assert_eq!(Cell::Int(Some(-3)).to_csv(), "-3");
        assert_eq!(Cell::Date(None).to_csv(), "");
    }
}
