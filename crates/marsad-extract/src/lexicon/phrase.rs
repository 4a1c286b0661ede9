//! A phrase automaton over token sequences.
//!
//! Dictionary phrases (actor names, trigger words, cue words) are sequences of word keys. Every
//! distinct key gets a word id, every id a character, so a phrase becomes a short string and a
//! document becomes one character per token; a daachorse automaton then finds every phrase in
//! one pass, exactly at token boundaries, leftmost-longest.

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;

/// Word ids are encoded as chars from here on (all four bytes long in UTF-8).
const FIRST_CHAR: u32 = 0x10000;
/// The char of a token no dictionary knows.
const UNKNOWN: char = '\u{10000}';

/// Word keys shared by every phrase set of one set of lexicons.
#[derive(Default, Debug)]
pub struct Vocabulary {
    ids: FxHashMap<Box<str>, u32>,
}

impl Vocabulary {
    /// The id of `key`, adding it when new (ids start at 1; 0 is the unknown word).
    pub fn intern(&mut self, key: &str) -> u32 {
        let next = self.ids.len() as u32 + 1;
        *self.ids.entry(key.into()).or_insert(next)
    }

    fn char_of(&self, key: &str) -> char {
        self.ids
            .get(key)
            .and_then(|&id| char::from_u32(FIRST_CHAR + id))
            .unwrap_or(UNKNOWN)
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Appends the char of one word key.
    #[inline]
    pub fn push_encoded(&self, key: &str, out: &mut String) {
        out.push(self.char_of(key));
    }

    /// Encodes a sequence of word keys, one char per key.
    pub fn encode<'k>(&self, keys: impl IntoIterator<Item = &'k str>, out: &mut String) {
        out.clear();
        for key in keys {
            self.push_encoded(key, out);
        }
    }
}

/// Collects phrases with their payloads before compiling them.
pub struct PhraseSetBuilder<V> {
    patterns: FxHashMap<String, Vec<V>>,
}

impl<V> Default for PhraseSetBuilder<V> {
    fn default() -> Self {
        PhraseSetBuilder {
            patterns: FxHashMap::default(),
        }
    }
}

impl<V> PhraseSetBuilder<V> {
    /// Adds a phrase given as its word keys. Empty phrases are ignored.
    pub fn add<'k>(
        &mut self,
        vocabulary: &mut Vocabulary,
        words: impl IntoIterator<Item = &'k str>,
        value: V,
    ) {
        let mut pattern = String::new();
        for word in words {
            let id = vocabulary.intern(word);
            pattern.push(char::from_u32(FIRST_CHAR + id).expect("fewer than a million words"));
        }
        if !pattern.is_empty() {
            self.patterns.entry(pattern).or_default().push(value);
        }
    }

    pub fn build(self) -> PhraseSet<V> {
        let mut payloads = Vec::with_capacity(self.patterns.len());
        let mut patterns = Vec::with_capacity(self.patterns.len());
        let mut entries: Vec<(String, Vec<V>)> = self.patterns.into_iter().collect();
        // deterministic automaton whatever the hash order
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (pattern, values) in entries {
            patterns.push((pattern, payloads.len() as u32));
            payloads.push(values);
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            Some(
                CharwiseDoubleArrayAhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build_with_values(patterns)
                    .expect("distinct non-empty patterns"),
            )
        };
        PhraseSet {
            automaton,
            payloads,
        }
    }
}

/// A compiled set of phrases.
pub struct PhraseSet<V> {
    automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    payloads: Vec<Vec<V>>,
}

/// A phrase found in an encoded token sequence: positions are indexes into that sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhraseMatch {
    pub start: usize,
    pub end: usize,
    pub payload: u32,
}

impl<V> PhraseSet<V> {
    /// Leftmost-longest, non-overlapping matches in an encoded sequence.
    pub fn find<'a>(&'a self, encoded: &'a str) -> impl Iterator<Item = PhraseMatch> + 'a {
        self.automaton
            .iter()
            .flat_map(move |a| a.leftmost_find_iter(encoded))
            .map(|m| PhraseMatch {
                start: m.start() / 4,
                end: m.end() / 4,
                payload: m.value(),
            })
    }

    /// The values stored for a match.
    pub fn values(&self, m: PhraseMatch) -> &[V] {
        &self.payloads[m.payload as usize]
    }

    pub fn len(&self) -> usize {
        self.payloads.len()
    }

    pub fn is_empty(&self) -> bool {
        self.payloads.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_whole_tokens_leftmost_longest() {
        let mut vocabulary = Vocabulary::default();
        let mut builder = PhraseSetBuilder::default();
        builder.add(&mut vocabulary, ["قوات"], "forces");
        builder.add(&mut vocabulary, ["قوات", "سوريا", "ديمقراطيه"], "sdf");
        builder.add(&mut vocabulary, ["سوريا"], "syria");
        builder.add(&mut vocabulary, ["سوريا"], "syria-again");
        let set = builder.build();
        let mut encoded = String::new();
        vocabulary.encode(
            ["هاجمت", "قوات", "سوريا", "ديمقراطيه", "في", "سوريا", "قوات"],
            &mut encoded,
        );
        let found: Vec<(usize, usize, Vec<&str>)> = set
            .find(&encoded)
            .map(|m| (m.start, m.end, set.values(m).to_vec()))
            .collect();
        assert_eq!(
            found,
            [
                (1, 4, vec!["sdf"]),
                (5, 6, vec!["syria", "syria-again"]),
                (6, 7, vec!["forces"]),
            ]
        );
    }

    #[test]
    fn an_empty_set_finds_nothing() {
        let set = PhraseSetBuilder::<u8>::default().build();
        assert_eq!(set.find("\u{10001}").count(), 0);
    }
}
