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
    /// A territorial head noun (مدينة، بلدة، جبل) that satisfies `needs=place`.
    PlaceNoun,
    /// A running total over a period: not one event.
    Aggregate,
    /// A demand or call: the demanded act is not an event.
    Demand,
    /// A support verb whose subject is the agent of the next event noun (شن، نفذ).
    LightVerb,
    /// A verb whose subject is the target (تعرض ل، نجا من).
    UndergoVerb,
    /// A verb whose subject is the event itself (دارت، اندلعت).
    OccurVerb,
    /// A standing situation, not an occurrence (تحت سيطرة، يسيطر).
    Static,
    /// A protest participant noun.
    Protester,
    /// A class this version of marsad does not use (hedge, cause, quantity…).
    Other,
}

/// How far a cue's effect reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueScope {
    Clause,
    Sentence,
    /// The next verb only (لم، لن، قد، سوف).
    NextVerb,
    /// The next word or phrase only (عدم، دون).
    NextWord,
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
            "place_noun" => CueClass::PlaceNoun,
            "aggregate" => CueClass::Aggregate,
            "demand" => CueClass::Demand,
            "light_verb" => CueClass::LightVerb,
            "undergo_verb" => CueClass::UndergoVerb,
            "occur_verb" => CueClass::OccurVerb,
            "static" => CueClass::Static,
            "protester" => CueClass::Protester,
            _ => CueClass::Other,
        };
        let scope = match row.get_opt(scope) {
            // prefixes (سـ future, لـ purpose) are read from each token's segmentation
            // (`crate::keys::Particles`), not matched as words
            Some("prefix") => continue,
            Some("sentence") => CueScope::Sentence,
            Some("next_verb") => CueScope::NextVerb,
            Some("next_word") => CueScope::NextWord,
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
