//! Aliases whose actor depends on the event's country (`data/actors/ambiguous.txt`):
//! `الجيش` is the Hadi government's army in Yemen, Israel's in Palestine, and the event
//! country's army elsewhere.
//!
//! Format: `alias<TAB>rules<TAB>comment`; rules are space-separated `CC[,CC]:id`, with `*:id`
//! the fallback. No matching rule and no fallback leaves the mention unresolved.

use rustc_hash::FxHashMap;

use crate::ExtractError;

/// One rule: the event countries it applies to (`None` for the fallback) and the entry.
#[derive(Clone, Debug, PartialEq)]
struct Rule {
    countries: Option<Vec<String>>,
    entry: u32,
}

/// The resolution table, keyed by the alias's matching keys joined by spaces.
#[derive(Default, Debug)]
pub struct Ambiguity {
    rules: FxHashMap<String, Vec<Rule>>,
}

/// What the table says about a mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// The alias is not in the table.
    NotListed,
    /// The entry for this country.
    Entry(u32),
    /// Listed, but no rule fits this country: leave the mention unresolved.
    Unresolved,
}

impl Ambiguity {
    /// Parses the table; `key_of` turns an alias into its joined matching keys, `entry_of`
    /// an actor id into its entry index.
    pub fn parse(
        path: &str,
        text: &str,
        key_of: impl Fn(&str) -> String,
        entry_of: impl Fn(&str) -> Option<u32>,
    ) -> Result<Ambiguity, ExtractError> {
        let mut rules: FxHashMap<String, Vec<Rule>> = FxHashMap::default();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |message: String| ExtractError::Resource {
                path: path.to_string(),
                line: i + 1,
                message,
            };
            let mut cells = line.split('\t');
            let (Some(alias), Some(spec)) = (cells.next(), cells.next()) else {
                return Err(error("expected alias<TAB>rules".to_string()));
            };
            let mut parsed = Vec::new();
            for rule in spec.split_whitespace() {
                let (countries, id) = rule
                    .split_once(':')
                    .ok_or_else(|| error(format!("rule {rule:?} is not CC:id")))?;
                let entry =
                    entry_of(id).ok_or_else(|| error(format!("unknown actor id {id:?}")))?;
                let countries =
                    (countries != "*").then(|| countries.split(',').map(str::to_string).collect());
                parsed.push(Rule { countries, entry });
            }
            rules.insert(key_of(alias.trim()), parsed);
        }
        Ok(Ambiguity { rules })
    }

    /// The entry an alias stands for in an event of `country`.
    pub fn resolve(&self, alias_key: &str, country: Option<&str>) -> Resolution {
        let Some(rules) = self.rules.get(alias_key) else {
            return Resolution::NotListed;
        };
        let by_country = country.and_then(|cc| {
            rules.iter().find(|r| {
                r.countries
                    .as_ref()
                    .is_some_and(|cs| cs.iter().any(|c| c == cc))
            })
        });
        match by_country.or_else(|| rules.iter().find(|r| r.countries.is_none())) {
            Some(rule) => Resolution::Entry(rule.entry),
            None => Resolution::Unresolved,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_rules_then_fallback_then_unresolved() {
        let text =
            "# c\nالجيش\tYE:ye-army PS:il-idf *:gen-military\tnote\nالمقاومة\tYE:ye-resistance\t\n";
        let ids = ["ye-army", "il-idf", "gen-military", "ye-resistance"];
        let table = Ambiguity::parse(
            "a.txt",
            text,
            |a| a.to_string(),
            |id| ids.iter().position(|x| *x == id).map(|p| p as u32),
        )
        .unwrap();
        assert_eq!(table.resolve("الجيش", Some("PS")), Resolution::Entry(1));
        assert_eq!(table.resolve("الجيش", Some("IQ")), Resolution::Entry(2));
        assert_eq!(table.resolve("الجيش", None), Resolution::Entry(2));
        assert_eq!(
            table.resolve("المقاومة", Some("SY")),
            Resolution::Unresolved
        );
        assert_eq!(table.resolve("قسد", Some("SY")), Resolution::NotListed);
        let bad =
            Ambiguity::parse("a.txt", "x\tYE:nobody\n", |a| a.to_string(), |_| None).unwrap_err();
        assert_eq!(
            bad.to_string(),
            "a.txt: line 1: unknown actor id \"nobody\""
        );
    }
}
