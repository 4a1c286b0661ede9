//! `marsad geocode` and `marsad gazetteer` through the real binary: a phrase's candidates, a
//! gazetteer rebuilt from GeoNames dump files and loaded with `MARSAD_GAZETTEER`, and a
//! corrupt gazetteer file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn marsad(args: &[&str], gazetteer: Option<&Path>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_marsad"));
    c.args(args).env_remove("MARSAD_GAZETTEER_SUPPLEMENT");
    match gazetteer {
        Some(path) => c.env("MARSAD_GAZETTEER", path),
        None => c.env_remove("MARSAD_GAZETTEER"),
    };
    c.output().expect("the marsad binary runs")
}

/// The mentions `marsad geocode --json` reports: (words, first candidate id, its admin1).
fn geocode(phrase: &str, gazetteer: Option<&Path>) -> Vec<(String, String, String)> {
    let out = marsad(&["geocode", "--json", phrase], gazetteer);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let first = &v["candidates"][0];
            (
                v["words"].as_str().unwrap().to_string(),
                first["id"].as_str().unwrap_or("").to_string(),
                first["admin1"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("marsad-geo-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn geocode_shows_the_neighbourhood_inside_its_city() {
    let mentions = geocode("حي الزهور في الحسكة", None);
    assert_eq!(
        mentions,
        [
            (
                "حي الزهور".to_string(),
                "sup:zuhour-hasakah".to_string(),
                "Al-Hasakah".to_string()
            ),
            (
                "الحسكة".to_string(),
                "gn:173811".to_string(),
                "Al-Hasakah".to_string()
            ),
        ]
    );
    // the table names the score terms of every candidate
    let out = marsad(&["geocode", "طرابلس", "--country", "LB"], None);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("Tripoli") && table.contains("country_context"),
        "{table}"
    );
    assert!(
        table.contains("/North Lebanon/") || table.contains("LB/"),
        "{table}"
    );
    // a bad country code is a clear error
    let out = marsad(&["geocode", "طرابلس", "--country", "Lebanon"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ISO 3166-1"));
}

#[test]
fn a_gazetteer_built_from_a_geonames_dump_is_loaded_by_marsad_gazetteer() {
    // the GeoNames-format fixture of marsad-geo's build test: a town, its province, a row
    // without coordinates (line 2) and a short row (line 3)
    let dump =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../marsad-geo/tests/fixtures/geonames-dump");
    let dir = temp_dir("dump");
    let out_file = dir.join("world.gaz");
    let out = marsad(
        &[
            "gazetteer",
            "build",
            "--from",
            dump.to_str().unwrap(),
            "--out",
            out_file.to_str().unwrap(),
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    // the row without coordinates is skipped with a warning naming its file and line
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("SY.txt:2: missing or invalid coordinates") && stderr.contains("SY.txt:3:"),
        "{stderr}"
    );
    assert!(out_file.exists());
    let info = marsad(&["gazetteer", "info"], Some(&out_file));
    let text = String::from_utf8_lossy(&info.stdout);
    assert!(text.contains("places, loaded in"), "{text}");
    // the rebuilt file (with the curated supplement on top) resolves the town
    let mentions = geocode("بالحسكة", Some(&out_file));
    assert_eq!(mentions[0].1, "gn:173811");

    // a corrupt file is an error that names it, not a panic
    let corrupt = dir.join("corrupt.gaz");
    std::fs::write(&corrupt, b"MRSDGAZ\0\x01\x00not zlib at all").unwrap();
    let out = marsad(&["geocode", "بالحسكة"], Some(&corrupt));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("corrupt.gaz"));
    std::fs::remove_dir_all(&dir).ok();
}
