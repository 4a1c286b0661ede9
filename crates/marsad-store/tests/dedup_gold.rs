//! Cross-source merging measured on the dedup gold (`shared/data/dedup-gold/`): which gold
//! events of the SaudiNewsNet articles of `dev-gold/` and `train-gold/` are one occurrence.
//! The gold events (hand-coded records) are stored as they are, so this measures
//! deduplication alone, not extraction: pairwise precision, recall and F1 over record pairs of
//! different articles (UNSURE pairs left out), and B-cubed. Skips, saying so, when the shared
//! data (`$MARSAD_SHARED`, else `../shared` beside the repository) is absent.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use marsad_extract::record::{Actor, Evidence, Location, SubEventType};
use marsad_extract::{Document, EventRecord};
use marsad_store::dedup::{DedupConfig, PartyConflict};
use marsad_store::{EventFilter, Ingester, SourcedDocument, Store};

mod common;

/// A gold event: `(doc_id, index in the file's events list)`.
type Item = (String, usize);

fn shared() -> Option<PathBuf> {
    let path = std::env::var_os("MARSAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    path.join("data/dedup-gold/clusters.json")
        .is_file()
        .then_some(path)
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

/// A point of the place's own, from the first distinctive word of its English name (`Al Anad`
/// and `Al-Anad Air Base` share one; `Tawahi` and `Crater` are far apart): the gold names
/// places but gives no coordinates, and this measures deduplication, not geocoding.
fn pseudo_coordinates(name: &str) -> (f64, f64) {
    let lower = name.to_lowercase();
    let head = lower
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| w.len() >= 3 && !["al", "el", "ad", "ar", "as", "ash", "an"].contains(w))
        .unwrap_or(&lower);
    let at = |axis: u8| {
        let h = head
            .bytes()
            .chain([axis])
            .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3)
            });
        (h % 4000) as f64 / 100.0
    };
    (at(0), at(1))
}

/// The gold event `e` (the `i`-th of article `doc_id`) as an extracted record would be.
fn gold_record(doc_id: &str, i: usize, e: &serde_json::Value) -> Option<EventRecord> {
    let sub = e["sub_event_type"]
        .as_str()
        .and_then(SubEventType::from_name)?;
    let precision = match e["date_precision"].as_str() {
        Some("day") => Some(1),
        Some("week") => Some(2),
        Some("month") => Some(3),
        _ => None,
    };
    let evidence = e["evidence"].as_str().unwrap_or("").to_string();
    let admin1 = e["admin1"].as_str().map(str::to_string);
    Some(EventRecord {
        doc_id: doc_id.to_string(),
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
        admin1: admin1.clone(),
        admin2: None,
        // A place named as its first-level division, or with none (a country, a region of
        // it), is known to the region only (precision 3), any other to the town.
        location: e["location"]["name"].as_str().map(|n| {
            let (latitude, longitude) = pseudo_coordinates(n);
            let regional = admin1.as_deref().is_none_or(|a| a == n);
            Location {
                name: n.to_string(),
                text: None,
                geonameid: None,
                latitude,
                longitude,
                geo_precision: if regional { 3 } else { 1 },
                start: None,
                end: None,
            }
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
    })
}

/// The gold articles of SaudiNewsNet (dev and train), as documents with their gold events as
/// records, in doc_id order.
fn gold_batch(shared: &Path) -> Vec<(SourcedDocument, Vec<EventRecord>)> {
    let mut files: Vec<PathBuf> = ["data/dev-gold", "data/train-gold"]
        .iter()
        .flat_map(|d| std::fs::read_dir(shared.join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("saudinewsnet-"))
        })
        .collect();
    files.sort_by_key(|p| p.file_name().map(|n| n.to_owned()));
    files
        .iter()
        .map(|f| {
            let g: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
            let doc_id = g["doc_id"].as_str().unwrap().to_string();
            let records = g["events"]
                .as_array()
                .unwrap()
                .iter()
                .enumerate()
                .filter_map(|(i, e)| gold_record(&doc_id, i, e))
                .collect();
            let document = Document {
                doc_id: doc_id.clone(),
                text: format!("gold events of {doc_id}"),
                published: g["published"].as_str().and_then(|d| d.parse().ok()),
                source: g["source"].as_str().map(str::to_string),
                url: None,
                title: None,
            };
            let origin = f.display().to_string();
            (SourcedDocument { origin, document }, records)
        })
        .collect()
}

fn parse_item(name: &str) -> Item {
    let (doc, i) = name.rsplit_once('#').expect("doc_id#index");
    (doc.to_string(), i.parse().expect("an index"))
}

/// The store's grouping: event id -> its records as gold items.
fn predicted(store: &Store) -> BTreeMap<String, Vec<Item>> {
    let mut out: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    store
        .for_each_event(&EventFilter::default(), |d| {
            for c in d.claims {
                out.entry(d.event.event_id_cnty.clone())
                    .or_default()
                    .push(parse_item(&c.record.event_id));
            }
            Ok(())
        })
        .unwrap();
    out
}

fn ordered(a: &Item, b: &Item) -> (Item, Item) {
    if a <= b {
        (a.clone(), b.clone())
    } else {
        (b.clone(), a.clone())
    }
}

/// Cross-article pairs of a grouping.
fn pairs<'a>(clusters: impl Iterator<Item = &'a Vec<Item>>) -> HashSet<(Item, Item)> {
    let mut out = HashSet::new();
    for members in clusters {
        for a in members {
            for b in members {
                if a.0 != b.0 && a < b {
                    out.insert(ordered(a, b));
                }
            }
        }
    }
    out
}

