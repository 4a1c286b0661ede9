//! [`Store`]: opening a database (SQLite file or PostgreSQL URL), its connection pool, and
//! the write path of ingestion (documents, records, deduplication, derived events).
//!
//! The API is synchronous. A `Store` is a cheap `Clone + Send + Sync` handle over a small pool
//! of connections, so a multi-threaded program (rayon, or an async server calling it through
//! `tokio::task::spawn_blocking`) shares one. Never call it directly on an async executor
//! thread: the PostgreSQL client blocks (it runs its own small runtime).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use marsad_extract::record::SubEventType;
use marsad_extract::EventRecord;

use crate::countries;
use crate::db::{Conn, Dialect, Val};
use crate::dedup::{self, Claim, ClaimPlace, DedupConfig};
use crate::error::StoreError;
use crate::schema;
use crate::types::IngestReport;

/// Connections a store opens at most; callers beyond that wait for one to be returned, so a
/// busy server reuses its connections (and their prepared statements) instead of opening and
/// closing one per request.
const POOL_SIZE: usize = 8;

/// A marsad event store: SQLite (embedded, the default) or PostgreSQL (shared deployments),
/// with the same behaviour on both.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    target: Target,
    location: String,
    pool: Mutex<Pool>,
    /// Signalled when a connection is returned or closed.
    returned: Condvar,
    /// The deduplication choices of this handle's writes.
    dedup: Mutex<DedupConfig>,
}

/// A connection slot taken from the pool. Dropping it returns the connection when `keep` is
/// set, and otherwise (an error, a panic, a failed connect) closes it and frees the slot; a
/// waiting caller is woken either way.
struct Slot<'s> {
    store: &'s Store,
    conn: Option<Conn>,
    keep: bool,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let inner = &self.store.inner;
        let mut pool = inner.pool.lock().unwrap_or_else(|e| e.into_inner());
        match self.conn.take() {
            Some(conn) if self.keep => pool.idle.push(conn),
            _ => pool.open -= 1,
        }
        drop(pool);
        inner.returned.notify_one();
    }
}

impl Drop for Inner {
    /// Closes the idle connections. A PostgreSQL client owns a small async runtime, which must
    /// not be dropped on a thread that runs one (`marsad serve` drops its store when its runtime
    /// ends): they are closed on a thread of their own.
    fn drop(&mut self) {
        let idle = std::mem::take(&mut self.pool.get_mut().unwrap_or_else(|e| e.into_inner()).idle);
        if idle.iter().any(|c| c.dialect() == Dialect::Postgres) {
            let _ = std::thread::spawn(move || drop(idle)).join();
        }
    }
}

/// The idle connections and how many are open in all.
#[derive(Default)]
struct Pool {
    idle: Vec<Conn>,
    open: usize,
}

enum Target {
    Sqlite(String),
    Postgres(Box<postgres::Config>),
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("location", &self.inner.location)
            .finish()
    }
}

impl Store {
    /// Opens (creating and migrating when needed) the store at `location`: a
    /// `postgres://` or `postgresql://` URL, a SQLite `file:` URI (e.g.
    /// `file:marsad.db?mode=ro`), or a SQLite file path.
    pub fn open(location: &str) -> Result<Store, StoreError> {
        if location.starts_with("postgres://") || location.starts_with("postgresql://") {
            Store::open_postgres(location)
        } else {
            Store::open_sqlite(Path::new(location))
        }
    }

    /// Opens a SQLite store (a path, or a `file:` URI).
    ///
    /// A file that exists but cannot be written here (the file or its folder is read-only: a
    /// read-only mount, another user's files) is opened read-only, so that it can still be
    /// read (`read_only_uri`); writing to it then fails with a message saying so.
    pub fn open_sqlite(path: &Path) -> Result<Store, StoreError> {
        let location = path.to_string_lossy().into_owned();
        let target = read_only_uri(path).unwrap_or_else(|| location.clone());
        Store::start(Target::Sqlite(target), location)
    }

    /// Opens a PostgreSQL store: `postgres://user:password@host:port/database`.
    pub fn open_postgres(url: &str) -> Result<Store, StoreError> {
        let config: postgres::Config = url
            .parse()
            .map_err(|e: postgres::Error| StoreError::invalid("PostgreSQL URL", e.to_string()))?;
        let location = redact_password(url);
        Store::start(Target::Postgres(Box::new(config)), location)
    }

    fn start(target: Target, location: String) -> Result<Store, StoreError> {
        let store = Store {
            inner: Arc::new(Inner {
                target,
                location,
                pool: Mutex::new(Pool::default()),
                returned: Condvar::new(),
                dedup: Mutex::new(DedupConfig::default()),
            }),
        };
        store.with_conn(|conn| schema::migrate(conn).map(|_| ()))?;
        Ok(store)
    }

    /// Changes the deduplication choices of this handle's later writes (ingest, rebuild), for
    /// measurements that compare them; stores otherwise use [`DedupConfig::default`].
    pub fn set_dedup_config(&self, cfg: DedupConfig) {
        *self.inner.dedup.lock().unwrap_or_else(|e| e.into_inner()) = cfg;
    }

