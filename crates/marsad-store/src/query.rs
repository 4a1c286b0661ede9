//! Reading the store: event listings with filters and keyset pagination, one event with its
//! sources' claims, one document with its records, statistics and full-text search.
//!
//! Every listing filter maps to an indexed column (date, country, admin1, type, sub-type,
//! fatalities, the actor-name index, the full-text index), and pages are keyset ranges
//! (`(date, id) < cursor`), so a page costs the same on page 1 and page 10,000.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use marsad_extract::EventRecord;
use marsad_text::normalize::{normalize_str, NormalizeOptions};
use marsad_text::tokenize::{is_word_char, to_lowercase};

use crate::countries;
use crate::db::{Conn, Dialect, Params, Row, Val};
use crate::error::StoreError;
use crate::filter::EVENT_TYPES;
use crate::store::{format_doc_key, parse_doc_key};
use crate::types::*;
use crate::Store;

/// The words of a text as the full-text index holds them: Arabic-normalized (diacritics,
/// tatweel and letter variants folded, so `قُتِلَ` finds `قتل`), lower-cased, split at every
/// character that is not a letter or digit.
fn search_words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// Normalized and lower-cased, ready for [`search_words`].
fn fold(text: &str) -> String {
    to_lowercase(&normalize_str(text, &NormalizeOptions::MATCHING))
}

/// What the full-text index receives for an article: each distinct word once, separated by
/// spaces. The index keeps no positions (a query is a set of words), so repeats add nothing,
/// and the words are already split, so SQLite's plain `ascii` tokenizer only cuts at spaces.
pub(crate) fn index_body(title: Option<&str>, text: &str) -> String {
    let (title, text) = (fold(title.unwrap_or("")), fold(text));
    let mut seen = rustc_hash::FxHashSet::default();
    let mut body = String::with_capacity(text.len() / 2);
    for w in search_words(&title).chain(search_words(&text)) {
        if seen.insert(w) {
            if !body.is_empty() {
                body.push(' ');
            }
            body.push_str(w);
        }
    }
    body
}

/// The words of a full-text query, normalized as the index is.
fn query_words(q: &str) -> Vec<String> {
    search_words(&fold(q)).map(str::to_string).collect()
}

/// The documents whose full-text index holds every one of `words` (a subquery).
fn fts_documents(dialect: Dialect, words: &[String], p: &mut Params) -> String {
    match dialect {
        Dialect::Sqlite => {
            let expr = words
                .iter()
                .map(|w| format!("\"{}\"", w.replace('"', "")))
                .collect::<Vec<_>>()
                .join(" ");
            format!(
                "SELECT rowid FROM doc_fts WHERE doc_fts MATCH {}",
                p.push(expr)
            )
        }
        Dialect::Postgres => format!(
            "SELECT doc FROM doc_fts WHERE tsv @@ plainto_tsquery('simple', {})",
            p.push(words.join(" "))
        ),
    }
}

/// The keys under which the actor filter finds a name: the name folded (Arabic-normalized,
/// lower-cased) from each of its word starts, so that a prefix search finds any run of its
/// words (`state` finds `Islamic State (Syria)`, `سوريا` finds `قوات سوريا الديمقراطية`).
pub(crate) fn actor_keys(name: &str) -> Vec<String> {
    let folded = fold(name);
    let mut keys = Vec::new();
    let mut prev_word = false;
    for (i, c) in folded.char_indices() {
        let word = is_word_char(c);
        if word && !prev_word {
            keys.push(folded[i..].trim_end().to_string());
        }
        prev_word = word;
    }
    keys
}