/// Precision, recall and F1 of the predicted pairs against the gold pairs, `unsure` pairs left
/// out.
#[derive(Debug)]
struct Scores {
    precision: f64,
    recall: f64,
    f1: f64,
}

fn scores(precision: f64, recall: f64) -> Scores {
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Scores {
        precision,
        recall,
        f1,
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// B-cubed over every stored record: per record, the share of its event (precision) and of its
/// gold occurrence (recall) that is both, records of UNSURE pairs with it left out.
fn b_cubed(
    pred: &BTreeMap<String, Vec<Item>>,
    gold_of: &HashMap<Item, usize>,
    unsure: &HashSet<(Item, Item)>,
) -> Scores {
    let items: Vec<&Item> = pred.values().flatten().collect();
    let mut gold_clusters: HashMap<usize, Vec<&Item>> = HashMap::new();
    for it in &items {
        gold_clusters.entry(gold_of[*it]).or_default().push(it);
    }
    let (mut p, mut r) = (0.0, 0.0);
    for members in pred.values() {
        for a in members {
            let counted = |b: &Item| b == a || !unsure.contains(&ordered(a, b));
            let own: Vec<&Item> = members.iter().filter(|b| counted(b)).collect();
            let both = own.iter().filter(|b| gold_of[**b] == gold_of[a]).count();
            let gold = gold_clusters[&gold_of[a]]
                .iter()
                .filter(|b| counted(b))
                .count();
            p += ratio(both, own.len());
            r += ratio(both, gold);
        }
    }
    let n = items.len().max(1) as f64;
    scores(p / n, r / n)
}

mod needs_shared_dedup_gold_pairwise_and_b_cubed {
    use super::*;

    #[test]
    #[ignore = "needs ../shared (or MARSAD_SHARED); run with `cargo test -- --ignored needs_` (.ci/run does)"]
    fn dedup_gold_pairwise_and_b_cubed() {
        let shared = shared().expect("shared/data/dedup-gold not found (set MARSAD_SHARED)");
        let batch = gold_batch(&shared);
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("gold.db").to_str().unwrap()).unwrap();
        Ingester::without_extractor(&store)
            .ingest_extracted_batch(batch)
            .unwrap();
        let pred = predicted(&store);

        let (gold, unsure) = read_gold(&shared);
        // every stored record's gold occurrence: its cluster, or one of its own
        let mut gold_of: HashMap<Item, usize> = HashMap::new();
        for (c, members) in gold.iter().enumerate() {
            for m in members {
                gold_of.insert(m.clone(), c);
            }
        }
        for it in pred.values().flatten() {
            let next = gold.len() + gold_of.len();
            gold_of.entry(it.clone()).or_insert(next);
        }

        let at_ingest = measure("after ingest", &pred, &gold, &gold_of, &unsure);
        store.rebuild_events(|_, _, _| {}).unwrap();
        let rebuilt = measure(
            "after dedup --rebuild",
            &predicted(&store),
            &gold,
            &gold_of,
            &unsure,
        );
        // floors at the figures reached (docs/STORE.md): precision, recall, B-cubed F1
        for ((pairwise, bc), floor) in [
            (at_ingest, (0.89, 0.87, 0.97)),
            (rebuilt, (0.90, 0.87, 0.97)),
        ] {
            assert!(
                pairwise.precision >= floor.0 && pairwise.recall >= floor.1 && bc.f1 >= floor.2,
                "pairwise {pairwise:?}, B-cubed {bc:?}"
            );
        }
    }
}

/// The gold's clusters and its UNSURE pairs.
fn read_gold(shared: &Path) -> (Vec<Vec<Item>>, HashSet<(Item, Item)>) {
    let gold_dir = shared.join("data/dedup-gold");
    let clusters: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(gold_dir.join("clusters.json")).unwrap())
            .unwrap();
    let gold = clusters["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c.as_array()
                .unwrap()
                .iter()
                .map(|n| parse_item(n.as_str().unwrap()))
                .collect()
        })
        .collect();
    let unsure = std::fs::read_to_string(gold_dir.join("judged-pairs.jsonl"))
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|j| j["verdict"] == "UNSURE")
        .map(|j| {
            ordered(
                &parse_item(j["a"].as_str().unwrap()),
                &parse_item(j["b"].as_str().unwrap()),
            )
        })
        .collect();
    (gold, unsure)
}

