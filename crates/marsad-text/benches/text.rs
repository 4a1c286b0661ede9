//! Throughput of the text core, single thread: normalize, tokenize, sentences, and the whole
//! chain. Inputs: the two sample articles (always), and the 10 MB SaudiNewsNet conflict subset
//! when `../shared` (or `$MARSAD_SHARED`) is present. Each benchmark checks a known count, so a
//! fast wrong answer cannot pass for speed.
//!
//! Run: `cargo bench -p marsad-text --bench text`.

use std::path::PathBuf;
use std::sync::OnceLock;

use divan::counter::BytesCount;
use divan::Bencher;
use marsad_text::analysis::Analyzer;
use marsad_text::normalize::{normalize, normalize_into, NormalizeOptions};
use marsad_text::sentence::split_sentences;
use marsad_text::tokenize::{tokenize, Tokens};

fn main() {
    divan::main();
}

const SAMPLES: &str = concat!(
    include_str!("../../../examples/hasakah-prison-a.txt"),
    include_str!("../../../examples/hasakah-prison-b.txt")
);

/// The news corpus texts joined by newlines, if the shared data is there.
fn corpus() -> Option<&'static str> {
    static CORPUS: OnceLock<Option<String>> = OnceLock::new();
    CORPUS
        .get_or_init(|| {
            let shared = std::env::var_os("MARSAD_SHARED")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
                });
            let path =
                shared.join("data/corpora/news/saudinewsnet/saudinewsnet-conflict-subset.jsonl");
            let data = std::fs::read_to_string(&path).ok()?;
            let mut text = String::with_capacity(data.len());
            for line in data.lines() {
                let value: serde_json::Value = serde_json::from_str(line).ok()?;
                text.push_str(value["text"].as_str()?);
                text.push('\n');
            }
            Some(text)
        })
        .as_deref()
}

/// A named input; benchmarks are listed by name.
#[derive(Clone, Copy)]
struct Input {
    name: &'static str,
    text: &'static str,
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

fn inputs() -> Vec<Input> {
    let mut inputs = vec![Input {
        name: "samples",
        text: SAMPLES,
    }];
    match corpus() {
        Some(text) => inputs.push(Input {
            name: "news-10mb",
            text,
        }),
        None => eprintln!("note: ../shared not found; benchmarking the samples only"),
    }
    inputs
}

#[divan::bench(args = inputs())]
fn normalize_matching_without_alignment(bencher: Bencher, input: Input) {
    let text = input.text;
    let expected_len = {
        let mut out = String::new();
        normalize_into(text, &NormalizeOptions::MATCHING, &mut out);
        out.len()
    };
    let mut out = String::with_capacity(text.len());
    bencher
        .counter(BytesCount::new(text.len()))
        .bench_local(|| {
            out.clear();
            normalize_into(
                divan::black_box(text),
                &NormalizeOptions::MATCHING,
                &mut out,
            );
            assert_eq!(out.len(), expected_len);
        });
}

#[divan::bench(args = inputs())]
fn normalize_matching_with_alignment(bencher: Bencher, input: Input) {
    let text = input.text;
    bencher
        .counter(BytesCount::new(text.len()))
        .bench_local(|| normalize(divan::black_box(text), &NormalizeOptions::MATCHING));
}

#[divan::bench(args = inputs())]
fn tokenize_iterate(bencher: Bencher, input: Input) {
    let text = input.text;
    let expected = tokenize(text).len();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench_local(|| {
            assert_eq!(Tokens::new(divan::black_box(text)).count(), expected);
        });
}

#[divan::bench(args = inputs())]
fn tokenize_and_split_sentences(bencher: Bencher, input: Input) {
    let text = input.text;
    let tokens = tokenize(text);
    let expected = split_sentences(text, &tokens).len();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench_local(|| {
            let tokens = tokenize(divan::black_box(text));
            assert_eq!(split_sentences(text, &tokens).len(), expected);
        });
}

#[divan::bench(args = inputs())]
fn whole_chain(bencher: Bencher, input: Input) {
    let text = input.text;
    let analyzer = Analyzer::new();
    let expected = analyzer.analyze(text).tokens.len();
    bencher
        .counter(BytesCount::new(text.len()))
        .bench_local(|| {
            let analysis = analyzer.analyze(divan::black_box(text));
            assert_eq!(analysis.tokens.len(), expected);
        });
}