/// Events with an actor name key that starts with `key` (the index of [`actor_keys`]), or,
/// for an Arabic key, with `key` behind the conjunction و or ف joined to its first word: the
/// articles' words are stored as written («وقوات سوريا الديمقراطية»), and `قوات سوريا`
/// should find them.
fn actor_key_prefix(key: String, p: &mut Params) -> String {
    let arabic = key
        .chars()
        .next()
        .is_some_and(|c| ('\u{0621}'..='\u{064A}').contains(&c));
    let mut keys = vec![key.clone()];
    if arabic {
        keys.extend([format!("و{key}"), format!("ف{key}")]);
    }
    let ranges: Vec<String> = keys
        .into_iter()
        .map(|k| {
            let mut upper = k.clone();
            upper.push(char::MAX);
            format!(
                "(name_key >= {} AND name_key < {})",
                p.push(k),
                p.push(upper)
            )
        })
        .collect();
    format!(
        "e.id IN (SELECT event FROM event_actors WHERE {})",
        ranges.join(" OR ")
    )
}

/// The names under which a claim's actors are found: the English name and the Arabic words.
pub(crate) fn record_actor_names(r: &EventRecord) -> impl Iterator<Item = &str> {
    [&r.actor1, &r.actor2]
        .into_iter()
        .flatten()
        .flat_map(|a| std::iter::once(a.name.as_str()).chain(a.text.as_deref()))
}

/// Adds `name` of `event` to `event_actors`, under each of its [`actor_keys`].
pub(crate) fn insert_event_actor(c: &mut Conn, event: i64, name: &str) -> Result<(), StoreError> {
    for key in actor_keys(name) {
        c.execute(
            "INSERT INTO event_actors (event, name, name_key) VALUES ($1, $2, $3)",
            &[Val::Int(event), name.into(), key.into()],
        )?;
    }
    Ok(())
}

/// The columns of an [`EventSummary`], in [`summary_from_row`]'s order.
pub(crate) const SUMMARY_COLUMNS: &str = "e.event_id_cnty, e.event_date, e.time_precision, \
    e.disorder_type, e.event_type, e.sub_event_type, e.actor1, e.inter1, e.actor2, e.inter2, \
    e.country_code, e.country, e.admin1, e.admin2, e.location, e.latitude, e.longitude, \
    e.geo_precision, e.fatalities, e.fatalities_max, e.n_sources, e.sources, e.notes, \
    e.confidence, e.updated_at, e.id, e.fat_key";

/// Index of `e.id` in [`SUMMARY_COLUMNS`].
const ID_COLUMN: usize = 25;

fn small(v: &Val) -> Option<u8> {
    v.int().and_then(|x| u8::try_from(x).ok())
}

fn date(v: &Val) -> Option<NaiveDate> {
    v.text().and_then(|t| t.parse().ok())
}

pub(crate) fn summary_from_row(row: &mut Row) -> EventSummary {
    let text = |row: &mut Row, i: usize| row[i].take_text();
    EventSummary {
        event_id_cnty: text(row, 0).unwrap_or_default(),
        event_date: date(&row[1]),
        time_precision: small(&row[2]),
        disorder_type: text(row, 3).unwrap_or_default(),
        event_type: text(row, 4).unwrap_or_default(),
        sub_event_type: text(row, 5).unwrap_or_default(),
        actor1: text(row, 6),
        inter1: small(&row[7]),
        actor2: text(row, 8),
        inter2: small(&row[9]),
        country_code: text(row, 10),
        country: text(row, 11),
        admin1: text(row, 12),
        admin2: text(row, 13),
        location: text(row, 14),
        latitude: row[15].real(),
        longitude: row[16].real(),
        geo_precision: small(&row[17]),
        fatalities: row[18].int().and_then(|x| u32::try_from(x).ok()),
        fatalities_max: row[19].int().and_then(|x| u32::try_from(x).ok()),
        n_sources: row[20].int().unwrap_or(0) as u32,
        sources: text(row, 21).unwrap_or_default(),
        notes: text(row, 22),
        confidence: row[23].real().unwrap_or(0.0),
        updated_at: row[24].int().unwrap_or(0),
    }
}

/// How a map box is searched. A small box (few events) is found through the latitude index
/// and its events sorted; a box that holds many events (a country on the map) is checked
/// while walking the page's sort order, which stops after one page instead of sorting
/// thousands of rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BboxPlan {
    Lookup,
    ScanInOrder,
}

