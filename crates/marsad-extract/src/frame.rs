//! Sentence frames: from the triggers of a clause to candidate events with their arguments.
//!
//! For every clause (a sentence cut at commas, semicolons and clause-opening conjunctions):
//! 1. the clause's triggers become candidate events, one per event type, the most specific
//!    trigger setting the sub-event type; weapons make a nearby event more specific; a
//!    casualty word stands alone only when nothing else in the sentence reports the event;
//! 2. [`crate::factuality`] drops what is negated, feared, planned, asked or past history;
//! 3. arguments are filled by Arabic cues, not distance alone: agents after an active verb,
//!    after `شنه/نفذه/من قبل/على يد`, or in the genitive of an attack noun; targets after
//!    `على/ضد`, as objects, as subjects of passives, or in the genitive of arrest nouns;
//!    `بين X و Y`; places after `في/ب/قرب`; times; fatalities from death-word quantities.
//!
//! Every choice records the rule that made it, for `marsad extract --explain`.

use std::ops::Range;

use marsad_text::number::Quantity;
use marsad_text::sentence::Sentence;

use crate::args::{ArgCue, Need, Role, TriggerArgs};
use crate::lexicon::cues::CueClass;
use crate::lexicon::triggers::{TriggerEntry, TriggerPos, TriggerRole};
use crate::lexicon::words::WordClass;
use crate::lexicon::Lexicons;
use crate::mentions::{overlapping, starting_at, within, Mentions, PlaceRef};
use crate::record::{EventType, SubEventType};
use marsad_text::analysis::Analysis;

/// Everything a frame builder reads about one document.
pub struct Context<'a> {
    pub analysis: &'a Analysis<'a>,
    pub lexicons: &'a Lexicons,
    pub mentions: &'a Mentions,
}

/// A choice and the rule that made it.
#[derive(Clone, Debug, PartialEq)]
pub struct Chosen<T> {
    pub value: T,
    pub rule: &'static str,
}

/// Fatalities found for a frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Casualties {
    /// ACLED's lowest credible count, summed over the death phrases of the frame.
    pub deaths: Option<u32>,
    /// Token ranges of the death phrases.
    pub death_phrases: Vec<Range<usize>>,
    pub injuries: Option<u32>,
}

/// A candidate event of one clause, with its arguments.
#[derive(Clone, Debug)]
pub struct Frame {
    pub sentence: usize,
    pub clause: Range<usize>,
    /// The trigger mention that sets the sub-event type.
    pub trigger: usize,
    pub entry: u32,
    /// The trigger mention (and its entry) whose argument cues find the actors: the type-setting
    /// trigger, unless that is a weapon refining a verb or event noun of the clause (the weapon
    /// says how, the word it refines says who did it to whom).
    pub head: usize,
    pub head_entry: u32,
    /// Every trigger mention of the clause folded into this event.
    pub triggers: Vec<usize>,
    pub sub_event: SubEventType,
    /// Rule that set the sub-event type.
    pub type_rule: &'static str,
    pub actor1: Option<Chosen<usize>>,
    pub actor2: Option<Chosen<usize>>,
    pub place: Option<Chosen<usize>>,
    pub time: Option<Chosen<usize>>,
    pub casualties: Casualties,
}

impl Frame {
    pub fn event_type(&self) -> EventType {
        self.sub_event.event_type()
    }
}

impl<'a> Context<'a> {
    pub(crate) fn key(&self, token: usize) -> &str {
        self.analysis.keys.get(token)
    }

    pub(crate) fn token_text(&self, token: usize) -> &str {
        self.analysis.tokens[token].span.slice(self.analysis.text)
    }

    fn trigger_entry(&self, entry: u32) -> &TriggerEntry {
        &self.lexicons.triggers[entry as usize]
    }

    /// The reading of a trigger mention: its most specific entry (first on ties).
    fn best_entry(&self, mention: usize) -> u32 {
        let entries = &self.mentions.triggers[mention].entries;
        *entries
            .iter()
            .max_by(|a, b| {
                let (ea, eb) = (self.trigger_entry(**a), self.trigger_entry(**b));
                ea.specificity.cmp(&eb.specificity).then(b.cmp(a))
            })
            .expect("a trigger mention has an entry")
    }

    /// Where the first word of `class` overlapping `range` starts, if any.
    fn word_at(&self, class: WordClass, range: Range<usize>) -> Option<usize> {
        within(&self.mentions.words, &range, |w| &w.tokens)
            .find(|(_, w)| w.class == class)
            .map(|(_, w)| w.tokens.start)
    }

    pub(crate) fn cue_at(
        &self,
        range: &Range<usize>,
        class: CueClass,
    ) -> impl Iterator<Item = &Range<usize>> + '_ {
        within(&self.mentions.cues, range, |c| &c.tokens)
            .filter(move |(_, c)| c.class == class)
            .map(|(_, c)| &c.tokens)
    }
}

/// Splits a sentence's tokens into clauses.
pub fn clauses(cx: &Context, sentence: &Sentence) -> Vec<Range<usize>> {
    let tokens = &cx.analysis.tokens;
    let openers: Vec<usize> = within(&cx.mentions.words, &sentence.tokens, |w| &w.tokens)
        .filter(|(_, w)| w.class == WordClass::ClauseOpener)
        .map(|(_, w)| w.tokens.start)
        .collect();
    let mut out = Vec::new();
    let mut start = sentence.tokens.start;
    for i in sentence.tokens.clone() {
        let is_break = tokens[i].kind == marsad_text::tokenize::TokenKind::Punct
            && matches!(cx.token_text(i), "،" | "," | "؛" | ";" | ":" | "-" | "–");
        if is_break {
            if i > start {
                out.push(start..i);
            }
            start = i + 1;
        } else if openers.contains(&i) && i > start + 1 {
            out.push(start..i);
            start = i;
        }
    }
    if start < sentence.tokens.end {
        out.push(start..sentence.tokens.end);
    }
    out
}

/// One event type's triggers in a clause, before arguments.
struct Group {
    event_type: EventType,
    /// (trigger mention, entry), the most specific first after sorting.
    members: Vec<(usize, u32)>,
    rule: &'static str,
}

/// The entries of a trigger mention that its context allows (`veto_prev`, `veto_next`, `ctx`).
fn usable_entries(cx: &Context, mention: usize, clause: &Range<usize>) -> Vec<u32> {
    let tokens = &cx.mentions.triggers[mention].tokens;
    let prev = tokens.start.checked_sub(1).map(|i| cx.key(i));
    let next = (tokens.end < cx.analysis.tokens.len()).then(|| cx.key(tokens.end));
    cx.mentions.triggers[mention]
        .entries
        .iter()
        .copied()
        .filter(|&e| {
            let args = &cx.trigger_entry(e).args;
            !prev.is_some_and(|p| args.veto_prev.iter().any(|v| v == p))
                && !next.is_some_and(|n| args.veto_next.iter().any(|v| v == n))
                && (args.ctx.is_empty()
                    || args.ctx.iter().any(|phrase| phrase_in(cx, phrase, clause)))
        })
        .collect()
}

