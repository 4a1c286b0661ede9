//! Which actor is actor1 and which is actor2: a choice learned from gold among the actors a
//! candidate's sentence and its neighbours name, an empty slot (the event type's default) and
//! the event country's state forces.
//!
//! The rules of [`crate::frame`] still read the clause first (subject, object, cue words, the
//! weapon's owner); their choice is one feature of an option among its side of the trigger, its
//! distance, the words before it, its actor type beside the event type, and where it stands
//! (clause, sentence, the sentence before or after). Options are scored one by one by a
//! [`LinearModel`] (`data/models/actors.tsv`, trained by `marsad train`); the best of each role
//! wins.

use std::ops::Range;

use crate::args::Role;
use crate::decide::bucket;
use crate::frame::{Context, Frame};
use crate::mentions::within;
use crate::model::LinearModel;
use crate::record::{Actor, EventType, SubEventType};

/// The actor decision shipped with marsad (`data/models/actors.tsv`, written by `marsad train`).
pub const EMBEDDED_ACTOR_MODEL: &str = include_str!("../../../data/models/actors.tsv");

/// How actors are chosen.
#[derive(Clone, Debug, Default)]
pub enum ActorDecision {
    /// The rules' choice stands.
    #[default]
    Rules,
    /// A learned model scores every option.
    Learned(LinearModel),
}

impl ActorDecision {
    /// The shipped decision: the embedded model, or the rules when it holds no weights.
    pub fn embedded() -> ActorDecision {
        LinearModel::embedded(EMBEDDED_ACTOR_MODEL)
            .map_or(ActorDecision::Rules, ActorDecision::Learned)
    }
}

/// What an option puts in its role's slot.
#[derive(Clone, Debug, PartialEq)]
pub enum Pick {
    /// An actor mention (index into the document's actor mentions).
    Mention(usize),
    /// Nothing: the event type's default applies (an unidentified armed group, protesters…).
    Empty,
    /// The event country's military forces, which the text does not name.
    StateForces,
}

/// One possible filler of actor1 or actor2.
#[derive(Clone, Debug)]
pub struct ActorOption {
    pub role: Role,
    pub pick: Pick,
    /// The actor the record gets (before the type's default, for [`Pick::Empty`]).
    pub actor: Option<Actor>,
    /// The name the record ends with if this option is chosen (the default when empty): what
    /// gold labels are compared with.
    pub final_name: Option<String>,
    pub features: Vec<String>,
}

/// The named actors of one article: how often each dictionary entry is named, and its first
/// mention. Computed once per article.
pub struct ArticleActors {
    counts: std::collections::HashMap<u32, usize>,
    first_mentions: Vec<usize>,
}

impl ArticleActors {
    pub fn new(cx: &Context) -> ArticleActors {
        let mut counts = std::collections::HashMap::new();
        let mut first_mentions = Vec::new();
        for (i, m) in cx.mentions.actors.iter().enumerate() {
            if let Some(&e) = m.entries.first() {
                let n = counts.entry(e).or_insert(0);
                if *n == 0 {
                    first_mentions.push(i);
                }
                *n += 1;
            }
        }
        ArticleActors {
            counts,
            first_mentions,
        }
    }
}

/// Most of the article's other named actors that are options of one frame.
const MAX_ARTICLE_OPTIONS: usize = 32;

/// At most `keep` of `items`, those with the smallest `distance`, in their original order.
fn nearest(mut items: Vec<usize>, keep: usize, distance: impl Fn(usize) -> usize) -> Vec<usize> {
    if items.len() > keep {
        items.sort_by_key(|&a| (distance(a), a));
        items.truncate(keep);
        items.sort_unstable();
    }
    items
}

/// Sentences either side of the candidate's whose actors are options.
const NEIGHBOUR_SENTENCES: usize = 1;

