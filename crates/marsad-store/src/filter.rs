//! The event filter, defined once: each filter's name, command-line flag, kind (with its valid
//! values) and documentation in [`FILTERS`], and its parsing and checking in
//! [`EventFilter::set`]. The command line (`--type`, …), the API (`event_type=…`, and its
//! OpenAPI document) and the store all read this table, so they cannot drift apart.

use chrono::NaiveDate;
use marsad_extract::record::SubEventType;

use crate::countries;
use crate::types::EventFilter;

/// Longest accepted free-text value (actor, admin1, outlet, q), in characters.
pub const MAX_TEXT_CHARS: usize = 200;

/// ACLED's event types, in ACLED's order.
pub const EVENT_TYPES: [&str; 6] = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
];

/// What a filter's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterKind {
    /// A day, `YYYY-MM-DD`.
    Date,
    /// One of a fixed list of values ([`FilterKind::values`]), any case.
    Choice(Choice),
    /// Free text of at most [`MAX_TEXT_CHARS`] characters.
    Text,
    /// A whole number from `min` to `max`.
    Count { min: u32, max: u32 },
    /// `west,south,east,north` in degrees.
    BBox,
    /// `true` or `false`, any case.
    Bool,
}

/// The lists of valid values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// An ISO 3166-1 alpha-2 code or English name of [`countries`].
    Country,
    /// [`EVENT_TYPES`].
    EventType,
    /// ACLED's sub-event types.
    SubEventType,
}

impl FilterKind {
    /// The valid values of a choice (empty for the other kinds).
    pub fn values(self) -> Vec<&'static str> {
        match self {
            FilterKind::Choice(Choice::Country) => {
                countries::all().flat_map(|c| [c.alpha2, c.name]).collect()
            }
            FilterKind::Choice(Choice::EventType) => EVENT_TYPES.to_vec(),
            FilterKind::Choice(Choice::SubEventType) => {
                SubEventType::ALL.iter().map(|s| s.as_str()).collect()
            }
            FilterKind::Bool => vec!["true", "false"],
            _ => Vec::new(),
        }
    }
}

/// One filter: its API parameter, its command-line flag, its kind and what it selects.
#[derive(Clone, Copy, Debug)]
pub struct FilterSpec {
    /// The API's query parameter (`event_type`).
    pub name: &'static str,
    /// The command line's long flag, without `--` (`type`).
    pub flag: &'static str,
    pub kind: FilterKind,
    /// What it selects (the API's and the command line's help).
    pub doc: &'static str,
}

/// Every filter, in the order the help lists them.
pub const FILTERS: &[FilterSpec] = &[
    FilterSpec {
        name: "from",
        flag: "from",
        kind: FilterKind::Date,
        doc: "First day, YYYY-MM-DD (inclusive).",
    },
    FilterSpec {
        name: "to",
        flag: "to",
        kind: FilterKind::Date,
        doc: "Last day, YYYY-MM-DD (inclusive); undated events are left out.",
    },
    FilterSpec {
        name: "country",
        flag: "country",
        kind: FilterKind::Choice(Choice::Country),
        doc: "Country: ISO 3166-1 alpha-2 code (SY) or English name (Syria), any case.",
    },
    FilterSpec {
        name: "admin1",
        flag: "admin1",
        kind: FilterKind::Text,
        doc: "First-level division, English name as stored (e.g. Al-Hasakah).",
    },
    FilterSpec {
        name: "event_type",
        flag: "type",
        kind: FilterKind::Choice(Choice::EventType),
        doc: "ACLED event type, e.g. Battles.",
    },
    FilterSpec {
        name: "sub_event_type",
        flag: "sub-type",
        kind: FilterKind::Choice(Choice::SubEventType),
        doc: "ACLED sub-event type, e.g. Armed clash.",
    },
    FilterSpec {
        name: "actor",
        flag: "actor",
        kind: FilterKind::Text,
        doc: "Actor (either side, of the event or of any source's claim): words of its English \
              name, or of the Arabic words the article names it with, each from its start (also \
              behind a joined و or ف), any case (state finds Islamic State; قوات سوريا finds \
              قوات سوريا الديمقراطية and وقوات سوريا الديمقراطية).",
    },
    FilterSpec {
        name: "outlet",
        flag: "outlet",
        kind: FilterKind::Text,
        doc: "A source outlet of the event, as stored (e.g. sana).",
    },
    FilterSpec {
        name: "q",
        flag: "q",
        kind: FilterKind::Text,
        doc: "Text: words that all occur in a source article (Arabic normalized, so قتل finds \
              قُتِلَ), or words of an actor's name (as actor), or the English name of the place, \
              its district or its province (any case: aden).",
    },
    FilterSpec {
        name: "bbox",
        flag: "bbox",
        kind: FilterKind::BBox,
        doc: "Bounding box west,south,east,north in degrees.",
    },
    FilterSpec {
        name: "located",
        flag: "located",
        kind: FilterKind::Bool,
        doc: "true: only events with coordinates (those a map shows); false: only those \
              without (placed at most by country or not at all).",
    },
    FilterSpec {
        name: "min_fatalities",
        flag: "min-fatalities",
        kind: FilterKind::Count {
            min: 0,
            max: u32::MAX,
        },
        doc: "At least this many fatalities.",
    },
    FilterSpec {
        name: "max_precision",
        flag: "max-precision",
        kind: FilterKind::Count { min: 1, max: 3 },
        doc: "Only events located at least this precisely: 1 (the town itself), 2 (near it, or \
              a district), 3 (a province or wider).",
    },
];

