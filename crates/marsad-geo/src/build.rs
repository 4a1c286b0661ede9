//! Building the compact gazetteer from source files: kept apart from loading (see
//! [`crate::format`] for the file and [`crate::Gazetteer::load`] for the loader).
//!
//! Two source layouts are recognised in each directory given to [`build_from_dirs`]:
//!
//! 1. **marsad's derived tables** (what `shared/data/gazetteer/` holds): `places.tsv.gz` (or
//!    `places.tsv`) with a header row naming its columns, `admin1.tsv`, `admin2.tsv`.
//! 2. **GeoNames dump files**: `allCountries.txt` and/or per-country `XX.txt` (the 19-column
//!    GeoNames format), `admin1CodesASCII.txt`, `admin2Codes.txt`, and optionally
//!    `alternateNamesV2.txt` (or `alternateNames.txt`) for every Arabic name. Each may be
//!    gzip-compressed (`.gz`). A user with the whole world dump gets the whole world.
//!
//! Every Arabic name is keyed like the text core keys tokens ([`crate::keys::name_keys`]).
//! Places without an Arabic-script name are dropped (the engine reads Arabic), except admin
//! units, which hold the hierarchy. Alternate names of an admin unit that are in fact the name
//! of a populated place of the same province (GeoNames lists بعقوبة under Diyala) are dropped
//! from the unit. Rows that cannot be read are skipped with a [`Warning`].

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::format::{Compiled, KeyedPlace};
use crate::keys::name_keys;
use crate::model::{AdminRow, PlaceRow};
use crate::{GeoError, Warning};

/// Countries whose local language is written in Arabic script but is not Arabic: their
/// Persian/Pashto/Urdu names are indexed (with less trust than Arabic ones).
pub const OTHER_SCRIPT_COUNTRIES: &[&str] = &["IR", "AF", "PK"];

/// Countries where an Arabic-script name of unknown language is taken as Arabic.
pub const ARABIC_COUNTRIES: &[&str] = &[
    "SY", "IQ", "LB", "PS", "JO", "YE", "SA", "EG", "LY", "SD", "KW", "QA", "AE", "BH", "OM", "TN",
    "DZ", "MA", "MR", "DJ", "KM", "EH", "SO", "TD", "IL",
];

/// Language codes of Arabic and its varieties in GeoNames alternate names.
const ARABIC_LANGS: &[&str] = &[
    "ar", "arz", "ary", "arq", "aeb", "apc", "acm", "afb", "ajp", "ars", "ayl", "acw", "apd",
    "shu", "abv", "ayh", "aao", "acx", "adf", "ayn", "ayp", "ssh", "acy",
];

/// Places whose admin1 the sources give wrong (`data/gazetteer/place_admin.tsv`).
const PLACE_ADMIN_FIXES: &str = include_str!("../../../data/gazetteer/place_admin.tsv");

/// The English admin names the project overrides (`data/gazetteer/admin_names.tsv`).
const ADMIN_NAME_OVERRIDES: &str = include_str!("../../../data/gazetteer/admin_names.tsv");

/// What a build did.
#[derive(Clone, Debug, Default)]
pub struct BuildReport {
    /// Which layout was read, and from where.
    pub sources: String,
    /// Place rows read from the sources.
    pub rows_read: usize,
    /// Places written (with at least one Arabic-script name, or admin units).
    pub places: usize,
    /// Places with at least one Arabic name.
    pub places_with_arabic: usize,
    /// Admin units (first and second level).
    pub admins: usize,
    /// Distinct name keys written.
    pub keys: usize,
    /// Names dropped from admin units because a populated place of the province owns them.
    pub capital_aliases_dropped: usize,
    /// Bytes of the compact file.
    pub bytes: u64,
    /// Rows skipped, with the reason (at most 1,000 are kept; `warnings_total` counts all).
    pub warnings: Vec<Warning>,
    pub warnings_total: usize,
}

impl BuildReport {
    fn warn(&mut self, path: &Path, line: usize, message: impl Into<String>) {
        self.warnings_total += 1;
        if self.warnings.len() < 1000 {
            self.warnings.push(Warning {
                path: path.to_path_buf(),
                line,
                message: message.into(),
            });
        }
    }
}