/// The options of both roles of one frame. `resolve` turns a mention into the record's actor
/// (None when it names no known actor); `default1` is actor1 when the slot stays empty.
#[allow(clippy::too_many_arguments)]
pub fn options(
    cx: &Context,
    article: &ArticleActors,
    frame: &Frame,
    sub_event: SubEventType,
    country: Option<&str>,
    country_name: Option<&str>,
    default1: Option<&Actor>,
    resolve: impl Fn(usize) -> Option<Actor>,
) -> Vec<ActorOption> {
    let sentences = &cx.analysis.sentences;
    let first = frame.sentence.saturating_sub(NEIGHBOUR_SENTENCES);
    let last = (frame.sentence + NEIGHBOUR_SENTENCES).min(sentences.len() - 1);
    let scope = sentences[first].tokens.start..sentences[last].tokens.end;
    let own = &sentences[frame.sentence].tokens;
    let trigger = cx.mentions.triggers[frame.head].tokens.clone();
    let sub = sub_event.as_str();
    let trigger_key = trigger
        .clone()
        .map(|t| cx.key(t))
        .collect::<Vec<_>>()
        .join("_");
    let etype = sub_event.event_type().as_str();
    let rules = |role: Role| match role {
        Role::Agent => frame.actor1.as_ref(),
        Role::Target => frame.actor2.as_ref(),
    };
    // a mention whose name is a trigger of the frame (ميليشيات التمرد) is not one of its sides;
    // a member noun that is (مقاتلات التحالف) is
    let candidate = |a: usize| {
        !frame.triggers.iter().any(|&t| {
            crate::mentions::overlaps(
                &cx.mentions.actors[a].name_tokens,
                &cx.mentions.triggers[t].tokens,
            )
        })
    };
    let in_scope: Vec<usize> = within(&cx.mentions.actors, &scope, |a| &a.tokens)
        .map(|(i, _)| i)
        .filter(|&a| candidate(a))
        .collect();
    // and the article's other named actors, once each (its first mention)
    let entry = |a: usize| cx.mentions.actors[a].entries.first().copied();
    let named_in_scope: Vec<u32> = in_scope.iter().filter_map(|&a| entry(a)).collect();
    let elsewhere: Vec<usize> = article
        .first_mentions
        .iter()
        .copied()
        .filter(|&a| entry(a).is_some_and(|e| !named_in_scope.contains(&e)))
        .collect();
    // A long text names hundreds of actors: every frame scoring all of them made extraction
    // time grow with the square of the text. Keep the ones first named nearest the frame.
    let elsewhere = nearest(elsewhere, MAX_ARTICLE_OPTIONS, |a| {
        side_and_distance(&cx.mentions.actors[a].tokens, &trigger).1
    });
    let mut out = Vec::new();
    for role in [Role::Agent, Role::Target] {
        let r = match role {
            Role::Agent => "1",
            Role::Target => "2",
        };
        let other = match role {
            Role::Agent => Role::Target,
            Role::Target => Role::Agent,
        };
        let rules_empty = rules(role).is_none();
        let final_of = |actor: Option<&Actor>| match role {
            Role::Agent => actor.or(default1).map(|a| a.name.clone()),
            Role::Target => actor.map(|a| a.name.clone()),
        };
        // whether a mention of this role is civilians the event's toll counts
        let mut victims_counted = false;
        for &a in in_scope.iter().chain(&elsewhere) {
            let Some(actor) = resolve(a) else { continue };
            let m = &cx.mentions.actors[a];
            let mut f = Vec::with_capacity(24);
            let (side, distance) = side_and_distance(&m.tokens, &trigger);
            let place = if m.tokens.start >= frame.clause.start && m.tokens.end <= frame.clause.end
            {
                "clause"
            } else if m.tokens.start >= own.start && m.tokens.end <= own.end {
                "sentence"
            } else if m.tokens.end <= scope.start || m.tokens.start >= scope.end {
                "article"
            } else if m.tokens.start < own.start {
                "previous"
            } else {
                "next"
            };
            let inter = actor.inter.unwrap_or(0);
            f.push(format!("{r}|mention"));
            f.push(format!("{r}|at={place}"));
            f.push(format!("{r}|at={place}|{side}"));
            f.push(format!("{r}|dist={}|{side}", bucket(distance as i64)));
            f.push(format!("{r}|inter={inter}|{sub}"));
            f.push(format!("{r}|inter={inter}|{etype}|{side}"));
            f.push(format!("{r}|inter={inter}|{place}"));
            match rules(role) {
                Some(c) if c.value == a => {
                    f.push(format!("{r}|rules"));
                    f.push(format!("{r}|rules={}", c.rule));
                }
                _ => {}
            }
            if rules(other).is_some_and(|c| c.value == a) {
                f.push(format!("{r}|rules_other"));
            }
            if rules_empty {
                f.push(format!("{r}|rules_empty|{place}|{side}"));
            }
            // the people a death phrase of the event counts (مقتل 21 مدنيا)
            let counted = frame
                .casualties
                .death_phrases
                .iter()
                .any(|p| m.tokens.start >= p.start && m.tokens.start <= p.end);
            victims_counted |= counted && inter == 7;
            if counted {
                f.push(format!("{r}|counted_dead"));
                f.push(format!("{r}|counted_dead|inter={inter}|{etype}"));
            }
            if m.position {
                f.push(format!("{r}|position"));
            }
            if m.anaphor.is_some() {
                f.push(format!("{r}|anaphor"));
            }
            if country_name.is_some_and(|c| actor.name.contains(c)) {
                f.push(format!("{r}|of_event_country|inter={inter}"));
            }
            let nearest = !in_scope.iter().any(|&b| {
                b != a && {
                    let t = &cx.mentions.actors[b].tokens;
                    if side == "before" {
                        t.start >= m.tokens.end && t.end <= trigger.start
                    } else {
                        t.start >= trigger.end && t.end <= m.tokens.start
                    }
                }
            });
            if nearest {
                f.push(format!("{r}|nearest|{side}"));
            }
            if m.tokens.start > own.start.min(m.tokens.start) && m.tokens.start > 0 {
                let prev = cx.key(m.tokens.start - 1);
                f.push(format!("{r}|prev={prev}"));
                f.push(format!("{r}|prev={prev}|{side}"));
            }
            f.push(format!("{r}|head={}", cx.key(m.tokens.start)));
            if let Some(id) = &actor.id {
                f.push(format!("{r}|id={id}|{etype}"));
            }
            f.push(format!("{r}|trigger={trigger_key}|{side}"));
            f.push(format!("{r}|inter={inter}|{sub}|{place}|{side}"));
            let mentions_of_entry = entry(a).map_or(1, |e| article.counts[&e]);
            f.push(format!("{r}|mentions={}", bucket(mentions_of_entry as i64)));
            f.sort_unstable();
            f.dedup();
            out.push(ActorOption {
                role,
                pick: Pick::Mention(a),
                final_name: final_of(Some(&actor)),
                actor: Some(actor),
                features: f,
            });
        }
        // the empty slot, weighed against the civilians the event's toll counts (ACLED codes
        // the victims as actor2)
        let mut f = vec![
            format!("{r}|empty"),
            format!("{r}|empty|{sub}"),
            format!("{r}|empty|rules_empty={rules_empty}"),
            format!("{r}|empty|rules_empty={rules_empty}|{sub}"),
            format!("{r}|empty|victims_counted={victims_counted}"),
        ];
        f.sort_unstable();
        out.push(ActorOption {
            role,
            pick: Pick::Empty,
            actor: None,
            final_name: final_of(None),
            features: f,
        });
        // the country's forces, unnamed (الطيران الحربي in a Syrian report)
        if let (Some(cc), Some(name)) = (country, country_name) {
            if sub_event.event_type() == EventType::ExplosionsRemoteViolence {
                let actor = Actor {
                    name: format!("Military Forces of {name}"),
                    text: None,
                    id: None,
                    inter: Some(1),
                    start: None,
                    end: None,
                };
                let mut f = vec![
                    format!("{r}|state"),
                    format!("{r}|state|{sub}"),
                    format!("{r}|state|{cc}"),
                    format!("{r}|state|{cc}|{etype}"),
                    format!("{r}|state|rules_empty={rules_empty}|{sub}"),
                ];
                f.sort_unstable();
                out.push(ActorOption {
                    role,
                    pick: Pick::StateForces,
                    final_name: final_of(Some(&actor)),
                    actor: Some(actor),
                    features: f,
                });
            }
        }
    }
    out
}

