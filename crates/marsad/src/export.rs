//! `marsad export`: events of the store as CSV, JSONL, GeoJSON or Parquet.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use marsad_store::export::Format;

use crate::store_args::{DbArgs, FilterArgs};
use crate::Outcome;

/// Export events: ACLED-style CSV, JSONL (every event with each source's claim and evidence),
/// GeoJSON (points, for QGIS) or Parquet (for pandas, polars, DuckDB).
///
/// CSV, GeoJSON and Parquet (and the API's CSV) share ACLED's column names and order
/// (event_id_cnty, event_date, year, time_precision, disorder_type, event_type, ...,
/// fatalities, tags, timestamp), then marsad's own: country_code, fatalities_max, n_sources,
/// source_documents, evidence (the Arabic sentences), confidence, plover. ACLED's conventions:
/// fatalities 0 when none is reported, notes an English summary of the coded fields. Parquet
/// is typed (event_date a date, timestamp a timestamp, counts integers). docs/CODEBOOK.md
/// says how each column is derived.
///
/// Examples:
///   marsad export --format csv --country Syria --from 2022-01-01 > syria.csv
///   marsad export --format parquet --output events.parquet
///   marsad export --format geojson --type Battles --output battles.geojson
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[arg(long, value_enum, default_value = "csv")]
    format: ExportFormat,
    /// Output file (default: stdout).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    filter: FilterArgs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Csv,
    Jsonl,
    Geojson,
    Parquet,
}

/// Checks where the export goes before anything is read or written.
fn check_output(path: &std::path::Path) -> Result<()> {
    if path.is_dir() {
        bail!("--output {}: is a folder; give a file name", path.display());
    }
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !folder.is_dir() {
            bail!(
                "--output {}: the folder {} does not exist",
                path.display(),
                folder.display()
            );
        }
    }
    Ok(())
}

pub fn run(args: Args) -> Result<Outcome> {
    if let Some(path) = &args.output {
        check_output(path)?;
    }
    let store = args.db.open_existing()?;
    let format = match args.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Geojson => Format::GeoJson,
        ExportFormat::Parquet => Format::Parquet,
    };
    let filter = args.filter.filter();
    // Counting first checks the filter against the store before a byte is written, and gives
    // the progress bar its total.
    let total = store.count_events(&filter)?;
    let bar = crate::progress::bar(
        args.quiet,
        total,
        "{elapsed_precise} exporting {wide_bar} {pos}/{len} events {percent}% (ETA {eta})",
    );
    let mut progress = |n: u64| bar.set_position(n);
    let n = match &args.output {
        Some(path) => {
            // Written to a temporary file beside the output and renamed over it once complete:
            // a failed export (full disk, store error) leaves no partial file, and an existing
            // output stays as it was.
            let folder = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => std::path::Path::new("."),
            };
            let mut builder = tempfile::Builder::new();
            builder.prefix(".marsad-export-");
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
            let file = builder
                .tempfile_in(folder)
                .with_context(|| format!("cannot create a file in {}", folder.display()))?;
            let mut out = BufWriter::new(file);
            let n = store.export_with_progress(&filter, format, &mut out, &mut progress)?;
            let file = out
                .into_inner()
                .map_err(|e| e.into_error())
                .with_context(|| format!("writing {}", path.display()))?;
            file.as_file()
                .sync_all()
                .with_context(|| format!("writing {}", path.display()))?;
            file.persist(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            n
        }
        None => {
            let mut out = BufWriter::new(io::stdout());
            let n = store.export_with_progress(&filter, format, &mut out, &mut progress)?;
            out.flush()?;
            n
        }
    };
    bar.finish_and_clear();
    eprintln!("marsad: {n} events exported");
    Ok(Outcome::Done)
}
