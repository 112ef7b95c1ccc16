//! The actor-tone classifier: multinomial logistic regression over named, target-relative
//! features (negative / neutral / positive), and its deterministic trainer.
//!
//! The file format is gzip-compressed text, one feature per line:
//! `name<TAB>w_negative<TAB>w_neutral<TAB>w_positive`, after a `#` header line. Text keeps the
//! model auditable (`zcat model/actor-classifier.tsv.gz | sort -k4 -g | tail` shows the most
//! positive features); gzip keeps it small.

use std::io::{Read, Write};

use rustc_hash::FxHashMap;

use crate::ModelError;

/// The three classes, in weight order.
pub(crate) const N_CLASSES: usize = 3;
/// Class index of negative tone.
pub(crate) const NEGATIVE: usize = 0;
/// Class index of neutral tone.
pub(crate) const NEUTRAL: usize = 1;
/// Class index of positive tone.
pub(crate) const POSITIVE: usize = 2;

const HEADER: &str = "# grip-tone actor classifier v1: feature\tw_negative\tw_neutral\tw_positive";

/// A trained classifier: feature name -> one weight per class.
#[derive(Debug, Clone, Default)]
pub struct Classifier {
    index: FxHashMap<Box<str>, u32>,
    weights: Vec<[f32; N_CLASSES]>,
}

impl Classifier {
    /// Reads a classifier from its gzip-compressed text form.
    pub fn from_gzip(bytes: &[u8]) -> Result<Classifier, ModelError> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|err| ModelError::Classifier(format!("cannot decompress: {err}")))?;
        Classifier::from_text(&text)
    }

    /// Reads a classifier from its text form.
    pub fn from_text(text: &str) -> Result<Classifier, ModelError> {
        let mut classifier = Classifier::default();
        for (line_idx, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || ModelError::Classifier(format!("line {}: expected a name and three weights", line_idx + 1));
            let mut fields = line.split('\t');
            let name = fields.next().ok_or_else(bad)?;
            let mut row = [0.0f32; N_CLASSES];
            for weight in &mut row {
                *weight = fields.next().and_then(|w| w.parse().ok()).filter(|w: &f32| w.is_finite()).ok_or_else(bad)?;
            }
            classifier.push(name, row);
        }
        Ok(classifier)
    }

    /// The text form, features in name order (deterministic).
    pub fn to_text(&self) -> String {
        let mut rows: Vec<(&str, &[f32; N_CLASSES])> =
            self.index.iter().map(|(name, &row)| (&**name, &self.weights[row as usize])).collect();
        rows.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = String::with_capacity(rows.len() * 32);
        out.push_str(HEADER);
        out.push('\n');
        for (name, row) in rows {
            out.push_str(&format!("{name}\t{}\t{}\t{}\n", row[0], row[1], row[2]));
        }
        out
    }

    /// The gzip-compressed text form (deterministic: no file name or time in the header).
    pub fn to_gzip(&self) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(self.to_text().as_bytes()).expect("writing to a Vec cannot fail");
        encoder.finish().expect("writing to a Vec cannot fail")
    }

    /// Number of features with weights.
    pub fn n_features(&self) -> usize {
        self.weights.len()
    }

    fn push(&mut self, name: &str, row: [f32; N_CLASSES]) {
        let idx = self.weights.len() as u32;
        if let Some(&existing) = self.index.get(name) {
            self.weights[existing as usize] = row;
            return;
        }
        self.index.insert(name.into(), idx);
        self.weights.push(row);
    }

    /// Class probabilities (negative, neutral, positive) for a feature list.
    pub(crate) fn predict(&self, features: &[(String, f32)]) -> [f32; N_CLASSES] {
        let mut scores = [0.0f32; N_CLASSES];
        for (name, value) in features {
            if let Some(&row) = self.index.get(name.as_str()) {
                for (score, weight) in scores.iter_mut().zip(&self.weights[row as usize]) {
                    *score += weight * value;
                }
            }
        }
        softmax(scores)
    }
}

fn softmax(scores: [f32; N_CLASSES]) -> [f32; N_CLASSES] {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps = scores.map(|s| (s - max).exp());
    let total: f32 = exps.iter().sum();
    exps.map(|e| e / total)
}

