//! A binary logistic regression over sparse named features: the form of every learned decision.
//!
//! Training is deterministic (a fixed example order, a fixed number of epochs of AdaGrad with
//! L2 shrinkage, the weights averaged over the second half of the epochs), so the same gold
//! gives the same weights, and a small change of the features moves them little. The weights are data: a TSV file of
//! `feature<TAB>weight` lines after `#` comment lines (the provenance), plus two reserved
//! rows, `@bias` and `@threshold` (the probability from which the answer is yes).

use std::fmt::Write as _;

use rustc_hash::FxHashMap;

/// A learned yes/no decision.
#[derive(Clone, Debug, PartialEq)]
pub struct LinearModel {
    weights: FxHashMap<String, f32>,
    bias: f32,
    /// The answer is yes from this probability on.
    pub threshold: f32,
    /// `#` lines written at the top of the file: where the weights came from.
    pub provenance: Vec<String>,
}

/// How a model is trained.
#[derive(Clone, Copy, Debug)]
pub struct TrainOptions {
    pub epochs: usize,
    pub learning_rate: f32,
    /// L2 shrinkage per example.
    pub l2: f32,
    /// Features seen in fewer training examples are left out.
    pub min_count: usize,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 30,
            learning_rate: 0.2,
            l2: 1e-4,
            min_count: 2,
        }
    }
}

impl LinearModel {
    /// Fits weights to labelled examples (features, is it a yes): the weights averaged over
    /// the epochs of the second half.
    pub fn train(examples: &[(Vec<String>, bool)], options: TrainOptions) -> LinearModel {
        LinearModel::train_averaged_from(examples, options, options.epochs / 2)
    }

    /// [`LinearModel::train`], averaging the weights after each epoch from `average_from`
    /// (0-based) on; from `options.epochs` on, the last weights.
    fn train_averaged_from(
        examples: &[(Vec<String>, bool)],
        options: TrainOptions,
        average_from: usize,
    ) -> LinearModel {
        let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
        for (features, _) in examples {
            for f in features {
                *counts.entry(f.as_str()).or_default() += 1;
            }
        }
        let mut names: Vec<&str> = counts
            .iter()
            .filter(|(_, &n)| n >= options.min_count)
            .map(|(&f, _)| f)
            .collect();
        names.sort_unstable();
        let index: FxHashMap<&str, usize> =
            names.iter().enumerate().map(|(i, &f)| (f, i)).collect();
        let rows: Vec<(Vec<usize>, f32)> = examples
            .iter()
            .map(|(features, yes)| {
                let mut ids: Vec<usize> = features
                    .iter()
                    .filter_map(|f| index.get(f.as_str()).copied())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                (ids, if *yes { 1.0 } else { 0.0 })
            })
            .collect();
        let mut w = vec![0f32; names.len()];
        let mut g2 = vec![1e-6f32; names.len()];
        let (mut bias, mut bias_g2) = (0f32, 1e-6f32);
        // a fixed permutation of the examples (an LCG), the same on every run
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in (1..order.len()).rev() {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            order.swap(i, (state >> 33) as usize % (i + 1));
        }
        // the weights averaged over the late epochs (Polyak averaging): a decision that does
        // not hang on where the last passes happened to stop
        let mut w_sum = vec![0f64; names.len()];
        let (mut bias_sum, mut averaged) = (0f64, 0usize);
        for epoch in 0..options.epochs {
            for &r in &order {
                let (ids, y) = &rows[r];
                let z = bias + ids.iter().map(|&i| w[i]).sum::<f32>();
                let gradient = sigmoid(z) - y;
                bias_g2 += gradient * gradient;
                bias -= options.learning_rate * gradient / bias_g2.sqrt();
                for &i in ids {
                    let g = gradient + options.l2 * w[i];
                    g2[i] += g * g;
                    w[i] -= options.learning_rate * g / g2[i].sqrt();
                }
            }
            if epoch >= average_from {
                for (sum, &x) in w_sum.iter_mut().zip(&w) {
                    *sum += f64::from(x);
                }
                bias_sum += f64::from(bias);
                averaged += 1;
            }
        }
        if averaged > 0 {
            for (x, sum) in w.iter_mut().zip(&w_sum) {
                *x = (sum / averaged as f64) as f32;
            }
            bias = (bias_sum / averaged as f64) as f32;
        }
        LinearModel {
            weights: names
                .iter()
                .zip(&w)
                .filter(|(_, &x)| x != 0.0)
                .map(|(f, &x)| (f.to_string(), x))
                .collect(),
            bias,
            threshold: 0.5,
            provenance: Vec::new(),
        }
    }

    /// The probability of a yes.
    pub fn probability<S: AsRef<str>>(&self, features: &[S]) -> f32 {
        sigmoid(
            self.bias
                + features
                    .iter()
                    .map(|f| self.weight(f.as_ref()))
                    .sum::<f32>(),
        )
    }

