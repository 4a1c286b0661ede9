//! Decisions on candidates: is a drafted candidate a reportable event?
//!
//! The rules propose generously ([`crate::frame`] finds every trigger's frame, and
//! [`crate::factuality`] and the placement checks name what looks wrong with it); the decision
//! is learned from gold ([`crate::model::LinearModel`], trained by `marsad train`). What used
//! to be a hard gate is one feature among the trigger, its type and rule, the cues and words
//! around it, the arguments found, how old its date is and where the sentence stands.
//!
//! Without learned weights the gates decide, as the rules always did.

use std::collections::HashSet;
use std::ops::Range;

use chrono::NaiveDate;
use marsad_text::sentence::Sentence;

use crate::frame::{Context, Frame};
use crate::mentions::within;
use crate::model::LinearModel;
use crate::record::{EventRecord, EventType};

/// The event decision shipped with marsad (`data/models/event.tsv`, written by `marsad train`).
pub const EMBEDDED_EVENT_MODEL: &str = include_str!("../../../data/models/event.tsv");

/// The probability from which the shipped decision calls a candidate an event: chosen by
/// cross-validation. With the learned merge decision ([`crate::occurrence`]), which folds more
/// repeated mentions into one event, 0.5 gives F1 0.640 (P 0.654, R 0.633) where 0.55 gives
/// 0.638 and 0.45 0.632.
pub const SHIPPED_THRESHOLD: f32 = 0.5;

/// How candidates are decided.
#[derive(Clone, Debug, Default)]
pub enum EventDecision {
    /// The rules' gates: a candidate without an objection is an event.
    #[default]
    Gates,
    /// A learned model over the candidate's features.
    Learned(LinearModel),
}

impl EventDecision {
    /// The shipped decision: the embedded model, or the gates when it holds no weights.
    pub fn embedded() -> EventDecision {
        LinearModel::embedded(EMBEDDED_EVENT_MODEL)
            .map_or(EventDecision::Gates, EventDecision::Learned)
    }
}

/// Buckets a count, so that a feature generalizes over nearby values.
pub(crate) fn bucket(n: i64) -> &'static str {
    match n {
        i64::MIN..=-1 => "neg",
        0 => "0",
        1 => "1",
        2 => "2",
        3..=5 => "3-5",
        6..=10 => "6-10",
        11..=30 => "11-30",
        31..=60 => "31-60",
        61..=365 => "61-365",
        _ => "366+",
    }
}

/// Words either side of the trigger that feed the decision.
const WINDOW: usize = 4;

/// The trigger's words as the text core keys them (clitics and spelling variants folded).
pub fn trigger_key(cx: &Context, frame: &Frame) -> String {
    cx.mentions.triggers[frame.trigger]
        .tokens
        .clone()
        .map(|t| cx.analysis.keys.get(t))
        .collect::<Vec<_>>()
        .join("_")
}

