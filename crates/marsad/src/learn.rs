//! `marsad train` and `marsad eval`: the event decision, the actor choice and the merge decision
//! learned from gold folders, and their article-level cross-validation with the reference
//! scorer's matching.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use marsad_extract::actor_choice::ActorDecision;
use marsad_extract::args::Role;
use marsad_extract::decide::{EventDecision, SHIPPED_THRESHOLD};
use marsad_extract::gold::GoldSet;
use marsad_extract::learn::{self, FoldScore};
use marsad_extract::model::{LinearModel, TrainOptions};
use marsad_extract::occurrence::MergeDecision;
use marsad_extract::score::{Score, FIELDS};
use marsad_extract::Extractor;

use crate::Outcome;

/// The gold an evaluation or training reads.
#[derive(clap::Args)]
pub struct GoldArgs {
    /// Gold folders (JSON files as in docs/annotation-guidelines.md); give several to join them.
    #[arg(long, required = true, num_args = 1..)]
    gold: Vec<PathBuf>,
    /// Gold folders that only train, never scored: each fold's decision learns from them beside
    /// the other folds (e.g. more annotated articles, while the given gold stays the measure).
    #[arg(long, num_args = 1..)]
    train_only: Vec<PathBuf>,
    /// Folder that `text_ref` paths start from (default: the nearest folder above each gold
    /// file where the referenced file exists).
    #[arg(long)]
    root: Option<PathBuf>,
    /// Training epochs.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
    /// Features seen in fewer training candidates are left out.
    #[arg(long, default_value_t = TrainOptions::default().min_count)]
    min_count: usize,
    /// L2 shrinkage of the weights per training example.
    #[arg(long, default_value_t = TrainOptions::default().l2)]
    l2: f32,
}

impl GoldArgs {
    fn options(&self) -> TrainOptions {
        TrainOptions {
            epochs: self.epochs,
            min_count: self.min_count,
            l2: self.l2,
            ..TrainOptions::default()
        }
    }

    /// Reads the gold, reporting what was left out; an error when nothing is left.
    fn read(&self) -> Result<GoldSet> {
        let set = self.read_folders(&self.gold, "gold")?;
        if set.event_count() == 0 {
            bail!("the gold folders hold no event to learn from");
        }
        Ok(set)
    }

    /// Reads the train-only gold (empty when none is given), reporting what was left out.
    fn read_train_only(&self) -> Result<GoldSet> {
        if self.train_only.is_empty() {
            return Ok(GoldSet::read(&[], self.root.as_deref()));
        }
        self.read_folders(&self.train_only, "train-only gold")
    }

    fn read_folders(&self, folders: &[PathBuf], what: &str) -> Result<GoldSet> {
        let set = GoldSet::read(folders, self.root.as_deref());
        for p in &set.problems {
            eprintln!("marsad: {p}");
        }
        if set.articles.is_empty() {
            bail!("no gold article could be read from {folders:?}");
        }
        eprintln!(
            "{what}: {} articles, {} events",
            set.articles.len(),
            set.event_count()
        );
        Ok(set)
    }
}

/// Cross-validate the event decision on gold articles, by article.
///
/// Splits the articles into k folds; for each fold, trains the decision on the other folds and
/// scores the fold's articles as `shared/tools/score_events.py` does. Prints precision, recall,
/// F1 and field accuracies per fold and their mean and spread, for the learned decision and for
/// the rules' gates alone. With --shipped, scores the shipped decision on all the articles
/// instead (a fit, not a measure, when they are its training gold).
///
/// Examples:
///   marsad eval --gold ../shared/data/dev-gold ../shared/data/train-gold --folds 5
///   marsad eval --gold my-gold --shipped --json scores.json
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct EvalArgs {
    #[command(flatten)]
    gold: GoldArgs,
    /// Number of folds.
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Decision thresholds to score the learned decision at (comma-separated).
    #[arg(long, value_delimiter = ',', default_values_t = [SHIPPED_THRESHOLD])]
    thresholds: Vec<f32>,
    /// Score the shipped decision on all the articles, without cross-validation.
    #[arg(long)]
    shipped: bool,
    /// With --shipped: score this event decision file (written by `marsad train`) instead.
    #[arg(long, requires = "shipped")]
    model: Option<PathBuf>,
    /// With --shipped: score this actor choice file (written by `marsad train`) instead.
    #[arg(long, requires = "shipped")]
    actor_model: Option<PathBuf>,
    /// With --shipped: score this merge decision file (written by `marsad train`) instead.
    #[arg(long, requires = "shipped")]
    merge_model: Option<PathBuf>,
    /// Also write the figures as JSON to this file.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Write every candidate (record, the rules' objection, its label against the gold, its
    /// features) as JSONL to this file, to see what the decision chooses from.
    #[arg(long)]
    candidates: Option<PathBuf>,
    /// Write the held-out records of the learned decision (at the first threshold) as JSONL to
    /// this file: every article scored by a decision that never saw it (with --shipped: the
    /// shipped decision's records).
    #[arg(long)]
    predictions: Option<PathBuf>,
}