/// A filter value that is not valid; the message names the filter and, for a choice, lists
/// the valid values.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{name}: {message}")]
pub struct FilterError {
    /// The filter's API name.
    pub name: &'static str,
    pub message: String,
}

/// The filter named `name` (API name or command-line flag).
pub fn spec(name: &str) -> Option<&'static FilterSpec> {
    FILTERS.iter().find(|f| f.name == name || f.flag == name)
}

impl FilterSpec {
    fn error(&self, message: String) -> FilterError {
        FilterError {
            name: self.name,
            message,
        }
    }

    /// The trimmed text of a value; `None` when empty (no filter).
    fn text(&self, value: &str) -> Result<Option<String>, FilterError> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        if value.chars().count() > MAX_TEXT_CHARS {
            return Err(self.error(format!("longer than {MAX_TEXT_CHARS} characters")));
        }
        if value.chars().any(char::is_control) {
            return Err(self.error("contains control characters".into()));
        }
        Ok(Some(value.to_string()))
    }

    fn date(&self, v: &str) -> Result<NaiveDate, FilterError> {
        NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map_err(|_| self.error(format!("expected a date YYYY-MM-DD, got {v:?}")))
    }

    fn choice(&self, v: &str) -> Result<String, FilterError> {
        let values = self.kind.values();
        if self.kind == FilterKind::Choice(Choice::Country) {
            if let Some(code) = countries::resolve(v) {
                return Ok(code.to_string());
            }
        } else if let Some(found) = values.iter().find(|x| x.eq_ignore_ascii_case(v)) {
            return Ok(found.to_string());
        }
        Err(self.error(format!(
            "unknown value {v:?}; expected one of: {}",
            values.join(", ")
        )))
    }

    fn count(&self, v: &str) -> Result<u32, FilterError> {
        let FilterKind::Count { min, max } = self.kind else {
            unreachable!("count of a {:?} filter", self.kind)
        };
        match v.parse::<u32>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(self.error(format!(
                "expected a whole number from {min} to {max}, got {v:?}"
            ))),
        }
    }

    fn boolean(&self, v: &str) -> Result<bool, FilterError> {
        if v.eq_ignore_ascii_case("true") {
            Ok(true)
        } else if v.eq_ignore_ascii_case("false") {
            Ok(false)
        } else {
            Err(self.error(format!(
                "unknown value {v:?}; expected one of: {}",
                self.kind.values().join(", ")
            )))
        }
    }

    fn bbox(&self, v: &str) -> Result<[f64; 4], FilterError> {
        let bad = || {
            self.error(format!(
                "expected west,south,east,north in degrees, got {v:?}"
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
            return Err(self.error(format!(
                "out of range (longitudes -180..180, latitudes -90..90): {v:?}"
            )));
        }
        if west > east || south > north {
            return Err(self.error(format!("west must not exceed east, nor south north: {v:?}")));
        }
        Ok([west, south, east, north])
    }
}

impl EventFilter {
    /// Sets the filter `name` (API name or command-line flag) from its text; an empty value
    /// clears it. Call [`EventFilter::check`] once all are set.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), FilterError> {
        let Some(spec) = spec(name) else {
            return Err(FilterError {
                name: "filter",
                message: format!(
                    "unknown filter {name:?}; expected one of {}",
                    FILTERS
                        .iter()
                        .map(|f| f.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        };
        let v = spec.text(value)?;
        let v = v.as_deref();
        match spec.name {
            "from" => self.from = v.map(|v| spec.date(v)).transpose()?,
            "to" => self.to = v.map(|v| spec.date(v)).transpose()?,
            "country" => self.country = v.map(|v| spec.choice(v)).transpose()?,
            "admin1" => self.admin1 = v.map(str::to_string),
            "event_type" => self.event_type = v.map(|v| spec.choice(v)).transpose()?,
            "sub_event_type" => self.sub_event_type = v.map(|v| spec.choice(v)).transpose()?,
            "actor" => self.actor = v.map(str::to_string),
            "outlet" => self.outlet = v.map(str::to_string),
            "q" => self.q = v.map(str::to_string),
            "bbox" => self.bbox = v.map(|v| spec.bbox(v)).transpose()?,
            "located" => self.located = v.map(|v| spec.boolean(v)).transpose()?,
            "min_fatalities" => self.min_fatalities = v.map(|v| spec.count(v)).transpose()?,
            "max_precision" => {
                self.max_precision = v.map(|v| spec.count(v).map(|n| n as u8)).transpose()?
            }
            other => unreachable!("filter {other} has no field"),
        }
        Ok(())
    }

    /// Checks what no single filter can: the date range's order and the box's corners.
    pub fn check(&self) -> Result<(), FilterError> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(FilterError {
                    name: "from",
                    message: format!("{from} is after to ({to})"),
                });
            }
        }
        if let Some([w, s, e, n]) = self.bbox {
            if !(w <= e && s <= n) {
                return Err(FilterError {
                    name: "bbox",
                    message: "expected west <= east and south <= north".into(),
                });
            }
        }
        Ok(())
    }

    /// A filter from `(name, value)` pairs (API names or flags), checked.
    pub fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<EventFilter, FilterError> {
        let mut f = EventFilter::default();
        for (name, value) in pairs {
            f.set(name, value)?;
        }
        f.check()?;
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_has_a_field_and_a_unique_name_and_flag() {
        let mut seen = std::collections::BTreeSet::new();
        for f in FILTERS {
            assert!(seen.insert(f.name) && (f.name == f.flag || seen.insert(f.flag)));
            // an empty value clears the filter, for every kind
            EventFilter::default().set(f.name, "").unwrap();
        }
    }

    #[test]
    fn values_are_parsed_into_their_types() {
        let f = EventFilter::parse([
            ("from", "2022-01-01"),
            ("country", "syria"),
            ("type", "battles"),
            ("sub_event_type", "armed clash"),
            ("bbox", "35,32,42,37.5"),
            ("min-fatalities", "3"),
            ("max_precision", "2"),
            ("located", "False"),
        ])
        .unwrap();
        assert_eq!(f.from, NaiveDate::from_ymd_opt(2022, 1, 1));
        assert_eq!(f.country.as_deref(), Some("SY"));
        assert_eq!(f.event_type.as_deref(), Some("Battles"));
        assert_eq!(f.sub_event_type.as_deref(), Some("Armed clash"));
        assert_eq!(f.bbox, Some([35.0, 32.0, 42.0, 37.5]));
        assert_eq!((f.min_fatalities, f.max_precision), (Some(3), Some(2)));
        assert_eq!(f.located, Some(false));
    }

    #[test]
    fn unknown_choices_list_the_valid_values() {
        let err = EventFilter::parse([("type", "Battle")]).unwrap_err();
        assert_eq!(err.name, "event_type");
        assert!(
            err.message.contains("Battles, Explosions/Remote violence"),
            "{err}"
        );
        let err = EventFilter::parse([("country", "Atlantis")]).unwrap_err();
        assert!(err.message.contains("SY, Syria"), "{err}");
        let err = EventFilter::parse([("sub-type", "Clash")]).unwrap_err();
        assert!(err.message.contains("Armed clash"), "{err}");
        for (name, value) in [
            ("from", "2022-13-01"),
            ("bbox", "1,2,3"),
            ("bbox", "0,0,200,1"),
            ("min_fatalities", "-1"),
            ("max_precision", "4"),
            ("located", "yes"),
        ] {
            assert_eq!(
                EventFilter::parse([(name, value)]).unwrap_err().name,
                spec(name).unwrap().name
            );
        }
        let err = EventFilter::parse([("from", "2022-02-01"), ("to", "2022-01-01")]).unwrap_err();
        assert!(err.to_string().contains("after"), "{err}");
    }
}
