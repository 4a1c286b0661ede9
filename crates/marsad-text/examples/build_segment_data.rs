//! Rebuilds the clitic segmenter's data: `data/segment-lexicon.tsv` and
//! `data/segment-weights.tsv`.
//!
//! Reads the openly licensed corpora of the shared data folder (`$MARSAD_SHARED`, else
//! `../shared` beside the workspace):
//!
//! - lexicon (word-form counts): NewsFANE and WikiFANE gold (CC BY-SA 3.0), the AQMAR
//!   Wikipedia corpus (CC BY-SA 3.0), the CAMeL Lab ANERCorp test split (CC BY-SA 4.0);
//! - weights (trained): UD Arabic-PUD (CC BY-SA 3.0), whose syntactic words joined by
//!   `SpaceAfter=No` give the gold cut positions of each written word.
//!
//! FANE's tokens have و and the pronouns split off but ب، ك، ل attached, so a form like للرد
//! would count as a word of its own. After a first training round, the segmenter moves the
//! counts of the forms it reads with such a preposition to the form without it, and the weights
//! are trained again on the cleaned lexicon (`SEGMENT_DETACH_ROUNDS`, default 1).
//!
//! No NonCommercial corpus (PADT, SaudiNewsNet) goes into the shipped data.
//!
//! ```text
//! cargo run --release -p marsad-text --example build_segment_data
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use marsad_text::segment::build::{self, Example, LexiconBuilder};

fn shared_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("MARSAD_SHARED") {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// First column of a one-token-per-line NER file (BOM, CRLF and LRM marks removed).
fn conll_tokens(path: &Path, sink: &mut impl FnMut(&str)) {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for line in text.lines() {
        let line: String = line
            .chars()
            .filter(|&c| !matches!(c, '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\r'))
            .collect();
        if let Some(token) = line.split(['\t', ' ']).next() {
            if !token.is_empty() {
                sink(token);
            }
        }
    }
}

/// PUD words: syntactic words joined by `SpaceAfter=No`, punctuation dropped.
fn pud_examples(path: &Path) -> Vec<Example> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let mut parts: Vec<(String, String)> = Vec::new();
    let mut flush = |parts: &mut Vec<(String, String)>| {
        let kept: Vec<&(String, String)> =
            parts.iter().filter(|(_, upos)| upos != "PUNCT").collect();
        if !kept.is_empty()
            && kept
                .iter()
                .all(|(form, _)| build::lexicon_form(form).is_some())
        {
            let mut word = String::new();
            let mut cuts = Vec::new();
            let mut pos = 0usize;
            for (i, (form, _)) in kept.iter().enumerate() {
                word.push_str(form);
                pos += build::lexicon_form(form).map_or(0, |f| f.chars().count());
                if i + 1 < kept.len() {
                    cuts.push(pos as u8);
                }
            }
            out.push(Example { word, cuts });
        }
        parts.clear();
    };
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut parts);
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 10 || f[0].contains('-') || f[0].contains('.') {
            continue;
        }
        parts.push((f[1].to_string(), f[3].to_string()));
        if !f[9].contains("SpaceAfter=No") {
            flush(&mut parts);
        }
    }
    flush(&mut parts);
    out
}

/// A numeric setting from the environment (for experiments), else its default.
fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let shared = shared_dir();
    let corpora = shared.join("data/corpora");
    if !corpora.exists() {
        eprintln!("{} not found: set MARSAD_SHARED", corpora.display());
        std::process::exit(2);
    }
    let ner = corpora.join("ner");
    let mut lexicon = LexiconBuilder::default();
    let mut tokens = 0usize;
    let mut sink = |t: &str| {
        tokens += 1;
        lexicon.add(t)
    };
    conll_tokens(
        &ner.join("fane-gold/NewsFANE_Gold_2014_170K.txt"),
        &mut sink,
    );
    conll_tokens(
        &ner.join("fane-gold/WikiFANE_Gold_2014_500K.txt"),
        &mut sink,
    );
    conll_tokens(&ner.join("anercorp/ANERCorp_CamelLab_test.txt"), &mut sink);
    let mut articles: Vec<PathBuf> = fs::read_dir(ner.join("aqmar/articles"))
        .expect("aqmar articles")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    articles.sort();
    for a in &articles {
        conll_tokens(a, &mut sink);
    }
    let min_count: u64 = env_or("SEGMENT_MIN_COUNT", 2);
    let epochs: usize = env_or("SEGMENT_EPOCHS", 5);
    let entries = lexicon.entries(min_count);
    let comment = format!(
        "Word-form counts for the clitic segmenter: form, count alone, count after the article ال.\n\
         Forms: letters only, alef forms folded to ا; ى ة ء ؤ ئ kept. Forms seen fewer than {min_count} times dropped.\n\
         FANE leaves ب ك ل attached: a first segmenter moves such counts to the form without the preposition.\n\
         Counted from {tokens} tokens of NewsFANE + WikiFANE gold (Alotaibi & Lee 2014, CC BY-SA 3.0),\n\
         the AQMAR Arabic Wikipedia NER corpus (Mohit et al. 2012, CC BY-SA 3.0) and the CAMeL Lab\n\
         ANERCorp test split (CC BY-SA 4.0). This file is licensed CC BY-SA 4.0; see NOTICE.md.\n\
         Rebuild: cargo run --release -p marsad-text --example build_segment_data"
    );
    let lexicon_tsv = LexiconBuilder::to_tsv(&entries, &comment);
    let examples = pud_examples(&corpora.join("ud-arabic-pud/ar_pud-ud-test.conllu"));
    let split = examples.iter().filter(|e| !e.cuts.is_empty()).count();
    eprintln!(
        "lexicon: {} forms from {tokens} tokens; PUD: {} words, {split} with clitics",
        entries.len(),
        examples.len()
    );
    let mut weights = build::train(&lexicon_tsv, &examples, epochs).expect("lexicon parses");
    let mut lexicon_tsv = lexicon_tsv;
    let rounds: usize = env_or("SEGMENT_DETACH_ROUNDS", 1);
    for round in 0..rounds {
        let segmenter = build::segmenter(&lexicon_tsv, &weights).expect("data parses");
        let moved = lexicon.detach_prepositions(&segmenter);
        let entries = lexicon.entries(min_count);
        lexicon_tsv = LexiconBuilder::to_tsv(&entries, &comment);
        weights = build::train(&lexicon_tsv, &examples, epochs).expect("lexicon parses");
        eprintln!(
            "round {round}: {moved} forms moved, {} forms",
            entries.len()
        );
    }
    let mut weights_tsv = String::new();
    let mut lines = weights.lines();
    weights_tsv.push_str(lines.next().unwrap_or(""));
    weights_tsv.push('\n');
    weights_tsv.push_str(&format!(
        "# Weights of the clitic segmenter's scoring model: averaged structured perceptron, {epochs} epochs,\n\
         # trained on the {} written words of UD Arabic-PUD (CC BY-SA 3.0) against the lexicon above.\n\
         # Licensed CC BY-SA 4.0; see NOTICE.md. Rebuild: cargo run --release -p marsad-text --example build_segment_data\n",
        examples.len()
    ));
    for line in lines {
        weights_tsv.push_str(line);
        weights_tsv.push('\n');
    }
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    fs::write(data.join("segment-lexicon.tsv"), lexicon_tsv).expect("write lexicon");
    fs::write(data.join("segment-weights.tsv"), weights_tsv).expect("write weights");
    eprintln!("wrote {}", data.display());
}
