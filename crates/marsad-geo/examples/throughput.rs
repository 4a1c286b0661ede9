//! Throughput of detection + resolution over a JSONL corpus, for measuring on a busy machine:
//! `throughput CORPUS.jsonl ROUNDS` prints wall time per round; run it under
//! `perf stat -e task-clock` with 0 and N rounds to get CPU time per round.

use marsad_geo::{DocContext, Gazetteer};
use marsad_text::{normalize::TokenKeys, tokenize::tokenize};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = std::fs::read_to_string(&args[0]).expect("corpus");
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(1);
    let g = Gazetteer::load_default().expect("gazetteer");
    let docs: Vec<String> = corpus
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    let prepared: Vec<_> = docs
        .iter()
        .map(|d| {
            let t = tokenize(d);
            let k = TokenKeys::build(d, &t);
            (d.as_str(), t, k)
        })
        .collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut total = 0;
    for _ in 0..rounds {
        let t0 = std::time::Instant::now();
        for (text, tokens, keys) in &prepared {
            let m = g.find_mentions(text, tokens, keys);
            total += g.resolve(&m, &DocContext::default()).len();
        }
        let s = t0.elapsed().as_secs_f64();
        eprintln!(
            "{:.1} MB in {:.3} s wall = {:.1} MB/s",
            bytes as f64 / 1e6,
            s,
            bytes as f64 / 1e6 / s
        );
    }
    println!("{total} places resolved");
}
