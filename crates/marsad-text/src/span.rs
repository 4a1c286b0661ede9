//! Byte spans into an original text, and conversion to code-point offsets at export.
//!
//! Every layer of marsad (tokens, sentences, mentions, evidence) points into the text it was
//! given with one [`Span`] type. Offsets are UTF-8 byte offsets, checked at construction;
//! code-point offsets (what JSON consumers expect) are computed only at export, by
//! [`CharOffsets`].

use serde::Serialize;

/// A half-open byte range `[start, end)` into an original text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// Creates a span.
    ///
    /// # Panics
    /// When `start > end`: a reversed span is a bug in the caller, never a data condition.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "span start {start} is after its end {end}");
        Span { start, end }
    }

    #[inline]
    pub fn start(self) -> usize {
        self.start
    }

    #[inline]
    pub fn end(self) -> usize {
        self.end
    }

    #[inline]
    pub fn len(self) -> usize {
        self.end - self.start
    }

    #[inline]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The text this span covers. Panics if the span is not on char boundaries of `text`.
    #[inline]
    pub fn slice(self, text: &str) -> &str {
        &text[self.start..self.end]
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    #[inline]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Bytes between two non-overlapping spans (0 when they touch or overlap).
    #[inline]
    pub fn gap(self, other: Span) -> usize {
        if self.end <= other.start {
            other.start - self.end
        } else {
            self.start.saturating_sub(other.end)
        }
    }
}

/// Converts byte offsets of one text to code-point offsets in O(1) plus a short scan.
///
/// Keeps the code-point count at every 64-byte block boundary (1/16 of the text's size in
/// memory), then counts the chars of the remaining partial block.
pub struct CharOffsets<'a> {
    text: &'a str,
    block_counts: Vec<u32>,
}

const BLOCK: usize = 64;

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> CharOffsets<'a> {
        let bytes = text.as_bytes();
        let mut block_counts = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut count = 0u32;
        for chunk in bytes.chunks(BLOCK) {
            block_counts.push(count);
            count += chunk.iter().filter(|&&b| !is_continuation(b)).count() as u32;
        }
        block_counts.push(count);
        CharOffsets { text, block_counts }
    }

    /// The code-point offset of byte offset `byte` (which must be a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        debug_assert!(self.text.is_char_boundary(byte));
        let block = byte / BLOCK;
        let base = self.block_counts[block] as usize;
        let from = block * BLOCK;
        base + self.text.as_bytes()[from..byte]
            .iter()
            .filter(|&&b| !is_continuation(b))
            .count()
    }

    /// `(start, end)` in code points.
    pub fn char_span(&self, span: Span) -> (usize, usize) {
        (self.char_offset(span.start()), self.char_offset(span.end()))
    }
}

#[inline]
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_match_a_naive_count() {
        let text = "قُتِلَ 11 جنديًا في ديالى، yesterday 🙂 ".repeat(9);
        let offsets = CharOffsets::new(&text);
        for (byte, _) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            assert_eq!(offsets.char_offset(byte), text[..byte].chars().count());
        }
    }

    #[test]
    #[should_panic(expected = "after its end")]
    fn reversed_spans_are_rejected() {
        Span::new(5, 2);
    }

    #[test]
    fn cover_gap_and_overlap() {
        let a = Span::new(2, 5);
        let b = Span::new(8, 10);
        assert_eq!(a.cover(b), Span::new(2, 10));
        assert_eq!(a.gap(b), 3);
        assert!(!a.overlaps(b));
        assert!(a.cover(b).contains(b));
    }
}
