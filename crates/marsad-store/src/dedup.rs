//! Cross-source deduplication: which event records describe one occurrence, and what the
//! merged event says.
//!
//! **Blocking.** Two records can only be the same occurrence when they share the country,
//! the first-level division (or one of them names none: a claim placed only in a country) and
//! the event *family* ([`family`]: the ACLED event type, with
//! protests and riots in one family), and when their date intervals ([`date_interval`]) lie
//! close enough. A day-precise date is one day; a week-precise one ±6 days; a month-precise one
//! ±15 days; a record without a date spans the two weeks before its article's publication.
//!
//! **Pairs** ([`score`]). A pair is refused outright (a veto) when:
//! - both records come from one article (the extractor already merged what one article says
//!   about one occurrence);
//! - both dates are day-precise and more than [`DAY_WINDOW_DAYS`] apart (ACLED codes one event
//!   per day; one day of reporting lag is tolerated), or otherwise their intervals are more than
//!   [`SCORE_SLACK_DAYS`] apart; an undated claim is compared with the
//!   [`UNDATED_RECENT_DAYS`] before its article's publication and nothing after it (the whole
//!   window only when the text ties the two, below, and for kinds that recur at one place day
//!   after day — battles, air strikes, shelling, [`recurs_at_a_place`] — only when fatality
//!   figures (within a factor of two) or evidence words do, or the same named place with the
//!   same parties *and* sub-event type; two undated claims always by the short one); for the
//!   same kinds a week-precise claim dated to another day than a day-precise claim needs the
//!   same tie;
//! - both places are towns (precision 1) with different names more than 2 km apart (two towns
//!   of one governorate on one day are two events), or any two places more than
//!   [`MAX_PRECISE_DISTANCE_KM`] apart unless one is only a governorate;
//! - nothing beyond place and date agrees. The text *ties* two claims when they give the same
//!   fatality figure, share evidence words ([`EVIDENCE_AGREEMENT`]), or name the same place
//!   below the governorate with the same parties or the same sub-event type; claims dated to the
//!   day or week also agree by the same sub-event type. An undated or month-precise claim needs
//!   the tie: it never glues dated events together.
//! - the content or the granularity of the place says otherwise: the same parties at the same
//!   place tie two claims of different sub-event types only when the place is named below the
//!   governorate (a governorate holds many occurrences of a war on one day); two claims placed no finer than the
//!   governorate whose named parties conflict ([`parties_conflict`]) agree only through the
//!   text; for the kinds that recur at a place, fatality figures more than a factor of two
//!   apart void the tie of the same place and parties (at a front the count tells one day's
//!   report from another's; a bombing's toll rises from report to report, so not there).
//!
//! Otherwise the pair scores a weighted sum ([`ScoreParts::total`]) of place (same name or
//! ≤ 2 km: 1; a town inside a governorate-level claim: [`GOVERNORATE_PLACE`]; else by distance),
//! date closeness, actors (named actors must agree; generic ones such as `Civilians (Syria)` are
//! wildcards), sub-event type, fatalities and evidence similarity (Jaccard of word-bigram
//! sketches).
//!
//! **Events** ([`event_agreement`]). A record joins an event only when it agrees with the
//! *event*: no member vetoes it (complete link: every member shares its day window, place and
//! article rule) and its mean score over all members reaches [`MERGE_THRESHOLD`] (average
//! link). Among the events it may join it takes the best (ties: the older event), else it
//! founds one. Ingest takes records in arrival order; `Store::rebuild_events` recomputes
//! every event from the records in a canonical order (the most precisely dated first, then by
//! date, then record key), so any ingest order gives the same events after a rebuild.
//!
//! **Derived fields** ([`derive()`]): every claim is kept; the event shows
//! - fatalities: ACLED's lowest credible count, i.e. the lowest positive count any source gives
//!   (0 when sources only say none died, null when none gives a count), plus the highest one;
//! - date: the most precise claim (then the most frequent, then the earliest);
//! - place (country, admin1, admin2, location, coordinates): the most precise claim (then the
//!   most frequent name, then the first);
//! - event and sub-event type: the highest in ACLED's precedence ([`type_rank`]: e.g. a
//!   suicide bomb before an IED, a change of territory before an armed clash), then the most
//!   frequent, then the most confident;
//! - actors: per side, a named actor before a generic one, then the most frequent, then the
//!   first;
//! - confidence: 1 − Π(1 − cᵢ) over the claims (corroboration raises it).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use marsad_extract::record::{EventType, SubEventType};
use marsad_extract::EventRecord;
use marsad_text::normalize::{normalize_str, NormalizeOptions};

/// Mean score over an event's members from which a record joins the event.
pub const MERGE_THRESHOLD: f64 = 0.6;
/// Days of tolerance between two date intervals that are not both day-precise (and the
/// blocking window around each record's interval).
pub const DATE_SLACK_DAYS: i64 = 3;
/// Day-precise claims of one event are at most this many days apart.
pub const DAY_WINDOW_DAYS: i64 = 1;
/// Two places farther apart than this are different occurrences, unless one is only known to
/// the governorate.
pub const MAX_PRECISE_DISTANCE_KM: f64 = 15.0;
/// The place score of a town inside a governorate-level claim: compatible, not identical.
pub const GOVERNORATE_PLACE: f64 = 0.5;
/// Estimated Jaccard similarity of the evidence from which two claims share their words.
pub const EVIDENCE_AGREEMENT: f64 = 0.1;
/// The width of the interval of a record without a date (the days before publication).
const UNDATED_SPAN: i64 = 14;
/// The days before its article's publication an undated claim is compared with: reports
/// without a date are about the last few days.
pub const UNDATED_RECENT_DAYS: i64 = 4;
/// Days of tolerance between two date intervals of one event when scoring.
pub const SCORE_SLACK_DAYS: i64 = 1;
/// Size of the evidence sketch (bottom-k of word-bigram hashes).
const SKETCH: usize = 32;

