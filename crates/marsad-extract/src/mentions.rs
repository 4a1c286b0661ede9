//! The mention layers of one document: every actor, trigger, cue, engine word, place,
//! quantity and time expression, as token ranges over the document's tokens.
//!
//! Each stage of the text core, the dictionaries and the geocoder adds one layer; the frame
//! builder only reads layers. Layers of one kind do not overlap; layers of different kinds may.

use std::ops::Range;

use chrono::NaiveDate;
use marsad_text::number::Quantity;
use marsad_text::Span;

use crate::lexicon::cues::{CueClass, CueScope};
use crate::lexicon::words::WordClass;
use crate::lexicon::Found;

/// An actor named in the text, by dictionary entry (or an anaphor to resolve).
#[derive(Clone, Debug)]
pub struct ActorMention {
    /// The words of the mention, including a member noun before a group (عناصر داعش).
    pub tokens: Range<usize>,
    /// The words of the name itself (what the dictionary or anaphor matched).
    pub name_tokens: Range<usize>,
    /// Dictionary entries matching the name (empty for an unresolved anaphor).
    pub entries: Vec<u32>,
    /// The anaphor class when the mention is "the organization", "the militia"…
    pub anaphor: Option<WordClass>,
    /// The mention names the positions or gatherings of the actor (مواقع الحوثيين).
    pub position: bool,
}

/// A trigger word or phrase with its candidate readings.
#[derive(Clone, Debug)]
pub struct TriggerMention {
    pub tokens: Range<usize>,
    pub entries: Vec<u32>,
}

#[derive(Clone, Debug)]
pub struct CueMention {
    pub tokens: Range<usize>,
    pub class: CueClass,
    pub scope: CueScope,
}

#[derive(Clone, Debug)]
pub struct WordMention {
    pub tokens: Range<usize>,
    pub class: WordClass,
}

/// A place mention the geocoder resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceRef {
    pub tokens: Range<usize>,
    /// Index into the geocoder's resolved places of this document.
    pub resolved: usize,
}

/// A time expression resolved against the publication date.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeMention {
    pub tokens: Range<usize>,
    pub span: Span,
    /// The day it names (the start, for a range), when it names one.
    pub date: Option<NaiveDate>,
    /// ACLED time precision: 1 day, 2 week, 3 month (and coarser).
    pub precision: Option<u8>,
    /// It names a span of time, not a point (`خلال 4 أيام`).
    pub duration: bool,
}

/// All layers of one document.
#[derive(Clone, Debug, Default)]
pub struct Mentions {
    pub actors: Vec<ActorMention>,
    pub triggers: Vec<TriggerMention>,
    pub cues: Vec<CueMention>,
    pub words: Vec<WordMention>,
    pub places: Vec<PlaceRef>,
    pub quantities: Vec<Quantity>,
    pub times: Vec<TimeMention>,
    /// Per token: the particles that change a trigger's meaning (future س, purpose ل).
    pub particles: Vec<crate::keys::Particles>,
}

/// Mentions of one kind that fall inside a token range.
pub fn within<'m, T>(
    items: &'m [T],
    range: &Range<usize>,
    tokens_of: impl Fn(&T) -> &Range<usize> + 'm,
) -> impl Iterator<Item = (usize, &'m T)> + 'm {
    let range = range.clone();
    items.iter().enumerate().filter(move |(_, m)| {
        let r = tokens_of(m);
        r.start >= range.start && r.end <= range.end
    })
}

impl Mentions {
    /// Builds the actor layer from dictionary matches and engine words: a member noun right
    /// before a group joins it, a position noun marks it, an anaphor becomes a mention to
    /// resolve at document level.
    pub fn actors_from(
        actors: &[Found],
        words: &[Found],
        word_classes: &[WordClass],
    ) -> Vec<ActorMention> {
        let class_of = |f: &Found| word_classes[f.entries[0] as usize];
        let mut out: Vec<ActorMention> = actors
            .iter()
            .map(|f| ActorMention {
                tokens: f.tokens.clone(),
                name_tokens: f.tokens.clone(),
                entries: f.entries.clone(),
                anaphor: None,
                position: false,
            })
            .collect();
        // anaphors that are not inside a dictionary name
        for w in words {
            let class = class_of(w);
            if class.is_anaphor() && !out.iter().any(|a| overlaps(&a.tokens, &w.tokens)) {
                out.push(ActorMention {
                    tokens: w.tokens.clone(),
                    name_tokens: w.tokens.clone(),
                    entries: Vec::new(),
                    anaphor: Some(class),
                    position: false,
                });
            }
        }
        out.sort_by_key(|a| a.tokens.start);
        // member and position nouns right before a mention extend it
        for w in words {
            let class = class_of(w);
            if !matches!(class, WordClass::Member | WordClass::Position) {
                continue;
            }
            if let Some(next) = out.iter_mut().find(|a| a.tokens.start == w.tokens.end) {
                next.tokens.start = w.tokens.start;
                next.position |= class == WordClass::Position;
            }
        }
        out
    }
}

pub fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_and_position_nouns_join_the_group_after_them() {
        let actors = vec![
            Found {
                tokens: 3..4,
                entries: vec![7],
            },
            Found {
                tokens: 9..11,
                entries: vec![2],
            },
        ];
        let words = vec![
            Found {
                tokens: 2..3,
                entries: vec![0],
            }, // عناصر
            Found {
                tokens: 8..9,
                entries: vec![1],
            }, // مواقع
            Found {
                tokens: 5..6,
                entries: vec![2],
            }, // التنظيم
        ];
        let classes = [
            WordClass::Member,
            WordClass::Position,
            WordClass::AnaphorOrganization,
        ];
        let mentions = Mentions::actors_from(&actors, &words, &classes);
        assert_eq!(mentions.len(), 3);
        assert_eq!(
            (mentions[0].tokens.clone(), mentions[0].position),
            (2..4, false)
        );
        assert_eq!(mentions[1].anaphor, Some(WordClass::AnaphorOrganization));
        assert_eq!(
            (mentions[2].tokens.clone(), mentions[2].position),
            (8..11, true)
        );
    }
}
