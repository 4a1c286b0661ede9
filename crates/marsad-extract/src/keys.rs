//! Matching keys of words: the form every dictionary entry and every document token is
//! compared in.
//!
//! A key is the word's stem as [`marsad_text::segment::Segmenter::stem_key`] writes it: the
//! MATCHING-normalized word without its attached proclitics (و ف ب ك ل س ال لل) and enclitic
//! pronoun. Dictionaries and documents go through this same function, so a segmentation choice
//! is made identically on both sides.

use marsad_text::segment::{Proclitic, Segmentation, Segmenter};
use marsad_text::tokenize::{Token, TokenKind};

/// The segmenter behind every key: loaded once from embedded data, immutable.
pub fn segmenter() -> &'static Segmenter {
    Segmenter::shared()
}

/// Writes the matching key of `word` into `out` (cleared first).
pub fn word_key(word: &str, out: &mut String) {
    word_key_segmented(word, out);
}

/// Writes the matching key of `word` into `out` (cleared first) and returns how the word was
/// cut.
pub fn word_key_segmented(word: &str, out: &mut String) -> Segmentation {
    out.clear();
    segmenter().stem_key(word, out)
}

/// The proclitics of a token that change what a trigger means, as flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Particles {
    /// The future particle س (سيقصف: will bomb).
    pub future: bool,
    /// The preposition ل without the article (لتحرير: in order to free).
    pub purpose: bool,
}

impl Particles {
    pub fn of(seg: &Segmentation) -> Particles {
        let kinds = || seg.proclitics().iter().map(|&(_, p)| p);
        Particles {
            future: kinds().any(|p| p == Proclitic::Sa),
            purpose: kinds().any(|p| p == Proclitic::Li) && !seg.has_article(),
        }
    }
}

/// Tokens left out of phrase matching: quotes and brackets that the press puts around names.
pub fn is_transparent(text: &str, token: Token) -> bool {
    token.kind == TokenKind::Punct
        && matches!(
            token.span.slice(text),
            "\"" | "“" | "”" | "«" | "»" | "'" | "‘" | "’" | "(" | ")"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_drop_clitics_the_same_way_for_text_and_dictionary() {
        let mut key = String::new();
        for (word, expected) in [
            ("وبالحسكة", "حسكه"),
            ("لقوات", "قوات"),
            ("استهدفها", "استهدف"),
            ("بغداد", "بغداد"),
        ] {
            word_key(word, &mut key);
            assert_eq!(key, expected, "{word}");
        }
        let seg = word_key_segmented("سيقصف", &mut key);
        assert!(Particles::of(&seg).future);
        let seg = word_key_segmented("لتحرير", &mut key);
        assert!(Particles::of(&seg).purpose);
        let seg = word_key_segmented("للحكومة", &mut key);
        assert!(!Particles::of(&seg).purpose);
    }
}
