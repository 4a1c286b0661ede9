//! Query parameters: what each endpoint accepts, parsed strictly into typed values. A parameter
//! that is unknown, repeated, malformed or out of range is a 400 with a message naming it; the
//! values reach the store only as typed fields (bound parameters there, never SQL text).

use chrono::NaiveDate;
use std::collections::BTreeMap;

use utoipa::IntoParams;

use crate::error::ApiError;

/// Longest accepted free-text value (actor, admin1, q), in characters.
pub const MAX_TEXT_CHARS: usize = 200;
/// Largest page of `/api/events`.
pub const MAX_LIMIT: usize = 1000;
/// Default page size of `/api/events`.
pub const DEFAULT_LIMIT: usize = 100;

/// ACLED's event types, in the order `Points::event_type` indexes them.
pub const EVENT_TYPES: [&str; 6] = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
];

/// The filters every list, map and stats endpoint accepts.
#[derive(Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterParams {
    /// First day, `YYYY-MM-DD` (inclusive).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (inclusive).
    pub to: Option<String>,
    /// ISO 3166-1 alpha-2 country code (`SY`) or English name (`Syria`).
    pub country: Option<String>,
    /// First-level division, English name as stored (e.g. `Al-Hasakah`).
    pub admin1: Option<String>,
    /// ACLED event type, e.g. `Battles`.
    pub event_type: Option<String>,
    /// ACLED sub-event type, e.g. `Armed clash`.
    pub sub_event_type: Option<String>,
    /// Actor name (either actor; matches part of the canonical name or the Arabic words).
    pub actor: Option<String>,
    /// Full-text query over the articles (Arabic or English words).
    pub q: Option<String>,
    /// Bounding box `west,south,east,north` in degrees.
    pub bbox: Option<String>,
    /// Only events with at least this many fatalities.
    pub min_fatalities: Option<String>,
}

/// `/api/events`: sorting, a page and the format (beside the filters).
#[derive(Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsParams {
    /// `-date` (newest first, the default), `date` (oldest first) or `-fatalities` (most first).
    pub sort: Option<String>,
    /// Page size, 1 to 1000 (default 100).
    pub limit: Option<String>,
    /// The `next` value of the previous page.
    pub cursor: Option<String>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
}

/// `/api/stats`: the date step (beside the filters).
#[derive(Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsParams {
    /// `day` (default) or `week`.
    pub by: Option<String>,
}

/// Validated filters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub event_type: Option<String>,
    pub sub_event_type: Option<String>,
    pub actor: Option<String>,
    pub q: Option<String>,
    pub bbox: Option<BBox>,
    pub min_fatalities: Option<u32>,
}

/// A bounding box in degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

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

/// A validated `/api/events` request.
#[derive(Clone, Debug, PartialEq)]
pub struct EventsQuery {
    pub filter: Filter,
    pub sort: Sort,
    pub limit: usize,
    pub cursor: Option<String>,
    pub format: Format,
}

/// The parameters of a query string by name, each at most once, each one of `allowed`.
pub struct Params(BTreeMap<String, String>);

impl Params {
    /// Splits a raw query string; an unknown or repeated parameter is an error naming it.
    pub fn parse(raw: &str, allowed: &[&str]) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)
            .map_err(|e| ApiError::BadRequest(format!("query string: {e}")))?;
        let mut map = BTreeMap::new();
        for (key, value) in pairs {
            if !allowed.contains(&key.as_str()) {
                let shown: String = key.chars().take(40).collect();
                return Err(ApiError::BadRequest(format!(
                    "unknown parameter {shown:?}; expected one of {}",
                    allowed.join(", ")
                )));
            }
            if map.insert(key.clone(), value).is_some() {
                return Err(ApiError::BadRequest(format!("{key}: given more than once")));
            }
        }
        Ok(Params(map))
    }

    fn take(&mut self, key: &str) -> Option<String> {
        self.0.remove(key)
    }
}

/// Names of the filter parameters.
pub const FILTER_KEYS: [&str; 10] = [
    "from",
    "to",
    "country",
    "admin1",
    "event_type",
    "sub_event_type",
    "actor",
    "q",
    "bbox",
    "min_fatalities",
];

