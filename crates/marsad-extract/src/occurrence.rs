//! Decisions on pairs of kept candidates of one article: do they describe one occurrence?
//!
//! Each drafted candidate keeps an [`Identity`]: what it said about its occurrence before any
//! decision (type, place, day, the actors of its clause, its toll, its sentence and trigger).
//! Two identities give a pair's features ([`pair_features`]): do place, day, actors and toll
//! agree, are they named at all, how far apart the sentences are, the triggers' words. The
//! rules' old answer ([`rules_agree`]: same type, place, day and actors, or one of them
//! unnamed) is one of those features. A kept candidate joins the event whose members it
//! matches best on average ([`MergeDecision::join`]); records of another event type or
//! country, or that ACLED keeps apart ([`apart`]: another day, a territory change beside the
//! fighting), never join.
//!
//! Without learned weights the rules decide, as they always did.

use std::hash::{Hash, Hasher};

use chrono::NaiveDate;

use crate::decide::bucket;
use crate::model::LinearModel;
use crate::record::{Actor, EventRecord, EventType, SubEventType};

/// The merge decision shipped with marsad (`data/models/merge.tsv`, written by `marsad train`).
pub const EMBEDDED_MERGE_MODEL: &str = include_str!("../../../data/models/merge.tsv");

/// The mean probability over an event's members from which a candidate joins it: chosen by
/// cross-validation (0.5 merges too much: F1 0.625 at the event threshold 0.5; 0.6 gives 0.640,
/// 0.7 0.634, 0.8 0.638, 0.9 0.624; the rules 0.629; measured before [`apart`]).
pub const MERGE_THRESHOLD: f32 = 0.6;

/// How kept candidates are grouped into occurrences.
#[derive(Clone, Debug, Default)]
pub enum MergeDecision {
    /// The rules: one occurrence when type, place, day and actors agree or are unnamed.
    #[default]
    Rules,
    /// A learned model over the pair's features.
    Learned(LinearModel),
}

impl MergeDecision {
    /// The shipped decision: the embedded model, or the rules when it holds no weights.
    pub fn embedded() -> MergeDecision {
        LinearModel::embedded(EMBEDDED_MERGE_MODEL)
            .map_or(MergeDecision::Rules, MergeDecision::Learned)
    }

    /// How surely `candidate` is the occurrence of an event made of `members` (0 or 1 by the
    /// rules, which ask every member to agree; the mean probability over members when
    /// learned), and whether that is enough to join it. An event of many members is judged by
    /// its first and its [`RECENT_MEMBERS`] latest, so that a long article stays linear.
    pub fn join(&self, members: &[Identity], candidate: &Identity) -> (f32, bool) {
        let recent = members.len().saturating_sub(RECENT_MEMBERS).max(1);
        let judged = || members.iter().take(1).chain(members.iter().skip(recent));
        match self {
            MergeDecision::Rules => {
                let agree = judged().all(|m| rules_agree(m, candidate));
                (if agree { 1.0 } else { 0.0 }, agree)
            }
            MergeDecision::Learned(model) => {
                if members.is_empty() || judged().any(|m| apart(m, candidate)) {
                    return (0.0, false);
                }
                if judged().any(|m| m.repeats(candidate)) {
                    return (1.0, true);
                }
                let (sum, n) = judged().fold((0.0, 0), |(sum, n), m| {
                    (sum + model.probability(&pair_features(m, candidate)), n + 1)
                });
                let p = sum / n as f32;
                (p, p >= model.threshold)
            }
        }
    }
}

/// How many of an event's latest members a candidate is compared with (beside its first).
pub const RECENT_MEMBERS: usize = 8;

/// What a drafted candidate says about its occurrence, before any decision.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    pub event_type: EventType,
    pub sub_event: SubEventType,
    pub country: Option<String>,
    pub admin1: Option<String>,
    /// English name and GeoNames id of the place, with its precision.
    pub place: Option<(String, Option<i64>, u8)>,
    /// The place is named by the candidate's own sentence (not the article's fallback).
    pub placed_by_text: bool,
    pub date: Option<NaiveDate>,
    /// The actors named in the candidate's clause (defaults the text does not name are none).
    pub actors: [Option<String>; 2],
    pub fatalities: Option<u32>,
    /// Index of the sentence in the article.
    pub sentence: usize,
    /// The trigger's words, keyed ([`crate::decide::trigger_key`]).
    pub trigger: String,
    /// A hash of the sentence's text.
    pub sentence_hash: u64,
}