/// Builds the compact gazetteer at `out` from the source files in `dirs` (see [`compile_dirs`]).
pub fn build_from_dirs(dirs: &[PathBuf], out: &Path) -> Result<BuildReport, GeoError> {
    let (compiled, mut report) = compile_dirs(dirs)?;
    let mut bytes = Vec::new();
    crate::format::write(&compiled, &mut bytes).map_err(|e| GeoError::io(out, e))?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| GeoError::io(parent, e))?;
    }
    std::fs::write(out, &bytes).map_err(|e| GeoError::io(out, e))?;
    report.bytes = bytes.len() as u64;
    Ok(report)
}

/// Builds the compact gazetteer at `out` from the source files in `dir`.
pub fn build_from_dir(dir: &Path, out: &Path) -> Result<BuildReport, GeoError> {
    build_from_dirs(&[dir.to_path_buf()], out)
}

/// Reads the sources of every directory of `dirs`, in order, into the content of one compact
/// gazetteer (without writing it). A place or admin unit already read from an earlier directory
/// (same id, same admin code) is not read again, so a later directory only adds (e.g. marsad's
/// `data/gazetteer/world/` after the shared tables).
pub fn compile_dirs(dirs: &[PathBuf]) -> Result<(Compiled, BuildReport), GeoError> {
    let mut report = BuildReport::default();
    let (mut admins, mut places) = (Vec::new(), Vec::new());
    let mut sources = Vec::new();
    for dir in dirs {
        let (a, p) = read_dir_sources(dir, &mut report)?;
        sources.push(std::mem::take(&mut report.sources));
        let known: HashSet<(String, String, String)> = admins
            .iter()
            .map(|x: &AdminRow| (x.country.clone(), x.admin1.clone(), x.admin2.clone()))
            .collect();
        admins.extend(
            a.into_iter().filter(|x| {
                !known.contains(&(x.country.clone(), x.admin1.clone(), x.admin2.clone()))
            }),
        );
        let ids: HashSet<String> = places.iter().map(|x: &PlaceRow| x.id.clone()).collect();
        places.extend(p.into_iter().filter(|x| !ids.contains(&x.id)));
    }
    report.sources = sources.join("; ");
    let compiled = compile(admins, places, &mut report);
    Ok((compiled, report))
}

/// Reads the sources of `dir` into the content of a compact gazetteer (without writing it).
pub fn compile_dir(dir: &Path) -> Result<(Compiled, BuildReport), GeoError> {
    compile_dirs(&[dir.to_path_buf()])
}