pub fn eval(args: EvalArgs) -> Result<Outcome> {
    let set = args.gold.read()?;
    let mut extractor = Extractor::load_default().context("loading the extraction resources")?;
    if let Some(path) = &args.model {
        extractor = extractor.with_decision(EventDecision::Learned(read_model(path)?));
    }
    if let Some(path) = &args.actor_model {
        extractor = extractor.with_actor_decision(ActorDecision::Learned(read_model(path)?));
    }
    if let Some(path) = &args.merge_model {
        extractor = extractor.with_merge_decision(MergeDecision::Learned(read_model(path)?));
    }
    if let Some(path) = &args.candidates {
        write_candidates(&extractor, &set, path)?;
    }
    let json = if args.shipped {
        let all: Vec<_> = set.articles.iter().collect();
        let (score, records) = learn::score_articles(&extractor, &all, extractor.decisions());
        println!("{}", table(&[("shipped".into(), vec![score.clone()])]));
        if let Some(path) = &args.predictions {
            write_records(path, &records)?;
        }
        serde_json::json!({ "articles": all.len(), "shipped": score_json(&score) })
    } else {
        if args.folds < 2 || args.folds > set.articles.len() {
            bail!(
                "--folds must be between 2 and the number of articles ({})",
                set.articles.len()
            );
        }
        let examples = learn::examples(&extractor, &set.articles);
        let extra = learn::examples(&extractor, &args.gold.read_train_only()?.articles);
        let folds = learn::cross_validate(
            &extractor,
            &set.articles,
            &examples,
            &extra,
            args.folds,
            args.gold.options(),
            &args.thresholds,
        );
        let mut rows = vec![(
            "rules".to_string(),
            folds.iter().map(|f| f.rules.clone()).collect(),
        )];
        for (i, t) in args.thresholds.iter().enumerate() {
            rows.push((
                format!("learned@{t}"),
                folds.iter().map(|f| f.learned[i].1.clone()).collect(),
            ));
        }
        rows.push((
            format!("rules' actors@{}", args.thresholds[0]),
            folds.iter().map(|f| f.rules_actors.clone()).collect(),
        ));
        rows.push((
            format!("rules' merging@{}", args.thresholds[0]),
            folds.iter().map(|f| f.rules_merge.clone()).collect(),
        ));
        println!(
            "{} articles, {} folds (article level); per fold, then mean ± sd over folds",
            set.articles.len(),
            args.folds
        );
        println!("{}", table(&rows));
        if let Some(path) = &args.predictions {
            let records: Vec<_> = folds
                .iter()
                .flat_map(|f| f.records.iter().cloned())
                .collect();
            write_records(path, &records)?;
        }
        cv_json(&folds, &rows)
    };
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&json)? + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(outcome(&set))
}

/// Writes event records as JSONL.
fn write_records(path: &std::path::Path, records: &[marsad_extract::EventRecord]) -> Result<()> {
    let mut out = String::new();
    for r in records {
        out.push_str(&serde_json::to_string(r)?);
        out.push('\n');
    }
    std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))
}

/// Train the event decision, the actor choice and the merge decision on gold articles and write
/// their weights.
///
/// Reproduces the shipped weights (data/models/event.tsv, actors.tsv, merge.tsv) from the
/// same gold and code: the training is deterministic. Cross-validates first (5 folds unless --folds) and writes the
/// figures into the weights' provenance note.
///
/// Example:
///   marsad train --gold ../shared/data/dev-gold ../shared/data/train-gold --out data/models
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct TrainArgs {
    #[command(flatten)]
    gold: GoldArgs,
    /// Folder to write event.tsv, actors.tsv and merge.tsv into.
    #[arg(long)]
    out: PathBuf,
    /// The probability from which a candidate is an event.
    #[arg(long, default_value_t = SHIPPED_THRESHOLD)]
    threshold: f32,
    /// Folds of the cross-validation written into the provenance (0: none).
    #[arg(long, default_value_t = 5)]
    folds: usize,
}

