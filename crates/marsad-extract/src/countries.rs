//! Country names as ACLED writes them in actor names, from `data/extract/countries.tsv`.

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

/// The country a one-word Arabic name of the table names (`الهند`, `وباكستان` → `IN`, `PK`),
/// by the word's matching key.
pub fn of_name_key(key: &str) -> Option<&'static str> {
    static KEYS: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let table =
            Table::parse("data/extract/countries.tsv", TABLE).expect("bundled table parses");
        let (code, names) = (
            table.column("iso2").expect("column"),
            table.column("name_ar").expect("column"),
        );
        let mut out: Vec<(String, &'static str)> = Vec::new();
        let mut k = String::new();
        for r in table.rows() {
            for name in r.get(names).split('|').filter(|n| !n.contains(' ')) {
                crate::keys::word_key(name, &mut k);
                // a name that is also another country's key is no evidence of either
                if k.chars().count() >= 3 && !out.iter().any(|(o, _)| *o == k) {
                    out.push((k.clone(), r.get(code)));
                }
            }
        }
        out
    });
    keys.iter().find(|(k, _)| k == key).map(|(_, c)| *c)
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
        let mut key = String::new();
        for (word, country) in [("الهند", "IN"), ("وباكستان", "PK"), ("بروسيا", "RU")]
        {
            crate::keys::word_key(word, &mut key);
            assert_eq!(super::of_name_key(&key), Some(country), "{word}");
        }
        crate::keys::word_key("الحكومة", &mut key);
        assert_eq!(super::of_name_key(&key), None);
    }
}
