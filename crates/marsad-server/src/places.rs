//! Map labels from the gazetteer shipped with marsad: the first-level divisions and the towns
//! inside a map view, divisions first and then towns and villages by population, with their Arabic and
//! English names. The page draws them itself, so the map reads offline at every zoom.

use std::sync::{Arc, OnceLock};

use marsad_geo::{Gazetteer, PlaceKind};
use marsad_store::EventFilter;

use crate::error::ApiError;
use crate::model::Labels;

/// Most labels one answer holds.
pub const MAX_LABELS: usize = 300;
/// Labels of an answer when `limit` is not given.
pub const DEFAULT_LABELS: usize = 80;
/// The rank of a city whose population the gazetteer does not know.
const CITY_POPULATION: u64 = 100_000;

struct Label {
    name: String,
    name_ar: String,
    lon: f64,
    lat: f64,
    admin1: bool,
}

/// The labelled places, in label order (divisions, then towns by population).
fn labels() -> Result<&'static [Label], ApiError> {
    static LABELS: OnceLock<Result<Vec<Label>, String>> = OnceLock::new();
    LABELS
        .get_or_init(|| {
            let gazetteer: Arc<Gazetteer> = Gazetteer::load_default().map_err(|e| e.to_string())?;
            let mut labels: Vec<(u64, Label)> = gazetteer
                .places()
                .iter()
                .filter_map(|p| {
                    // divisions first, then places by population (a city without a
                    // population before the towns); the view's limit keeps the largest
                    let rank = match p.kind {
                        PlaceKind::Admin1 => u64::MAX,
                        PlaceKind::City => p.population.max(CITY_POPULATION),
                        PlaceKind::Town | PlaceKind::Village | PlaceKind::Neighbourhood => {
                            p.population
                        }
                        _ => return None,
                    };
                    Some((
                        rank,
                        Label {
                            name: p.name_en.to_string(),
                            name_ar: p.name_ar.to_string(),
                            lon: p.longitude,
                            lat: p.latitude,
                            admin1: p.kind == PlaceKind::Admin1,
                        },
                    ))
                })
                .collect();
            labels.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name.cmp(&b.1.name)));
            Ok(labels.into_iter().map(|(_, l)| l).collect())
        })
        .as_deref()
        .map_err(|e| ApiError::Internal(format!("loading the gazetteer: {e}")))
}

/// Loads the labels on a thread of their own, so the first map view need not wait for the
/// gazetteer.
pub fn warm() {
    std::thread::spawn(|| {
        let _ = labels();
    });
}

/// Parses `bbox` (as the event filter does) and `limit` of a raw query string.
pub fn parse(raw: &str) -> Result<([f64; 4], usize), ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw)
        .map_err(|e| ApiError::BadRequest(format!("query string: {e}")))?;
    let mut filter = EventFilter::default();
    let mut limit = DEFAULT_LABELS;
    for (key, value) in pairs {
        match key.as_str() {
            "bbox" => filter
                .set("bbox", &value)
                .map_err(|e| ApiError::BadRequest(e.to_string()))?,
            "limit" => {
                limit = value
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_LABELS).contains(n))
                    .ok_or_else(|| {
                        ApiError::BadRequest(format!(
                            "limit: expected a whole number from 1 to {MAX_LABELS}, got {value:?}"
                        ))
                    })?
            }
            other => {
                let shown: String = other.chars().take(40).collect();
                return Err(ApiError::BadRequest(format!(
                    "unknown parameter {shown:?}; expected bbox or limit"
                )));
            }
        }
    }
    Ok((filter.bbox.unwrap_or([-180.0, -90.0, 180.0, 90.0]), limit))
}

/// The first `limit` labels inside `[west, south, east, north]`.
pub fn in_view(bbox: [f64; 4], limit: usize) -> Result<Labels, ApiError> {
    let [w, s, e, n] = bbox;
    let mut out = Labels::default();
    for l in labels()?
        .iter()
        .filter(|l| (w..=e).contains(&l.lon) && (s..=n).contains(&l.lat))
        .take(limit)
    {
        out.name.push(l.name.clone());
        out.name_ar.push(l.name_ar.clone());
        out.lon.push(l.lon);
        out.lat.push(l.lat);
        out.admin1.push(l.admin1);
    }
    Ok(out)
}
