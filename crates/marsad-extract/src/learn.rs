//! Learning decisions from gold and measuring them on articles they never saw.
//!
//! - [`label`]: a candidate is a yes when a gold event of its article (required or optional)
//!   matches it as the scorer matches (same event type and country, dates within three days)
//!   and it points at that event's words: its sentence is the gold evidence, or its place is
//!   the gold place.
//! - [`train`]: the event decision fitted to every candidate of the given articles.
//! - [`cross_validate`]: article-level k-fold cross-validation: for each fold, a decision is
//!   trained on the other folds and the fold's articles are extracted with it and scored
//!   ([`crate::score`]); the rules' gates are scored on the same folds beside it.

use rayon::prelude::*;

use crate::decide::EventDecision;
use crate::gold::{GoldArticle, GoldEvent};
use crate::model::{LinearModel, TrainOptions};
use crate::record::EventRecord;
use crate::score::{self, Score};
use crate::Extractor;

/// A labelled candidate: its features and whether it is an event.
pub type Example = (Vec<String>, bool);

/// Is this candidate record one of the article's gold events?
pub fn label(record: &EventRecord, gold: &[GoldEvent]) -> bool {
    gold.iter().any(|g| {
        score::compatible(g, record)
            && (score::same_evidence(g, record) || score::same_place(g, record))
    })
}

/// The labelled candidates of each article, in article order.
pub fn examples(extractor: &Extractor, articles: &[GoldArticle]) -> Vec<Vec<Example>> {
    articles
        .par_iter()
        .map(|a| {
            extractor
                .candidates(&a.doc)
                .into_iter()
                .map(|c| {
                    let yes = label(&c.record, &a.events);
                    (c.features, yes)
                })
                .collect()
        })
        .collect()
}

/// The event decision learned from these articles' labelled candidates.
pub fn train<'e>(
    examples: impl IntoIterator<Item = &'e Vec<Example>>,
    options: TrainOptions,
    threshold: f32,
) -> LinearModel {
    let all: Vec<Example> = examples.into_iter().flatten().cloned().collect();
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

/// The scores of one fold: the rules' gates and the learned decision at each threshold.
#[derive(Clone, Debug)]
pub struct FoldScore {
    pub articles: usize,
    pub rules: Score,
    /// (threshold, score), in the order asked.
    pub learned: Vec<(f32, Score)>,
    /// The fold's records by the learned decision at the first threshold.
    pub records: Vec<EventRecord>,
}

/// The score of one decision over some articles, and the records it gave.
pub fn score_articles(
    extractor: &Extractor,
    articles: &[&GoldArticle],
    decision: &EventDecision,
) -> (Score, Vec<EventRecord>) {
    let scored: Vec<(Score, Vec<EventRecord>)> = articles
        .par_iter()
        .map(|a| {
            let (records, _) = extractor.extract_decided(&a.doc, decision);
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

/// Article-level k-fold cross-validation of the event decision, at each of `thresholds`;
/// `examples` are the articles' labelled candidates ([`examples`]), in article order.
pub fn cross_validate(
    extractor: &Extractor,
    articles: &[GoldArticle],
    examples: &[Vec<Example>],
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
                .map(|(e, _)| e);
            let model = train(training, options, 0.5);
            let held_out: Vec<&GoldArticle> = articles
                .iter()
                .zip(&fold_of)
                .filter(|(_, &f)| f == fold)
                .map(|(a, _)| a)
                .collect();
            let mut records = Vec::new();
            let learned = thresholds
                .iter()
                .enumerate()
                .map(|(i, &t)| {
                    let mut m = model.clone();
                    m.threshold = t;
                    let (score, r) =
                        score_articles(extractor, &held_out, &EventDecision::Learned(m));
                    if i == 0 {
                        records = r;
                    }
                    (t, score)
                })
                .collect();
            FoldScore {
                articles: held_out.len(),
                rules: score_articles(extractor, &held_out, &EventDecision::Gates).0,
                learned,
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