/// A box with at least this many events is searched in sort order.
const DENSE_BOX_EVENTS: i64 = 2_000;

/// The `WHERE` conditions of a filter on `events e` (joined with `AND`; `TRUE` when empty).
pub(crate) fn filter_conditions(
    dialect: Dialect,
    f: &EventFilter,
    p: &mut Params,
    bbox_plan: BboxPlan,
) -> Result<String, StoreError> {
    f.check()
        .map_err(|e| StoreError::invalid("filter", e.to_string()))?;
    let mut c: Vec<String> = Vec::new();
    if let Some(from) = f.from {
        c.push(format!("e.event_date >= {}", p.push(from.to_string())));
    }
    if let Some(to) = f.to {
        c.push(format!("e.event_date <= {}", p.push(to.to_string())));
        c.push("e.event_date <> ''".into());
    }
    if let Some(country) = f.country.as_deref() {
        let code = countries::resolve(country)
            .map(str::to_string)
            .unwrap_or_else(|| country.trim().to_uppercase());
        c.push(format!("e.country_code = {}", p.push(code)));
    }
    if let Some(admin1) = f.admin1.as_deref() {
        c.push(format!("e.admin1 = {}", p.push(admin1.trim())));
    }
    if let Some(t) = f.event_type.as_deref() {
        c.push(format!("e.event_type = {}", p.push(t.trim())));
    }
    if let Some(t) = f.sub_event_type.as_deref() {
        c.push(format!("e.sub_event_type = {}", p.push(t.trim())));
    }
    if let Some(key) = f
        .actor
        .as_deref()
        .and_then(|a| actor_keys(a).into_iter().next())
    {
        c.push(actor_key_prefix(key, p));
    }
    if let Some(outlet) = f.outlet.as_deref() {
        // `sources` lists the outlets joined with "; "
        let escaped = outlet
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        c.push(format!(
            "('; ' || e.sources || '; ') LIKE {} ESCAPE '\\'",
            p.push(format!("%; {escaped}; %"))
        ));
    }
    if let Some(m) = f.max_precision {
        c.push(format!("e.geo_precision <= {}", p.push(m as i64)));
    }
    if let Some(q) = f.q.as_deref() {
        let words = query_words(q);
        if !words.is_empty() {
            // the words in an article, or the text an actor's name (as `actor`) or a place's
            // English name (any case)
            let docs = fts_documents(dialect, &words, p);
            let mut any = vec![format!(
                "e.id IN (SELECT r.event FROM records r WHERE r.doc IN ({docs}))"
            )];
            if let Some(key) = actor_keys(q).into_iter().next() {
                any.push(actor_key_prefix(key, p));
            }
            let place = p.push(q.trim().to_lowercase());
            for column in ["e.location", "e.admin2", "e.admin1"] {
                any.push(format!("LOWER({column}) = {place}"));
            }
            c.push(format!("({})", any.join(" OR ")));
        }
    }
    if let Some([w, s, e, n]) = f.bbox {
        // `+`: the box is checked row by row, not looked up in the latitude index (see
        // `BboxPlan`)
        let plus = if bbox_plan == BboxPlan::ScanInOrder {
            "+"
        } else {
            ""
        };
        c.push(format!(
            "{plus}e.latitude >= {} AND {plus}e.latitude <= {} AND e.longitude >= {} AND \
             e.longitude <= {}",
            p.push(s),
            p.push(n),
            p.push(w),
            p.push(e)
        ));
    }
    if let Some(m) = f.min_fatalities {
        c.push(format!("e.fat_key >= {}", p.push(m as i64)));
    }
    match f.located {
        Some(true) => c.push("e.latitude IS NOT NULL AND e.longitude IS NOT NULL".into()),
        Some(false) => c.push("(e.latitude IS NULL OR e.longitude IS NULL)".into()),
        None => {}
    }
    Ok(if c.is_empty() {
        "1 = 1".into()
    } else {
        c.join(" AND ")
    })
}