/// The choices of deduplication a measurement may vary ([`Store::set_dedup_config`]);
/// [`DedupConfig::default`] is what every store uses.
///
/// [`Store::set_dedup_config`]: crate::Store::set_dedup_config
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DedupConfig {
    /// Mean score over an event's members from which a record joins it.
    pub threshold: f64,
    /// An undated claim reaches back to the whole window before its article's publication
    /// only when a fatality figure or evidence words tie it to the other claim; when false,
    /// the same named place with the same parties or type also opens the window.
    pub undated_needs_text: bool,
    /// For claims of the kinds that recur at one place day after day in a war
    /// ([`recurs_at_a_place`]: battles, air strikes, shelling), the window opens on the text
    /// (fatality figures within a factor of two also tie) or on the same named place with the
    /// same parties *and* the same sub-event type; for other kinds (a bombing, an attack, a
    /// protest) the same place with the same parties or type still opens it.
    pub recurring_undated_needs_text: bool,
    /// For the same kinds, a week-precise claim dated to another day than a day-precise claim
    /// joins it only on what opens an undated window (`recurring_undated_needs_text`): a week
    /// at a front holds many days of fighting.
    pub recurring_week_needs_tie: bool,
    /// What two claims whose named parties conflict (each names a party the other does not:
    /// `Turkey vs YPG` and `Turkey vs Islamic State`) get.
    pub party_conflict: PartyConflict,
    /// A claim placed only in its country ([`Claim::country_only`]) joins another only when a
    /// fatality figure or evidence words tie the two: a country is no place.
    pub country_only_needs_text: bool,
    /// The same parties at the same place tie two claims of different sub-event types only
    /// when the place is named below the governorate: a governorate (`Aden`, `Lahij`) holds
    /// many occurrences of one war a day (a clash, a capture, a strike).
    pub parties_need_fine_place: bool,
    /// Two claims placed no finer than the governorate whose named parties conflict
    /// ([`parties_conflict`]) agree only when the text ties them, not by the same sub-event
    /// type.
    pub regional_conflict_needs_text: bool,
    /// For the kinds that recur at a place ([`recurs_at_a_place`]), fatality figures that
    /// disagree by more than a factor of two void the tie of the same place and parties: at a
    /// front the count is what tells one day's report from another's.
    pub recurring_counts_must_agree: bool,
}

/// See [`DedupConfig::party_conflict`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartyConflict {
    /// Only claims sharing no named actor get no actor credit (one shared party is enough).
    Ignore,
    /// No actor credit, as when no named actor is shared.
    NoCredit,
    /// Never one occurrence.
    Veto,
    /// Never one occurrence unless the text ties them (the same fatality figure, shared
    /// evidence words): extracted actors are often wrong where the figures agree.
    VetoUntied,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            threshold: MERGE_THRESHOLD,
            undated_needs_text: false,
            recurring_undated_needs_text: true,
            recurring_week_needs_tie: true,
            party_conflict: PartyConflict::Ignore,
            country_only_needs_text: false,
            parties_need_fine_place: true,
            regional_conflict_needs_text: true,
            recurring_counts_must_agree: true,
        }
    }
}

/// The blocking family of an event type: records of different families are never merged.
pub fn family(event_type: EventType) -> &'static str {
    match event_type {
        EventType::Battles => "battles",
        EventType::ExplosionsRemoteViolence => "explosions",
        EventType::ViolenceAgainstCivilians => "violence_against_civilians",
        EventType::Protests | EventType::Riots => "demonstrations",
        EventType::StrategicDevelopments => "strategic",
    }
}

/// The family of this name ([`family`]'s value), as stored.
pub fn family_named(name: &str) -> Option<&'static str> {
    SubEventType::ALL
        .iter()
        .map(|s| family(s.event_type()))
        .find(|&f| f == name)
}

/// Days since 0001-01-01 (CE), the integer form of dates in the store.
pub fn day_number(date: NaiveDate) -> i64 {
    date.num_days_from_ce() as i64
}

/// The days a record may refer to, as day numbers `(first, last)`; `None` when neither the
/// record nor its article gives a date (such records are never merged).
pub fn date_interval(record: &EventRecord, published: Option<NaiveDate>) -> Option<(i64, i64)> {
    match record.event_date {
        Some(date) => {
            let d = day_number(date);
            let w = match record.time_precision {
                Some(1) => 0,
                Some(2) => 6,
                Some(3) => 15,
                _ => 6,
            };
            Some((d - w, d + w))
        }
        None => published.map(|p| {
            let d = day_number(p);
            (d - UNDATED_SPAN, d)
        }),
    }
}

/// The bottom-k sketch of a record's evidence: the smallest hashes of its normalized word
/// bigrams, sorted. Two sketches estimate the Jaccard similarity of the evidence texts.
pub fn sketch(record: &EventRecord) -> Vec<u32> {
    let mut words: Vec<String> = Vec::new();
    for ev in &record.evidence {
        let norm = normalize_str(&ev.sentence, &NormalizeOptions::MATCHING);
        words.extend(
            norm.split(|c: char| !marsad_text::tokenize::is_word_char(c))
                .filter(|w| !w.is_empty())
                .map(str::to_string),
        );
    }
    let mut hashes: Vec<u32> = if words.len() < 2 {
        words.iter().map(|w| fnv32(w.as_bytes())).collect()
    } else {
        words
            .windows(2)
            .map(|p| {
                let mut h = fnv32(p[0].as_bytes());
                h ^= fnv32(p[1].as_bytes()).rotate_left(13);
                h.wrapping_mul(0x9E37_79B1)
            })
            .collect()
    };
    hashes.sort_unstable();
    hashes.dedup();
    hashes.truncate(SKETCH);
    hashes
}

/// Sketch bytes as stored (little-endian u32s).
pub(crate) fn sketch_to_bytes(sketch: &[u32]) -> Vec<u8> {
    sketch.iter().flat_map(|h| h.to_le_bytes()).collect()
}