    /// True when no feature has a weight (an untrained model).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    pub fn weight(&self, feature: &str) -> f32 {
        self.weights.get(feature).copied().unwrap_or(0.0)
    }

    /// The features that weigh most in this decision, strongest first, with their weights.
    pub fn strongest<'f, S: AsRef<str>>(&self, features: &'f [S], n: usize) -> Vec<(&'f str, f32)> {
        let mut weighed: Vec<(&str, f32)> = features
            .iter()
            .map(|f| (f.as_ref(), self.weight(f.as_ref())))
            .filter(|(_, w)| *w != 0.0)
            .collect();
        weighed.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(b.0)));
        weighed.truncate(n);
        weighed
    }

    /// The TSV form (see the module docs); features in name order, so it diffs well.
    pub fn to_tsv(&self) -> String {
        let mut out = String::new();
        for line in &self.provenance {
            let _ = writeln!(out, "# {line}");
        }
        let _ = writeln!(out, "@bias\t{}", self.bias);
        let _ = writeln!(out, "@threshold\t{}", self.threshold);
        let mut names: Vec<&String> = self.weights.keys().collect();
        names.sort_unstable();
        for name in names {
            let _ = writeln!(out, "{name}\t{}", self.weights[name]);
        }
        out
    }

    /// The weights bundled in the binary, if they parse and hold any (a decision without them
    /// falls back on the rules it replaces).
    pub fn embedded(text: &str) -> Option<LinearModel> {
        LinearModel::from_tsv(text).ok().filter(|m| !m.is_empty())
    }

    /// Reads the TSV form; an error names the line.
    pub fn from_tsv(text: &str) -> Result<LinearModel, (usize, String)> {
        let mut model = LinearModel {
            weights: FxHashMap::default(),
            bias: 0.0,
            threshold: 0.5,
            provenance: Vec::new(),
        };
        for (n, line) in text.lines().enumerate() {
            if let Some(comment) = line.strip_prefix('#') {
                model.provenance.push(comment.trim().to_string());
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let (name, value) = line
                .rsplit_once('\t')
                .ok_or_else(|| (n + 1, "expected feature<TAB>weight".to_string()))?;
            let value: f32 = value
                .parse()
                .map_err(|e| (n + 1, format!("weight {value:?}: {e}")))?;
            match name {
                "@bias" => model.bias = value,
                "@threshold" => model.threshold = value,
                _ => {
                    model.weights.insert(name.to_string(), value);
                }
            }
        }
        Ok(model)
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples() -> Vec<(Vec<String>, bool)> {
        let mut out = Vec::new();
        for i in 0..40 {
            let noise = format!("n{}", i % 7);
            out.push((vec!["good".to_string(), noise.clone()], true));
            out.push((vec!["bad".to_string(), noise], false));
        }
        out
    }

    #[test]
    fn learns_a_separable_decision_deterministically() {
        let a = LinearModel::train(&examples(), TrainOptions::default());
        let b = LinearModel::train(&examples(), TrainOptions::default());
        assert_eq!(a, b);
        assert!(a.probability(&["good", "n3"]) > 0.9);
        assert!(a.probability(&["bad", "n3"]) < 0.1);
        assert_eq!(a.strongest(&["n3", "good"], 1)[0].0, "good");
    }

    #[test]
    fn the_weights_are_the_mean_of_the_late_epochs() {
        // features that disagree, so that the weights still move from epoch to epoch
        let mut data = examples();
        for i in 0..6 {
            data.push((vec!["good".to_string(), format!("n{i}")], i % 2 == 0));
        }
        let options = |epochs| TrainOptions {
            epochs,
            ..TrainOptions::default()
        };
        let after = |epochs| LinearModel::train_averaged_from(&data, options(epochs), epochs);
        let (three, four) = (after(3), after(4));
        let averaged = LinearModel::train(&data, options(4));
        for f in ["good", "bad", "n1", "n2"] {
            let mean = (three.weight(f) + four.weight(f)) / 2.0;
            assert!((averaged.weight(f) - mean).abs() < 1e-5, "{f}");
        }
        assert!((averaged.weight("good") - four.weight("good")).abs() > 1e-4);
    }

    #[test]
    fn rare_features_are_left_out() {
        let mut data = examples();
        data.push((vec!["once".to_string()], true));
        let model = LinearModel::train(&data, TrainOptions::default());
        assert_eq!(model.weight("once"), 0.0);
    }

    #[test]
    fn the_tsv_form_round_trips_and_names_bad_lines() {
        let mut model = LinearModel::train(&examples(), TrainOptions::default());
        model.threshold = 0.4;
        model.provenance = vec!["trained on a test".into()];
        let back = LinearModel::from_tsv(&model.to_tsv()).unwrap();
        assert_eq!(back.threshold, 0.4);
        assert_eq!(back.provenance, model.provenance);
        assert!((back.probability(&["good"]) - model.probability(&["good"])).abs() < 1e-6);
        assert_eq!(
            LinearModel::from_tsv("@bias\t0\nfeature 1\n")
                .unwrap_err()
                .0,
            2
        );
    }
}