/// Keyset cursor: the sort key and id of the last item of a page.
fn encode_cursor(sort: Sort, key: &str, id: i64) -> String {
    let tag = match sort {
        Sort::DateDesc => "dd",
        Sort::DateAsc => "da",
        Sort::FatalitiesDesc => "fd",
    };
    format!("{tag}.{key}.{id}")
}

fn decode_cursor(sort: Sort, cursor: &str) -> Result<(String, i64), StoreError> {
    let bad = || {
        StoreError::invalid(
            "cursor",
            format!("{cursor:?} is not a cursor of this listing"),
        )
    };
    let mut parts = cursor.splitn(3, '.');
    let (tag, key, id) = (
        parts.next().ok_or_else(bad)?,
        parts.next().ok_or_else(bad)?,
        parts.next().ok_or_else(bad)?,
    );
    let expected = encode_cursor(sort, "", 0);
    if !expected.starts_with(&format!("{tag}.")) {
        return Err(bad());
    }
    let id: i64 = id.parse().map_err(|_| bad())?;
    Ok((key.to_string(), id))
}

impl Store {
    /// Counts the box's events through the latitude index, up to [`DENSE_BOX_EVENTS`].
    fn bbox_plan(&self, filter: &EventFilter) -> Result<BboxPlan, StoreError> {
        let Some([w, s, e, n]) = filter.bbox else {
            return Ok(BboxPlan::Lookup);
        };
        if !(w <= e && s <= n) {
            return Ok(BboxPlan::Lookup); // refused by `filter_conditions`
        }
        let sql = format!(
            "SELECT count(*) FROM (SELECT 1 FROM events WHERE latitude >= $1 AND latitude <= $2 \
             AND longitude >= $3 AND longitude <= $4 LIMIT {DENSE_BOX_EVENTS}) AS box"
        );
        let rows = self.with_conn(|c| {
            c.query(
                &sql,
                &[Val::Real(s), Val::Real(n), Val::Real(w), Val::Real(e)],
            )
        })?;
        let count = rows.first().and_then(|r| r[0].int()).unwrap_or(0);
        Ok(if count >= DENSE_BOX_EVENTS {
            BboxPlan::ScanInOrder
        } else {
            BboxPlan::Lookup
        })
    }

    /// Lists events matching `filter`, one page at a time.
    pub fn events(
        &self,
        filter: &EventFilter,
        page: &PageRequest,
    ) -> Result<Page<EventSummary>, StoreError> {
        if !(1..=1000).contains(&page.limit) {
            return Err(StoreError::invalid("page limit", "must be 1..=1000"));
        }
        let dialect = self.dialect();
        let bbox_plan = self.bbox_plan(filter)?;
        let mut p = Params::default();
        let mut cond = filter_conditions(dialect, filter, &mut p, bbox_plan)?;
        let (order, key_col) = match page.sort {
            Sort::DateDesc => ("e.event_date DESC, e.id DESC", "e.event_date"),
            Sort::DateAsc => ("e.event_date ASC, e.id ASC", "e.event_date"),
            Sort::FatalitiesDesc => ("e.fat_key DESC, e.id DESC", "e.fat_key"),
        };
        if let Some(cursor) = page.cursor.as_deref() {
            let (key, id) = decode_cursor(page.sort, cursor)?;
            let key_val: Val = match page.sort {
                Sort::FatalitiesDesc => Val::Int(
                    key.parse()
                        .map_err(|_| StoreError::invalid("cursor", "bad fatalities key"))?,
                ),
                _ => Val::Text(key),
            };
            let op = if page.sort == Sort::DateAsc { ">" } else { "<" };
            let k1 = p.push(key_val.clone());
            let k2 = p.push(key_val);
            let i = p.push(id);
            cond =
                format!("{cond} AND ({key_col} {op} {k1} OR ({key_col} = {k2} AND e.id {op} {i}))");
        }
        let limit = p.push(page.limit as i64 + 1);
        let sql = if filter.bbox.is_some() && bbox_plan == BboxPlan::Lookup {
            // the box's sort keys come from the covering `events_geo` index; only the page's
            // rows are read
            format!(
                "SELECT {SUMMARY_COLUMNS} FROM events e WHERE e.id IN (SELECT e.id FROM events e \
                 WHERE {cond} ORDER BY {order} LIMIT {limit}) ORDER BY {order}"
            )
        } else {
            format!(
                "SELECT {SUMMARY_COLUMNS} FROM events e WHERE {cond} ORDER BY {order} LIMIT {limit}"
            )
        };
        let mut rows = self.with_conn(|c| c.query(&sql, &p.values))?;
        let more = rows.len() > page.limit as usize;
        rows.truncate(page.limit as usize);
        let next_cursor = if more {
            rows.last().map(|r| {
                let id = r[ID_COLUMN].int().unwrap_or(0);
                let key = match page.sort {
                    Sort::FatalitiesDesc => r[ID_COLUMN + 1].int().unwrap_or(-1).to_string(),
                    _ => r[1].text().unwrap_or("").to_string(),
                };
                encode_cursor(page.sort, &key, id)
            })
        } else {
            None
        };
        let items = rows.iter_mut().map(summary_from_row).collect();
        Ok(Page { items, next_cursor })
    }

