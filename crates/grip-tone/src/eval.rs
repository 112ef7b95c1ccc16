//! Evaluation against the reference sets: the VADER ground truth (Pearson r with the mean
//! human rating, per set) and NewsMTSC (per-target three-class macro-F1).
//!
//! Every function takes file contents, never paths: the caller (the CLI, the examples, the
//! tests) reads `../shared/data/vader/ground_truth/*_GroundTruth.txt` and
//! `../shared/data/newsmtsc/*.jsonl`.

use std::ops::Range;

use crate::actor::{score_target, TargetScratch};
use crate::classifier::{NEGATIVE, NEUTRAL, POSITIVE};
use crate::document::{document_score, Scratch};
use crate::ToneModel;

/// The four VADER ground-truth sets, as (name, file name).
pub const VADER_SETS: [(&str, &str); 4] = [
    ("tweets", "tweets_GroundTruth.txt"),
    ("movie reviews", "movieReviewSnippets_GroundTruth.txt"),
    ("amazon reviews", "amazonReviewSnippets_GroundTruth.txt"),
    ("nyt editorials", "nytEditorialSnippets_GroundTruth.txt"),
];

/// VADER's own published Pearson r per set (Hutto & Gilbert 2014, table 4), in [`VADER_SETS`] order.
pub const VADER_PUBLISHED_R: [f64; 4] = [0.881, 0.451, 0.565, 0.492];

/// The result on one VADER ground-truth set.
#[derive(Debug, Clone, PartialEq)]
pub struct VaderReport {
    /// Items scored.
    pub n: usize,
    /// Pearson r between grip's document score and the mean human rating.
    pub pearson: f64,
    /// Least-squares slope from grip's score to the human rating divided by 4 (1 when calibrated).
    pub slope: f64,
}

/// Reads a `*_GroundTruth.txt` file: `id<TAB>mean rating<TAB>text` per line.
pub fn parse_vader_ground_truth(contents: &str) -> Result<Vec<(f64, &str)>, EvalError> {
    let mut items = Vec::new();
    for (line_idx, line) in contents.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        let (_, rating, text) = (fields.next(), fields.next(), fields.next());
        let rating = rating.and_then(|r| r.trim().parse::<f64>().ok());
        match (rating, text) {
            (Some(rating), Some(text)) => items.push((rating, text)),
            _ => return Err(EvalError { line: line_idx + 1, message: "expected id, rating and text".into() }),
        }
    }
    Ok(items)
}

/// grip's document scores for the items of one ground-truth set, with the human ratings.
pub fn vader_scores(contents: &str, model: &ToneModel) -> Result<Vec<(f64, f64)>, EvalError> {
    let items = parse_vader_ground_truth(contents)?;
    let mut scratch = Scratch::default();
    Ok(items
        .into_iter()
        .map(|(rating, text)| {
            let segmented = grip_text::segment(text);
            (rating, f64::from(document_score(text, &segmented, model, &mut scratch)))
        })
        .collect())
}

/// Pearson r of grip's document score with the mean human rating on one ground-truth set.
pub fn vader_ground_truth(contents: &str, model: &ToneModel) -> Result<VaderReport, EvalError> {
    let pairs = vader_scores(contents, model)?;
    let gold: Vec<f64> = pairs.iter().map(|&(g, _)| g).collect();
    let predicted: Vec<f64> = pairs.iter().map(|&(_, p)| p).collect();
    let dot: f64 = pairs.iter().map(|&(g, p)| g / 4.0 * p).sum();
    let squares: f64 = predicted.iter().map(|p| p * p).sum();
    Ok(VaderReport {
        n: pairs.len(),
        pearson: pearson(&gold, &predicted),
        slope: if squares > 0.0 { dot / squares } else { 0.0 },
    })
}