/// True when the phrase (matching keys) occurs in the range.
fn phrase_in(cx: &Context, phrase: &[String], range: &Range<usize>) -> bool {
    let n = phrase.len();
    n > 0
        && range.len() >= n
        && (range.start..=range.end - n).any(|i| (0..n).all(|k| cx.key(i + k) == phrase[k]))
}

/// ACLED's order among sub-event types tied on specificity (most telling first).
fn tie_rank(sub: SubEventType) -> u8 {
    match sub {
        SubEventType::ChemicalWeapon => 0,
        SubEventType::SuicideBomb => 1,
        SubEventType::AirDroneStrike => 2,
        SubEventType::RemoteExplosiveLandmineIed => 3,
        SubEventType::Grenade => 4,
        SubEventType::ShellingArtilleryMissileAttack => 5,
        SubEventType::ArmedClash => 6,
        SubEventType::Attack => 7,
        _ => 8,
    }
}

/// Builds the candidate events of one clause.
pub fn candidates(
    cx: &Context,
    sentence_index: usize,
    clause: &Range<usize>,
    sentence: &Sentence,
) -> Vec<Frame> {
    let mut events: Vec<(usize, u32)> = Vec::new();
    let mut weapons: Vec<(usize, u32)> = Vec::new();
    let mut results: Vec<(usize, u32)> = Vec::new();
    let mut blocked_from: Option<usize> = None;
    for (m, mention) in within(&cx.mentions.triggers, clause, |t| &t.tokens) {
        // the object of "foiled/intercepted/defused" did not happen
        if blocked_from.is_some_and(|b| mention.tokens.start >= b) {
            continue;
        }
        let usable = usable_entries(cx, m, clause);
        let Some(entry) = best_of(cx, &usable) else {
            continue;
        };
        let trigger = cx.trigger_entry(entry);
        if trigger.args.blocks_object {
            blocked_from = Some(mention.tokens.end);
        }
        match trigger.role {
            TriggerRole::Event | TriggerRole::State => events.push((m, entry)),
            TriggerRole::Weapon => weapons.push((m, entry)),
            TriggerRole::Result => results.push((m, entry)),
        }
    }
    let mut groups: Vec<Group> = Vec::new();
    // specific triggers first, so generic ones can join a group that exists
    events.sort_by_key(|&(m, e)| (std::cmp::Reverse(cx.trigger_entry(e).specificity), m));
    for (m, e) in events {
        let entry = cx.trigger_entry(e);
        let event_type = entry.sub_event.event_type();
        let joins = |g: &Group| {
            g.event_type == event_type
                && (!splits_by_sub_event(event_type)
                    || g.members
                        .iter()
                        .any(|&(_, ge)| cx.trigger_entry(ge).sub_event == entry.sub_event))
        };
        if let Some(group) = groups.iter_mut().find(|g| joins(g)) {
            group.members.push((m, e));
        } else if is_flexible(entry) && groups.iter().any(|g| joins_flexible(g.event_type)) {
            let group = groups
                .iter_mut()
                .find(|g| joins_flexible(g.event_type))
                .expect("checked");
            group.members.push((m, e));
        } else {
            groups.push(Group {
                event_type,
                members: vec![(m, e)],
                rule: "trigger",
            });
        }
    }
    for (m, e) in weapons {
        let weapon = cx.trigger_entry(e);
        let weapon_type = weapon.sub_event.event_type();
        if let Some(group) = groups.iter_mut().find(|g| g.event_type == weapon_type) {
            group.members.push((m, e));
            group.rule = "weapon";
        } else if let Some(group) = groups.iter_mut().find(|g| {
            g.members
                .iter()
                .all(|&(_, e)| is_flexible(cx.trigger_entry(e)))
        }) {
            // "هجوم بسيارة مفخخة": a generic attack with a weapon is the weapon's event
            group.event_type = weapon_type;
            group.members.insert(0, (m, e));
            group.rule = "generic trigger + weapon";
        } else if has_casualty_cue(cx, clause)
            || cx.cue_at(clause, CueClass::UndergoVerb).next().is_some()
            || cx.cue_at(clause, CueClass::OccurVerb).next().is_some()
        {
            groups.push(Group {
                event_type: weapon_type,
                members: vec![(m, e)],
                rule: "weapon with casualties or an impact verb",
            });
        }
    }
    if groups.is_empty() && !results.is_empty() && !sentence_has_event_trigger(cx, sentence, clause)
    {
        let (_, e) = results[0];
        groups.push(Group {
            event_type: cx.trigger_entry(e).sub_event.event_type(),
            members: results.clone(),
            rule: "casualty word without another trigger in the sentence",
        });
    }
    groups
        .into_iter()
        .map(|mut group| {
            // the most specific member of the group's event type sets the sub-event type; on
            // ties an event beats a weapon, then ACLED's order of sub-event types
            group.members.sort_by_key(|&(m, e)| {
                let entry = cx.trigger_entry(e);
                (
                    entry.sub_event.event_type() != group.event_type,
                    std::cmp::Reverse(entry.specificity),
                    entry.role == TriggerRole::Weapon,
                    tie_rank(entry.sub_event),
                    m,
                )
            });
            let (trigger, entry) = group.members[0];
            let (head, head_entry) = group
                .members
                .iter()
                .copied()
                .find(|&(_, e)| cx.trigger_entry(e).role != TriggerRole::Weapon)
                .unwrap_or((trigger, entry));
            let mut triggers: Vec<usize> = group.members.iter().map(|&(m, _)| m).collect();
            triggers.sort_unstable();
            Frame {
                sentence: sentence_index,
                clause: clause.clone(),
                trigger,
                entry,
                head,
                head_entry,
                triggers,
                sub_event: cx.trigger_entry(entry).sub_event,
                type_rule: group.rule,
                actor1: None,
                actor2: None,
                place: None,
                time: None,
                casualties: Casualties {
                    deaths: None,
                    death_phrases: Vec::new(),
                    injuries: None,
                },
            }
        })
        .collect()
}

/// The most specific of some entries (first on ties).
fn best_of(cx: &Context, entries: &[u32]) -> Option<u32> {
    entries.iter().copied().max_by(|a, b| {
        cx.trigger_entry(*a)
            .specificity
            .cmp(&cx.trigger_entry(*b).specificity)
            .then(b.cmp(a))
    })
}

