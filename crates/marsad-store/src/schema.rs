//! The versioned schema and its migrations, one list for both dialects.
//!
//! `meta` holds `schema_version` and the store's counters. Opening a store applies every
//! migration newer than the stored version, each in its own transaction; a database written
//! by a newer marsad is refused rather than guessed at. Tables:
//!
//! - `documents`: one row per article, keyed by a hash of (source, doc_id), with its content
//!   hash (re-ingesting the same text is a no-op, a new text replaces the old events);
//! - `doc_fts`: full-text index of the Arabic-normalized title and text (SQLite FTS5,
//!   PostgreSQL `tsvector`);
//! - `records`: every source's claim, i.e. one [`EventRecord`] as
//!   extracted, with its article's source, the blocking and scoring fields of deduplication
//!   and its cluster (`event`);
//! - `events`: one row per real-world occurrence, its fields derived from its records
//!   (`event_date` is `''` when unknown and `fat_key` is the fatalities or -1, so both sort
//!   and page without NULLs);
//! - `event_actors`: the actor names of each event, for the actor filter.

use marsad_extract::EventRecord;

use crate::db::{Conn, Dialect, Row, Val};
use crate::dedup::Claim;
use crate::error::StoreError;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 9;

/// The SQLite full-text table: no stored text (the article is in `documents`), no positions
/// (a query is a set of words), and the `ascii` tokenizer, which only cuts at the spaces of
/// the pre-split body ([`crate::query::index_body`]) instead of classifying every character.
const SQLITE_FTS_TABLE: &str = "CREATE VIRTUAL TABLE doc_fts USING fts5(body, content='', \
     contentless_delete=1, detail=none, tokenize='ascii')";

/// The covering index deduplication walks in block order (schema v4).
const RECORDS_CLAIMS_INDEX: &str = "CREATE INDEX records_claims ON records (country, admin1, \
     family, date_lo, date_hi, key, doc, event, sub_event_type, fatalities, place, latitude, \
     longitude, geo_precision, actors, sig)";

/// The columns of `records` since schema v4, `seq` first.
const RECORDS_COLUMNS: &str = "seq, key, doc, n, event, family, country, admin1, date_lo, \
     date_hi, sig, record, sub_event_type, fatalities, place, latitude, longitude, \
     geo_precision, actors";

/// Memory for the words of the SQLite full-text index not yet written ([`migration`] 5).
const FTS_PENDING_BYTES: i64 = 32 << 20;

