//! Picks corpus sentences with place mentions, for building a hand-checked test set:
//! `sample_sentences CORPUS.jsonl EXCLUDE_IDS_FILE N SEED` prints
//! `doc_id <TAB> sentence <TAB> mention <TAB> country <TAB> admin1 <TAB> name <TAB> geonameid`.

use marsad_geo::{DocContext, Gazetteer};
use marsad_text::{normalize::TokenKeys, sentence::split_sentences, tokenize::tokenize};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(corpus), Some(exclude), Some(n), Some(seed)) =
        (args.first(), args.get(1), args.get(2), args.get(3))
    else {
        eprintln!("usage: sample_sentences CORPUS.jsonl EXCLUDE_IDS N SEED");
        std::process::exit(2);
    };
    let n: usize = n.parse().unwrap_or(50);
    let mut state: u64 = seed.parse().unwrap_or(1);
    let mut rnd = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let exclude = std::fs::read_to_string(exclude).unwrap_or_default();
    let g = Gazetteer::load_default().expect("gazetteer");
    let text = std::fs::read_to_string(corpus).expect("corpus");
    let docs: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|v: &serde_json::Value| !exclude.contains(v["doc_id"].as_str().unwrap_or("?")))
        .collect();
    let mut printed = 0;
    while printed < n {
        let d = &docs[(rnd() % docs.len() as u64) as usize];
        let body = d["text"].as_str().unwrap_or("");
        let tokens = tokenize(body);
        let sentences = split_sentences(body, &tokens);
        if sentences.is_empty() {
            continue;
        }
        let s = &sentences[(rnd() % sentences.len() as u64) as usize];
        let sent = s.span.slice(body);
        if sent.chars().count() > 260 || sent.chars().count() < 40 {
            continue;
        }
        let st = tokenize(sent);
        let keys = TokenKeys::build(sent, &st);
        let mentions = g.find_mentions(sent, &st, &keys);
        let resolved = g.resolve(&mentions, &DocContext::from_text(&g, &st, &keys));
        let good: Vec<_> = resolved
            .iter()
            .filter(|r| !mentions[r.mention].anaphor && r.place.kind.as_str() != "country")
            .collect();
        if good.is_empty() {
            continue;
        }
        for r in good.iter().take(3) {
            let m = &mentions[r.mention];
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                d["doc_id"].as_str().unwrap_or(""),
                sent.replace(['\t', '\n'], " "),
                m.span.slice(sent),
                r.place.country,
                r.place.admin1.as_deref().unwrap_or(""),
                r.place.name,
                r.place
                    .geonameid
                    .map(|g| g.to_string())
                    .unwrap_or_else(|| r.place.id.clone())
            );
            printed += 1;
        }
    }
}
