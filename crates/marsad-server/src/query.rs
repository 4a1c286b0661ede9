//! Query parameters: what each endpoint accepts, parsed strictly into typed values. A parameter
//! that is unknown, repeated, malformed or out of range is a 400 with a message naming it (and,
//! for a choice, the valid values); the values reach the store only as typed fields (bound
//! parameters there, never SQL text). The filters and their documentation are the store's one
//! definition, [`marsad_store::FILTERS`]; this module adds the paging, sort and format.

use std::collections::BTreeMap;

use marsad_store::{EventFilter, FilterKind, FILTERS};
use serde_json::json;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::Required;
use utoipa::IntoParams;

use crate::error::ApiError;

pub use marsad_store::filter::MAX_TEXT_CHARS;
pub use marsad_store::EVENT_TYPES;

/// The validated filters.
pub type Filter = EventFilter;

/// Largest page of `/api/events`.
pub const MAX_LIMIT: usize = 1000;
/// Default page size of `/api/events`.
pub const DEFAULT_LIMIT: usize = 100;

/// The order of `/api/events`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Oldest first.
    DateAsc,
    /// Newest first (undated last).
    #[default]
    DateDesc,
    /// Most fatalities first.
    FatalitiesDesc,
}

/// The response format of `/api/events`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Json,
    Csv,
}

/// The date step of `/api/stats`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateStep {
    #[default]
    Day,
    Week,
}

/// The format of `/api/export`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportFormat {
    #[default]
    Csv,
    GeoJson,
}

/// A validated `/api/events` request.
#[derive(Clone, Debug, PartialEq)]
pub struct EventsQuery {
    pub filter: Filter,
    pub sort: Sort,
    pub limit: usize,
    pub cursor: Option<String>,
    pub format: Format,
}

/// One query parameter beside the filters: its name, documentation and schema.
struct Extra {
    name: &'static str,
    doc: &'static str,
    kind: ExtraKind,
}

enum ExtraKind {
    Choice(&'static [&'static str]),
    Count { min: u32, max: u32 },
    Text,
}

const SORTS: [&str; 3] = ["-date", "date", "-fatalities"];
const FORMATS: [&str; 2] = ["json", "csv"];
const STEPS: [&str; 2] = ["day", "week"];
const EXPORT_FORMATS: [&str; 2] = ["csv", "geojson"];

/// The parameters of `/api/events` beside the filters.
const EVENTS_EXTRAS: [Extra; 4] = [
    Extra {
        name: "sort",
        doc: "`-date` (newest first, the default), `date` (oldest first) or `-fatalities` (most first).",
        kind: ExtraKind::Choice(&SORTS),
    },
    Extra {
        name: "limit",
        doc: "Page size, 1 to 1000 (default 100).",
        kind: ExtraKind::Count {
            min: 1,
            max: MAX_LIMIT as u32,
        },
    },
    Extra {
        name: "cursor",
        doc: "The `next` value of the previous page.",
        kind: ExtraKind::Text,
    },
    Extra {
        name: "format",
        doc: "`json` (default) or `csv`.",
        kind: ExtraKind::Choice(&FORMATS),
    },
];

/// The parameters of `/api/stats` beside the filters.
const STATS_EXTRAS: [Extra; 1] = [Extra {
    name: "by",
    doc: "`day` (default) or `week`.",
    kind: ExtraKind::Choice(&STEPS),
}];

fn parameter(
    name: &str,
    doc: &str,
    schema: ObjectBuilder,
    example: Option<serde_json::Value>,
) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(doc))
        .schema(Some(schema.build()))
        .example(example)
        .build()
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn integer(min: u32, max: u32) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(min))
        .maximum(Some(max))
}

/// The OpenAPI parameters of the filters, from [`FILTERS`].
fn filter_parameters() -> Vec<Parameter> {
    FILTERS
        .iter()
        .map(|f| {
            let schema = match f.kind {
                FilterKind::Date => {
                    string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
                }
                FilterKind::Choice(_) => string().enum_values(Some(f.kind.values())),
                FilterKind::Text => string().max_length(Some(MAX_TEXT_CHARS)),
                FilterKind::Count { min, max } => integer(min, max),
                FilterKind::BBox => {
                    string().pattern(Some(r"^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$"))
                }
                FilterKind::Bool => ObjectBuilder::new().schema_type(Type::Boolean),
            };
            let example = match f.kind {
                FilterKind::BBox => Some(json!("35.5,32.3,42.4,37.3")),
                _ => None,
            };
            parameter(f.name, f.doc, schema, example)
        })
        .collect()
}

