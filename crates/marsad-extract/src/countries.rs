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
    }
}
