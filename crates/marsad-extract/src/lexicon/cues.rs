//! Cue words (`data/triggers/cues.tsv`): negation, fear, modality, future, questions, history,
//! reporting, attempts, condemnation, casualty words and argument cues.

use super::table::Table;
use crate::ExtractError;

/// What a cue word signals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CueClass {
    Negation,
    Fear,
    Modal,
    Future,
    Question,
    History,
    Report,
    Attempt,
    Condemn,
    Death,
    Injury,
    Agent,
    Target,
    PlacePrep,
    /// A class this version of marsad does not use.
    Other,
}

/// How far a cue's effect reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueScope {
    Clause,
    Sentence,
    NextVerb,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CueEntry {
    pub class: CueClass,
    pub scope: CueScope,
}

/// Parses the cue table into `(form, entry)` pairs.
pub fn parse<'a>(path: &'a str, text: &'a str) -> Result<Vec<(&'a str, CueEntry)>, ExtractError> {
    let table = Table::parse(path, text)?;
    let (form, class) = (table.column("form")?, table.column("class")?);
    let scope = table.optional_column("scope");
    let mut out = Vec::with_capacity(table.rows().len());
    for row in table.rows() {
        let class = match row.get(class) {
            "negation" => CueClass::Negation,
            "fear" => CueClass::Fear,
            "modal" | "hypothetical" => CueClass::Modal,
            "future" | "intention" => CueClass::Future,
            "question" => CueClass::Question,
            "history" => CueClass::History,
            "report" => CueClass::Report,
            "attempt" => CueClass::Attempt,
            "condemn" => CueClass::Condemn,
            "death" => CueClass::Death,
            "injury" => CueClass::Injury,
            "agent" => CueClass::Agent,
            "target" => CueClass::Target,
            "place_prep" => CueClass::PlacePrep,
            _ => CueClass::Other,
        };
        let scope = match row.get_opt(scope) {
            Some("sentence") => CueScope::Sentence,
            Some("next_verb") => CueScope::NextVerb,
            _ => CueScope::Clause,
        };
        let form = row.get(form);
        if form.is_empty() {
            return Err(table.error(row, "empty `form`"));
        }
        out.push((form, CueEntry { class, scope }));
    }
    Ok(out)
}
