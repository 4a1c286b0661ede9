//! Clitic segmentation measured against the gold segmentation of UD Arabic-PADT.
//!
//! The corpus lives in the shared data folder (`$MARSAD_SHARED`, else `../shared` beside the
//! workspace), which a user's clone does not have: the test then says so and passes.
//!
//! # Comparison rule
//!
//! Files: `ud-arabic-padt/derived-kariminf-chdzdt-pos-tag/ar_padt-ud-{split}.txt`, one sentence
//! per line, `words<TAB>UPOS tags`; a written token made of several syntactic words is its
//! surface form (tag `_`) followed by those words.
//!
//! 1. **Parts of a multiword token.** It has 2 to 4 syntactic words (none tagged `_`); the count
//!    chosen is the one whose concatenation is closest (edit distance) to the surface, letters
//!    folded (diacritics and tatweel removed, alef forms → ا, ء ؤ ئ → ء, ى → ي, ة → ه,
//!    ل + ال → لل); ties go to fewer words.
//! 2. **Gold cuts.** Positions, in letters of the surface without diacritics and tatweel,
//!    between consecutive syntactic words. Leading words are measured from the left (a word
//!    starting with ال right after a word ل counts one letter less: ل + الحكومة is written
//!    للحكومة); when the last word is a pronoun (tag PRON) its cut is measured from the right,
//!    so PADT's restored spellings inside the host (ة written ت, hamza seats, the alef of وا,
//!    ى written ا) do not shift it. A token whose cuts are not strictly increasing inside the
//!    word cannot be matched and counts as an error.
//! 3. **System cuts.** After every proclitic except the article (PADT keeps ال inside its word)
//!    and before the enclitic.
//! 4. A token is correct when both cut sets are equal. Reported over all tokens (punctuation,
//!    numbers and Latin included) and over tokens made of Arabic letters only.

use std::path::{Path, PathBuf};

use marsad_text::segment::{build, Segmenter};

fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var("MARSAD_SHARED") {
        Ok(d) => PathBuf::from(d),
        Err(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    };
    dir.join("data/corpora/ud-arabic-padt")
        .exists()
        .then_some(dir)
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}')
}

