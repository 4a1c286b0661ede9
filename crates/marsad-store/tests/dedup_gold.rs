//! Pairwise precision and recall of cross-source merging on the dev gold events, against the
//! cluster gold of `tests/fixtures/dev-clusters.tsv`. The gold events (hand-coded records of
//! ~30 articles) are stored as they are, so this measures deduplication alone, not
//! extraction. Skips, saying so, when the shared data (`$MARSAD_SHARED`, else `../shared`
//! beside the repository) is absent.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use marsad_extract::record::{Actor, Evidence, Location, SubEventType};
use marsad_extract::{Document, EventRecord};
use marsad_store::{EventFilter, Ingester, SourcedDocument, Store};

fn shared() -> Option<PathBuf> {
    let path = std::env::var_os("MARSAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    path.join("data/dev-gold").is_dir().then_some(path)
}

fn actor(v: &serde_json::Value) -> Option<Actor> {
    Some(Actor {
        name: v.get("name")?.as_str()?.to_string(),
        text: v.get("ar").and_then(|x| x.as_str()).map(str::to_string),
        id: None,
        inter: None,
        start: None,
        end: None,
    })
}

fn pseudo_coordinate(name: &str, axis: u8) -> f64 {
    let h = name
        .bytes()
        .chain([axis])
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
        });
    (h % 4000) as f64 / 100.0
}

#[test]
fn dev_gold_pairwise_precision_recall() {
    let Some(shared) = shared() else {
        eprintln!("dev_gold_pairwise_precision_recall: SKIPPED: shared data not found (set MARSAD_SHARED)");
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared.join("data/dev-gold"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut batch = Vec::new();
    for f in &files {
        let g: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let doc_id = g["doc_id"].as_str().unwrap().to_string();
        let published = g["published"].as_str().and_then(|d| d.parse().ok());
        let mut records = Vec::new();
        for (i, e) in g["events"].as_array().unwrap().iter().enumerate() {
            let Some(sub) = e["sub_event_type"]
                .as_str()
                .and_then(SubEventType::from_name)
            else {
                continue;
            };
            let precision = match e["date_precision"].as_str() {
                Some("day") => Some(1),
                Some("week") => Some(2),
                Some("month") => Some(3),
                _ => None,
            };
            let evidence = e["evidence"].as_str().unwrap_or("").to_string();
            records.push(EventRecord {
                doc_id: doc_id.clone(),
                event_id: format!("{doc_id}#{i}"),
                event_type: sub.event_type(),
                sub_event_type: sub,
                plover: String::new(),
                plover_mode: None,
                event_date: e["date"].as_str().and_then(|d| d.parse().ok()),
                time_precision: precision,
                actor1: actor(&e["actor1"]),
                actor2: actor(&e["actor2"]),
                country: e["country"].as_str().map(str::to_string),
                admin1: e["admin1"].as_str().map(str::to_string),
                admin2: None,
                // The gold has place names but no coordinates: each name gets a point of its
                // own (a stand-in for geocoding: one name, one place; two names, far apart).
                location: e["location"]["name"].as_str().map(|n| Location {
                    name: n.to_string(),
                    text: None,
                    geonameid: None,
                    latitude: pseudo_coordinate(n, 0),
                    longitude: pseudo_coordinate(n, 1),
                    geo_precision: 2,
                    start: None,
                    end: None,
                }),
                fatalities: e["fatalities"].as_u64().map(|x| x as u32),
                fatalities_text: None,
                injuries: None,
                trigger: None,
                evidence: vec![Evidence {
                    end: evidence.chars().count(),
                    sentence: evidence,
                    start: 0,
                }],
                confidence: 0.8,
            });
        }
        batch.push((
            SourcedDocument {
                origin: f.display().to_string(),
                document: Document {
                    doc_id: doc_id.clone(),
                    text: format!("gold events of {doc_id}"),
                    published,
                    source: g["source"].as_str().map(str::to_string),
                    url: None,
                    title: None,
                },
            },
            records,
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("gold.db").to_str().unwrap()).unwrap();
    Ingester::without_extractor(&store)
        .ingest_extracted_batch(batch)
        .unwrap();

    // predicted: records (doc, index) grouped by the event they landed in
    let mut predicted: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    store
        .for_each_event(&EventFilter::default(), |d| {
            for c in d.claims {
                let idx = c
                    .record
                    .event_id
                    .rsplit('#')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap();
                predicted
                    .entry(d.event.event_id_cnty.clone())
                    .or_default()
                    .push((c.doc_id, idx));
            }
            Ok(())
        })
        .unwrap();
    let gold_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev-clusters.tsv"),
    )
    .unwrap();
    let mut gold: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    for line in gold_text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        gold.entry(f[0].to_string())
            .or_default()
            .push((f[1].to_string(), f[2].parse().unwrap()));
    }
    // cross-article pairs only (the extractor already merges within an article)
    let pairs = |clusters: &HashMap<String, Vec<(String, usize)>>| -> HashSet<((String, usize), (String, usize))> {
        let mut out = HashSet::new();
        for members in clusters.values() {
            for a in members {
                for b in members {
                    if a.0 < b.0 {
                        out.insert((a.clone(), b.clone()));
                    }
                }
            }
        }
        out
    };
    let (p, g) = (pairs(&predicted), pairs(&gold));
    let tp = p.intersection(&g).count();
    let precision = if p.is_empty() {
        1.0
    } else {
        tp as f64 / p.len() as f64
    };
    let recall = if g.is_empty() {
        1.0
    } else {
        tp as f64 / g.len() as f64
    };
    eprintln!(
        "dedup on dev gold: {} predicted cross-article pairs, {} gold pairs, {tp} correct: \
         pairwise precision {precision:.2}, recall {recall:.2}",
        p.len(),
        g.len()
    );
    for wrong in p.difference(&g) {
        eprintln!("  merged but not gold: {wrong:?}");
    }
    for missed in g.difference(&p) {
        eprintln!("  gold but not merged: {missed:?}");
    }
    assert!(
        precision >= 0.5 && recall >= 0.6,
        "P {precision:.2} R {recall:.2}"
    );
}
