//! Accuracy on the dev-gold place phrases: each gold event's Arabic place phrase is located in
//! its article, the whole article is geocoded, and the place resolved for the phrase (its
//! first resolved mention) is compared with the gold admin1 and location, the way
//! `shared/tools/score_events.py` compares names (accents and al-/el- folded, 0.8 similarity).
//! Skips, saying so, when `../shared` is absent.

use std::path::{Path, PathBuf};

use marsad_geo::{DocContext, Gazetteer};
use marsad_text::{normalize::TokenKeys, tokenize::tokenize};

mod common;
use common::{ar_fold, same_name};

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    p.join("data/dev-gold").is_dir().then_some(p)
}

fn article(shared: &Path, text_ref: &str, doc_id: &str) -> Option<String> {
    let rel = text_ref.strip_prefix("shared/").unwrap_or(text_ref);
    let (file, _) = rel.split_once('#').unwrap_or((rel, ""));
    let path = shared.join(file);
    if file.ends_with(".jsonl") {
        let text = std::fs::read_to_string(path).ok()?;
        text.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| v["doc_id"] == doc_id)
            .and_then(|v| v["text"].as_str().map(str::to_string))
    } else {
        std::fs::read_to_string(path).ok()
    }
}

mod needs_shared {
    use super::*;

    #[test]
    #[ignore = "needs ../shared (or MARSAD_SHARED); run with `cargo test -- --ignored needs_` (.ci/run does)"]
    fn dev_gold_admin1_and_location() {
        let shared = shared().expect("../shared/data/dev-gold not found (set MARSAD_SHARED)");
        let g = Gazetteer::load_default().unwrap();
        let mut files: Vec<_> = std::fs::read_dir(shared.join("data/dev-gold"))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        let (mut n, mut admin1_ok, mut loc_ok, mut strict_ok) = (0, 0, 0, 0);
        let (mut n_req, mut admin1_req, mut loc_req) = (0, 0, 0);
        let verbose = std::env::var_os("GEO_VERBOSE").is_some();
        for f in files {
            let gold: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
            let doc_id = gold["doc_id"].as_str().unwrap_or("");
            let Some(text) = article(&shared, gold["text_ref"].as_str().unwrap_or(""), doc_id)
            else {
                eprintln!("{}: article not found", f.display());
                continue;
            };
            let tokens = tokenize(&text);
            let keys = TokenKeys::build(&text, &tokens);
            let mentions = g.find_mentions(&text, &tokens, &keys);
            let resolved = g.resolve(&mentions, &DocContext::from_text(&g, &tokens, &keys));
            for e in gold["events"].as_array().into_iter().flatten() {
                let (Some(phrase), Some(gold_admin1)) =
                    (e["location"]["ar"].as_str(), e["admin1"].as_str())
                else {
                    continue;
                };
                let gold_name = e["location"]["name"].as_str().unwrap_or("");
                let optional = e["optional"].as_bool().unwrap_or(false);
                // the phrase inside the evidence sentence, else anywhere
                let evidence = e["evidence"].as_str().unwrap_or("");
                let start = text
                    .find(evidence)
                    .and_then(|s| text[s..s + evidence.len()].find(phrase).map(|p| s + p))
                    .or_else(|| text.find(phrase));
                let pick = start.and_then(|s| {
                    let end = s + phrase.len();
                    resolved.iter().find(|r| {
                        let m = &mentions[r.mention];
                        m.span.start() < end && s < m.span.end()
                    })
                });
                let cands;
                let (p_admin1, p_name, p_ar) = match pick {
                    Some(r) => (
                        r.place.admin1.clone(),
                        r.place.name.clone(),
                        r.place.name_ar.clone(),
                    ),
                    None => {
                        cands = g.geocode_phrase(phrase, e["country"].as_str());
                        match cands.first() {
                            Some(c) => (c.admin1.clone(), c.name.clone(), c.name_ar.clone()),
                            None => (None, String::new(), String::new()),
                        }
                    }
                };
                let a_ok = same_name(gold_admin1, p_admin1.as_deref().unwrap_or(""));
                let strict = same_name(gold_name, &p_name);
                let ar = ar_fold(&p_ar);
                // as the scorer: the Arabic words in either direction (here the place's own Arabic
                // name, never the article's words, which contain the phrase by construction)
                let ga = ar_fold(phrase);
                let l_ok = strict
                    || (a_ok
                        && ar.chars().count() >= 3
                        && ga.chars().count() >= 3
                        && (ga.contains(&ar) || ar.contains(&ga)));
                n += 1;
                admin1_ok += a_ok as usize;
                loc_ok += l_ok as usize;
                strict_ok += strict as usize;
                if !optional {
                    n_req += 1;
                    admin1_req += a_ok as usize;
                    loc_req += l_ok as usize;
                }
                if verbose || !a_ok || !l_ok {
                    eprintln!(
                        "{} {} {doc_id}: {phrase:?} gold {gold_admin1}/{gold_name} -> {}/{} ({})",
                        if a_ok { "A" } else { "-" },
                        if l_ok { "L" } else { "-" },
                        p_admin1.as_deref().unwrap_or("-"),
                        p_name,
                        if pick.is_some() {
                            "in context"
                        } else {
                            "phrase only"
                        }
                    );
                }
            }
        }
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        eprintln!(
        "dev-gold place phrases: {n} (required {n_req}); admin1 {:.1}% (required {:.1}%), location {:.1}% (required {:.1}%), strict English-name match {:.1}%",
        pct(admin1_ok, n),
        pct(admin1_req, n_req),
        pct(loc_ok, n),
        pct(loc_req, n_req),
        pct(strict_ok, n)
    );
        assert!(n >= 50, "only {n} gold place phrases read");
        assert!(pct(admin1_req, n_req) >= 85.0, "admin1 accuracy fell");
        assert!(pct(loc_req, n_req) >= 75.0, "location accuracy fell");
    }
}
