//! `marsad extract`: articles in, event records out (docs/event-format.md).

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use marsad_extract::input::JsonlDocuments;
use marsad_extract::{Document, Extractor};
use rayon::prelude::*;

use crate::Outcome;

/// Extract event records from Arabic articles.
///
/// Reads articles as JSONL (one `{"doc_id", "text", "published", "source", "url", "title"}`
/// object per line) or as a plain-text file (one article), and writes one event record per
/// line to stdout (JSONL, see docs/event-format.md).
///
/// A line that is not UTF-8, not JSON, or has no `text` is reported on stderr with its line
/// number and skipped; the rest goes on. Exit status: 0 when every article was read, 1 when
/// some input was skipped, 2 on a fatal error (e.g. the input file cannot be opened).
///
/// Examples:
///   marsad extract --input examples/hasakah-prison.jsonl
///   marsad extract --input examples/hasakah-prison-a.txt --published 2022-01-24
///   cat articles.jsonl | marsad extract --explain
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Input file, or `-` for stdin.
    #[arg(long, short, default_value = "-")]
    input: PathBuf,
    /// Input format; by default from the file extension (`.txt` is text, anything else JSONL).
    #[arg(long, value_enum)]
    format: Option<InputFormat>,
    /// For text input: the article's id (default: the file name without extension).
    #[arg(long)]
    doc_id: Option<String>,
    /// For text input: the publication date, YYYY-MM-DD (relative dates resolve against it).
    #[arg(long)]
    published: Option<NaiveDate>,
    /// Print to stderr, for every event, the trigger, each argument and the rule that chose it.
    #[arg(long)]
    explain: bool,
    /// Articles processed in parallel per batch.
    #[arg(long, default_value_t = 256, hide = true)]
    batch: usize,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum InputFormat {
    Jsonl,
    Txt,
}

pub fn run(args: Args) -> Result<Outcome> {
    let extractor = Extractor::load_default().context("loading the extraction resources")?;
    let format = args.format.unwrap_or_else(|| guess_format(&args.input));
    let reader = open_input(&args.input)?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut skipped = 0usize;
    match format {
        InputFormat::Txt => {
            let doc = read_text_document(reader, &args)?;
            if doc.text.trim().is_empty() {
                // as `ingest` reports it: skipped, exit status 1
                eprintln!(
                    "marsad: {}: document {:?} has an empty text; skipped",
                    display_name(&args.input),
                    doc.doc_id
                );
                out.flush()?;
                eprintln!("marsad: 1 input skipped");
                return Ok(Outcome::Partial);
            }
            write_events(
                &extractor,
                std::slice::from_ref(&doc),
                args.explain,
                &mut out,
            )?;
        }
        InputFormat::Jsonl => {
            let mut documents = JsonlDocuments::new(reader);
            let mut batch = Vec::with_capacity(args.batch);
            loop {
                batch.clear();
                for item in documents.by_ref() {
                    match item {
                        Ok(doc) => batch.push(doc),
                        Err(err) => {
                            skipped += 1;
                            eprintln!("marsad: {}: {err}; skipped", display_name(&args.input));
                        }
                    }
                    if batch.len() == args.batch {
                        break;
                    }
                }
                for warning in documents.take_warnings() {
                    eprintln!("marsad: {}: {warning}", display_name(&args.input));
                }
                if batch.is_empty() {
                    break;
                }
                write_events(&extractor, &batch, args.explain, &mut out)?;
            }
        }
    }
    out.flush()?;
    Ok(if skipped > 0 {
        eprintln!("marsad: {skipped} input line(s) skipped");
        Outcome::Partial
    } else {
        Outcome::Done
    })
}

/// Extracts a batch in parallel and writes the records in input order.
fn write_events(
    extractor: &Extractor,
    batch: &[Document],
    explain: bool,
    out: &mut impl Write,
) -> Result<()> {
    let results: Vec<_> = batch
        .par_iter()
        .map(|doc| extractor.extract_explained(doc))
        .collect();
    for (events, explanation) in results {
        for event in &events {
            serde_json::to_writer(&mut *out, event)?;
            out.write_all(b"\n")?;
        }
        if explain {
            eprint!("{explanation}");
        }
    }
    Ok(())
}

fn guess_format(path: &Path) -> InputFormat {
    match path.extension().and_then(|e| e.to_str()) {
        Some("txt") => InputFormat::Txt,
        _ => InputFormat::Jsonl,
    }
}

/// Opens a file or stdin.
pub fn open_input(path: &Path) -> Result<Box<dyn BufRead>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufReader::new(io::stdin())));
    }
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

/// Reads a whole UTF-8 text from `reader` (opened from `path`); invalid UTF-8 is an error
/// naming the line and byte.
pub fn read_utf8(mut reader: Box<dyn BufRead>, path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {}", path.display()))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            bail!("{}: line {line}: invalid UTF-8 (byte {at})", path.display());
        }
    }
}

fn read_text_document(reader: Box<dyn BufRead>, args: &Args) -> Result<Document> {
    let text = read_utf8(reader, &args.input)?;
    let doc_id = args.doc_id.clone().unwrap_or_else(|| {
        args.input
            .file_stem()
            .and_then(|s| s.to_str())
            .filter(|s| *s != "-")
            .unwrap_or("stdin")
            .to_string()
    });
    Ok(Document {
        doc_id,
        text: text.trim_start_matches('\u{FEFF}').to_string(),
        published: args.published,
        ..Document::default()
    })
}

/// How an input is named in messages: its path, or `<stdin>`.
pub fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}