/// Reads the admin units and places of one directory, in whichever layout it holds.
fn read_dir_sources(
    dir: &Path,
    report: &mut BuildReport,
) -> Result<(Vec<AdminRow>, Vec<PlaceRow>), GeoError> {
    if let Some(places) = first_existing(dir, &["places.tsv.gz", "places.tsv"]) {
        report.sources = format!("marsad tables in {}", dir.display());
        return read_marsad_tables(dir, &places, report);
    }
    let dumps = geonames_dump_files(dir)?;
    if dumps.is_empty() {
        return Err(GeoError::NoSources {
            path: dir.to_path_buf(),
        });
    }
    report.sources = format!(
        "GeoNames dump in {} ({})",
        dir.display(),
        dumps
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    read_geonames_dump(dir, &dumps, report)
}

/// Keys the rows, drops capital aliases from admin units and places without Arabic-script
/// names, and applies the English admin-name overrides.
pub fn compile(
    mut admins: Vec<AdminRow>,
    mut rows: Vec<PlaceRow>,
    report: &mut BuildReport,
) -> Compiled {
    apply_admin_overrides(&mut admins);
    apply_place_admin_fixes(&mut rows, report);
    report.rows_read += rows.len();
    let mut keyed: Vec<KeyedPlace> = rows.into_iter().map(key_row).collect();
    // names of populated places per (country, admin1)
    let mut populated: HashSet<(String, String, String)> = HashSet::new();
    for p in &keyed {
        if p.row.feature_class == "P" {
            for k in &p.keys {
                populated.insert((p.row.country.clone(), p.row.admin1.clone(), k.clone()));
            }
        }
    }
    let admin_names: HashMap<(String, String, String), String> = admins
        .iter()
        .map(|a| {
            (
                (a.country.clone(), a.admin1.clone(), a.admin2.clone()),
                name_keys(&a.name_ar)
                    .map(|k| k.join(" "))
                    .unwrap_or_default(),
            )
        })
        .collect();
    for p in &mut keyed {
        if p.row.feature_class != "A" || p.row.feature_code.starts_with("PCL") {
            continue;
        }
        let own = name_keys(&p.row.name_ar)
            .map(|k| k.join(" "))
            .unwrap_or_default();
        let unit_name = match p.row.feature_code.as_str() {
            "ADM1" => {
                admin_names.get(&(p.row.country.clone(), p.row.admin1.clone(), String::new()))
            }
            "ADM2" => admin_names.get(&(
                p.row.country.clone(),
                p.row.admin1.clone(),
                p.row.admin2.clone(),
            )),
            _ => None,
        };
        let before = p.keys.len();
        let (cc, a1) = (p.row.country.clone(), p.row.admin1.clone());
        p.keys.retain(|k| {
            *k == own
                || unit_name.is_some_and(|u| u == k)
                || !populated.contains(&(cc.clone(), a1.clone(), k.clone()))
        });
        report.capital_aliases_dropped += before - p.keys.len();
    }
    keyed.retain(|p| {
        !p.keys.is_empty()
            || !p.other_keys.is_empty()
            || (p.row.feature_class == "A"
                && matches!(p.row.feature_code.as_str(), "ADM1" | "ADM2")
                || p.row.feature_code.starts_with("PCL"))
    });
    let mut keys = HashSet::new();
    for p in &keyed {
        if !p.keys.is_empty() {
            report.places_with_arabic += 1;
        }
        for k in p.keys.iter().chain(&p.other_keys) {
            keys.insert(k.as_str());
        }
    }
    report.keys = keys.len();
    report.places = keyed.len();
    report.admins = admins.len();
    Compiled {
        description: report.sources.clone(),
        admins,
        places: keyed,
    }
}

/// Turns a row's names into keys (deduplicated, in order: preferred name first).
pub fn key_row(mut row: PlaceRow) -> KeyedPlace {
    let mut seen = HashSet::new();
    let mut keys = Vec::new();
    for name in std::iter::once(&row.name_ar).chain(&row.names_ar) {
        if let Some(k) = name_keys(name) {
            let k = k.join(" ");
            if seen.insert(k.clone()) {
                keys.push(k);
            }
        }
    }
    let mut other_keys = Vec::new();
    if OTHER_SCRIPT_COUNTRIES.contains(&row.country.as_str()) {
        for name in &row.names_other {
            if let Some(k) = name_keys(name) {
                let k = k.join(" ");
                if seen.insert(k.clone()) {
                    other_keys.push(k);
                }
            }
        }
    }
    if row.name_ar.is_empty() {
        if let Some(first) = row.names_ar.first() {
            row.name_ar = first.clone();
        }
    }
    row.names_ar = Vec::new();
    row.names_other = Vec::new();
    row.name_en = english_name(&row.name_en);
    KeyedPlace {
        row,
        keys,
        other_keys,
    }
}

/// ASCII English name: diacritics removed, typographic apostrophes made plain.
pub fn english_name(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    for c in name.nfkd() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{02BB}' | '\u{02BF}' | '\u{02BE}' | '`' => {
                out.push('\'')
            }
            c if unicode_normalization::char::is_combining_mark(c) => {}
            'ı' => out.push('i'),
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// An admin unit's English name: ASCII, without "Governorate", "Region" or "Province", without
/// leading or trailing apostrophes (`'Asir Region` → `Asir`).
pub fn clean_admin_name(name_ascii: &str, name: &str) -> String {
    let base = if name_ascii.trim().is_empty() {
        english_name(name)
    } else {
        name_ascii.trim().to_string()
    };
    let mut s = base.as_str();
    for suffix in [" Region", " Governorate", " Province", " Muhafazat"] {
        if let Some(stripped) = s.strip_suffix(suffix) {
            if !stripped.is_empty() && stripped != "South" && stripped != "North" {
                s = stripped;
            }
        }
    }
    s.trim_matches(|c| c == '\'' || c == ' ').to_string()
}

fn apply_admin_overrides(admins: &mut [AdminRow]) {
    let mut overrides = HashMap::new();
    for line in ADMIN_NAME_OVERRIDES.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() >= 4 {
            overrides.insert((f[0], f[1], f[2]), f[3]);
        }
    }
    for a in admins {
        if let Some(name) =
            overrides.get(&(a.country.as_str(), a.admin1.as_str(), a.admin2.as_str()))
        {
            a.name_en = (*name).to_string();
        }
    }
}

/// Moves the places of `place_admin.tsv` to their right first-level unit (their second-level
/// unit, now unknown, is left empty). A malformed line, or a fix whose place sources that cover
/// its country do not hold, is reported: the correction would otherwise be lost unseen.
fn apply_place_admin_fixes(rows: &mut [PlaceRow], report: &mut BuildReport) {
    let path = Path::new("data/gazetteer/place_admin.tsv");
    let mut fixes: HashMap<&str, (&str, &str, usize)> = HashMap::new();
    for (n, line) in PLACE_ADMIN_FIXES.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        match line.split('\t').collect::<Vec<_>>()[..] {
            [id, country, admin1, ..] => {
                fixes.insert(id, (country, admin1, n + 1));
            }
            _ => report.warn(path, n + 1, "expected: place id, country, admin1 code"),
        }
    }
    let countries: HashSet<String> = rows.iter().map(|r| r.country.clone()).collect();
    for r in rows.iter_mut() {
        if let Some((country, admin1, _)) = fixes.get(r.id.as_str()) {
            if r.country == *country {
                r.admin1 = admin1.to_string();
                r.admin2.clear();
                fixes.remove(r.id.as_str());
            }
        }
    }
    // what is left was not applied (a build of sources that do not cover the country has
    // nothing to move)
    for (id, (country, _, line)) in fixes {
        if countries.contains(country) {
            report.warn(path, line, format!("no place {id} in {country} to move"));
        }
    }
}

