//! Sentence splitting over tokens, for Arabic news style.
//!
//! A sentence ends at `. ! ? ؟ …` (closing quotes and brackets that follow stay with it) and at
//! a line break. Arabic news chains clauses with commas for a whole paragraph: commas never
//! split. Numbers with dots (`12.5`) are single tokens already; a dot glued to a single letter
//! (`د.`، `أ.ف.ب`، `U.S.`) or to a known abbreviation does not end a sentence.
//!
//! ```
//! use marsad_text::{sentence::split_sentences, tokenize::tokenize};
//! let text = "قال د. أحمد إن 12.5% قتلوا. وأضاف: “انتهى.”\nعنوان بلا نقطة";
//! let tokens = tokenize(text);
//! let sentences: Vec<&str> = split_sentences(text, &tokens).iter().map(|s| s.span.slice(text)).collect();
//! assert_eq!(sentences, ["قال د. أحمد إن 12.5% قتلوا.", "وأضاف: “انتهى.”", "عنوان بلا نقطة"]);
//! ```

use std::ops::Range;

use serde::Serialize;

use crate::span::Span;
use crate::tokenize::{Token, TokenKind};

/// A sentence: its span and the range of its tokens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Range<usize>,
}

/// Latin abbreviations that take a dot inside a sentence.
const LATIN_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "dr", "st", "no", "vs", "etc", "jr", "sr", "prof", "gen", "col", "lt",
];

/// Splits the tokens of `text` into sentences.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut first = 0;
    let mut i = 0;
    while i < tokens.len() {
        // a line break before this token closes the open sentence
        if i > first && has_line_break(text, tokens[i - 1].span.end(), tokens[i].span.start()) {
            sentences.push(make(tokens, first..i));
            first = i;
        }
        let token = tokens[i];
        if token.kind == TokenKind::Punct && is_terminal(text, tokens, i) {
            let mut end = i + 1;
            while end < tokens.len()
                && tokens[end].span.start() == tokens[end - 1].span.end()
                && is_closer(tokens[end].span.slice(text))
            {
                end += 1;
            }
            sentences.push(make(tokens, first..end));
            first = end;
            i = end;
            continue;
        }
        i += 1;
    }
    if first < tokens.len() {
        sentences.push(make(tokens, first..tokens.len()));
    }
    sentences
}

fn make(tokens: &[Token], range: Range<usize>) -> Sentence {
    let span = tokens[range.start].span.cover(tokens[range.end - 1].span);
    Sentence {
        span,
        tokens: range,
    }
}

fn has_line_break(text: &str, from: usize, to: usize) -> bool {
    text.as_bytes()[from..to]
        .iter()
        .any(|&b| b == b'\n' || b == b'\r')
        || text[from..to].contains('\u{2029}')
}

fn is_closer(s: &str) -> bool {
    matches!(s, "”" | "\"" | "»" | "’" | "'" | ")" | "]" | "}" | "›")
}

fn is_terminal(text: &str, tokens: &[Token], i: usize) -> bool {
    let s = tokens[i].span.slice(text);
    match s {
        "!" | "?" | "؟" | "…" | "۔" => true,
        "." => !is_abbreviation_dot(text, tokens, i),
        _ => {
            // runs like "..." "!!" "؟؟"
            let c = s.chars().next().unwrap_or(' ');
            matches!(c, '.' | '!' | '?' | '؟')
        }
    }
}

fn is_abbreviation_dot(text: &str, tokens: &[Token], i: usize) -> bool {
    if i == 0 || tokens[i - 1].span.end() != tokens[i].span.start() {
        return false;
    }
    let prev = tokens[i - 1];
    let word = prev.span.slice(text);
    match prev.kind {
        TokenKind::Arabic => {
            // one letter (diacritics and tatweel aside): د. م. هـ. أ.ف.ب
            word.chars()
                .filter(|&c| crate::tokenize::is_arabic_letter(c))
                .count()
                == 1
        }
        TokenKind::Latin => {
            word.chars().count() == 1
                || LATIN_ABBREVIATIONS
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(word))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn split(text: &str) -> Vec<&str> {
        let tokens = tokenize(text);
        split_sentences(text, &tokens)
            .iter()
            .map(|s| s.span.slice(text))
            .collect()
    }

    #[test]
    fn long_comma_chains_stay_one_sentence() {
        let text = "شهدت المدينة اشتباكات، وقتل 5 مسلحين، فيما أصيب آخرون، وفرّ المئات من السكان، بحسب المرصد.";
        assert_eq!(split(text), [text]);
    }

    #[test]
    fn question_and_exclamation_marks_end_sentences() {
        assert_eq!(
            split("لماذا سجن غويران؟ لأنه الأكبر! انتهى"),
            ["لماذا سجن غويران؟", "لأنه الأكبر!", "انتهى"]
        );
    }

    #[test]
    fn quotes_close_with_their_sentence() {
        assert_eq!(
            split("قال المتحدث: “نعمل الآن على التمشيط.” ثم غادر."),
            ["قال المتحدث: “نعمل الآن على التمشيط.”", "ثم غادر."]
        );
        // a full stop inside a quote that continues does not end the sentence quote-wise
        assert_eq!(
            split("أكد «أن داعش لن يعود». وأضاف"),
            ["أكد «أن داعش لن يعود».", "وأضاف"]
        );
    }

    #[test]
    fn numbers_and_abbreviations_with_dots() {
        assert_eq!(
            split("ارتفع العدد 3.5 مرة عام 2019 م. حسب أ.ف.ب وقال U.S. officials."),
            ["ارتفع العدد 3.5 مرة عام 2019 م. حسب أ.ف.ب وقال U.S. officials."]
        );
    }

    #[test]
    fn line_breaks_end_headlines_and_list_items() {
        assert_eq!(
            split("مخاوف متصاعدة\n- روسيا: حذرت الوزارة\n- فرنسا: أعلنت"),
            ["مخاوف متصاعدة", "- روسيا: حذرت الوزارة", "- فرنسا: أعلنت"]
        );
    }

    #[test]
    fn sentences_cover_every_token_once() {
        let text = "أ. ب. ج؟! \n\n “x.” . . ";
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        let mut next = 0;
        for s in &sentences {
            assert_eq!(s.tokens.start, next);
            assert!(s.tokens.end > s.tokens.start);
            next = s.tokens.end;
        }
        assert_eq!(next, tokens.len());
    }
}
