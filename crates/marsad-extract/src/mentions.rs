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
    /// Index of the geocoder's mention, and of the mention of the place it is said to lie in
    /// or near (حي الزهور في الحسكة، الشرقية التي تقع شمال شرقي القاهرة).
    pub mention: usize,
    pub within: Option<usize>,
    /// Where a movement started (قادمة من X), not where an event happened.
    pub origin: bool,
    /// A locative word or clitic precedes the name (في، من، ب).
    pub locative: bool,
    /// The resolved place is a whole country (not a place inside one).
    pub whole_country: bool,
    /// ISO code of the resolved place's country.
    pub country: String,
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
    /// It names a day of the week before publication relative to it (`أمس`, `اليوم`,
    /// `الخميس`): the day of a news report.
    pub recent_day: bool,
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

/// Mentions of one kind that fall inside a token range. `items` are sorted by their first
/// token ([`Mentions::sort_by_position`]), so this is a binary search plus the matches: no
/// scan of the whole document per sentence or frame.
pub fn within<'m, T>(
    items: &'m [T],
    range: &Range<usize>,
    tokens_of: impl Fn(&T) -> &Range<usize> + Copy + 'm,
) -> impl Iterator<Item = (usize, &'m T)> + 'm {
    let range = range.clone();
    let first = items.partition_point(|m| tokens_of(m).start < range.start);
    items[first..]
        .iter()
        .enumerate()
        .map(move |(k, m)| (first + k, m))
        .take_while(move |(_, m)| tokens_of(m).start < range.end)
        .filter(move |(_, m)| tokens_of(m).end <= range.end)
}

/// Mentions of one kind that share a token with `range`, in text order. Mentions of one kind
/// do not overlap, so sorted by first token they are sorted by last token too, and those
/// that touch `range` are one run: a binary search on the last token, then the run.
pub fn overlapping<'m, T>(
    items: &'m [T],
    range: &Range<usize>,
    tokens_of: impl Fn(&T) -> &Range<usize> + Copy + 'm,
) -> impl Iterator<Item = &'m T> + 'm {
    let range = range.clone();
    let first = items.partition_point(|m| tokens_of(m).end <= range.start);
    items[first..]
        .iter()
        .take_while(move |m| tokens_of(m).start < range.end)
        .filter(move |m| overlaps(tokens_of(m), &range))
}

/// Mentions of one kind whose first token is `token`.
pub fn starting_at<'m, T>(
    items: &'m [T],
    token: usize,
    tokens_of: impl Fn(&T) -> &Range<usize> + Copy + 'm,
) -> impl Iterator<Item = &'m T> + 'm {
    let first = items.partition_point(|m| tokens_of(m).start < token);
    items[first..]
        .iter()
        .take_while(move |m| tokens_of(m).start == token)
}

/// Sorts mentions by position (first token, then last), as [`within`] needs.
fn sort_by_tokens<T>(items: &mut [T], tokens_of: impl Fn(&T) -> &Range<usize>) {
    items.sort_by_key(|m| {
        let r = tokens_of(m);
        (r.start, r.end)
    });
}

impl Mentions {
    /// Puts every layer in document order (first token, then last): what [`within`] and the
    /// rest of the engine read. Call it once the layers are built, before any index into them
    /// is taken.
    pub fn sort_by_position(&mut self) {
        sort_by_tokens(&mut self.actors, |m| &m.tokens);
        sort_by_tokens(&mut self.triggers, |m| &m.tokens);
        sort_by_tokens(&mut self.cues, |m| &m.tokens);
        sort_by_tokens(&mut self.words, |m| &m.tokens);
        sort_by_tokens(&mut self.places, |m| &m.tokens);
        sort_by_tokens(&mut self.quantities, |m| &m.tokens);
        sort_by_tokens(&mut self.times, |m| &m.tokens);
        debug_assert!(
            self.quantities
                .windows(2)
                .all(|w| w[0].tokens.end <= w[1].tokens.start),
            "quantities overlap"
        );
        debug_assert!(
            self.times
                .windows(2)
                .all(|w| w[0].tokens.end <= w[1].tokens.start),
            "times overlap"
        );
    }