/// The features of one drafted candidate (before documents merge their mentions), whose
/// trigger is keyed `trigger_key`; unsorted, [`add_context_features`] completes, sorts and
/// deduplicates them.
pub fn candidate_features(
    cx: &Context,
    frame: &Frame,
    trigger_key: &str,
    sentence: &Sentence,
    record: &EventRecord,
    gate: Option<&str>,
    published: Option<NaiveDate>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(48);
    let keys = &cx.analysis.keys;
    let trigger = cx.mentions.triggers[frame.trigger].tokens.clone();
    let sub = record.sub_event_type.as_str();
    out.push(format!("type={sub}"));
    out.push(format!("etype={}", record.event_type.as_str()));
    out.push(format!("trigger={trigger_key}"));
    out.push(format!("rule={}", frame.type_rule));
    out.push(format!("gate={}", gate.unwrap_or("none")));
    out.push(format!("gate+type={}|{sub}", gate.unwrap_or("none")));
    // arguments found
    let rule_of = |c: &Option<crate::frame::Chosen<usize>>| c.as_ref().map_or("none", |c| c.rule);
    out.push(format!("actor1={}", rule_of(&frame.actor1)));
    out.push(format!("actor2={}", rule_of(&frame.actor2)));
    out.push(format!("place={}", rule_of(&frame.place)));
    out.push(format!("time={}", rule_of(&frame.time)));
    let inter = |a: &Option<crate::record::Actor>| {
        a.as_ref()
            .map_or("none".to_string(), |a| a.inter.unwrap_or(0).to_string())
    };
    out.push(format!("inter1={}|{sub}", inter(&record.actor1)));
    out.push(format!("inter2={}|{sub}", inter(&record.actor2)));
    out.push(format!(
        "precision={}",
        record
            .location
            .as_ref()
            .map_or("none".to_string(), |l| l.geo_precision.to_string())
    ));
    out.push(format!(
        "deaths={}",
        record.fatalities.map_or("none", |d| bucket(i64::from(d)))
    ));
    // how old the event's own date is at publication
    let age = match (record.event_date, published) {
        (Some(d), Some(p)) => bucket((p - d).num_days()),
        (Some(_), None) => "unpublished",
        (None, _) => "undated",
    };
    out.push(format!("age={age}"));
    // a day, or a whole week or month (a toll over a month sums many events)
    out.push(format!(
        "time_precision={}",
        record
            .time_precision
            .map_or("none".to_string(), |p| p.to_string())
    ));
    out.push(format!("published={}", published.is_some()));
    // where the sentence stands
    out.push(format!("sentence={}", bucket(frame.sentence as i64)));
    let first = sentence.tokens.start;
    if first < sentence.tokens.end {
        out.push(format!("first={}", keys.get(first)));
    }
    out.push(format!(
        "trigger_at={}",
        bucket((trigger.start - first) as i64)
    ));
    // cues of the sentence, before or after the trigger, inside its clause or not
    for (_, cue) in within(&cx.mentions.cues, &sentence.tokens, |c| &c.tokens) {
        let side = if cue.tokens.end <= trigger.start {
            "before"
        } else {
            "after"
        };
        let clause = cue.tokens.start >= frame.clause.start && cue.tokens.end <= frame.clause.end;
        out.push(format!("cue={:?}|{side}|{clause}", cue.class));
    }
    for (_, word) in within(&cx.mentions.words, &sentence.tokens, |w| &w.tokens) {
        let clause = word.tokens.start >= frame.clause.start && word.tokens.end <= frame.clause.end;
        out.push(format!("word={:?}|{clause}", word.class));
    }
    let particles = cx.mentions.particles[trigger.start];
    if particles.future {
        out.push("particle=future".into());
    }
    if particles.purpose {
        out.push("particle=purpose".into());
    }
    // the words around the trigger
    let start = trigger.start.saturating_sub(WINDOW).max(first);
    let end = (trigger.end + WINDOW).min(sentence.tokens.end);
    for t in start..trigger.start {
        out.push(format!("before={}", keys.get(t)));
    }
    for t in trigger.end..end {
        out.push(format!("after={}", keys.get(t)));
    }
    if trigger.start > first {
        out.push(format!("prev={}", keys.get(trigger.start - 1)));
    }
    out
}

/// Where a candidate stands among the article's candidates: what [`add_context_features`]
/// compares.
#[derive(Clone, Debug)]
pub struct Placement {
    pub sentence: usize,
    pub clause: Range<usize>,
    pub kind: EventType,
    /// The name of the candidate's place, if it has one.
    pub place: Option<String>,
}

/// Features that compare a candidate with the article's other candidates: the event types
/// drafted beside it in its clause and its sentence (one act read as two types), whether
/// earlier sentences already drafted its place, with its type or not (a later mention of one
/// occurrence: الهجوم، الاعتداءات after the report), and how far its sentence is from the end.
pub fn add_context_features<'d>(
    drafts: impl Iterator<Item = (Placement, &'d mut Vec<String>)>,
    sentences: usize,
) {
    let mut drafts: Vec<_> = drafts.collect();
    // by sentence, so that each candidate meets the others of its sentence only, and the
    // places of earlier sentences are a set that grows (linear in the candidates)
    drafts.sort_by_key(|(p, _)| p.sentence);
    let mut earlier_places: HashSet<String> = HashSet::new();
    let mut earlier_both: HashSet<(EventType, String)> = HashSet::new();
    let mut at = 0;
    while at < drafts.len() {
        let sentence = drafts[at].0.sentence;
        let end = at + drafts[at..].partition_point(|(p, _)| p.sentence == sentence);
        let group: Vec<Placement> = drafts[at..end].iter().map(|(p, _)| p.clone()).collect();
        for (me, features) in &mut drafts[at..end] {
            for other in group.iter().filter(|o| o.kind != me.kind) {
                let scope = if other.clause == me.clause {
                    "clause"
                } else {
                    "sentence"
                };
                features.push(format!(
                    "beside={scope}|{}|{}",
                    me.kind.as_str(),
                    other.kind.as_str()
                ));
            }
            let place = me.place.as_deref();
            let same_place = place.is_some_and(|p| earlier_places.contains(p));
            let same_both = place.is_some_and(|p| earlier_both.contains(&(me.kind, p.to_string())));
            let kind = me.kind.as_str();
            features.push(format!(
                "earlier_place={same_place}|earlier_both={same_both}"
            ));
            features.push(format!("earlier_both={same_both}|{kind}"));
            features.push(format!(
                "from_end={}",
                bucket(sentences.saturating_sub(me.sentence + 1) as i64)
            ));
            features.sort_unstable();
            features.dedup();
        }
        for p in group {
            if let Some(place) = p.place {
                earlier_both.insert((p.kind, place.clone()));
                earlier_places.insert(place);
            }
        }
        at = end;
    }
}