/// Event types whose sub-event types are different occurrences (an arrest and a looting are
/// two events; an air strike and shelling of one clause are one).
pub fn splits_by_sub_event(event_type: EventType) -> bool {
    matches!(
        event_type,
        EventType::StrategicDevelopments | EventType::ViolenceAgainstCivilians
    )
}

/// A generic attack word (هجوم، استهدف) whose event type the context decides.
fn is_flexible(entry: &TriggerEntry) -> bool {
    entry.specificity == 1
        && matches!(
            entry.sub_event,
            SubEventType::ArmedClash | SubEventType::Attack
        )
}

fn joins_flexible(event_type: EventType) -> bool {
    matches!(
        event_type,
        EventType::ExplosionsRemoteViolence
            | EventType::ViolenceAgainstCivilians
            | EventType::Battles
    )
}

fn has_casualty_cue(cx: &Context, range: &Range<usize>) -> bool {
    cx.cue_at(range, CueClass::Death).next().is_some()
        || cx.cue_at(range, CueClass::Injury).next().is_some()
}

fn sentence_has_event_trigger(cx: &Context, sentence: &Sentence, except: &Range<usize>) -> bool {
    within(&cx.mentions.triggers, &sentence.tokens, |t| &t.tokens).any(|(m, t)| {
        !(t.tokens.start >= except.start && t.tokens.end <= except.end)
            && matches!(
                cx.trigger_entry(cx.best_entry(m)).role,
                TriggerRole::Event | TriggerRole::State | TriggerRole::Weapon
            )
    })
}

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

/// Fills actors, place, time and casualties of a frame.
pub fn fill_arguments(
    cx: &Context,
    frame: &mut Frame,
    sentence: &Sentence,
    clauses: &[Range<usize>],
) {
    assign_actors(cx, frame, sentence);
    frame.place = choose_place(cx, frame, sentence);
    frame.time = choose_time(cx, frame, sentence);
    frame.casualties = casualties(cx, frame, sentence, clauses);
}

/// How far (in tokens) a cue may stand before the mention it marks.
const CUE_REACH: usize = 2;
/// How far (in tokens) from the trigger an actor may stand to be its subject or object by
/// position alone.
const POSITION_REACH: usize = 8;

/// The trigger's part of speech in this sentence: a verb that may also be read as a passive
/// (`قتل`) is passive when a single noun phrase follows it (`قتل 5 أشخاص`).
fn effective_pos(cx: &Context, frame: &Frame, entry: &TriggerEntry) -> TriggerPos {
    if entry.pos != TriggerPos::VerbActive || !entry.args.alt_pos.contains(&TriggerPos::VerbPassive)
    {
        return entry.pos;
    }
    let trigger = &cx.mentions.triggers[frame.head].tokens;
    let after = trigger.end..frame.clause.end;
    // the agent of a passive stands behind an agent phrase (قتل 3 مدنيين على يد مسلحين): it is
    // not a second noun phrase of an active reading
    let actors = within(&cx.mentions.actors, &after, |a| &a.tokens)
        .filter(|(_, a)| !after_agent_cue(cx, a.tokens.start))
        .count();
    let counts = within(&cx.mentions.quantities, &after, |q| &q.tokens)
        .map(|(_, q)| q)
        .filter(|q| q.is_count())
        .filter(|q| {
            !within(&cx.mentions.actors, &after, |a| &a.tokens)
                .any(|(_, a)| crate::mentions::overlaps(&a.tokens, &quantity_range(q)))
        })
        .count();
    if actors + counts == 1 {
        TriggerPos::VerbPassive
    } else {
        entry.pos
    }
}

/// The actors of a frame's clause that a cue can pick, in text order.
struct Slots<'c, 'a> {
    cx: &'c Context<'a>,
    trigger: Range<usize>,
    candidates: Vec<usize>,
    taken: Vec<usize>,
}

impl Slots<'_, '_> {
    fn start(&self, a: usize) -> usize {
        self.cx.mentions.actors[a].tokens.start
    }

    fn end(&self, a: usize) -> usize {
        self.cx.mentions.actors[a].tokens.end
    }

    fn free(&self, a: usize) -> bool {
        !self
            .taken
            .iter()
            .any(|&t| t == a || same_actor(self.cx, t, a))
    }

    /// The first free candidate starting within `reach` tokens after position `at`.
    fn after(&self, at: usize, reach: usize) -> Option<usize> {
        self.candidates
            .iter()
            .copied()
            .find(|&a| self.free(a) && self.start(a) >= at && self.start(a) <= at + reach)
    }

    /// The free candidate ending right before position `at` (one token of slack).
    fn before(&self, at: usize) -> Option<usize> {
        self.candidates
            .iter()
            .rev()
            .copied()
            .find(|&a| self.free(a) && self.end(a) <= at && self.end(a) + 1 >= at)
    }

    /// The actor a cue names, if the clause has it.
    fn find(&self, cue: &ArgCue, role: Role, frame: &Frame) -> Option<usize> {
        let t = &self.trigger;
        match cue {
            ArgCue::Subject | ArgCue::PassiveSubject => self.after(t.end, 1),
            ArgCue::Object => {
                // after the subject, or right after the verb when the subject is a pronoun
                let subject = self
                    .candidates
                    .iter()
                    .copied()
                    .find(|&a| self.start(a) >= t.end && self.start(a) <= t.end + 1);
                match subject {
                    Some(s) if !self.free(s) => self.after(self.end(s), 3),
                    Some(_) => None,
                    None => self.after(t.end, 3),
                }
            }
            ArgCue::Pre => self.before(t.start),
            // a count may stand between the noun and its complement (احتجاز 50 عائلة)
            ArgCue::Genitive | ArgCue::Next => self.after(t.end, 0).or_else(|| {
                let count = within(&self.cx.mentions.quantities, &(t.end..t.end + 1), |q| {
                    &q.tokens
                })
                .find(|(_, q)| q.tokens.start == t.end && q.is_count())?;
                self.after(count.1.tokens.end, 0)
            }),
            // a nisba right after the noun, or one word on (غارات جوية روسية), never a noun
            // phrase behind a preposition (هجوم على مركز للشرطة)
            ArgCue::Adjective => self.after(t.end, 1).filter(|&a| {
                self.start(a) == t.end
                    || ![CueClass::Agent, CueClass::Target, CueClass::PlacePrep]
                        .into_iter()
                        .any(|class| self.cx.cue_at(&(t.end..t.end + 1), class).next().is_some())
            }),
            ArgCue::LightVerbSubject => {
                let class = if role == Role::Agent {
                    CueClass::LightVerb
                } else {
                    CueClass::UndergoVerb
                };
                let range = frame.clause.start..t.start;
                let verb = self.cx.cue_at(&range, class).last()?.end;
                self.after(verb, 1).filter(|&a| self.end(a) <= t.start)
            }
            ArgCue::Relative => {
                let range = t.end..frame.clause.end;
                let cue_end = self.cx.cue_at(&range, CueClass::Agent).next()?.end;
                self.after(cue_end, 1)
            }
            ArgCue::SelfNamed => self
                .candidates
                .iter()
                .copied()
                .find(|&a| crate::mentions::overlaps(&self.cx.mentions.actors[a].tokens, t)),
            ArgCue::Phrase(words) => {
                let n = words.len();
                self.candidates.iter().copied().find(|&a| {
                    let s = self.start(a);
                    self.free(a) && s >= n && (0..n).all(|k| self.cx.key(s - n + k) == words[k])
                })
            }
            ArgCue::Enclitic | ArgCue::Unknown | ArgCue::Between => None,
        }
    }
}

