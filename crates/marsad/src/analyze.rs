//! `marsad analyze`: what the text core sees in a text, as a table or JSON.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;
use marsad_text::analysis::Analyzer;
use marsad_text::CharOffsets;
use serde::Serialize;

use crate::Outcome;

/// Show what the Arabic text core sees in a text: sentences, tokens with byte and code-point
/// offsets, matching keys.
///
/// Examples:
///   marsad analyze examples/hasakah-prison-a.txt
///   echo "قُتل 11 جنديًا أمس" | marsad analyze - --published 2022-01-24 --json
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A UTF-8 text file, or `-` for stdin.
    input: PathBuf,
    /// Publication date (YYYY-MM-DD) that relative time expressions resolve against.
    #[arg(long)]
    published: Option<chrono::NaiveDate>,
    /// Machine-readable output (one JSON object).
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct TokenRow<'a> {
    text: &'a str,
    kind: marsad_text::tokenize::TokenKind,
    key: &'a str,
    bytes: (usize, usize),
    chars: (usize, usize),
}

#[derive(Serialize)]
struct SentenceRow<'a> {
    text: &'a str,
    chars: (usize, usize),
    tokens: Vec<TokenRow<'a>>,
}

pub fn run(args: Args) -> Result<Outcome> {
    let text = crate::extract::read_utf8(crate::extract::open_input(&args.input)?, &args.input)?;
    let _ = args.published;
    let analyzer = Analyzer::new();
    let analysis = analyzer.analyze(&text);
    let offsets = CharOffsets::new(&text);
    let sentences: Vec<SentenceRow> = analysis
        .sentences
        .iter()
        .map(|s| SentenceRow {
            text: s.span.slice(&text),
            chars: offsets.char_span(s.span),
            tokens: s
                .tokens
                .clone()
                .map(|i| {
                    let t = analysis.tokens[i];
                    TokenRow {
                        text: t.span.slice(&text),
                        kind: t.kind,
                        key: analysis.keys.get(i),
                        bytes: (t.span.start(), t.span.end()),
                        chars: offsets.char_span(t.span),
                    }
                })
                .collect(),
        })
        .collect();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "sentences": sentences }))?;
        writeln!(out)?;
    } else {
        for (n, s) in sentences.iter().enumerate() {
            writeln!(
                out,
                "── sentence {} [{}..{}] ──",
                n + 1,
                s.chars.0,
                s.chars.1
            )?;
            writeln!(out, "{}", s.text)?;
            writeln!(
                out,
                "{:>5} {:>5}  {:<8} {:<24} key",
                "start", "end", "kind", "token"
            )?;
            for t in &s.tokens {
                writeln!(
                    out,
                    "{:>5} {:>5}  {:<8} {:<24} {}",
                    t.chars.0,
                    t.chars.1,
                    format!("{:?}", t.kind).to_lowercase(),
                    t.text,
                    t.key
                )?;
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(Outcome::Done)
}