    /// Builds the actor layer from dictionary matches and engine words: a member noun right
    /// before a group (or before `من` and the group: عناصر من الشرطة) joins it, a position noun
    /// marks it, an anaphor becomes a mention to resolve at document level. `is_min` tells
    /// whether a token is the preposition من.
    pub fn actors_from(
        actors: &[Found],
        words: &[Found],
        word_classes: &[WordClass],
        is_min: impl Fn(usize) -> bool,
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
        let names = RangeCover::new(out.iter().map(|a| a.tokens.clone()));
        let mut anaphors = Vec::new();
        for w in words {
            let class = class_of(w);
            if class.is_anaphor() && !names.overlaps(&w.tokens) {
                anaphors.push(ActorMention {
                    tokens: w.tokens.clone(),
                    name_tokens: w.tokens.clone(),
                    entries: Vec::new(),
                    anaphor: Some(class),
                    position: false,
                });
            }
        }
        out.extend(anaphors);
        out.sort_by_key(|a| a.tokens.start);
        // member and position nouns right before a mention extend it (found on the starts as
        // they were, then applied)
        let mut extensions = Vec::new();
        for w in words {
            // a form may have several classes (مسلحون: an anaphor and a partitive member)
            let Some(class) = w
                .entries
                .iter()
                .map(|&e| word_classes[e as usize])
                .find(|c| {
                    matches!(
                        c,
                        WordClass::Member | WordClass::PartitiveMember | WordClass::Position
                    )
                })
            else {
                continue;
            };
            let partitive = class != WordClass::Position && is_min(w.tokens.end);
            let starting_at = |t: usize| {
                let i = out.partition_point(|a| a.tokens.start < t);
                (i < out.len() && out[i].tokens.start == t).then_some(i)
            };
            let next = if class == WordClass::PartitiveMember {
                partitive.then(|| starting_at(w.tokens.end + 1)).flatten()
            } else {
                starting_at(w.tokens.end)
                    .or_else(|| partitive.then(|| starting_at(w.tokens.end + 1)).flatten())
            };
            if let Some(i) = next {
                extensions.push((i, w.tokens.start, class == WordClass::Position));
            }
        }
        // the words a mention grows over are its own: a mention inside them (مسلحون, unidentified
        // gunmen, in مسلحون من الجماعة) gives way
        // (`out` is in order of the starts before growing: each grown-over span is found by
        // bisection on them, not by a scan of every mention)
        let starts: Vec<usize> = out.iter().map(|a| a.tokens.start).collect();
        let mut covered = Vec::new();
        for (i, start, position) in extensions {
            if start < out[i].tokens.start {
                covered.push((i, start..out[i].tokens.start));
            }
            out[i].tokens.start = out[i].tokens.start.min(start);
            out[i].position |= position;
        }
        let mut inside = vec![false; out.len()];
        for (i, span) in covered {
            let first = starts.partition_point(|&s| s < span.start);
            for j in (first..out.len()).take_while(|&j| starts[j] < span.end) {
                let t = &out[j].tokens;
                inside[j] |= j != i && t.start >= span.start && t.end <= span.end;
            }
        }
        let mut k = 0;
        out.retain(|_| {
            k += 1;
            !inside[k - 1]
        });
        out.sort_by_key(|a| a.tokens.start);
        out
    }
}

/// Token ranges sorted by start, with the furthest end reached so far: answers "does any of
/// them overlap this range" by bisection (a document has tens of thousands of mentions; a scan
/// per mention would be quadratic).
pub struct RangeCover {
    starts: Vec<usize>,
    reach: Vec<usize>,
}

impl RangeCover {
    pub fn new(ranges: impl Iterator<Item = Range<usize>>) -> RangeCover {
        let mut ranges: Vec<Range<usize>> = ranges.collect();
        ranges.sort_by_key(|r| r.start);
        let mut furthest = 0;
        let reach = ranges
            .iter()
            .map(|r| {
                furthest = furthest.max(r.end);
                furthest
            })
            .collect();
        RangeCover {
            starts: ranges.iter().map(|r| r.start).collect(),
            reach,
        }
    }

    /// Whether some range overlaps `r`.
    pub fn overlaps(&self, r: &Range<usize>) -> bool {
        let before = self.starts.partition_point(|&s| s < r.end);
        before > 0 && self.reach[before - 1] > r.start
    }

    /// Whether some range starts before token `t` and goes on past it (`t` is inside it, not
    /// at its head).
    pub fn continues_through(&self, t: usize) -> bool {
        let before = self.starts.partition_point(|&s| s < t);
        before > 0 && self.reach[before - 1] > t
    }
}

pub fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_and_starting_at_agree_with_a_scan() {
        let items: Vec<Range<usize>> = vec![0..2, 3..4, 4..7, 9..10, 12..15];
        for start in 0..16 {
            for end in start..17 {
                let range = start..end;
                let fast: Vec<_> = overlapping(&items, &range, |r| r).cloned().collect();
                let scan: Vec<_> = items
                    .iter()
                    .filter(|r| overlaps(r, &range))
                    .cloned()
                    .collect();
                assert_eq!(fast, scan, "{range:?}");
            }
            let fast: Vec<_> = starting_at(&items, start, |r| r).cloned().collect();
            let scan: Vec<_> = items.iter().filter(|r| r.start == start).cloned().collect();
            assert_eq!(fast, scan, "{start}");
        }
    }

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
        let mentions = Mentions::actors_from(&actors, &words, &classes, |_| false);
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

    #[test]
    fn gunmen_from_a_group_are_the_group() {
        // اغتال مسلحون من الجماعة الإسلامية المسلحة: gunmen (1..2), من (2), the group (3..6)
        let actors = vec![
            Found {
                tokens: 1..2,
                entries: vec![0],
            },
            Found {
                tokens: 3..6,
                entries: vec![1],
            },
        ];
        let words = vec![Found {
            tokens: 1..2,
            entries: vec![0],
        }];
        let classes = [WordClass::PartitiveMember];
        let mentions = Mentions::actors_from(&actors, &words, &classes, |i| i == 2);
        assert_eq!(mentions.len(), 1, "{mentions:?}");
        assert_eq!(mentions[0].tokens, 1..6);
        assert_eq!(mentions[0].entries, vec![1]);
        // without من the gunmen stay an actor of their own, and the group is not extended
        let mentions = Mentions::actors_from(&actors, &words, &classes, |_| false);
        assert_eq!(mentions.len(), 2);
        assert_eq!(mentions[1].tokens, 3..6);
    }
}
