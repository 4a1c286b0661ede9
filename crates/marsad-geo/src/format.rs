//! The compact gazetteer file: magic bytes, format version, then a zlib stream of records.
//!
//! ```text
//! bytes 0..8   b"MRSDGAZ\0"
//! bytes 8..10  format version, u16 little-endian (FORMAT_VERSION)
//! bytes 10..   zlib (deflate + Adler-32) of UTF-8 lines, fields separated by tabs:
//!   H  marsad-gazetteer  <places>  <admins>  <description of the sources>
//!   D  <country> <admin1> <admin2 or empty> <name_en> <name_ar> <geonameid or empty>
//!   P  <id> <geonameid> <name_en> <name_ar> <class.code> <country> <admin1> <admin2>
//!      <lat> <lon> <population> <keys> <other-script keys>
//! ```
//! Keys are already normalized: words joined by a space, names joined by `|`. The magic and
//! version are checked before anything else is read; the zlib checksum catches a corrupt body;
//! every record is validated (field count, numbers, coordinate ranges) and an invalid one is
//! an error that names the record and the fix (rebuild). The loader never trusts the file.

use std::io::{Read, Write};
use std::path::Path;

use crate::model::{AdminRow, PlaceRow};
use crate::GeoError;

/// The first bytes of every compact gazetteer.
pub const MAGIC: &[u8; 8] = b"MRSDGAZ\0";
/// The format this code reads and writes.
pub const FORMAT_VERSION: u16 = 1;

/// A place with its names already turned into keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyedPlace {
    /// The row (its `names_ar`/`names_other` are not kept).
    pub row: PlaceRow,
    /// Arabic names as keys (`دير الزور`).
    pub keys: Vec<String>,
    /// Other-language Arabic-script names as keys.
    pub other_keys: Vec<String>,
}

/// The content of a compact gazetteer.
#[derive(Clone, Debug, Default)]
pub struct Compiled {
    pub description: String,
    pub admins: Vec<AdminRow>,
    pub places: Vec<KeyedPlace>,
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Writes `compiled` in the compact format.
pub fn write(compiled: &Compiled, out: &mut impl Write) -> std::io::Result<()> {
    out.write_all(MAGIC)?;
    out.write_all(&FORMAT_VERSION.to_le_bytes())?;
    let mut z = flate2::write::ZlibEncoder::new(out, flate2::Compression::best());
    writeln!(
        z,
        "H\tmarsad-gazetteer\t{}\t{}\t{}",
        compiled.places.len(),
        compiled.admins.len(),
        clean(&compiled.description)
    )?;
    for a in &compiled.admins {
        writeln!(
            z,
            "D\t{}\t{}\t{}\t{}\t{}\t{}",
            clean(&a.country),
            clean(&a.admin1),
            clean(&a.admin2),
            clean(&a.name_en),
            clean(&a.name_ar),
            a.geonameid.map(|g| g.to_string()).unwrap_or_default()
        )?;
    }
    for p in &compiled.places {
        let r = &p.row;
        writeln!(
            z,
            "P\t{}\t{}\t{}\t{}\t{}.{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{}",
            clean(&r.id),
            r.geonameid.map(|g| g.to_string()).unwrap_or_default(),
            clean(&r.name_en),
            clean(&r.name_ar),
            clean(&r.feature_class),
            clean(&r.feature_code),
            clean(&r.country),
            clean(&r.admin1),
            clean(&r.admin2),
            r.latitude,
            r.longitude,
            r.population,
            p.keys.join("|"),
            p.other_keys.join("|"),
        )?;
    }
    z.finish()?.flush()
}

/// One place record of a compact file, borrowed from its text.
#[derive(Clone, Copy, Debug)]
pub struct PlaceRef<'a> {
    pub id: &'a str,
    pub geonameid: Option<u32>,
    pub name_en: &'a str,
    pub name_ar: &'a str,
    pub feature_class: &'a str,
    pub feature_code: &'a str,
    pub country: &'a str,
    pub admin1: &'a str,
    pub admin2: &'a str,
    pub latitude: f64,
    pub longitude: f64,
    pub population: u64,
    /// Keys joined by `|`.
    pub keys: &'a str,
    /// Other-script keys joined by `|`.
    pub other_keys: &'a str,
}

