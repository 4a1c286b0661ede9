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

use crate::args::{ArgCue, ArgSpec, Role};
use crate::lexicon::cues::CueClass;
use crate::lexicon::triggers::{TriggerEntry, TriggerPos, TriggerRole};
use crate::lexicon::words::WordClass;
use crate::lexicon::Lexicons;
use crate::mentions::{within, Mentions};
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
    fn key(&self, token: usize) -> &str {
        self.analysis.keys.get(token)
    }

    fn token_text(&self, token: usize) -> &str {
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

    fn cue_at(&self, range: &Range<usize>, class: CueClass) -> impl Iterator<Item = &Range<usize>> + '_ {
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

/// Builds the candidate events of one clause.
pub fn candidates(cx: &Context, sentence_index: usize, clause: &Range<usize>, sentence: &Sentence) -> Vec<Frame> {
    let mut events: Vec<(usize, u32)> = Vec::new();
    let mut weapons: Vec<(usize, u32)> = Vec::new();
    let mut results: Vec<(usize, u32)> = Vec::new();
    for (m, _) in within(&cx.mentions.triggers, clause, |t| &t.tokens) {
        let entry = cx.best_entry(m);
        match cx.trigger_entry(entry).role {
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
        if let Some(group) = groups.iter_mut().find(|g| g.event_type == event_type) {
            group.members.push((m, e));
        } else if is_flexible(entry) && groups.iter().any(|g| joins_flexible(g.event_type)) {
            let group = groups.iter_mut().find(|g| joins_flexible(g.event_type)).expect("checked");
            group.members.push((m, e));
        } else {
            groups.push(Group { event_type, members: vec![(m, e)], rule: "trigger" });
        }
    }
    for (m, e) in weapons {
        let weapon = cx.trigger_entry(e);
        let weapon_type = weapon.sub_event.event_type();
        if let Some(group) = groups.iter_mut().find(|g| g.event_type == weapon_type) {
            group.members.push((m, e));
            group.rule = "weapon";
        } else if let Some(group) = groups
            .iter_mut()
            .find(|g| g.members.iter().all(|&(_, e)| is_flexible(cx.trigger_entry(e))))
        {
            // "هجوم بسيارة مفخخة": a generic attack with a weapon is the weapon's event
            group.event_type = weapon_type;
            group.members.insert(0, (m, e));
            group.rule = "generic trigger + weapon";
        } else if has_casualty_cue(cx, clause) {
            groups.push(Group { event_type: weapon_type, members: vec![(m, e)], rule: "weapon with casualties" });
        }
    }
    if groups.is_empty() && !results.is_empty() && !sentence_has_event_trigger(cx, sentence, clause) {
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
            // the most specific member of the group's event type sets the sub-event type
            group.members.sort_by_key(|&(m, e)| {
                let entry = cx.trigger_entry(e);
                (entry.sub_event.event_type() != group.event_type, std::cmp::Reverse(entry.specificity), m)
            });
            let (trigger, entry) = group.members[0];
            let mut triggers: Vec<usize> = group.members.iter().map(|&(m, _)| m).collect();
            triggers.sort_unstable();
            Frame {
                sentence: sentence_index,
                clause: clause.clone(),
                trigger,
                entry,
                triggers,
                sub_event: cx.trigger_entry(entry).sub_event,
                type_rule: group.rule,
                actor1: None,
                actor2: None,
                place: None,
                time: None,
                casualties: Casualties { deaths: None, death_phrases: Vec::new(), injuries: None },
            }
        })
        .collect()
}

/// A generic attack word (هجوم، استهدف) whose event type the context decides.
fn is_flexible(entry: &TriggerEntry) -> bool {
    entry.specificity == 1
        && matches!(entry.sub_event, SubEventType::ArmedClash | SubEventType::Attack)
}

fn joins_flexible(event_type: EventType) -> bool {
    matches!(
        event_type,
        EventType::ExplosionsRemoteViolence | EventType::ViolenceAgainstCivilians | EventType::Battles
    )
}

fn has_casualty_cue(cx: &Context, range: &Range<usize>) -> bool {
    cx.cue_at(range, CueClass::Death).next().is_some() || cx.cue_at(range, CueClass::Injury).next().is_some()
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
pub fn fill_arguments(cx: &Context, frame: &mut Frame, sentence: &Sentence, clauses: &[Range<usize>]) {
    assign_actors(cx, frame, sentence);
    frame.place = choose_place(cx, frame, sentence);
    frame.time = choose_time(cx, frame, sentence);
    frame.casualties = casualties(cx, frame, sentence, clauses);
}

/// How far (in tokens) a cue may stand before the mention it marks.
const CUE_REACH: usize = 2;

fn assign_actors(cx: &Context, frame: &mut Frame, sentence: &Sentence) {
    let trigger = cx.mentions.triggers[frame.trigger].tokens.clone();
    let entry = cx.trigger_entry(frame.entry);
    let spec = &entry.args;
    // an actor named with the trigger at its head (غارات التحالف) is the agent
    if let Some((a, _)) = within(&cx.mentions.actors, &frame.clause, |a| &a.tokens)
        .find(|(_, a)| a.name_tokens.start == trigger.start && a.name_tokens.end > trigger.end)
    {
        frame.actor1 = Some(Chosen { value: a, rule: "named together with the trigger" });
    }
    // candidates: actor mentions of the clause that are not part of a trigger
    let in_clause: Vec<usize> = within(&cx.mentions.actors, &frame.clause, |a| &a.tokens)
        .filter(|(_, a)| !frame.triggers.iter().any(|&t| crate::mentions::overlaps(&a.tokens, &cx.mentions.triggers[t].tokens)))
        .map(|(i, _)| i)
        .collect();

    // بين X و Y: the two sides, in text order (the clause may end at a comma after X)
    let word_at = |class: WordClass, range: Range<usize>| {
        within(&cx.mentions.words, &range, |w| &w.tokens)
            .find(|(_, w)| w.class == class)
            .map(|(_, w)| w.tokens.start)
    };
    if let Some(between) = word_at(WordClass::Between, trigger.end..(trigger.end + 4).min(sentence.tokens.end)) {
        let after: Vec<usize> = within(&cx.mentions.actors, &(between + 1..sentence.tokens.end), |a| &a.tokens)
            .map(|(i, _)| i)
            .collect();
        if let Some(&first) = after.first() {
            frame.actor1 = Some(Chosen { value: first, rule: "first side after بين" });
            let first_end = cx.mentions.actors[first].tokens.end;
            let side_break = word_at(WordClass::Side, first_end..sentence.tokens.end);
            let second = after.iter().copied().find(|&a| {
                let start = cx.mentions.actors[a].tokens.start;
                start >= first_end && side_break.is_none_or(|b| start > b) && !same_actor(cx, a, first)
            });
            if let Some(second) = second {
                frame.actor2 = Some(Chosen { value: second, rule: "second side after بين" });
            }
            return;
        }
    }

    for &a in &in_clause {
        let mention = &cx.mentions.actors[a];
        let role = cue_role(cx, spec, &trigger, mention.tokens.start, entry.pos, frame);
        let role = match role {
            Some(r) => Some(r),
            None if mention.position => Some((Role::Target, "positions of a group")),
            None => None,
        };
        match role {
            Some((Role::Agent, rule)) if frame.actor1.is_none() => frame.actor1 = Some(Chosen { value: a, rule }),
            Some((Role::Target, rule)) if frame.actor2.is_none() => frame.actor2 = Some(Chosen { value: a, rule }),
            _ => {}
        }
    }
    // positional defaults
    let taken = |f: &Frame, a: usize| {
        f.actor1.as_ref().is_some_and(|c| c.value == a || same_actor(cx, c.value, a))
            || f.actor2.as_ref().is_some_and(|c| c.value == a || same_actor(cx, c.value, a))
    };
    let after: Vec<usize> = in_clause.iter().copied().filter(|&a| cx.mentions.actors[a].tokens.start >= trigger.end).collect();
    let before: Vec<usize> = in_clause.iter().copied().filter(|&a| cx.mentions.actors[a].tokens.end <= trigger.start).collect();
    match entry.pos {
        TriggerPos::VerbActive => {
            if frame.actor1.is_none() {
                if let Some(&a) = after.iter().find(|&&a| !taken(frame, a) && cx.mentions.actors[a].tokens.start <= trigger.end + 1) {
                    frame.actor1 = Some(Chosen { value: a, rule: "subject after an active verb" });
                } else if let Some(&a) = before.iter().rev().find(|&&a| !taken(frame, a)) {
                    frame.actor1 = Some(Chosen { value: a, rule: "subject before an active verb" });
                }
            }
            if frame.actor2.is_none() {
                if let Some(&a) = after.iter().find(|&&a| !taken(frame, a)) {
                    frame.actor2 = Some(Chosen { value: a, rule: "object after an active verb" });
                }
            }
        }
        TriggerPos::VerbPassive => {
            if frame.actor2.is_none() {
                if let Some(&a) = after.iter().chain(before.iter().rev()).find(|&&a| !taken(frame, a)) {
                    frame.actor2 = Some(Chosen { value: a, rule: "subject of a passive verb" });
                }
            }
        }
        _ => {
            if frame.actor1.is_none() {
                if let Some(&a) = before.iter().rev().find(|&&a| !taken(frame, a)) {
                    frame.actor1 = Some(Chosen { value: a, rule: "actor before the event noun" });
                }
            }
            if frame.actor2.is_none() {
                if let Some(&a) = after.iter().find(|&&a| !taken(frame, a)) {
                    frame.actor2 = Some(Chosen { value: a, rule: "actor after the event noun" });
                }
            }
        }
    }
}

/// Two mentions naming the same dictionary actor.
fn same_actor(cx: &Context, a: usize, b: usize) -> bool {
    let (x, y) = (&cx.mentions.actors[a], &cx.mentions.actors[b]);
    (!x.entries.is_empty() && x.entries.iter().any(|e| y.entries.contains(e)))
        || (x.anaphor.is_some() && x.anaphor == y.anaphor)
}

/// The role a cue gives a mention starting at `start`.
fn cue_role(
    cx: &Context,
    spec: &ArgSpec,
    trigger: &Range<usize>,
    start: usize,
    pos: TriggerPos,
    frame: &Frame,
) -> Option<(Role, &'static str)> {
    // the victim right after a death word (مقتل شخص، مصرع جنديين)
    if cx.cue_at(&(start.saturating_sub(1)..start), CueClass::Death).any(|c| c.end == start) {
        return Some((Role::Target, "victim after a death word"));
    }
    // an explicit cue phrase ending right before the mention
    let reach = start.saturating_sub(CUE_REACH)..start;
    for class in [CueClass::Agent, CueClass::Target] {
        for cue in cx.cue_at(&(reach.start..start), class) {
            if cue.end <= start && cue.end + CUE_REACH > start {
                let role = if class == CueClass::Agent { Role::Agent } else { Role::Target };
                return Some((role, if role == Role::Agent { "after an agent cue" } else { "after a target cue" }));
            }
        }
    }
    // the trigger's own cue phrases (from its args)
    for (role, cue) in spec.cues() {
        if let ArgCue::Phrase(words) = cue {
            let n = words.len();
            if start >= n && (0..n).all(|k| cx.key(start - n + k) == words[k]) {
                return Some((role, "after a cue of the trigger"));
            }
        }
    }
    // the genitive right after an event noun: agent of attacks, target of arrests
    if matches!(pos, TriggerPos::Noun | TriggerPos::Phrase) && start == trigger.end {
        let target_genitive = spec.has(Role::Target, &ArgCue::Genitive)
            || (!spec.has(Role::Agent, &ArgCue::Genitive)
                && matches!(
                    frame.sub_event,
                    SubEventType::Arrests | SubEventType::AbductionForcedDisappearance | SubEventType::Attack
                ));
        let proclitic = cx.key(start).len() < normalized_len(cx, start);
        return Some(if target_genitive && !proclitic {
            (Role::Target, "genitive of the event noun")
        } else {
            (Role::Agent, if proclitic { "لـ after the event noun" } else { "genitive of the event noun" })
        });
    }
    None
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
    let trigger = &cx.mentions.triggers[frame.trigger].tokens;
    let in_clause: Vec<usize> = within(&cx.mentions.places, &frame.clause, |p| &p.tokens).map(|(i, _)| i).collect();
    if let Some(&p) = in_clause.iter().find(|&&p| cx.mentions.places[p].tokens.start >= trigger.end) {
        return Some(Chosen { value: p, rule: "first place after the trigger in its clause" });
    }
    if let Some(&p) = in_clause.last() {
        return Some(Chosen { value: p, rule: "place before the trigger in its clause" });
    }
    let in_sentence: Vec<usize> = within(&cx.mentions.places, &sentence.tokens, |p| &p.tokens).map(|(i, _)| i).collect();
    in_sentence
        .iter()
        .copied()
        .min_by_key(|&p| distance(&cx.mentions.places[p].tokens, trigger))
        .map(|p| Chosen { value: p, rule: "nearest place in the sentence" })
}

fn choose_time(cx: &Context, frame: &Frame, sentence: &Sentence) -> Option<Chosen<usize>> {
    let trigger = &cx.mentions.triggers[frame.trigger].tokens;
    let dated = |range: &Range<usize>| -> Vec<usize> {
        within(&cx.mentions.times, range, |t| &t.tokens)
            .filter(|(_, t)| !t.duration && t.date.is_some())
            .map(|(i, _)| i)
            .collect()
    };
    if let Some(t) = dated(&frame.clause).into_iter().min_by_key(|&t| distance(&cx.mentions.times[t].tokens, trigger)) {
        return Some(Chosen { value: t, rule: "time expression in the clause" });
    }
    dated(&sentence.tokens)
        .into_iter()
        .min_by_key(|&t| distance(&cx.mentions.times[t].tokens, trigger))
        .map(|t| Chosen { value: t, rule: "time expression in the sentence" })
}

fn distance(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else if b.end <= a.start {
        a.start - b.end
    } else {
        0
    }
}

/// Deaths and injuries reported with the frame: quantities in its clause, or in the next
/// clause when that clause reports a result (`ما أدى إلى مقتل`, `أسفر عن`), tied to a death
/// or injury word next to them.
fn casualties(cx: &Context, frame: &Frame, sentence: &Sentence, clauses: &[Range<usize>]) -> Casualties {
    let mut scope = frame.clause.clone();
    // a following clause without its own trigger continues this one's report
    if let Some(pos) = clauses.iter().position(|c| *c == frame.clause) {
        for next in &clauses[pos + 1..] {
            if within(&cx.mentions.triggers, next, |t| &t.tokens)
                .any(|(m, _)| cx.trigger_entry(cx.best_entry(m)).role != TriggerRole::Result)
            {
                break;
            }
            scope.end = next.end;
        }
    }
    let scope = scope.start.max(sentence.tokens.start)..scope.end.min(sentence.tokens.end);
    let mut deaths: Option<u32> = None;
    let mut injuries: Option<u32> = None;
    let mut phrases = Vec::new();
    for q in cx.mentions.quantities.iter().filter(|q| q.tokens.start >= scope.start && q.tokens.end <= scope.end && q.is_count()) {
        let Some(count) = q.lowest_credible() else { continue };
        let count = count.min(u32::MAX as u64) as u32;
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
        // a death word with no number: a bare plural (سقوط قتلى) is 3, a single victim is 1
        for cue in cx.cue_at(&scope, CueClass::Death) {
            if cx.mentions.quantities.iter().any(|q| near(cue, &q.tokens)) {
                continue;
            }
            let plural = within(&cx.mentions.words, cue, |w| &w.tokens)
                .any(|(_, w)| w.class == WordClass::PluralCasualty);
            let count = if plural { 3 } else { 1 };
            deaths = Some(count);
            phrases.push(cue.clone());
            break;
        }
    }
    Casualties { deaths, death_phrases: phrases, injuries }
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

/// Whether a quantity counts deaths or injuries: its noun is a casualty word, or a casualty
/// word stands within two tokens before or after it; the nearest word decides.
fn casualty_kind(cx: &Context, q: &Quantity, scope: &Range<usize>) -> Option<CueClass> {
    let phrase = quantity_range(q);
    let mut best: Option<(usize, CueClass)> = None;
    for class in [CueClass::Death, CueClass::Injury] {
        for cue in cx.cue_at(scope, class) {
            let d = if crate::mentions::overlaps(cue, &phrase) { 0 } else { distance(cue, &phrase) + 1 };
            if d <= 3 && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, class));
            }
        }
    }
    best.map(|(_, class)| class)
}