impl Identity {
    /// The identity of a drafted record whose clause names `clause_actors`.
    pub fn of(
        record: &EventRecord,
        clause_actors: &[Option<Actor>; 2],
        sentence: usize,
        trigger: String,
    ) -> Self {
        let named = |a: &Option<Actor>| {
            a.as_ref()
                .filter(|a| a.text.is_some())
                .map(|a| a.name.clone())
        };
        Identity {
            event_type: record.event_type,
            sub_event: record.sub_event_type,
            country: record.country.clone(),
            admin1: record.admin1.clone(),
            place: record
                .location
                .as_ref()
                .map(|l| (l.name.clone(), l.geonameid, l.geo_precision)),
            placed_by_text: record.location.as_ref().is_some_and(|l| l.text.is_some()),
            date: record.event_date,
            actors: [named(&clause_actors[0]), named(&clause_actors[1])],
            fatalities: record.fatalities,
            sentence,
            trigger,
            sentence_hash: record.evidence.first().map_or(0, |e| {
                let mut h = rustc_hash::FxHasher::default();
                e.sentence.hash(&mut h);
                h.finish()
            }),
        }
    }

    /// The other is a verbatim repeat of this one: the same sentence and trigger, of the
    /// same day (a paragraph repeated in the article, or in the feed that carried it).
    pub fn repeats(&self, other: &Identity) -> bool {
        self.sentence_hash == other.sentence_hash
            && self.trigger == other.trigger
            && self.date == other.date
            && self.sentence != other.sentence
    }

    fn place_key(&self) -> Option<(&str, Option<i64>)> {
        self.place.as_ref().map(|(n, id, _)| (n.as_str(), *id))
    }
}

/// Two reports of one event type and country that ACLED's definition of an event keeps apart,
/// whatever else they share: dated to different days, or a battle that moves territory and the
/// fighting around it. (Of two kept candidates, the records' types and countries are compared
/// before, [`same_kind`]: the actor choice may recode a type.)
/// (Keeping apart sub-event types of the types the rules split by them lowered F1 from 0.642
/// to 0.630: the extracted sub-event type is often wrong where the occurrence is one. Keeping apart
/// reports placed by their text in different provinces or towns lowered cross-validated F1
/// from 0.642 to 0.631: extracted places differ more often than the occurrences do.)
pub fn apart(a: &Identity, b: &Identity) -> bool {
    (a.date.is_some() && b.date.is_some() && a.date != b.date)
        || changes_territory(a.sub_event) != changes_territory(b.sub_event)
}

/// The rules' answer: same event type (and sub-event type where the type splits by it), same
/// country, the same place unless one of them is not placed by its text, the same day unless
/// one is undated, and no actor named differently in their clauses.
pub fn rules_agree(a: &Identity, b: &Identity) -> bool {
    let compatible = |x: &Option<String>, y: &Option<String>| x.is_none() || y.is_none() || x == y;
    same_kind(a, b)
        && !apart(a, b)
        && (!crate::frame::splits_by_sub_event(a.event_type) || a.sub_event == b.sub_event)
        && (a.place_key() == b.place_key() || !a.placed_by_text || !b.placed_by_text)
        && compatible(&a.actors[0], &b.actors[0])
        && compatible(&a.actors[1], &b.actors[1])
}

/// Of one event type and country: what two reports must share to be weighed at all.
pub fn same_kind(a: &Identity, b: &Identity) -> bool {
    a.event_type == b.event_type && a.country == b.country
}

/// A battle that moves territory (taken, regained) and the fighting around it are coded apart,
/// as ACLED codes them: merged, the more specific type would hide the clash.
fn changes_territory(t: SubEventType) -> bool {
    matches!(
        t,
        SubEventType::GovernmentRegainsTerritory | SubEventType::NonStateActorOvertakesTerritory
    )
}

/// Agreement of two optional values: both the same, one missing, or different.
fn agreement<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> &'static str {
    match (a, b) {
        (Some(x), Some(y)) if x == y => "same",
        (Some(_), Some(_)) => "differ",
        (None, None) => "neither",
        _ => "one",
    }
}

