//! Actor dictionary entries (`data/actors/*.tsv`): canonical ACLED-style names, actor types,
//! home countries, and every Arabic way the press names them.

use super::table::Table;
use crate::ExtractError;

/// How an entry names its actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActorKind {
    /// A specific organization or force.
    Named,
    /// A role noun that resolves by the event's country (الجيش، الشرطة، مدنيون).
    Generic,
    /// Members of a group, named by a member noun.
    Member,
}

/// One actor of the dictionary.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorEntry {
    pub id: Box<str>,
    /// ACLED-style name; `{country}` stands for the event country's English name.
    pub name: Box<str>,
    /// ACLED actor type: 1 state forces … 8 external/other forces.
    pub inter: u8,
    /// Home country (ISO 3166-1 alpha-2), or `None` when it follows the event.
    pub country: Option<Box<str>>,
    pub kind: ActorKind,
}

impl ActorEntry {
    /// The canonical name for an event in `country_name` (used when the name is a template).
    pub fn name_in(&self, country_name: Option<&str>) -> String {
        match country_name {
            // "Military Forces of the United States", but "Civilians (United States)"
            Some(country) if crate::countries::takes_article(country) => self
                .name
                .replace("of {country}", &format!("of the {country}"))
                .replace("{country}", country),
            Some(country) => self.name.replace("{country}", country),
            None => self
                .name
                .replace(" ({country})", "")
                .replace("{country}", "?"),
        }
    }

    /// True when the name depends on the event's country.
    pub fn is_template(&self) -> bool {
        self.name.contains("{country}")
    }
}

/// Parses one actor table into entries with their aliases.
pub fn parse<'a>(
    path: &'a str,
    text: &'a str,
) -> Result<Vec<(ActorEntry, Vec<&'a str>)>, ExtractError> {
    let table = Table::parse(path, text)?;
    let (id, name, inter, country, kind, aliases) = (
        table.column("id")?,
        table.column("name")?,
        table.column("inter")?,
        table.column("country")?,
        table.column("kind")?,
        table.column("aliases")?,
    );
    let mut out = Vec::with_capacity(table.rows().len());
    for row in table.rows() {
        let inter_code: u8 = row
            .get(inter)
            .parse()
            .ok()
            .filter(|c| (1..=8).contains(c))
            .ok_or_else(|| {
                table.error(
                    row,
                    format!("`inter` must be 1-8, got {:?}", row.get(inter)),
                )
            })?;
        let kind = match row.get(kind) {
            "named" => ActorKind::Named,
            "generic" => ActorKind::Generic,
            "member" => ActorKind::Member,
            other => return Err(table.error(row, format!("unknown `kind` {other:?}"))),
        };
        let country_code = row.get(country);
        if !(country_code.is_empty()
            || (country_code.len() == 2 && country_code.bytes().all(|b| b.is_ascii_uppercase())))
        {
            return Err(table.error(
                row,
                format!("`country` must be ISO 3166-1 alpha-2, got {country_code:?}"),
            ));
        }
        if row.get(id).is_empty() || row.get(name).is_empty() {
            return Err(table.error(row, "empty `id` or `name`"));
        }
        let alias_list: Vec<&str> = row
            .get(aliases)
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .collect();
        if alias_list.is_empty() {
            return Err(table.error(row, "no aliases"));
        }
        out.push((
            ActorEntry {
                id: row.get(id).into(),
                name: row.get(name).into(),
                inter: inter_code,
                country: (!country_code.is_empty()).then(|| country_code.into()),
                kind,
            },
            alias_list,
        ));
    }
    Ok(out)
}