/// Letters folded for alignment (one char per letter).
fn fold(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| !is_mark(c))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ؤ' | 'ئ' => 'ء',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        })
        .collect()
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, y) in b.iter().enumerate() {
            cur.push(
                (prev[j + 1] + 1)
                    .min(cur[j] + 1)
                    .min(prev[j] + usize::from(x != y)),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

struct Token {
    surface: String,
    parts: Vec<(String, String)>,
}

fn parse_line(line: &str) -> Vec<Token> {
    let Some((words, tags)) = line.split_once('\t') else {
        return Vec::new();
    };
    let w: Vec<&str> = words.split(' ').collect();
    let t: Vec<&str> = tags.split(' ').collect();
    assert_eq!(w.len(), t.len(), "words and tags differ in number: {line}");
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        if t[i] == "_" && w[i] != "_" {
            let surface = fold(w[i]);
            let mut best: Option<(usize, usize)> = None;
            for k in 2..=4 {
                if i + 1 + k > w.len() || t[i + 1..i + 1 + k].contains(&"_") {
                    break;
                }
                let mut cat: Vec<char> = Vec::new();
                for p in &w[i + 1..i + 1 + k] {
                    let f = fold(p);
                    if cat.last() == Some(&'ل') && cat.len() == 1 && f.starts_with(&['ا', 'ل']) {
                        cat.extend_from_slice(&f[1..]);
                    } else {
                        cat.extend(f);
                    }
                }
                let d = edit_distance(&surface, &cat);
                if best.is_none_or(|b| d < b.0) {
                    best = Some((d, k));
                }
            }
            let k = best.map_or(0, |b| b.1);
            out.push(Token {
                surface: w[i].to_string(),
                parts: (0..k)
                    .map(|j| (w[i + 1 + j].to_string(), t[i + 1 + j].to_string()))
                    .collect(),
            });
            i += 1 + k;
        } else {
            out.push(Token {
                surface: w[i].to_string(),
                parts: vec![(w[i].to_string(), t[i].to_string())],
            });
            i += 1;
        }
    }
    out
}

/// Gold cut positions, or `None` when they are inconsistent.
fn gold_cuts(token: &Token) -> Option<Vec<u8>> {
    let len = fold(&token.surface).len();
    let parts = &token.parts;
    if parts.len() <= 1 {
        return Some(Vec::new());
    }
    let last_is_pronoun = parts.last().is_some_and(|p| p.1 == "PRON");
    let left = if last_is_pronoun {
        parts.len() - 2
    } else {
        parts.len() - 1
    };
    let mut cuts = Vec::new();
    let mut pos = 0;
    for i in 0..left {
        let f = fold(&parts[i].0);
        let mut n = f.len();
        if i > 0 && fold(&parts[i - 1].0) == ['ل'] && f.starts_with(&['ا', 'ل']) {
            n -= 1;
        }
        pos += n;
        cuts.push(pos);
    }
    if last_is_pronoun {
        cuts.push(len.checked_sub(fold(&parts[parts.len() - 1].0).len())?);
    }
    let ok = cuts.iter().all(|&c| c > 0 && c < len) && cuts.windows(2).all(|w| w[0] < w[1]);
    ok.then(|| cuts.iter().map(|&c| c as u8).collect())
}

fn is_arabic_word(s: &str) -> bool {
    let mut any = false;
    for c in s.chars() {
        if is_mark(c) {
            continue;
        }
        if !matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
        {
            return false;
        }
        any = true;
    }
    any
}

struct Score {
    all: usize,
    all_ok: usize,
    arabic: usize,
    arabic_ok: usize,
    errors: Vec<String>,
}

fn evaluate(segmenter: &Segmenter, path: &Path) -> Score {
    let text = std::fs::read_to_string(path).expect("read PADT split");
    let mut s = Score {
        all: 0,
        all_ok: 0,
        arabic: 0,
        arabic_ok: 0,
        errors: Vec::new(),
    };
    for line in text.lines().filter(|l| !l.is_empty()) {
        for token in parse_line(line) {
            let gold = gold_cuts(&token);
            let arabic = is_arabic_word(&token.surface);
            let ours = if arabic {
                build::cuts(segmenter, &token.surface)
            } else {
                Vec::new()
            };
            let ok = gold.as_ref() == Some(&ours);
            s.all += 1;
            s.all_ok += usize::from(ok);
            if arabic {
                s.arabic += 1;
                s.arabic_ok += usize::from(ok);
                if !ok {
                    let parts: Vec<&str> = token.parts.iter().map(|p| p.0.as_str()).collect();
                    s.errors.push(format!(
                        "{}\tgold {:?} {}\tours {:?}",
                        token.surface,
                        gold,
                        parts.join("+"),
                        ours
                    ));
                }
            }
        }
    }
    s
}

mod needs_shared {
    use super::*;

    #[test]
    #[ignore = "needs ../shared (or MARSAD_SHARED); run with `cargo test -- --ignored needs_` (.ci/run does)"]
    fn padt_test_split_segmentation_accuracy() {
        let shared = shared_dir()
            .expect("shared corpora not found (set MARSAD_SHARED to the shared data folder)");
        let dir = shared.join("data/corpora/ud-arabic-padt/derived-kariminf-chdzdt-pos-tag");
        let segmenter = Segmenter::new();
        let split = std::env::var("MARSAD_PADT_SPLIT").unwrap_or_else(|_| "test".into());
        let s = evaluate(&segmenter, &dir.join(format!("ar_padt-ud-{split}.txt")));
        let all = s.all_ok as f64 / s.all as f64;
        let arabic = s.arabic_ok as f64 / s.arabic as f64;
        println!(
        "PADT {split}: {}/{} tokens segmented as gold ({:.4}); Arabic-letter tokens {}/{} ({:.4})",
        s.all_ok, s.all, all, s.arabic_ok, s.arabic, arabic
    );
        if let Ok(path) = std::env::var("MARSAD_PADT_ERRORS") {
            std::fs::write(path, s.errors.join("\n")).expect("write errors");
        }
        assert!(
            s.all > 20_000,
            "PADT {split} looks truncated: {} tokens",
            s.all
        );
        assert!(all >= 0.98, "all-token accuracy {all:.4} below 0.98");
        assert!(
            arabic >= 0.98,
            "Arabic-token accuracy {arabic:.4} below 0.98"
        );
    }
}

#[test]
fn comparison_rule_reads_multiword_tokens() {
    let tokens = parse_line(
        "للحكومة ل الحكومة قالت وبموجبه و ب موجب ه .\t_ ADP NOUN VERB _ CCONJ ADP NOUN PRON PUNCT",
    );
    let got: Vec<(&str, Option<Vec<u8>>)> = tokens
        .iter()
        .map(|t| (t.surface.as_str(), gold_cuts(t)))
        .collect();
    assert_eq!(
        got,
        [
            ("للحكومة", Some(vec![1])),
            ("قالت", Some(vec![])),
            ("وبموجبه", Some(vec![1, 2, 6])),
            (".", Some(vec![])),
        ]
    );
    // a hamza seat changed before the pronoun: the cut is measured from the right
    let tokens = parse_line("لقائه لقاء ه مع\t_ NOUN PRON ADP");
    assert_eq!(tokens.len(), 2);
    assert_eq!(gold_cuts(&tokens[0]), Some(vec![4]));
}
