//! Writer certainty, measured as event factuality: MEANTIME (news) and UDS-IH2 (web text) from
//! `factuality_meantime_udsih2/`, where each predicate of a tokenized sentence has a gold score
//! on −3 (did not happen) .. +3 (happened). grip parses the sentence with its own model and scores
//! the predicate with `grip_extract::factuality` on the scale that matches the corpus: MEANTIME
//! annotates certainty × polarity whatever the time ("will be delivered" is +3), so it is read
//! with [`Scale::Certainty`]; UDS-IH2 asks whether the event happened, [`Scale::Happened`]. The
//! figure is Pearson's r with the gold.
//!
//! Splits: each scale's model was trained (and its settings chosen by cross-validation) on
//! MEANTIME train+dev and UDS-IH2 dev; MEANTIME test and UDS-IH2 test are the held-out figures.
//! BioScope (biomedical hedge cues) is reported as cue F1
//! for reference only.

use std::path::Path;

use anyhow::Context as _;
use grip_extract::Scale;
use grip_syntax::Model;
use serde::Deserialize;

pub use crate::stats::pearson;

#[derive(Deserialize)]
struct Record {
    text: String,
    targets: Vec<Target>,
}

#[derive(Deserialize)]
struct Target {
    span1: [usize; 2],
    label: f32,
}

/// The result on one split.
#[derive(Debug, Clone)]
pub struct FactualityScore {
    /// Split name (`MEANTIME/test`).
    pub split: String,
    /// Predicates scored.
    pub n: usize,
    /// Pearson r with the gold factuality.
    pub pearson: f64,
    /// Mean absolute error.
    pub mae: f64,
    /// Whether the split was looked at while writing the rules.
    pub development: bool,
}

/// One sentence of a factuality split with its annotated predicates.
#[derive(Debug, Clone)]
pub struct AnnotatedSentence {
    /// The sentence's words (the corpus's own tokenization).
    pub words: Vec<String>,
    /// The predicates: (head word, gold factuality on −3..+3). A multiword predicate ("take
    /// part") is read at its last word.
    pub predicates: Vec<(usize, f32)>,
}

/// The sentences of one split file, in file order.
///
/// # Errors
/// Fails when the file cannot be read or a line is not the expected JSON (naming the line).
pub fn read_factuality(path: &Path) -> anyhow::Result<Vec<AnnotatedSentence>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut sentences = Vec::new();
    for (idx, line) in text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
        let record: Record = serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), idx + 1))?;
        let words: Vec<String> = record.text.split(' ').filter(|word| !word.is_empty()).map(str::to_owned).collect();
        let predicates = record
            .targets
            .iter()
            .filter(|target| target.span1[0] < words.len())
            .map(|target| {
                let [start, end] = target.span1;
                ((end.max(start + 1) - 1).min(words.len() - 1), target.label)
            })
            .collect();
        sentences.push(AnnotatedSentence { words, predicates });
    }
    Ok(sentences)
}

/// Scores one split file.
///
/// # Errors
/// Fails when the file cannot be read or a line is not the expected JSON (naming the line).
pub fn factuality_split(
    model: &Model,
    path: &Path,
    split: &str,
    scale: Scale,
    development: bool,
) -> anyhow::Result<FactualityScore> {
    let mut gold = Vec::new();
    let mut predicted = Vec::new();
    for sentence in read_factuality(path)? {
        let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
        let parse = model.parse(&words);
        for &(head, label) in &sentence.predicates {
            gold.push(f64::from(label));
            predicted.push(f64::from(grip_extract::factuality(scale, &parse, &words, head)));
        }
    }
    let mae = gold.iter().zip(&predicted).map(|(g, p)| (g - p).abs()).sum::<f64>() / gold.len().max(1) as f64;
    Ok(FactualityScore {
        split: split.to_owned(),
        n: gold.len(),
        pearson: pearson(&predicted, &gold),
        mae,
        development,
    })
}

/// All factuality splits, development ones first.
///
/// # Errors
/// Fails when a split file is missing or malformed.
pub fn factuality(model: &Model, data: &Path) -> anyhow::Result<Vec<FactualityScore>> {
    let dir = data.join("factuality_meantime_udsih2");
    let splits = [
        ("MEANTIME/train", Scale::Certainty, true),
        ("MEANTIME/dev", Scale::Certainty, true),
        ("UDS_IH2/dev", Scale::Happened, true),
        ("MEANTIME/test", Scale::Certainty, false),
        ("UDS_IH2/test", Scale::Happened, false),
    ];
    splits
        .iter()
        .map(|&(split, scale, development)| {
            factuality_split(model, &dir.join(format!("{split}.jsonl")), split, scale, development)
        })
        .collect()
}

/// Hedge-cue detection on BioScope (speculation cues), token-level precision, recall and F1.
#[derive(Debug, Clone, Copy)]
pub struct CueScore {
    /// Sentences read.
    pub n_sentences: usize,
    /// Gold speculation cue tokens.
    pub n_gold: usize,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

/// Scores grip's hedge cues against BioScope's speculation cues in one XML file.
///
/// # Errors
/// Fails when the file cannot be read.
pub fn bioscope(path: &Path) -> anyhow::Result<CueScore> {
    let xml = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let (mut n_sentences, mut n_gold, mut n_predicted, mut n_right) = (0, 0, 0, 0);
    for sentence in xml.split("<sentence").skip(1) {
        let Some(body) = sentence.split_once('>').map(|(_, rest)| rest) else { continue };
        let body = body.split("</sentence>").next().unwrap_or("");
        n_sentences += 1;
        // Walk the inline markup: words inside <cue type="speculation"> are gold cues.
        let mut words: Vec<(String, bool)> = Vec::new();
        let mut in_cue = 0usize;
        let mut rest = body;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('<') {
                let (tag, tail) = after.split_once('>').unwrap_or((after, ""));
                if tag.starts_with("cue") && tag.contains("speculation") {
                    in_cue += 1;
                } else if tag.starts_with("cue") {
                    in_cue += 0;
                } else if tag == "/cue" {
                    in_cue = in_cue.saturating_sub(1);
                }
                rest = tail;
                continue;
            }
            let end = rest.find('<').unwrap_or(rest.len());
            for word in rest[..end].split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | '(' | ')')) {
                if !word.is_empty() {
                    words.push((word.to_lowercase(), in_cue > 0));
                }
            }
            rest = &rest[end..];
        }
        for (word, gold) in &words {
            let predicted = grip_extract::claims::is_hedge_cue(word);
            n_gold += usize::from(*gold);
            n_predicted += usize::from(predicted);
            n_right += usize::from(*gold && predicted);
        }
    }
    let precision = n_right as f64 / n_predicted.max(1) as f64;
    let recall = n_right as f64 / n_gold.max(1) as f64;
    let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
    Ok(CueScore { n_sentences, n_gold, precision, recall, f1 })
}