/// A record of a compact file.
#[derive(Debug)]
pub enum Record<'a> {
    Admin(AdminRow),
    Place(PlaceRef<'a>),
}

/// Reads a compact gazetteer from bytes (`path` names it in errors).
pub fn read(bytes: &[u8], path: &Path) -> Result<Compiled, GeoError> {
    let mut compiled = Compiled::default();
    compiled.description = visit(bytes, path, |r| match r {
        Record::Admin(a) => compiled.admins.push(a),
        Record::Place(p) => {
            let split = |s: &str| -> Vec<String> {
                s.split('|')
                    .filter(|k| !k.is_empty())
                    .map(str::to_string)
                    .collect()
            };
            compiled.places.push(KeyedPlace {
                row: PlaceRow {
                    id: p.id.into(),
                    geonameid: p.geonameid,
                    name_en: p.name_en.into(),
                    name_ar: p.name_ar.into(),
                    names_ar: Vec::new(),
                    names_other: Vec::new(),
                    feature_class: p.feature_class.into(),
                    feature_code: p.feature_code.into(),
                    country: p.country.into(),
                    admin1: p.admin1.into(),
                    admin2: p.admin2.into(),
                    latitude: p.latitude,
                    longitude: p.longitude,
                    population: p.population,
                },
                keys: split(p.keys),
                other_keys: split(p.other_keys),
            })
        }
    })?;
    Ok(compiled)
}

/// Checks and decompresses a compact gazetteer and calls `f` for every record, in file order
/// (all admin units come before the places). Returns the description of the sources.
pub fn visit(bytes: &[u8], path: &Path, mut f: impl FnMut(Record<'_>)) -> Result<String, GeoError> {
    let corrupt = |line: Option<usize>, message: String| GeoError::Corrupt {
        path: path.to_path_buf(),
        line,
        message,
    };
    if bytes.len() < 10 || &bytes[..8] != MAGIC {
        return Err(GeoError::BadMagic {
            path: path.to_path_buf(),
        });
    }
    let version = u16::from_le_bytes([bytes[8], bytes[9]]);
    if version != FORMAT_VERSION {
        return Err(GeoError::Version {
            path: path.to_path_buf(),
            found: version,
            expected: FORMAT_VERSION,
        });
    }
    let mut text = String::new();
    flate2::read::ZlibDecoder::new(&bytes[10..])
        .read_to_string(&mut text)
        .map_err(|e| corrupt(None, format!("cannot decompress: {e}")))?;
    let mut lines = text.split('\n').enumerate();
    let (_, header) = lines
        .next()
        .ok_or_else(|| corrupt(Some(1), "empty".into()))?;
    let h: Vec<&str> = header.split('\t').collect();
    if h.len() != 5 || h[0] != "H" || h[1] != "marsad-gazetteer" {
        return Err(corrupt(Some(1), "bad header record".into()));
    }
    let n_places: usize = h[2]
        .parse()
        .map_err(|_| corrupt(Some(1), "bad place count".into()))?;
    let n_admins: usize = h[3]
        .parse()
        .map_err(|_| corrupt(Some(1), "bad admin count".into()))?;
    let description = h[4].to_string();
    let (mut places, mut admins) = (0usize, 0usize);
    let mut fields: [&str; 14] = [""; 14];
    for (i, line) in lines {
        let rec = i + 1;
        if line.is_empty() {
            continue;
        }
        let mut n = 0;
        for part in line.split('\t') {
            if n < fields.len() {
                fields[n] = part;
            }
            n += 1;
        }
        let fl = &fields;
        match fl[0] {
            "D" if n == 7 => {
                admins += 1;
                f(Record::Admin(AdminRow {
                    country: fl[1].into(),
                    admin1: fl[2].into(),
                    admin2: fl[3].into(),
                    name_en: fl[4].into(),
                    name_ar: fl[5].into(),
                    geonameid: parse_opt_u32(fl[6]).map_err(|m| corrupt(Some(rec), m))?,
                }))
            }
            "P" if n == 14 => {
                let (class, code) = fl[5].split_once('.').unwrap_or((fl[5], ""));
                let lat: f64 = fl[9]
                    .parse()
                    .map_err(|_| corrupt(Some(rec), "bad latitude".into()))?;
                let lon: f64 = fl[10]
                    .parse()
                    .map_err(|_| corrupt(Some(rec), "bad longitude".into()))?;
                if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                    return Err(corrupt(Some(rec), "coordinates out of range".into()));
                }
                if fl[6].len() != 2 {
                    return Err(corrupt(Some(rec), "bad country code".into()));
                }
                places += 1;
                f(Record::Place(PlaceRef {
                    id: fl[1],
                    geonameid: parse_opt_u32(fl[2]).map_err(|m| corrupt(Some(rec), m))?,
                    name_en: fl[3],
                    name_ar: fl[4],
                    feature_class: class,
                    feature_code: code,
                    country: fl[6],
                    admin1: fl[7],
                    admin2: fl[8],
                    latitude: lat,
                    longitude: lon,
                    population: fl[11]
                        .parse()
                        .map_err(|_| corrupt(Some(rec), "bad population".into()))?,
                    keys: fl[12],
                    other_keys: fl[13],
                }))
            }
            _ => {
                return Err(corrupt(
                    Some(rec),
                    format!("unknown or malformed record ({n} fields)"),
                ))
            }
        }
    }
    if places != n_places || admins != n_admins {
        return Err(corrupt(
            None,
            format!(
                "header announces {n_places} places and {n_admins} admin units, found {places} and {admins}"
            ),
        ));
    }
    Ok(description)
}

