//! Learning decisions from gold and measuring them on articles they never saw.
//!
//! - [`label`]: a candidate is a yes when a gold event of its article (required or optional)
//!   matches it as the scorer matches (same event type and country, dates within three days)
//!   and it points at that event's words: its sentence is the gold evidence, or its place is
//!   the gold place.
//!   The actor options of a matched candidate ([`crate::actor_choice`]) are labelled by
//!   whether the name they give the record is the gold event's actor of their role; two
//!   matched candidates that may be one occurrence (of one type and country, not
//!   [`crate::occurrence::apart`]) by whether they match the same gold event.
//! - [`train`]: the event decision fitted to every candidate of the given articles;
//!   [`train_actors`]: the actor choice fitted to their options; [`train_merge`]: the merge
//!   decision fitted to their pairs.
//! - [`cross_validate`]: article-level k-fold cross-validation: for each fold, the decisions
//!   are trained on the other folds and the fold's articles are extracted with them and scored
//!   ([`crate::score`]); the rules (gates, actors, merging) are scored on the same folds beside
//!   them.

use rayon::prelude::*;

use crate::actor_choice::{ActorDecision, ActorOption};
use crate::args::Role;
use crate::decide::EventDecision;
use crate::gold::{GoldArticle, GoldEvent};
use crate::model::{LinearModel, TrainOptions};
use crate::occurrence::{self, MergeDecision};
use crate::record::EventRecord;
use crate::score::{self, Score};
use crate::{Decisions, Extractor};

/// A labelled candidate (or actor option): its features and whether it is right.
pub type Example = (Vec<String>, bool);

/// The labelled examples of one article.
#[derive(Clone, Debug, Default)]
pub struct ArticleExamples {
    /// Its candidates: is each an event?
    pub events: Vec<Example>,
    /// The actor options of its candidates that are events: is each the gold actor?
    pub actors: Vec<Example>,
    /// The pairs of its candidates that are events and may be one occurrence (of one type and
    /// country, not [`occurrence::apart`]): is each pair one gold event?
    pub pairs: Vec<Example>,
}

/// The gold event of the article this candidate record is (the most similar, when several).
pub fn matched<'g>(record: &EventRecord, gold: &'g [GoldEvent]) -> Option<&'g GoldEvent> {
    matched_index(record, gold).map(|i| &gold[i])
}

/// The index of [`matched`]'s gold event.
fn matched_index(record: &EventRecord, gold: &[GoldEvent]) -> Option<usize> {
    // the first of the most similar: max_by_key keeps the last, so go backwards
    (0..gold.len())
        .rev()
        .filter(|&i| {
            let g = &gold[i];
            score::compatible(g, record)
                && (score::same_evidence(g, record) || score::same_place(g, record))
        })
        .max_by_key(|&i| score::similarity(&gold[i], record))
}

/// Is this candidate record one of the article's gold events?
pub fn label(record: &EventRecord, gold: &[GoldEvent]) -> bool {
    matched(record, gold).is_some()
}

/// Does this actor option give its role the gold event's actor?
pub fn actor_label(gold: &GoldEvent, option: &ActorOption) -> bool {
    let gold_actor = match option.role {
        Role::Agent => gold.actor1.as_ref(),
        Role::Target => gold.actor2.as_ref(),
    };
    score::same_actor_name(gold_actor, option.final_name.as_deref())
}

/// The labelled candidates and actor options of each article, in article order.
pub fn examples(extractor: &Extractor, articles: &[GoldArticle]) -> Vec<ArticleExamples> {
    articles
        .par_iter()
        .map(|a| {
            let mut out = ArticleExamples::default();
            let mut events = Vec::new();
            for c in extractor.candidates(&a.doc) {
                let gold = matched_index(&c.record, &a.events);
                out.events.push((c.features, gold.is_some()));
                let Some(g) = gold else { continue };
                for o in c.actor_options {
                    let yes = actor_label(&a.events[g], &o);
                    out.actors.push((o.features, yes));
                }
                events.push((c.identity, g));
            }
            for (i, (a, ga)) in events.iter().enumerate() {
                for (b, gb) in &events[i + 1..] {
                    if occurrence::same_kind(a, b) && !occurrence::apart(a, b) {
                        out.pairs.push((occurrence::pair_features(a, b), ga == gb));
                    }
                }
            }
            out
        })
        .collect()
}

/// The event decision learned from these articles' labelled candidates.
pub fn train<'e>(
    examples: impl IntoIterator<Item = &'e ArticleExamples>,
    options: TrainOptions,
    threshold: f32,
) -> LinearModel {
    fit(examples, |e| &e.events, options, threshold)
}

/// The actor choice learned from these articles' labelled actor options.
pub fn train_actors<'e>(
    examples: impl IntoIterator<Item = &'e ArticleExamples>,
    options: TrainOptions,
) -> LinearModel {
    fit(examples, |e| &e.actors, options, 0.5)
}

