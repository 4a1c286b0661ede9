//! marsad's side of `bench/peers/run.sh`: the text stages the Python peers measure, on the same
//! input cut the same way (one unit per line of a `.txt` file, or per JSONL record's `text`),
//! single thread, with the same MB (10^6 bytes of the whole input). Prints one JSON object per
//! stage: `{"stage", "tool", "mb_per_s", "median_s", "runs_s", "units", "tokens"}`.
//!
//! Stages, as in `shared/tools/peers/README.md`:
//! - `normalize`: matching normalization of every unit (diacritics, tatweel, alef forms, ى, ة,
//!   digits, controls, punctuation), with the offset map to the original text;
//! - `tokenize`: every raw unit into typed tokens with byte and code-point spans;
//! - `chain`: per unit tokens, matching keys and sentences, then for every Arabic word the clitic
//!   segmentation with its stem key, the light stem and the ISRI root, and the unit's quantities
//!   and time expressions (what the peers' chain does, and more).
//!
//! ```text
//! cargo run --release -p marsad-text --example text_chain -- FILE [--runs 3]
//! ```

use std::hint::black_box;
use std::time::Instant;

use marsad_text::analysis::Analyzer;
use marsad_text::normalize::{normalize, NormalizeOptions};
use marsad_text::number::find_quantities;
use marsad_text::segment::Segmenter;
use marsad_text::stem::{light_stem_into, root_into};
use marsad_text::time::find_times;
use marsad_text::tokenize::{TokenKind, Tokens};

fn units(path: &str) -> Vec<String> {
    let data = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    if path.ends_with(".jsonl") {
        data.lines()
            .filter_map(|line| {
                let value: serde_json::Value = serde_json::from_str(line).ok()?;
                Some(value["text"].as_str()?.to_owned())
            })
            .collect()
    } else {
        data.lines().map(str::to_owned).collect()
    }
}

/// Runs `stage` `runs` times over all units; returns the sorted wall times and the stage's count.
fn measure(runs: usize, mut stage: impl FnMut() -> usize) -> (Vec<f64>, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut count = 0;
    for _ in 0..runs {
        let start = Instant::now();
        count = black_box(stage());
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    (times, count)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: text_chain FILE [--runs N]");
    let runs = match (args.next().as_deref(), args.next()) {
        (Some("--runs"), Some(n)) => n.parse().expect("--runs N"),
        _ => 3,
    };
    let units = units(&path);
    let bytes: usize = units.iter().map(String::len).sum::<usize>() + units.len();
    let analyzer = Analyzer::new();
    let segmenter = Segmenter::new();

    let normalize_stage = || {
        units
            .iter()
            .map(|u| normalize(u, &NormalizeOptions::MATCHING).as_str().len())
            .sum()
    };
    let tokenize_stage = || units.iter().map(|u| Tokens::new(u).count()).sum();
    let chain_stage = || {
        let mut word = String::with_capacity(64);
        let mut tokens = 0;
        for unit in &units {
            let analysis = analyzer.analyze(unit);
            for token in &analysis.tokens {
                if token.kind != TokenKind::Arabic {
                    continue;
                }
                let w = token.span.slice(unit);
                word.clear();
                black_box(segmenter.stem_key(w, &mut word));
                word.clear();
                light_stem_into(w, &mut word);
                word.clear();
                root_into(w, &mut word);
                black_box(&word);
            }
            tokens += analysis.tokens.len();
            black_box(find_quantities(unit, &analysis.tokens, &analysis.keys));
            black_box(find_times(unit, &analysis.tokens, &analysis.keys, None));
        }
        tokens
    };
    let stages: [(&str, &str, &dyn Fn() -> usize); 3] = [
        ("normalize", "marsad normalize (matching, with offsets)", &normalize_stage),
        ("tokenize", "marsad tokenize (typed, spans)", &tokenize_stage),
        (
            "chain",
            "marsad chain (tokens, keys, sentences, segment, light stem, ISRI root, quantities, times)",
            &chain_stage,
        ),
    ];
    for (stage, tool, run) in stages {
        let (times, count) = measure(runs, run);
        let median = times[times.len() / 2];
        let row = serde_json::json!({
            "stage": stage,
            "tool": tool,
            "mb_per_s": bytes as f64 / 1e6 / median,
            "median_s": median,
            "runs_s": times,
            "units": units.len(),
            "bytes": bytes,
            "count": count,
        });
        println!("{row}");
    }
}
