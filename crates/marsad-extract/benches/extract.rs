//! End-to-end extraction throughput, single thread: text chain, dictionaries, frames,
//! factuality, geocoding and document merging, from a [`Document`] to its event records.
//! Inputs: the two sample articles (always) and the 10 MB SaudiNewsNet conflict subset when
//! `../shared` (or `$MARSAD_SHARED`) is present. Each run checks the event count it found first,
//! so a fast wrong answer cannot pass for speed. Loading the dictionaries and the gazetteer is
//! measured apart.
//!
//! Run: `cargo bench -p marsad-extract --bench extract`.

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::counter::BytesCount;
use divan::Bencher;
use marsad_extract::{Document, Extractor};

fn main() {
    divan::main();
}

/// A named batch of documents; benchmarks are listed by name.
#[derive(Clone, Copy)]
struct Batch {
    name: &'static str,
    docs: &'static [Document],
}

impl std::fmt::Display for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

fn parse(jsonl: &str) -> Vec<Document> {
    jsonl
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

fn batches() -> Vec<Batch> {
    static SAMPLES: OnceLock<Vec<Document>> = OnceLock::new();
    static NEWS: OnceLock<Option<Vec<Document>>> = OnceLock::new();
    let samples =
        SAMPLES.get_or_init(|| parse(include_str!("../../../examples/hasakah-prison.jsonl")));
    let mut batches = vec![Batch {
        name: "samples",
        docs: samples,
    }];
    let news = NEWS.get_or_init(|| {
        let shared = std::env::var_os("MARSAD_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
        let path = shared.join("data/corpora/news/saudinewsnet/saudinewsnet-conflict-subset.jsonl");
        std::fs::read_to_string(path).ok().map(|data| parse(&data))
    });
    match news {
        Some(docs) => batches.push(Batch {
            name: "news-10mb",
            docs,
        }),
        None => eprintln!("note: ../shared not found; benchmarking the samples only"),
    }
    batches
}

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::load_default().expect("bundled resources load"))
}

#[divan::bench(args = batches(), sample_count = 5, sample_size = 1)]
fn extract(bencher: Bencher, batch: Batch) {
    let extractor = extractor();
    let count = |docs: &[Document]| {
        docs.iter()
            .map(|d| extractor.extract(d).len())
            .sum::<usize>()
    };
    let expected = count(batch.docs);
    let bytes: usize = batch.docs.iter().map(|d| d.text.len()).sum();
    bencher
        .counter(BytesCount::new(bytes))
        .bench_local(|| assert_eq!(count(divan::black_box(batch.docs)), expected));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn load_resources() -> Extractor {
    Extractor::load_default().expect("bundled resources load")
}
