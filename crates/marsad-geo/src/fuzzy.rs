//! Misspellings of notable names: one edit (insertion, deletion, substitution) or one swap of
//! two letters (الكسحة for الحسكة) away from the one-word name of a city, town or admin unit.
//!
//! Only notable places take part (cities, towns of 20,000 people or more, admin units, curated
//! places), so that a typo cannot turn into a hamlet; the resolver also demands that the
//! correction be unambiguous and supported by the article's context.

use std::collections::HashMap;

use crate::hash::FxBuild;
use crate::model::PlaceKind;
use crate::Gazetteer;

/// Deletion neighbourhoods and letter-multiset signatures of notable words.
#[derive(Debug, Default)]
pub struct FuzzyIndex {
    /// a word with one letter deleted (or the word itself) -> word ids
    deletes: HashMap<Box<str>, Vec<u32>, FxBuild>,
    /// sorted letters -> word ids
    anagrams: HashMap<Box<str>, Vec<u32>, FxBuild>,
}

/// Minimum letters of a word to be corrected.
pub const MIN_LETTERS: usize = 5;

impl FuzzyIndex {
    pub(crate) fn build(g: &Gazetteer) -> FuzzyIndex {
        let mut notable = vec![false; g.index.vocab_len()];
        for id in 0..g.index.vocab_len() as u32 {
            let Some(node) = g.index.start(id) else {
                continue;
            };
            notable[id as usize] = g.index.entries(node).iter().any(|e| {
                let p = g.place(e.place);
                p.curated
                    || matches!(
                        p.kind,
                        PlaceKind::City | PlaceKind::Admin1 | PlaceKind::Country
                    )
                    || (p.kind == PlaceKind::Town && p.population >= 20_000)
            });
        }
        let mut f = FuzzyIndex::default();
        for (id, is) in notable.iter().enumerate() {
            if !is {
                continue;
            }
            let w = g.index.word_text(id as u32);
            let chars: Vec<char> = w.chars().collect();
            if chars.len() < MIN_LETTERS {
                continue;
            }
            f.anagrams
                .entry(sorted(&chars).into())
                .or_default()
                .push(id as u32);
            for d in deletions(&chars) {
                f.deletes.entry(d.into()).or_default().push(id as u32);
            }
            f.deletes.entry(w.into()).or_default().push(id as u32);
        }
        f
    }

    /// Word ids within one edit or one swap of `word` (not `word` itself), deduplicated.
    pub fn candidates(&self, word: &str, out: &mut Vec<u32>, words: impl Fn(u32) -> String) {
        out.clear();
        let chars: Vec<char> = word.chars().collect();
        if chars.len() < MIN_LETTERS {
            return;
        }
        let push = |id: u32, out: &mut Vec<u32>| {
            if !out.contains(&id) && words(id) != word {
                out.push(id);
            }
        };
        if let Some(ids) = self.anagrams.get(sorted(&chars).as_str()) {
            for &id in ids {
                let other: Vec<char> = words(id).chars().collect();
                if is_one_swap(&chars, &other) {
                    push(id, out);
                }
            }
        }
        for d in deletions(&chars)
            .into_iter()
            .chain(std::iter::once(word.to_string()))
        {
            if let Some(ids) = self.deletes.get(d.as_str()) {
                for &id in ids {
                    let other: Vec<char> = words(id).chars().collect();
                    if is_one_edit(&chars, &other) {
                        push(id, out);
                    }
                }
            }
        }
    }

    pub fn memory_bytes(&self) -> usize {
        (self.deletes.capacity() + self.anagrams.capacity()) * 64
    }
}

fn sorted(chars: &[char]) -> String {
    let mut c = chars.to_vec();
    c.sort_unstable();
    c.into_iter().collect()
}

fn deletions(chars: &[char]) -> Vec<String> {
    (0..chars.len())
        .map(|i| {
            chars
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, c)| *c)
                .collect()
        })
        .collect()
}

/// Same letters, exactly two positions exchanged.
fn is_one_swap(a: &[char], b: &[char]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    diff.len() == 2 && a[diff[0]] == b[diff[1]] && a[diff[1]] == b[diff[0]]
}

/// One insertion, deletion or substitution.
fn is_one_edit(a: &[char], b: &[char]) -> bool {
    match a.len() as isize - b.len() as isize {
        0 => (0..a.len()).filter(|&i| a[i] != b[i]).count() == 1,
        1 => one_deletion(a, b),
        -1 => one_deletion(b, a),
        _ => false,
    }
}

/// `long` minus one letter is `short`.
fn one_deletion(long: &[char], short: &[char]) -> bool {
    let mut i = 0;
    while i < short.len() && long[i] == short[i] {
        i += 1;
    }
    long[i + 1..] == short[i..]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn swaps_and_edits() {
        assert!(is_one_swap(&c("الكسحه"), &c("الحسكه")));
        assert!(!is_one_swap(&c("الحسكه"), &c("الحسكه")));
        assert!(is_one_edit(&c("الحسكه"), &c("الحسكا")));
        assert!(is_one_edit(&c("الحسكه"), &c("الحسك")));
        assert!(!is_one_edit(&c("حسكه"), &c("الحسكه")));
        assert!(is_one_edit(&c("احسكه"), &c("الحسكه")));
    }
}
