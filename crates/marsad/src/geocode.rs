//! `marsad geocode`: the place mentions of a phrase or text, each with its candidates and the
//! terms of their scores, for users checking a geocoding decision.

use std::io::Write;

use anyhow::{Context, Result};
use marsad_geo::Gazetteer;
use serde::Serialize;

use crate::Outcome;

/// Show how marsad reads the places of a phrase or text: every mention, the place it resolves
/// to, the runner-up candidates, and the terms of each score (prior, population, context,
/// feature word, containment, proximity…).
///
/// Examples:
///   marsad geocode "حي الزهور في الحسكة"
///   marsad geocode "طرابلس" --country LB
///   marsad geocode --file examples/hasakah-prison-a.txt --json
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The Arabic phrase or text (words are joined with spaces).
    #[arg(required_unless_present = "file")]
    text: Vec<String>,
    /// Read the text from a UTF-8 file (`-` for stdin) instead.
    #[arg(long, short, conflicts_with = "text")]
    file: Option<std::path::PathBuf>,
    /// The country the text is about (ISO 3166-1 alpha-2), as an article's context would say.
    #[arg(long)]
    country: Option<String>,
    /// How many candidates to show per mention (the chosen one included).
    #[arg(long, default_value_t = 3)]
    candidates: usize,
    /// Machine-readable output (one JSON object per mention).
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct MentionReport<'a> {
    words: &'a str,
    mention: &'a marsad_geo::PlaceMention,
    geo_precision: Option<u8>,
    margin: Option<f32>,
    candidates: Vec<&'a marsad_geo::Candidate>,
}

pub fn run(args: Args) -> Result<Outcome> {
    let text = match &args.file {
        Some(path) => crate::extract::read_utf8(crate::extract::open_input(path)?, path)?,
        None => args.text.join(" "),
    };
    if let Some(cc) = &args.country {
        anyhow::ensure!(
            cc.len() == 2 && cc.bytes().all(|b| b.is_ascii_uppercase()),
            "--country {cc:?}: expected an ISO 3166-1 alpha-2 code such as SY or LB"
        );
    }
    let gazetteer = Gazetteer::load_default().context("loading the gazetteer")?;
    for warning in gazetteer.warnings() {
        eprintln!("marsad: warning: {warning}");
    }
    let (mentions, resolved) = gazetteer.explain_phrase(&text, args.country.as_deref());
    let mut out = std::io::stdout().lock();
    if mentions.is_empty() {
        eprintln!("marsad: no place names found");
    }
    for (i, mention) in mentions.iter().enumerate() {
        let chosen = resolved.iter().find(|r| r.mention == i);
        let candidates: Vec<&marsad_geo::Candidate> = chosen
            .map(|r| {
                std::iter::once(&r.place)
                    .chain(&r.alternatives)
                    .take(args.candidates.max(1))
                    .collect()
            })
            .unwrap_or_default();
        let report = MentionReport {
            words: mention.span.slice(&text),
            mention,
            geo_precision: chosen.map(|r| r.geo_precision),
            margin: chosen.map(|r| r.margin),
            candidates,
        };
        if args.json {
            serde_json::to_writer(&mut out, &report)?;
            writeln!(out)?;
        } else {
            write_table(&mut out, &report)?;
        }
    }
    if !args.json {
        writeln!(out, "\n{}", marsad_geo::ATTRIBUTION)?;
    }
    Ok(Outcome::Done)
}

fn write_table(out: &mut impl Write, r: &MentionReport) -> Result<()> {
    let m = r.mention;
    let mut cues = Vec::new();
    if let Some(f) = m.feature {
        cues.push(format!("feature {f:?}"));
    }
    if let Some(d) = m.direction {
        cues.push(format!("direction {d:?}"));
    }
    for (flag, name) in [
        (m.near, "near"),
        (m.locative, "locative"),
        (m.anaphor, "anaphor"),
        (m.fuzzy, "one edit away"),
        (m.person_cue, "person cue"),
    ] {
        if flag {
            cues.push(name.to_string());
        }
    }
    if let Some(w) = m.within {
        cues.push(format!("inside mention {w}"));
    }
    writeln!(
        out,
        "«{}»  key «{}»  {} gazetteer entries{}{}",
        r.words,
        m.key,
        m.entries.len(),
        if cues.is_empty() { "" } else { "  cues: " },
        cues.join(", ")
    )?;
    match (r.candidates.first(), r.geo_precision) {
        (Some(_), Some(p)) => writeln!(
            out,
            "  resolved, geo_precision {p}, margin over the runner-up {:.2}",
            r.margin.unwrap_or(0.0)
        )?,
        _ => writeln!(out, "  unresolved (no candidate scored above the minimum)")?,
    }
    for (rank, c) in r.candidates.iter().enumerate() {
        let terms: Vec<String> = c
            .terms
            .iter()
            .map(|(name, v)| format!("{name} {v:+.2}"))
            .collect();
        writeln!(
            out,
            "  {}. {:>6.2}  {} ({}) [{} {}] {}/{}/{}  {:.4},{:.4}  pop {}\n             {}",
            rank + 1,
            c.score,
            c.name,
            c.name_ar,
            c.id,
            c.kind.as_str(),
            c.country,
            c.admin1.as_deref().unwrap_or("-"),
            c.admin2.as_deref().unwrap_or("-"),
            c.latitude,
            c.longitude,
            c.population,
            terms.join(", ")
        )?;
    }
    Ok(())
}