/// Which half of split `seed` an article falls in (a bit of the FNV-1a hash of its id).
fn half_of(doc_id: &str, seed: u32) -> usize {
    let h = doc_id.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    });
    ((h >> seed) & 1) as usize
}

/// Pairwise scores of the grouping of `batch` by a store with `cfg`, against the gold
/// clusters restricted to the batch's articles: `(scores, correct, predicted, gold pairs)`.
fn pairwise_with(
    cfg: DedupConfig,
    batch: Vec<(SourcedDocument, Vec<EventRecord>)>,
    gold: &[Vec<Item>],
    unsure: &HashSet<(Item, Item)>,
) -> (Scores, usize, usize, usize) {
    let docs: HashSet<String> = batch
        .iter()
        .map(|(d, _)| d.document.doc_id.clone())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("half.db").to_str().unwrap()).unwrap();
    store.set_dedup_config(cfg);
    Ingester::without_extractor(&store)
        .ingest_extracted_batch(batch)
        .unwrap();
    store.rebuild_events(|_, _, _| {}).unwrap();
    let pred = predicted(&store);
    let gold: Vec<Vec<Item>> = gold
        .iter()
        .map(|c| c.iter().filter(|i| docs.contains(&i.0)).cloned().collect())
        .collect();
    let (p, g) = (pairs(pred.values()), pairs(gold.iter()));
    let judged: HashSet<_> = p.difference(unsure).cloned().collect();
    let tp = judged.intersection(&g).count();
    (
        scores(ratio(tp, judged.len()), ratio(tp, g.len())),
        tp,
        judged.len(),
        g.len(),
    )
}

/// Split-half validation of the choices of deduplication ([`DedupConfig`]): the gold's
/// articles split in two halves by a hash of their id; on each half every candidate
/// configuration is measured, the one with the best F1 (ties: precision) chosen, and reported
/// on the other half, whose pairs it was not chosen on. The mean of the two held-out figures
/// estimates what the choice does on unseen pairs.
mod needs_shared_dedup_gold_split_half {
    use super::*;

