//! The argument cues and conditions of a trigger: the `args` column of the trigger table,
//! specified in `data/triggers/README.md`.
//!
//! An args cell is a `;`-separated list of `key=value|value` items and bare flags:
//! - slots `agent`, `target`, `place`, each with cues tried in the order written: positions
//!   (`subject`, `pre`, `obj`, `passive_subject`, `gen`, `adj`, `enclitic`, `lv_subject`, `rel`,
//!   `next`, `self`, `unknown`, `بين..و`) or Arabic words that stand right before the argument;
//! - conditions `needs=`, `ctx=`, `veto_next=`, `veto_prev=`; recoding `if=COND[&COND]>Sub-event@PLOVER[:mode]`;
//!   other readings `alt_pos=`; flags `enclitic_ok`, `blocks_object`.
//!
//! Unknown keys are ignored, so the table can grow ahead of the engine.

use crate::keys::word_key;
use crate::lexicon::triggers::TriggerPos;
use crate::record::SubEventType;

/// The role an argument plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Agent,
    Target,
}

/// Where an argument is found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgCue {
    /// The noun phrase right after a verb (VSO).
    Subject,
    /// The noun phrase right before the trigger (SVO, topicalized).
    Pre,
    /// The direct object (after the subject).
    Object,
    /// The noun phrase after a passive verb.
    PassiveSubject,
    /// The genitive right after an event noun.
    Genitive,
    /// A nisba adjective after the noun (غارة إسرائيلية).
    Adjective,
    /// The attached pronoun.
    Enclitic,
    /// The subject of a support verb before the noun (شنت قوات X هجوما).
    LightVerbSubject,
    /// The subject of an agent verb in a following relative clause (هجوم شنه X).
    Relative,
    /// The noun phrase right after a form that contains its verb (دخلت قوات X).
    Next,
    /// The form itself names the agent.
    SelfNamed,
    /// No agent is expected: an unidentified armed group.
    Unknown,
    /// `بين X و Y`: the two sides.
    Between,
    /// A phrase right before the argument, as matching keys.
    Phrase(Vec<String>),
}

/// A condition a row needs in its clause to be an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    Weapon,
    Agent,
    ArmedAgent,
    ArmedTarget,
    PersonTarget,
    Place,
    ActorNext,
    Enclitic,
}

/// A condition of an `if=` recoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    AgentState,
    AgentNonstate,
    AgentProtesters,
    AgentMob,
    AgentAerial,
    TargetCivilian,
    TargetArmed,
    TargetProtesters,
    TargetPerson,
    TargetGoods,
    ObjectWeapon,
    /// Either side (agent or target, as the clause names them) is protesters / civilians /
    /// state forces: for clashes, whose two sides are symmetric.
    SideProtesters,
    SideCivilian,
    SideState,
}

/// Recode the event when all conditions hold.
#[derive(Clone, Debug, PartialEq)]
pub struct Recode {
    pub conditions: Vec<Condition>,
    pub sub_event: SubEventType,
    pub plover: Box<str>,
    pub plover_mode: Option<Box<str>>,
}

/// The parsed args of one trigger row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TriggerArgs {
    pub agent: Vec<ArgCue>,
    pub target: Vec<ArgCue>,
    pub place: Vec<ArgCue>,
    /// At least one must hold (empty: no condition).
    pub needs: Vec<Need>,
    /// One of these phrases must occur in the clause (empty: no condition).
    pub ctx: Vec<Vec<String>>,
    pub veto_next: Vec<String>,
    pub veto_prev: Vec<String>,
    pub recode: Vec<Recode>,
    pub alt_pos: Vec<TriggerPos>,
    pub enclitic_ok: bool,
    pub blocks_object: bool,
}

/// A malformed args cell.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("args: {0}")]
pub struct ArgsError(pub String);

impl TriggerArgs {
    pub fn parse(spec: &str) -> Result<TriggerArgs, ArgsError> {
        let mut args = TriggerArgs::default();
        let mut key = String::new();
        let mut keys_of = |phrase: &str| -> Vec<String> {
            phrase
                .split_whitespace()
                .map(|w| {
                    word_key(w, &mut key);
                    key.clone()
                })
                .filter(|k| !k.is_empty())
                .collect()
        };
        for item in spec.split(';').map(str::trim).filter(|i| !i.is_empty()) {
            let Some((name, values)) = item.split_once('=') else {
                match item {
                    "enclitic_ok" => args.enclitic_ok = true,
                    "blocks_object" => args.blocks_object = true,
                    _ => {}
                }
                continue;
            };
            let values = values.split('|').map(str::trim).filter(|v| !v.is_empty());
            match name.trim() {
                "agent" | "target" | "place" => {
                    let cues: Vec<ArgCue> = values
                        .map(|v| cue(v, &mut keys_of))
                        .filter(|c| !matches!(c, ArgCue::Phrase(w) if w.is_empty()))
                        .collect();
                    match name.trim() {
                        "agent" => args.agent = cues,
                        "target" => args.target = cues,
                        _ => args.place = cues,
                    }
                }
                "needs" => {
                    for v in values {
                        args.needs.push(match v {
                            "weapon" => Need::Weapon,
                            "agent" => Need::Agent,
                            "armed_agent" => Need::ArmedAgent,
                            "armed_target" => Need::ArmedTarget,
                            "person_target" => Need::PersonTarget,
                            "place" => Need::Place,
                            "actor_next" => Need::ActorNext,
                            "enclitic" => Need::Enclitic,
                            other => return Err(ArgsError(format!("unknown need {other:?}"))),
                        });
                    }
                }
                "ctx" => args.ctx = values.map(&mut keys_of).filter(|k| !k.is_empty()).collect(),
                "veto_next" => args.veto_next = values.flat_map(&mut keys_of).collect(),
                "veto_prev" => args.veto_prev = values.flat_map(&mut keys_of).collect(),
                "alt_pos" => args.alt_pos = values.filter_map(TriggerPos::parse).collect(),
                "if" => {
                    for v in values {
                        args.recode.push(recode(v)?);
                    }
                }
                _ => {}
            }
        }
        Ok(args)
    }