/// The features of a pair of identities (`a` the earlier in the text).
pub fn pair_features(a: &Identity, b: &Identity) -> Vec<String> {
    let mut f = Vec::with_capacity(16);
    let rules = rules_agree(a, b);
    f.push(format!("rules={rules}"));
    let sub = if a.sub_event == b.sub_event {
        "same"
    } else {
        "differ"
    };
    f.push(format!("sub={sub}|{}", a.event_type.as_str()));
    let place = match (a.placed_by_text, b.placed_by_text) {
        (true, true) if a.place_key() == b.place_key() => "same",
        (true, true) if a.admin1.is_some() && a.admin1 == b.admin1 => "same admin1",
        (true, true) => "differ",
        (false, false) => "neither placed",
        _ => "one placed",
    };
    f.push(format!("place={place}"));
    if place == "same admin1" || place == "differ" {
        let precisions = |x: &Identity| x.place.as_ref().map_or(0, |p| p.2);
        let (x, y) = (precisions(a), precisions(b));
        f.push(format!("precisions={}|{}", x.min(y), x.max(y)));
    }
    let date = agreement(&a.date, &b.date);
    f.push(format!("date={date}"));
    f.push(format!("place+date={place}|{date}"));
    let actor1 = agreement(&a.actors[0], &b.actors[0]);
    let actor2 = agreement(&a.actors[1], &b.actors[1]);
    f.push(format!("actor1={actor1}"));
    f.push(format!("actor2={actor2}"));
    let crossed = a.actors[0].is_some() && (a.actors[0] == b.actors[1])
        || a.actors[1].is_some() && (a.actors[1] == b.actors[0]);
    if crossed {
        f.push("actors crossed".to_string());
    }
    f.push(format!(
        "fatalities={}",
        agreement(&a.fatalities, &b.fatalities)
    ));
    let distance = b.sentence.abs_diff(a.sentence) as i64;
    f.push(format!("sentences apart={}", bucket(distance)));
    f.push(format!("rules+apart={rules}|{}", bucket(distance)));
    let same_trigger = a.trigger == b.trigger;
    f.push(format!("same trigger={same_trigger}"));
    f.push(format!("first trigger={}", a.trigger));
    f.push(format!("second trigger={}", b.trigger));
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(tsv: &str) -> MergeDecision {
        MergeDecision::Learned(LinearModel::from_tsv(tsv).unwrap())
    }

    fn identity(sentence: usize, place: Option<&str>, date: Option<u32>) -> Identity {
        Identity {
            event_type: EventType::Battles,
            sub_event: SubEventType::ArmedClash,
            country: Some("YE".into()),
            admin1: Some("Lahij".into()),
            place: place.map(|p| (p.to_string(), None, 1)),
            placed_by_text: place.is_some(),
            date: date.map(|d| NaiveDate::from_ymd_opt(2015, 8, d).unwrap()),
            actors: [Some("Houthis".into()), None],
            fatalities: None,
            sentence,
            trigger: "اشتباكات".into(),
            sentence_hash: sentence as u64,
        }
    }

    #[test]
    fn rules_join_only_what_every_member_agrees_with() {
        let rules = MergeDecision::Rules;
        let anad = identity(0, Some("Al Anad"), Some(3));
        let unplaced = identity(2, None, Some(3));
        let other_town = identity(4, Some("Tuban"), Some(3));
        assert!(rules.join(std::slice::from_ref(&anad), &unplaced).1);
        assert!(!rules.join(&[anad.clone(), unplaced.clone()], &other_town).1);
        assert!(
            !rules
                .join(&[anad], &identity(5, Some("Al Anad"), Some(4)))
                .1
        );
    }

    #[test]
    fn pair_features_say_what_agrees() {
        let a = identity(0, Some("Al Anad"), Some(3));
        let b = identity(3, Some("Tuban"), None);
        let f = pair_features(&a, &b);
        for expected in [
            "rules=false",
            "place=same admin1",
            "date=one",
            "actor1=same",
            "actor2=neither",
            "sentences apart=3-5",
        ] {
            assert!(
                f.iter().any(|x| x == expected),
                "{expected} missing in {f:?}"
            );
        }
    }

    #[test]
    fn a_learned_decision_joins_by_the_mean_over_members() {
        let a = identity(0, Some("Al Anad"), Some(3));
        let b = identity(1, Some("Al Anad"), Some(3));
        let far = identity(9, Some("Tuban"), Some(3));
        let model = learned("@bias\t0\n@threshold\t0.6\nplace=same\t3\nplace=same admin1\t-3\n");
        assert!(model.join(std::slice::from_ref(&a), &b).1);
        assert!(!model.join(std::slice::from_ref(&a), &far).1);
        // a member that disagrees pulls the mean below the threshold
        let (p, joins) = model.join(&[a, far], &b);
        assert!(!joins && (p - 0.5).abs() < 1e-6, "p={p}");
    }

    #[test]
    fn a_verbatim_repeat_joins_whatever_the_model_says() {
        let model = learned("@bias\t-5\n@threshold\t0.6\n");
        let first = identity(0, Some("Al Anad"), Some(3));
        let repeat = Identity {
            sentence: 40,
            ..first.clone()
        };
        assert!(
            !model
                .join(
                    std::slice::from_ref(&first),
                    &identity(40, Some("Al Anad"), Some(3))
                )
                .1
        );
        assert!(model.join(&[first], &repeat).1);
    }

    #[test]
    fn a_territory_change_never_joins_the_fighting_around_it() {
        let model = learned("@bias\t5\n@threshold\t0.6\n");
        let clash = identity(0, Some("Al Anad"), Some(3));
        let taken = Identity {
            sub_event: SubEventType::NonStateActorOvertakesTerritory,
            ..identity(2, Some("Al Anad"), Some(3))
        };
        assert!(!model.join(std::slice::from_ref(&clash), &taken).1);
        assert!(!MergeDecision::Rules.join(&[clash], &taken).1);
    }

    #[test]
    fn reports_of_different_days_never_join() {
        let model = learned("@bias\t5\n@threshold\t0.6\n");
        let monday = identity(0, Some("Al Anad"), Some(3));
        assert!(
            model
                .join(std::slice::from_ref(&monday), &identity(2, None, None))
                .1
        );
        assert!(!model.join(&[monday], &identity(2, None, Some(4))).1);
    }
}