/// Pearson's correlation coefficient (0 when either side is constant or the lengths differ).
pub fn pearson(xs: &[f64], ys: &[f64]) -> f64 {
    let n = xs.len();
    if n == 0 || n != ys.len() {
        return 0.0;
    }
    let mean_x = xs.iter().sum::<f64>() / n as f64;
    let mean_y = ys.iter().sum::<f64>() / n as f64;
    let (mut xy, mut xx, mut yy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        xy += (x - mean_x) * (y - mean_y);
        xx += (x - mean_x) * (x - mean_x);
        yy += (y - mean_y) * (y - mean_y);
    }
    if xx == 0.0 || yy == 0.0 {
        0.0
    } else {
        xy / (xx * yy).sqrt()
    }
}

/// A malformed line in an evaluation file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct EvalError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// One NewsMTSC target: a sentence, the target's byte range in it, and its polarity.
#[derive(Debug, Clone, PartialEq)]
pub struct NewsTarget {
    /// `sentence_normalized`.
    pub sentence: String,
    /// The target mention's byte range in `sentence` (the file gives char offsets).
    pub range: Range<usize>,
    /// 0 negative, 1 neutral, 2 positive.
    pub class: usize,
    /// The source article (the first three `_`-fields of `primary_gid`), for held-out splits.
    pub article: String,
}

/// Reads a NewsMTSC JSONL file into targets (the annotated mentions only).
pub fn parse_newsmtsc(contents: &str) -> Result<Vec<NewsTarget>, EvalError> {
    parse_newsmtsc_with(contents, false)
}

/// Reads a NewsMTSC JSONL file; with `further_mentions`, each target's coreferent mentions
/// ("she", "her") become targets too, with the same polarity (for training only).
pub fn parse_newsmtsc_with(contents: &str, further_mentions: bool) -> Result<Vec<NewsTarget>, EvalError> {
    let mut targets = Vec::new();
    for (line_idx, line) in contents.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let error = |message: &str| EvalError { line: line_idx + 1, message: message.into() };
        let value: serde_json::Value = serde_json::from_str(line).map_err(|err| error(&err.to_string()))?;
        let sentence = value["sentence_normalized"].as_str().ok_or_else(|| error("no sentence_normalized"))?;
        let gid = value["primary_gid"].as_str().unwrap_or("");
        let article = gid.split('_').take(3).collect::<Vec<_>>().join("_");
        let char_offsets: Vec<usize> =
            sentence.char_indices().map(|(offset, _)| offset).chain(std::iter::once(sentence.len())).collect();
        for target in value["targets"].as_array().ok_or_else(|| error("no targets"))? {
            let from = target["from"].as_u64().ok_or_else(|| error("target without from"))? as usize;
            let to = target["to"].as_u64().ok_or_else(|| error("target without to"))? as usize;
            let (Some(&start), Some(&end)) = (char_offsets.get(from), char_offsets.get(to)) else {
                return Err(error("target offsets outside the sentence"));
            };
            if start >= end {
                return Err(error("empty target"));
            }
            let class = match target["polarity"].as_f64() {
                Some(p) if p < 3.0 => NEGATIVE,
                Some(p) if p > 5.0 => POSITIVE,
                Some(_) => NEUTRAL,
                None => return Err(error("target without polarity")),
            };
            targets.push(NewsTarget {
                sentence: sentence.to_string(),
                range: start..end,
                class,
                article: article.clone(),
            });
            let further = target["further_mentions"].as_array().filter(|_| further_mentions);
            for mention in further.into_iter().flatten() {
                let offsets = (mention["from"].as_u64(), mention["to"].as_u64());
                let (Some(from), Some(to)) = offsets else { continue };
                let (Some(&start), Some(&end)) = (char_offsets.get(from as usize), char_offsets.get(to as usize))
                else {
                    continue;
                };
                if start < end {
                    targets.push(NewsTarget {
                        sentence: sentence.to_string(),
                        range: start..end,
                        class,
                        article: article.clone(),
                    });
                }
            }
        }
    }
    Ok(targets)
}

/// Three-class results on NewsMTSC.
#[derive(Debug, Clone, PartialEq)]
pub struct NewsMtscReport {
    /// Targets scored.
    pub n: usize,
    /// Macro-averaged F1 over negative, neutral and positive.
    pub macro_f1: f64,
    /// F1 per class (negative, neutral, positive).
    pub f1: [f64; 3],
    /// Share of targets classified correctly.
    pub accuracy: f64,
    /// `confusion[gold][predicted]`.
    pub confusion: [[usize; 3]; 3],
}

