//! The records of a gazetteer: places, admin units, their kinds.

use serde::Serialize;

/// What a place is, from its GeoNames feature class/code (or the supplement's kind).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    Country,
    Admin1,
    Admin2,
    /// Sub-districts and lower admin units (ناحية).
    Admin3,
    /// Capitals of admin units and places of 100,000 people or more.
    City,
    /// Seats of lower admin units and places of 5,000 people or more.
    Town,
    Village,
    Neighbourhood,
    Camp,
    Prison,
    Airport,
    Base,
    /// Any other spot: a mosque, a crossing, a dam, a market.
    Site,
    /// A natural or informal area: a basin, a mountain, a valley, a region.
    Area,
}

impl PlaceKind {
    /// From GeoNames `feature_class` and `feature_code` (and population for populated places).
    pub fn from_geonames(class: &str, code: &str, population: u64) -> PlaceKind {
        use PlaceKind::*;
        match class {
            "A" => match code {
                c if c.starts_with("PCL") => Country,
                "ADM1" | "ADM1H" => Admin1,
                "ADM2" | "ADM2H" => Admin2,
                "ADM3" | "ADM4" | "ADM5" | "ADMD" | "ADM3H" | "ADM4H" => Admin3,
                _ => Area,
            },
            "P" => match code {
                "PPLX" => Neighbourhood,
                "PPLC" | "PPLA" | "PPLG" => City,
                _ if population >= 100_000 => City,
                // district seats are towns unless they are big (many have no population)
                "PPLA2" if population >= 20_000 => City,
                "PPLA2" => Town,
                "PPLA3" | "PPLA4" => Town,
                _ if population >= 5_000 => Town,
                _ => Village,
            },
            "S" => match code {
                c if c.starts_with("CMP") => Camp,
                "PRN" => Prison,
                "AIRP" | "AIRB" | "AIRF" | "AIRH" => Airport,
                "INSM" | "MILB" => Base,
                _ => Site,
            },
            _ => Area,
        }
    }

    /// Parses the supplement's `kind` column.
    pub fn parse(s: &str) -> Option<PlaceKind> {
        use PlaceKind::*;
        Some(match s {
            "country" => Country,
            "admin1" => Admin1,
            "admin2" => Admin2,
            "admin3" => Admin3,
            "city" => City,
            "town" => Town,
            "village" => Village,
            "neighbourhood" => Neighbourhood,
            "camp" => Camp,
            "prison" => Prison,
            "airport" => Airport,
            "base" => Base,
            "site" => Site,
            "area" => Area,
            _ => return None,
        })
    }

    /// The name the supplement and the JSON output use.
    pub fn as_str(self) -> &'static str {
        use PlaceKind::*;
        match self {
            Country => "country",
            Admin1 => "admin1",
            Admin2 => "admin2",
            Admin3 => "admin3",
            City => "city",
            Town => "town",
            Village => "village",
            Neighbourhood => "neighbourhood",
            Camp => "camp",
            Prison => "prison",
            Airport => "airport",
            Base => "base",
            Site => "site",
            Area => "area",
        }
    }

    /// An admin unit (country included).
    pub fn is_admin(self) -> bool {
        matches!(
            self,
            PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::Admin2 | PlaceKind::Admin3
        )
    }

    /// A populated place (city to neighbourhood).
    pub fn is_populated(self) -> bool {
        matches!(
            self,
            PlaceKind::City | PlaceKind::Town | PlaceKind::Village | PlaceKind::Neighbourhood
        )
    }

    /// A facility or spot (camp, prison, airport, base, site).
    pub fn is_site(self) -> bool {
        matches!(
            self,
            PlaceKind::Camp
                | PlaceKind::Prison
                | PlaceKind::Airport
                | PlaceKind::Base
                | PlaceKind::Site
        )
    }

    /// ACLED geo_precision of an event located at this place itself: 1 for a town or a spot
    /// in it, 2 for a district or an area, 3 for a province or a country.
    pub fn own_precision(self) -> u8 {
        use PlaceKind::*;
        match self {
            Country | Admin1 => 3,
            Admin2 | Admin3 | Area => 2,
            _ => 1,
        }
    }
}

/// One place of a source, before indexing: what [`crate::Gazetteer::from_rows`] and the
/// builder take.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlaceRow {
    /// `gn:<geonameid>`, `wof:<id>`, `ocha:<pcode>` or `sup:<slug>`.
    pub id: String,
    pub geonameid: Option<u32>,
    /// Latin-script name.
    pub name_en: String,
    /// Preferred Arabic name (may be empty).
    pub name_ar: String,
    /// Every Arabic name (the preferred one may be repeated here).
    pub names_ar: Vec<String>,
    /// Arabic-script names in other languages (Persian, Pashto…): matched, with less trust.
    pub names_other: Vec<String>,
    /// GeoNames feature class (`P`, `A`, `S`…) and code (`PPLA2`…).
    pub feature_class: String,
    pub feature_code: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// GeoNames admin1 code (`01`), admin2 code (may be empty).
    pub admin1: String,
    pub admin2: String,
    pub latitude: f64,
    pub longitude: f64,
    pub population: u64,
}

