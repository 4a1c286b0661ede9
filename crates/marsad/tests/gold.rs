//! Measurements against the shared gold data, run through the real `marsad` binary. Skips,
//! saying so, when the shared data (`$MARSAD_SHARED`, else `../shared` beside the repository)
//! is not there.
//!
//! - the learned event decision, cross-validated by article over all visible gold (dev-gold +
//!   train-gold): each fold scored by a decision trained without it. The floors are
//!   cross-validated figures, never the fit of the shipped weights on their own gold;
//! - the learned actor choice, on the same folds, against the rules' actors;
//! - `marsad eval` scores as `shared/tools/score_events.py` does, figure for figure.

use std::path::{Path, PathBuf};
use std::process::Command;

fn shared() -> Option<PathBuf> {
    let path = std::env::var_os("MARSAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    path.join("tools/score_events.py").exists().then_some(path)
}

/// Cross-validated floors (mean over 5 folds): raise them as extraction improves, never lower.
const MIN_CV_F1: f64 = 0.59;
const MIN_CV_PRECISION: f64 = 0.60;
const MIN_CV_DATE: f64 = 0.83;
const MIN_CV_ADMIN1: f64 = 0.83;
const MIN_CV_ACTOR1: f64 = 0.62;
const MIN_CV_ACTOR2: f64 = 0.62;

fn temp_json(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("marsad-{name}-{}.json", std::process::id()))
}

fn read_json(path: &Path) -> serde_json::Value {
    let v = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let _ = std::fs::remove_file(path);
    v
}

mod needs_shared {
    use super::*;

    #[test]
    #[ignore = "needs ../shared (or MARSAD_SHARED); run with `cargo test -- --ignored needs_` (.ci/run does)"]
    fn cross_validated_event_scores() {
        let shared =
            shared().expect("shared data not found (set MARSAD_SHARED or put it at ../shared)");
        let out = temp_json("cv");
        let status = Command::new(env!("CARGO_BIN_EXE_marsad"))
            .arg("eval")
            .arg("--gold")
            .arg(shared.join("data/dev-gold"))
            .arg(shared.join("data/train-gold"))
            .args(["--folds", "5", "--json"])
            .arg(&out)
            .status()
            .expect("marsad runs");
        assert!(status.success(), "marsad eval failed");
        let cv = read_json(&out);
        eprintln!("cross-validation: {cv:#}");
        let shipped = marsad_extract::decide::SHIPPED_THRESHOLD;
        let learned = &cv[format!("learned@{shipped}")];
        let mean = |v: &serde_json::Value| v["mean"].as_f64().unwrap();
        let f1 = mean(&learned["f1"]);
        assert!(
            f1 >= MIN_CV_F1,
            "cross-validated F1 {f1} fell below {MIN_CV_F1}"
        );
        let precision = mean(&learned["precision"]);
        assert!(
            precision >= MIN_CV_PRECISION,
            "cross-validated precision {precision} fell below {MIN_CV_PRECISION}"
        );
        let date = mean(&learned["fields"]["date"]);
        assert!(date >= MIN_CV_DATE, "cross-validated date accuracy {date}");
        let admin1 = mean(&learned["fields"]["admin1"]);
        assert!(
            admin1 >= MIN_CV_ADMIN1,
            "cross-validated admin1 accuracy {admin1}"
        );
        // the learned actor choice: floors, and above the rules' actors on the same folds
        let rules_actors = &cv[format!("rules' actors@{shipped}")];
        for (field, floor) in [("actor1", MIN_CV_ACTOR1), ("actor2", MIN_CV_ACTOR2)] {
            let learned_field = mean(&learned["fields"][field]);
            let rules_field = mean(&rules_actors["fields"][field]);
            assert!(
                learned_field >= floor,
                "cross-validated {field} accuracy {learned_field} fell below {floor}"
            );
            assert!(
                learned_field > rules_field,
                "learned {field} {learned_field} is not above the rules' {rules_field}"
            );
        }
        // the learned merge decision must beat the rules' merging on the same folds
        let rules_merge = mean(&cv[format!("rules' merging@{shipped}")]["f1"]);
        assert!(
            f1 > rules_merge,
            "learned F1 {f1} is not above the rules' merging {rules_merge}"
        );
        // the learned decision must beat the rules' gates on the same folds
        let rules = mean(&cv["rules"]["f1"]);
        assert!(
            f1 > rules,
            "learned F1 {f1} is not above the rules' {rules}"
        );
        assert_eq!(cv["fold_articles"].as_array().unwrap().len(), 5);
    }
}

mod needs_shared_scorer {
    use super::*;

    #[test]
    #[ignore = "needs ../shared (or MARSAD_SHARED); run with `cargo test -- --ignored needs_` (.ci/run does)"]
    fn eval_scores_as_the_reference_scorer() {
        let shared =
            shared().expect("shared data not found (set MARSAD_SHARED or put it at ../shared)");
        let gold = shared.join("data/dev-gold");
        let python = temp_json("python-score");
        let status = Command::new("python3")
            .arg(shared.join("tools/score_events.py"))
            .arg("--gold")
            .arg(&gold)
            .arg("--bin")
            .arg(env!("CARGO_BIN_EXE_marsad"))
            .arg("--json")
            .arg(&python)
            .status()
            .expect("python3 runs the scorer");
        assert!(status.success(), "the scorer failed");
        let ours = temp_json("eval-shipped");
        let status = Command::new(env!("CARGO_BIN_EXE_marsad"))
            .arg("eval")
            .arg("--gold")
            .arg(&gold)
            .arg("--shipped")
            .arg("--json")
            .arg(&ours)
            .status()
            .expect("marsad runs");
        assert!(status.success(), "marsad eval failed");
        let (python, ours) = (read_json(&python), read_json(&ours));
        let ours = &ours["shipped"];
        for key in ["precision", "recall", "f1"] {
            let (a, b) = (python[key].as_f64().unwrap(), ours[key].as_f64().unwrap());
            assert!((a - b).abs() < 0.0006, "{key}: scorer {a}, marsad eval {b}");
        }
        for (field, value) in python["field_accuracy_on_matched"].as_object().unwrap() {
            let (a, b) = (
                value.as_f64().unwrap(),
                ours["fields"][field].as_f64().unwrap(),
            );
            assert!(
                (a - b).abs() < 0.0006,
                "{field}: scorer {a}, marsad eval {b}"
            );
        }
    }
}