/// Parameters `/api/events` accepts.
pub const EVENTS_KEYS: [&str; 14] = [
    "from",
    "to",
    "country",
    "admin1",
    "event_type",
    "sub_event_type",
    "actor",
    "q",
    "bbox",
    "min_fatalities",
    "sort",
    "limit",
    "cursor",
    "format",
];

/// Parameters `/api/stats` accepts.
pub const STATS_KEYS: [&str; 11] = [
    "from",
    "to",
    "country",
    "admin1",
    "event_type",
    "sub_event_type",
    "actor",
    "q",
    "bbox",
    "min_fatalities",
    "by",
];

impl FilterParams {
    fn take(p: &mut Params) -> FilterParams {
        FilterParams {
            from: p.take("from"),
            to: p.take("to"),
            country: p.take("country"),
            admin1: p.take("admin1"),
            event_type: p.take("event_type"),
            sub_event_type: p.take("sub_event_type"),
            actor: p.take("actor"),
            q: p.take("q"),
            bbox: p.take("bbox"),
            min_fatalities: p.take("min_fatalities"),
        }
    }

    /// Parses and checks the filters of a raw query string.
    pub fn parse(raw: &str) -> Result<Filter, ApiError> {
        FilterParams::take(&mut Params::parse(raw, &FILTER_KEYS)?).validate()
    }
}

impl EventsParams {
    /// Parses and checks a raw `/api/events` query string.
    pub fn parse(raw: &str) -> Result<EventsQuery, ApiError> {
        let mut p = Params::parse(raw, &EVENTS_KEYS)?;
        let filter = FilterParams::take(&mut p);
        EventsParams {
            sort: p.take("sort"),
            limit: p.take("limit"),
            cursor: p.take("cursor"),
            format: p.take("format"),
        }
        .validate(filter)
    }
}

impl StatsParams {
    /// Parses and checks a raw `/api/stats` query string.
    pub fn parse(raw: &str) -> Result<(Filter, DateStep), ApiError> {
        let mut p = Params::parse(raw, &STATS_KEYS)?;
        let filter = FilterParams::take(&mut p);
        StatsParams { by: p.take("by") }.validate(filter)
    }
}

fn text(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(value) = value else { return Ok(None) };
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::BadRequest(format!(
            "{name}: longer than {MAX_TEXT_CHARS} characters"
        )));
    }
    if value.chars().any(|c| c.is_control()) {
        return Err(ApiError::BadRequest(format!(
            "{name}: contains control characters"
        )));
    }
    Ok(Some(value.to_string()))
}

fn date(name: &str, value: Option<String>) -> Result<Option<NaiveDate>, ApiError> {
    match text(name, value)? {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                ApiError::BadRequest(format!("{name}: expected a date YYYY-MM-DD, got {v:?}"))
            }),
    }
}

fn bbox(value: Option<String>) -> Result<Option<BBox>, ApiError> {
    let Some(v) = text("bbox", value)? else {
        return Ok(None);
    };
    let bad = || {
        ApiError::BadRequest(format!(
            "bbox: expected west,south,east,north in degrees, got {v:?}"
        ))
    };
    let parts: Vec<f64> = v
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad())?;
    let [west, south, east, north] = parts[..] else {
        return Err(bad());
    };
    let lon_ok = |x: f64| (-180.0..=180.0).contains(&x);
    let lat_ok = |y: f64| (-90.0..=90.0).contains(&y);
    if !(lon_ok(west) && lon_ok(east) && lat_ok(south) && lat_ok(north)) {
        return Err(ApiError::BadRequest(format!(
            "bbox: out of range (longitudes -180..180, latitudes -90..90): {v:?}"
        )));
    }
    if west > east || south > north {
        return Err(ApiError::BadRequest(format!(
            "bbox: west must not exceed east, nor south north: {v:?}"
        )));
    }
    Ok(Some(BBox {
        west,
        south,
        east,
        north,
    }))
}

fn uint(name: &str, value: Option<String>, max: u64) -> Result<Option<u64>, ApiError> {
    match text(name, value)? {
        None => Ok(None),
        Some(v) => match v.parse::<u64>() {
            Ok(n) if n <= max => Ok(Some(n)),
            _ => Err(ApiError::BadRequest(format!(
                "{name}: expected a whole number from 0 to {max}, got {v:?}"
            ))),
        },
    }
}

