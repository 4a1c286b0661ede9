//! The supplement: curated rows for places the bulk sources miss (prisons, camps, bases,
//! neighbourhoods, areas), each saying where its coordinates come from.
//!
//! Tab-separated, `#` comments, one header row, then one place per row:
//!
//! | column | meaning |
//! |---|---|
//! | `id` | unique id, `sup:<slug>` |
//! | `names_ar` | Arabic names separated by `\|` (the first is the preferred one) |
//! | `name_en` | English name |
//! | `kind` | `prison`, `camp`, `base`, `airport`, `site`, `neighbourhood`, `village`, `town`, `city`, `area`, `admin1`…; `alias` adds the names to `parent` itself |
//! | `country` | ISO 3166-1 alpha-2 (may be empty when `parent` is given) |
//! | `parent` | id of the containing place (`gn:173811`, or a `sup:` id defined above): admin1/admin2 come from it, and the coordinates when `latitude`/`longitude` are empty |
//! | `latitude`, `longitude` | WGS84 decimal degrees, or empty to take the parent's |
//! | `geo_precision` | ACLED precision of an event placed here with these coordinates: 1, 2 or 3 |
//! | `coord_source` | where the coordinates come from (required) |
//! | `note` | anything else: what the place is, a source |

use std::path::Path;

use crate::model::PlaceKind;
use crate::{GeoError, Warning};

/// The header every supplement starts with.
pub const HEADER: &[&str] = &[
    "id",
    "names_ar",
    "name_en",
    "kind",
    "country",
    "parent",
    "latitude",
    "longitude",
    "geo_precision",
    "coord_source",
    "note",
];

/// One usable supplement row.
#[derive(Clone, Debug, PartialEq)]
pub struct SupplementRow {
    pub line: usize,
    pub id: String,
    pub names: Vec<String>,
    pub name_en: String,
    /// `None` for an alias row.
    pub kind: Option<PlaceKind>,
    pub country: Option<String>,
    pub parent: Option<String>,
    pub coords: Option<(f64, f64)>,
    pub precision: Option<u8>,
}

/// Parses a supplement. A wrong header is an error; a bad row is a warning and is skipped.
pub fn parse_supplement(
    text: &str,
    path: &Path,
) -> Result<(Vec<SupplementRow>, Vec<Warning>), GeoError> {
    let mut rows = Vec::new();
    let mut warnings = Vec::new();
    let mut header_seen = false;
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        if !header_seen {
            if f.len() < HEADER.len() || f[..HEADER.len()] != *HEADER {
                return Err(GeoError::BadRow {
                    path: path.to_path_buf(),
                    line: line_no,
                    message: format!("expected the header row: {}", HEADER.join("<TAB>")),
                });
            }
            header_seen = true;
            continue;
        }
        let mut warn = |m: String| {
            warnings.push(Warning {
                path: path.to_path_buf(),
                line: line_no,
                message: m,
            })
        };
        if f.len() < 10 {
            warn(format!(
                "{} columns, expected {}: row skipped",
                f.len(),
                HEADER.len()
            ));
            continue;
        }
        if f[3] != "alias" && (!f[0].starts_with("sup:") || f[0].len() < 5) {
            warn("id must look like sup:<slug>: row skipped".into());
            continue;
        }
        let names: Vec<String> = f[1]
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if names.is_empty() {
            warn("no Arabic name: row skipped".into());
            continue;
        }
        let kind = if f[3] == "alias" {
            None
        } else {
            match PlaceKind::parse(f[3]) {
                Some(k) => Some(k),
                None => {
                    warn(format!("unknown kind {:?}: row skipped", f[3]));
                    continue;
                }
            }
        };
        let country = match f[4] {
            "" => None,
            c if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) => Some(c.to_string()),
            c => {
                warn(format!("bad country code {c:?}: row skipped"));
                continue;
            }
        };
        let parent = (!f[5].is_empty()).then(|| f[5].to_string());
        let coords = match (f[6], f[7]) {
            ("", "") => None,
            (la, lo) => match (la.parse::<f64>(), lo.parse::<f64>()) {
                (Ok(la), Ok(lo))
                    if la.is_finite()
                        && lo.is_finite()
                        && la.abs() <= 90.0
                        && lo.abs() <= 180.0 =>
                {
                    Some((la, lo))
                }
                _ => {
                    warn(format!("bad coordinates {la:?}, {lo:?}: row skipped"));
                    continue;
                }
            },
        };
        if coords.is_none() && parent.is_none() && kind.is_some() {
            warn("no coordinates and no parent: row skipped".into());
            continue;
        }
        let precision = match f[8] {
            "" => None,
            "1" => Some(1),
            "2" => Some(2),
            "3" => Some(3),
            p => {
                warn(format!(
                    "geo_precision must be 1, 2 or 3, not {p:?}: row skipped"
                ));
                continue;
            }
        };
        if kind.is_some() && f[9].is_empty() {
            warn("coord_source is required: row skipped".into());
            continue;
        }
        rows.push(SupplementRow {
            line: line_no,
            id: f[0].to_string(),
            names,
            name_en: f[2].to_string(),
            kind,
            country,
            parent,
            coords,
            precision,
        });
    }
    if !header_seen
        && !text.trim().is_empty()
        && text
            .lines()
            .any(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        return Err(GeoError::BadRow {
            path: path.to_path_buf(),
            line: 1,
            message: "no header row".into(),
        });
    }
    Ok((rows, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "id\tnames_ar\tname_en\tkind\tcountry\tparent\tlatitude\tlongitude\tgeo_precision\tcoord_source\tnote\n";

    #[test]
    fn good_and_bad_rows() {
        let text = format!(
            "# comment\n{HEAD}\
             sup:a\tسجن ا\tA Prison\tprison\tSY\tgn:1\t\t\t2\tparent\t\n\
             sup:b\t\tB\tcamp\tSY\t\t1\t2\t1\tsurvey\t\n\
             sup:c\tج\tC\tcastle\tSY\t\t1\t2\t1\tsurvey\t\n\
             sup:d\tد\tD\tcamp\tSY\t\tx\t2\t1\tsurvey\t\n\
             sup:e\tه\tE\tcamp\tSY\t\t\t\t1\tsurvey\t\n\
             sup:f\tو\tF\tcamp\tSY\t\t1\t2\t7\tsurvey\t\n\
             sup:g\tز\tG\tcamp\tSY\t\t1\t2\t1\t\t\n\
             gn:5\tتاجي\t\talias\t\tgn:5\t\t\t\t\t\n"
        );
        let (rows, warnings) = parse_supplement(&text, Path::new("s.tsv")).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].kind, Some(PlaceKind::Prison));
        assert_eq!(rows[0].precision, Some(2));
        assert_eq!(rows[1].kind, None);
        let lines: Vec<usize> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [4, 5, 6, 7, 8, 9]);
    }

    #[test]
    fn a_file_without_header_is_an_error() {
        let err = parse_supplement("sup:a\tا\n", Path::new("s.tsv")).unwrap_err();
        assert!(err.to_string().contains("s.tsv:1"));
        assert!(parse_supplement("# only comments\n", Path::new("s.tsv")).is_ok());
    }
}