/// The merge decision learned from these articles' labelled pairs of candidates.
pub fn train_merge<'e>(
    examples: impl IntoIterator<Item = &'e ArticleExamples>,
    options: TrainOptions,
) -> LinearModel {
    fit(examples, |e| &e.pairs, options, occurrence::MERGE_THRESHOLD)
}

/// A model fitted to one kind of the articles' examples, answering yes from `threshold`.
fn fit<'e>(
    examples: impl IntoIterator<Item = &'e ArticleExamples>,
    kind: fn(&ArticleExamples) -> &Vec<Example>,
    options: TrainOptions,
    threshold: f32,
) -> LinearModel {
    let all: Vec<Example> = examples
        .into_iter()
        .flat_map(|e| kind(e).iter().cloned())
        .collect();
    let mut model = LinearModel::train(&all, options);
    model.threshold = threshold;
    model
}

/// The fold of each article (0..k): articles ordered by a hash of their id and dealt out in
/// turn, so folds are balanced and do not depend on file order or names' alphabet.
pub fn folds(articles: &[GoldArticle], k: usize) -> Vec<usize> {
    let hash = |s: &str| {
        s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| (hash(&articles[i].doc.doc_id), i));
    let mut fold = vec![0; articles.len()];
    for (n, &i) in order.iter().enumerate() {
        fold[i] = n % k.max(1);
    }
    fold
}

/// The scores of one fold: the rules (gates, actors and merging) and the learned decisions at
/// each threshold.
#[derive(Clone, Debug)]
pub struct FoldScore {
    pub articles: usize,
    pub rules: Score,
    /// (threshold, score) of both learned decisions, in the order asked.
    pub learned: Vec<(f32, Score)>,
    /// The learned decisions (first threshold) with the rules' actors.
    pub rules_actors: Score,
    /// The learned decisions (first threshold) with the rules' merging.
    pub rules_merge: Score,
    /// The fold's records by the learned decision at the first threshold.
    pub records: Vec<EventRecord>,
}

/// The score of one decision over some articles, and the records it gave.
pub fn score_articles(
    extractor: &Extractor,
    articles: &[&GoldArticle],
    decisions: &Decisions,
) -> (Score, Vec<EventRecord>) {
    let scored: Vec<(Score, Vec<EventRecord>)> = articles
        .par_iter()
        .map(|a| {
            let (records, _) = extractor.extract_decided(&a.doc, decisions);
            (score::score_article(&a.events, &records), records)
        })
        .collect();
    let mut total = Score::default();
    let mut all = Vec::new();
    for (s, records) in scored {
        total.add(&s);
        all.extend(records);
    }
    (total, all)
}

/// Article-level k-fold cross-validation of the decisions, at each of `thresholds`;
/// `examples` are the articles' labelled candidates ([`examples`]), in article order.
pub fn cross_validate(
    extractor: &Extractor,
    articles: &[GoldArticle],
    examples: &[ArticleExamples],
    train_only: &[ArticleExamples],
    k: usize,
    options: TrainOptions,
    thresholds: &[f32],
) -> Vec<FoldScore> {
    let fold_of = folds(articles, k);
    (0..k)
        .map(|fold| {
            let training = examples
                .iter()
                .zip(&fold_of)
                .filter(|(_, &f)| f != fold)
                .map(|(e, _)| e)
                .chain(train_only);
            let model = train(training.clone(), options, 0.5);
            let actors = ActorDecision::Learned(train_actors(training.clone(), options));
            let merge = MergeDecision::Learned(train_merge(training, options));
            let held_out: Vec<&GoldArticle> = articles
                .iter()
                .zip(&fold_of)
                .filter(|(_, &f)| f == fold)
                .map(|(a, _)| a)
                .collect();
            let at = |t: f32| {
                let mut m = model.clone();
                m.threshold = t;
                Decisions {
                    event: EventDecision::Learned(m),
                    actors: actors.clone(),
                    merge: merge.clone(),
                }
            };
            let mut records = Vec::new();
            let learned = thresholds
                .iter()
                .enumerate()
                .map(|(i, &t)| {
                    let (score, r) = score_articles(extractor, &held_out, &at(t));
                    if i == 0 {
                        records = r;
                    }
                    (t, score)
                })
                .collect();
            let first = at(thresholds.first().copied().unwrap_or(0.5));
            let rules_actors = Decisions {
                actors: ActorDecision::Rules,
                ..first.clone()
            };
            let rules_merge = Decisions {
                merge: MergeDecision::Rules,
                ..first
            };
            FoldScore {
                articles: held_out.len(),
                rules: score_articles(extractor, &held_out, &Decisions::default()).0,
                learned,
                rules_actors: score_articles(extractor, &held_out, &rules_actors).0,
                rules_merge: score_articles(extractor, &held_out, &rules_merge).0,
                records,
            }
        })
        .collect()
}

/// Mean and (population) standard deviation.
pub fn mean_sd(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    (mean, var.sqrt())
}
