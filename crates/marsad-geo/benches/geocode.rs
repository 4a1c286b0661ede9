//! Place-mention detection plus resolution, in MB/s of article text.
//!
//! Runs over the 10 MB SaudiNewsNet conflict subset when `../shared` is present (the
//! workspace's sibling `shared/` folder), else over the two bundled sample articles, and asserts
//! a known count inside the benchmark so a fast but broken geocoder cannot pass.
//! `cargo bench -p marsad-geo`

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use divan::counter::BytesCount;
use marsad_geo::{DocContext, Gazetteer};
use marsad_text::{normalize::TokenKeys, tokenize::tokenize};

fn main() {
    divan::main();
}

fn gazetteer() -> &'static Arc<Gazetteer> {
    static G: OnceLock<Arc<Gazetteer>> = OnceLock::new();
    G.get_or_init(|| Gazetteer::load_default().expect("embedded gazetteer loads"))
}

/// Articles and whether they are the full corpus.
fn corpus() -> &'static (Vec<String>, bool) {
    static C: OnceLock<(Vec<String>, bool)> = OnceLock::new();
    C.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../..");
        let path =
            root.join("shared/data/corpora/news/saudinewsnet/saudinewsnet-conflict-subset.jsonl");
        if let Ok(text) = std::fs::read_to_string(&path) {
            let docs = text
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
                .collect();
            (docs, true)
        } else {
            eprintln!(
                "{} not found: benchmarking the bundled samples",
                path.display()
            );
            let samples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
            let docs = ["hasakah-prison-a.txt", "hasakah-prison-b.txt"]
                .iter()
                .map(|f| std::fs::read_to_string(samples.join(f)).expect("bundled sample"))
                .collect();
            (docs, false)
        }
    })
}

/// Detection + resolution over pre-tokenized documents (the extractor's situation: tokens and
/// keys are made once per document for every stage).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn detect_and_resolve(bencher: divan::Bencher) {
    let g = gazetteer();
    let (docs, full) = corpus();
    let prepared: Vec<_> = docs
        .iter()
        .map(|d| {
            let t = tokenize(d);
            let k = TokenKeys::build(d, &t);
            (d.as_str(), t, k)
        })
        .collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut resolved = 0usize;
        let mut hasakah = 0usize;
        for (text, tokens, keys) in &prepared {
            let mentions = g.find_mentions(text, tokens, keys);
            let places = g.resolve(&mentions, &DocContext::default());
            resolved += places.len();
            hasakah += places
                .iter()
                .filter(|p| p.place.geonameid == Some(173811))
                .count();
        }
        // known counts: the samples name Al-Hasakah; the corpus resolves many places
        assert!(hasakah >= 3, "Al-Hasakah resolved {hasakah} times");
        if *full {
            assert!(resolved > 20_000, "only {resolved} places resolved");
        }
        resolved
    });
}

/// The same, tokenization and keys included.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn tokenize_detect_and_resolve(bencher: divan::Bencher) {
    let g = gazetteer();
    let (docs, _) = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut resolved = 0usize;
        for d in docs {
            let t = tokenize(d);
            let k = TokenKeys::build(d, &t);
            let mentions = g.find_mentions(d, &t, &k);
            resolved += g.resolve(&mentions, &DocContext::default()).len();
        }
        assert!(resolved > 0);
        resolved
    });
}
