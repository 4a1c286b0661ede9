//! Exports of the events a filter selects: ACLED-style CSV, JSONL (every event with its
//! sources' claims), GeoJSON (points, for QGIS) and Parquet (feature `parquet`; for pandas,
//! polars, DuckDB).
//!
//! The flat formats (CSV, GeoJSON properties, Parquet) share one column list, [`COLUMNS`]:
//! ACLED's names and order where ACLED has the column (`admin3`, `source_scale` and `tags`
//! stay empty: marsad does not produce them), then marsad's own: `country_code`,
//! `fatalities_max` (the highest count any source gave), `n_sources`, `source_documents`
//! (each source article's URL or id, ` | `-separated), `evidence` (each claim's evidence
//! sentence, ` | `-separated), `confidence` and `plover`. Events are written oldest first,
//! streamed a thousand at a time, so memory stays flat for any size.

use std::io::Write;

use chrono::Datelike;

use crate::countries;
use crate::error::StoreError;
use crate::types::{EventDetail, EventFilter, PageRequest, Sort};
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
}

use ColumnType::{Int, Real, Text};

/// The flat columns, in order.
pub const COLUMNS: &[(&str, ColumnType)] = &[
    ("event_id_cnty", Text),
    ("event_date", Text),
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
    ("timestamp", Int),
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
}

impl Cell {
    fn to_csv(&self) -> String {
        match self {
            Cell::Text(v) => v.clone().unwrap_or_default(),
            Cell::Int(v) => v.map(|x| x.to_string()).unwrap_or_default(),
            Cell::Real(v) => v.map(|x| x.to_string()).unwrap_or_default(),
        }
    }

    fn to_json(&self) -> serde_json::Value {
        match self {
            Cell::Text(v) => v.clone().map_or(serde_json::Value::Null, Into::into),
            Cell::Int(v) => v.map_or(serde_json::Value::Null, Into::into),
            Cell::Real(v) => v.map_or(serde_json::Value::Null, Into::into),
        }
    }
}

/// The flat row of an event, in [`COLUMNS`] order.
pub fn flat_row(detail: &EventDetail) -> Vec<Cell> {
    let e = &detail.event;
    let country = e.country_code.as_deref().and_then(countries::by_alpha2);
    let interaction = match (e.inter1, e.inter2) {
        (Some(a), Some(b)) => Some(a.min(b) as i64 * 10 + a.max(b) as i64),
        (Some(a), None) | (None, Some(a)) => Some(a as i64 * 10),
        _ => None,
    };
    let civilian = (e
        .actor2
        .as_deref()
        .is_some_and(|a| a.starts_with("Civilians"))
        && matches!(
            e.event_type.as_str(),
            "Violence against civilians" | "Explosions/Remote violence"
        ))
    .then(|| "Civilian targeting".to_string());
    let docs: Vec<String> = {
        let mut v: Vec<String> = Vec::new();
        for c in &detail.claims {
            let r = c.url.clone().unwrap_or_else(|| c.doc_id.clone());
            if !v.contains(&r) {
                v.push(r);
            }
        }
        v
    };
    let evidence: Vec<String> = detail
        .claims
        .iter()
        .filter_map(|c| c.record.evidence.first())
        .map(|ev| ev.sentence.trim().replace(['\n', '\r'], " "))
        .collect();
    let t = |s: &Option<String>| Cell::Text(s.clone());
    let i = |v: Option<u8>| Cell::Int(v.map(i64::from));
    vec![
        Cell::Text(Some(e.event_id_cnty.clone())),
        Cell::Text(e.event_date.map(|d| d.to_string())),
        Cell::Int(e.event_date.map(|d| d.year() as i64)),
        i(e.time_precision),
        Cell::Text(Some(e.disorder_type.clone())),
        Cell::Text(Some(e.event_type.clone())),
        Cell::Text(Some(e.sub_event_type.clone())),
        t(&e.actor1),
        Cell::Text(None),
        i(e.inter1),
        t(&e.actor2),
        Cell::Text(None),
        i(e.inter2),
        Cell::Int(interaction),
        Cell::Text(civilian),
        Cell::Int(country.map(|c| c.numeric as i64)),
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
        Cell::Text(None),
        t(&e.notes.as_ref().map(|n| n.replace(['\n', '\r'], " "))),
        Cell::Int(e.fatalities.map(i64::from)),
        Cell::Text(None),
        Cell::Int(Some(e.updated_at)),
        t(&e.country_code),
        Cell::Int(e.fatalities_max.map(i64::from)),
        Cell::Int(Some(e.n_sources as i64)),
        Cell::Text(Some(docs.join(" | "))),
        Cell::Text(Some(evidence.join(" | "))),
        Cell::Real(Some(e.confidence)),
        Cell::Text(detail.claims.first().map(|c| c.record.plover.clone())),
    ]
}