fn assign_actors(cx: &Context, frame: &mut Frame, sentence: &Sentence) {
    let trigger = cx.mentions.triggers[frame.head].tokens.clone();
    let entry = cx.trigger_entry(frame.head_entry);
    let args = &entry.args;
    let pos = effective_pos(cx, frame, entry);

    // بين X و Y: the two sides, in text order (the clause may end at a comma after X)
    if let Some(between) = cx.word_at(
        WordClass::Between,
        trigger.end..(trigger.end + 4).min(sentence.tokens.end),
    ) {
        let after: Vec<usize> = within(
            &cx.mentions.actors,
            &(between + 1..sentence.tokens.end),
            |a| &a.tokens,
        )
        .map(|(i, _)| i)
        .collect();
        if let Some(&first) = after.first() {
            frame.actor1 = Some(Chosen {
                value: first,
                rule: "first side after بين",
            });
            let first_end = cx.mentions.actors[first].tokens.end;
            let side_break = cx.word_at(WordClass::Side, first_end..sentence.tokens.end);
            let second = after.iter().copied().find(|&a| {
                let start = cx.mentions.actors[a].tokens.start;
                start >= first_end
                    && side_break.is_none_or(|b| start > b)
                    && !same_actor(cx, a, first)
            });
            if let Some(second) = second {
                frame.actor2 = Some(Chosen {
                    value: second,
                    rule: "second side after بين",
                });
            }
            return;
        }
    }

    // an actor named with the trigger or its weapon at its head (غارات التحالف، طائرات
    // التحالف) is the agent
    let type_trigger = &cx.mentions.triggers[frame.trigger].tokens;
    if let Some((a, _)) =
        within(&cx.mentions.actors, &frame.clause, |a| &a.tokens).find(|(_, a)| {
            [&trigger, type_trigger]
                .iter()
                .any(|t| a.name_tokens.start == t.start && a.name_tokens.end > t.end)
        })
    {
        frame.actor1 = Some(Chosen {
            value: a,
            rule: "named together with the trigger",
        });
    }
    let mut slots = Slots {
        cx,
        trigger: trigger.clone(),
        candidates: within(&cx.mentions.actors, &frame.clause, |a| &a.tokens)
            .filter(|(_, a)| {
                !frame
                    .triggers
                    .iter()
                    .any(|&t| crate::mentions::overlaps(&a.tokens, &cx.mentions.triggers[t].tokens))
            })
            .map(|(i, _)| i)
            .collect(),
        taken: frame.actor1.iter().map(|c| c.value).collect(),
    };

    // 1. the trigger's own cues, in the order the table writes them; a passive reading of an
    //    active verb takes its victim from the subject position
    for role in [Role::Agent, Role::Target] {
        let slot_empty = |f: &Frame| {
            if role == Role::Agent {
                f.actor1.is_none()
            } else {
                f.actor2.is_none()
            }
        };
        if !slot_empty(frame) {
            continue;
        }
        let passive_victim = [ArgCue::PassiveSubject];
        let cues: &[ArgCue] = if role == Role::Target
            && pos == TriggerPos::VerbPassive
            && entry.pos != TriggerPos::VerbPassive
        {
            &passive_victim
        } else {
            args.cues(role)
        };
        // the agent of a passive is only ever named behind an agent phrase (على يد، برصاص)
        let passive_agent = role == Role::Agent && pos == TriggerPos::VerbPassive;
        for cue in cues {
            if passive_agent && !matches!(cue, ArgCue::Phrase(_)) {
                continue;
            }
            if let Some(a) = slots.find(cue, role, frame) {
                let chosen = Some(Chosen {
                    value: a,
                    rule: cue_rule(cue),
                });
                if role == Role::Agent {
                    frame.actor1 = chosen;
                } else {
                    frame.actor2 = chosen;
                }
                slots.taken.push(a);
                break;
            }
        }
    }

    // 2. cue words of the dictionary (من قبل، على، مقتل X) and positions (مواقع X)
    for &a in &slots.candidates.clone() {
        if !slots.free(a) {
            continue;
        }
        let mention = &cx.mentions.actors[a];
        let role = cue_role(cx, args, &trigger, mention.tokens.start, pos, frame).or_else(|| {
            mention
                .position
                .then_some((Role::Target, "positions of a group"))
        });
        match role {
            Some((Role::Agent, rule))
                if frame.actor1.is_none()
                    && (pos != TriggerPos::VerbPassive || rule == AGENT_CUE_RULE) =>
            {
                frame.actor1 = Some(Chosen { value: a, rule });
                slots.taken.push(a);
            }
            Some((Role::Target, rule)) if frame.actor2.is_none() => {
                frame.actor2 = Some(Chosen { value: a, rule });
                slots.taken.push(a);
            }
            _ => {}
        }
    }

    // 3. positions by part of speech, near the trigger
    let after: Vec<usize> = slots
        .candidates
        .iter()
        .copied()
        .filter(|&a| {
            slots.start(a) >= trigger.end && slots.start(a) <= trigger.end + POSITION_REACH
        })
        .collect();
    let before: Vec<usize> = slots
        .candidates
        .iter()
        .copied()
        .filter(|&a| {
            slots.end(a) <= trigger.start && slots.end(a) + POSITION_REACH >= trigger.start
        })
        .collect();
    fn pick(slots: &Slots, list: impl Iterator<Item = usize>) -> Option<usize> {
        let mut list = list;
        list.find(|&a| slots.free(a))
    }
    match pos {
        TriggerPos::VerbActive => {
            if frame.actor1.is_none() {
                let subject = pick(
                    &slots,
                    after
                        .iter()
                        .copied()
                        .filter(|&a| slots.start(a) <= trigger.end + 1),
                )
                .map(|a| (a, "subject after an active verb"))
                .or_else(|| {
                    pick(&slots, before.iter().rev().copied())
                        .map(|a| (a, "subject before an active verb"))
                });
                if let Some((a, rule)) = subject {
                    frame.actor1 = Some(Chosen { value: a, rule });
                    slots.taken.push(a);
                }
            }
            if frame.actor2.is_none() {
                if let Some(a) = pick(&slots, after.iter().copied()) {
                    frame.actor2 = Some(Chosen {
                        value: a,
                        rule: "object after an active verb",
                    });
                }
            }
        }
        TriggerPos::VerbPassive => {
            if frame.actor2.is_none() {
                if let Some(a) = pick(
                    &slots,
                    after.iter().copied().chain(before.iter().rev().copied()),
                ) {
                    frame.actor2 = Some(Chosen {
                        value: a,
                        rule: "subject of a passive verb",
                    });
                }
            }
        }
        _ => {
            if frame.actor1.is_none() {
                if let Some(a) = pick(&slots, before.iter().rev().copied()) {
                    frame.actor1 = Some(Chosen {
                        value: a,
                        rule: "actor before the event noun",
                    });
                    slots.taken.push(a);
                }
            }
            if frame.actor2.is_none() {
                if let Some(a) = pick(&slots, after.iter().copied()) {
                    frame.actor2 = Some(Chosen {
                        value: a,
                        rule: "actor after the event noun",
                    });
                }
            }
        }
    }
}