fn extra_parameters(extras: &[Extra]) -> Vec<Parameter> {
    extras
        .iter()
        .map(|e| {
            let schema = match e.kind {
                ExtraKind::Choice(values) => string().enum_values(Some(values.iter().copied())),
                ExtraKind::Count { min, max } => integer(min, max),
                ExtraKind::Text => string(),
            };
            parameter(e.name, e.doc, schema, None)
        })
        .collect()
}

/// The parameters of `/api/export` beside the filters.
const EXPORT_EXTRAS: [Extra; 1] = [Extra {
    name: "format",
    doc: "`csv` (default) or `geojson`, with the columns of `marsad export`.",
    kind: ExtraKind::Choice(&EXPORT_FORMATS),
}];

/// The filters every list, map and stats endpoint accepts (for the OpenAPI document).
pub struct FilterParams;

/// `/api/events`: sorting, a page and the format (beside the filters).
pub struct EventsParams;

/// `/api/stats`: the date step (beside the filters).
pub struct StatsParams;

/// `/api/export`: the format (beside the filters).
pub struct ExportParams;

impl IntoParams for ExportParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        extra_parameters(&EXPORT_EXTRAS)
    }
}

impl ExportParams {
    /// Parses and checks a raw `/api/export` query string.
    pub fn parse(raw: &str) -> Result<(Filter, ExportFormat), ApiError> {
        let mut p = Params::parse(raw, &EXPORT_EXTRAS)?;
        let format = match p.choice("format", &EXPORT_FORMATS)? {
            "geojson" => ExportFormat::GeoJson,
            _ => ExportFormat::Csv,
        };
        Ok((p.filter, format))
    }
}

impl IntoParams for FilterParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        filter_parameters()
    }
}

impl IntoParams for EventsParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        extra_parameters(&EVENTS_EXTRAS)
    }
}

impl IntoParams for StatsParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        extra_parameters(&STATS_EXTRAS)
    }
}

/// The parameters of a query string by name: the filters parsed, the others kept as text.
struct Params {
    filter: Filter,
    extras: BTreeMap<String, String>,
}

impl Params {
    /// Splits a raw query string; an unknown or repeated parameter is an error naming it, a
    /// malformed filter an error naming the filter.
    fn parse(raw: &str, extras: &[Extra]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)
            .map_err(|e| ApiError::BadRequest(format!("query string: {e}")))?;
        let mut seen = std::collections::BTreeSet::new();
        let mut filter = Filter::default();
        let mut map = BTreeMap::new();
        for (key, value) in pairs {
            if !seen.insert(key.clone()) {
                let shown: String = key.chars().take(40).collect();
                return Err(ApiError::BadRequest(format!(
                    "{shown}: given more than once"
                )));
            }
            if FILTERS.iter().any(|f| f.name == key) {
                filter.set(&key, &value).map_err(bad)?;
            } else if extras.iter().any(|e| e.name == key) {
                map.insert(key, value);
            } else {
                let shown: String = key.chars().take(40).collect();
                let allowed: Vec<&str> = FILTERS
                    .iter()
                    .map(|f| f.name)
                    .chain(extras.iter().map(|e| e.name))
                    .collect();
                return Err(ApiError::BadRequest(format!(
                    "unknown parameter {shown:?}; expected one of {}",
                    allowed.join(", ")
                )));
            }
        }
        filter.check().map_err(bad)?;
        Ok(Params {
            filter,
            extras: map,
        })
    }

    /// An extra parameter's trimmed value, `None` when absent or empty.
    fn take(&mut self, key: &str) -> Result<Option<String>, ApiError> {
        let Some(value) = self.extras.remove(key) else {
            return Ok(None);
        };
        let value = value.trim();
        if value.chars().count() > MAX_TEXT_CHARS || value.chars().any(char::is_control) {
            return Err(ApiError::BadRequest(format!(
                "{key}: expected at most {MAX_TEXT_CHARS} characters without control characters"
            )));
        }
        Ok(Some(value.to_string()).filter(|v| !v.is_empty()))
    }

    /// An extra parameter that is one of `values` (the first is the default).
    fn choice(&mut self, key: &str, values: &[&'static str]) -> Result<&'static str, ApiError> {
        match self.take(key)? {
            None => Ok(values[0]),
            Some(v) => values.iter().find(|x| **x == v).copied().ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "{key}: expected one of {}, got {v:?}",
                    values.join(", ")
                ))
            }),
        }
    }
}

