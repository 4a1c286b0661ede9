//! Every input reader on arbitrary bytes: the first byte picks the kind (text, JSONL, gzipped
//! JSONL, HTML, RSS/Atom, WARC, gzipped WARC), the rest is the file. Gzip kinds also get the
//! rest compressed, so the readers behind the decoder are reached.
#![no_main]

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use marsad_store::sources::{read_file, InputFile, Item, Kind, ReadOptions};

const NAMES: [&str; 9] = [
    "a.txt",
    "a.jsonl",
    "a.jsonl.gz",
    "a.html",
    "a.xml",
    "a.warc",
    "a.warc.gz",
    "b.jsonl.gz",
    "b.warc.gz",
];

fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("marsad-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    let path = folder().join(name);
    let bytes = if name.starts_with('b') {
        // valid gzip around the fuzzed bytes
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(rest).unwrap();
        gz.finish().unwrap()
    } else {
        rest.to_vec()
    };
    std::fs::write(&path, bytes).unwrap();
    // HTML pages are also read directly (the path `watch` and WARC use).
    if name == "a.html" {
        let html = String::from_utf8_lossy(rest);
        let _ = marsad_store::sources::html_document(&html, Some("https://example.org/a"));
        let _ = marsad_store::sources::strip_html(&html);
    }
    let file = InputFile {
        kind: Kind::of(&path).unwrap(),
        root: folder().clone(),
        path,
    };
    let options = ReadOptions {
        max_doc_bytes: 1 << 20,
        text_published: chrono::NaiveDate::from_ymd_opt(2020, 2, 29),
    };
    // (A file may yield no item: a WARC without HTML responses, a JSONL of blank lines.)
    let _ = read_file::<()>(&file, &options, &mut |item| {
        if let Item::Document(d) = &item {
            // the size limit holds for every document handed out
            assert!(d.document.text.len() as u64 <= options.max_doc_bytes);
        }
        Ok(())
    });
});