fn cue_rule(cue: &ArgCue) -> &'static str {
    match cue {
        ArgCue::Subject => "subject (trigger cue)",
        ArgCue::Pre => "noun phrase before the trigger (trigger cue)",
        ArgCue::Object => "object (trigger cue)",
        ArgCue::PassiveSubject => "subject of a passive reading (trigger cue)",
        ArgCue::Genitive => "genitive of the event noun (trigger cue)",
        ArgCue::Adjective => "adjective after the event noun (trigger cue)",
        ArgCue::LightVerbSubject => "subject of the support verb (trigger cue)",
        ArgCue::Relative => "subject of the relative clause (trigger cue)",
        ArgCue::Next => "noun phrase after the trigger (trigger cue)",
        ArgCue::SelfNamed => "named by the trigger itself (trigger cue)",
        ArgCue::Phrase(_) => "after a cue word of the trigger",
        ArgCue::Enclitic | ArgCue::Unknown | ArgCue::Between => "trigger cue",
    }
}

/// Two mentions naming the same dictionary actor.
fn same_actor(cx: &Context, a: usize, b: usize) -> bool {
    let (x, y) = (&cx.mentions.actors[a], &cx.mentions.actors[b]);
    (!x.entries.is_empty() && x.entries.iter().any(|e| y.entries.contains(e)))
        || (x.anaphor.is_some() && x.anaphor == y.anaphor)
}

/// The role a cue word of the dictionary (not of the trigger) gives a mention at `start`.
fn cue_role(
    cx: &Context,
    args: &TriggerArgs,
    trigger: &Range<usize>,
    start: usize,
    pos: TriggerPos,
    frame: &Frame,
) -> Option<(Role, &'static str)> {
    // the victim right after a death word (مقتل شخص، مصرع جنديين)
    if after_death_word(cx, start) {
        return Some((Role::Target, "victim after a death word"));
    }
    // the victim counted after a death word (مقتل ثلاثة جنود، قتل 5 من عناصر الشرطة)
    let near = start.saturating_sub(6)..start + 1;
    if within(&cx.mentions.quantities, &near, |q| &q.tokens).any(|(_, q)| {
        q.is_count()
            && after_death_word(cx, q.tokens.start)
            && start >= q.tokens.start
            && (start <= q.tokens.end
                || (start == q.tokens.end + 1 && cx.key(q.tokens.end) == "من"))
    }) {
        return Some((Role::Target, "victim counted after a death word"));
    }
    if after_agent_cue(cx, start) {
        return Some((Role::Agent, AGENT_CUE_RULE));
    }
    if after_cue(cx, start, CueClass::Target) {
        return Some((Role::Target, "after a target cue"));
    }
    // the genitive right after an event noun whose table row says nothing of it: agent of
    // attacks, target of arrests and abductions
    if matches!(pos, TriggerPos::Noun | TriggerPos::Phrase)
        && start == trigger.end
        && args.agent.is_empty()
        && args.target.is_empty()
    {
        let proclitic = cx.key(start).len() < normalized_len(cx, start);
        let target_genitive = matches!(
            frame.sub_event,
            SubEventType::Arrests
                | SubEventType::AbductionForcedDisappearance
                | SubEventType::Attack
        );
        return Some(if target_genitive && !proclitic {
            (Role::Target, "genitive of the event noun")
        } else {
            (
                Role::Agent,
                if proclitic {
                    "لـ after the event noun"
                } else {
                    "genitive of the event noun"
                },
            )
        });
    }
    None
}

const AGENT_CUE_RULE: &str = "after an agent cue";

/// A cue of the class ends within reach before the token `start` (على يد X، ضد X).
fn after_cue(cx: &Context, start: usize, class: CueClass) -> bool {
    cx.cue_at(&(start.saturating_sub(CUE_REACH)..start), class)
        .any(|cue| cue.end <= start && cue.end + CUE_REACH > start)
}

fn after_agent_cue(cx: &Context, start: usize) -> bool {
    after_cue(cx, start, CueClass::Agent)
}

/// A death word ends right before the token `start`.
fn after_death_word(cx: &Context, start: usize) -> bool {
    cx.cue_at(&(start.saturating_sub(1)..start), CueClass::Death)
        .any(|c| c.end == start)
}