    #[test]
    #[ignore = "needs ../shared (or MARSAD_SHARED); run with `cargo test -- --ignored needs_` (.ci/run does)"]
    fn dedup_gold_split_half() {
        let shared = shared().expect("shared/data/dedup-gold not found (set MARSAD_SHARED)");
        let (gold, unsure) = read_gold(&shared);
        let candidates = candidates();
        let (mut held_p, mut held_r, mut n) = (0.0, 0.0, 0.0);
        for seed in SPLIT_SEEDS {
            let (p, r) = split_half(seed, &shared, &candidates, &gold, &unsure);
            held_p += p;
            held_r += r;
            n += 1.0;
        }
        let (precision, recall) = (held_p / n, held_r / n);
        let f1 = scores(precision, recall).f1;
        eprintln!(
            "held-out mean over {} splits: P {precision:.3} R {recall:.3} F1 {f1:.3}",
            SPLIT_SEEDS.len()
        );
        // floors at the figures reached (BENCHMARKS.md)
        assert!(
            precision >= HELD_OUT_FLOOR.0 && recall >= HELD_OUT_FLOOR.1,
            "held-out P {precision:.3} R {recall:.3}"
        );
    }
}

/// The configurations the split halves choose among: the merge threshold, what conflicting
/// parties get, and each rule of content and place granularity on or off (the other choices
/// at their default).
fn candidates() -> Vec<DedupConfig> {
    let mut out = Vec::new();
    for threshold in [0.55, 0.6, 0.65] {
        for party_conflict in [PartyConflict::Ignore, PartyConflict::Veto] {
            for rules in 0..8u8 {
                out.push(with_rules(
                    DedupConfig {
                        threshold,
                        party_conflict,
                        ..DedupConfig::default()
                    },
                    rules,
                ));
            }
        }
    }
    out
}

/// `cfg` with the three rules of content and place granularity set from the bits of `rules`.
fn with_rules(cfg: DedupConfig, rules: u8) -> DedupConfig {
    DedupConfig {
        parties_need_fine_place: rules & 1 != 0,
        regional_conflict_needs_text: rules & 2 != 0,
        recurring_counts_must_agree: rules & 4 != 0,
        ..cfg
    }
}

/// Each rule of content and place granularity alone and all together, on the whole gold
/// (after a rebuild): what each does, for BENCHMARKS.md.
mod needs_shared_dedup_gold_rules {
    use super::*;

    #[test]
    #[ignore = "needs ../shared (or MARSAD_SHARED); run with `cargo test -- --ignored needs_` (.ci/run does)"]
    fn dedup_gold_rules() {
        let shared = shared().expect("shared/data/dedup-gold not found (set MARSAD_SHARED)");
        let (gold, unsure) = read_gold(&shared);
        let base = with_rules(DedupConfig::default(), 0);
        for rules in [0u8, 1, 2, 4, 3, 5, 6, 7] {
            let (s, tp, p, g) =
                pairwise_with(with_rules(base, rules), gold_batch(&shared), &gold, &unsure);
            eprintln!(
                "rules {rules:03b}: P {:.3} R {:.3} F1 {:.3} ({tp}/{p}/{g})",
                s.precision, s.recall, s.f1
            );
        }
    }
}

/// The bits of the article hash that split the gold ([`half_of`]).
const SPLIT_SEEDS: [u32; 2] = [0, 7];
/// Held-out precision and recall the chosen configurations must keep.
const HELD_OUT_FLOOR: (f64, f64) = (0.79, 0.8);