impl FilterParams {
    /// Checks every filter and returns them typed.
    fn validate(self) -> Result<Filter, ApiError> {
        let from = date("from", self.from)?;
        let to = date("to", self.to)?;
        if let (Some(a), Some(b)) = (from, to) {
            if a > b {
                return Err(ApiError::BadRequest(format!(
                    "from ({a}) is after to ({b})"
                )));
            }
        }
        let country = match text("country", self.country)? {
            None => None,
            Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) => {
                Some(c.to_ascii_uppercase())
            }
            Some(c)
                if c.len() > 2
                    && c.len() <= 60
                    && c.chars()
                        .all(|ch| ch.is_ascii_alphabetic() || " -'.".contains(ch)) =>
            {
                Some(c)
            }
            Some(c) => {
                return Err(ApiError::BadRequest(format!(
                    "country: expected an ISO 3166-1 alpha-2 code such as SY or an English \
                     country name, got {c:?}"
                )))
            }
        };
        let event_type = match text("event_type", self.event_type)? {
            None => None,
            Some(t) if EVENT_TYPES.contains(&t.as_str()) => Some(t),
            Some(t) => {
                return Err(ApiError::BadRequest(format!(
                    "event_type: unknown type {t:?}; expected one of {}",
                    EVENT_TYPES.join(", ")
                )))
            }
        };
        let sub_event_type = match text("sub_event_type", self.sub_event_type)? {
            None => None,
            Some(t) => match marsad_extract::record::SubEventType::from_name(&t) {
                Some(_) => Some(t),
                None => {
                    return Err(ApiError::BadRequest(format!(
                        "sub_event_type: unknown ACLED sub-event type {t:?}"
                    )))
                }
            },
        };
        Ok(Filter {
            from,
            to,
            country,
            admin1: text("admin1", self.admin1)?,
            event_type,
            sub_event_type,
            actor: text("actor", self.actor)?,
            q: text("q", self.q)?,
            bbox: bbox(self.bbox)?,
            min_fatalities: uint("min_fatalities", self.min_fatalities, u32::MAX as u64)?
                .map(|n| n as u32),
        })
    }
}

impl EventsParams {
    /// Checks the filters, sort, limit and format.
    fn validate(self, filter: FilterParams) -> Result<EventsQuery, ApiError> {
        let sort = match self.sort.as_deref().map(str::trim) {
            None | Some("") | Some("-date") => Sort::DateDesc,
            Some("date") => Sort::DateAsc,
            Some("-fatalities") => Sort::FatalitiesDesc,
            Some(other) => {
                return Err(ApiError::BadRequest(format!(
                    "sort: expected -date, date or -fatalities, got {other:?}"
                )))
            }
        };
        let limit = match uint("limit", self.limit, MAX_LIMIT as u64)? {
            None => DEFAULT_LIMIT,
            Some(0) => {
                return Err(ApiError::BadRequest(format!(
                    "limit: expected a whole number from 1 to {MAX_LIMIT}, got \"0\""
                )))
            }
            Some(n) => n as usize,
        };
        let format = match self.format.as_deref().map(str::trim) {
            None | Some("") | Some("json") => Format::Json,
            Some("csv") => Format::Csv,
            Some(other) => {
                return Err(ApiError::BadRequest(format!(
                    "format: expected json or csv, got {other:?}"
                )))
            }
        };
        let cursor = text("cursor", self.cursor)?;
        Ok(EventsQuery {
            filter: filter.validate()?,
            sort,
            limit,
            cursor,
            format,
        })
    }
}

impl StatsParams {
    /// Checks the filters and the date step.
    fn validate(self, filter: FilterParams) -> Result<(Filter, DateStep), ApiError> {
        let step = match self.by.as_deref().map(str::trim) {
            None | Some("") | Some("day") => DateStep::Day,
            Some("week") => DateStep::Week,
            Some(other) => {
                return Err(ApiError::BadRequest(format!(
                    "by: expected day or week, got {other:?}"
                )))
            }
        };
        Ok((filter.validate()?, step))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            f.bbox,
            Some(BBox {
                west: 35.0,
                south: 32.0,
                east: 42.0,
                north: 37.5
            })
        );
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
    }

    #[test]
    fn empty_values_are_no_filter_and_long_ones_are_refused() {
        assert_eq!(events("q=&actor=%20").unwrap().filter, Filter::default());
        let long = "ا".repeat(MAX_TEXT_CHARS + 1);
        assert!(events(&format!("q={long}")).is_err());
    }
}
