//! Arguments shared by the store commands: which database, and which events.

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use marsad_store::{EventFilter, Store};

/// Where the event store is.
#[derive(clap::Args, Clone, Debug)]
pub struct DbArgs {
    /// The store: a SQLite file (created when missing), or `postgres://user:pass@host/db` for a
    /// shared PostgreSQL database. Default: $MARSAD_DB, else `marsad.db` in the current folder.
    #[arg(long)]
    pub db: Option<String>,
}

impl DbArgs {
    /// The store location: `--db`, else $MARSAD_DB, else `marsad.db`.
    pub fn location(&self) -> String {
        self.db
            .clone()
            .or_else(|| std::env::var("MARSAD_DB").ok().filter(|s| !s.is_empty()))
            .unwrap_or_else(|| "marsad.db".to_string())
    }

    /// Opens the store, creating a SQLite file that does not exist (commands that write).
    pub fn open(&self) -> Result<Store> {
        let location = self.location();
        Store::open(&location).with_context(|| format!("opening the store {location}"))
    }

    /// Opens a store that exists (commands that read): a SQLite path with no file is an
    /// error, not a new empty store.
    pub fn open_existing(&self) -> Result<Store> {
        let location = self.location();
        let database = location.starts_with("postgres://")
            || location.starts_with("postgresql://")
            || location.starts_with("file:");
        if !database && !std::path::Path::new(&location).is_file() {
            bail!(
                "no store at {location}: give --db the file `marsad ingest` wrote (or a \
                 postgres:// URL), or set MARSAD_DB"
            );
        }
        self.open()
    }
}

/// Which events (every filter narrows the set).
#[derive(clap::Args, Clone, Debug, Default)]
pub struct FilterArgs {
    /// First day, YYYY-MM-DD (inclusive).
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// Last day, YYYY-MM-DD (inclusive).
    #[arg(long)]
    pub to: Option<NaiveDate>,
    /// Country: ISO code (`SY`) or English name (`Syria`).
    #[arg(long)]
    pub country: Option<String>,
    /// First-level division, English name as stored (e.g. `Al-Hasakah`).
    #[arg(long)]
    pub admin1: Option<String>,
    /// ACLED event type, e.g. `Battles`.
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// ACLED sub-event type, e.g. `Armed clash`.
    #[arg(long = "sub-type")]
    pub sub_event_type: Option<String>,
    /// Actor name or its beginning, any case (e.g. `islamic state`).
    #[arg(long)]
    pub actor: Option<String>,
    /// Words that must occur in a source article (Arabic, normalized: قتل finds قُتِلَ).
    #[arg(long)]
    pub q: Option<String>,
    /// Bounding box: west,south,east,north in degrees.
    #[arg(long, value_parser = parse_bbox, allow_hyphen_values = true)]
    pub bbox: Option<[f64; 4]>,
    /// At least this many fatalities.
    #[arg(long)]
    pub min_fatalities: Option<u32>,
}

fn parse_bbox(s: &str) -> Result<[f64; 4], String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{e}"))?;
    v.try_into()
        .map_err(|_| "expected four numbers: west,south,east,north".to_string())
}

impl FilterArgs {
    pub fn filter(&self) -> EventFilter {
        EventFilter {
            from: self.from,
            to: self.to,
            country: self.country.clone(),
            admin1: self.admin1.clone(),
            event_type: self.event_type.clone(),
            sub_event_type: self.sub_event_type.clone(),
            actor: self.actor.clone(),
            q: self.q.clone(),
            bbox: self.bbox,
            min_fatalities: self.min_fatalities,
        }
    }
}