fn bad(e: marsad_store::FilterError) -> ApiError {
    ApiError::BadRequest(e.to_string())
}

impl FilterParams {
    /// Parses and checks the filters of a raw query string.
    pub fn parse(raw: &str) -> Result<Filter, ApiError> {
        Ok(Params::parse(raw, &[])?.filter)
    }
}

impl EventsParams {
    /// Parses and checks a raw `/api/events` query string.
    pub fn parse(raw: &str) -> Result<EventsQuery, ApiError> {
        let mut p = Params::parse(raw, &EVENTS_EXTRAS)?;
        let sort = match p.choice("sort", &SORTS)? {
            "date" => Sort::DateAsc,
            "-fatalities" => Sort::FatalitiesDesc,
            _ => Sort::DateDesc,
        };
        let limit = match p.take("limit")? {
            None => DEFAULT_LIMIT,
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(ApiError::BadRequest(format!(
                        "limit: expected a whole number from 1 to {MAX_LIMIT}, got {v:?}"
                    )))
                }
            },
        };
        let format = match p.choice("format", &FORMATS)? {
            "csv" => Format::Csv,
            _ => Format::Json,
        };
        let cursor = p.take("cursor")?;
        Ok(EventsQuery {
            filter: p.filter,
            sort,
            limit,
            cursor,
            format,
        })
    }
}

impl StatsParams {
    /// Parses and checks a raw `/api/stats` query string.
    pub fn parse(raw: &str) -> Result<(Filter, DateStep), ApiError> {
        let mut p = Params::parse(raw, &STATS_EXTRAS)?;
        let step = match p.choice("by", &STEPS)? {
            "week" => DateStep::Week,
            _ => DateStep::Day,
        };
        Ok((p.filter, step))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn events(raw: &str) -> Result<EventsQuery, ApiError> {
        EventsParams::parse(raw)
    }

    #[test]
    fn every_filter_parses_into_its_type() {
        let q = events(
            "from=2022-01-01&to=2022-01-31&country=sy&admin1=Al-Hasakah&event_type=Battles\
             &sub_event_type=Armed%20clash&actor=SDF&q=%D8%B3%D8%AC%D9%86&bbox=35,32,42,37.5\
             &min_fatalities=3&sort=-fatalities&limit=20&format=csv",
        )
        .unwrap();
        let f = &q.filter;
        assert_eq!(f.from, NaiveDate::from_ymd_opt(2022, 1, 1));
        assert_eq!(f.country.as_deref(), Some("SY"));
        assert_eq!(f.sub_event_type.as_deref(), Some("Armed clash"));
        assert_eq!(f.q.as_deref(), Some("سجن"));
        assert_eq!(f.bbox, Some([35.0, 32.0, 42.0, 37.5]));
        assert_eq!(f.min_fatalities, Some(3));
        assert_eq!(
            (q.sort, q.limit, q.format),
            (Sort::FatalitiesDesc, 20, Format::Csv)
        );
    }

    #[test]
    fn bad_values_name_the_parameter() {
        for (raw, needle) in [
            ("from=2022-13-01", "from"),
            ("from=2022-02-01&to=2022-01-01", "after"),
            ("country=S1", "country"),
            ("country=%D8%B3%D9%88%D8%B1%D9%8A%D8%A7", "country"),
            ("event_type=Battle", "event_type"),
            ("sub_event_type=Clash", "sub_event_type"),
            ("bbox=1,2,3", "bbox"),
            ("bbox=10,0,5,1", "bbox"),
            ("bbox=0,0,200,1", "bbox"),
            ("min_fatalities=-1", "min_fatalities"),
            ("limit=0", "limit"),
            ("max_precision=0", "max_precision"),
            ("limit=100000", "limit"),
            ("sort=name", "sort"),
            ("sort=fatalities", "sort"),
            ("format=xml", "format"),
            ("colour=red", "colour"),
            ("country=SY&country=IQ", "country"),
        ] {
            let err = events(raw).unwrap_err().to_string();
            assert!(err.contains(needle), "{raw}: {err}");
        }
        let err = events("event_type=Battle").unwrap_err().to_string();
        assert!(err.contains("Battles, Explosions/Remote violence"), "{err}");
    }

    #[test]
    fn empty_values_are_no_filter_and_long_ones_are_refused() {
        assert_eq!(events("q=&actor=%20").unwrap().filter, Filter::default());
        let long = "ا".repeat(MAX_TEXT_CHARS + 1);
        assert!(events(&format!("q={long}")).is_err());
    }
}