/// An admin unit of a source: admin1 when `admin2` is empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdminRow {
    pub country: String,
    pub admin1: String,
    /// Empty for a first-level unit.
    pub admin2: String,
    /// English name (cleaned at build: ASCII, no "Governorate"/"Region" suffix).
    pub name_en: String,
    pub name_ar: String,
    pub geonameid: Option<u32>,
}

/// A place of a loaded gazetteer.
#[derive(Clone, Debug)]
pub struct Place {
    pub id: Box<str>,
    pub geonameid: Option<u32>,
    pub name_en: Box<str>,
    pub name_ar: Box<str>,
    /// `P.PPLA2`, `S.PRN`… (`X.SUP` for supplement rows without a GeoNames code).
    pub feature: Box<str>,
    pub kind: PlaceKind,
    pub country: [u8; 2],
    /// Index into the admin1 table, if known.
    pub admin1: Option<u32>,
    /// Index into the admin2 table, if known.
    pub admin2: Option<u32>,
    pub latitude: f64,
    pub longitude: f64,
    pub population: u64,
    /// geo_precision the supplement fixed for this place (its coordinates come from elsewhere).
    pub fixed_precision: Option<u8>,
    /// The containing place (supplement rows): its index.
    pub parent: Option<u32>,
    /// Comes from a curated supplement (more trusted than a bulk source).
    pub curated: bool,
}

impl Place {
    /// ISO country code as text.
    pub fn country_str(&self) -> &str {
        std::str::from_utf8(&self.country).unwrap_or("")
    }
}

/// An admin unit of a loaded gazetteer.
#[derive(Clone, Debug)]
pub struct Admin {
    pub country: [u8; 2],
    pub admin1: Box<str>,
    pub admin2: Box<str>,
    pub name_en: Box<str>,
    pub name_ar: Box<str>,
    pub geonameid: Option<u32>,
    /// The place row of this unit (for coordinates), if the gazetteer has one.
    pub place: Option<u32>,
}

/// Distance in kilometres, equirectangular approximation: within 0.5% of the great circle
/// below a few hundred kilometres, which is all the resolver compares (no trigonometry per
/// call beyond one cosine).
#[inline]
pub fn approx_distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let k = 111.195; // km per degree
    let mean = ((lat1 + lat2) * 0.5).to_radians();
    // cos by a short Taylor series is enough at these latitudes (|lat| < 45°)
    let m2 = mean * mean;
    let cos = 1.0 - m2 / 2.0 + m2 * m2 / 24.0 - m2 * m2 * m2 / 720.0;
    let dx = (lon2 - lon1) * cos;
    let dy = lat2 - lat1;
    k * (dx * dx + dy * dy).sqrt()
}

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_feature_codes() {
        assert_eq!(
            PlaceKind::from_geonames("P", "PPLX", 0),
            PlaceKind::Neighbourhood
        );
        assert_eq!(
            PlaceKind::from_geonames("P", "PPL", 422_445),
            PlaceKind::City
        );
        assert_eq!(PlaceKind::from_geonames("P", "PPL", 0), PlaceKind::Village);
        assert_eq!(PlaceKind::from_geonames("P", "PPLA3", 0), PlaceKind::Town);
        assert_eq!(PlaceKind::from_geonames("A", "PCLI", 0), PlaceKind::Country);
        assert_eq!(PlaceKind::from_geonames("S", "PRN", 0), PlaceKind::Prison);
        assert_eq!(PlaceKind::from_geonames("H", "WAD", 0), PlaceKind::Area);
        assert_eq!(PlaceKind::Admin1.own_precision(), 3);
        assert_eq!(PlaceKind::Prison.own_precision(), 1);
    }

    #[test]
    fn approximate_distances_agree_with_the_great_circle() {
        for (a, b, c, d) in [
            (36.5, 40.7, 37.05, 41.23),
            (33.3, 44.4, 33.75, 44.64),
            (12.8, 45.0, 13.06, 44.88),
        ] {
            let exact = distance_km(a, b, c, d);
            let approx = approx_distance_km(a, b, c, d);
            assert!((exact - approx).abs() / exact < 0.01, "{exact} {approx}");
        }
    }

    #[test]
    fn distances() {
        // Al-Hasakah to Qamishli: about 70 km
        let d = distance_km(36.50512, 40.74771, 37.05215, 41.23142);
        assert!((65.0..80.0).contains(&d), "{d}");
        assert_eq!(distance_km(1.0, 2.0, 1.0, 2.0), 0.0);
    }
}
