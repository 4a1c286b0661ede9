//! Matching keys for place names and the cue words around them.
//!
//! A place name becomes a sequence of word keys exactly as the text core keys the tokens of an
//! article: the name is tokenized with [`marsad_text::tokenize`], punctuation is dropped and every
//! word is normalized with [`NormalizeOptions::MATCHING`]. The same function keys gazetteer rows
//! at build time and cue words at load time, so text and gazetteer can never disagree on a
//! spelling rule.
//!
//! Proclitics (و، ف، ب، ل، ك and ل+ال → لل) are removed by one small function,
//! [`proclitic_readings`], which gives every reading and lets the gazetteer pick the one that
//! names a place (the longest match wins, ties go to the fewest clitics). The text core's
//! statistical segmenter ([`marsad_text::segment`]) was tried in its place: its single best
//! split breaks place names its lexicon does not know (بعقوبة → ب + عقوبة، ولحج → و + ل + حج،
//! بتعز and بزوارة left whole), and its article stripping does not fit keys that keep ال, so
//! for names the gazetteer itself is the better judge. The function stays the one place to
//! swap if that changes.

use std::collections::HashMap;

use marsad_text::normalize::{normalize_into, NormalizeOptions};
use marsad_text::tokenize::{tokenize, TokenKind};

use crate::hash::FxBuild;

/// The word keys of a name (`"دير الزور"` → `["دير", "الزور"]`), or `None` when the name holds
/// a word in another script, a number only, or no word at all.
pub fn name_keys(name: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for token in tokenize(name) {
        match token.kind {
            TokenKind::Arabic => {
                let mut key = String::new();
                normalize_into(
                    token.span.slice(name),
                    &NormalizeOptions::MATCHING,
                    &mut key,
                );
                out.push(key);
            }
            TokenKind::Number => {
                let mut key = String::new();
                normalize_into(
                    token.span.slice(name),
                    &NormalizeOptions::MATCHING,
                    &mut key,
                );
                out.push(key);
            }
            TokenKind::Punct | TokenKind::Symbol => {}
            _ => return None,
        }
    }
    let letters: usize = out
        .iter()
        .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
        .map(|w| w.chars().count())
        .sum();
    (letters >= 2).then_some(out)
}

/// The key of one word (normalized like a token of the text).
pub fn word_key(word: &str) -> String {
    let mut key = String::new();
    normalize_into(word.trim(), &NormalizeOptions::MATCHING, &mut key);
    key
}

/// The readings of a token key without its proclitics: `(bytes of the key the clitics take,
/// whether the stem lost the alef of ال)`. The full key is always the first reading.
///
/// `وبالحسكه` reads as `وبالحسكه`, `بالحسكه` and `الحسكه`; `للموصل` (ل + الموصل) reads as
/// `للموصل` and `(ا)لموصل`, the second meaning "prepend ا".
///
/// ```
/// use marsad_geo::keys::proclitic_readings;
/// let r = proclitic_readings("وبالحسكه");
/// assert_eq!(r.iter().map(|r| r.stem("وبالحسكه")).collect::<Vec<_>>(), ["وبالحسكه", "بالحسكه", "الحسكه"]);
/// assert_eq!(proclitic_readings("للموصل")[1].stem("للموصل"), "الموصل");
/// ```
pub fn proclitic_readings(key: &str) -> Readings {
    let mut out = Readings::default();
    out.push(Reading {
        skip: 0,
        restore_alef: false,
    });
    let bytes = key.as_bytes();
    // Arabic letters are 2 bytes in UTF-8; the clitics are all in U+0600..U+06FF.
    let letter = |i: usize| -> Option<char> { key.get(i..i + 2)?.chars().next() };
    let min_stem = 4; // two letters (bytes) at least must remain
    let mut i = 0;
    if matches!(letter(0), Some('و' | 'ف')) && bytes.len() >= i + 2 + min_stem {
        i = 2;
        out.push(Reading {
            skip: i,
            restore_alef: false,
        });
    }
    match letter(i) {
        Some('ب' | 'ك') if bytes.len() >= i + 2 + min_stem => out.push(Reading {
            skip: i + 2,
            restore_alef: false,
        }),
        Some('ل') if bytes.len() >= i + 2 + min_stem => {
            if letter(i + 2) == Some('ل') && bytes.len() >= i + 4 + min_stem {
                // ل + الـ: the alef of the article is not written (للموصل)
                out.push(Reading {
                    skip: i + 2,
                    restore_alef: true,
                });
            } else {
                out.push(Reading {
                    skip: i + 2,
                    restore_alef: false,
                });
            }
        }
        _ => {}
    }
    out
}