/// Whether a frame meets its trigger's `needs=` (one of them must hold).
pub fn check_needs(
    cx: &Context,
    frame: &Frame,
    actor_inter: impl Fn(usize) -> Option<u8>,
) -> Result<(), &'static str> {
    let entry = cx.trigger_entry(frame.entry);
    if entry.args.needs.is_empty() {
        return Ok(());
    }
    let trigger = &cx.mentions.triggers[frame.trigger].tokens;
    let armed = |i: Option<u8>| matches!(i, Some(1..=4 | 8));
    let holds = |need: &Need| match need {
        Need::Weapon => {
            within(&cx.mentions.triggers, &frame.clause, |t| &t.tokens).any(|(m, _)| {
                cx.mentions.triggers[m]
                    .entries
                    .iter()
                    .any(|&e| cx.trigger_entry(e).role == TriggerRole::Weapon)
            })
        }
        Need::Agent => frame.actor1.is_some(),
        Need::ArmedAgent => armed(frame.actor1.as_ref().and_then(|c| actor_inter(c.value))),
        Need::ArmedTarget => armed(frame.actor2.as_ref().and_then(|c| actor_inter(c.value))),
        Need::PersonTarget => frame.actor2.is_some(),
        Need::Place => {
            within(&cx.mentions.places, &frame.clause, |p| &p.tokens)
                .next()
                .is_some()
                || cx
                    .cue_at(&frame.clause, CueClass::PlaceNoun)
                    .next()
                    .is_some()
        }
        Need::ActorNext => {
            starting_at(&cx.mentions.actors, trigger.end, |a| &a.tokens)
                .next()
                .is_some()
                || starting_at(&cx.mentions.quantities, trigger.end, |q| &q.tokens)
                    .any(|q| q.is_count())
        }
        Need::Enclitic => false,
    };
    if entry.args.needs.iter().any(holds) {
        Ok(())
    } else {
        Err("the trigger's needs are not met in its clause")
    }
}

/// Length of a token's normalized form before clitics were stripped from its key.
fn normalized_len(cx: &Context, token: usize) -> usize {
    let mut out = String::new();
    marsad_text::normalize::normalize_into(
        cx.token_text(token),
        &marsad_text::normalize::NormalizeOptions::MATCHING,
        &mut out,
    );
    out.len()
}

fn choose_place(cx: &Context, frame: &Frame, sentence: &Sentence) -> Option<Chosen<usize>> {
    let places = &cx.mentions.places;
    let trigger = &cx.mentions.triggers[frame.trigger].tokens;
    // where a statement was made (قال في أنقرة إن …) is not where the event it reports
    // happened
    let statement_place = |p: usize| {
        let at = &places[p].tokens;
        at.end <= trigger.start
            && cx
                .word_at(WordClass::Complementizer, at.end..trigger.start)
                .is_some()
            && cx
                .cue_at(&(sentence.tokens.start..at.start), CueClass::Report)
                .next()
                .is_some()
    };
    // nor is where a movement started (قادمة من X), unless the range names no other place
    let candidates = |range: &Range<usize>| -> Vec<usize> {
        let all: Vec<usize> = within(places, range, |p| &p.tokens)
            .map(|(i, _)| i)
            .filter(|&p| !statement_place(p))
            .collect();
        let not_origin: Vec<usize> = all.iter().copied().filter(|&p| !places[p].origin).collect();
        if not_origin.is_empty() {
            all
        } else {
            not_origin
        }
    };
    let in_clause = candidates(&frame.clause);
    let chosen = if let Some(&p) = in_clause
        .iter()
        .find(|&&p| places[p].tokens.start >= trigger.end)
    {
        Some(Chosen {
            value: p,
            rule: "first place after the trigger in its clause",
        })
    } else if let Some(&p) = in_clause.last() {
        Some(Chosen {
            value: most_specific(places, &in_clause, p),
            rule: "place before the trigger in its clause",
        })
    } else {
        let in_sentence = candidates(&sentence.tokens);
        in_sentence
            .iter()
            .copied()
            .min_by_key(|&p| distance(&places[p].tokens, trigger))
            .map(|p| Chosen {
                value: most_specific(places, &in_sentence, p),
                rule: "nearest place in the sentence",
            })
    }?;
    // a whole country (اشتباكات في شرق ليبيا … في بلدة أجدابيا) gives way to the nearest
    // place inside it that its sentence names (also in a clause with a trigger of its own, which
    // often tells the same occurrence: keeping to the frame's own clauses cost 0.012 of CV F1)
    if !places[chosen.value].whole_country {
        return Some(chosen);
    }
    let country = &places[chosen.value].country;
    let inside = candidates(&sentence.tokens)
        .into_iter()
        .filter(|&p| !places[p].whole_country && places[p].country == *country)
        .min_by_key(|&p| distance(&places[p].tokens, trigger));
    Some(match inside {
        Some(p) => Chosen {
            value: p,
            rule: "a place inside the country its sentence names",
        },
        None => chosen,
    })
}

/// One frame per place when its place is the first of coordinated places (تظاهرات في إدلب
/// وحلب، بإقليمي فان واغري): ACLED codes one event per location. Deaths and injuries that
/// the text does not break down are divided evenly (the remainder to the first place).
/// Places joined after بين (بين حلب وإدلب) are a span between two places, not a list.
pub fn split_by_coordinated_places(cx: &Context, frame: Frame) -> Vec<Frame> {
    /// Longest parallel phrase between two coordinated places (و + count + noun + من).
    const PARALLEL_PHRASE_TOKENS: usize = 4;
    /// Longest phrase an "in addition to" opens before its place (إضافة إلى ثلاثة مواطنين
    /// من عدة مناطق متفرقة في).
    const ADDED_PHRASE_TOKENS: usize = 10;
    let Some(first) = frame.place.as_ref().map(|c| c.value) else {
        return vec![frame];
    };
    let places = &cx.mentions.places;
    let start = places[first].tokens.start;
    if cx
        .word_at(WordClass::Between, start.saturating_sub(2)..start)
        .is_some()
    {
        return vec![frame];
    }
    let sentence_end = cx.analysis.sentences[frame.sentence].tokens.end;
    let mut chain = vec![first];
    // where the text after the last place of the chain starts (after its container, if named)
    let mut gap_start = places[first].tokens.end;
    for q in first + 1..places.len() {
        let last = *chain.last().expect("non-empty");
        let next = places[q].tokens.start;
        if next >= sentence_end || places[q].origin || next < gap_start {
            break;
        }
        // مخيم الفوار قرب الخليل: the container of the last place is not one more place
        if places[last].within == Some(places[q].mention) {
            gap_start = places[q].tokens.end;
            continue;
        }
        // between them: an optional comma, then the conjunction و on the name or on its
        // feature word (وحلب، ومدينة حلب), or opening a parallel phrase that ends in a
        // locative before the place (ومواطن من قلقيلية وثلاثة من مخيم الفوار), or, past
        // the clause, "in addition to" opening such a phrase (، إضافة إلى ثلاثة من نابلس)
        let mut t = gap_start;
        if t < next && cx.key(t) == "," {
            t += 1;
        }
        let addition = cx.word_at(WordClass::Addition, t..t + 1) == Some(t);
        let parallel_phrase = |longest: usize| {
            next - t <= longest
                && places[q].locative
                && within(&cx.mentions.triggers, &(t..next), |m| &m.tokens)
                    .next()
                    .is_none()
        };
        let joined = if addition {
            parallel_phrase(ADDED_PHRASE_TOKENS)
        } else {
            next < frame.clause.end
                && (next - t <= 1 || parallel_phrase(PARALLEL_PHRASE_TOKENS))
                && cx.key(t).starts_with('و')
        };
        if !joined {
            break;
        }
        chain.push(q);
        gap_start = places[q].tokens.end;
    }
    if chain.len() == 1 {
        return vec![frame];
    }
    let n = chain.len() as u32;
    let share =
        |total: Option<u32>, i: usize| total.map(|t| t / n + if i == 0 { t % n } else { 0 });
    chain
        .iter()
        .enumerate()
        .map(|(i, &place)| {
            let mut f = frame.clone();
            f.casualties.deaths = share(frame.casualties.deaths, i);
            f.casualties.injuries = share(frame.casualties.injuries, i);
            if i > 0 {
                f.place = Some(Chosen {
                    value: place,
                    rule: "a place coordinated with the frame's place (one event per place)",
                });
            }
            f
        })
        .collect()
}

