//! The argument cues of a trigger, read from the `args` column of the trigger table.
//!
//! The mini-language (data/triggers/README.md): `role=cue|cue;role=cue`, where a role is
//! `agent` or `target` and a cue is a position (`subject`, `obj`, `gen`, `passive_subject`) or
//! an Arabic phrase that stands right before the argument (`على`, `من قبل`, `على يد`).
//! Unknown roles (e.g. `instrument`) are ignored.

use crate::keys::word_key;

/// The role an argument plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Agent,
    Target,
}

/// Where an argument is found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgCue {
    /// The subject of the verb (after it in VSO order).
    Subject,
    /// The object of the verb.
    Object,
    /// The genitive after an event noun.
    Genitive,
    /// The grammatical subject of a passive verb.
    PassiveSubject,
    /// A phrase right before the argument, as matching keys.
    Phrase(Vec<String>),
}

/// The parsed cues of one trigger.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArgSpec {
    items: Vec<(Role, ArgCue)>,
}

impl ArgSpec {
    pub fn parse(spec: &str) -> ArgSpec {
        let mut items = Vec::new();
        let mut key = String::new();
        for part in spec.split(';') {
            let Some((role, cues)) = part.split_once('=') else { continue };
            let role = match role.trim() {
                "agent" => Role::Agent,
                "target" | "victim" => Role::Target,
                _ => continue,
            };
            for cue in cues.split('|').map(str::trim).filter(|c| !c.is_empty()) {
                let cue = match cue {
                    "subject" => ArgCue::Subject,
                    "obj" | "object" => ArgCue::Object,
                    "gen" | "gen2" | "genitive" => ArgCue::Genitive,
                    "passive_subject" => ArgCue::PassiveSubject,
                    phrase => ArgCue::Phrase(
                        phrase
                            .split_whitespace()
                            .map(|w| {
                                word_key(w, &mut key);
                                key.clone()
                            })
                            .filter(|k| !k.is_empty())
                            .collect(),
                    ),
                };
                if !matches!(&cue, ArgCue::Phrase(words) if words.is_empty()) {
                    items.push((role, cue));
                }
            }
        }
        ArgSpec { items }
    }

    pub fn cues(&self) -> impl Iterator<Item = (Role, &ArgCue)> {
        self.items.iter().map(|(r, c)| (*r, c))
    }

    pub fn has(&self, role: Role, cue: &ArgCue) -> bool {
        self.items.iter().any(|(r, c)| *r == role && c == cue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_phrases_by_role() {
        let spec = ArgSpec::parse("agent=subject|gen|من قبل;target=obj|على;instrument=ب;bogus");
        assert!(spec.has(Role::Agent, &ArgCue::Subject));
        assert!(spec.has(Role::Agent, &ArgCue::Genitive));
        assert!(spec.has(Role::Target, &ArgCue::Object));
        assert!(spec.has(Role::Agent, &ArgCue::Phrase(vec!["من".into(), "قبل".into()])));
        assert!(spec.has(Role::Target, &ArgCue::Phrase(vec!["علي".into()])));
        assert_eq!(spec.cues().count(), 5);
        assert_eq!(ArgSpec::parse(""), ArgSpec::default());
    }
}
