//! The name index: a word vocabulary and a trie over word ids, walked over the tokens of a
//! text in one pass (each token is looked up once per proclitic reading; a name continues only
//! from trie nodes that have children).

use std::collections::HashMap;

use crate::hash::FxBuild;

/// How a name belongs to its place.
pub mod flags {
    /// The preferred Arabic name.
    pub const PRIMARY: u8 = 1;
    /// An Arabic-script name of another language (Persian, Pashto…).
    pub const OTHER_SCRIPT: u8 = 2;
    /// From a curated supplement.
    pub const CURATED: u8 = 4;
    /// Matched with the article added or removed (الطيبة for طيبة): set at match time.
    pub const ARTICLE_VARIANT: u8 = 8;
}

/// A place that a name leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub place: u32,
    pub flags: u8,
}

const NONE: u32 = u32::MAX;

/// Vocabulary + trie of names.
#[derive(Debug, Default)]
pub struct NameIndex {
    vocab: HashMap<Box<str>, u32, FxBuild>,
    /// word id -> node of the one-word name
    root: Vec<u32>,
    /// (node << 32 | word id) -> child node
    edges: HashMap<u64, u32, FxBuild>,
    has_children: Vec<bool>,
    /// per node: its entries
    entries: Vec<Vec<Entry>>,
    /// per word id: number of letters (for fuzzy matching)
    words: Vec<Box<str>>,
}

impl NameIndex {
    /// An empty index sized for about `names` names.
    pub fn with_capacity(names: usize) -> NameIndex {
        NameIndex {
            vocab: HashMap::with_capacity_and_hasher(names, FxBuild::default()),
            root: Vec::with_capacity(names),
            edges: HashMap::with_capacity_and_hasher(names / 2, FxBuild::default()),
            has_children: Vec::with_capacity(names),
            entries: Vec::with_capacity(names),
            words: Vec::with_capacity(names),
        }
    }

    /// The id of a word, if some name uses it.
    #[inline]
    pub fn word(&self, key: &str) -> Option<u32> {
        self.vocab.get(key).copied()
    }

    /// The text of a word id.
    pub fn word_text(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// Number of distinct words.
    pub fn vocab_len(&self) -> usize {
        self.words.len()
    }

    /// Number of trie nodes.
    pub fn nodes(&self) -> usize {
        self.entries.len()
    }

    fn word_or_insert(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.vocab.get(w) {
            return id;
        }
        let id = self.words.len() as u32;
        self.vocab.insert(w.into(), id);
        self.words.push(w.into());
        self.root.push(NONE);
        id
    }

    fn new_node(&mut self) -> u32 {
        self.entries.push(Vec::new());
        self.has_children.push(false);
        (self.entries.len() - 1) as u32
    }

    /// Adds a name (space-separated word keys) leading to `entry`.
    pub fn insert(&mut self, key: &str, entry: Entry) {
        let mut node = NONE;
        for (i, w) in key.split(' ').filter(|w| !w.is_empty()).enumerate() {
            let id = self.word_or_insert(w);
            node = if i == 0 {
                match self.root[id as usize] {
                    NONE => {
                        let n = self.new_node();
                        self.root[id as usize] = n;
                        n
                    }
                    n => n,
                }
            } else {
                let edge = ((node as u64) << 32) | id as u64;
                match self.edges.get(&edge) {
                    Some(&n) => n,
                    None => {
                        let n = self.new_node();
                        self.edges.insert(edge, n);
                        self.has_children[node as usize] = true;
                        n
                    }
                }
            };
        }
        if node != NONE {
            let list = &mut self.entries[node as usize];
            if let Some(e) = list.iter_mut().find(|e| e.place == entry.place) {
                e.flags |= entry.flags;
            } else {
                list.push(entry);
            }
        }
    }

    /// The node of a one-word name starting with word `id`.
    #[inline]
    pub fn start(&self, id: u32) -> Option<u32> {
        match self.root.get(id as usize) {
            Some(&NONE) | None => None,
            Some(&n) => Some(n),
        }
    }

    /// The node after `node` followed by word `id`.
    #[inline]
    pub fn step(&self, node: u32, id: u32) -> Option<u32> {
        if !self.has_children[node as usize] {
            return None;
        }
        self.edges
            .get(&(((node as u64) << 32) | id as u64))
            .copied()
    }

    /// Does any longer name continue from `node`?
    #[inline]
    pub fn has_children(&self, node: u32) -> bool {
        self.has_children[node as usize]
    }

    /// The places a full name ends at `node`.
    #[inline]
    pub fn entries(&self, node: u32) -> &[Entry] {
        &self.entries[node as usize]
    }

    /// The entries of an exact name key (space-separated words).
    pub fn lookup(&self, key: &str) -> &[Entry] {
        let mut node = None;
        for (i, w) in key.split(' ').filter(|w| !w.is_empty()).enumerate() {
            let Some(id) = self.word(w) else { return &[] };
            node = if i == 0 {
                self.start(id)
            } else {
                node.and_then(|n| self.step(n, id))
            };
            if node.is_none() {
                return &[];
            }
        }
        node.map_or(&[], |n| self.entries(n))
    }

    /// Bytes of memory held (estimate).
    pub fn memory_bytes(&self) -> usize {
        let words: usize = self.words.iter().map(|w| w.len() * 2 + 48).sum();
        words
            + self.root.len() * 4
            + self.edges.capacity() * 16
            + self.has_children.len()
            + self
                .entries
                .iter()
                .map(|e| 24 + e.capacity() * 8)
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiword_names_share_prefixes() {
        let mut idx = NameIndex::default();
        idx.insert("دير الزور", Entry { place: 1, flags: 0 });
        idx.insert("دير", Entry { place: 2, flags: 0 });
        idx.insert("دير حافر", Entry { place: 3, flags: 0 });
        idx.insert(
            "دير الزور",
            Entry {
                place: 1,
                flags: flags::PRIMARY,
            },
        );
        assert_eq!(
            idx.lookup("دير الزور"),
            [Entry {
                place: 1,
                flags: flags::PRIMARY
            }]
        );
        assert_eq!(idx.lookup("دير")[0].place, 2);
        assert!(idx.lookup("الزور").is_empty());
        assert!(idx.lookup("دير الزور الجديدة").is_empty());
        let n = idx.start(idx.word("دير").unwrap()).unwrap();
        assert!(idx.has_children(n));
        assert_eq!(idx.vocab_len(), 3);
    }
}