    /// The cues of a slot.
    pub fn cues(&self, role: Role) -> &[ArgCue] {
        match role {
            Role::Agent => &self.agent,
            Role::Target => &self.target,
        }
    }

    pub fn has(&self, role: Role, cue: &ArgCue) -> bool {
        self.cues(role).contains(cue)
    }
}

fn cue(value: &str, keys_of: &mut impl FnMut(&str) -> Vec<String>) -> ArgCue {
    match value {
        "subject" => ArgCue::Subject,
        "pre" => ArgCue::Pre,
        "obj" | "object" => ArgCue::Object,
        "passive_subject" => ArgCue::PassiveSubject,
        "gen" | "gen2" | "genitive" => ArgCue::Genitive,
        "adj" => ArgCue::Adjective,
        "enclitic" => ArgCue::Enclitic,
        "lv_subject" => ArgCue::LightVerbSubject,
        "rel" => ArgCue::Relative,
        "next" => ArgCue::Next,
        "self" => ArgCue::SelfNamed,
        "unknown" => ArgCue::Unknown,
        "بين..و" => ArgCue::Between,
        phrase => ArgCue::Phrase(keys_of(phrase)),
    }
}

/// `COND&COND>Sub-event@PLOVER:mode`.
fn recode(value: &str) -> Result<Recode, ArgsError> {
    let (conds, result) = value
        .split_once('>')
        .ok_or_else(|| ArgsError(format!("if {value:?} has no '>'")))?;
    let (sub, plover) = result.split_once('@').unwrap_or((result, ""));
    let sub_event = SubEventType::from_name(sub.trim())
        .ok_or_else(|| ArgsError(format!("unknown sub-event {sub:?}")))?;
    let (plover, mode) = match plover.split_once(':') {
        Some((p, m)) => (p, Some(m)),
        None => (plover, None),
    };
    let conditions = conds
        .split('&')
        .map(|c| {
            Ok(match c.trim() {
                "agent:state" => Condition::AgentState,
                "agent:nonstate" => Condition::AgentNonstate,
                "agent:protesters" => Condition::AgentProtesters,
                "agent:mob" => Condition::AgentMob,
                "agent:aerial" => Condition::AgentAerial,
                "target:civilian" => Condition::TargetCivilian,
                "target:armed" => Condition::TargetArmed,
                "target:protesters" => Condition::TargetProtesters,
                "target:person" => Condition::TargetPerson,
                "target:goods" => Condition::TargetGoods,
                "obj:weapon" => Condition::ObjectWeapon,
                "side:protesters" => Condition::SideProtesters,
                "side:civilian" => Condition::SideCivilian,
                "side:state" => Condition::SideState,
                other => return Err(ArgsError(format!("unknown condition {other:?}"))),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Recode {
        conditions,
        sub_event,
        plover: plover.trim().into(),
        plover_mode: mode
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(Into::into),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_conditions_recodes_and_flags() {
        let args = TriggerArgs::parse(
            "agent=gen|adj|من قبل|lv_subject;target=على|ضد;instrument=ب;enclitic_ok;needs=agent|place;\
             veto_prev=تحت;if=target:civilian>Attack@ASSAULT|agent:protesters&target:armed>Violent demonstration@PROTEST:riot;alt_pos=verb_passive|noun",
        )
        .unwrap();
        assert_eq!(
            args.agent,
            [
                ArgCue::Genitive,
                ArgCue::Adjective,
                ArgCue::Phrase(vec!["من".into(), "قبل".into()]),
                ArgCue::LightVerbSubject
            ]
        );
        assert_eq!(
            args.target,
            [
                ArgCue::Phrase(vec!["علي".into()]),
                ArgCue::Phrase(vec!["ضد".into()])
            ]
        );
        assert_eq!(args.needs, [Need::Agent, Need::Place]);
        assert_eq!(args.veto_prev, ["تحت"]);
        assert!(args.enclitic_ok && !args.blocks_object);
        assert_eq!(args.recode.len(), 2);
        assert_eq!(args.recode[0].sub_event, SubEventType::Attack);
        assert_eq!(
            args.recode[1].conditions,
            [Condition::AgentProtesters, Condition::TargetArmed]
        );
        assert_eq!(args.recode[1].plover_mode.as_deref(), Some("riot"));
        assert_eq!(args.alt_pos, [TriggerPos::VerbPassive, TriggerPos::Noun]);
        assert!(TriggerArgs::parse("if=target:civilian>Nonsense@X").is_err());
        assert_eq!(TriggerArgs::parse("").unwrap(), TriggerArgs::default());
    }
}