    fn dedup_config(&self) -> DedupConfig {
        *self.inner.dedup.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Where the store is (a path, or a URL without its password).
    pub fn location(&self) -> &str {
        &self.inner.location
    }

    /// SQLite or PostgreSQL.
    pub fn dialect(&self) -> Dialect {
        match self.inner.target {
            Target::Sqlite(_) => Dialect::Sqlite,
            Target::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Checks that every page of a SQLite file can be read (`PRAGMA quick_check`): a damaged
    /// page that a write does not touch would otherwise go unnoticed while the run reports
    /// success. Commands that write call it once after opening; it reads the whole file (about
    /// a second per GB). PostgreSQL checks its own pages; nothing is done there.
    pub fn check_integrity(&self) -> Result<(), StoreError> {
        if self.dialect() != Dialect::Sqlite {
            return Ok(());
        }
        self.with_conn(|conn| {
            let problems: Vec<String> = conn
                .query("PRAGMA quick_check(5)", &[])?
                .into_iter()
                .filter_map(|mut row| row.first_mut().and_then(Val::take_text))
                .flat_map(|text| text.lines().map(str::to_string).collect::<Vec<_>>())
                .filter(|line| line != "ok" && !line.starts_with("*** in database"))
                .collect();
            if problems.is_empty() {
                return Ok(());
            }
            Err(StoreError::Corrupt {
                location: conn.location().to_string(),
                message: format!(
                    "the database file is damaged (PRAGMA quick_check: {}); nothing was \
                     written to it. Restore it from a backup, or salvage what it holds with \
                     `sqlite3 FILE .recover | sqlite3 NEW`",
                    problems.join("; ")
                ),
            })
        })
    }

    /// The schema version of the database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.with_conn(|c| Ok(schema::read_meta(c, "schema_version")?.unwrap_or(0)))
    }

    fn connect(&self) -> Result<Conn, StoreError> {
        let location = self.inner.location.clone();
        match &self.inner.target {
            Target::Sqlite(path) => {
                use rusqlite::OpenFlags;
                let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_URI
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let conn =
                    rusqlite::Connection::open_with_flags(path, flags).map_err(|source| {
                        StoreError::Sqlite {
                            location: location.clone(),
                            source,
                        }
                    })?;
                conn.set_prepared_statement_cache_capacity(64);
                let mut conn = Conn::Sqlite { conn, location };
                conn.batch("PRAGMA busy_timeout = 30000")?;
                // WAL lets readers go on while a batch is written; a read-only file keeps its
                // journal mode.
                let _ = conn.batch("PRAGMA journal_mode = WAL");
                conn.batch(
                    "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -32768; \
                     PRAGMA temp_store = MEMORY",
                )?;
                Ok(conn)
            }
            Target::Postgres(config) => {
                let client =
                    config
                        .connect(postgres::NoTls)
                        .map_err(|source| StoreError::Postgres {
                            location: location.clone(),
                            source,
                        })?;
                let mut conn = Conn::Postgres {
                    client: Box::new(client),
                    location,
                };
                conn.batch("SET client_min_messages = warning")?;
                Ok(conn)
            }
        }
    }

    /// Runs `f` on a pooled connection, waiting for one when [`POOL_SIZE`] are in use. A
    /// connection whose operation failed is closed rather than returned (it may be
    /// mid-transaction or broken).
    pub(crate) fn with_conn<T>(
        &self,
        f: impl FnOnce(&mut Conn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let pooled = {
            let mut pool = self.inner.pool.lock().expect("pool lock");
            loop {
                if let Some(conn) = pool.idle.pop() {
                    break Some(conn);
                }
                if pool.open < POOL_SIZE {
                    pool.open += 1;
                    break None;
                }
                pool = self.inner.returned.wait(pool).expect("pool lock");
            }
        };
        let mut slot = Slot {
            store: self,
            conn: None,
            keep: false,
        };
        let conn = slot.conn.insert(match pooled {
            Some(c) => c,
            None => self.connect()?,
        });
        let result = f(conn);
        slot.keep = result.is_ok();
        result
    }

    /// The stored content hashes of these documents (by key), for deciding what is new.
    pub(crate) fn stored_hashes(
        &self,
        keys: &[i64],
    ) -> Result<rustc_hash::FxHashMap<i64, String>, StoreError> {
        let mut out = rustc_hash::FxHashMap::default();
        self.with_conn(|conn| {
            for chunk in keys.chunks(200) {
                let mut params = crate::db::Params::default();
                let list: Vec<String> = chunk.iter().map(|k| params.push(*k)).collect();
                let sql = format!(
                    "SELECT key, content_hash FROM documents WHERE key IN ({})",
                    list.join(",")
                );
                for mut row in conn.query(&sql, &params.values)? {
                    let key = row[0].int().unwrap_or_default();
                    out.insert(key, row[1].take_text().unwrap_or_default());
                }
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// A digest of everything the store holds except wall-clock times (`ingested_at`,
    /// `updated_at`) and the count of write transactions (`generation`, which depends on
    /// where the commits fell, i.e. on timing): two stores with equal digests hold the same documents, records, events
    /// (ids included) and counters. Used to check that an interrupted and resumed ingest ends
    /// where an uninterrupted one does.
    pub fn content_digest(&self) -> Result<String, StoreError> {
        let queries = [
            "SELECT key, value FROM meta WHERE key <> 'generation' ORDER BY key",
            "SELECT key, source, doc_id, content_hash, published, url, title, n_records \
             FROM documents ORDER BY key",
            "SELECT key, doc, n, seq, event, family, country, admin1, date_lo, date_hi, record \
             FROM records ORDER BY key",
            "SELECT id, event_id_cnty, event_date, time_precision, event_type, sub_event_type, \
             actor1, actor2, country_code, admin1, admin2, location, latitude, longitude, \
             fatalities, fatalities_max, n_sources, n_records, sources, notes, confidence \
             FROM events ORDER BY id",
            "SELECT event, name FROM event_actors ORDER BY event, name",
        ];
        let mut h1: i64 = 0;
        let mut h2: i64 = 0;
        self.with_conn(|c| {
            for sql in queries {
                c.for_each(sql, &[], |row| {
                    let text = format!("{row:?}");
                    h1 = stable_hash(&[&h1.to_le_bytes(), text.as_bytes()]);
                    h2 = stable_hash(&[text.as_bytes(), &h2.to_le_bytes()]);
                    Ok(())
                })?;
            }
            Ok(())
        })?;
        Ok(format!("{:016x}{:016x}", h1 as u64, h2 as u64))
    }

    /// A number that changes with every write to the store (by this process or another), so
    /// that what was read from it can be reused while it stays the same.
    pub fn generation(&self) -> Result<i64, StoreError> {
        self.with_conn(|conn| Ok(schema::read_meta(conn, GENERATION)?.unwrap_or(0)))
    }

    /// Recomputes every event of the store from its records, in a canonical order, so that
    /// any ingest order (or several ingesting processes) gives the same events afterwards
    /// ([`crate::dedup`]). New events take new ids from the store's counter. No record or
    /// claim is touched other than its `event`. Commits every `REBUILD_CHUNK` records
    /// ([`Store::rebuild_events_in_chunks`]): a rebuild killed midway leaves a usable store, and
    /// running it again completes it. `progress(phase, done, total)` reports the work.
    pub fn rebuild_events(
        &self,
        progress: impl FnMut(&str, u64, u64),
    ) -> Result<Rebuilt, StoreError> {
        self.rebuild_events_in_chunks(REBUILD_CHUNK, progress)
    }

    /// [`Store::rebuild_events`] committing every `chunk` records clustered and every `chunk`
    /// events swapped in.
    ///
    /// Two phases, each a series of short transactions, so memory stays flat and a killed
    /// rebuild leaves a usable store that a rerun completes (`REBUILD_PHASE` in `meta`):
    /// 1. clustering: the records whose `new_event` is 0, in canonical order, each join an
    ///    event of the records clustered before them (read from `new_event`) or found one with
    ///    a new id from the store's counter. Readers still see the old events (`event`). A
    ///    record's new event depends only on the records before it, so a rerun resumes where
    ///    the killed one stopped and gives what an uninterrupted rebuild gives.
    /// 2. swapping: `chunk` new events at a time, their records move from `event` to
    ///    `new_event` (reset to 0) and the new events and the old events they left are
    ///    rewritten from their members (an old event left empty is deleted). Every record is
    ///    in one event throughout.
    ///
    /// Records ingested during a rebuild keep the event ingest gave them when phase 1 is
    /// over; the next rebuild clusters them with the others.
    pub fn rebuild_events_in_chunks(
        &self,
        chunk: usize,
        mut progress: impl FnMut(&str, u64, u64),
    ) -> Result<Rebuilt, StoreError> {
        let cfg = self.dedup_config();
        let chunk = chunk.max(1);
        self.with_conn(|conn| {
            let events_before = conn.transaction(|conn| {
                let w = Writer::start(conn, cfg)?;
                let phase = schema::read_meta(w.conn, REBUILD_PHASE)?.unwrap_or(0);
                let before = if phase == 0 {
                    let before = count(w.conn, "SELECT COUNT(*) FROM events")?;
                    schema::write_meta(w.conn, REBUILD_PHASE, 1)?;
                    schema::write_meta(w.conn, REBUILD_EVENTS_BEFORE, before)?;
                    before
                } else {
                    schema::read_meta(w.conn, REBUILD_EVENTS_BEFORE)?.unwrap_or(0)
                };
                w.finish()?;
                Ok(before as u64)
            })?;
            let total = count(conn, "SELECT COUNT(*) FROM records")? as u64;
            if schema::read_meta(conn, REBUILD_PHASE)? == Some(1) {
                // records ingested while clustering are clustered by the next pass
                loop {
                    let keys: Vec<i64> = conn
                        .query(
                            "SELECT key FROM records WHERE new_event = 0 \
                             ORDER BY date_hi - date_lo, date_lo, key",
                            &[],
                        )?
                        .iter()
                        .filter_map(|r| r[0].int())
                        .collect();
                    if keys.is_empty() {
                        break;
                    }
                    let mut done = total.saturating_sub(keys.len() as u64);
                    progress("clustering records", done, total);
                    for part in keys.chunks(chunk) {
                        conn.transaction(|conn| {
                            let mut w = Writer::start(conn, cfg)?;
                            w.cluster = "new_event";
                            for &key in part {
                                w.recluster_record(key)?;
                            }
                            w.finish()
                        })?;
                        done += part.len() as u64;
                        progress("clustering records", done.min(total), total);
                    }
                }
                conn.transaction(|conn| schema::write_meta(conn, REBUILD_PHASE, 2))?;
            }
            let to_swap = count(
                conn,
                "SELECT COUNT(DISTINCT new_event) FROM records WHERE new_event > 0",
            )? as u64;
            let mut swapped = 0;
            progress("writing events", 0, to_swap);
            loop {
                let n = conn.transaction(|conn| {
                    let mut w = Writer::start(conn, cfg)?;
                    let n = w.swap_events(chunk)?;
                    if n == 0 {
                        schema::write_meta(w.conn, REBUILD_PHASE, 0)?;
                    }
                    w.finish()?;
                    Ok(n)
                })?;
                if n == 0 {
                    break;
                }
                swapped += n as u64;
                progress("writing events", swapped.min(to_swap), to_swap);
            }
            Ok(Rebuilt {
                records: total,
                events_before,
                events: count(conn, "SELECT COUNT(*) FROM events")? as u64,
            })
        })
    }

    /// The writer thread of an ingest ([`crate::Ingester`]): writes the batches of `jobs` in
    /// order, several per transaction, until `jobs` closes. A transaction is committed once
    /// it has been open for [`COMMIT_INTERVAL`], when a [`WriteJob::Commit`] arrives, and when
    /// the input ends; each commit is then reported on `done` with the reports of the batches
    /// it made durable. Larger transactions write each page the batches share, the
    /// full-text index and each touched event once, instead of once per batch. The first
    /// error is sent on `done` and ends the thread; its transaction is rolled back.
    pub(crate) fn run_writer(
        &self,
        jobs: Receiver<WriteJob>,
        done: Sender<Result<Committed, StoreError>>,
    ) {
        let cfg = self.dedup_config();
        let result = self.with_conn(|conn| {
            while let Ok(first) = jobs.recv() {
                // nothing to write: answer without a transaction
                let first = match first {
                    WriteJob::Batch(docs, report) if docs.is_empty() => {
                        send_committed(&done, report, false);
                        continue;
                    }
                    WriteJob::Commit => {
                        send_committed(&done, IngestReport::default(), true);
                        continue;
                    }
                    job => job,
                };
                let mut report = IngestReport::default();
                let end = conn.transaction(|conn| {
                    let mut w = Writer::start(conn, cfg)?;
                    let end = w.write_jobs(first, &jobs, &mut report)?;
                    w.finish()?;
                    Ok(end)
                })?;
                send_committed(&done, report, end == TransactionEnd::Requested);
                if end == TransactionEnd::InputEnded {
                    break;
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            let _ = done.send(Err(e));
        }
    }
}

/// What [`Store::rebuild_events`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rebuilt {
    /// Records clustered.
    pub records: u64,
    /// Events before and after.
    pub events_before: u64,
    pub events: u64,
}

/// How long the writer keeps a transaction open for more batches. Readers (the web server)
/// see an ingest's progress at this pace; a killed ingest redoes at most this much work.
/// Shorter transactions cost: at 2 s the 30,000-article synthetic ingest ran at 780
/// documents/s, at 10 s at 1,120 (BENCHMARKS.md).
pub(crate) const COMMIT_INTERVAL: Duration = Duration::from_secs(10);

/// Why the writer ends a transaction.
#[derive(PartialEq)]
enum TransactionEnd {
    /// It has been open for [`COMMIT_INTERVAL`].
    Interval,
    /// A [`WriteJob::Commit`] asked for it.
    Requested,
    /// The ingester closed the job channel.
    InputEnded,
    /// No batch was waiting and another writer waits for the write lock (PostgreSQL).
    OtherWriterWaits,
}

/// How often a PostgreSQL write transaction waiting for its next batch checks whether another
/// writer waits for the write lock.
const WAITERS_POLL: Duration = Duration::from_millis(100);

/// What the ingester hands to the writer thread ([`Store::run_writer`]).
pub(crate) enum WriteJob {
    /// A batch of prepared documents, with its report so far.
    Batch(Vec<PreparedDoc>, IngestReport),
    /// Commit what was written.
    Commit,
}

/// One commit of the writer thread: the reports of the batches it made durable, and whether
/// a [`WriteJob::Commit`] asked for it.
pub(crate) struct Committed {
    pub report: IngestReport,
    pub requested: bool,
}

fn send_committed(
    done: &Sender<Result<Committed, StoreError>>,
    report: IngestReport,
    requested: bool,
) {
    // the ingester may be gone (dropped without waiting): nobody is left to tell
    let _ = done.send(Ok(Committed { report, requested }));
}

/// The `meta` counter of written batches ([`Store::generation`]).
const GENERATION: &str = "generation";

/// Hides the password of a connection URL in messages.
fn redact_password(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        if let Some((userinfo, host)) = rest.split_once('@') {
            if let Some((user, _)) = userinfo.split_once(':') {
                return format!("{scheme}://{user}:***@{host}");
            }
        }
    }
    url.to_string()
}

/// Stable 64-bit hash (FNV-1a then a SplitMix64 finalizer), non-negative so it fits a
/// signed BIGINT key.
pub(crate) fn stable_hash(parts: &[&[u8]]) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    (h & (i64::MAX as u64)) as i64
}

/// The key of a document: its source and id (a document is the same article when both are).
/// The `file:` URI that opens an existing SQLite store read-only, when the file or its folder
/// cannot be written by this process; `None` when it can (or the path is already a URI, or
/// there is no file yet).
///
/// A store in write-ahead-log mode is read with `mode=ro` when SQLite can share the log with
/// a writer (the folder is writable, or the `-wal` and `-shm` files are there), else with
/// `immutable=1`: SQLite then takes no lock and reads the main file alone, which is right on
/// read-only media (the file holds every commit once its last writer has closed) but would
/// not see a writer that writes to it meanwhile.
fn read_only_uri(path: &Path) -> Option<String> {
    let text = path.to_str()?;
    if text.starts_with("file:") || !path.is_file() {
        return None;
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let dir_writable = writable(dir);
    if writable(path) && dir_writable {
        return None;
    }
    let beside = |suffix: &str| Path::new(&format!("{text}{suffix}")).exists();
    let mode = if dir_writable || (beside("-wal") && beside("-shm")) {
        "mode=ro"
    } else {
        "mode=ro&immutable=1"
    };
    let escaped = text
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23");
    Some(format!("file:{escaped}?{mode}"))
}

/// Whether this process may write to a file or folder (permissions and read-only mounts).
fn writable(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c_path` is a valid NUL-terminated string that outlives the call.
    unsafe { libc::access(c_path.as_ptr(), libc::W_OK) == 0 }
}

pub fn document_key(source: Option<&str>, doc_id: &str) -> i64 {
    stable_hash(&[source.unwrap_or("").as_bytes(), doc_id.as_bytes()])
}

/// The public form of a document key (16 hex digits).
pub fn format_doc_key(key: i64) -> String {
    format!("{:016x}", key as u64)
}

pub(crate) fn parse_doc_key(text: &str) -> Option<i64> {
    u64::from_str_radix(text, 16).ok().map(|k| k as i64)
}

/// Hash of what extraction reads from a document: a changed hash means new records.
pub(crate) fn content_hash(doc: &marsad_extract::Document) -> String {
    let published = doc.published.map(|d| d.to_string()).unwrap_or_default();
    let parts: [&[u8]; 4] = [
        doc.text.as_bytes(),
        published.as_bytes(),
        doc.title.as_deref().unwrap_or("").as_bytes(),
        doc.url.as_deref().unwrap_or("").as_bytes(),
    ];
    let a = stable_hash(&parts);
    let b = stable_hash(&[b"marsad-content-v1", parts[0], parts[1], parts[2], parts[3]]);
    format!("{:016x}{:016x}", a as u64, b as u64)
}

/// A document ready to be written: identified, hashed, extracted, and everything the writer
/// would otherwise compute on its single thread (the records' claims and JSON, the full-text
/// body) computed by the extraction threads.
pub(crate) struct PreparedDoc {
    pub key: i64,
    pub doc: marsad_extract::Document,
    pub hash: String,
    pub update: bool,
    /// Where it came from, for messages (`file:line`, …).
    pub origin: String,
    pub records: Vec<PreparedRecord>,
    /// What the full-text index receives ([`crate::query::index_body`]).
    pub index_body: String,
}

/// One extracted record as deduplication scores it and as it is stored.
pub(crate) struct PreparedRecord {
    pub claim: Claim,
    pub json: String,
}

impl PreparedDoc {
    pub(crate) fn new(
        key: i64,
        doc: marsad_extract::Document,
        hash: String,
        update: bool,
        origin: String,
        records: Vec<EventRecord>,
    ) -> Result<PreparedDoc, String> {
        let records = records
            .into_iter()
            .map(|record| {
                let json = serde_json::to_string(&record)
                    .map_err(|e| format!("record {} cannot be stored: {e}", record.event_id))?;
                Ok(PreparedRecord {
                    claim: Claim::new(&record, key, doc.published),
                    json,
                })
            })
            .collect::<Result<_, String>>()?;
        let index_body = crate::query::index_body(doc.title.as_deref(), &doc.text);
        Ok(PreparedDoc {
            key,
            doc,
            hash,
            update,
            origin,
            records,
            index_body,
        })
    }
}

/// The write path, inside one transaction.
struct Writer<'c> {
    conn: &'c mut Conn,
    next_seq: i64,
    next_event: i64,
    /// The store's write generation before this batch ([`Store::generation`]).
    generation: i64,
    now: i64,
    /// Events whose derived fields must be rewritten at the end of the transaction.
    dirty: BTreeSet<i64>,
    /// The written articles' full-text bodies, indexed at the end of the transaction.
    unindexed: Vec<(i64, String)>,
    cfg: DedupConfig,
    /// The column of `records` that clustering reads and writes: `event`, or during a
    /// rebuild `new_event`.
    cluster: &'static str,
}

/// A stored record, as deduplication reads it back.
struct Member {
    key: i64,
    event: i64,
    claim: Claim,
}

/// Separates the actor names in the `actors` column of `records`.
const ACTOR_SEPARATOR: char = '\n';

/// The columns [`Writer::member`] reads: a record's key, article and event, then its claim.
const MEMBER_COLUMNS: &str = "key, doc, event, date_lo, date_hi, family, country, admin1, \
    sub_event_type, fatalities, place, latitude, longitude, geo_precision, actors, sig";
/// Records clustered per transaction of a rebuild (and events swapped in per transaction).
pub const REBUILD_CHUNK: usize = 5000;
/// The `meta` key of an unfinished rebuild: 1 while clustering, 2 while swapping the new
/// events in, 0 (or absent) when none runs ([`Store::rebuild_events_in_chunks`]).
pub const REBUILD_PHASE: &str = "rebuild_phase";
/// The `meta` key keeping the number of events before the unfinished rebuild.
const REBUILD_EVENTS_BEFORE: &str = "rebuild_events_before";

/// The single integer a `SELECT COUNT(*) ...` returns.
fn count(conn: &mut Conn, sql: &str) -> Result<i64, StoreError> {
    Ok(conn
        .query_one(sql, &[])?
        .and_then(|r| r[0].int())
        .unwrap_or(0))
}

/// Date bounds stored for records without a date interval: never inside a query window.
const NO_DATE: i64 = -1_000_000;
/// Widest date interval (a month-precise date, ±15 days) plus slack: the blocking query scans
/// `date_lo` within this distance.
const MAX_SPAN: i64 = 30 + dedup::DATE_SLACK_DAYS;

/// The transaction-scoped PostgreSQL advisory lock every write transaction takes first
/// ([`Writer::start`]), so that the write transactions of concurrent writers (ingest processes
/// on one or many machines, the server's uploads) take turns.
///
/// Why a lock rather than sequences and row locks: a write transaction reads the counters
/// (`meta.next_event`, `next_seq`) and the candidate events of deduplication, and decides from
/// them which event each record joins and which events it rewrites. Sequences would make the
/// ids unique, but two transactions would still read the same candidates, each found or grow
/// an event without seeing the other's records, and rewrite an event from a stale member list;
/// making that correct needs a lock on every block (country, province, family, dates) a record
/// may join, which is the whole table in the worst case. SERIALIZABLE with retry would be
/// correct but would abort most concurrent windows (they read overlapping blocks) and redo
/// seconds of writing. Writing is the short part of ingestion (extraction, in parallel in each
/// worker, is most of the time), so serialized writes still let N workers extract N times as
/// much; and it is what SQLite does anyway (`BEGIN IMMEDIATE`). The lock is released by the
/// commit or rollback, also when a worker dies.
const WRITE_LOCK: i64 = 0x6d61_7273_6164_0001;

impl<'c> Writer<'c> {
    fn start(conn: &'c mut Conn, cfg: DedupConfig) -> Result<Writer<'c>, StoreError> {
        if conn.dialect() == Dialect::Postgres {
            // before anything is read: the counters and the candidates must be the latest
            conn.batch(&format!("SELECT pg_advisory_xact_lock({WRITE_LOCK})"))?;
        }
        let next_seq = schema::read_meta(conn, "next_seq")?.unwrap_or(1);
        let next_event = schema::read_meta(conn, "next_event")?.unwrap_or(1);
        let generation = schema::read_meta(conn, GENERATION)?.unwrap_or(0);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Ok(Writer {
            conn,
            next_seq,
            next_event,
            generation,
            now,
            dirty: BTreeSet::new(),
            unindexed: Vec::new(),
            cfg,
            cluster: "event",
        })
    }

    /// Writes jobs from `first` on, each batch's articles, records and their deduplication,
    /// counting into `report`, until the transaction should end.
    fn write_jobs(
        &mut self,
        first: WriteJob,
        jobs: &Receiver<WriteJob>,
        report: &mut IngestReport,
    ) -> Result<TransactionEnd, StoreError> {
        let opened = Instant::now();
        let mut job = first;
        loop {
            let WriteJob::Batch(docs, batch_report) = job else {
                return Ok(TransactionEnd::Requested);
            };
            report.absorb(batch_report);
            for doc in docs {
                self.write_isolated(doc, report)?;
            }
            if opened.elapsed() >= COMMIT_INTERVAL {
                return Ok(TransactionEnd::Interval);
            }
            job = match self.next_job(jobs)? {
                Ok(next) => next,
                Err(end) => return Ok(end),
            };
        }
    }

    /// Waits for the next job of the transaction. On PostgreSQL a transaction waiting for its
    /// ingester's next batch would hold the write lock while other writers wait (an upload
    /// to the server, another worker, waiting as long as this ingester reads slowly): it ends
    /// instead as soon as another writer waits for the lock.
    fn next_job(
        &mut self,
        jobs: &Receiver<WriteJob>,
    ) -> Result<Result<WriteJob, TransactionEnd>, StoreError> {
        use std::sync::mpsc::RecvTimeoutError;
        if self.conn.dialect() == Dialect::Sqlite {
            return Ok(jobs.recv().map_err(|_| TransactionEnd::InputEnded));
        }
        loop {
            match jobs.recv_timeout(WAITERS_POLL) {
                Ok(next) => return Ok(Ok(next)),
                Err(RecvTimeoutError::Disconnected) => return Ok(Err(TransactionEnd::InputEnded)),
                Err(RecvTimeoutError::Timeout) => {
                    if self.other_writer_waits()? {
                        return Ok(Err(TransactionEnd::OtherWriterWaits));
                    }
                }
            }
        }
    }

    /// Whether another session of this database waits for [`WRITE_LOCK`] (PostgreSQL shows
    /// a `bigint` advisory key as its high and low halves).
    fn other_writer_waits(&mut self) -> Result<bool, StoreError> {
        let sql = format!(
            "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted \
             AND classid = {} AND objid = {} AND objsubid = 1 \
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            WRITE_LOCK >> 32,
            WRITE_LOCK & 0xffff_ffff
        );
        let waiting = self.conn.query_one(&sql, &[])?;
        Ok(waiting.and_then(|row| row[0].int()).unwrap_or(0) > 0)
    }

    /// Ends the transaction's work: the full-text index, the derived events, the counters.
    fn finish(mut self) -> Result<(), StoreError> {
        self.index_documents()?;
        let dirty = std::mem::take(&mut self.dirty);
        for event in dirty {
            self.write_event(event)?;
        }
        schema::write_meta(self.conn, "next_seq", self.next_seq)?;
        schema::write_meta(self.conn, "next_event", self.next_event)?;
        schema::write_meta(self.conn, GENERATION, self.generation + 1)?;
        Ok(())
    }

    /// Writes one article inside a savepoint. When the database refuses the article's data
    /// (a value it cannot store, a constraint), only that article is rolled back and reported
    /// as skipped with its origin; the others of the transaction are stored. Other errors
    /// (connection, disk) end the transaction.
    fn write_isolated(
        &mut self,
        mut p: PreparedDoc,
        report: &mut IngestReport,
    ) -> Result<(), StoreError> {
        // the ingester counted it new or updated from what was stored before; another writer
        // may have stored it since
        let stored = self
            .conn
            .query_one(
                "SELECT content_hash FROM documents WHERE key = $1",
                &[Val::Int(p.key)],
            )?
            .and_then(|mut row| row[0].take_text());
        let counted = if p.update {
            &mut report.updated
        } else {
            &mut report.new
        };
        *counted -= 1;
        match stored {
            Some(hash) if hash == p.hash => {
                report.unchanged += 1;
                return Ok(());
            }
            stored => p.update = stored.is_some(),
        }
        let (next_seq, next_event) = (self.next_seq, self.next_event);
        let mut counts = IngestReport::default();
        self.conn.batch("SAVEPOINT article")?;
        match self.write_document(&p, &mut counts) {
            Ok(()) => self.conn.batch("RELEASE SAVEPOINT article")?,
            Err(e) if e.is_about_the_data() => {
                self.conn
                    .batch("ROLLBACK TO SAVEPOINT article; RELEASE SAVEPOINT article")?;
                // events it made or touched stay marked dirty: rewriting them from their
                // members changes nothing, and an event id handed out again is rewritten
                // from its new members
                (self.next_seq, self.next_event) = (next_seq, next_event);
                report.skipped.push(crate::types::Skipped {
                    origin: p.origin,
                    reason: format!("the database refused this article, skipped: {e}"),
                });
                return Ok(());
            }
            Err(e) => return Err(e),
        }
        if p.update {
            report.updated += 1;
        } else {
            report.new += 1;
        }
        report.records += counts.records;
        report.merged += counts.merged;
        if self.conn.dialect() == Dialect::Sqlite {
            self.unindexed.push((p.key, p.index_body));
        }
        Ok(())
    }

    fn write_document(
        &mut self,
        p: &PreparedDoc,
        report: &mut IngestReport,
    ) -> Result<(), StoreError> {
        let d = &p.doc;
        let source = d.source.clone().unwrap_or_default();
        let published = d.published.map(|x| x.to_string());
        if p.update {
            self.remove_document_records(p.key)?;
            self.conn.execute(
                "UPDATE documents SET content_hash = $1, published = $2, url = $3, title = $4, \
                 text = $5, n_records = $6, ingested_at = $7 WHERE key = $8",
                &[
                    p.hash.clone().into(),
                    published.into(),
                    d.url.clone().into(),
                    d.title.clone().into(),
                    d.text.clone().into(),
                    Val::Int(p.records.len() as i64),
                    Val::Int(self.now),
                    Val::Int(p.key),
                ],
            )?;
            self.delete_fts(p.key)?;
        } else {
            self.conn.execute(
                "INSERT INTO documents (key, source, doc_id, content_hash, published, url, title, \
                 text, n_records, ingested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                &[
                    Val::Int(p.key),
                    source.as_str().into(),
                    d.doc_id.clone().into(),
                    p.hash.clone().into(),
                    published.into(),
                    d.url.clone().into(),
                    d.title.clone().into(),
                    d.text.clone().into(),
                    Val::Int(p.records.len() as i64),
                    Val::Int(self.now),
                ],
            )?;
        }
        for (n, record) in p.records.iter().enumerate() {
            let merged = self.add_record(p.key, &source, n as i64, record)?;
            report.records += 1;
            report.merged += merged as u64;
        }
        if self.conn.dialect() == Dialect::Postgres {
            // inside the article's savepoint: a body the index refuses skips its article
            insert_fts(self.conn, p.key, &p.index_body)?;
        }
        Ok(())
    }

    /// Adds the transaction's articles to the SQLite full-text index in key order. FTS5 keeps
    /// the words it has not yet written in memory only while row ids ascend; one smaller id
    /// writes them out as a new segment, so articles in arrival order (random keys) would
    /// each make a segment for the index to merge again and again. (PostgreSQL indexes each
    /// article as it is written.)
    fn index_documents(&mut self) -> Result<(), StoreError> {
        let mut unindexed = std::mem::take(&mut self.unindexed);
        unindexed.sort_unstable_by_key(|(key, _)| *key);
        for (key, body) in unindexed {
            insert_fts(self.conn, key, &body)?;
        }
        Ok(())
    }

    fn delete_fts(&mut self, key: i64) -> Result<(), StoreError> {
        let sql = match self.conn.dialect() {
            Dialect::Sqlite => "DELETE FROM doc_fts WHERE rowid = $1",
            Dialect::Postgres => "DELETE FROM doc_fts WHERE doc = $1",
        };
        self.conn.execute(sql, &[Val::Int(key)])?;
        Ok(())
    }

    /// Removes an article's records from their events, then re-clusters what remains of
    /// each of those events.
    fn remove_document_records(&mut self, doc: i64) -> Result<(), StoreError> {
        let events: BTreeSet<i64> = self
            .conn
            .query("SELECT event FROM records WHERE doc = $1", &[Val::Int(doc)])?
            .iter()
            .filter_map(|r| r[0].int())
            .collect();
        self.conn
            .execute("DELETE FROM records WHERE doc = $1", &[Val::Int(doc)])?;
        for event in events {
            self.recluster(event)?;
        }
        Ok(())
    }

    /// Splits an event whose members may no longer hang together: members are taken in
    /// arrival order and each joins the first group it agrees with, as on arrival.
    fn recluster(&mut self, event: i64) -> Result<(), StoreError> {
        let members = self.members_of(event)?;
        let mut groups: Vec<Vec<Member>> = Vec::new();
        for m in members {
            let slot = groups.iter().position(|g| {
                dedup::event_agreement(&m.claim, g.iter().map(|x| &x.claim), &self.cfg)
                    .is_some_and(|s| s >= self.cfg.threshold)
            });
            match slot {
                Some(i) => groups[i].push(m),
                None => groups.push(vec![m]),
            }
        }
        self.dirty.insert(event);
        for group in groups.iter().skip(1) {
            let id = self.new_event_id();
            for m in group {
                self.conn.execute(
                    "UPDATE records SET event = $1 WHERE key = $2",
                    &[Val::Int(id), Val::Int(m.key)],
                )?;
            }
            self.dirty.insert(id);
        }
        Ok(())
    }

    fn new_event_id(&mut self) -> i64 {
        let id = self.next_event;
        self.next_event += 1;
        id
    }

    fn members_of(&mut self, event: i64) -> Result<Vec<Member>, StoreError> {
        let rows = self.conn.query(
            &format!("SELECT {MEMBER_COLUMNS} FROM records WHERE event = $1 ORDER BY seq"),
            &[Val::Int(event)],
        )?;
        rows.into_iter().map(|r| self.member(r)).collect()
    }

    /// [`MEMBER_COLUMNS`] with the column of the clustering being written as the event.
    fn member_columns(&self) -> String {
        MEMBER_COLUMNS.replacen("event", self.cluster, 1)
    }

    fn member(&self, mut row: Vec<Val>) -> Result<Member, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt {
            location: self.conn.location().to_string(),
            message: format!("record {}: {what}", row[0].int().unwrap_or_default()),
        };
        let int = |row: &[Val], i: usize| row[i].int();
        let family = row[5]
            .text()
            .and_then(dedup::family_named)
            .ok_or_else(|| corrupt("unknown event family"))?;
        let sub_event_type = row[8]
            .text()
            .and_then(SubEventType::from_name)
            .ok_or_else(|| corrupt("unknown sub-event type"))?;
        let (lo, hi) = (
            int(&row, 3).unwrap_or(NO_DATE),
            int(&row, 4).unwrap_or(NO_DATE),
        );
        let place = match (row[10].take_text(), row[11].real(), row[12].real()) {
            (Some(name), Some(latitude), Some(longitude)) => Some(ClaimPlace {
                name,
                latitude,
                longitude,
                geo_precision: int(&row, 13).unwrap_or(3) as u8,
            }),
            _ => None,
        };
        let named_actors = row[14]
            .text()
            .unwrap_or("")
            .split(ACTOR_SEPARATOR)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        let non_empty = |v: Option<String>| v.filter(|t| !t.is_empty());
        Ok(Member {
            key: int(&row, 0).unwrap_or_default(),
            event: int(&row, 2).unwrap_or_default(),
            claim: Claim {
                doc: int(&row, 1).unwrap_or_default(),
                dates: (lo != NO_DATE).then_some((lo, hi)),
                family,
                country: non_empty(row[6].take_text()),
                admin1: non_empty(row[7].take_text()),
                sub_event_type,
                place,
                named_actors,
                fatalities: int(&row, 9).and_then(|f| u32::try_from(f).ok()),
                sketch: dedup::sketch_from_bytes(row[15].blob().unwrap_or_default()),
            },
        })
    }

    /// The event a claim joins: among the events of its block whose every member agrees with
    /// it ([`dedup::event_agreement`]), the one it agrees with best (ties: the older event).
    /// Records not yet clustered (`event` 0, during a rebuild) are not candidates.
    fn choose_event(&mut self, claim: &Claim) -> Result<Option<i64>, StoreError> {
        let country = claim.country.as_deref().unwrap_or_default();
        let (Some((lo, hi)), false) = (claim.dates, country.is_empty()) else {
            return Ok(None);
        };
        // the block: same country and family, the same admin1 or one of them unknown, dates
        // close enough (SQLite numbers parameters in order of appearance: $6 comes last)
        let mut params = vec![
            country.into(),
            claim.family.into(),
            Val::Int(lo - MAX_SPAN),
            Val::Int(hi + dedup::DATE_SLACK_DAYS),
            Val::Int(lo - dedup::DATE_SLACK_DAYS),
        ];
        let admin1 = match claim.admin1.as_deref() {
            Some(a) if !a.is_empty() => {
                params.push(a.into());
                "AND admin1 IN ($6, '')"
            }
            _ => "",
        };
        let rows = self.conn.query(
            &format!(
                "SELECT {} FROM records WHERE country = $1 AND family = $2 \
                 AND date_lo >= $3 AND date_lo <= $4 AND date_hi >= $5 AND {} > 0 {admin1}",
                self.member_columns(),
                self.cluster
            ),
            &params,
        )?;
        let mut events: BTreeMap<i64, Vec<Claim>> = BTreeMap::new();
        for row in rows {
            let m = self.member(row)?;
            events.entry(m.event).or_default().push(m.claim);
        }
        let mut best: Option<(f64, i64)> = None;
        for (&event, members) in &events {
            let Some(mean) = dedup::event_agreement(claim, members, &self.cfg) else {
                continue;
            };
            if mean < self.cfg.threshold || best.is_some_and(|(b, _)| mean <= b) {
                continue;
            }
            // a member outside the block's window is too far from the claim to agree
            if self.event_size(event)? == members.len() {
                best = Some((mean, event));
            }
        }
        Ok(best.map(|(_, event)| event))
    }

    fn event_size(&mut self, event: i64) -> Result<usize, StoreError> {
        let row = self.conn.query_one(
            &format!("SELECT COUNT(*) FROM records WHERE {} = $1", self.cluster),
            &[Val::Int(event)],
        )?;
        Ok(row.and_then(|r| r[0].int()).unwrap_or(0) as usize)
    }

    /// Stores one record in the event it agrees with best, or in a new one. Returns whether it
    /// joined an existing event.
    fn add_record(
        &mut self,
        doc: i64,
        source: &str,
        n: i64,
        prepared: &PreparedRecord,
    ) -> Result<bool, StoreError> {
        let claim = &prepared.claim;
        let country = claim.country.clone().unwrap_or_default();
        let admin1 = claim.admin1.clone().unwrap_or_default();
        let best = self.choose_event(claim)?;
        let merged = best.is_some();
        let event = match best {
            Some(e) => e,
            None => self.new_event_id(),
        };
        let (lo, hi) = claim.dates.unwrap_or((NO_DATE, NO_DATE));
        let key = stable_hash(&[&doc.to_le_bytes(), &n.to_le_bytes()]);
        let seq = self.next_seq;
        self.next_seq += 1;
        let mut values = vec![
            Val::Int(key),
            Val::Int(doc),
            Val::Int(n),
            Val::Int(seq),
            Val::Int(event),
            claim.family.into(),
            country.into(),
            admin1.into(),
            Val::Int(lo),
            Val::Int(hi),
            Val::Blob(dedup::sketch_to_bytes(&claim.sketch)),
            prepared.json.as_str().into(),
            source.into(),
        ];
        values.extend(claim_columns(claim));
        self.conn.execute(
            "INSERT INTO records (key, doc, n, seq, event, family, country, admin1, date_lo, \
             date_hi, sig, record, source, sub_event_type, fatalities, place, latitude, \
             longitude, geo_precision, actors) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
             $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
            &values,
        )?;
        self.dirty.insert(event);
        Ok(merged)
    }

    /// Recomputes every event from the records, taken in canonical order: the most precisely
    /// dated first (day, week, undated, month: precise claims found the events, vaguer ones
    /// join them), then by date, then by record key; all depend on the records alone, not on
    /// when they arrived. Event ids are
    /// assigned anew from 1 in that order. `progress` is called with the phase, the count
    /// done and the total.
    /// Phase 1 of a rebuild for one record: clusters it among the records clustered before
    /// it ([`Writer::cluster`] is `new_event`). A record already clustered (by a concurrent
    /// rebuild) or deleted since it was listed is left alone.
    fn recluster_record(&mut self, key: i64) -> Result<(), StoreError> {
        let one = format!(
            "SELECT {} FROM records WHERE key = $1 AND new_event = 0",
            self.member_columns()
        );
        let Some(row) = self.conn.query_one(&one, &[Val::Int(key)])? else {
            return Ok(());
        };
        let claim = self.member(row)?.claim;
        let event = match self.choose_event(&claim)? {
            Some(e) => e,
            None => self.new_event_id(),
        };
        self.conn.execute(
            "UPDATE records SET new_event = $1 WHERE key = $2",
            &[Val::Int(event), Val::Int(key)],
        )?;
        Ok(())
    }

    /// Phase 2 of a rebuild: moves the records of the (up to) `chunk` lowest new events into
    /// them and marks those events and the old events they left for rewriting. Returns how
    /// many new events were swapped in (0: none was left).
    fn swap_events(&mut self, chunk: usize) -> Result<usize, StoreError> {
        let ids: Vec<i64> = self
            .conn
            .query(
                &format!(
                    "SELECT DISTINCT new_event FROM records WHERE new_event > 0 \
                     ORDER BY new_event LIMIT {chunk}"
                ),
                &[],
            )?
            .iter()
            .filter_map(|r| r[0].int())
            .collect();
        let (Some(&lo), Some(&hi)) = (ids.first(), ids.last()) else {
            return Ok(0);
        };
        let range = [Val::Int(lo), Val::Int(hi)];
        let old = self.conn.query(
            "SELECT DISTINCT event FROM records WHERE new_event BETWEEN $1 AND $2",
            &range,
        )?;
        self.dirty.extend(old.iter().filter_map(|r| r[0].int()));
        self.conn.execute(
            "UPDATE records SET event = new_event, new_event = 0 \
             WHERE new_event BETWEEN $1 AND $2",
            &range,
        )?;
        self.dirty.extend(ids.iter().copied());
        Ok(ids.len())
    }

    /// Rewrites an event's row and actor index from its members (or deletes it when none
    /// is left). The members are read in canonical order (date interval, then key), so the
    /// derived fields do not depend on the order the records arrived in.
    fn write_event(&mut self, event: i64) -> Result<(), StoreError> {
        let rows = self.conn.query(
            "SELECT record, source FROM records WHERE event = $1 ORDER BY date_lo, date_hi, key",
            &[Val::Int(event)],
        )?;
        if rows.is_empty() {
            self.store_event_actors(event, BTreeSet::new())?;
            self.conn
                .execute("DELETE FROM events WHERE id = $1", &[Val::Int(event)])?;
            return Ok(());
        }
        let mut records = Vec::with_capacity(rows.len());
        let mut sources = BTreeSet::new();
        for mut row in rows {
            let json = row[0].take_text().unwrap_or_default();
            let record: EventRecord =
                serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
                    location: self.conn.location().to_string(),
                    message: format!("a record of event {event}: {e}"),
                })?;
            let source = row[1].take_text().unwrap_or_default();
            sources.insert(if source.is_empty() {
                record.doc_id.clone()
            } else {
                source
            });
            records.push(record);
        }
        let refs: Vec<&EventRecord> = records.iter().collect();
        let d = dedup::derive(&refs);
        let n_docs = records
            .iter()
            .map(|r| r.doc_id.as_str())
            .collect::<HashSet<_>>()
            .len();
        let country = d.country.as_deref().and_then(countries::by_alpha2);
        let prefix = country.map_or_else(
            || d.country.clone().unwrap_or_else(|| "XXX".into()),
            |c| c.alpha3.to_string(),
        );
        let event_type = d.event_type.as_str();
        let disorder = disorder_type(d.event_type, d.sub_event_type);
        let (actor1, inter1) = d.actor1.clone().unzip();
        let (actor2, inter2) = d.actor2.clone().unzip();
        let (inter1, inter2) = (inter1.flatten(), inter2.flatten());
        let interaction = crate::export::interaction(inter1, inter2);
        let civilian_targeting = crate::export::civilian_targeting(event_type, actor2.as_deref());
        let (loc_name, lat, lon, geo_precision) = match &d.location {
            Some((n, la, lo, p)) => (Some(n.clone()), Some(*la), Some(*lo), Some(*p as i64)),
            None => (None, None, None, None),
        };
        let sources_text = sources.into_iter().collect::<Vec<_>>().join("; ");
        // in the order of EVENT_COLUMNS
        let values = vec![
            Val::Int(event),
            format!("{prefix}{event}").into(),
            d.event_date
                .map(|x| x.to_string())
                .unwrap_or_default()
                .into(),
            d.event_date
                .map(|x| chrono::Datelike::year(&x) as i64)
                .into(),
            d.time_precision.map(i64::from).into(),
            disorder.into(),
            event_type.into(),
            d.sub_event_type.as_str().into(),
            Val::Text(d.plover.clone()),
            actor1.clone().into(),
            inter1.map(i64::from).into(),
            actor2.clone().into(),
            inter2.map(i64::from).into(),
            interaction.into(),
            civilian_targeting.into(),
            country.map(|c| c.numeric as i64).into(),
            country.map(|c| c.region).into(),
            country
                .map_or_else(|| d.country.clone(), |c| Some(c.name.to_string()))
                .into(),
            d.country.clone().into(),
            d.admin1.clone().into(),
            d.admin2.clone().into(),
            loc_name.into(),
            lat.into(),
            lon.into(),
            geo_precision.into(),
            d.fatalities.map(i64::from).into(),
            d.fatalities_max.map(i64::from).into(),
            Val::Int(d.fatalities.map_or(-1, i64::from)),
            Val::Int(n_docs as i64),
            Val::Int(records.len() as i64),
            sources_text.into(),
            d.notes.clone().into(),
            Val::Real(d.confidence),
            Val::Int(self.now),
        ];
        self.store_event_row(&values)?;
        let mut names: BTreeSet<String> = BTreeSet::new();
        names.extend(actor1);
        names.extend(actor2);
        for r in &records {
            names.extend(crate::query::record_actor_names(r).map(str::to_string));
        }
        self.store_event_actors(event, names)?;
        Ok(())
    }

    /// Writes an event's row. When the columns the `events` indexes hold are unchanged (most
    /// often only the counts and sources grow), only the other columns are updated, so the
    /// batch rewrites one table page instead of an entry in each of ten indexes.
    fn store_event_row(&mut self, values: &[Val]) -> Result<(), StoreError> {
        let sql = event_sql();
        let stored = self.conn.query_one(&sql.read_indexed, &values[..1])?;
        let same_keys = stored.is_some_and(|row| {
            sql.indexed
                .iter()
                .zip(&row)
                .all(|(&i, old)| *old == values[i])
        });
        if same_keys {
            let mut params: Vec<Val> = sql.unindexed.iter().map(|&i| values[i].clone()).collect();
            params.push(values[0].clone());
            self.conn.execute(&sql.update_unindexed, &params)?;
        } else {
            self.conn.execute(&sql.upsert, values)?;
        }
        Ok(())
    }

    /// Brings an event's rows of `event_actors` to `names`, touching only what changed.
    fn store_event_actors(
        &mut self,
        event: i64,
        names: BTreeSet<String>,
    ) -> Result<(), StoreError> {
        let stored: BTreeSet<String> = self
            .conn
            .query(
                "SELECT name FROM event_actors WHERE event = $1",
                &[Val::Int(event)],
            )?
            .into_iter()
            .filter_map(|mut row| row[0].take_text())
            .collect();
        for gone in stored.difference(&names) {
            self.conn.execute(
                "DELETE FROM event_actors WHERE event = $1 AND name = $2",
                &[Val::Int(event), gone.as_str().into()],
            )?;
        }
        for name in names.difference(&stored) {
            crate::query::insert_event_actor(self.conn, event, name)?;
        }
        Ok(())
    }
}

/// The columns of `events` in the order [`Writer::write_event`] computes them; `id` first.
const EVENT_COLUMNS: [&str; 34] = [
    "id",
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "plover",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "country_code",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "fatalities_max",
    "fat_key",
    "n_sources",
    "n_records",
    "sources",
    "notes",
    "confidence",
    "updated_at",
];

/// The columns of `events` that some index holds (see [`crate::schema`]).
const INDEXED_EVENT_COLUMNS: [&str; 9] = [
    "event_id_cnty",
    "event_date",
    "country_code",
    "admin1",
    "event_type",
    "sub_event_type",
    "fat_key",
    "latitude",
    "longitude",
];

/// The statements that write an `events` row, built once from [`EVENT_COLUMNS`].
struct EventSql {
    upsert: String,
    read_indexed: String,
    update_unindexed: String,
    /// Positions in [`EVENT_COLUMNS`] of the indexed columns, in `read_indexed` order.
    indexed: Vec<usize>,
    /// Positions of the other columns (without `id`), in `update_unindexed` order (its
    /// last parameter is the id).
    unindexed: Vec<usize>,
}

fn event_sql() -> &'static EventSql {
    static SQL: std::sync::OnceLock<EventSql> = std::sync::OnceLock::new();
    SQL.get_or_init(|| {
        let position = |name: &str| EVENT_COLUMNS.iter().position(|c| *c == name).unwrap();
        let indexed: Vec<usize> = INDEXED_EVENT_COLUMNS.iter().map(|c| position(c)).collect();
        let unindexed: Vec<usize> = (1..EVENT_COLUMNS.len())
            .filter(|i| !indexed.contains(i))
            .collect();
        let placeholders: Vec<String> =
            (1..=EVENT_COLUMNS.len()).map(|i| format!("${i}")).collect();
        let set_excluded: Vec<String> = EVENT_COLUMNS[1..]
            .iter()
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        let set_unindexed: Vec<String> = unindexed
            .iter()
            .enumerate()
            .map(|(n, &i)| format!("{} = ${}", EVENT_COLUMNS[i], n + 1))
            .collect();
        EventSql {
            upsert: format!(
                "INSERT INTO events ({}) VALUES ({}) ON CONFLICT (id) DO UPDATE SET {}",
                EVENT_COLUMNS.join(", "),
                placeholders.join(", "),
                set_excluded.join(", ")
            ),
            read_indexed: format!(
                "SELECT {} FROM events WHERE id = $1",
                INDEXED_EVENT_COLUMNS.join(", ")
            ),
            // SQLite numbers parameters in order of appearance: the id comes last
            update_unindexed: format!(
                "UPDATE events SET {} WHERE id = ${}",
                set_unindexed.join(", "),
                unindexed.len() + 1
            ),
            indexed,
            unindexed,
        }
    })
}

/// The claim columns of `records` after the block ones (sub-event type, fatalities, place
/// name, latitude, longitude, precision, named actors), in that order.
pub(crate) fn claim_columns(claim: &Claim) -> Vec<Val> {
    let place = claim.place.as_ref();
    vec![
        claim.sub_event_type.as_str().into(),
        claim.fatalities.map(i64::from).into(),
        place.map(|p| p.name.clone()).into(),
        place.map(|p| p.latitude).into(),
        place.map(|p| p.longitude).into(),
        place.map(|p| i64::from(p.geo_precision)).into(),
        claim.named_actors.join(&ACTOR_SEPARATOR.to_string()).into(),
    ]
}

/// Adds an article to the full-text index ([`crate::query::index_body`] gives its body).
pub(crate) fn insert_fts(conn: &mut Conn, key: i64, body: &str) -> Result<(), StoreError> {
    let sql = match conn.dialect() {
        Dialect::Sqlite => "INSERT INTO doc_fts (rowid, body) VALUES ($1, $2)",
        Dialect::Postgres => {
            "INSERT INTO doc_fts (doc, tsv) VALUES ($1, to_tsvector('simple', $2))"
        }
    };
    conn.execute(sql, &[Val::Int(key), body.into()])?;
    Ok(())
}

/// ACLED's disorder type of an event type.
fn disorder_type(
    event_type: marsad_extract::record::EventType,
    sub: marsad_extract::record::SubEventType,
) -> &'static str {
    use marsad_extract::record::{EventType as E, SubEventType as S};
    match (event_type, sub) {
        (_, S::ExcessiveForceAgainstProtesters) => "Political violence; Demonstrations",
        (E::Protests | E::Riots, _) => "Demonstrations",
        (E::StrategicDevelopments, _) => "Strategic developments",
        _ => "Political violence",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_event_columns_are_those_of_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_sqlite(&dir.path().join("s.db")).unwrap();
        let indexed: BTreeSet<String> = store
            .with_conn(|conn| {
                conn.query(
                    "SELECT DISTINCT i.name FROM pragma_index_list('events') l, \
                     pragma_index_info(l.name) i WHERE i.name <> 'id'",
                    &[],
                )
            })
            .unwrap()
            .into_iter()
            .filter_map(|mut row| row[0].take_text())
            .collect();
        let listed: BTreeSet<String> = INDEXED_EVENT_COLUMNS.map(String::from).into();
        assert_eq!(indexed, listed);
    }

    #[test]
    fn keys_are_stable_and_passwords_hidden() {
        assert_eq!(document_key(Some("a"), "1"), document_key(Some("a"), "1"));
        assert_ne!(document_key(Some("a"), "1"), document_key(Some("a1"), ""));
        let k = document_key(None, "x");
        assert!(k >= 0);
        assert_eq!(parse_doc_key(&format_doc_key(k)), Some(k));
        assert_eq!(
            redact_password("postgres://u:secret@localhost/db"),
            "postgres://u:***@localhost/db"
        );
    }
}
