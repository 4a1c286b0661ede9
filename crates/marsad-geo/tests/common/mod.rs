//! Name comparison as `shared/tools/score_events.py` does it (ported, so the tests need no
//! Python): `fold` drops accents, case, "governorate/province/…" and al-/el- prefixes;
//! `same_name` accepts equal folds or a Ratcliff/Obershelp similarity of 0.8 or more.
#![allow(dead_code)]

use unicode_normalization::UnicodeNormalization;

pub fn fold(s: &str) -> String {
    let s: String = s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    let words: Vec<&str> = s
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != ' ')
        .collect();
    let s = words.join(" ");
    let mut out = String::new();
    for w in s.split(' ') {
        if matches!(
            w,
            "governorate" | "province" | "muhafazat" | "wilayat" | "district" | "city" | "of"
        ) {
            continue;
        }
        let mut w = w;
        for p in ["al-", "el-", "ad-", "ar-", "as-", "ash-", "an-", "az-"] {
            if let Some(rest) = w.strip_prefix(p) {
                w = rest;
            }
        }
        if matches!(w, "al" | "el" | "ad" | "ar" | "as" | "ash" | "an" | "az") {
            continue;
        }
        out.extend(w.chars().filter(|c| c.is_ascii_alphanumeric()));
    }
    out
}

pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (fold(a), fold(b));
    !a.is_empty() && !b.is_empty() && (a == b || ratio(&a, &b) >= 0.8)
}

/// difflib.SequenceMatcher(None, a, b).ratio() for short strings.
pub fn ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    2.0 * matches(&a, &b) as f64 / (a.len() + b.len()).max(1) as f64
}

fn matches(a: &[char], b: &[char]) -> usize {
    let (mut best, mut bi, mut bj) = (0, 0, 0);
    for i in 0..a.len() {
        for j in 0..b.len() {
            let mut k = 0;
            while i + k < a.len() && j + k < b.len() && a[i + k] == b[j + k] {
                k += 1;
            }
            if k > best {
                (best, bi, bj) = (k, i, j);
            }
        }
    }
    if best == 0 {
        return 0;
    }
    best + matches(&a[..bi], &b[..bj]) + matches(&a[bi + best..], &b[bj + best..])
}

/// The scorer's Arabic folding (alef, yeh, teh marbuta, tatweel, diacritics).
pub fn ar_fold(s: &str) -> String {
    let s: String = s.nfkc().collect();
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        })
        .collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn folding_matches_the_scorer() {
    assert!(same_name("Ar-Raqqah", "Raqqa"));
    assert!(same_name("Rif-dimashq", "Rif Dimashq"));
    assert!(!same_name("Kabul", "Logar"));
    assert!((ratio("abcd", "bcde") - 0.75).abs() < 1e-9);
}
