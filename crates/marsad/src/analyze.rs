//! `marsad analyze`: what the text core sees in a text, as a table or JSON.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;
use marsad_text::analysis::Analyzer;
use marsad_text::CharOffsets;
use serde::Serialize;

use crate::Outcome;

/// Show what the Arabic text core sees in a text: sentences, tokens with byte and code-point
/// offsets, matching keys, then the time expressions (resolved against --published) and the
/// numbers (counts with their lowest credible value, as fatalities are coded).
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
struct TimeRow<'a> {
    text: &'a str,
    chars: (usize, usize),
    kind: marsad_text::time::TimeKind,
    /// The day or the first day of the period, plainly (`2022-01-20`).
    date: Option<String>,
    end: Option<String>,
    precision: Option<marsad_text::time::Precision>,
    /// True when it needed the publication date (`--published`).
    relative: bool,
}

#[derive(Serialize)]
struct QuantityRow<'a> {
    /// The whole phrase (bound, number, noun).
    text: &'a str,
    chars: (usize, usize),
    kind: marsad_text::number::QuantityKind,
    value: Option<f64>,
    /// ACLED's lowest credible count (how a fatality count is coded).
    lowest_credible: Option<u64>,
}

#[derive(Serialize)]
struct SentenceRow<'a> {
    text: &'a str,
    chars: (usize, usize),
    tokens: Vec<TokenRow<'a>>,
}

pub fn run(args: Args) -> Result<Outcome> {
    let text = crate::extract::read_utf8(crate::extract::open_input(&args.input)?, &args.input)?;
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
    let times: Vec<TimeRow> =
        marsad_text::time::find_times(&text, &analysis.tokens, &analysis.keys, args.published)
            .into_iter()
            .map(|t| TimeRow {
                text: t.span.slice(&text),
                chars: offsets.char_span(t.span),
                kind: t.kind,
                date: t.date.map(|d| d.to_string()),
                end: t.end.map(|d| d.to_string()),
                precision: t.precision,
                relative: t.relative,
            })
            .collect();
    let quantities: Vec<QuantityRow> =
        marsad_text::number::find_quantities(&text, &analysis.tokens, &analysis.keys)
            .into_iter()
            .map(|q| QuantityRow {
                text: q.phrase().slice(&text),
                chars: offsets.char_span(q.phrase()),
                kind: q.kind,
                value: q.value,
                lowest_credible: q.lowest_credible(),
            })
            .collect();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(
            &mut out,
            &serde_json::json!({ "sentences": sentences, "times": times, "quantities": quantities }),
        )?;
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
        let published = args
            .published
            .map_or("no --published date".to_string(), |d| {
                format!("published {d}")
            });
        writeln!(out, "── time expressions ({published}) ──")?;
        writeln!(
            out,
            "{:>5} {:>5}  {:<9} {:<10} {:<10} {:<6} text",
            "start", "end", "kind", "date", "end date", "prec."
        )?;
        for t in &times {
            let precision = t
                .precision
                .map_or("-".to_string(), |p| format!("{p:?}").to_lowercase());
            writeln!(
                out,
                "{:>5} {:>5}  {:<9} {:<10} {:<10} {:<6} {}{}",
                t.chars.0,
                t.chars.1,
                format!("{:?}", t.kind).to_lowercase(),
                t.date.as_deref().unwrap_or("-"),
                t.end.as_deref().unwrap_or("-"),
                precision,
                t.text,
                if t.relative { "  (relative)" } else { "" }
            )?;
        }
        writeln!(out)?;
        writeln!(out, "── numbers ──")?;
        writeln!(
            out,
            "{:>5} {:>5}  {:<9} {:>10} {:>8}  text",
            "start", "end", "kind", "value", "lowest"
        )?;
        for q in &quantities {
            writeln!(
                out,
                "{:>5} {:>5}  {:<9} {:>10} {:>8}  {}",
                q.chars.0,
                q.chars.1,
                format!("{:?}", q.kind).to_lowercase(),
                q.value.map_or("-".to_string(), |v| v.to_string()),
                q.lowest_credible.map_or("-".to_string(), |v| v.to_string()),
                q.text
            )?;
        }
    }
    out.flush()?;
    Ok(Outcome::Done)
}
