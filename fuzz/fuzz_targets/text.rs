//! The text core on arbitrary text: normalization, tokens, sentences, segmentation, stems,
//! numbers and times, with every span checked to fall on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marsad_text::analysis::Analyzer;
use marsad_text::normalize::{normalize_str, NormalizeOptions};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let _ = normalize_str(text, &NormalizeOptions::MATCHING);
    let analysis = Analyzer::new().analyze(text);
    for token in &analysis.tokens {
        let piece = token.span.slice(text);
        let _ = marsad_text::stem::light_stem(piece);
        let _ = marsad_text::stem::root(piece);
    }
    let published = chrono::NaiveDate::from_ymd_opt(2020, 2, 29);
    let _ = marsad_text::number::find_quantities(text, &analysis.tokens, &analysis.keys);
    let _ = marsad_text::time::find_times(text, &analysis.tokens, &analysis.keys, published);
});