/// The predicted class of each target (0 negative, 1 neutral, 2 positive).
pub fn predict_targets(targets: &[NewsTarget], model: &ToneModel) -> Vec<usize> {
    let mut scratch = Scratch::default();
    let mut buffers = TargetScratch::default();
    targets
        .iter()
        .map(|target| {
            with_target(&target.sentence, &target.range, model, &mut scratch, |scratch, units, first_token| {
                let tone = score_target(scratch, units, None, first_token, model, &mut buffers);
                match tone.probs {
                    Some(probs) => argmax(probs),
                    None if tone.score > 0.1 => POSITIVE,
                    None if tone.score < -0.1 => NEGATIVE,
                    None => NEUTRAL,
                }
            })
            .unwrap_or(NEUTRAL)
        })
        .collect()
}

/// Macro-F1 and friends of predictions against gold classes.
pub fn score_classes(gold: &[usize], predicted: &[usize]) -> NewsMtscReport {
    let mut confusion = [[0usize; 3]; 3];
    for (&g, &p) in gold.iter().zip(predicted) {
        confusion[g.min(2)][p.min(2)] += 1;
    }
    let f1: [f64; 3] = std::array::from_fn(|class| {
        let tp = confusion[class][class] as f64;
        let predicted: f64 = (0..3).map(|g| confusion[g][class] as f64).sum();
        let actual: f64 = confusion[class].iter().sum::<usize>() as f64;
        if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (predicted + actual)
        }
    });
    let n = gold.len().min(predicted.len());
    let correct: usize = (0..3).map(|c| confusion[c][c]).sum();
    NewsMtscReport {
        n,
        macro_f1: f1.iter().sum::<f64>() / 3.0,
        f1,
        accuracy: if n == 0 { 0.0 } else { correct as f64 / n as f64 },
        confusion,
    }
}

/// Per-target macro-F1 on a NewsMTSC file (grip evaluates on `devtest_rw.jsonl`).
pub fn newsmtsc(contents: &str, model: &ToneModel) -> Result<NewsMtscReport, EvalError> {
    let targets = parse_newsmtsc(contents)?;
    let predicted = predict_targets(&targets, model);
    let gold: Vec<usize> = targets.iter().map(|target| target.class).collect();
    Ok(score_classes(&gold, &predicted))
}

fn argmax(probs: [f32; 3]) -> usize {
    let mut best = 0;
    for class in 1..3 {
        if probs[class] > probs[best] {
            best = class;
        }
    }
    best
}

/// Segments `sentence`, builds the units of the grip sentence holding the target and calls `f`
/// with them, the target's unit range and the sentence's first token index.
pub(crate) fn with_target<T>(
    sentence: &str,
    range: &Range<usize>,
    model: &ToneModel,
    scratch: &mut Scratch,
    f: impl FnOnce(&Scratch, &Range<usize>, u32) -> T,
) -> Option<T> {
    let segmented = grip_text::segment(sentence);
    let sentence_idx = segmented
        .sentences
        .iter()
        .position(|s| usize::from(s.range.end()) > range.start)
        .unwrap_or(segmented.sentences.len().checked_sub(1)?);
    scratch.score_sentence(sentence, &segmented, sentence_idx, model);
    let first_token = segmented.sentences[sentence_idx].tokens.start;
    let mut units: Option<Range<usize>> = None;
    for (token_idx, token) in segmented.tokens.iter().enumerate() {
        let (start, end) = (usize::from(token.range.start()), usize::from(token.range.end()));
        if end <= range.start || start >= range.end {
            continue;
        }
        if let Some(unit) = scratch.sentence.unit_of_token(first_token, token_idx as u32) {
            units = Some(match units {
                Some(units) => units.start.min(unit)..units.end.max(unit + 1),
                None => unit..unit + 1,
            });
        }
    }
    let units = units?;
    Some(f(scratch, &units, first_token))
}