fn first_existing(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    names.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

/// Opens a file, decompressing `.gz`.
fn open_lines(path: &Path) -> Result<Box<dyn BufRead>, GeoError> {
    let file = File::open(path).map_err(|e| GeoError::io(path, e))?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(Box::new(BufReader::with_capacity(1 << 20, reader)))
}

/// Reads a file line by line, calling `f(line_number, line)`.
fn for_each_line(
    path: &Path,
    mut f: impl FnMut(usize, &str) -> Result<(), GeoError>,
) -> Result<(), GeoError> {
    let mut reader = open_lines(path)?;
    let mut buf = Vec::new();
    let mut n = 0;
    loop {
        buf.clear();
        let read = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| GeoError::io(path, e))?;
        if read == 0 {
            return Ok(());
        }
        n += 1;
        let line = String::from_utf8_lossy(&buf);
        f(n, line.trim_end_matches(['\n', '\r']))?;
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_coord(s: &str, max: f64) -> Option<f64> {
    let v: f64 = s.trim().parse().ok()?;
    (v.is_finite() && v.abs() <= max).then_some(v)
}

// ---- layout 1: marsad's derived tables ----

fn read_marsad_tables(
    dir: &Path,
    places_path: &Path,
    report: &mut BuildReport,
) -> Result<(Vec<AdminRow>, Vec<PlaceRow>), GeoError> {
    let mut admins = Vec::new();
    for (file, level2) in [("admin1.tsv", false), ("admin2.tsv", true)] {
        let Some(path) = first_existing(dir, &[file, &format!("{file}.gz")]) else {
            if !level2 {
                report.warn(&dir.join(file), 0, "missing: no admin1 names");
            }
            continue;
        };
        let mut header: Vec<String> = Vec::new();
        for_each_line(&path, |n, line| {
            let f: Vec<&str> = line.split('\t').collect();
            if n == 1 {
                header = f.iter().map(|s| s.to_string()).collect();
                return Ok(());
            }
            let col = |name: &str| -> &str {
                header
                    .iter()
                    .position(|h| h == name)
                    .and_then(|i| f.get(i).copied())
                    .unwrap_or("")
            };
            let (a1, a2) = if level2 {
                (col("admin1_code"), col("admin2_code"))
            } else {
                (col("code"), "")
            };
            if col("country").len() != 2 || a1.is_empty() || (level2 && a2.is_empty()) {
                report.warn(&path, n, "admin row without country or code: skipped");
                return Ok(());
            }
            admins.push(AdminRow {
                country: col("country").to_string(),
                admin1: a1.to_string(),
                admin2: a2.to_string(),
                name_en: clean_admin_name(col("name_ascii"), col("name_en")),
                name_ar: col("name_ar").to_string(),
                geonameid: col("geonameid").parse().ok(),
            });
            Ok(())
        })?;
    }
    let mut rows = Vec::new();
    let mut idx: HashMap<&'static str, usize> = HashMap::new();
    const COLS: &[&str] = &[
        "place_id",
        "geonameid",
        "name",
        "name_ascii",
        "name_ar",
        "ar_variants",
        "ar_script_other",
        "feature_class",
        "feature_code",
        "country_code",
        "admin1_code",
        "admin2_code",
        "latitude",
        "longitude",
        "population",
    ];
    for_each_line(places_path, |n, line| {
        let f: Vec<&str> = line.split('\t').collect();
        if n == 1 {
            for c in COLS {
                match f.iter().position(|h| h == c) {
                    Some(i) => {
                        idx.insert(c, i);
                    }
                    None => {
                        return Err(GeoError::BadRow {
                            path: places_path.to_path_buf(),
                            line: 1,
                            message: format!("header lacks column {c}"),
                        })
                    }
                }
            }
            return Ok(());
        }
        let col = |c: &str| idx.get(c).and_then(|&i| f.get(i).copied()).unwrap_or("");
        let (Some(lat), Some(lon)) = (
            parse_coord(col("latitude"), 90.0),
            parse_coord(col("longitude"), 180.0),
        ) else {
            report.warn(places_path, n, "missing or invalid coordinates: skipped");
            return Ok(());
        };
        if col("country_code").len() != 2 || col("place_id").is_empty() {
            report.warn(places_path, n, "missing country or id: skipped");
            return Ok(());
        }
        // GeoNames' ASCII name first (WOF's English name is sometimes a nickname)
        let name_en = if col("name_ascii").is_empty() {
            col("name")
        } else {
            col("name_ascii")
        };
        rows.push(PlaceRow {
            id: col("place_id").to_string(),
            geonameid: col("geonameid").parse().ok(),
            name_en: name_en.to_string(),
            name_ar: col("name_ar").to_string(),
            names_ar: split_list(col("ar_variants")),
            names_other: split_list(col("ar_script_other")),
            feature_class: col("feature_class").to_string(),
            feature_code: col("feature_code").to_string(),
            country: col("country_code").to_string(),
            admin1: col("admin1_code").to_string(),
            admin2: col("admin2_code").to_string(),
            latitude: lat,
            longitude: lon,
            population: col("population").parse().unwrap_or(0),
        });
        Ok(())
    })?;
    Ok((admins, rows))
}

// ---- layout 2: GeoNames dump ----

fn geonames_dump_files(dir: &Path) -> Result<Vec<PathBuf>, GeoError> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| GeoError::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| GeoError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let stem = name.strip_suffix(".gz").unwrap_or(&name);
        let is_country = stem.len() == 6
            && stem.ends_with(".txt")
            && stem[..2].bytes().all(|b| b.is_ascii_uppercase());
        if stem == "allCountries.txt" || is_country {
            out.push(entry.path());
        }
    }
    out.sort();
    Ok(out)
}

