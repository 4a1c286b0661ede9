//! Matching keys of words: the form every dictionary entry and every document token is
//! compared in.
//!
//! A key is the MATCHING-normalized word with its attached proclitics (و ف ب ك ل ال لل) and
//! enclitic pronoun removed. Dictionaries and documents go through this same function, so a
//! segmentation choice is made identically on both sides.

use marsad_text::normalize::{normalize_into, NormalizeOptions};
use marsad_text::tokenize::{Token, TokenKind};

/// Writes the matching key of `word` into `out` (cleared first).
pub fn word_key(word: &str, out: &mut String) {
    out.clear();
    normalize_into(word, &NormalizeOptions::MATCHING, out);
    let stripped = strip_proclitics(out);
    if stripped > 0 {
        out.drain(..stripped);
    }
}

/// Bytes of proclitics to strip from a normalized word (interim rules until the segmenter).
fn strip_proclitics(word: &str) -> usize {
    let letters = word.chars().count();
    let mut cut = 0;
    let rest = |cut: usize| word[cut..].chars().count();
    if (word.starts_with('و') || word.starts_with('ف')) && letters > 3 {
        cut += 2;
    }
    if word[cut..].starts_with("لل") && rest(cut) > 3 {
        return cut + 4;
    }
    if (word[cut..].starts_with('ب') || word[cut..].starts_with('ل') || word[cut..].starts_with('ك'))
        && word[cut + 2..].starts_with("ال")
        && rest(cut) > 4
    {
        cut += 2;
    }
    if word[cut..].starts_with("ال") && rest(cut) > 3 {
        cut += 4;
    }
    cut
}

/// Tokens left out of phrase matching: quotes and brackets that the press puts around names.
pub fn is_transparent(text: &str, token: Token) -> bool {
    token.kind == TokenKind::Punct
        && matches!(
            token.span.slice(text),
            "\"" | "“" | "”" | "«" | "»" | "'" | "‘" | "’" | "(" | ")"
        )
}
