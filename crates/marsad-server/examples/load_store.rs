//! Builds a large SQLite store for the server's load test: the demo collection is coded once,
//! then each event record becomes the template of many one-sentence articles (its evidence
//! sentence), spread over ten years of dates and 37 outlets, written through the store's own
//! write path (`Ingester::ingest_extracted_batch`) until the store holds the asked number of
//! events. Copies of one template get other dates, and from the second round on a place of
//! their own (the template's name with the round number, moved up to half a degree), so that
//! deduplication keeps them apart as it would keep apart reports of different places.
//!
//!     cargo run --release -p marsad-server --example load_store -- /tmp/load.db 1000000

use std::time::Instant;

use chrono::{Duration, NaiveDate};
use marsad_extract::record::EventRecord;
use marsad_extract::{Document, Extractor};
use marsad_store::{Ingester, SourcedDocument, Store};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: load_store DB_PATH EVENTS");
    let target: u64 = args
        .next()
        .expect("usage: load_store DB_PATH EVENTS")
        .parse()
        .expect("EVENTS");
    let collection = include_str!("../../../data/demo/saudinewsnet-demo.jsonl");
    let docs: Vec<Document> = collection
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let extractor = Extractor::load_default().unwrap();
    // Templates: one record and its first evidence sentence as the whole article.
    let mut templates: Vec<(String, EventRecord)> = Vec::new();
    for doc in &docs {
        for mut r in extractor.extract(doc) {
            let Some(ev) = r.evidence.first().cloned() else {
                continue;
            };
            let shift = |s: &mut usize| *s = s.saturating_sub(ev.start);
            // a span inside the evidence sentence moves with it; one outside is dropped
            let rebase = |start: &mut Option<usize>, end: &mut Option<usize>| match (*start, *end) {
                (Some(s), Some(e)) if s >= ev.start && e <= ev.end => {
                    start.as_mut().map(shift);
                    end.as_mut().map(shift);
                }
                _ => (*start, *end) = (None, None),
            };
            r.evidence.truncate(1);
            shift(&mut r.evidence[0].start);
            shift(&mut r.evidence[0].end);
            for actor in [&mut r.actor1, &mut r.actor2].into_iter().flatten() {
                rebase(&mut actor.start, &mut actor.end);
            }
            if let Some(l) = r.location.as_mut() {
                rebase(&mut l.start, &mut l.end);
            }
            if r.trigger
                .as_ref()
                .is_some_and(|t| t.start < ev.start || t.end > ev.end)
            {
                r.trigger = None;
            }
            if let Some(t) = r.trigger.as_mut() {
                shift(&mut t.start);
                shift(&mut t.end);
            }
            templates.push((ev.sentence, r));
        }
    }
    eprintln!("{} templates from {} articles", templates.len(), docs.len());
    let store = Store::open(&path).unwrap();
    let mut ingester = Ingester::without_extractor(&store);
    let day0 = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    let started = Instant::now();
    let mut i: u64 = 0;
    let t = templates.len() as u64;
    loop {
        let events = store.count_events(&Default::default()).unwrap();
        eprintln!(
            "{events} events after {i} articles ({:.0} s)",
            started.elapsed().as_secs_f64()
        );
        if events >= target {
            break;
        }
        let n = ((target - events) as usize).clamp(1, 20_000);
        let mut batch = Vec::with_capacity(n);
        for _ in 0..n {
            let (sentence, template) = &templates[(i % t) as usize];
            let round = i / t;
            let date = day0 + Duration::days(((round * 7 + (i % t) * 13) % 3650) as i64);
            let mut r = template.clone();
            let doc_id = format!("load-{i}");
            r.doc_id = doc_id.clone();
            r.event_id = format!("{doc_id}#1");
            r.event_date = Some(date);
            if let (Some(l), true) = (r.location.as_mut(), round > 0) {
                // a deterministic offset in [-0.5, 0.5] degrees per copy
                let h = (i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11) as f64 / (1u64 << 53) as f64;
                let g = (i.wrapping_mul(0xC2B2_AE3D_27D4_EB4F) >> 11) as f64 / (1u64 << 53) as f64;
                l.name = format!("{} #{round}", l.name);
                l.latitude += h - 0.5;
                l.longitude += g - 0.5;
                l.geo_precision = 1;
            }
            let document = Document {
                doc_id,
                text: sentence.clone(),
                published: Some(date),
                source: Some(format!("outlet-{}", i % 37)),
                url: None,
                title: None,
            };
            batch.push((
                SourcedDocument {
                    document,
                    origin: format!("load {i}"),
                },
                vec![r],
            ));
            i += 1;
        }
        ingester.ingest_extracted_batch(batch).unwrap();
    }
}
