//! `marsad demo`: the bundled articles in a temporary store, served as the observatory.

use std::sync::Arc;

use anyhow::{Context, Result};
use marsad_extract::{Document, Extractor};
use marsad_server::store::StoreBackend;
use marsad_store::Store;

use crate::serve::ServerArgs;
use crate::Outcome;

/// The two sample articles (examples/).
const SAMPLES: &str = include_str!("../../../examples/hasakah-prison.jsonl");
/// 400 SaudiNewsNet articles, CC BY-NC-SA 4.0 (data/demo/NOTICE.md).
const COLLECTION: &str = include_str!("../../../data/demo/saudinewsnet-demo.jsonl");

/// Show the observatory on the bundled articles: no setup, no network.
///
/// Codes the two sample articles and a demo collection of 400 Arabic news articles
/// (SaudiNewsNet, July-August 2015, CC BY-NC-SA 4.0) into a temporary SQLite store, then
/// serves the map, timeline and evidence view at http://127.0.0.1:8080 until ctrl-c.
///
/// Examples:
///   marsad demo
///   marsad demo --port 9000
///   marsad demo --keep demo.db        # keep the store afterwards (marsad serve --db demo.db)
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Write the store here and keep it, instead of a temporary file.
    #[arg(long)]
    keep: Option<std::path::PathBuf>,
    #[command(flatten)]
    server: ServerArgs,
}

/// Parses the bundled JSONL (a build-time constant, so a bad line is a bug).
fn documents(name: &str, jsonl: &str) -> Result<Vec<Document>> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).with_context(|| format!("bundled {name}: line {}", i + 1))
        })
        .collect()
}

pub fn run(args: Args) -> Result<Outcome> {
    let temp = match &args.keep {
        Some(_) => None,
        None => Some(TempDir::new()?),
    };
    let path = match (&args.keep, &temp) {
        (Some(path), _) => path.clone(),
        (None, Some(dir)) => dir.0.join("marsad-demo.db"),
        (None, None) => unreachable!("a temporary folder exists when --keep is not given"),
    };
    let location = path.to_string_lossy().into_owned();
    let store = Store::open(&location).with_context(|| format!("opening {location}"))?;
    eprintln!("marsad demo: loading the dictionaries and the gazetteer…");
    let extractor = Extractor::load_default().context("loading the extraction resources")?;
    let mut docs = documents("samples", SAMPLES)?;
    docs.extend(documents("demo collection", COLLECTION)?);
    eprintln!(
        "marsad demo: coding {} articles into {location}…",
        docs.len()
    );
    let report = store
        .ingest_documents(&extractor, docs)
        .context("ingesting the demo articles")?;
    let events = store
        .count_events(&Default::default())
        .context("counting events")?;
    eprintln!(
        "marsad demo: {} articles, {} event records, {events} events after merging sources",
        report.read, report.records
    );
    for skipped in &report.skipped {
        eprintln!(
            "marsad demo: skipped {}: {}",
            skipped.origin, skipped.reason
        );
    }
    let backend = Arc::new(StoreBackend::with_extractor(store, extractor));
    args.server.serve(backend, |url| {
        eprintln!("marsad demo: open {url} (ctrl-c to stop)");
    })?;
    Ok(Outcome::Done)
}

/// A folder under the system's temporary folder, removed when dropped.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new() -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!("marsad-demo-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
