//! Extraction on arbitrary text: every stage from the text chain to the merged records.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use marsad_extract::{Document, Extractor};

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::load_default().expect("bundled resources load"))
}

fuzz_target!(|data: &[u8]| {
    let doc = Document {
        doc_id: "fuzz".into(),
        text: String::from_utf8_lossy(data).into_owned(),
        published: chrono::NaiveDate::from_ymd_opt(2020, 2, 29),
        source: None,
        url: None,
        title: None,
    };
    let _ = extractor().extract(&doc);
});
