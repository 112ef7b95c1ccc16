//! Building the model files: the derived lexicon and the actor classifier.
//!
//! Like the rest of the crate this takes file contents, never paths; the development driver
//! (`cargo run -p grip-tone --example tone_dev -- ...`) and the CLI do the reading and writing.
//! Everything here is deterministic: the same inputs give byte-identical model files.

use std::collections::BTreeMap;

use crate::actor::TargetScratch;
pub use crate::classifier::TrainConfig;
use crate::classifier::{self, Example};
use crate::document::Scratch;
use crate::eval::{
    parse_newsmtsc, parse_newsmtsc_with, predict_targets, score_classes, with_target, EvalError, NewsMtscReport,
    NewsTarget,
};
use crate::lexicon::EPISTEMIC_WORDS;
use crate::{Classifier, ToneModel};

/// Pattern polarities (−1..1) are mapped onto VADER's scale (−4..4) with this factor.
pub const PATTERN_SCALE: f32 = 2.5;

/// Derives grip's lexicon file from VADER's `vader_lexicon.txt` and, optionally, the Pattern
/// project's `en-sentiment.xml` (adjectives not in VADER, their senses' polarities averaged).
///
/// Epistemic words are dropped. The output is TSV `word<TAB>valence<TAB>source` with a header
/// that states the origins and licenses.
pub fn derive_lexicon(vader_tsv: &str, pattern_xml: Option<&str>) -> String {
    let mut entries: BTreeMap<String, (f32, &str)> = BTreeMap::new();
    for line in vader_tsv.lines() {
        let mut fields = line.split('\t');
        let (Some(word), Some(valence)) = (fields.next(), fields.next().and_then(|v| v.trim().parse::<f32>().ok()))
        else {
            continue;
        };
        let word = word.trim().to_lowercase();
        if word.is_empty() || EPISTEMIC_WORDS.contains(&word.as_str()) {
            continue;
        }
        entries.insert(word, (valence, "vader"));
    }
    if let Some(xml) = pattern_xml {
        let mut senses: BTreeMap<String, (f32, u32)> = BTreeMap::new();
        for line in xml.lines() {
            let line = line.trim();
            if !line.starts_with("<word ") {
                continue;
            }
            let (Some(form), Some(polarity)) =
                (attribute(line, "form"), attribute(line, "polarity").and_then(|p| p.parse::<f32>().ok()))
            else {
                continue;
            };
            let form = form.to_lowercase();
            if form.contains(' ') || !form.chars().all(|c| c.is_alphabetic() || c == '-') {
                continue;
            }
            let entry = senses.entry(form).or_default();
            entry.0 += polarity;
            entry.1 += 1;
        }
        for (word, (sum, count)) in senses {
            let polarity = sum / count as f32;
            if polarity.abs() < 0.1 || entries.contains_key(&word) || EPISTEMIC_WORDS.contains(&word.as_str()) {
                continue;
            }
            let valence = (polarity * PATTERN_SCALE * 100.0).round() / 100.0;
            entries.insert(word, (valence, "pattern"));
        }
    }
    let mut out = String::from(
        "# grip-tone lexicon (derived file; rebuild with the command in model/README.md, do not edit by hand).\n\
         # word<TAB>valence on -4..+4<TAB>source\n\
         # source vader: the VADER sentiment lexicon (vaderSentiment/vader_lexicon.txt, C.J. Hutto,\n\
         #   MIT license, Copyright (c) 2016 C.J. Hutto; Hutto & Gilbert, ICWSM 2014), mean valence only.\n",
    );
    if pattern_xml.is_some() {
        out.push_str(
            "# source pattern: adjectives of the Pattern project's en-sentiment.xml (Tom De Smedt, Walter\n\
             #   Daelemans; PDDL public domain, as shipped in the textblob package) absent from VADER,\n\
             #   polarity averaged over senses and scaled by 2.5.\n",
        );
    }
    out.push_str("# Epistemic words (grip_tone::EPISTEMIC_WORDS) are removed: they go to certainty, not tone.\n");
    for (word, (valence, source)) in entries {
        out.push_str(&format!("{word}\t{valence}\t{source}\n"));
    }
    out
}

