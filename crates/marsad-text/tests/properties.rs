//! Properties of the text core on arbitrary input: no panic, spans slice the original, and
//! normalization is idempotent.

use marsad_text::normalize::{normalize, normalize_str, NormalizeOptions};
use marsad_text::sentence::split_sentences;
use marsad_text::tokenize::tokenize;
use marsad_text::Span;
use proptest::prelude::*;

/// Strings mixing Arabic letters, marks, digits in three scripts, Latin, punctuation,
/// presentation forms, controls and emoji, so the interesting branches are hit often.
fn mixed_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("قُتِلَ".to_string()),
        Just("ﻻ".to_string()),
        Just("\u{064E}".to_string()),
        Just("\u{0640}".to_string()),
        Just("٣٫٥".to_string()),
        Just("۱۲".to_string()),
        Just("1,000".to_string()),
        Just("12.5%".to_string()),
        Just("https://a.b/ج".to_string()),
        Just("x@y.org".to_string()),
        Just("#حلب".to_string()),
        Just("@sdf".to_string()),
        Just("\u{200F}".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("“".to_string()),
        Just("؟".to_string()),
        Just(".".to_string()),
        Just("\n".to_string()),
        Just(" ".to_string()),
        Just("👍🏽".to_string()),
        "[\\u{0600}-\\u{06FF}]{1,4}",
        "[a-zA-Z0-9]{1,4}",
        "\\PC{1,3}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn normalization_is_idempotent(text in mixed_text()) {
        for options in [NormalizeOptions::MATCHING, NormalizeOptions::DISPLAY] {
            let once = normalize_str(&text, &options);
            prop_assert_eq!(normalize_str(&once, &options), once.clone());
        }
    }

    #[test]
    fn alignment_maps_every_normalized_char_into_the_original(text in mixed_text()) {
        let n = normalize(&text, &NormalizeOptions::MATCHING);
        let norm = n.as_str();
        for (i, c) in norm.char_indices() {
            let span = n.to_original(Span::new(i, i + c.len_utf8()), &text);
            prop_assert!(span.end() <= text.len());
            prop_assert!(text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()));
        }
        let whole = n.to_original(Span::new(0, norm.len()), &text);
        prop_assert!(whole.end() <= text.len());
    }

    #[test]
    fn tokens_slice_the_original_in_order_without_overlap(text in mixed_text()) {
        let tokens = tokenize(&text);
        let mut last_end = 0;
        for token in &tokens {
            prop_assert!(token.span.start() >= last_end);
            prop_assert!(!token.span.is_empty());
            prop_assert!(text.is_char_boundary(token.span.start()));
            prop_assert!(text.is_char_boundary(token.span.end()));
            let surface = token.span.slice(&text);
            prop_assert!(!surface.trim().is_empty() || surface.chars().all(|c| !c.is_whitespace()));
            last_end = token.span.end();
        }
        // nothing but whitespace and invisible controls is left out
        let mut covered = vec![false; text.len()];
        for token in &tokens {
            covered[token.span.start()..token.span.end()].iter_mut().for_each(|c| *c = true);
        }
        for (i, c) in text.char_indices() {
            if !covered[i] {
                prop_assert!(c.is_whitespace() || marsad_text::normalize::is_format_control(c), "lost {:?}", c);
            }
        }
    }

    #[test]
    fn sentences_partition_the_tokens(text in mixed_text()) {
        let tokens = tokenize(&text);
        let sentences = split_sentences(&text, &tokens);
        let mut next = 0;
        for s in &sentences {
            prop_assert_eq!(s.tokens.start, next);
            prop_assert!(s.tokens.end > s.tokens.start);
            prop_assert_eq!(s.span.start(), tokens[s.tokens.start].span.start());
            next = s.tokens.end;
        }
        prop_assert_eq!(next, tokens.len());
    }
}

#[test]
fn a_long_single_line_and_lone_marks_are_handled() {
    let line = "قصف الطيران الحربي مدينة حلب، ".repeat(200_000); // ~6 MB, one line, one sentence
    let tokens = tokenize(&line);
    assert_eq!(tokens.len(), 1_200_000);
    assert_eq!(split_sentences(&line, &tokens).len(), 1);
    let marks = "\u{064B}\u{064C}\u{0651}".repeat(1000);
    assert_eq!(normalize_str(&marks, &NormalizeOptions::MATCHING), "");
    assert_eq!(tokenize(&marks).len(), 1);
}
