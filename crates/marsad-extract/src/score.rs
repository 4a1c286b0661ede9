//! Scoring event records against gold, with the matching of `shared/tools/score_events.py`
//! (the project's reference scorer), so that `marsad eval` and the scorer give one figure.
//!
//! Per article, a predicted event can match a gold event when the event type and country are
//! equal and the dates, where both are known, lie within three days; pairs are taken greedily
//! by a similarity (admin1, place, sub-event type, actors, fatalities). Optional gold events
//! are neither required nor counted against a prediction that matches them. On matched
//! required events, each field is checked as the scorer checks it.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::gold::{GoldEvent, GoldName};
use crate::record::{Actor, EventRecord};

/// The fields checked on matched events, in the scorer's order.
pub const FIELDS: [&str; 8] = [
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "location",
    "date",
    "fatalities",
    "evidence",
];

/// Counts over articles; they add up.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Score {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    /// Per field of [`FIELDS`]: (right, checked) on matched required events.
    pub fields: [(usize, usize); 8],
}

impl Score {
    pub fn add(&mut self, other: &Score) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
        for (a, b) in self.fields.iter_mut().zip(other.fields) {
            a.0 += b.0;
            a.1 += b.1;
        }
    }

    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Accuracy of field `i` of [`FIELDS`] on matched required events.
    pub fn field(&self, i: usize) -> f64 {
        ratio(self.fields[i].0, self.fields[i].1)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Matches one article's predictions to its gold events: for each gold event, the index of the
/// prediction it matched.
pub fn match_article(gold: &[GoldEvent], predicted: &[EventRecord]) -> Vec<Option<usize>> {
    let mut pairs: Vec<(u8, bool, usize, usize)> = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        for (j, p) in predicted.iter().enumerate() {
            if compatible(g, p) {
                pairs.push((similarity(g, p), !g.optional, i, j));
            }
        }
    }
    // the scorer sorts the tuples in reverse: highest similarity, required first, then the
    // later gold event and the later prediction
    pairs.sort_unstable_by(|a, b| b.cmp(a));
    let mut matched = vec![None; gold.len()];
    let mut used = vec![false; predicted.len()];
    for (_, _, i, j) in pairs {
        if matched[i].is_some() || used[j] {
            continue;
        }
        matched[i] = Some(j);
        used[j] = true;
    }
    matched
}

/// The score of one article.
pub fn score_article(gold: &[GoldEvent], predicted: &[EventRecord]) -> Score {
    let matched = match_article(gold, predicted);
    let mut score = Score::default();
    let mut used = vec![false; predicted.len()];
    for (g, m) in gold.iter().zip(&matched) {
        match m {
            Some(j) => {
                used[*j] = true;
                if g.optional {
                    continue;
                }
                score.true_positives += 1;
                for (k, ok) in field_checks(g, &predicted[*j]).into_iter().enumerate() {
                    score.fields[k].0 += usize::from(ok);
                    score.fields[k].1 += 1;
                }
            }
            None if !g.optional => score.false_negatives += 1,
            None => {}
        }
    }
    score.false_positives = used.iter().filter(|u| !**u).count();
    score
}

/// The scorer's checks of [`FIELDS`] on a matched pair.
pub fn field_checks(g: &GoldEvent, p: &EventRecord) -> [bool; 8] {
    let date = p.event_date.map(|d| d.to_string());
    [
        g.sub_event_type == p.sub_event_type.as_str(),
        same_actor(g.actor1.as_ref(), p.actor1.as_ref()),
        same_actor(g.actor2.as_ref(), p.actor2.as_ref()),
        same_name(g.admin1.as_deref(), p.admin1.as_deref()),
        same_place(g, p),
        g.date.is_none() || g.date == date,
        g.fatalities.unwrap_or(0) == p.fatalities.unwrap_or(0),
        same_evidence(g, p),
    ]
}

