//! Country names as ACLED writes them in actor names, from `data/extract/countries.tsv`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::lexicon::table::Table;

const TABLE: &str = include_str!("../../../data/extract/countries.tsv");

/// (iso2, name, ACLED writes "the" before it in "Forces of the …").
fn table() -> &'static [(&'static str, &'static str, bool)] {
    static NAMES: OnceLock<Vec<(&'static str, &'static str, bool)>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let table =
            Table::parse("data/extract/countries.tsv", TABLE).expect("bundled table parses");
        let (code, name, the) = (
            table.column("iso2").expect("column"),
            table.column("name").expect("column"),
            table.column("the").expect("column"),
        );
        table
            .rows()
            .iter()
            .map(|r| (r.get(code), r.get(name), r.get(the) == "the"))
            .collect()
    })
}

/// The ACLED-style English name of an ISO 3166-1 alpha-2 code (`IQ` → `Iraq`).
pub fn name(iso2: &str) -> Option<&'static str> {
    table()
        .iter()
        .find(|(c, _, _)| *c == iso2)
        .map(|(_, n, _)| *n)
}

/// The country an Arabic name of the table names, given the matching keys of its one or two
/// words (`["هند"]` → `IN`, `["روسيا", "بيضاء"]` → `BY`). A key two countries share is evidence
/// of neither.
pub fn of_name_keys(words: &[&str]) -> Option<&'static str> {
    static KEYS: OnceLock<HashMap<String, Option<&'static str>>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let table =
            Table::parse("data/extract/countries.tsv", TABLE).expect("bundled table parses");
        let (code, names) = (
            table.column("iso2").expect("column"),
            table.column("name_ar").expect("column"),
        );
        let mut out: HashMap<String, Option<&'static str>> = HashMap::new();
        let mut k = String::new();
        for r in table.rows() {
            for name in r.get(names).split('|') {
                let words: Vec<String> = name
                    .split_whitespace()
                    .map(|w| {
                        crate::keys::word_key(w, &mut k);
                        k.clone()
                    })
                    .collect();
                let key = words.join(" ");
                if words.len() > 2 || key.chars().count() < 3 {
                    continue;
                }
                let country = out.entry(key).or_insert(Some(r.get(code)));
                if *country != Some(r.get(code)) {
                    *country = None;
                }
            }
        }
        out
    });
    match words {
        [one] => keys.get(*one).copied().flatten(),
        _ => keys.get(&words.join(" ")).copied().flatten(),
    }
}

/// Whether ACLED writes "the" before this country name in "Forces of the United States".
pub fn takes_article(name: &str) -> bool {
    table().iter().any(|(_, n, the)| *n == name && *the)
}

#[cfg(test)]
mod tests {
    #[test]
    fn acled_names() {
        assert_eq!(super::name("PS"), Some("Palestine"));
        assert_eq!(super::name("SY"), Some("Syria"));
        assert_eq!(super::name("XX"), None);
        assert!(super::takes_article("United States"));
        assert!(!super::takes_article("Syria"));
        let key = |word: &str| {
            let mut k = String::new();
            crate::keys::word_key(word, &mut k);
            k
        };
        for (word, country) in [("الهند", "IN"), ("وباكستان", "PK"), ("بروسيا", "RU")]
        {
            assert_eq!(super::of_name_keys(&[&key(word)]), Some(country), "{word}");
        }
        assert_eq!(super::of_name_keys(&[&key("الحكومة")]), None);
        assert_eq!(
            super::of_name_keys(&[&key("روسيا"), &key("البيضاء")]),
            Some("BY")
        );
        assert_eq!(
            super::of_name_keys(&[&key("جنوب"), &key("السودان")]),
            Some("SS")
        );
    }
}