impl Store {
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
            let listed = self.events(filter, &page)?;
            let ids: Vec<String> = listed
                .items
                .iter()
                .map(|e| e.event_id_cnty.clone())
                .collect();
            let mut claims = self.claims_by_event_ids(&ids)?;
            for event in listed.items {
                let claims = claims.remove(&event.event_id_cnty).unwrap_or_default();
                f(EventDetail { event, claims })?;
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
        let io = |e: std::io::Error| StoreError::Export(e.to_string());
        match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(COLUMNS.iter().map(|c| c.0))
                    .map_err(|e| StoreError::Export(e.to_string()))?;
                let n = self.for_each_event(filter, |d| {
                    w.write_record(flat_row(&d).iter().map(Cell::to_csv))
                        .map_err(|e| StoreError::Export(e.to_string()))
                })?;
                w.flush().map_err(io)?;
                Ok(n)
            }
            Format::Jsonl => {
                let n = self.for_each_event(filter, |d| {
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
                    let (Some(lat), Some(lon)) = (d.event.latitude, d.event.longitude) else {
                        return Ok(());
                    };
                    let props: serde_json::Map<String, serde_json::Value> = COLUMNS
                        .iter()
                        .zip(flat_row(&d))
                        .map(|((name, _), cell)| (name.to_string(), cell.to_json()))
                        .collect();
                    let feature = serde_json::json!({
                        "type": "Feature",
                        "id": d.event.event_id_cnty,
                        "geometry": {"type": "Point", "coordinates": [lon, lat]},
                        "properties": props,
                    });
                    if written > 0 {
                        out.write_all(b",\n").map_err(io)?;
                    }
                    serde_json::to_writer(&mut *out, &feature)
                        .map_err(|e| StoreError::Export(e.to_string()))?;
                    written += 1;
                    Ok(())
                })?;
                out.write_all(b"\n]}\n").map_err(io)?;
                out.flush().map_err(io)?;
                Ok(written)
            }
            Format::Parquet => self.export_parquet(filter, out),
        }
    }

    #[cfg(not(feature = "parquet"))]
    fn export_parquet(
        &self,
        _: &EventFilter,
        _: &mut (dyn Write + Send),
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
    ) -> Result<u64, StoreError> {
        parquet_out::write(self, filter, out)
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
    //! Parquet through arrow record batches of 8,192 rows, ZSTD-compressed.

    use std::io::Write;
    use std::sync::Arc;

    use arrow_array::builder::{Float64Builder, Int64Builder, StringBuilder};
    use arrow_array::{ArrayRef, RecordBatch};
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::ArrowWriter;
    use parquet::basic::{Compression, ZstdLevel};
    use parquet::file::properties::WriterProperties;

    use super::{flat_row, Cell, ColumnType, COLUMNS};
    use crate::error::StoreError;
    use crate::types::EventFilter;
    use crate::Store;

    enum Builder {
        Text(StringBuilder),
        Int(Int64Builder),
        Real(Float64Builder),
    }

    fn err(e: impl std::fmt::Display) -> StoreError {
        StoreError::Export(format!("parquet: {e}"))
    }

    pub(super) fn write(
        store: &Store,
        filter: &EventFilter,
        out: &mut (dyn Write + Send),
    ) -> Result<u64, StoreError> {
        let schema = Arc::new(Schema::new(
            COLUMNS
                .iter()
                .map(|(name, ty)| {
                    let dt = match ty {
                        ColumnType::Text => DataType::Utf8,
                        ColumnType::Int => DataType::Int64,
                        ColumnType::Real => DataType::Float64,
                    };
                    Field::new(*name, dt, true)
                })
                .collect::<Vec<_>>(),
        ));
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .build();
        let mut writer = ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(err)?;
        let new_builders = || -> Vec<Builder> {
            COLUMNS
                .iter()
                .map(|(_, ty)| match ty {
                    ColumnType::Text => Builder::Text(StringBuilder::new()),
                    ColumnType::Int => Builder::Int(Int64Builder::new()),
                    ColumnType::Real => Builder::Real(Float64Builder::new()),
                })
                .collect()
        };
        let mut builders = new_builders();
        let mut rows = 0usize;
        let flush = |builders: &mut Vec<Builder>,
                     writer: &mut ArrowWriter<&mut (dyn Write + Send)>|
         -> Result<(), StoreError> {
            let arrays: Vec<ArrayRef> = builders
                .iter_mut()
                .map(|b| -> ArrayRef {
                    match b {
                        Builder::Text(b) => Arc::new(b.finish()),
                        Builder::Int(b) => Arc::new(b.finish()),
                        Builder::Real(b) => Arc::new(b.finish()),
                    }
                })
                .collect();
            let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(err)?;
            writer.write(&batch).map_err(err)
        };
        let n = store.for_each_event(filter, |d| {
            for (b, cell) in builders.iter_mut().zip(flat_row(&d)) {
                match (b, cell) {
                    (Builder::Text(b), Cell::Text(v)) => b.append_option(v),
                    (Builder::Int(b), Cell::Int(v)) => b.append_option(v),
                    (Builder::Real(b), Cell::Real(v)) => b.append_option(v),
                    _ => unreachable!("cells follow COLUMNS"),
                }
            }
            rows += 1;
            if rows.is_multiple_of(8192) {
                flush(&mut builders, &mut writer)?;
            }
            Ok(())
        })?;
        if !rows.is_multiple_of(8192) || rows == 0 {
            flush(&mut builders, &mut writer)?;
        }
        writer.close().map_err(err)?;
        Ok(n)
    }
}