pub(crate) fn sketch_from_bytes(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn fnv32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Estimated Jaccard similarity of two bottom-k sketches.
pub fn sketch_similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    // Walk the union in order, keeping its k smallest, and count those in both.
    let (mut i, mut j, mut seen, mut both) = (0, 0, 0, 0);
    while seen < SKETCH && (i < a.len() || j < b.len()) {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                both += 1;
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => i += 1,
            (Some(_), Some(_)) => j += 1,
            (Some(_), None) => i += 1,
            (None, Some(_)) => j += 1,
            (None, None) => break,
        }
        seen += 1;
    }
    both as f64 / seen.max(1) as f64
}

/// What deduplication reads of a record: its block, the fields it scores and the sketch of its
/// evidence. Small, and stored in the record's own columns, so scoring a candidate never
/// parses the stored record.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// Identifies the article: two claims of one article are never merged.
    pub doc: i64,
    /// `(first, last)` day numbers, see [`date_interval`]; `None`: never merged.
    pub dates: Option<(i64, i64)>,
    pub family: &'static str,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub sub_event_type: SubEventType,
    pub place: Option<ClaimPlace>,
    /// Actor names that identify a group ([`is_generic_actor`] ones left out).
    pub named_actors: Vec<String>,
    pub fatalities: Option<u32>,
    pub sketch: Vec<u32>,
}

/// The most precise place of a claim.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimPlace {
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    pub geo_precision: u8,
}

impl Claim {
    /// Builds the claim of a record of the article `doc` published on `published`.
    pub fn new(record: &EventRecord, doc: i64, published: Option<NaiveDate>) -> Claim {
        Claim {
            doc,
            dates: date_interval(record, published),
            family: family(record.event_type),
            country: record.country.clone(),
            admin1: record.admin1.clone(),
            sub_event_type: record.sub_event_type,
            place: record.location.as_ref().map(|l| ClaimPlace {
                name: l.name.clone(),
                latitude: l.latitude,
                longitude: l.longitude,
                geo_precision: l.geo_precision,
            }),
            named_actors: [&record.actor1, &record.actor2]
                .into_iter()
                .flatten()
                .map(|a| a.name.clone())
                .filter(|n| !is_generic_actor(n))
                .collect(),
            fatalities: record.fatalities,
            sketch: sketch(record),
        }
    }
}

/// How precisely a claim dates its occurrence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatePrecision {
    Day,
    /// A week, or a date of unknown precision.
    Week,
    Month,
    /// No date of its own: the days before its article's publication.
    Undated,
}

impl Claim {
    /// The interval compared with other claims: the claim's own, or for an undated claim the
    /// [`UNDATED_RECENT_DAYS`] before its article's publication.
    pub fn compared_dates(&self) -> Option<(i64, i64)> {
        let (lo, hi) = self.dates?;
        Some(if hi - lo == UNDATED_SPAN {
            (hi - UNDATED_RECENT_DAYS, hi)
        } else {
            (lo, hi)
        })
    }

    /// True when the claim places its occurrence in its country only: no first-level
    /// division and no place below the region.
    pub fn country_only(&self) -> bool {
        self.admin1.is_none() && self.place.as_ref().is_none_or(|p| p.geo_precision >= 3)
    }

    /// The precision of the claim's date, read from the width of its interval
    /// ([`date_interval`]: 0 days, 12, 30, or 14 for an undated claim).
    pub fn date_precision(&self) -> Option<DatePrecision> {
        let (lo, hi) = self.dates?;
        Some(match hi - lo {
            0 => DatePrecision::Day,
            UNDATED_SPAN => DatePrecision::Undated,
            w if w <= 12 => DatePrecision::Week,
            _ => DatePrecision::Month,
        })
    }
}

/// True for actor names that do not identify a group (`Unidentified Armed Group (Syria)`,
/// `Civilians (Iraq)`, `Protesters (Yemen)`, `Rioters (Turkey)`): they match any actor.
pub fn is_generic_actor(name: &str) -> bool {
    ["Unidentified", "Civilians", "Protesters", "Rioters"]
        .iter()
        .any(|p| name.starts_with(p))
}

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

/// The parts of a pair's score, each in 0..=1, for explanations and tests.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScoreParts {
    pub place: f64,
    pub date: f64,
    pub actors: f64,
    pub sub_event: f64,
    pub fatalities: f64,
    pub evidence: f64,
}

impl ScoreParts {
    /// The weighted sum compared with [`MERGE_THRESHOLD`].
    pub fn total(&self) -> f64 {
        0.25 * self.place
            + 0.2 * self.date
            + 0.15 * self.actors
            + 0.15 * self.sub_event
            + 0.1 * self.fatalities
            + 0.15 * self.evidence
    }
}

/// Scores a pair of claims; `None` when they cannot be one occurrence (the vetoes of the module
/// docs: other block, same article, dates or places apart, nothing beyond place and date
/// agreeing, an undated claim without textual agreement).
pub fn score(a: &Claim, b: &Claim) -> Option<ScoreParts> {
    score_with(a, b, &DedupConfig::default())
}