/// One reading of a token without its proclitics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading {
    /// Bytes of the key taken by the clitics.
    pub skip: usize,
    /// The stem starts with ل of the article whose alef was dropped after ل (للـ).
    pub restore_alef: bool,
}

impl Reading {
    /// The stem as a new string (for tests and tools; the engine uses [`Reading::write_stem`]).
    pub fn stem(&self, key: &str) -> String {
        let mut s = String::new();
        self.write_stem(key, &mut s);
        s
    }

    /// Writes the stem into `out` (cleared first).
    #[inline]
    pub fn write_stem(&self, key: &str, out: &mut String) {
        out.clear();
        if self.restore_alef {
            out.push('ا');
        }
        out.push_str(&key[self.skip..]);
    }
}

/// Up to three readings, without allocation.
#[derive(Clone, Copy, Debug, Default)]
pub struct Readings {
    items: [Reading; 3],
    len: usize,
}

impl Readings {
    fn push(&mut self, r: Reading) {
        if self.len < 3 {
            self.items[self.len] = r;
            self.len += 1;
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = &Reading> {
        self.items[..self.len].iter()
    }
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl std::ops::Index<usize> for Readings {
    type Output = Reading;
    fn index(&self, i: usize) -> &Reading {
        &self.items[..self.len][i]
    }
}

/// The kind of place a feature word announces (حي، مدينة، سجن، محافظة…).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    Neighbourhood,
    City,
    Town,
    Village,
    Camp,
    Prison,
    Airport,
    Base,
    Site,
    Countryside,
    Admin1,
    Admin2,
    Admin3,
    Area,
    Mountain,
    Valley,
    Road,
    /// A street (شارع): the name after it names the street, not a place.
    Street,
    /// A mosque, church, hospital, school or university: the name after it is mostly a
    /// person's or a saint's (مسجد الصادق، مستشفى الملك فهد), not a place.
    Institution,
}

impl Feature {
    fn parse(s: &str) -> Option<Feature> {
        use Feature::*;
        Some(match s {
            "neighbourhood" => Neighbourhood,
            "city" => City,
            "town" => Town,
            "village" => Village,
            "camp" => Camp,
            "prison" => Prison,
            "airport" => Airport,
            "base" => Base,
            "site" => Site,
            "countryside" => Countryside,
            "admin1" => Admin1,
            "admin2" => Admin2,
            "admin3" => Admin3,
            "area" => Area,
            "mountain" => Mountain,
            "valley" => Valley,
            "road" => Road,
            "street" => Street,
            "institution" => Institution,
            _ => return None,
        })
    }

    /// Features that name a facility or spot inside a town (ACLED: the town, precision 1).
    pub fn is_site(self) -> bool {
        matches!(
            self,
            Feature::Camp | Feature::Prison | Feature::Airport | Feature::Base | Feature::Site
        )
    }

    /// Features that name an administrative unit.
    pub fn is_admin(self) -> bool {
        matches!(self, Feature::Admin1 | Feature::Admin2 | Feature::Admin3)
    }
}

/// A compass direction or the centre, relative to a named place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    North,
    South,
    East,
    West,
    NorthEast,
    NorthWest,
    SouthEast,
    SouthWest,
    Center,
}

impl Direction {
    fn parse(s: &str) -> Option<Direction> {
        use Direction::*;
        Some(match s {
            "n" => North,
            "s" => South,
            "e" => East,
            "w" => West,
            "ne" => NorthEast,
            "nw" => NorthWest,
            "se" => SouthEast,
            "sw" => SouthWest,
            "center" => Center,
            _ => return None,
        })
    }