fn is_arabic_script(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'))
}

/// Arabic names, other Arabic-script names, the preferred Arabic name.
type AltNames = (Vec<String>, Vec<String>, Option<String>);

fn read_geonames_dump(
    dir: &Path,
    dumps: &[PathBuf],
    report: &mut BuildReport,
) -> Result<(Vec<AdminRow>, Vec<PlaceRow>), GeoError> {
    // alternate names first: geonameid -> (arabic, other, preferred arabic)
    let mut alt: HashMap<u32, AltNames> = HashMap::new();
    if let Some(path) = first_existing(
        dir,
        &[
            "alternateNamesV2.txt",
            "alternateNamesV2.txt.gz",
            "alternateNames.txt",
            "alternateNames.txt.gz",
        ],
    ) {
        for_each_line(&path, |n, line| {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 4 {
                report.warn(
                    &path,
                    n,
                    "alternate name row with fewer than 4 columns: skipped",
                );
                return Ok(());
            }
            let Ok(id) = f[1].parse::<u32>() else {
                report.warn(&path, n, "bad geonameid: skipped");
                return Ok(());
            };
            let (lang, name) = (f[2], f[3]);
            if !is_arabic_script(name) || f.get(7) == Some(&"1") {
                return Ok(()); // not Arabic script, or historic
            }
            let e = alt.entry(id).or_default();
            if ARABIC_LANGS.contains(&lang) {
                if f.get(4) == Some(&"1") && lang == "ar" && e.2.is_none() {
                    e.2 = Some(name.to_string());
                }
                e.0.push(name.to_string());
            } else {
                e.1.push(name.to_string());
            }
            Ok(())
        })?;
    }
    let mut admins = Vec::new();
    for (file, level2) in [("admin1CodesASCII.txt", false), ("admin2Codes.txt", true)] {
        let Some(path) = first_existing(dir, &[file, &format!("{file}.gz")]) else {
            report.warn(
                &dir.join(file),
                0,
                "missing: admin names unknown at this level",
            );
            continue;
        };
        for_each_line(&path, |n, line| {
            let f: Vec<&str> = line.split('\t').collect();
            let parts: Vec<&str> = f[0].split('.').collect();
            let ok = if level2 {
                parts.len() == 3
            } else {
                parts.len() == 2
            };
            if f.len() < 3 || !ok || parts[0].len() != 2 {
                report.warn(&path, n, "malformed admin code row: skipped");
                return Ok(());
            }
            let geonameid = f.get(3).and_then(|g| g.parse().ok());
            let name_ar = geonameid
                .and_then(|g| alt.get(&g))
                .and_then(|(ar, _, pref)| pref.clone().or_else(|| ar.first().cloned()))
                .unwrap_or_default();
            admins.push(AdminRow {
                country: parts[0].to_string(),
                admin1: parts[1].to_string(),
                admin2: if level2 {
                    parts[2].to_string()
                } else {
                    String::new()
                },
                name_en: clean_admin_name(f[2], f[1]),
                name_ar,
                geonameid,
            });
            Ok(())
        })?;
    }
    let mut rows = Vec::new();
    for path in dumps {
        for_each_line(path, |n, line| {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 15 {
                report.warn(
                    path,
                    n,
                    format!("{} columns, GeoNames has 19: skipped", f.len()),
                );
                return Ok(());
            }
            let Ok(id) = f[0].parse::<u32>() else {
                report.warn(path, n, "bad geonameid: skipped");
                return Ok(());
            };
            let (Some(lat), Some(lon)) = (parse_coord(f[4], 90.0), parse_coord(f[5], 180.0)) else {
                report.warn(path, n, "missing or invalid coordinates: skipped");
                return Ok(());
            };
            let country = f[8];
            if country.len() != 2 {
                report.warn(path, n, "missing country code: skipped");
                return Ok(());
            }
            let (mut ar, mut other, pref) = alt.remove(&id).unwrap_or_default();
            for name in f[3].split(',') {
                if is_arabic_script(name) {
                    if ARABIC_COUNTRIES.contains(&country) {
                        ar.push(name.to_string());
                    } else {
                        other.push(name.to_string());
                    }
                }
            }
            if ar.is_empty()
                && other.is_empty()
                && !(f[6] == "A" && (f[7].starts_with("PCL") || f[7] == "ADM1" || f[7] == "ADM2"))
            {
                return Ok(());
            }
            rows.push(PlaceRow {
                id: format!("gn:{id}"),
                geonameid: Some(id),
                name_en: if f[2].is_empty() { f[1] } else { f[2] }.to_string(),
                name_ar: pref.or_else(|| ar.first().cloned()).unwrap_or_default(),
                names_ar: ar,
                names_other: other,
                feature_class: f[6].to_string(),
                feature_code: f[7].to_string(),
                country: country.to_string(),
                admin1: f[10].to_string(),
                admin2: f[11].to_string(),
                latitude: lat,
                longitude: lon,
                population: f[14].parse().unwrap_or(0),
            });
            Ok(())
        })?;
    }
    Ok((admins, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_names_are_cleaned() {
        assert_eq!(clean_admin_name("'Asir Region", "‘Asir Region"), "Asir");
        assert_eq!(clean_admin_name("", "Ḩaḑramawt"), "Hadramawt");
        assert_eq!(
            clean_admin_name("South Governorate", ""),
            "South Governorate"
        );
        assert_eq!(english_name("‘Ayn al ‘Arab"), "'Ayn al 'Arab");
        assert_eq!(english_name("Şırnak"), "Sirnak");
    }
}
