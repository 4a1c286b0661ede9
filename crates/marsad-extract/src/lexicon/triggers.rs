//! Event trigger entries (`data/triggers/triggers.tsv`): Arabic words and phrases mapped to
//! ACLED event/sub-event types and PLOVER type/mode, with the argument cues each takes.

use super::table::Table;
use crate::args::TriggerArgs;
use crate::record::SubEventType;
use crate::ExtractError;

/// Part of speech of a trigger, which decides where its arguments are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerPos {
    /// An active verb: agent is its subject (after it in VSO, before it in SVO).
    VerbActive,
    /// A passive verb: its subject is the victim.
    VerbPassive,
    /// A verbal or event noun: agent by genitive or cue (شنه، من قبل، على يد).
    Noun,
    /// A participle or adjective (مفخخة، ناسفة، انتحاري).
    Participle,
    /// A fixed multiword phrase.
    Phrase,
}

impl TriggerPos {
    /// Parses a `pos` value of the table.
    pub fn parse(value: &str) -> Option<TriggerPos> {
        Some(match value {
            "verb_active" => TriggerPos::VerbActive,
            "verb_passive" => TriggerPos::VerbPassive,
            "noun" => TriggerPos::Noun,
            "participle" | "adj" => TriggerPos::Participle,
            "phrase" => TriggerPos::Phrase,
            _ => return None,
        })
    }
}

/// What a trigger contributes to an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerRole {
    /// The word denotes the event.
    Event,
    /// An instrument that makes a nearby event more specific (سيارة مفخخة، قذيفة).
    Weapon,
    /// A casualty word: an event only when it stands with an agent.
    Result,
    /// Control, arrest and agreement words.
    State,
}

/// One trigger form.
#[derive(Clone, Debug, PartialEq)]
pub struct TriggerEntry {
    pub sub_event: SubEventType,
    pub plover: Box<str>,
    pub plover_mode: Option<Box<str>>,
    pub pos: TriggerPos,
    /// 1 generic … 3 most specific: the most specific trigger of a clause sets the sub-event.
    pub specificity: u8,
    pub role: TriggerRole,
    /// The argument cues and conditions (see [`TriggerArgs`]).
    pub args: TriggerArgs,
}

/// Parses the trigger table into `(form, entry)` pairs.
pub fn parse<'a>(
    path: &'a str,
    text: &'a str,
) -> Result<Vec<(&'a str, TriggerEntry)>, ExtractError> {
    let table = Table::parse(path, text)?;
    let (form, event_type, sub_event_type, plover, pos, specificity, role) = (
        table.column("form")?,
        table.column("event_type")?,
        table.column("sub_event_type")?,
        table.column("plover")?,
        table.column("pos")?,
        table.column("specificity")?,
        table.column("role")?,
    );
    let plover_mode = table.optional_column("plover_mode");
    let args = table.optional_column("args");
    let mut out = Vec::with_capacity(table.rows().len());
    for row in table.rows() {
        let sub_event = SubEventType::from_name(row.get(sub_event_type)).ok_or_else(|| {
            table.error(
                row,
                format!("unknown sub_event_type {:?}", row.get(sub_event_type)),
            )
        })?;
        if sub_event.event_type().as_str() != row.get(event_type) {
            return Err(table.error(
                row,
                format!(
                    "{:?} is not a sub-event type of {:?}",
                    sub_event.as_str(),
                    row.get(event_type)
                ),
            ));
        }
        let pos = TriggerPos::parse(row.get(pos))
            .ok_or_else(|| table.error(row, format!("unknown pos {:?}", row.get(pos))))?;
        let role = match row.get(role) {
            "event" => TriggerRole::Event,
            "weapon" => TriggerRole::Weapon,
            "result" => TriggerRole::Result,
            "state" => TriggerRole::State,
            other => return Err(table.error(row, format!("unknown role {other:?}"))),
        };
        let specificity = row
            .get(specificity)
            .parse::<u8>()
            .ok()
            .filter(|s| (1..=3).contains(s))
            .ok_or_else(|| table.error(row, "`specificity` must be 1, 2 or 3"))?;
        if row.get(form).is_empty() {
            return Err(table.error(row, "empty `form`"));
        }
        out.push((
            row.get(form),
            TriggerEntry {
                sub_event,
                plover: row.get(plover).into(),
                plover_mode: row.get_opt(plover_mode).map(Into::into),
                pos,
                specificity,
                role,
                args: TriggerArgs::parse(row.get_opt(args).unwrap_or(""))
                    .map_err(|e| table.error(row, e.to_string()))?,
            },
        ));
    }
    Ok(out)
}