/// Migration `n` brings the schema from version `n - 1` to `n`.
fn migration(version: i64, dialect: Dialect) -> Vec<String> {
    let (pk, blob, binary) = match dialect {
        Dialect::Sqlite => ("INTEGER PRIMARY KEY", "BLOB", ""),
        Dialect::Postgres => ("BIGINT PRIMARY KEY", "BYTEA", " COLLATE \"C\""),
    };
    match version {
        1 => {
            let mut sql = vec![
                format!(
                    "CREATE TABLE documents (
                        key {pk},
                        source TEXT NOT NULL,
                        doc_id TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        published TEXT,
                        url TEXT,
                        title TEXT,
                        text TEXT NOT NULL,
                        n_records BIGINT NOT NULL,
                        ingested_at BIGINT NOT NULL
                    )"
                ),
                "CREATE UNIQUE INDEX documents_source_id ON documents (source, doc_id)".into(),
                "CREATE INDEX documents_published ON documents (published)".into(),
                format!(
                    "CREATE TABLE records (
                        key {pk},
                        doc BIGINT NOT NULL,
                        n BIGINT NOT NULL,
                        seq BIGINT NOT NULL,
                        event BIGINT NOT NULL,
                        family TEXT NOT NULL,
                        country TEXT NOT NULL,
                        admin1 TEXT NOT NULL,
                        date_lo BIGINT NOT NULL,
                        date_hi BIGINT NOT NULL,
                        sig {blob} NOT NULL,
                        record TEXT NOT NULL
                    )"
                ),
                "CREATE INDEX records_block ON records (country, admin1, family, date_lo)".into(),
                "CREATE INDEX records_event ON records (event, seq)".into(),
                "CREATE INDEX records_doc ON records (doc, n)".into(),
                format!(
                    "CREATE TABLE events (
                        id {pk},
                        event_id_cnty TEXT NOT NULL,
                        event_date TEXT NOT NULL,
                        year BIGINT,
                        time_precision BIGINT,
                        disorder_type TEXT NOT NULL,
                        event_type TEXT NOT NULL,
                        sub_event_type TEXT NOT NULL,
                        plover TEXT,
                        actor1 TEXT,
                        inter1 BIGINT,
                        actor2 TEXT,
                        inter2 BIGINT,
                        interaction BIGINT,
                        civilian_targeting TEXT,
                        iso BIGINT,
                        region TEXT,
                        country TEXT,
                        country_code TEXT,
                        admin1 TEXT,
                        admin2 TEXT,
                        location TEXT,
                        latitude DOUBLE PRECISION,
                        longitude DOUBLE PRECISION,
                        geo_precision BIGINT,
                        fatalities BIGINT,
                        fatalities_max BIGINT,
                        fat_key BIGINT NOT NULL,
                        n_sources BIGINT NOT NULL,
                        n_records BIGINT NOT NULL,
                        sources TEXT NOT NULL,
                        notes TEXT,
                        confidence DOUBLE PRECISION NOT NULL,
                        updated_at BIGINT NOT NULL
                    )"
                ),
                "CREATE UNIQUE INDEX events_id_cnty ON events (event_id_cnty)".into(),
                "CREATE INDEX events_date ON events (event_date, id)".into(),
                "CREATE INDEX events_country ON events (country_code, event_date, id)".into(),
                "CREATE INDEX events_admin1 ON events (admin1, event_date, id)".into(),
                "CREATE INDEX events_type ON events (event_type, event_date, id)".into(),
                "CREATE INDEX events_sub_type ON events (sub_event_type, event_date, id)".into(),
                "CREATE INDEX events_fatalities ON events (fat_key, id)".into(),
                "CREATE INDEX events_lat ON events (latitude, longitude)".into(),
                format!(
                    "CREATE TABLE event_actors (
                        event BIGINT NOT NULL,
                        name TEXT NOT NULL,
                        name_key TEXT{binary} NOT NULL
                    )"
                ),
                "CREATE INDEX event_actors_name ON event_actors (name_key, event)".into(),
                "CREATE INDEX event_actors_event ON event_actors (event)".into(),
            ];
            match dialect {
                Dialect::Sqlite => sql.push(SQLITE_FTS_TABLE.into()),
                Dialect::Postgres => {
                    sql.push(
                        "CREATE TABLE doc_fts (doc BIGINT PRIMARY KEY, tsv tsvector NOT NULL)"
                            .into(),
                    );
                    sql.push("CREATE INDEX doc_fts_tsv ON doc_fts USING GIN (tsv)".into());
                }
            }
            sql
        }
        // the API's "most fatalities first" pages within a country or province walk an index
        // in that order instead of sorting every event of the place
        2 => vec![
            "CREATE INDEX events_country_fat ON events (country_code, fat_key, id)".into(),
            "CREATE INDEX events_admin1_fat ON events (admin1, fat_key, id)".into(),
        ],
        // a small map box sorts its events' keys from the index alone, then reads one page
        // of rows (the latitude index without the sort keys read every row of the box)
        3 => vec![
            "CREATE INDEX events_geo ON events (latitude, longitude, event_date, fat_key, id)"
                .into(),
            "DROP INDEX events_lat".into(),
        ],
        // Deduplication reads a candidate's claim from its own columns, all of them in one
        // covering index walked in block order, instead of parsing the stored record; the
        // SQLite full-text index of version 1 tokenized the whole text with unicode61 and
        // kept positions. [`fill_version_4`] fills both from the stored records and articles.
        4 => {
            let mut sql: Vec<String> = [
                "sub_event_type TEXT NOT NULL DEFAULT ''",
                "fatalities BIGINT",
                "place TEXT",
                "latitude DOUBLE PRECISION",
                "longitude DOUBLE PRECISION",
                "geo_precision BIGINT",
                "actors TEXT NOT NULL DEFAULT ''",
            ]
            .iter()
            .map(|column| format!("ALTER TABLE records ADD COLUMN {column}"))
            .collect();
            sql.push(RECORDS_CLAIMS_INDEX.into());
            sql.push("DROP INDEX records_block".into());
            if dialect == Dialect::Sqlite {
                sql.push("DROP TABLE doc_fts".into());
                sql.push(SQLITE_FTS_TABLE.into());
            }
            sql
        }
        // An ingest transaction adds thousands of articles to the SQLite full-text index in
        // key order ([`crate::store`]); FTS5 keeps their words in memory until this many
        // bytes (default 1 MB) before writing a segment, so the index gets one segment per
        // transaction to merge instead of dozens.
        5 => match dialect {
            Dialect::Sqlite => vec![format!(
                "INSERT INTO doc_fts (doc_fts, rank) VALUES ('hashsize', {FTS_PENDING_BYTES})"
            )],
            Dialect::Postgres => Vec::new(),
        },
        // SQLite keeps a table in the order of its integer key. `records` was ordered by a
        // hash of (article, number), so every record went to a random half-full page; ordered
        // by arrival (`seq`) they fill pages at the end of the table (2 KB → 1 KB a record,
        // and each batch rewrites few pages). PostgreSQL tables are heaps: nothing to do.
        6 => match dialect {
            Dialect::Sqlite => vec![
                "CREATE TABLE records_by_seq (
                    seq INTEGER PRIMARY KEY,
                    key BIGINT NOT NULL,
                    doc BIGINT NOT NULL,
                    n BIGINT NOT NULL,
                    event BIGINT NOT NULL,
                    family TEXT NOT NULL,
                    country TEXT NOT NULL,
                    admin1 TEXT NOT NULL,
                    date_lo BIGINT NOT NULL,
                    date_hi BIGINT NOT NULL,
                    sig BLOB NOT NULL,
                    record TEXT NOT NULL,
                    sub_event_type TEXT NOT NULL DEFAULT '',
                    fatalities BIGINT,
                    place TEXT,
                    latitude DOUBLE PRECISION,
                    longitude DOUBLE PRECISION,
                    geo_precision BIGINT,
                    actors TEXT NOT NULL DEFAULT ''
                )"
                .into(),
                format!(
                    "INSERT INTO records_by_seq ({RECORDS_COLUMNS}) \
                     SELECT {RECORDS_COLUMNS} FROM records ORDER BY seq"
                ),
                "DROP TABLE records".into(),
                "ALTER TABLE records_by_seq RENAME TO records".into(),
                "CREATE UNIQUE INDEX records_key ON records (key)".into(),
                "CREATE INDEX records_event ON records (event, seq)".into(),
                "CREATE INDEX records_doc ON records (doc, n)".into(),
                RECORDS_CLAIMS_INDEX.into(),
            ],
            Dialect::Postgres => Vec::new(),
        },
        // An event's row lists its sources. Each record now carries its article's source, so
        // rewriting an event reads its records alone instead of each one's article as well (a
        // random page of the largest table): 40% of the time of an event rewrite.
        7 => vec![
            "ALTER TABLE records ADD COLUMN source TEXT NOT NULL DEFAULT ''".into(),
            "UPDATE records SET source = COALESCE((SELECT d.source FROM documents d \
             WHERE d.key = records.doc), '')"
                .into(),
        ],
        // A rebuild of the events ([`crate::Store::rebuild_events`]) writes each record's new
        // event here, in many short transactions, while `event` keeps the old one readers see;
        // 0 outside a rebuild.
        8 => vec![
            "ALTER TABLE records ADD COLUMN new_event BIGINT NOT NULL DEFAULT 0".into(),
            "CREATE INDEX records_new_event ON records (new_event)".into(),
        ],
        // The actor filter finds an actor from any of its words, English or Arabic: each name
        // is kept under a key per word start, and the Arabic words of each claim's actors are
        // names too. [`fill_version_9`] rewrites the table.
        9 => Vec::new(),
        _ => unreachable!("no migration {version}"),
    }
}