/// One split of [`dedup_gold_split_half`]: the table of every candidate on both halves, the
/// choice on each half and its held-out figures; returns the held-out (precision, recall)
/// averaged over the two directions.
fn split_half(
    seed: u32,
    shared: &Path,
    candidates: &[DedupConfig],
    gold: &[Vec<Item>],
    unsure: &HashSet<(Item, Item)>,
) -> (f64, f64) {
    let (gold, unsure) = (gold.to_vec(), unsure.clone());
    let halves = |h: usize| -> Vec<(SourcedDocument, Vec<EventRecord>)> {
        gold_batch(shared)
            .into_iter()
            .filter(|(d, _)| half_of(&d.document.doc_id, seed) == h)
            .collect()
    };
    eprintln!("split {seed}:");
    // scores[c][h]: candidate c on half h
    let table: Vec<[(Scores, usize, usize, usize); 2]> = candidates
        .iter()
        .map(|&c| {
            [
                pairwise_with(c, halves(0), &gold, &unsure),
                pairwise_with(c, halves(1), &gold, &unsure),
            ]
        })
        .collect();
    eprintln!(
        "| threshold | party conflict | parties need a fine place | regional conflict needs \
         text | counts at a front | half 0 P / R / F1 \
         (correct/predicted/gold) | half 1 P / R / F1 |"
    );
    for (c, row) in candidates.iter().zip(&table) {
        eprintln!(
            "| {} | {:?} | {} | {} | {} | {:.3} / {:.3} / {:.3} ({}/{}/{}) | {:.3} / {:.3} \
             / {:.3} ({}/{}/{}) |",
            c.threshold,
            c.party_conflict,
            c.parties_need_fine_place,
            c.regional_conflict_needs_text,
            c.recurring_counts_must_agree,
            row[0].0.precision,
            row[0].0.recall,
            row[0].0.f1,
            row[0].1,
            row[0].2,
            row[0].3,
            row[1].0.precision,
            row[1].0.recall,
            row[1].0.f1,
            row[1].1,
            row[1].2,
            row[1].3,
        );
    }
    let (mut precision, mut recall) = (0.0, 0.0);
    for chosen_on in 0..2 {
        let held_out = 1 - chosen_on;
        let best = (0..candidates.len())
            .max_by(|&x, &y| {
                let (a, b) = (&table[x][chosen_on].0, &table[y][chosen_on].0);
                (a.f1, a.precision)
                    .partial_cmp(&(b.f1, b.precision))
                    .unwrap()
                    .then(y.cmp(&x))
            })
            .unwrap();
        let (on, out) = (&table[best][chosen_on].0, &table[best][held_out].0);
        eprintln!(
            "chosen on half {chosen_on}: {:?}: there P {:.3} R {:.3} F1 {:.3}; held-out half \
             {held_out}: P {:.3} R {:.3} F1 {:.3}",
            candidates[best], on.precision, on.recall, on.f1, out.precision, out.recall, out.f1
        );
        precision += out.precision / 2.0;
        recall += out.recall / 2.0;
    }
    let f1 = scores(precision, recall).f1;
    eprintln!("split {seed}: held-out mean P {precision:.3} R {recall:.3} F1 {f1:.3}");
    let default = candidates
        .iter()
        .position(|c| *c == DedupConfig::default())
        .expect("the default is a candidate");
    for (h, (s, ..)) in table[default].iter().enumerate() {
        eprintln!(
            "default {:?} on half {h}: P {:.3} R {:.3} F1 {:.3}",
            candidates[default], s.precision, s.recall, s.f1
        );
    }
    (precision, recall)
}

/// Pairwise and B-cubed scores of the grouping `pred`, printed with its mistakes.
fn measure(
    label: &str,
    pred: &BTreeMap<String, Vec<Item>>,
    gold: &[Vec<Item>],
    gold_of: &HashMap<Item, usize>,
    unsure: &HashSet<(Item, Item)>,
) -> (Scores, Scores) {
    let (p, g) = (pairs(pred.values()), pairs(gold.iter()));
    let judged: HashSet<_> = p.difference(unsure).cloned().collect();
    let tp = judged.intersection(&g).count();
    let pairwise = scores(ratio(tp, judged.len()), ratio(tp, g.len()));
    let bc = b_cubed(pred, gold_of, unsure);
    let records = pred.values().map(Vec::len).sum::<usize>();
    eprintln!(
        "dedup gold, {label}: {records} records in {} events; {} predicted cross-article pairs \
         ({} UNSURE left out), {} gold pairs, {tp} correct",
        pred.len(),
        p.len(),
        p.len() - judged.len(),
        g.len()
    );
    eprintln!(
        "  pairwise P {:.3} R {:.3} F1 {:.3}; B-cubed P {:.3} R {:.3} F1 {:.3}",
        pairwise.precision, pairwise.recall, pairwise.f1, bc.precision, bc.recall, bc.f1
    );
    let mut wrong: Vec<_> = judged.difference(&g).collect();
    wrong.sort();
    for w in wrong {
        eprintln!("  merged but not gold: {w:?}");
    }
    let mut missed: Vec<_> = g.difference(&p).collect();
    missed.sort();
    for m in missed {
        eprintln!("  gold but not merged: {m:?}");
    }
    (pairwise, bc)
}

