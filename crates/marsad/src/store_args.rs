//! Arguments shared by the store commands: which database, and which events.

use anyhow::{bail, Context, Result};
use marsad_store::{EventFilter, FilterKind, Store, FILTERS};

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

    /// Opens the store to write to it, creating a SQLite file that does not exist; a damaged
    /// file is refused before anything is written ([`Store::check_integrity`]).
    pub fn open(&self) -> Result<Store> {
        Self::checked(self.open_to_read()?)
    }

    /// The store, once its pages are checked (commands that write to a store they open).
    pub fn checked(store: Store) -> Result<Store> {
        store
            .check_integrity()
            .with_context(|| format!("checking the store {}", store.location()))?;
        Ok(store)
    }

    fn open_to_read(&self) -> Result<Store> {
        let location = self.location();
        Store::open(&location).with_context(|| format!("opening the store {location}"))
    }

    /// Opens a store that exists (commands that read; a read-only file is read): a SQLite
    /// path with no file is an error, not a new empty store.
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
        self.open_to_read()
    }
}

/// Which events (every filter narrows the set): the flags of [`marsad_store::FILTERS`], with
/// their documentation, parsed and checked by [`EventFilter::set`] as the API's are.
#[derive(Clone, Debug, Default)]
pub struct FilterArgs {
    filter: EventFilter,
}

impl FilterArgs {
    pub fn filter(&self) -> EventFilter {
        self.filter.clone()
    }
}

fn invalid(flag: &str, message: impl std::fmt::Display) -> clap::Error {
    clap::Error::raw(
        clap::error::ErrorKind::ValueValidation,
        format!("--{flag}: {message}"),
    )
}

impl clap::FromArgMatches for FilterArgs {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut filter = EventFilter::default();
        for f in FILTERS {
            if let Some(value) = matches.get_one::<String>(f.flag) {
                filter
                    .set(f.name, value)
                    .map_err(|e| invalid(f.flag, e.message))?;
            }
        }
        filter.check().map_err(|e| {
            let flag = marsad_store::filter::spec(e.name).map_or(e.name, |s| s.flag);
            invalid(flag, e.message)
        })?;
        Ok(FilterArgs { filter })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = FilterArgs::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::Args for FilterArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        FILTERS.iter().fold(cmd, |cmd, f| {
            let value_name = match f.kind {
                FilterKind::Date => "YYYY-MM-DD",
                FilterKind::BBox => "W,S,E,N",
                FilterKind::Count { .. } => "N",
                FilterKind::Bool => "true|false",
                FilterKind::Choice(_) | FilterKind::Text => "TEXT",
            };
            let values = f.kind.values();
            let arg = clap::Arg::new(f.flag)
                .long(f.flag)
                .value_name(value_name)
                .help(f.doc)
                .allow_hyphen_values(f.kind == FilterKind::BBox);
            cmd.arg(if values.is_empty() {
                arg
            } else {
                arg.long_help(format!("{}\n\n[values: {}]", f.doc, values.join(", ")))
            })
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        FilterArgs::augment_args(cmd)
    }
}