/// Which side of the trigger a mention stands on, and how many tokens lie between them.
fn side_and_distance(m: &Range<usize>, trigger: &Range<usize>) -> (&'static str, usize) {
    if m.end <= trigger.start {
        ("before", trigger.start - m.end)
    } else {
        ("after", m.start.saturating_sub(trigger.end))
    }
}

/// The best option of each role by the model (actor2 never the same actor as actor1).
pub fn choose<'o>(
    model: &LinearModel,
    options: &'o [ActorOption],
) -> (Option<&'o ActorOption>, Option<&'o ActorOption>) {
    let first = most_probable(model, options, |o| o.role == Role::Agent).map(|(_, o)| o);
    let except = first
        .and_then(|o| o.actor.as_ref())
        .map(|a| a.name.as_str());
    let second = most_probable(model, options, |o| {
        o.role == Role::Target
            && except.is_none_or(|n| o.actor.as_ref().is_none_or(|a| a.name != n))
    })
    .map(|(_, o)| o);
    (first, second)
}

/// The most probable option of `chosen`'s role that names another outcome than `chosen` (for
/// explanations): its final name ("none" for an empty slot) and probability.
pub fn runner_up(
    model: &LinearModel,
    options: &[ActorOption],
    chosen: &ActorOption,
) -> Option<(String, f32)> {
    most_probable(model, options, |o| {
        o.role == chosen.role && o.final_name != chosen.final_name
    })
    .map(|(p, o)| (o.final_name.clone().unwrap_or_else(|| "none".into()), p))
}

/// The option the model finds most probable among those `keep` accepts, with its probability.
fn most_probable<'o>(
    model: &LinearModel,
    options: &'o [ActorOption],
    keep: impl Fn(&ActorOption) -> bool,
) -> Option<(f32, &'o ActorOption)> {
    options
        .iter()
        .filter(|o| keep(o))
        .map(|o| (model.probability(&o.features), o))
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_options_are_kept_in_text_order() {
        let items: Vec<usize> = (0..10).collect();
        // distance from item 6
        let kept = nearest(items.clone(), 3, |a| a.abs_diff(6));
        assert_eq!(kept, [5, 6, 7]);
        assert_eq!(nearest(items.clone(), 20, |a| a), items);
    }
}