    /// How many events match `filter`.
    pub fn count_events(&self, filter: &EventFilter) -> Result<u64, StoreError> {
        let mut p = Params::default();
        let cond = filter_conditions(self.dialect(), filter, &mut p, BboxPlan::Lookup)?;
        let sql = format!("SELECT COUNT(*) FROM events e WHERE {cond}");
        let row = self.with_conn(|c| c.query_one(&sql, &p.values))?;
        Ok(row.and_then(|r| r[0].int()).unwrap_or(0) as u64)
    }

    /// How many articles the store holds.
    pub fn count_documents(&self) -> Result<u64, StoreError> {
        let row = self.with_conn(|c| c.query_one("SELECT COUNT(*) FROM documents", &[]))?;
        Ok(row.and_then(|r| r[0].int()).unwrap_or(0) as u64)
    }

    /// One event with every source's claim, by its `event_id_cnty` (e.g. `SYR12`).
    pub fn event(&self, event_id_cnty: &str) -> Result<Option<EventDetail>, StoreError> {
        self.with_conn(|c| {
            let Some(mut row) = c.query_one(
                &format!("SELECT {SUMMARY_COLUMNS} FROM events e WHERE e.event_id_cnty = $1"),
                &[event_id_cnty.into()],
            )?
            else {
                return Ok(None);
            };
            let id = row[ID_COLUMN].int().unwrap_or(0);
            let event = summary_from_row(&mut row);
            let claims = claims_of(c, id)?;
            Ok(Some(EventDetail { event, claims }))
        })
    }

    /// One document with its records, by its `doc_key` (as in [`SourceClaim::doc_key`]).
    pub fn document(&self, doc_key: &str) -> Result<Option<DocumentView>, StoreError> {
        let Some(key) = parse_doc_key(doc_key) else {
            return Ok(None);
        };
        self.document_where("d.key = $1", vec![Val::Int(key)])
    }

    /// One document by its source (outlet) and `doc_id` as ingested.
    pub fn document_by_id(
        &self,
        source: Option<&str>,
        doc_id: &str,
    ) -> Result<Option<DocumentView>, StoreError> {
        self.document_where(
            "d.source = $1 AND d.doc_id = $2",
            vec![source.unwrap_or("").into(), doc_id.into()],
        )
    }