pub fn train(args: TrainArgs) -> Result<Outcome> {
    let set = args.gold.read()?;
    let extractor = Extractor::load_default()
        .context("loading the extraction resources")?
        .with_decision(EventDecision::Gates)
        .with_actor_decision(ActorDecision::Rules)
        .with_merge_decision(MergeDecision::Rules);
    let options = args.gold.options();
    let train_only = args.gold.read_train_only()?;
    let names = |folders: &[PathBuf]| {
        folders
            .iter()
            .map(|p| folder_name(p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut trained_on = vec![format!(
        "trained by `marsad train` on {} gold articles ({} events) of {}",
        set.articles.len(),
        set.event_count(),
        names(&args.gold.gold)
    )];
    if !train_only.articles.is_empty() {
        trained_on.push(format!(
            "and on {} train-only articles ({} events) of {}, never scored",
            train_only.articles.len(),
            train_only.event_count(),
            names(&args.gold.train_only)
        ));
    }
    trained_on.extend([
        format!(
            "code: marsad {} at commit {}",
            env!("CARGO_PKG_VERSION"),
            commit()
        ),
        format!(
            "options: epochs {}, min_count {}, l2 {}, learning rate {}, threshold {}",
            options.epochs, options.min_count, options.l2, options.learning_rate, args.threshold
        ),
    ]);
    let mut provenance = vec![
        "marsad event decision: is a drafted candidate a reportable event (logistic regression)"
            .to_string(),
    ];
    provenance.extend(trained_on.iter().cloned());
    let mut actor_provenance = vec![
        "marsad actor choice: is an option (a mention, the empty slot, the country's forces) the actor of its role (logistic regression)".to_string(),
    ];
    let mut merge_provenance = vec![
        "marsad merge decision: do two kept candidates of one article, of one type and country, describe one occurrence (logistic regression)".to_string(),
    ];
    merge_provenance.extend(trained_on.iter().cloned());
    actor_provenance.extend(trained_on);
    let examples = learn::examples(&extractor, &set.articles);
    let extra = learn::examples(&extractor, &train_only.articles);
    if args.folds >= 2 {
        let folds = learn::cross_validate(
            &extractor,
            &set.articles,
            &examples,
            &extra,
            args.folds,
            options,
            &[args.threshold],
        );
        let learned: Vec<Score> = folds.iter().map(|f| f.learned[0].1.clone()).collect();
        let rules_actors: Vec<Score> = folds.iter().map(|f| f.rules_actors.clone()).collect();
        let rules_merge: Vec<Score> = folds.iter().map(|f| f.rules_merge.clone()).collect();
        let rows = [
            ("learned".to_string(), learned),
            ("rules' actors".to_string(), rules_actors),
            ("rules' merging".to_string(), rules_merge),
        ];
        for p in [
            &mut provenance,
            &mut actor_provenance,
            &mut merge_provenance,
        ] {
            p.push(format!(
                "{}-fold article-level cross-validation on the same gold (mean ± sd over folds):",
                args.folds
            ));
            for line in table(&rows).lines() {
                p.push(format!("  {line}"));
            }
        }
    }
    let count = |get: fn(&learn::ArticleExamples) -> &Vec<learn::Example>| {
        let all = examples.iter().chain(&extra).flat_map(get);
        let (n, yes) = all.fold((0, 0), |(n, y), e| (n + 1, y + usize::from(e.1)));
        (n, yes)
    };
    let (candidates, yes) = count(|e| &e.events);
    provenance.push(format!("{candidates} candidates, {yes} of them events"));
    let (options_n, right) = count(|e| &e.actors);
    actor_provenance.push(format!(
        "{options_n} actor options of the candidates that are events, {right} of them the gold actor"
    ));
    let (pairs, same) = count(|e| &e.pairs);
    merge_provenance.push(format!(
        "{pairs} pairs of candidates that are events, {same} of them one gold event"
    ));
    let mut model = learn::train(examples.iter().chain(&extra), options, args.threshold);
    model.provenance = provenance;
    let mut actors = learn::train_actors(examples.iter().chain(&extra), options);
    actors.provenance = actor_provenance;
    let mut merge = learn::train_merge(examples.iter().chain(&extra), options);
    merge.provenance = merge_provenance;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    for (name, m) in [
        ("event.tsv", &model),
        ("actors.tsv", &actors),
        ("merge.tsv", &merge),
    ] {
        let path = args.out.join(name);
        std::fs::write(&path, m.to_tsv()).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    for line in &model.provenance {
        eprintln!("{line}");
    }
    Ok(outcome(&set))
}

/// A decision file written by `marsad train`.
pub fn read_model(path: &Path) -> Result<LinearModel> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    LinearModel::from_tsv(&text)
        .map_err(|(line, message)| anyhow::anyhow!("{}: line {line}: {message}", path.display()))
}

fn write_candidates(extractor: &Extractor, set: &GoldSet, path: &Path) -> Result<()> {
    let mut out = String::new();
    for a in &set.articles {
        for c in extractor.candidates(&a.doc) {
            let gold = learn::matched(&c.record, &a.events);
            let actor_options: Vec<serde_json::Value> = c
                .actor_options
                .iter()
                .map(|o| {
                    serde_json::json!({
                        "role": if o.role == Role::Agent { "actor1" } else { "actor2" },
                        "actor": o.actor.as_ref().map(|a| &a.name),
                        "text": o.actor.as_ref().and_then(|a| a.text.as_ref()),
                        "final_name": o.final_name,
                        "label": gold.map(|g| learn::actor_label(g, o)),
                        "features": o.features,
                    })
                })
                .collect();
            let line = serde_json::json!({
                "doc_id": a.doc.doc_id,
                "label": gold.is_some(),
                "gate": c.gate,
                "record": c.record,
                "features": c.features,
                "actor_options": actor_options,
            });
            out.push_str(&line.to_string());
            out.push('\n');
        }
    }
    std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))
}

/// Partial when some gold file or event was left out (reported as it was read).
fn outcome(set: &GoldSet) -> Outcome {
    if set.problems.is_empty() {
        Outcome::Done
    } else {
        Outcome::Partial
    }
}

fn folder_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// The commit of the working tree the command runs in, when it is a git checkout.
fn commit() -> String {
    std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// A table of P/R/F1 and field accuracies: for each row, one line per fold (when several)
/// and the mean ± sd.
fn table(rows: &[(String, Vec<Score>)]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "{:<14} {:>13} {:>13} {:>13}",
        "", "precision", "recall", "F1"
    );
    for f in FIELDS {
        let _ = write!(out, " {:>13}", f);
    }
    out.push('\n');
    let line = |out: &mut String, name: &str, values: Vec<Vec<f64>>| {
        let _ = write!(out, "{name:<14}");
        for v in values {
            let (mean, sd) = learn::mean_sd(&v);
            if v.len() > 1 {
                let _ = write!(out, " {mean:>7.3} ±{sd:.3}");
            } else {
                let _ = write!(out, " {mean:>13.3}");
            }
        }
        out.push('\n');
    };
    for (name, scores) in rows {
        let columns = |s: &Score| {
            let mut v = vec![s.precision(), s.recall(), s.f1()];
            v.extend((0..FIELDS.len()).map(|i| s.field(i)));
            v
        };
        if scores.len() > 1 {
            for (i, s) in scores.iter().enumerate() {
                line(
                    &mut out,
                    &format!("  fold {}", i + 1),
                    columns(s).into_iter().map(|x| vec![x]).collect(),
                );
            }
        }
        let per_column: Vec<Vec<f64>> = (0..3 + FIELDS.len())
            .map(|c| scores.iter().map(|s| columns(s)[c]).collect())
            .collect();
        line(&mut out, name, per_column);
    }
    out
}

fn score_json(s: &Score) -> serde_json::Value {
    let mut fields = serde_json::Map::new();
    for (i, f) in FIELDS.iter().enumerate() {
        fields.insert((*f).into(), serde_json::json!(s.field(i)));
    }
    serde_json::json!({
        "true_positives": s.true_positives,
        "false_positives": s.false_positives,
        "false_negatives": s.false_negatives,
        "precision": s.precision(),
        "recall": s.recall(),
        "f1": s.f1(),
        "fields": fields,
    })
}

fn cv_json(folds: &[FoldScore], rows: &[(String, Vec<Score>)]) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    out.insert(
        "fold_articles".into(),
        serde_json::json!(folds.iter().map(|f| f.articles).collect::<Vec<_>>()),
    );
    for (name, scores) in rows {
        let summary = |get: &dyn Fn(&Score) -> f64| {
            let v: Vec<f64> = scores.iter().map(get).collect();
            let (mean, sd) = learn::mean_sd(&v);
            serde_json::json!({ "mean": mean, "sd": sd, "folds": v })
        };
        let mut fields = serde_json::Map::new();
        for (i, f) in FIELDS.iter().enumerate() {
            fields.insert((*f).into(), summary(&|s: &Score| s.field(i)));
        }
        out.insert(
            name.clone(),
            serde_json::json!({
                "precision": summary(&Score::precision),
                "recall": summary(&Score::recall),
                "f1": summary(&Score::f1),
                "fields": fields,
            }),
        );
    }
    serde_json::Value::Object(out)
}
