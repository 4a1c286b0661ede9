//! `marsad dedup`: the store's events recomputed from its records.

use anyhow::{bail, Context, Result};

use crate::store_args::DbArgs;
use crate::Outcome;

/// Recompute the events of a store from its records (cross-source deduplication).
///
/// With --rebuild, every record is clustered anew in a canonical order (the most precisely
/// dated first, then by date, then record key), so the same articles ingested in any order, or
/// by several processes, give the same events afterwards; new events take new ids. Records and
/// every source's claim are kept; only their grouping into events changes. The rebuild commits
/// every 5,000 records (memory stays flat): if it is killed, the store keeps every record in
/// one event (old or new) and running the command again completes it.
///
/// Examples:
///   marsad dedup --rebuild --db marsad.db
///   marsad dedup --rebuild --db postgres://marsad:pw@localhost/marsad
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Recompute every event from the records.
    #[arg(long)]
    rebuild: bool,
    #[command(flatten)]
    db: DbArgs,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: Args) -> Result<Outcome> {
    if !args.rebuild {
        bail!("nothing to do: `marsad dedup --rebuild` recomputes the events");
    }
    let store = DbArgs::checked(args.db.open_existing()?)?;
    let bar = crate::progress::bar(
        args.quiet,
        0,
        "{elapsed_precise} {msg} {wide_bar} {pos}/{len} {percent}% (ETA {eta})",
    );
    let started = std::time::Instant::now();
    let rebuilt = store
        .rebuild_events(|phase, done, total| {
            bar.set_message(phase.to_string());
            bar.set_length(total);
            bar.set_position(done);
        })
        .context(
            "rebuilding the events (what was committed is kept: every record is still in one \
             event, and running the command again completes the rebuild)",
        )?;
    bar.finish_and_clear();
    eprintln!(
        "marsad: {} records clustered into {} events (before: {}) in {:.1} s; store: {}",
        rebuilt.records,
        rebuilt.events,
        rebuilt.events_before,
        started.elapsed().as_secs_f64(),
        store.location()
    );
    Ok(Outcome::Done)
}