fn parse_opt_u32(s: &str) -> Result<Option<u32>, String> {
    if s.is_empty() {
        Ok(None)
    } else {
        s.parse().map(Some).map_err(|_| format!("bad id {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Compiled {
        Compiled {
            description: "test".into(),
            admins: vec![AdminRow {
                country: "SY".into(),
                admin1: "01".into(),
                admin2: String::new(),
                name_en: "Al-Hasakah".into(),
                name_ar: "الحسكة".into(),
                geonameid: Some(173813),
            }],
            places: vec![KeyedPlace {
                row: PlaceRow {
                    id: "gn:173811".into(),
                    geonameid: Some(173811),
                    name_en: "Al-Hasakah".into(),
                    name_ar: "الحسكة".into(),
                    feature_class: "P".into(),
                    feature_code: "PPL".into(),
                    country: "SY".into(),
                    admin1: "01".into(),
                    latitude: 36.50512,
                    longitude: 40.74771,
                    population: 422445,
                    ..Default::default()
                },
                keys: vec!["الحسكه".into()],
                other_keys: vec![],
            }],
        }
    }

    #[test]
    fn round_trip() {
        let mut bytes = Vec::new();
        write(&sample(), &mut bytes).unwrap();
        let back = read(&bytes, Path::new("t.bin")).unwrap();
        assert_eq!(back.places, sample().places);
        assert_eq!(back.admins, sample().admins);
    }

    #[test]
    fn bad_files_are_errors_that_name_the_fix() {
        let p = Path::new("g.bin");
        assert!(matches!(read(b"", p), Err(GeoError::BadMagic { .. })));
        assert!(matches!(
            read(b"PK\x03\x04 not ours at all", p),
            Err(GeoError::BadMagic { .. })
        ));
        let mut bytes = Vec::new();
        write(&sample(), &mut bytes).unwrap();
        let mut v2 = bytes.clone();
        v2[8] = 2;
        let err = read(&v2, p).unwrap_err();
        assert!(matches!(err, GeoError::Version { found: 2, .. }));
        assert!(err.to_string().contains("marsad gazetteer build"));
        // truncated body, flipped byte in the body
        assert!(matches!(
            read(&bytes[..bytes.len() - 7], p),
            Err(GeoError::Corrupt { .. })
        ));
        let mut flipped = bytes.clone();
        let mid = 10 + (bytes.len() - 10) / 2;
        flipped[mid] ^= 0x55;
        assert!(matches!(read(&flipped, p), Err(GeoError::Corrupt { .. })));
    }
}