/// A sentence of the prediction's evidence and the gold evidence start alike (the first 40
/// characters of one lie in the other).
pub fn same_evidence(g: &GoldEvent, p: &EventRecord) -> bool {
    let gold_head: String = g.evidence.chars().take(40).collect();
    p.evidence.iter().any(|e| {
        let pred_head: String = e.sentence.chars().take(40).collect();
        e.sentence.contains(&gold_head) || g.evidence.contains(&pred_head)
    })
}

/// Same event type and country, dates within three days where both are known.
pub fn compatible(g: &GoldEvent, p: &EventRecord) -> bool {
    if g.event_type != p.event_type.as_str() {
        return false;
    }
    let gc = g.country.as_deref().unwrap_or("").to_uppercase();
    let pc = p.country.as_deref().unwrap_or("").to_uppercase();
    if gc != pc {
        return false;
    }
    let gd = g
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    match (gd, p.event_date) {
        (Some(a), Some(b)) => (a - b).num_days().abs() <= 3,
        _ => true,
    }
}

pub fn similarity(g: &GoldEvent, p: &EventRecord) -> u8 {
    1 + u8::from(same_name(g.admin1.as_deref(), p.admin1.as_deref()))
        + u8::from(same_place(g, p))
        + u8::from(g.sub_event_type == p.sub_event_type.as_str())
        + u8::from(same_actor(g.actor1.as_ref(), p.actor1.as_ref()))
        + u8::from(same_actor(g.actor2.as_ref(), p.actor2.as_ref()))
        + u8::from(g.fatalities == p.fatalities)
}

/// The place is right when the English names agree, the geonameids agree, or the Arabic words
/// of one lie inside the other's.
pub fn same_place(g: &GoldEvent, p: &EventRecord) -> bool {
    let gl = g.location.clone().unwrap_or_default();
    let Some(pl) = &p.location else {
        return false;
    };
    if same_name(gl.name.as_deref(), Some(&pl.name)) {
        return true;
    }
    if gl.geonameid.is_some() && gl.geonameid == pl.geonameid {
        return true;
    }
    let ga = ar_fold(gl.ar.as_deref().unwrap_or(""));
    let pa = ar_fold(pl.text.as_deref().unwrap_or(""));
    pa.chars().count() >= 3 && ga.chars().count() >= 3 && (ga.contains(&pa) || pa.contains(&ga))
}

/// Actors agree when both are absent, or their cores (the name before a short `ABBR:` prefix,
/// without parentheses) are equal or one lies inside the other's full name.
pub fn same_actor(g: Option<&GoldName>, p: Option<&Actor>) -> bool {
    same_actor_name(g, p.map(|p| p.name.as_str()))
}

/// [`same_actor`] for a predicted actor's name.
pub fn same_actor_name(g: Option<&GoldName>, p: Option<&str>) -> bool {
    let (Some(g), Some(p)) = (g, p) else {
        return g.is_none() && p.is_none();
    };
    let (a, b) = (actor_core(&g.name), actor_core(p));
    let (full_a, full_b) = (g.name.to_lowercase(), p.to_lowercase());
    !a.is_empty() && !b.is_empty() && (a == b || full_b.contains(&a) || full_a.contains(&b))
}

fn actor_core(name: &str) -> String {
    static PARENS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\(.*?\)").unwrap());
    static NON_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^a-z0-9]+").unwrap());
    let n = name.to_lowercase();
    let n = match n.split_once(':') {
        Some((head, _)) if head.chars().count() <= 6 => head.to_string(),
        _ => n,
    };
    let n = PARENS.replace_all(&n, "");
    NON_WORD.replace_all(&n, " ").trim().to_string()
}

/// English place names agree after folding (accents, case, `al-`, `Governorate`…), exactly or
/// with a difflib ratio of at least 0.8.
pub fn same_name(a: Option<&str>, b: Option<&str>) -> bool {
    let (a, b) = (fold(a.unwrap_or("")), fold(b.unwrap_or("")));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a == b || difflib_ratio(&a, &b) >= 0.8
}

fn fold(s: &str) -> String {
    static ADMIN_WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(governorate|province|muhafazat|wilayat|district|city|of)\b").unwrap()
    });
    static ARTICLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(al|el|ad|ar|as|ash|an|az)[- ]").unwrap());
    let s: String = s
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    let s = ADMIN_WORDS.replace_all(&s, " ");
    let s = ARTICLE.replace_all(&s, "");
    s.chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        .collect()
}