/// [`score`] with the choices of `cfg`.
pub fn score_with(a: &Claim, b: &Claim, cfg: &DedupConfig) -> Option<ScoreParts> {
    if a.doc == b.doc
        || a.family != b.family
        || a.country.is_none()
        || a.country != b.country
        || (a.admin1.is_some() && b.admin1.is_some() && a.admin1 != b.admin1)
    {
        return None;
    }
    // date: distance between the intervals (an undated claim: its article's last days, or
    // the whole window when the same fatality figure, evidence words, or the same named place
    // tie the two), one day at most; an undated claim never gets full date credit
    let (pa, pb) = (a.date_precision()?, b.date_precision()?);
    let same_count = matches!((a.fatalities, b.fatalities), (Some(x), Some(y)) if x > 0 && x == y);
    let similarity = sketch_similarity(&a.sketch, &b.sketch);
    // the same named place (below the governorate) with the same parties or the same type ties
    // two claims too
    let same_place = match (&a.place, &b.place) {
        (Some(la), Some(lb)) => la.geo_precision < 3 && lb.geo_precision < 3 && la.name == lb.name,
        _ => false,
    };
    let text_tied = same_count || similarity >= EVIDENCE_AGREEMENT;
    // what lets an undated claim reach back over its whole window: in a war the same parties
    // fight at the same place week after week, so place and parties alone do not date a claim
    let recurring = recurs_at_a_place(a.sub_event_type) || recurs_at_a_place(b.sub_event_type);
    // fatality figures of one occurrence agree within a factor of two (as in the score)
    let (close_counts, far_counts) = match (a.fatalities, b.fatalities) {
        (Some(x), Some(y)) if x > 0 && y > 0 => {
            let close = 2 * x.min(y) >= x.max(y);
            (close, !close)
        }
        _ => (false, false),
    };
    // at a front, counts that disagree tell two days' reports apart whatever the place
    let place_ties = same_place && !(cfg.recurring_counts_must_agree && recurring && far_counts);
    let tied =
        text_tied || (place_ties && (same_parties(a, b) || a.sub_event_type == b.sub_event_type));
    // at a front, one named place with the same parties dates a report only for one kind of
    // event: a clash there is not the capture of the place
    let dates_tied = text_tied
        || close_counts
        || (place_ties && same_parties(a, b) && a.sub_event_type == b.sub_event_type);
    let window_tied = if cfg.undated_needs_text {
        text_tied
    } else if cfg.recurring_undated_needs_text && recurring {
        dates_tied
    } else {
        tied
    };
    // two undated claims: reports published within a few days of each other
    let both_undated = pa == DatePrecision::Undated && pb == DatePrecision::Undated;
    let (da, db) = if window_tied && !both_undated {
        (a.dates?, b.dates?)
    } else {
        (a.compared_dates()?, b.compared_dates()?)
    };
    let gap = (da.0 - db.1).max(db.0 - da.1).max(0);
    let undated = pa == DatePrecision::Undated || pb == DatePrecision::Undated;
    // a month-precise claim is as vague as an undated one: it needs the text to agree too
    let vague = undated || pa == DatePrecision::Month || pb == DatePrecision::Month;
    let limit = if undated {
        // nothing after the publication of a report is in it
        0
    } else if pa == DatePrecision::Day && pb == DatePrecision::Day {
        DAY_WINDOW_DAYS
    } else {
        SCORE_SLACK_DAYS
    };
    if gap > limit {
        return None;
    }
    let date = match gap {
        0 => 1.0,
        1 => 0.5,
        2 => 0.2,
        _ => 0.0,
    } * if undated { 0.75 } else { 1.0 };
    let place = match (&a.place, &b.place) {
        (Some(la), Some(lb)) => {
            let d = haversine_km(la.latitude, la.longitude, lb.latitude, lb.longitude);
            if la.name == lb.name || d <= 2.0 {
                1.0
            } else if la.geo_precision == 3 || lb.geo_precision == 3 {
                GOVERNORATE_PLACE
            } else if (la.geo_precision == 1 && lb.geo_precision == 1)
                || d > MAX_PRECISE_DISTANCE_KM
            {
                return None;
            } else {
                (1.0 - d / 30.0).max(0.0)
            }
        }
        _ => 0.4,
    };
    // 1 when the named actors agree, 0 when both name actors and none is shared, 0.5 when
    // one side names none (generic actors match anything)
    let conflict = parties_conflict(a, b);
    if conflict
        && (cfg.party_conflict == PartyConflict::Veto
            || (cfg.party_conflict == PartyConflict::VetoUntied && !text_tied))
    {
        return None;
    }
    let actors = if a.named_actors.is_empty() || b.named_actors.is_empty() {
        0.5
    } else if conflict && cfg.party_conflict != PartyConflict::Ignore {
        0.0
    } else if a.named_actors.iter().any(|x| b.named_actors.contains(x)) {
        1.0
    } else {
        0.0
    };
    let same_type = a.sub_event_type == b.sub_event_type;
    let sub_event = if same_type { 1.0 } else { 0.3 };
    let fatalities = match (a.fatalities, b.fatalities) {
        (Some(x), Some(y)) if x > 0 && y > 0 => {
            let ratio = x.min(y) as f64 / x.max(y) as f64;
            if ratio >= 0.5 {
                1.0
            } else {
                ratio
            }
        }
        _ => 0.5,
    };
    // agreement beyond place and date: what the claims say (named actors count together with
    // a named place: in a war the same parties fight everywhere)
    if cfg.country_only_needs_text && !text_tied && (a.country_only() || b.country_only()) {
        return None;
    }
    // a week-precise claim of a recurring kind dated to another day than a day-precise one:
    // its week reaches the day only when something beyond place and parties dates it
    let off_day = |w: &Claim, d: &Claim| {
        w.date_precision() == Some(DatePrecision::Week)
            && d.date_precision() == Some(DatePrecision::Day)
            && matches!((w.dates, d.dates), (Some((wl, wh)), Some((dl, _))) if (wl + wh) / 2 != dl)
    };
    if cfg.recurring_week_needs_tie && recurring && (off_day(a, b) || off_day(b, a)) && !dates_tied
    {
        return None;
    }
    // a place named below the governorate (precision 1 or 2)
    let fine = |c: &Claim| c.place.as_ref().is_some_and(|p| p.geo_precision < 3);
    if cfg.regional_conflict_needs_text && conflict && !text_tied && !fine(a) && !fine(b) {
        return None;
    }
    let parties_place = place == 1.0
        && a.place.is_some()
        && (!cfg.parties_need_fine_place || (fine(a) && fine(b)) || same_type)
        && !(cfg.recurring_counts_must_agree && recurring && far_counts);
    let textual = tied || (same_parties(a, b) && parties_place);
    let agrees = textual || (!vague && same_type);
    if !agrees {
        return None;
    }
    Some(ScoreParts {
        place,
        date,
        actors,
        sub_event,
        fatalities,
        evidence: (similarity * 3.0).min(1.0),
    })
}

