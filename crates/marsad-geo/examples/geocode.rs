//! Shows the place mentions of a text and how they resolve:
//! `cargo run --release -p marsad-geo --example geocode -- "TEXT"` (or `-f FILE`).

use marsad_geo::{DocContext, Gazetteer};
use marsad_text::{normalize::TokenKeys, tokenize::tokenize};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = match args.as_slice() {
        [flag, path] if flag == "-f" => std::fs::read_to_string(path).unwrap_or_default(),
        _ => args.join(" "),
    };
    let t0 = std::time::Instant::now();
    let gaz = match Gazetteer::load_default() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    eprintln!("loaded {} places in {:?}", gaz.len(), t0.elapsed());
    for w in gaz.warnings() {
        eprintln!("warning: {w}");
    }
    let tokens = tokenize(&text);
    let keys = TokenKeys::build(&text, &tokens);
    let mentions = gaz.find_mentions(&text, &tokens, &keys);
    let resolved = gaz.resolve(&mentions, &DocContext::from_text(&gaz, &tokens, &keys));
    for (i, m) in mentions.iter().enumerate() {
        let r = resolved.iter().find(|r| r.mention == i);
        let loc = r.map(|r| {
            format!(
                "{} [{} {}] {}/{} p{} score {:.2} margin {:.2}",
                r.place.name,
                r.place.id,
                r.place.kind.as_str(),
                r.place.country,
                r.place.admin1.as_deref().unwrap_or("-"),
                r.geo_precision,
                r.place.score,
                r.margin
            )
        });
        println!(
            "{:>3} {:<30} feat={:?} dir={:?} near={} within={:?} anaphor={} fuzzy={} n={} -> {}",
            i,
            m.span.slice(&text),
            m.feature,
            m.direction,
            m.near,
            m.within,
            m.anaphor,
            m.fuzzy,
            m.entries.len(),
            loc.unwrap_or_else(|| "unresolved".into())
        );
        if std::env::var_os("EXPLAIN").is_some() {
            if let Some(r) = r {
                for c in std::iter::once(&r.place).chain(&r.alternatives) {
                    println!(
                        "        {:.2} {} {} {}/{} {:?}",
                        c.score,
                        c.name,
                        c.id,
                        c.country,
                        c.admin1.as_deref().unwrap_or("-"),
                        c.terms
                    );
                }
            }
        }
    }
}