/// Arabic folded for comparison: no diacritics or tatweel, one alef, ى as ي, ة as ه.
fn ar_fold(s: &str) -> String {
    let folded: String = s
        .nfkc()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | 'ـ'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Python's `difflib.SequenceMatcher(None, a, b).ratio()` for strings shorter than 200
/// characters (where its junk heuristic does not apply): twice the characters of the matching
/// blocks over the length of both.
fn difflib_ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    let mut matched = 0;
    let mut queue = vec![(0, a.len(), 0, b.len())];
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (i, j, k) = longest_match(&a, &b, alo, ahi, blo, bhi);
        if k == 0 {
            continue;
        }
        matched += k;
        if alo < i && blo < j {
            queue.push((alo, i, blo, j));
        }
        if i + k < ahi && j + k < bhi {
            queue.push((i + k, ahi, j + k, bhi));
        }
    }
    2.0 * matched as f64 / total as f64
}

/// The longest common block of `a[alo..ahi]` and `b[blo..bhi]`, the earliest in `a` and then
/// in `b` on ties, as difflib finds it: `(i, j, size)`.
fn longest_match(
    a: &[char],
    b: &[char],
    alo: usize,
    ahi: usize,
    blo: usize,
    bhi: usize,
) -> (usize, usize, usize) {
    let (mut best_i, mut best_j, mut best) = (alo, blo, 0);
    // lengths of the common suffixes ending at (i - 1, j), by j
    let mut previous = vec![0usize; bhi - blo + 1];
    for (i, x) in a.iter().enumerate().take(ahi).skip(alo) {
        let mut current = vec![0usize; bhi - blo + 1];
        for (j, y) in b.iter().enumerate().take(bhi).skip(blo) {
            if x == y {
                let k = previous[j - blo] + 1;
                current[j - blo + 1] = k;
                if k > best {
                    best_i = i + 1 - k;
                    best_j = j + 1 - k;
                    best = k;
                }
            }
        }
        previous = current;
    }
    (best_i, best_j, best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difflib_ratios_match_python() {
        // values printed by Python 3.11's difflib.SequenceMatcher(None, a, b).ratio()
        let cases = [
            ("hasakah", "hassakah", 0.9333333333333333),
            ("taizz", "taiz", 0.8888888888888888),
            ("aden", "sanaa", 0.4444444444444444),
            ("abcd", "bcda", 0.75),
            ("", "", 1.0),
        ];
        for (a, b, want) in cases {
            assert!((difflib_ratio(a, b) - want).abs() < 1e-12, "{a} {b}");
        }
    }

    #[test]
    fn names_fold_as_the_scorer_folds_them() {
        assert_eq!(fold("Al-Hasakah Governorate"), "hasakah");
        assert_eq!(fold("Ta'izz"), "taizz");
        assert!(same_name(Some("Sa'dah"), Some("Saada")));
        assert!(!same_name(Some("Aden"), Some("Lahij")));
        assert!(!same_name(None, Some("Aden")));
    }

    #[test]
    fn actor_cores() {
        assert_eq!(actor_core("SDF: Syrian Democratic Forces"), "sdf");
        assert_eq!(
            actor_core("Military Forces of Syria (2000-)"),
            "military forces of syria"
        );
        let gold = GoldName {
            name: "Islamic State".into(),
            ar: None,
        };
        let actor = |name: &str| Actor {
            name: name.into(),
            text: None,
            id: None,
            inter: None,
            start: None,
            end: None,
        };
        assert!(same_actor(
            Some(&gold),
            Some(&actor("Islamic State (Syria)"))
        ));
        assert!(!same_actor(Some(&gold), Some(&actor("Houthis"))));
        assert!(same_actor(None, None));
        assert!(!same_actor(Some(&gold), None));
    }

    #[test]
    fn arabic_folds() {
        assert_eq!(ar_fold("مُحافَظة  إدلب"), "محافظه ادلب");
    }
}