/// Derives grip's opinion-word file from the Pattern project's `en-sentiment.xml`: per word,
/// polarity and intensity averaged over senses within each part of speech, then over parts of
/// speech (as Pattern does), and whether any sense is an adverb (a modifier of the next word).
pub fn derive_opinion_words(pattern_xml: &str) -> String {
    // word -> pos -> (polarity sum, intensity sum, count)
    let mut words: BTreeMap<String, BTreeMap<String, (f32, f32, u32)>> = BTreeMap::new();
    for line in pattern_xml.lines() {
        let line = line.trim();
        if !line.starts_with("<word ") {
            continue;
        }
        let Some(form) = attribute(line, "form") else { continue };
        if form.contains(' ') || !form.chars().any(char::is_alphabetic) {
            continue;
        }
        let polarity = attribute(line, "polarity").and_then(|p| p.parse::<f32>().ok()).unwrap_or(0.0);
        let intensity = attribute(line, "intensity").and_then(|p| p.parse::<f32>().ok()).unwrap_or(1.0);
        let pos = attribute(line, "pos").unwrap_or("").to_string();
        let entry = words.entry(form.to_lowercase()).or_default().entry(pos).or_default();
        entry.0 += polarity;
        entry.1 += intensity;
        entry.2 += 1;
    }
    let mut out = String::from(
        "# grip-tone opinion words (derived file; rebuild with the command in model/README.md, do not edit by hand).\n\
         # word<TAB>polarity -1..1<TAB>intensity<TAB>modifier (1: an adverb that scales the next opinion word)\n\
         # Source: the Pattern project's en-sentiment.xml (Tom De Smedt, Walter Daelemans, CLiPS, University of\n\
         #   Antwerp), license PDDL (public domain) as stated in the file, as shipped in the textblob package.\n\
         # Epistemic words (grip_tone::EPISTEMIC_WORDS) are removed: they go to certainty, not tone.\n",
    );
    for (word, senses) in words {
        if EPISTEMIC_WORDS.contains(&word.as_str()) {
            continue;
        }
        let n = senses.len() as f32;
        let polarity = senses.values().map(|&(p, _, c)| p / c as f32).sum::<f32>() / n;
        let intensity = senses.values().map(|&(_, i, c)| i / c as f32).sum::<f32>() / n;
        let modifier = senses.keys().any(|pos| pos == "RB");
        let round = |x: f32| (x * 1000.0).round() / 1000.0;
        out.push_str(&format!("{word}\t{}\t{}\t{}\n", round(polarity), round(intensity), u8::from(modifier)));
    }
    out
}

fn attribute<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = line.find(&key)? + key.len();
    let len = line[start..].find('"')?;
    Some(&line[start..start + len])
}

/// The result of training the actor classifier.
#[derive(Debug, Clone)]
pub struct TrainReport {
    /// Training targets used.
    pub n_train: usize,
    /// Held-out targets (whole articles, one in ten by a hash of the article id).
    pub n_heldout: usize,
    /// The held-out scores of a model trained without them; `None` when nothing was held out.
    pub heldout: Option<NewsMtscReport>,
}

/// True for the articles held out for tuning: one in ten, by an FNV-1a hash of the article id.
pub fn is_heldout(article: &str) -> bool {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in article.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash.is_multiple_of(10)
}

/// Trains the actor classifier on NewsMTSC `train.jsonl`.
///
/// With `holdout`, a tenth of the articles is held out and the report scores them; the
/// returned classifier is then the one trained without them. Without `holdout`, every target
/// trains the classifier (the shipped model) and the report has no held-out scores.
pub fn train_actor_classifier(
    train_jsonl: &str,
    model: &ToneModel,
    config: &TrainConfig,
    holdout: bool,
) -> Result<(Classifier, TrainReport), EvalError> {
    let (heldout, _) = split(parse_newsmtsc(train_jsonl)?, holdout);
    let (_, train) = split(parse_newsmtsc_with(train_jsonl, config.further_mentions)?, holdout);
    let examples = examples(&train, model);
    let classifier = classifier::train(&examples, config);
    let report = if heldout.is_empty() {
        None
    } else {
        let with_classifier = model.clone().with_classifier(Some(classifier.clone()));
        let predicted = predict_targets(&heldout, &with_classifier);
        let gold: Vec<usize> = heldout.iter().map(|target| target.class).collect();
        Some(score_classes(&gold, &predicted))
    };
    Ok((classifier, TrainReport { n_train: train.len(), n_heldout: heldout.len(), heldout: report }))
}

/// Splits targets into (held out, training).
fn split(targets: Vec<NewsTarget>, holdout: bool) -> (Vec<NewsTarget>, Vec<NewsTarget>) {
    targets.into_iter().partition(|target| holdout && is_heldout(&target.article))
}

fn examples(targets: &[NewsTarget], model: &ToneModel) -> Vec<Example> {
    let mut scratch = Scratch::default();
    let mut buffers = TargetScratch::default();
    targets
        .iter()
        .filter_map(|target| {
            with_target(&target.sentence, &target.range, model, &mut scratch, |scratch, units, first_token| {
                let features = crate::actor::target_feature_vector(scratch, units, None, first_token, &mut buffers);
                Example { features: features.to_vec(), class: target.class }
            })
        })
        .collect()
}

/// The calibration slope: least squares from the uncalibrated score (`scale = 1`) to the mean
/// human rating ÷ 4, over the given ground-truth files (grip fits it on the movie and Amazon
/// sets, its development sets, and reports tweets and NYT editorials as held out).
pub fn fit_calibration_scale(ground_truth_files: &[&str], model: &ToneModel) -> Result<f32, EvalError> {
    let mut uncalibrated = model.clone();
    uncalibrated.calibration.scale = 1.0;
    let (mut dot, mut squares) = (0.0f64, 0.0f64);
    for contents in ground_truth_files {
        for (rating, score) in crate::eval::vader_scores(contents, &uncalibrated)? {
            dot += rating / 4.0 * score;
            squares += score * score;
        }
    }
    Ok(if squares > 0.0 { (dot / squares) as f32 } else { 1.0 })
}