/// The PostgreSQL advisory lock held while the schema is checked and migrated: processes
/// opening a fresh database at once would otherwise run the same `CREATE TABLE`s at once, and
/// all but one fail (PostgreSQL's `IF NOT EXISTS` does not wait for a concurrent creation).
/// SQLite's write lock does the same there.
const MIGRATION_LOCK: i64 = 0x6d61_7273_6164_0002;

/// Brings the database to [`SCHEMA_VERSION`], creating it when empty.
pub(crate) fn migrate(conn: &mut Conn) -> Result<i64, StoreError> {
    if conn.dialect() == Dialect::Sqlite {
        return migrate_unlocked(conn);
    }
    conn.batch(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))?;
    let migrated = migrate_unlocked(conn);
    // after an error the connection is closed, which releases the lock too
    let unlocked = conn.batch(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"));
    let version = migrated?;
    unlocked?;
    Ok(version)
}

fn migrate_unlocked(conn: &mut Conn) -> Result<i64, StoreError> {
    conn.batch("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL)")?;
    let found = read_meta(conn, "schema_version")?.unwrap_or(0);
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            location: conn.location().to_string(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    for version in found + 1..=SCHEMA_VERSION {
        let dialect = conn.dialect();
        conn.transaction(|conn| {
            // Another process may have migrated while we waited for the write lock.
            if read_meta(conn, "schema_version")?.unwrap_or(0) >= version {
                return Ok(());
            }
            for stmt in migration(version, dialect) {
                conn.batch(&stmt)?;
            }
            if version == 4 {
                fill_version_4(conn)?;
            }
            if version == 9 {
                fill_version_9(conn)?;
            }
            write_meta(conn, "schema_version", version)
        })?;
    }
    Ok(SCHEMA_VERSION)
}

/// Rewrites `event_actors` with the keys and Arabic names of version 9.
fn fill_version_9(conn: &mut Conn) -> Result<(), StoreError> {
    let location = conn.location().to_string();
    let mut names: std::collections::BTreeSet<(i64, String)> = Default::default();
    conn.for_each("SELECT event, name FROM event_actors", &[], |mut row| {
        let event = row[0].int().unwrap_or_default();
        names.extend(row[1].take_text().map(|n| (event, n)));
        Ok(())
    })?;
    conn.for_each("SELECT event, record FROM records", &[], |row| {
        let event = row[0].int().unwrap_or_default();
        let record: EventRecord =
            serde_json::from_str(row[1].text().unwrap_or("")).map_err(|e| StoreError::Corrupt {
                location: location.clone(),
                message: format!("record of event {event}: {e}"),
            })?;
        names.extend(crate::query::record_actor_names(&record).map(|n| (event, n.to_string())));
        Ok(())
    })?;
    conn.batch("DELETE FROM event_actors")?;
    for (event, name) in names {
        crate::query::insert_event_actor(conn, event, &name)?;
    }
    Ok(())
}

/// Fills what version 4 added from what earlier versions stored: the claim columns of
/// `records` from each stored record, and (SQLite) the new full-text index from the articles.
fn fill_version_4(conn: &mut Conn) -> Result<(), StoreError> {
    let location = conn.location().to_string();
    rewrite_in_key_order(
        conn,
        "SELECT key, doc, record FROM records WHERE key > $1 ORDER BY key LIMIT 1000",
        |row| {
            let key = row[0].int().unwrap_or_default();
            let record: EventRecord =
                serde_json::from_str(row[2].text().unwrap_or("")).map_err(|e| {
                    StoreError::Corrupt {
                        location: location.clone(),
                        message: format!("record {key}: {e}"),
                    }
                })?;
            // the stored date bounds already hold the interval; the rest is the record's
            Ok(Claim::new(&record, row[1].int().unwrap_or_default(), None))
        },
        |conn, key, claim| {
            let mut values = crate::store::claim_columns(&claim);
            values.push(Val::Int(key));
            conn.execute(
                "UPDATE records SET sub_event_type = $1, fatalities = $2, place = $3, \
                 latitude = $4, longitude = $5, geo_precision = $6, actors = $7 WHERE key = $8",
                &values,
            )
            .map(|_| ())
        },
    )?;
    if conn.dialect() == Dialect::Postgres {
        return Ok(());
    }
    rewrite_in_key_order(
        conn,
        "SELECT key, title, text FROM documents WHERE key > $1 ORDER BY key LIMIT 1000",
        |row| {
            Ok(crate::query::index_body(
                row[1].text(),
                row[2].text().unwrap_or(""),
            ))
        },
        |conn, key, body| crate::store::insert_fts(conn, key, &body),
    )
}

/// Reads a table a page at a time in key order (`select` takes the last key seen as `$1`
/// and returns the key first), derives a value from each row and writes it back.
fn rewrite_in_key_order<T>(
    conn: &mut Conn,
    select: &str,
    mut derive: impl FnMut(&Row) -> Result<T, StoreError>,
    mut write: impl FnMut(&mut Conn, i64, T) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut after = i64::MIN;
    loop {
        let mut page = Vec::new();
        conn.for_each(select, &[Val::Int(after)], |row| {
            page.push((row[0].int().unwrap_or_default(), derive(&row)?));
            Ok(())
        })?;
        let Some(&(last, _)) = page.last() else {
            return Ok(());
        };
        for (key, value) in page {
            write(conn, key, value)?;
        }
        after = last;
    }
}

pub(crate) fn read_meta(conn: &mut Conn, key: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .query_one("SELECT value FROM meta WHERE key = $1", &[key.into()])?
        .and_then(|row| row[0].int()))
}

pub(crate) fn write_meta(conn: &mut Conn, key: &str, value: i64) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[key.into(), Val::Int(value)],
    )?;
    Ok(())
}