    fn document_where(
        &self,
        cond: &str,
        params: Vec<Val>,
    ) -> Result<Option<DocumentView>, StoreError> {
        self.with_conn(|c| {
            let Some(mut row) = c.query_one(
                &format!(
                    "SELECT d.key, d.doc_id, d.source, d.url, d.title, d.published, d.text \
                     FROM documents d WHERE {cond}"
                ),
                &params,
            )?
            else {
                return Ok(None);
            };
            let key = row[0].int().unwrap_or(0);
            let mut events = Vec::new();
            for mut r in c.query(
                "SELECT r.record, e.event_id_cnty FROM records r JOIN events e ON e.id = r.event \
                 WHERE r.doc = $1 ORDER BY r.n",
                &[Val::Int(key)],
            )? {
                events.push(DocumentEvent {
                    record: parse_record(c, &mut r[0])?,
                    event_id_cnty: r[1].take_text().unwrap_or_default(),
                });
            }
            Ok(Some(DocumentView {
                doc_key: format_doc_key(key),
                doc_id: row[1].take_text().unwrap_or_default(),
                source: row[2].take_text().filter(|s| !s.is_empty()),
                url: row[3].take_text(),
                title: row[4].take_text(),
                published: date(&row[5]),
                text: row[6].take_text().unwrap_or_default(),
                events,
            }))
        })
    }

    /// Articles matching a full-text query (all words, Arabic-normalized), newest first.
    pub fn search_documents(&self, q: &str, limit: u32) -> Result<Vec<DocumentHit>, StoreError> {
        let words = query_words(q);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let mut p = Params::default();
        let matching = fts_documents(self.dialect(), &words, &mut p);
        let lim = p.push(limit.clamp(1, 1000) as i64);
        let sql = format!(
            "SELECT d.key, d.doc_id, d.source, d.title, d.published, d.n_records FROM documents d \
             WHERE d.key IN ({matching}) ORDER BY d.published DESC, d.key LIMIT {lim}"
        );
        let rows = self.with_conn(|c| c.query(&sql, &p.values))?;
        Ok(rows
            .into_iter()
            .map(|mut r| DocumentHit {
                doc_key: format_doc_key(r[0].int().unwrap_or(0)),
                doc_id: r[1].take_text().unwrap_or_default(),
                source: r[2].take_text().filter(|s| !s.is_empty()),
                title: r[3].take_text(),
                published: date(&r[4]),
                n_records: r[5].int().unwrap_or(0) as u32,
            })
            .collect())
    }