/// What a reader sees of the events: every field but the time of the last change (and the
/// event id unless `with_ids`: a rebuild numbers new events from the store's counter, which
/// depends on the events ingest made before), with the claims as gold items, sorted.
fn event_digest(store: &Store, with_ids: bool) -> Vec<String> {
    let mut out = Vec::new();
    store
        .for_each_event(&EventFilter::default(), |mut d| {
            d.event.updated_at = 0;
            if !with_ids {
                d.event.event_id_cnty.clear();
            }
            let mut claims: Vec<Item> = d
                .claims
                .iter()
                .map(|c| parse_item(&c.record.event_id))
                .collect();
            claims.sort();
            out.push(format!("{:?} {claims:?}", d.event));
            Ok(())
        })
        .unwrap();
    out.sort();
    out
}

/// Ingests `batch` in chunks of `chunk` articles, then rebuilds the events.
fn ingest_and_rebuild(
    store: &Store,
    batch: Vec<(SourcedDocument, Vec<EventRecord>)>,
    chunk: usize,
) -> marsad_store::Rebuilt {
    let mut batch = batch.into_iter().peekable();
    while batch.peek().is_some() {
        let part: Vec<_> = batch.by_ref().take(chunk).collect();
        Ingester::without_extractor(store)
            .ingest_extracted_batch(part)
            .unwrap();
    }
    let mut calls = 0;
    let rebuilt = store.rebuild_events(|_, done, total| {
        assert!(done <= total);
        calls += 1;
    });
    assert!(calls > 0, "the rebuild reports its progress");
    rebuilt.unwrap()
}

mod needs_shared_rebuilt_events_do_not_depend_on_ingest_order_or_backend {
    use super::*;

    #[test]
    #[ignore = "needs ../shared (or MARSAD_SHARED); run with `cargo test -- --ignored needs_` (.ci/run does)"]
    fn rebuilt_events_do_not_depend_on_ingest_order_or_backend() {
        let shared = shared().expect("shared/data/dedup-gold not found (set MARSAD_SHARED)");
        let forward = gold_batch(&shared);
        let records: usize = forward.iter().map(|(_, r)| r.len()).sum();
        let mut backward = gold_batch(&shared);
        backward.reverse();
        // a third order: every third article first, then the rest
        let mut shuffled = gold_batch(&shared);
        shuffled.sort_by_key(|(d, _)| {
            (d.document.doc_id.len() + d.document.doc_id.as_bytes()[20] as usize) % 3
        });

        let dir = tempfile::tempdir().unwrap();
        let a = Store::open(dir.path().join("a.db").to_str().unwrap()).unwrap();
        let b = Store::open(dir.path().join("b.db").to_str().unwrap()).unwrap();
        let ra = ingest_and_rebuild(&a, forward, 1000);
        let rb = ingest_and_rebuild(&b, backward, 7);
        assert_eq!(ra.records as usize, records, "no record is lost");
        assert_eq!((ra.records, ra.events), (rb.records, rb.events));
        let digest = event_digest(&a, false);
        assert_eq!(
            digest,
            event_digest(&b, false),
            "ingest order changed the rebuilt events"
        );
        // a second rebuild changes nothing
        ingest_and_rebuild(&a, Vec::new(), 1);
        assert_eq!(digest, event_digest(&a, false));
        let stored: usize = predicted(&a).values().map(Vec::len).sum();
        assert_eq!(stored, records, "every record is in one event");

        if let Some(db) = common::postgres_database("dedup_gold") {
            let pg = Store::open(&db.url).unwrap();
            ingest_and_rebuild(&pg, shuffled, 13);
            assert_eq!(
                event_digest(&pg, false),
                digest,
                "PostgreSQL and SQLite rebuilt different events"
            );
        }
    }
}
