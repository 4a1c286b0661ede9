//! Speed of the word-level chain: clitic segmentation with its key, light stem and ISRI root,
//! on every Arabic word of a real text.
//!
//! Text: the SaudiNewsNet conflict subset from the shared folder (`$MARSAD_SHARED`, else
//! `../shared` beside the workspace), else the sample articles there, else a built-in paragraph
//! repeated. Run with `cargo run --release -p marsad-text --example segment_speed`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use marsad_text::segment::Segmenter;
use marsad_text::stem::{light_stem_into, root_into};
use marsad_text::tokenize::{tokenize, TokenKind};

const FALLBACK: &str = "قُتل ثلاثة عناصر من قوات الأمن وأصيب خمسة آخرون في هجوم شنّه مسلحون \
على حاجز أمني بالحسكة، وقالت مصادر محلية إن الاشتباكات استمرت ساعتين، وإن القوات اعتقلت \
عدداً من المهاجمين ونقلت جثثهم إلى مستشفى المدينة للتعرف عليها. ";

fn text() -> (String, &'static str) {
    let shared = std::env::var("MARSAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let news = shared.join("data/corpora/news/saudinewsnet/saudinewsnet-conflict-subset.jsonl");
    if let Ok(t) = std::fs::read_to_string(&news) {
        // the JSON lines hold the articles; escapes are rare and harmless for a speed test
        return (t, "SaudiNewsNet conflict subset (raw JSONL)");
    }
    (FALLBACK.repeat(20_000), "built-in paragraph x 20000")
}

/// Time this thread spent on a CPU (Linux `schedstat`), so that a busy machine does not count
/// the time the benchmark waited for a core; wall-clock time elsewhere.
struct Clock(Instant);

impl Clock {
    fn now() -> Clock {
        Clock(Instant::now())
    }

    fn cpu_ns() -> Option<u64> {
        let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        s.split_whitespace().next()?.parse().ok()
    }
}

/// Runs `f` and returns the seconds it took: on-CPU time when the OS reports it.
fn timed(f: impl FnOnce()) -> f64 {
    let cpu = Clock::cpu_ns();
    let wall = Clock::now();
    f();
    match (cpu, Clock::cpu_ns()) {
        (Some(a), Some(b)) if b > a => (b - a) as f64 / 1e9,
        _ => wall.0.elapsed().as_secs_f64(),
    }
}

fn main() {
    let (text, what) = text();
    let t0 = Instant::now();
    let segmenter = Segmenter::new();
    let load = t0.elapsed();
    println!("times: on-CPU time of this thread (Linux schedstat) where available, best of 3");
    let words: Vec<&str> = tokenize(&text)
        .into_iter()
        .filter(|t| t.kind == TokenKind::Arabic)
        .map(|t| t.span.slice(&text))
        .collect();
    let bytes: usize = words.iter().map(|w| w.len()).sum();
    let mut key = String::with_capacity(64);
    let mut best = [f64::MAX; 4];
    for _round in 0..3 {
        let mut split = 0usize;
        best[0] = best[0].min(timed(|| {
            for w in &words {
                split += usize::from(segmenter.segment(w).is_split());
            }
        }));
        black_box(split);
        best[1] = best[1].min(timed(|| {
            for w in &words {
                key.clear();
                black_box(segmenter.stem_key(w, &mut key));
            }
        }));
        best[2] = best[2].min(timed(|| {
            for w in &words {
                key.clear();
                light_stem_into(w, &mut key);
                black_box(&key);
            }
        }));
        best[3] = best[3].min(timed(|| {
            for w in &words {
                key.clear();
                root_into(w, &mut key);
                black_box(&key);
            }
        }));
    }
    let n = words.len() as f64;
    println!(
        "text: {what}; {} Arabic words, {:.1} MB of word bytes",
        words.len(),
        bytes as f64 / 1e6
    );
    println!(
        "Segmenter::new: {:.1} ms ({} lexicon forms)",
        load.as_secs_f64() * 1e3,
        segmenter.lexicon_len()
    );
    for (name, secs) in [
        "segment",
        "stem_key (segment + key)",
        "light_stem_into",
        "root_into",
    ]
    .iter()
    .zip(best)
    {
        println!(
            "{name:>26}: {:6.1} ns/word, {:6.1} MB/s",
            secs / n * 1e9,
            bytes as f64 / secs / 1e6
        );
    }
    let chain = best[1] + best[2] + best[3];
    println!(
        "{:>26}: {:6.1} ns/word",
        "stem_key + light + root",
        chain / n * 1e9
    );
}