/// Settings of the trainer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    /// Passes over the training examples.
    pub epochs: u32,
    /// Initial AdaGrad learning rate.
    pub learning_rate: f32,
    /// L2 penalty per example update (on the touched weights).
    pub l2: f32,
    /// Features seen in fewer training examples are dropped.
    pub min_count: u32,
    /// Seed of the example order shuffle.
    pub seed: u64,
    /// Weight classes by inverse frequency (for macro-F1).
    pub balance_classes: bool,
    /// Also train on each target's coreferent mentions (NewsMTSC `further_mentions`).
    pub further_mentions: bool,
}

/// One training example: named features and its class.
#[derive(Debug, Clone)]
pub(crate) struct Example {
    pub features: Vec<(String, f32)>,
    pub class: usize,
}

/// Trains a classifier with AdaGrad on the logistic loss. Deterministic for a given input and
/// config: the order is a seeded shuffle and everything runs on one thread.
pub(crate) fn train(examples: &[Example], config: &TrainConfig) -> Classifier {
    // Feature vocabulary, in first-seen order, filtered by document frequency.
    let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
    let mut order: Vec<&str> = Vec::new();
    for example in examples {
        for (name, _) in &example.features {
            let count = counts.entry(name.as_str()).or_insert_with(|| {
                order.push(name.as_str());
                0
            });
            *count += 1;
        }
    }
    let kept: Vec<&str> = order.into_iter().filter(|name| counts[name] >= config.min_count).collect();
    let ids: FxHashMap<&str, u32> = kept.iter().enumerate().map(|(idx, &name)| (name, idx as u32)).collect();
    let encoded: Vec<(Vec<(u32, f32)>, usize)> = examples
        .iter()
        .map(|example| {
            let features =
                example.features.iter().filter_map(|(name, value)| Some((*ids.get(name.as_str())?, *value))).collect();
            (features, example.class)
        })
        .collect();
    let mut class_counts = [0usize; N_CLASSES];
    for (_, class) in &encoded {
        class_counts[*class] += 1;
    }
    let class_weight: [f32; N_CLASSES] = std::array::from_fn(|class| {
        if config.balance_classes && class_counts[class] > 0 {
            encoded.len() as f32 / (N_CLASSES as f32 * class_counts[class] as f32)
        } else {
            1.0
        }
    });
    let mut weights = vec![[0.0f32; N_CLASSES]; kept.len()];
    let mut squared = vec![[1e-6f32; N_CLASSES]; kept.len()];
    let mut rng = config.seed | 1;
    let mut permutation: Vec<usize> = (0..encoded.len()).collect();
    for _ in 0..config.epochs {
        // Fisher-Yates with xorshift64*: the same order on every machine.
        for idx in (1..permutation.len()).rev() {
            rng ^= rng >> 12;
            rng ^= rng << 25;
            rng ^= rng >> 27;
            let random = rng.wrapping_mul(0x2545_F491_4F6C_DD1D);
            permutation.swap(idx, (random % (idx as u64 + 1)) as usize);
        }
        for &example_idx in &permutation {
            let (features, class) = &encoded[example_idx];
            let mut scores = [0.0f32; N_CLASSES];
            for &(id, value) in features {
                for (score, weight) in scores.iter_mut().zip(&weights[id as usize]) {
                    *score += weight * value;
                }
            }
            let probs = softmax(scores);
            let example_weight = class_weight[*class];
            for &(id, value) in features {
                let row = &mut weights[id as usize];
                let accumulated = &mut squared[id as usize];
                for c in 0..N_CLASSES {
                    let target = if c == *class { 1.0 } else { 0.0 };
                    let gradient = example_weight * (probs[c] - target) * value + config.l2 * row[c];
                    accumulated[c] += gradient * gradient;
                    row[c] -= config.learning_rate * gradient / accumulated[c].sqrt();
                }
            }
        }
    }
    let mut classifier = Classifier::default();
    for (name, row) in kept.iter().zip(&weights) {
        // Rounded to 4 decimals: the file stays small and the numbers stay readable.
        let row = row.map(|w| (w * 10_000.0).round() / 10_000.0);
        if row.iter().any(|&w| w != 0.0) {
            classifier.push(name, row);
        }
    }
    classifier
}
