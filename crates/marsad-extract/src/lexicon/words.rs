//! The engine's own word classes (`data/extract/words.tsv`): anaphors, member nouns, position
//! nouns and clause openers.

use super::table::Table;
use crate::ExtractError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WordClass {
    /// "the organization": the organization the article named.
    AnaphorOrganization,
    /// "the militia".
    AnaphorMilitia,
    /// "the rebels".
    AnaphorRebels,
    /// "the gunmen/terrorists/attackers".
    AnaphorArmed,
    /// A member noun before a group name.
    Member,
    /// A noun that stands for members of a group only before من and the group (مسلحون من
    /// الجماعة الإسلامية المسلحة); alone it is an actor of its own (unidentified gunmen).
    PartitiveMember,
    /// Positions or gatherings of the group named next.
    Position,
    /// Opens a new clause.
    ClauseOpener,
    /// "between": the two sides of a clash follow.
    Between,
    /// "in addition to": adds one more item to a list (اضافة الى، فضلا عن).
    Addition,
    /// "side" in "on one side … on the other".
    Side,
    /// A plural casualty noun (counted as 3 when it has no number).
    PluralCasualty,
    /// A person noun in the dual (counted as 2 beside a death word with no number).
    DualPerson,
    /// "this/that" before a trigger: a reference back, not a new event.
    Demonstrative,
    /// A word that makes a trigger a pattern, not an occurrence.
    Habitual,
    /// "demanding/calling for": what follows is wanted, not done.
    Demand,
    /// "scattered/various": a summary of several events.
    Aggregate,
    /// "that" after a reporting verb (قال … إن): what follows is the reported content.
    Complementizer,
    /// "others" (وإصابة آخرين): the people counted by the casualty word before it.
    Others,
}

impl WordClass {
    pub fn is_anaphor(self) -> bool {
        matches!(
            self,
            WordClass::AnaphorOrganization
                | WordClass::AnaphorMilitia
                | WordClass::AnaphorRebels
                | WordClass::AnaphorArmed
        )
    }
}

/// Parses the word table into `(form, class)` pairs.
pub fn parse<'a>(path: &'a str, text: &'a str) -> Result<Vec<(&'a str, WordClass)>, ExtractError> {
    let table = Table::parse(path, text)?;
    let (form, class) = (table.column("form")?, table.column("class")?);
    let mut out = Vec::with_capacity(table.rows().len());
    for row in table.rows() {
        let class = match row.get(class) {
            "anaphor_organization" => WordClass::AnaphorOrganization,
            "anaphor_militia" => WordClass::AnaphorMilitia,
            "anaphor_rebels" => WordClass::AnaphorRebels,
            "anaphor_armed" => WordClass::AnaphorArmed,
            "member" => WordClass::Member,
            "member_of" => WordClass::PartitiveMember,
            "position" => WordClass::Position,
            "clause_opener" => WordClass::ClauseOpener,
            "between" => WordClass::Between,
            "addition" => WordClass::Addition,
            "side" => WordClass::Side,
            "plural_casualty" => WordClass::PluralCasualty,
            "dual_person" => WordClass::DualPerson,
            "demonstrative" => WordClass::Demonstrative,
            "habitual" => WordClass::Habitual,
            "demand" => WordClass::Demand,
            "aggregate" => WordClass::Aggregate,
            "complementizer" => WordClass::Complementizer,
            "others" => WordClass::Others,
            other => return Err(table.error(row, format!("unknown class {other:?}"))),
        };
        out.push((row.get(form), class));
    }
    Ok(out)
}