/// True when every named actor of the claim naming fewer is named by the other (and there is
/// one): the same parties, not merely one party of a war present everywhere.
fn same_parties(a: &Claim, b: &Claim) -> bool {
    let (few, many) = if a.named_actors.len() <= b.named_actors.len() {
        (a, b)
    } else {
        (b, a)
    };
    !few.named_actors.is_empty()
        && few
            .named_actors
            .iter()
            .all(|x| many.named_actors.contains(x))
}

/// True for the kinds of event that recur at one place day after day in a war (battles, a
/// change of territory at a front, air strikes, shelling): their place and parties do not date
/// a report.
pub fn recurs_at_a_place(sub: SubEventType) -> bool {
    family(sub.event_type()) == "battles"
        || matches!(
            sub,
            SubEventType::AirDroneStrike | SubEventType::ShellingArtilleryMissileAttack
        )
}

/// True when each claim names a party the other does not (`Turkey` against `YPG` in one,
/// against `Islamic State` in the other): another dyad, not a less specific report of the same
/// one. Generic actors ([`is_generic_actor`]) are not named parties and never conflict.
pub fn parties_conflict(a: &Claim, b: &Claim) -> bool {
    let extra = |x: &Claim, y: &Claim| x.named_actors.iter().any(|n| !y.named_actors.contains(n));
    extra(a, b) && extra(b, a)
}

/// How well a claim agrees with an event of `members`: `None` when any member vetoes the pair
/// (complete link), else the mean pair score (average link), compared with
/// [`MERGE_THRESHOLD`].
pub fn event_agreement<'a>(
    claim: &Claim,
    members: impl IntoIterator<Item = &'a Claim>,
    cfg: &DedupConfig,
) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0usize);
    for m in members {
        sum += score_with(claim, m, cfg)?.total();
        n += 1;
    }
    (n > 0).then(|| sum / n as f64)
}

/// ACLED's precedence among the sub-event types of one occurrence (lower first): when sources
/// disagree, the event keeps the highest type, e.g. a change of territory over the armed clash
/// it involved, a suicide bomb over an IED, an air strike over shelling, a riot over a protest.
pub fn type_rank(sub: SubEventType) -> usize {
    use SubEventType as S;
    const ORDER: &[SubEventType] = &[
        S::GovernmentRegainsTerritory,
        S::NonStateActorOvertakesTerritory,
        S::ArmedClash,
        S::ChemicalWeapon,
        S::SuicideBomb,
        S::AirDroneStrike,
        S::ShellingArtilleryMissileAttack,
        S::RemoteExplosiveLandmineIed,
        S::Grenade,
        S::SexualViolence,
        S::Attack,
        S::AbductionForcedDisappearance,
        S::MobViolence,
        S::ViolentDemonstration,
        S::ExcessiveForceAgainstProtesters,
        S::ProtestWithIntervention,
        S::PeacefulProtest,
    ];
    ORDER.iter().position(|&s| s == sub).unwrap_or_else(|| {
        ORDER.len()
            + SubEventType::ALL
                .iter()
                .position(|&s| s == sub)
                .unwrap_or(0)
    })
}

/// The fields of a merged event, derived from its claims by the rules of the module docs.
#[derive(Clone, Debug, PartialEq)]
pub struct Derived {
    pub event_type: EventType,
    pub sub_event_type: SubEventType,
    pub plover: String,
    pub event_date: Option<NaiveDate>,
    pub time_precision: Option<u8>,
    pub actor1: Option<(String, Option<u8>)>,
    pub actor2: Option<(String, Option<u8>)>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub location: Option<(String, f64, f64, u8)>,
    pub fatalities: Option<u32>,
    pub fatalities_max: Option<u32>,
    pub confidence: f64,
    pub notes: Option<String>,
}

