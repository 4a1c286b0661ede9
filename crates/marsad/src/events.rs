//! `marsad events`: list or show events of the store in the terminal.

use std::io::{self, BufWriter, Write};

use anyhow::{bail, Result};
use marsad_store::{PageRequest, Sort};

use crate::store_args::{DbArgs, FilterArgs};
use crate::Outcome;

/// List events of the store (newest first), or show one event with every source's claim.
///
/// Examples:
///   marsad events --country Syria --from 2022-01-01
///   marsad events --actor "islamic state" --min-fatalities 10 --limit 20
///   marsad events --show SYR1
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Show this event (its `event_id_cnty`) with each source's claim and evidence.
    #[arg(long)]
    show: Option<String>,
    /// How many events to list (1..=1000).
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// Order: newest first, oldest first, or most fatalities first.
    #[arg(long, value_enum, default_value = "date-desc")]
    sort: SortArg,
    /// Continue a listing from the cursor printed at its end.
    #[arg(long)]
    cursor: Option<String>,
    /// One JSON object per line instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    filter: FilterArgs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SortArg {
    DateDesc,
    DateAsc,
    FatalitiesDesc,
}

pub fn run(args: Args) -> Result<Outcome> {
    let store = args.db.open_existing()?;
    let mut out = BufWriter::new(io::stdout().lock());
    if let Some(id) = &args.show {
        let Some(detail) = store.event(id)? else {
            bail!("no event {id} in {}", store.location());
        };
        if args.json {
            serde_json::to_writer(&mut out, &detail)?;
            writeln!(out)?;
        } else {
            let e = &detail.event;
            writeln!(
                out,
                "{}  {}  {} / {}",
                e.event_id_cnty,
                opt(&e.event_date),
                e.event_type,
                e.sub_event_type
            )?;
            writeln!(
                out,
                "  place: {}, {}, {}",
                opt(&e.location),
                opt(&e.admin1),
                opt(&e.country)
            )?;
            writeln!(out, "  actors: {} vs {}", opt(&e.actor1), opt(&e.actor2))?;
            writeln!(
                out,
                "  fatalities: {} (claims up to {}), {} source(s): {}",
                opt(&e.fatalities),
                opt(&e.fatalities_max),
                e.n_sources,
                e.sources
            )?;
            for c in &detail.claims {
                let r = &c.record;
                writeln!(
                    out,
                    "  - {} [{}] {} {} fatalities {}",
                    c.doc_id,
                    c.source.as_deref().unwrap_or("-"),
                    r.sub_event_type.as_str(),
                    opt(&r.event_date),
                    opt(&r.fatalities)
                )?;
                for ev in &r.evidence {
                    writeln!(
                        out,
                        "      «{}» ({}..{})",
                        ev.sentence.trim(),
                        ev.start,
                        ev.end
                    )?;
                }
            }
        }
        return Ok(Outcome::Done);
    }
    let page = store.events(
        &args.filter.filter(),
        &PageRequest {
            limit: args.limit,
            cursor: args.cursor.clone(),
            sort: match args.sort {
                SortArg::DateDesc => Sort::DateDesc,
                SortArg::DateAsc => Sort::DateAsc,
                SortArg::FatalitiesDesc => Sort::FatalitiesDesc,
            },
        },
    )?;
    if !args.json {
        writeln!(out, "{}", table_row(&TABLE_HEADER.map(String::from)))?;
    }
    for e in &page.items {
        if args.json {
            serde_json::to_writer(&mut out, e)?;
            writeln!(out)?;
        } else {
            let row = [
                e.event_id_cnty.clone(),
                opt(&e.event_date),
                e.sub_event_type.clone(),
                format!("{}, {}", opt(&e.location), opt(&e.admin1)),
                opt(&e.fatalities),
                e.n_sources.to_string(),
                format!("{} / {}", opt(&e.actor1), opt(&e.actor2)),
            ];
            writeln!(out, "{}", table_row(&row))?;
        }
    }
    out.flush()?;
    if let Some(c) = &page.next_cursor {
        eprintln!("marsad: more events: add --cursor {c}");
    }
    Ok(Outcome::Done)
}

/// The listing's columns (the export's names where it has the column).
const TABLE_HEADER: [&str; 7] = [
    "event_id_cnty",
    "event_date",
    "sub_event_type",
    "location, admin1",
    "fatalities",
    "n_sources",
    "actor1 / actor2",
];

fn table_row(cells: &[String; 7]) -> String {
    format!(
        "{:<13} {:<10} {:<34} {:<28} {:>10} {:>9}  {}",
        cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]
    )
}

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref()
        .map_or_else(|| "-".to_string(), |x| x.to_string())
}
