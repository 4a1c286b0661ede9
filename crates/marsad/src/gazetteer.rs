//! `marsad gazetteer`: rebuild the compact gazetteer from GeoNames dumps, and show what the
//! loaded gazetteer holds.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use marsad_geo::Gazetteer;

use crate::Outcome;

/// Build or inspect the gazetteer that place names resolve against.
///
/// Examples:
///   marsad gazetteer build --from ~/geonames --out world.gaz
///   MARSAD_GAZETTEER=world.gaz marsad extract --input examples/hasakah-prison.jsonl
///   marsad gazetteer info
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Build a compact gazetteer file from GeoNames dump files (`allCountries.txt` and/or
    /// `XX.txt`, `admin1CodesASCII.txt`, `admin2Codes.txt`, `alternateNamesV2.txt`, each may be
    /// `.gz`) or from marsad's shared tables (`places.tsv.gz`, `admin1.tsv`, `admin2.tsv`).
    /// Use the result by setting `MARSAD_GAZETTEER=FILE`.
    Build {
        /// A directory holding the dump files or tables; repeat it to add the places of
        /// another directory (the shipped file: `--from ../shared/data/gazetteer --from
        /// data/gazetteer/world`).
        #[arg(long, required = true)]
        from: Vec<PathBuf>,
        /// Where to write the compact file.
        #[arg(long, default_value = "marsad-gazetteer.bin")]
        out: PathBuf,
    },
    /// Show the gazetteer marsad loads (the embedded one, or `MARSAD_GAZETTEER`): places,
    /// load time, index memory, supplement warnings.
    Info,
}

pub fn run(args: Args) -> Result<Outcome> {
    match args.action {
        Action::Build { from, out } => build(from, out),
        Action::Info => info(),
    }
}

fn build(from: Vec<PathBuf>, out: PathBuf) -> Result<Outcome> {
    let report = marsad_geo::build::build_from_dirs(&from, &out).with_context(|| {
        let dirs: Vec<String> = from.iter().map(|d| d.display().to_string()).collect();
        format!("building a gazetteer from {}", dirs.join(", "))
    })?;
    println!("sources: {}", report.sources);
    println!(
        "rows read {}, places written {} ({} with Arabic names), admin units {}, name keys {}, \
         capital aliases dropped {}",
        report.rows_read,
        report.places,
        report.places_with_arabic,
        report.admins,
        report.keys,
        report.capital_aliases_dropped
    );
    println!("wrote {} ({} bytes)", out.display(), report.bytes);
    for warning in &report.warnings {
        eprintln!("marsad: warning: {warning}");
    }
    if report.warnings_total > report.warnings.len() {
        eprintln!(
            "marsad: … {} more warnings",
            report.warnings_total - report.warnings.len()
        );
    }
    println!(
        "use it with: MARSAD_GAZETTEER={} marsad extract …",
        out.display()
    );
    Ok(if report.warnings_total > 0 {
        Outcome::Partial
    } else {
        Outcome::Done
    })
}

fn info() -> Result<Outcome> {
    let started = Instant::now();
    let gazetteer = Gazetteer::load_default().context("loading the gazetteer")?;
    let elapsed = started.elapsed();
    println!("{}", gazetteer.description());
    println!(
        "{} places, loaded in {} ms, index memory {:.1} MB",
        gazetteer.len(),
        elapsed.as_millis(),
        gazetteer.memory_bytes() as f64 / 1e6
    );
    for warning in gazetteer.warnings() {
        eprintln!("marsad: warning: {warning}");
    }
    println!("{}", marsad_geo::ATTRIBUTION);
    Ok(if gazetteer.warnings().is_empty() {
        Outcome::Done
    } else {
        Outcome::Partial
    })
}