/// Derives an event's fields from its claims (in arrival order; at least one).
pub fn derive(records: &[&EventRecord]) -> Derived {
    assert!(!records.is_empty(), "an event has at least one claim");
    let first = records[0];
    // sub-event type: highest in ACLED's precedence, then most frequent, then most confident,
    // then first
    let mut counts: HashMap<SubEventType, (usize, f64, usize)> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        let e = counts.entry(r.sub_event_type).or_insert((0, 0.0, i));
        e.0 += 1;
        e.1 = e.1.max(r.confidence);
    }
    let (&sub_event_type, _) = counts
        .iter()
        .max_by(|a, b| {
            type_rank(*b.0)
                .cmp(&type_rank(*a.0))
                .then(
                    (a.1 .0, a.1 .1)
                        .partial_cmp(&(b.1 .0, b.1 .1))
                        .unwrap_or(std::cmp::Ordering::Equal),
                )
                .then(b.1 .2.cmp(&a.1 .2))
        })
        .expect("non-empty");
    let typed = records
        .iter()
        .find(|r| r.sub_event_type == sub_event_type)
        .copied()
        .unwrap_or(first);

    // date: most precise (1 best, none worst), then most frequent, then earliest
    let dated: Vec<&EventRecord> = records
        .iter()
        .filter(|r| r.event_date.is_some())
        .copied()
        .collect();
    let (event_date, time_precision) = if dated.is_empty() {
        (None, None)
    } else {
        let best_precision = dated
            .iter()
            .map(|r| r.time_precision.unwrap_or(3))
            .min()
            .expect("non-empty");
        let mut freq: HashMap<NaiveDate, usize> = HashMap::new();
        for r in &dated {
            if r.time_precision.unwrap_or(3) == best_precision {
                *freq.entry(r.event_date.expect("dated")).or_default() += 1;
            }
        }
        let date = freq
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(d, _)| *d);
        (date, Some(best_precision))
    };

    // place: most precise, then most frequent name, then first
    let placed: Vec<&EventRecord> = records
        .iter()
        .filter(|r| r.location.is_some())
        .copied()
        .collect();
    let place_rec = if placed.is_empty() {
        records
            .iter()
            .find(|r| r.admin1.is_some())
            .copied()
            .unwrap_or(first)
    } else {
        let best = placed
            .iter()
            .map(|r| r.location.as_ref().expect("placed").geo_precision)
            .min()
            .expect("non-empty");
        let candidates: Vec<&EventRecord> = placed
            .iter()
            .filter(|r| r.location.as_ref().expect("placed").geo_precision == best)
            .copied()
            .collect();
        let mut freq: HashMap<&str, usize> = HashMap::new();
        for r in &candidates {
            *freq
                .entry(&r.location.as_ref().expect("placed").name)
                .or_default() += 1;
        }
        let top = candidates
            .iter()
            .map(|r| freq[r.location.as_ref().expect("placed").name.as_str()])
            .max()
            .unwrap_or(0);
        candidates
            .into_iter()
            .find(|r| freq[r.location.as_ref().expect("placed").name.as_str()] == top)
            .unwrap_or(first)
    };

    let actor1 = pick_actor(records.iter().map(|r| r.actor1.as_ref()));
    let actor2 = pick_actor(records.iter().map(|r| r.actor2.as_ref()));

    let positive: Vec<u32> = records
        .iter()
        .filter_map(|r| r.fatalities)
        .filter(|&f| f > 0)
        .collect();
    let fatalities = match positive.iter().min() {
        Some(&m) => Some(m),
        None if records.iter().any(|r| r.fatalities == Some(0)) => Some(0),
        None => None,
    };
    let fatalities_max = positive.iter().max().copied().or(fatalities);

    let confidence = 1.0
        - records
            .iter()
            .map(|r| 1.0 - r.confidence.clamp(0.0, 1.0))
            .product::<f64>();
    let most_confident = records
        .iter()
        .max_by(|a, b| {
            a.confidence
                .partial_cmp(&b.confidence)
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .copied()
        .unwrap_or(first);
    let notes = most_confident
        .evidence
        .first()
        .map(|e| e.sentence.trim().to_string());

    Derived {
        event_type: sub_event_type.event_type(),
        sub_event_type,
        plover: typed.plover.clone(),
        event_date,
        time_precision,
        actor1,
        actor2,
        country: place_rec.country.clone(),
        admin1: place_rec.admin1.clone(),
        admin2: place_rec.admin2.clone(),
        location: place_rec
            .location
            .as_ref()
            .map(|l| (l.name.clone(), l.latitude, l.longitude, l.geo_precision)),
        fatalities,
        fatalities_max,
        confidence,
        notes,
    }
}

/// One side's actor: named before generic, then most frequent, then first.
fn pick_actor<'a>(
    actors: impl Iterator<Item = Option<&'a marsad_extract::record::Actor>>,
) -> Option<(String, Option<u8>)> {
    let mut order: Vec<(&'a str, Option<u8>)> = Vec::new();
    let mut freq: HashMap<&'a str, usize> = HashMap::new();
    for a in actors.flatten() {
        if !freq.contains_key(a.name.as_str()) {
            order.push((&a.name, a.inter));
        }
        *freq.entry(&a.name).or_default() += 1;
    }
    order
        .iter()
        .enumerate()
        .max_by_key(|(i, (name, _))| (!is_generic_actor(name), freq[name], usize::MAX - i))
        .map(|(_, (name, inter))| (name.to_string(), *inter))
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_extract::record::{Actor, Evidence, Location};

    fn record(sub: SubEventType, date: Option<&str>, place: (&str, f64, f64)) -> EventRecord {
        EventRecord {
            doc_id: "d".into(),
            event_id: "d#1".into(),
            event_type: sub.event_type(),
            sub_event_type: sub,
            plover: "ASSAULT".into(),
            plover_mode: None,
            event_date: date.map(|d| d.parse().unwrap()),
            time_precision: date.map(|_| 1),
            actor1: None,
            actor2: None,
            country: Some("SY".into()),
            admin1: Some("Al-Hasakah".into()),
            admin2: None,
            location: Some(Location {
                name: place.0.into(),
                text: None,
                geonameid: None,
                latitude: place.1,
                longitude: place.2,
                geo_precision: 1,
                start: None,
                end: None,
            }),
            fatalities: None,
            fatalities_text: None,
            injuries: None,
            trigger: None,
            evidence: vec![],
            confidence: 0.6,
        }
    }

    fn actor(name: &str) -> Option<Actor> {
        Some(Actor {
            name: name.into(),
            text: None,
            id: None,
            inter: None,
            start: None,
            end: None,
        })
    }

    fn claim(r: &EventRecord, doc: i64, published: &str) -> Claim {
        Claim::new(r, doc, Some(published.parse().unwrap()))
    }

    const GHWAYRAN: (&str, f64, f64) = ("Ghwayran", 36.4728, 40.7394);
    const QAMISHLI: (&str, f64, f64) = ("Qamishli", 37.0522, 41.2317);

    #[test]
    fn one_attack_told_by_two_outlets_merges() {
        let mut a = record(
            SubEventType::RemoteExplosiveLandmineIed,
            Some("2022-01-20"),
            GHWAYRAN,
        );
        a.actor1 = actor("Islamic State (Syria)");
        a.fatalities = Some(120);
        a.evidence = vec![Evidence {
            sentence: "هجوم بسيارة ملغمة على سجن غويران في الحسكة".into(),
            start: 0,
            end: 10,
        }];
        let mut b = record(SubEventType::RemoteExplosiveLandmineIed, None, GHWAYRAN);
        b.actor1 = actor("Unidentified Armed Group (Syria)");
        b.fatalities = Some(100);
        b.evidence = vec![Evidence {
            sentence: "انفجار سيارة ملغمة على سجن غويران".into(),
            start: 0,
            end: 10,
        }];
        let (ca, cb) = (claim(&a, 1, "2022-01-24"), claim(&b, 2, "2022-01-30"));
        let s = score(&ca, &cb).expect("same block");
        assert!(s.total() >= MERGE_THRESHOLD, "{s:?} total {}", s.total());
        // the derived event keeps the lowest credible count and the precise date
        let d = derive(&[&a, &b]);
        assert_eq!(d.fatalities, Some(100));
        assert_eq!(d.fatalities_max, Some(120));
        assert_eq!(d.event_date, "2022-01-20".parse().ok());
        assert_eq!(d.actor1.unwrap().0, "Islamic State (Syria)");
    }

    #[test]
    fn same_day_in_another_city_does_not_merge() {
        let a = record(SubEventType::ArmedClash, Some("2022-01-20"), GHWAYRAN);
        let b = record(SubEventType::ArmedClash, Some("2022-01-20"), QAMISHLI);
        assert!(score(&claim(&a, 1, "2022-01-21"), &claim(&b, 2, "2022-01-21")).is_none());
        // even when one place is only known to the district, the distance keeps them apart
        let mut b2 = b.clone();
        b2.location.as_mut().unwrap().geo_precision = 2;
        assert!(score(&claim(&a, 1, "2022-01-21"), &claim(&b2, 2, "2022-01-21")).is_none());
        // a town inside a governorate-level claim is compatible, not identical
        let mut region = b;
        region.location.as_mut().unwrap().geo_precision = 3;
        let s = score(
            &claim(&a, 1, "2022-01-21"),
            &claim(&region, 2, "2022-01-21"),
        )
        .unwrap();
        assert_eq!(s.place, GOVERNORATE_PLACE);
    }

    #[test]
    fn day_precise_claims_of_one_event_are_one_day_apart_at_most() {
        let a = record(SubEventType::ArmedClash, Some("2022-01-20"), GHWAYRAN);
        let next = record(SubEventType::ArmedClash, Some("2022-01-21"), GHWAYRAN);
        let later = record(SubEventType::ArmedClash, Some("2022-01-22"), GHWAYRAN);
        let ca = claim(&a, 1, "2022-01-23");
        assert!(score(&ca, &claim(&next, 2, "2022-01-23")).is_some());
        assert!(score(&ca, &claim(&later, 3, "2022-01-23")).is_none());
        // complete link: a claim that one member refuses does not join the event
        let (cn, cl) = (
            claim(&next, 2, "2022-01-23"),
            claim(&later, 3, "2022-01-23"),
        );
        let cfg = DedupConfig::default();
        assert!(event_agreement(&cl, [&cn], &cfg).is_some());
        assert!(event_agreement(&cl, [&ca, &cn], &cfg).is_none());
    }

    #[test]
    fn an_undated_claim_needs_textual_agreement() {
        let a = record(SubEventType::ArmedClash, Some("2022-01-20"), GHWAYRAN);
        // placed only in the governorate: no named place ties it either
        let mut undated = record(SubEventType::ArmedClash, None, QAMISHLI);
        undated.location.as_mut().unwrap().geo_precision = 3;
        let ca = claim(&a, 1, "2022-01-21");
        assert!(score(&ca, &claim(&undated, 2, "2022-01-21")).is_none());
        // the same fatality figure ties them
        let mut a2 = a.clone();
        a2.fatalities = Some(7);
        undated.fatalities = Some(7);
        let s = score(
            &claim(&a2, 1, "2022-01-21"),
            &claim(&undated, 2, "2022-01-21"),
        )
        .unwrap();
        assert!(s.date < 1.0, "an undated claim never gets full date credit");
    }

    /// `r` placed at `place` known to the governorate only (precision 3), dated to a week.
    fn regional_week(mut r: EventRecord, place: &str) -> EventRecord {
        let loc = r.location.as_mut().unwrap();
        loc.name = place.into();
        loc.geo_precision = 3;
        if r.event_date.is_some() {
            r.time_precision = Some(2);
        }
        r
    }

    #[test]
    fn the_same_parties_in_one_governorate_do_not_tie_claims() {
        // a week-precise clash and an undated capture, both placed only in the governorate,
        // with the same two parties: the governorate holds many such occurrences
        let mut a = regional_week(
            record(SubEventType::ArmedClash, Some("2022-01-20"), GHWAYRAN),
            "Al-Hasakah",
        );
        a.actor1 = actor("Popular Front");
        a.actor2 = actor("Northern Army");
        let mut b = regional_week(
            record(
                SubEventType::NonStateActorOvertakesTerritory,
                None,
                GHWAYRAN,
            ),
            "Al-Hasakah",
        );
        b.actor1 = a.actor2.clone();
        b.actor2 = a.actor1.clone();
        let (ca, cb) = (claim(&a, 1, "2022-01-21"), claim(&b, 2, "2022-01-22"));
        assert!(score(&ca, &cb).is_none());
        let old = DedupConfig {
            parties_need_fine_place: false,
            ..DedupConfig::default()
        };
        assert!(
            score_with(&ca, &cb, &old).is_some(),
            "the rule is what refuses it"
        );
        // the same parties and the same kind in the governorate still tie them
        let mut same_kind = b.clone();
        same_kind.sub_event_type = SubEventType::ArmedClash;
        same_kind.event_type = same_kind.sub_event_type.event_type();
        assert!(score(&ca, &claim(&same_kind, 2, "2022-01-22")).is_some());
        // named below the governorate, the same place with the same parties still ties them
        for r in [&mut a, &mut b] {
            let loc = r.location.as_mut().unwrap();
            loc.name = "Ghwayran".into();
            loc.geo_precision = 1;
        }
        let (ca, cb) = (claim(&a, 1, "2022-01-21"), claim(&b, 2, "2022-01-22"));
        assert!(score(&ca, &cb).is_some());
    }

    #[test]
    fn regional_claims_of_other_parties_need_the_text() {
        let mut a = regional_week(
            record(SubEventType::AirDroneStrike, Some("2022-01-20"), GHWAYRAN),
            "Al-Hasakah",
        );
        a.actor1 = actor("Coalition");
        a.actor2 = actor("Islamic State (Syria)");
        let mut b = regional_week(
            record(SubEventType::AirDroneStrike, Some("2022-01-22"), GHWAYRAN),
            "Al-Hasakah",
        );
        b.actor1 = actor("Military Forces of Syria");
        let (ca, cb) = (claim(&a, 1, "2022-01-23"), claim(&b, 2, "2022-01-23"));
        assert!(
            score(&ca, &cb).is_none(),
            "same type in one governorate is not enough"
        );
        let old = DedupConfig {
            regional_conflict_needs_text: false,
            ..DedupConfig::default()
        };
        assert!(score_with(&ca, &cb, &old).is_some());
        // the same words in both reports tie them
        let said = Evidence {
            sentence: "غارات جوية على مواقع في ريف الحسكة الجنوبي قرب صوامع الحبوب".into(),
            start: 0,
            end: 10,
        };
        a.evidence = vec![said.clone()];
        b.evidence = vec![said];
        assert!(score(&claim(&a, 1, "2022-01-23"), &claim(&b, 2, "2022-01-23")).is_some());
    }

    #[test]
    fn counts_apart_at_a_front_are_two_reports() {
        // one day, one town, the same parties; one report counts 29 dead, the other 8
        let mut a = record(
            SubEventType::GovernmentRegainsTerritory,
            Some("2022-01-20"),
            GHWAYRAN,
        );
        a.actor1 = actor("Military Forces of Syria");
        a.actor2 = actor("Islamic State (Syria)");
        let mut b = record(SubEventType::ArmedClash, Some("2022-01-20"), GHWAYRAN);
        b.actor1 = a.actor2.clone();
        b.actor2 = a.actor1.clone();
        a.fatalities = Some(29);
        b.fatalities = Some(8);
        let (ca, cb) = (claim(&a, 1, "2022-01-21"), claim(&b, 2, "2022-01-21"));
        assert!(score(&ca, &cb).is_none());
        let old = DedupConfig {
            recurring_counts_must_agree: false,
            ..DedupConfig::default()
        };
        assert!(score_with(&ca, &cb, &old).is_some());
        // counts within a factor of two agree
        b.fatalities = Some(20);
        assert!(score(&ca, &claim(&b, 2, "2022-01-21")).is_some());
        // a bombing's toll rises from report to report: the rule is for the kinds of a front
        let mut c = a.clone();
        let mut d = b.clone();
        c.sub_event_type = SubEventType::SuicideBomb;
        c.event_type = c.sub_event_type.event_type();
        d.sub_event_type = SubEventType::SuicideBomb;
        d.event_type = d.sub_event_type.event_type();
        d.fatalities = Some(8);
        assert!(score(&claim(&c, 1, "2022-01-21"), &claim(&d, 2, "2022-01-21")).is_some());
    }

    #[test]
    fn the_event_keeps_the_higher_type() {
        let a = record(SubEventType::ArmedClash, Some("2022-01-20"), GHWAYRAN);
        let b = record(SubEventType::ArmedClash, Some("2022-01-20"), GHWAYRAN);
        let c = record(
            SubEventType::GovernmentRegainsTerritory,
            Some("2022-01-20"),
            GHWAYRAN,
        );
        let d = derive(&[&a, &b, &c]);
        assert_eq!(d.sub_event_type, SubEventType::GovernmentRegainsTerritory);
        assert!(
            type_rank(SubEventType::SuicideBomb)
                < type_rank(SubEventType::RemoteExplosiveLandmineIed)
        );
    }

    #[test]
    fn blocking_keeps_apart_other_families_dates_and_one_article() {
        let a = record(SubEventType::ArmedClash, Some("2022-01-20"), GHWAYRAN);
        let b = record(SubEventType::PeacefulProtest, Some("2022-01-20"), GHWAYRAN);
        assert!(score(&claim(&a, 1, "2022-01-21"), &claim(&b, 2, "2022-01-21")).is_none());
        let later = record(SubEventType::ArmedClash, Some("2022-01-28"), GHWAYRAN);
        assert!(score(&claim(&a, 1, "2022-01-21"), &claim(&later, 2, "2022-01-29")).is_none());
        assert!(score(&claim(&a, 1, "2022-01-21"), &claim(&a, 1, "2022-01-21")).is_none());
    }

    #[test]
    fn conflicting_named_actors_and_counts_lower_the_score() {
        let mut a = record(SubEventType::ArmedClash, Some("2022-01-20"), GHWAYRAN);
        let mut b = a.clone();
        a.actor1 = actor("Islamic State (Syria)");
        b.actor1 = actor("Military Forces of Turkey");
        a.fatalities = Some(3);
        b.fatalities = Some(150);
        let s = score(&claim(&a, 1, "2022-01-21"), &claim(&b, 2, "2022-01-21")).unwrap();
        assert_eq!(s.actors, 0.0);
        assert!(s.fatalities < 0.1);
    }

    #[test]
    fn protests_and_riots_share_a_family() {
        assert_eq!(family(EventType::Protests), family(EventType::Riots));
        assert_ne!(
            family(EventType::Battles),
            family(EventType::ExplosionsRemoteViolence)
        );
    }

    #[test]
    fn fatalities_rule_is_lowest_positive_count() {
        let mut a = record(SubEventType::ArmedClash, Some("2022-01-20"), GHWAYRAN);
        let mut b = a.clone();
        let mut c = a.clone();
        a.fatalities = Some(0);
        b.fatalities = Some(12);
        c.fatalities = None;
        assert_eq!(derive(&[&a, &b, &c]).fatalities, Some(12));
        assert_eq!(derive(&[&a, &c]).fatalities, Some(0));
        assert_eq!(derive(&[&c]).fatalities, None);
    }

    #[test]
    fn sketches_estimate_similarity() {
        let mut a = record(SubEventType::ArmedClash, None, GHWAYRAN);
        a.evidence = vec![Evidence {
            sentence: "قُتل ثلاثة جنود في اشتباكات مع مسلحين قرب سجن غويران".into(),
            start: 0,
            end: 1,
        }];
        let sa = sketch(&a);
        assert_eq!(sketch_similarity(&sa, &sa), 1.0);
        assert_eq!(sketch_from_bytes(&sketch_to_bytes(&sa)), sa);
        let mut b = a.clone();
        b.evidence[0].sentence = "تظاهر المئات في العاصمة للمطالبة بالإصلاح".into();
        assert!(sketch_similarity(&sa, &sketch(&b)) < 0.1);
    }
}