/// The place of `among` said to lie in (or near) `p`, if any, else `p`: in «محافظة الشرقية
/// التي تقع شمال شرقي القاهرة» or «حي الزهور في الحسكة» the event is at the first place.
fn most_specific(places: &[PlaceRef], among: &[usize], p: usize) -> usize {
    let mut p = p;
    while let Some(&q) = among
        .iter()
        .find(|&&q| places[q].within == Some(places[p].mention))
    {
        p = q;
    }
    p
}

/// The frame's time: the dated expression of its clause, else of its sentence, nearest to
/// its trigger.
fn choose_time(cx: &Context, frame: &Frame, sentence: &Sentence) -> Option<Chosen<usize>> {
    let trigger = &cx.mentions.triggers[frame.trigger].tokens;
    let dated = |range: &Range<usize>| -> Vec<usize> {
        within(&cx.mentions.times, range, |t| &t.tokens)
            .filter(|(_, t)| !t.duration && t.date.is_some())
            .map(|(i, _)| i)
            .collect()
    };
    if let Some(t) = dated(&frame.clause)
        .into_iter()
        .min_by_key(|&t| distance(&cx.mentions.times[t].tokens, trigger))
    {
        return Some(Chosen {
            value: t,
            rule: "time expression in the clause",
        });
    }
    // outside the clause, a time carries forward to the clauses after it: the nearest one
    // before the trigger, else the nearest after it (`قصفت القوات البلدة، بينما خطف مسلحون
    // أمس جنديا` does not date the shelling by the abduction's day when a time precedes)
    let in_sentence = dated(&sentence.tokens);
    let before = in_sentence
        .iter()
        .copied()
        .filter(|&t| cx.mentions.times[t].tokens.end <= trigger.start)
        .max_by_key(|&t| cx.mentions.times[t].tokens.end);
    before
        .or_else(|| {
            in_sentence
                .into_iter()
                .min_by_key(|&t| distance(&cx.mentions.times[t].tokens, trigger))
        })
        .map(|t| Chosen {
            value: t,
            rule: "time expression in the sentence",
        })
}

/// The day of the report a sentence belongs to: the last day of the week before publication
/// named relative to it (`أمس`, `اليوم`, a weekday) in the few sentences before
/// (`قال المرصد أمس ... وقتل طفلان في غارة ...`).
pub fn report_day(cx: &Context, sentence: &Sentence) -> Option<Chosen<usize>> {
    let sentences = &cx.analysis.sentences;
    let here = sentences.partition_point(|s| s.tokens.start < sentence.tokens.start);
    let earlier = &sentences[here.saturating_sub(INHERITED_DAY_REACH)..here];
    let first = earlier.first()?.tokens.start;
    within(&cx.mentions.times, &(first..sentence.tokens.start), |t| {
        &t.tokens
    })
    .filter(|(_, t)| t.recent_day)
    .map(|(i, _)| i)
    .last()
    .map(|t| Chosen {
        value: t,
        rule: "day relative to publication in an earlier sentence",
    })
}

/// The day of the report an article as a whole belongs to, for an event that neither its
/// own sentences nor the paragraph before date: the last day of the week before publication
/// named relative to it before the event's sentence, else the first one named in the article
/// (a round-up's items that carry no time word belong to the day of the bulletin).
pub fn article_report_day(cx: &Context, sentence: &Sentence) -> Option<Chosen<usize>> {
    let times = &cx.mentions.times;
    let start = sentence.tokens.start;
    let earlier = times
        .iter()
        .enumerate()
        .filter(|(_, t)| t.recent_day && t.tokens.end <= start)
        .map(|(i, _)| i)
        .next_back();
    if let Some(t) = earlier {
        return Some(Chosen {
            value: t,
            rule: "day of the report named earlier in the article",
        });
    }
    times.iter().position(|t| t.recent_day).map(|t| Chosen {
        value: t,
        rule: "day of the report named in the article",
    })
}

/// How many sentences back [`report_day`] looks: about a news paragraph.
const INHERITED_DAY_REACH: usize = 5;