    /// Combines two directions said one after the other (شمال شرق → north-east).
    pub fn combine(self, next: Direction) -> Direction {
        use Direction::*;
        match (self, next) {
            (North, East) => NorthEast,
            (North, West) => NorthWest,
            (South, East) => SouthEast,
            (South, West) => SouthWest,
            (a, _) => a,
        }
    }
}

/// What a cue word does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    Feature(Feature),
    Direction(Direction),
    Near,
    /// A containment word (في، التابعة…).
    Link,
    /// A word that, with من, names where a movement started (قادمة من، انطلاقا من).
    Origin,
    /// A title before a person's name (السيد، الوزير…).
    PersonTitle,
    /// بن، ابن، أبو… between or before names of persons.
    Kin,
    /// A country adjective stem: the country's ISO code.
    Demonym([u8; 2]),
    /// A word that follows a settlement's feature word without being its name (قرية يقطنها،
    /// البلدة نفسها).
    NotName,
}

/// The cue words, keyed like tokens.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    words: HashMap<String, Vec<Cue>, FxBuild>,
    demonyms: HashMap<String, [u8; 2], FxBuild>,
    plurals: std::collections::HashSet<String, FxBuild>,
}

/// The cue file shipped with marsad.
pub const DEFAULT_CUES: &str = include_str!("../../../data/gazetteer/cues.tsv");

