//! Country names as ACLED writes them in actor names, from `data/extract/countries.tsv`.

use std::sync::OnceLock;

use crate::lexicon::table::Table;

const TABLE: &str = include_str!("../../../data/extract/countries.tsv");

/// The ACLED-style English name of an ISO 3166-1 alpha-2 code (`IQ` → `Iraq`).
pub fn name(iso2: &str) -> Option<&'static str> {
    static NAMES: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let table =
            Table::parse("data/extract/countries.tsv", TABLE).expect("bundled table parses");
        let (code, name) = (
            table.column("iso2").expect("column"),
            table.column("name").expect("column"),
        );
        table
            .rows()
            .iter()
            .map(|r| (r.get(code), r.get(name)))
            .collect()
    });
    names.iter().find(|(c, _)| *c == iso2).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    #[test]
    fn acled_names() {
        assert_eq!(super::name("PS"), Some("Palestine"));
        assert_eq!(super::name("SY"), Some("Syria"));
        assert_eq!(super::name("XX"), None);
    }
}