fn distance(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Deaths and injuries reported with the frame: quantities in its clause, or in the next
/// clause when that clause reports a result (`ما أدى إلى مقتل`, `أسفر عن`), tied to a death
/// or injury word next to them.
fn casualties(
    cx: &Context,
    frame: &Frame,
    sentence: &Sentence,
    clauses: &[Range<usize>],
) -> Casualties {
    let scope = report_scope(cx, frame, sentence, clauses);
    let mut deaths: Option<u32> = None;
    let mut injuries: Option<u32> = None;
    let mut phrases = Vec::new();
    // numbers of a time expression (خلال 4 أيام) count days, not people
    let in_time = |q: &Quantity| {
        overlapping(&cx.mentions.times, &quantity_range(q), |t| &t.tokens)
            .next()
            .is_some()
    };
    // a count of the dead and the wounded together says only that the dead are a plural
    let mut dead_and_wounded: Option<Range<usize>> = None;
    for (_, q) in within(&cx.mentions.quantities, &scope, |q| &q.tokens)
        .filter(|(_, q)| q.is_count() && !in_time(q))
    {
        let Some(count) = q.lowest_credible() else {
            continue;
        };
        let count = count.min(u32::MAX as u64) as u32;
        if let Some(pair) = dead_and_wounded_pair(cx, q, &scope) {
            dead_and_wounded.get_or_insert(pair);
            continue;
        }
        match casualty_kind(cx, q, &scope) {
            Some(CueClass::Death) => {
                deaths = Some(deaths.unwrap_or(0).saturating_add(count));
                phrases.push(quantity_range(q));
            }
            Some(CueClass::Injury) => injuries = Some(injuries.unwrap_or(0).saturating_add(count)),
            _ => {}
        }
    }
    if deaths.is_none() {
        // people counted after a death verb, farther from it than a neighbour (قتلت عبوة
        // ناسفة زرعها المسلحون، الثلاثاء، ثلاثة مدنيين): the victims, when no injury word
        // claims them
        if let Some(cue) = cx.cue_at(&scope, CueClass::Death).next() {
            let victims = within(&cx.mentions.quantities, &(cue.end..scope.end), |q| {
                &q.tokens
            })
            .map(|(_, q)| q)
            .filter(|q| q.is_count() && !in_time(q) && casualty_kind(cx, q, &scope).is_none())
            .find(|q| {
                // no other report between them (قتلت … جنديا وأصابت خمسة)
                within(&cx.mentions.triggers, &(cue.end..q.tokens.start), |t| {
                    &t.tokens
                })
                .all(|(m, _)| frame.triggers.contains(&m))
                    && q.noun_token.is_some_and(|n| {
                        overlapping(&cx.mentions.actors, &(n..n + 1), |a| &a.tokens)
                            .next()
                            .is_some()
                    })
            });
            if let Some(q) = victims {
                if let Some(count) = q.lowest_credible() {
                    deaths = Some(count.min(u32::MAX as u64) as u32);
                    phrases.push(quantity_range(q));
                }
            }
        }
    }
    if deaths.is_none() {
        if let Some(pair) = dead_and_wounded {
            deaths = Some(3);
            phrases.push(pair);
        }
    }
    if deaths.is_none() {
        // a death word with no number: a bare plural (سقوط قتلى) is 3, a victim in the dual
        // beside it (مقتل شخصين، قتل طفلان) 2, a single victim 1
        for cue in cx.cue_at(&scope, CueClass::Death) {
            // near: at most two tokens between (a superset, then the exact test)
            let around = cue.start.saturating_sub(3)..cue.end + 3;
            if overlapping(&cx.mentions.quantities, &around, |q| &q.tokens)
                .any(|q| near(cue, &q.tokens))
            {
                continue;
            }
            let plural = within(&cx.mentions.words, cue, |w| &w.tokens)
                .any(|(_, w)| w.class == WordClass::PluralCasualty);
            let dual = within(&cx.mentions.words, &scope, |w| &w.tokens)
                .any(|(_, w)| w.class == WordClass::DualPerson && near(cue, &w.tokens));
            let count = match (plural, dual) {
                (true, _) => 3,
                (false, true) => 2,
                (false, false) => 1,
            };
            deaths = Some(count);
            phrases.push(cue.clone());
            break;
        }
    }
    Casualties {
        deaths,
        death_phrases: phrases,
        injuries,
    }
}

/// The tokens that report a frame's event: its clause, the clauses after it until one with a
/// trigger of its own, and the clauses before the sentence's first event (the toll told first:
/// مقتل 10 أشخاص، السبت، عقب هجوم …).
fn report_scope(
    cx: &Context,
    frame: &Frame,
    sentence: &Sentence,
    clauses: &[Range<usize>],
) -> Range<usize> {
    let mut scope = frame.clause.clone();
    let has_event = |c: &Range<usize>| {
        within(&cx.mentions.triggers, c, |t| &t.tokens)
            .any(|(m, _)| cx.trigger_entry(cx.best_entry(m)).role != TriggerRole::Result)
    };
    if let Some(pos) = clauses.iter().position(|c| *c == frame.clause) {
        for next in &clauses[pos + 1..] {
            if has_event(next) {
                break;
            }
            scope.end = next.end;
        }
        if pos > 0 && !clauses[..pos].iter().any(has_event) {
            scope.start = clauses[0].start;
        }
    }
    scope.start.max(sentence.tokens.start)..scope.end.min(sentence.tokens.end)
}

fn quantity_range(q: &Quantity) -> Range<usize> {
    let mut r = q.tokens.clone();
    if let Some(n) = q.noun_token {
        r.start = r.start.min(n);
        r.end = r.end.max(n + 1);
    }
    r
}

fn near(cue: &Range<usize>, q: &Range<usize>) -> bool {
    distance(cue, q) <= 2
}

/// The words and number of a quantity that counts the dead and the wounded together: a death
/// word joined by و to an injury word right after it, with the quantity beside the pair (مقتل
/// وإصابة العشرات، مقتل وجرح 15 شخصا، عشرات القتلى والجرحى، 20 قتيلا وجريحا). The guidelines
/// code it 3 (a plural of dead), unless a count of the dead alone is given.
fn dead_and_wounded_pair(cx: &Context, q: &Quantity, scope: &Range<usize>) -> Option<Range<usize>> {
    cx.cue_at(scope, CueClass::Death).find_map(|death| {
        let injury = cx
            .cue_at(scope, CueClass::Injury)
            .find(|i| i.start == death.end && cx.key(i.start).starts_with('و'))?;
        // the number after the pair (مقتل وإصابة العشرات), or before it with the death word as
        // its counted noun and no count of the wounded of their own after them (عشرات القتلى
        // والجرحى; not 15 مسلحا قتلوا وجرح آخرون، عدد من القتلى وإصابة 30)
        // (not when the death word is already counted: 15 قتيلا وإصابة 30 آخرين)
        let counted_dead = within(&cx.mentions.quantities, scope, |o| &o.tokens)
            .any(|(_, o)| o.noun_token == Some(death.start));
        let after =
            !counted_dead && q.tokens.start >= injury.end && q.tokens.start <= injury.end + 1;
        let before = q.noun_token == Some(death.start)
            && !within(
                &cx.mentions.quantities,
                &(injury.end..injury.end + 2),
                |o| &o.tokens,
            )
            .any(|_| true)
            && cx
                .word_at(WordClass::Others, injury.end..injury.end + 1)
                .is_none();
        (after || before).then(|| {
            let phrase = quantity_range(q);
            death.start.min(phrase.start)..injury.end.max(phrase.end)
        })
    })
}

/// Whether a quantity counts deaths or injuries: its noun is a casualty word, or a casualty
/// word stands within two tokens before or after it; the nearest word decides.
fn casualty_kind(cx: &Context, q: &Quantity, scope: &Range<usize>) -> Option<CueClass> {
    let phrase = quantity_range(q);
    let mut best: Option<(usize, CueClass)> = None;
    for class in [CueClass::Death, CueClass::Injury] {
        for cue in cx.cue_at(scope, class) {
            let d = if crate::mentions::overlaps(cue, &phrase) {
                0
            } else {
                distance(cue, &phrase) + 1
            };
            if d <= 3 && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, class));
            }
        }
    }
    best.map(|(_, class)| class)
}