impl Lexicon {
    /// Parses a cue file (see `data/gazetteer/cues.tsv` for the columns). Malformed rows are
    /// returned as warnings and skipped.
    pub fn parse(text: &str, path: &std::path::Path) -> (Lexicon, Vec<crate::Warning>) {
        let mut lex = Lexicon::default();
        let mut warnings = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let warn = |m: &str| crate::Warning {
                path: path.to_path_buf(),
                line: n + 1,
                message: m.to_string(),
            };
            if cols.len() < 3 {
                warnings.push(warn("expected 3 tab-separated columns"));
                continue;
            }
            let key = word_key(cols[0]);
            if key.is_empty() {
                warnings.push(warn("empty word"));
                continue;
            }
            if cols.get(3).map(|c| c.trim()) == Some("plural") {
                lex.plurals.insert(key.clone());
            }
            let cue = match cols[1] {
                "feature" => Feature::parse(cols[2]).map(Cue::Feature),
                "direction" => Direction::parse(cols[2]).map(Cue::Direction),
                "near" => Some(Cue::Near),
                "link" => Some(Cue::Link),
                "origin" => Some(Cue::Origin),
                "not_name" => Some(Cue::NotName),
                "person" if cols[2] == "title" => Some(Cue::PersonTitle),
                "person" => Some(Cue::Kin),
                "demonym" => {
                    let b = cols[2].as_bytes();
                    if b.len() == 2 && b.iter().all(u8::is_ascii_uppercase) {
                        // keyed without the final ي (سوري → سور) so that look-ups need no copy
                        let base = key.strip_suffix('ي').unwrap_or(&key).to_string();
                        lex.demonyms.insert(base, [b[0], b[1]]);
                        continue;
                    }
                    None
                }
                _ => None,
            };
            match cue {
                Some(c) => lex.words.entry(key).or_default().push(c),
                None => warnings.push(warn(&format!("unknown role/value {}/{}", cols[1], cols[2]))),
            }
        }
        (lex, warnings)
    }

    /// The default cue words.
    pub fn default_cues() -> Lexicon {
        Lexicon::parse(
            DEFAULT_CUES,
            std::path::Path::new("data/gazetteer/cues.tsv"),
        )
        .0
    }

    /// The cues of a token key (after its proclitics are removed, or as is).
    #[inline]
    pub fn cues(&self, key: &str) -> &[Cue] {
        self.words.get(key).map_or(&[], Vec::as_slice)
    }

    /// A plural feature word (سجون، قرى): never an anaphor of one place. Takes the token key
    /// with or without the article.
    pub fn is_plural(&self, key: &str) -> bool {
        let stem = key.strip_prefix("ال").unwrap_or(key);
        self.plurals.contains(key) || self.plurals.contains(stem)
    }

    /// The feature announced by `key`, if any.
    pub fn feature(&self, key: &str) -> Option<Feature> {
        self.cues(key).iter().find_map(|c| match c {
            Cue::Feature(f) => Some(*f),
            _ => None,
        })
    }

    /// The direction said by `key`, if any.
    pub fn direction(&self, key: &str) -> Option<Direction> {
        self.cues(key).iter().find_map(|c| match c {
            Cue::Direction(d) => Some(*d),
            _ => None,
        })
    }

    pub fn has(&self, key: &str, cue: Cue) -> bool {
        self.cues(key).contains(&cue)
    }

    /// The country of a demonym (`السوريه`، `العراقي`، `اليمنيين` → SY, IQ, YE).
    pub fn demonym(&self, key: &str) -> Option<[u8; 2]> {
        if self.demonyms.is_empty() || key.len() < 6 {
            return None;
        }
        let stem = key.strip_prefix("ال").unwrap_or(key);
        for ending in ["يين", "يون", "يه", "ي"] {
            if let Some(base) = stem.strip_suffix(ending) {
                if let Some(cc) = self.demonyms.get(base) {
                    return Some(*cc);
                }
            }
        }
        self.demonyms.get(stem).copied() // كردستان
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_token_keys() {
        assert_eq!(name_keys("دير الزور").unwrap(), ["دير", "الزور"]);
        assert_eq!(name_keys("بعلبك - الهرمل").unwrap(), ["بعلبك", "الهرمل"]);
        assert_eq!(name_keys("رأس العين").unwrap(), ["راس", "العين"]);
        assert_eq!(name_keys("الحُدَيدة").unwrap(), ["الحديده"]);
        assert!(name_keys("kwbanێ").is_none());
        assert!(name_keys("ب").is_none());
        assert!(name_keys("").is_none());
        assert!(name_keys(" - ").is_none());
    }

    #[test]
    fn proclitics_are_read_off() {
        let stems =
            |k: &str| -> Vec<String> { proclitic_readings(k).iter().map(|r| r.stem(k)).collect() };
        assert_eq!(stems("وحلب"), ["وحلب", "حلب"]);
        assert_eq!(stems("لدمشق"), ["لدمشق", "دمشق"]);
        assert_eq!(stems("فبغداد"), ["فبغداد", "بغداد", "غداد"]);
        assert_eq!(stems("للموصل"), ["للموصل", "الموصل"]);
        assert_eq!(stems("بالحسكه"), ["بالحسكه", "الحسكه"]);
        // too short to carry a clitic
        assert_eq!(stems("بل"), ["بل"]);
        assert_eq!(stems("وب"), ["وب"]);
    }

    #[test]
    fn cue_file_parses_and_demonyms_fold() {
        let (lex, warnings) = Lexicon::parse(DEFAULT_CUES, std::path::Path::new("cues.tsv"));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(lex.feature("سجن"), Some(Feature::Prison));
        assert_eq!(lex.feature("مدينه"), Some(Feature::City));
        assert_eq!(lex.direction("جنوبي"), Some(Direction::South));
        assert_eq!(lex.demonym("السوريه"), Some(*b"SY"));
        assert_eq!(lex.demonym("العراقي"), Some(*b"IQ"));
        assert_eq!(lex.demonym("اليمنيين"), Some(*b"YE"));
        assert_eq!(lex.demonym("الجيش"), None);
        let (_, warnings) = Lexicon::parse(
            "حي\tfeature\n\tfeature\tcity\nx\tbogus\ty\n",
            std::path::Path::new("x.tsv"),
        );
        assert_eq!(warnings.len(), 3);
        assert_eq!(warnings[0].line, 1);
    }
}