    /// Counts and fatalities of the events `filter` selects, by period, type, country,
    /// admin1 and actor.
    pub fn stats(&self, filter: &EventFilter, interval: Interval) -> Result<Stats, StoreError> {
        let dialect = self.dialect();
        let mut p = Params::default();
        let cond = filter_conditions(dialect, filter, &mut p, BboxPlan::Lookup)?;
        let group = |col: &str, extra: &str| {
            format!(
                "SELECT {col}, COUNT(*), CAST(COALESCE(SUM(e.fatalities), 0) AS BIGINT) \
                 FROM events e WHERE {cond}{extra} GROUP BY {col}"
            )
        };
        self.with_conn(|c| {
            let totals = c
                .query_one(
                    &format!(
                        "SELECT COUNT(*), CAST(COALESCE(SUM(e.fatalities), 0) AS BIGINT), \
                         CAST(COALESCE(SUM(CASE WHEN e.latitude IS NULL OR e.longitude IS NULL \
                         THEN 1 ELSE 0 END), 0) AS BIGINT) FROM events e WHERE {cond}"
                    ),
                    &p.values,
                )?
                .unwrap_or_default();
            let buckets = |c: &mut Conn, sql: String| -> Result<Vec<Bucket>, StoreError> {
                Ok(c.query(&sql, &p.values)?
                    .into_iter()
                    .filter_map(|mut r| {
                        Some(Bucket {
                            key: r[0].take_text().filter(|k| !k.is_empty())?,
                            events: r[1].int().unwrap_or(0) as u64,
                            fatalities: r[2].int().unwrap_or(0) as u64,
                        })
                    })
                    .collect())
            };
            // by day and type; weeks sum the days of their Monday
            let mut periods: BTreeMap<String, (Bucket, [u64; 6])> = BTreeMap::new();
            let by_day_type = format!(
                "SELECT e.event_date, e.event_type, COUNT(*), \
                 CAST(COALESCE(SUM(e.fatalities), 0) AS BIGINT) FROM events e \
                 WHERE {cond} AND e.event_date <> '' GROUP BY e.event_date, e.event_type"
            );
            for r in c.query(&by_day_type, &p.values)? {
                let Some(day) = r[0].text().and_then(|k| k.parse::<NaiveDate>().ok()) else {
                    continue;
                };
                let key = match interval {
                    Interval::Day => day,
                    Interval::Week => {
                        day - chrono::Duration::days(day.weekday().num_days_from_monday() as i64)
                    }
                }
                .to_string();
                let (events, fatalities) = (
                    r[2].int().unwrap_or(0) as u64,
                    r[3].int().unwrap_or(0) as u64,
                );
                let (bucket, types) = periods.entry(key.clone()).or_insert((
                    Bucket {
                        key,
                        events: 0,
                        fatalities: 0,
                    },
                    [0; 6],
                ));
                bucket.events += events;
                bucket.fatalities += fatalities;
                let t = r[1].text().unwrap_or("");
                types[EVENT_TYPES.iter().position(|x| *x == t).unwrap_or(5)] += events;
            }
            let (by_period, by_period_types): (Vec<Bucket>, Vec<[u64; 6]>) =
                periods.into_values().unzip();
            let largest = |mut v: Vec<Bucket>| {
                v.sort_by(|a, b| b.events.cmp(&a.events).then(a.key.cmp(&b.key)));
                v
            };
            let by_type = largest(buckets(c, group("e.event_type", ""))?);
            let by_country = largest(buckets(c, group("e.country_code", ""))?);
            let by_admin1 = largest(buckets(c, group("e.admin1", ""))?);
            let mut actors: BTreeMap<String, Bucket> = BTreeMap::new();
            for col in ["e.actor1", "e.actor2"] {
                for b in buckets(c, group(col, ""))? {
                    let a = actors.entry(b.key.clone()).or_insert(Bucket {
                        key: b.key.clone(),
                        events: 0,
                        fatalities: 0,
                    });
                    a.events += b.events;
                    a.fatalities += b.fatalities;
                }
            }
            let mut by_actor = largest(actors.into_values().collect());
            by_actor.truncate(50);
            let events = totals.first().and_then(Val::int).unwrap_or(0) as u64;
            Ok(Stats {
                undated: events.saturating_sub(by_period.iter().map(|b| b.events).sum::<u64>()),
                unlocated: totals.get(2).and_then(Val::int).unwrap_or(0) as u64,
                by_period_types,
                events,
                fatalities: totals.get(1).and_then(Val::int).unwrap_or(0) as u64,
                by_period,
                by_type,
                by_country,
                by_admin1,
                by_actor,
            })
        })
    }
}

fn parse_record(c: &Conn, v: &mut Val) -> Result<EventRecord, StoreError> {
    let json = v.take_text().unwrap_or_default();
    serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
        location: c.location().to_string(),
        message: format!("stored record: {e}"),
    })
}

/// The claims of one event, in arrival order.
pub(crate) fn claims_of(c: &mut Conn, event: i64) -> Result<Vec<SourceClaim>, StoreError> {
    let rows = c.query(
        "SELECT r.record, d.key, d.doc_id, d.source, d.url, d.title, d.published \
         FROM records r JOIN documents d ON d.key = r.doc WHERE r.event = $1 ORDER BY r.seq",
        &[Val::Int(event)],
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for mut r in rows {
        out.push(SourceClaim {
            record: parse_record(c, &mut r[0])?,
            doc_key: format_doc_key(r[1].int().unwrap_or(0)),
            doc_id: r[2].take_text().unwrap_or_default(),
            source: r[3].take_text().filter(|s| !s.is_empty()),
            url: r[4].take_text(),
            title: r[5].take_text(),
            published: date(&r[6]),
        });
    }
    Ok(out)
}
