//! `marsad ingest`: files and folders of articles into the event store.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use marsad_extract::Extractor;
use marsad_store::sources::{self, Item, ReadOptions};
use marsad_store::{IngestReport, Ingester, SourcedDocument};

use crate::store_args::DbArgs;
use crate::Outcome;

/// Ingest articles into the event store: extract their events, merge the events that several
/// articles report, keep every source's claim.
///
/// Reads files and folders (recursively, in name order): `.txt` (one article; its id is the
/// path without extension), `.jsonl` / `.jsonl.gz` (one `{"doc_id","text","published",
/// "source","url","title"}` per line), `.html` (main text; menus and footers dropped),
/// RSS/Atom `.xml`/`.rss`/`.atom` (one article per item) and `.warc` / `.warc.gz` (the HTML
/// responses inside). Other files inside folders are ignored.
///
/// An article is identified by its source and id: ingesting it again is a no-op, a changed
/// text replaces its old events. Batches are written in transactions: if the run is killed,
/// running the same command again ends with the same store as an uninterrupted run.
///
/// Bad input (a broken line, a corrupt WARC record, a page over the size limit, a second text
/// under one doc_id) is reported on stderr with its file and line or record, and skipped.
/// Exit status: 0 when everything was stored, 1 when something was skipped, 2 on a fatal error
/// (the store cannot be opened or written; what was committed stays).
///
/// Examples:
///   marsad ingest examples/hasakah-prison.jsonl
///   marsad ingest --db postgres://marsad:pw@localhost/marsad archives/ feeds/*.xml
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Files and folders to read.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    db: DbArgs,
    /// Documents extracted together (the writer commits about every ten seconds).
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Skip documents larger than this many MiB (1 MiB = 1,048,576 bytes).
    #[arg(long, default_value_t = 16, alias = "max-doc-mb")]
    max_doc_mib: u64,
    /// The publication date (YYYY-MM-DD) of the plain-text (.txt) articles, which carry none.
    #[arg(long)]
    published: Option<chrono::NaiveDate>,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: Args) -> Result<Outcome> {
    let store = args.db.open()?;
    let extractor = Extractor::load_default().context("loading the extraction resources")?;
    let (files, ignored, problems) = sources::collect_files(&args.paths);
    let mut ingester = Ingester::new(&store, &extractor);
    for p in problems {
        let s = ingester.skip(p.origin, p.reason);
        eprintln!("marsad: {}: {}; skipped", s.origin, s.reason);
    }
    // The total is the inputs' bytes (the number of documents is not known before they are
    // read; the files' sizes are), the position the text handed to extraction so far: close
    // to the bytes of JSONL and HTML, capped for compressed files.
    let total: u64 = files
        .iter()
        .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()))
        .sum();
    let bar = crate::progress::bar(
        args.quiet,
        total,
        "{elapsed_precise} {wide_bar} {percent}% of {total_bytes} (ETA {eta}) {msg}",
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let started = Instant::now();
    let options = ReadOptions {
        max_doc_bytes: args.max_doc_mib.saturating_mul(1 << 20),
        text_published: args.published,
    };
    let batch_size = args.batch.max(1);
    let mut batch: Vec<SourcedDocument> = Vec::with_capacity(batch_size);
    let update_bar = |bar: &ProgressBar, ingester: &Ingester<'_>| {
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        let r = ingester.report();
        let read = r.read + ingester.in_flight();
        bar.set_message(format!(
            "{read} documents ({:.0}/s); committed: {} new, {} events, {} merged across sources",
            read as f64 / secs,
            r.new + r.updated,
            r.records,
            r.merged
        ));
    };
    for file in &files {
        bar.set_message(format!("reading {}", file.path.display()));
        let mut sink = |item: Item| -> Result<()> {
            match item {
                Item::Document(d) => {
                    batch.push(d);
                    if batch.len() >= batch_size {
                        submit(&mut ingester, &mut batch, &bar)?;
                        update_bar(&bar, &ingester);
                    }
                }
                Item::Skipped(s) => {
                    let s = ingester.skip(s.origin, s.reason);
                    bar.suspend(|| eprintln!("marsad: {}: {}; skipped", s.origin, s.reason));
                }
            }
            Ok(())
        };
        sources::read_file(file, &options, &mut sink)?;
    }
    submit(&mut ingester, &mut batch, &bar)?;
    let last = ingester.flush().context(WRITE_FAILED)?;
    show_skipped(last.as_ref(), &bar);
    bar.finish_and_clear();
    let report = ingester.finish().context(WRITE_FAILED)?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "marsad: {} documents read in {:.1} s ({:.0}/s): {} new, {} updated, {} unchanged, {} skipped; \
         {} event records written, {} merged with other sources' events; store: {}",
        report.read,
        secs,
        report.read as f64 / secs.max(1e-3),
        report.new,
        report.updated,
        report.unchanged,
        report.skipped.len(),
        report.records,
        report.merged,
        store.location()
    );
    if ignored > 0 {
        eprintln!("marsad: {ignored} file(s) of other kinds in the folders were ignored");
    }
    Ok(if report.skipped.is_empty() {
        Outcome::Done
    } else {
        Outcome::Partial
    })
}

const WRITE_FAILED: &str = "writing to the store (the open transaction was rolled back; \
     what was committed before stays, and running the same command again resumes)";

/// Hands the batch to the ingester (extracted now, written while the next one is extracted)
/// and reports what the batch written meanwhile skipped.
fn submit(
    ingester: &mut Ingester<'_>,
    batch: &mut Vec<SourcedDocument>,
    bar: &ProgressBar,
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let bytes: u64 = batch.iter().map(|d| d.document.text.len() as u64).sum();
    let written = ingester
        .submit(std::mem::take(batch))
        .context(WRITE_FAILED)?;
    bar.set_position((bar.position() + bytes).min(bar.length().unwrap_or(u64::MAX)));
    show_skipped(written.as_ref(), bar);
    Ok(())
}

fn show_skipped(report: Option<&IngestReport>, bar: &ProgressBar) {
    for s in report.iter().flat_map(|r| &r.skipped) {
        bar.suspend(|| eprintln!("marsad: {}: {}; skipped", s.origin, s.reason));
    }
    for s in report.iter().flat_map(|r| &r.repaired) {
        bar.suspend(|| eprintln!("marsad: {}: {}; stored", s.origin, s.reason));
    }
}
