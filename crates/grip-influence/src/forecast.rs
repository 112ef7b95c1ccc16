//! Forecast tracking: a prediction (a claim whose event lies in the future) is matched against
//! the events stored after it between the same parties.
//!
//! - **confirmed**: a later factual event between the same parties (the same direction; either
//!   direction for consultations, diplomatic and material cooperation, roots 04–06) with the
//!   same CAMEO root code, within the horizon;
//! - **contradicted**: no confirmation, but within the horizon an explicit denial (a negated
//!   event with the same root) or a factual *material* event of the opposite polarity
//!   (material conflict after a predicted cooperation, material cooperation after a predicted
//!   conflict);
//! - **not yet**: neither; `expired` tells whether the horizon has passed.
//!
//! A negated prediction ("Russia will not send troops") turns this around: a denial confirms
//! it, the event itself contradicts it.

use std::collections::HashMap;

use grip_model::Date;

use crate::{cooperation_sign, QuadClass};

/// A prediction to check.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The caller's id (the claim id).
    pub id: i64,
    /// The date of the document that makes it.
    pub day: Date,
    /// The forecast source party.
    pub source: String,
    /// The forecast target party.
    pub target: String,
    /// The forecast CAMEO code.
    pub code: String,
    /// The forecast quad class.
    pub quad: QuadClass,
    /// Whether the prediction is that the event will *not* happen.
    pub negated: bool,
}

/// A stored event, for matching.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observed<'a> {
    /// The caller's reference (`gdelt:123`, an event id).
    pub reference: &'a str,
    /// Its day.
    pub day: Date,
    /// Source party.
    pub source: &'a str,
    /// Target party.
    pub target: &'a str,
    /// CAMEO code.
    pub code: &'a str,
    /// Quad class.
    pub quad: QuadClass,
    /// Asserted or reported (GDELT rows: always).
    pub factual: bool,
    /// Explicitly negated ("did not send troops").
    pub negated: bool,
    /// Where to read about it.
    pub url: &'a str,
}

/// How forecasts are matched. There is no `Default`: the caller chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForecastConfig {
    /// Days after the prediction within which events count.
    pub horizon_days: u32,
    /// The date the check is made at (usually the last stored event day): a prediction whose
    /// horizon ended before it is `expired`.
    pub as_of: Date,
}

/// The status of a forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ForecastStatus {
    /// A matching event happened.
    Confirmed,
    /// Nothing decisive yet.
    NotYet,
    /// The opposite happened.
    Contradicted,
}

impl ForecastStatus {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ForecastStatus::Confirmed => "confirmed",
            ForecastStatus::NotYet => "not yet",
            ForecastStatus::Contradicted => "contradicted",
        }
    }
}

/// The verdict on one prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastMatch {
    /// The prediction's id.
    pub id: i64,
    /// The verdict.
    pub status: ForecastStatus,
    /// Whether the horizon has passed (as of [`ForecastConfig::as_of`]).
    pub expired: bool,
    /// The first decisive event: reference, day, code, URL.
    pub evidence: Option<(String, Date, String, String)>,
    /// Events compatible with the prediction within the horizon.
    pub n_matching: u64,
}

/// A decisive event: day, reference, code, URL.
type Evidence = (Date, String, String, String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Confirms,
    Contradicts,
}

fn verdict(prediction: &Prediction, event: &Observed<'_>) -> Option<Verdict> {
    let same_direction = event.source == prediction.source && event.target == prediction.target;
    let reversed = event.source == prediction.target && event.target == prediction.source;
    if !same_direction && !reversed {
        return None;
    }
    let root = |code: &str| code.get(..2).unwrap_or(code).to_owned();
    let predicted_root = root(&prediction.code);
    let symmetric = matches!(predicted_root.as_str(), "04" | "05" | "06");
    if root(event.code) == predicted_root && (same_direction || symmetric) {
        if event.negated {
            return Some(if prediction.negated { Verdict::Confirms } else { Verdict::Contradicts });
        }
        if event.factual {
            return Some(if prediction.negated { Verdict::Contradicts } else { Verdict::Confirms });
        }
        return None;
    }
    let material = matches!(event.quad, QuadClass::MaterialCooperation | QuadClass::MaterialConflict);
    let opposite = cooperation_sign(event.quad) != cooperation_sign(prediction.quad);
    (event.factual && !event.negated && material && opposite && !prediction.negated).then_some(Verdict::Contradicts)
}

/// Matches predictions against events. `events` may come in any order and may include events
/// unrelated to any prediction; only those between the predicted parties, after the
/// prediction and within the horizon count. Results are in the order of `predictions`.
pub fn match_forecasts<'a>(
    predictions: &[Prediction],
    events: impl IntoIterator<Item = Observed<'a>>,
    config: &ForecastConfig,
) -> Vec<ForecastMatch> {
    let mut matches: Vec<ForecastMatch> = predictions
        .iter()
        .map(|prediction| {
            let end = prediction.day + chrono::Days::new(u64::from(config.horizon_days));
            ForecastMatch {
                id: prediction.id,
                status: ForecastStatus::NotYet,
                expired: end < config.as_of,
                evidence: None,
                n_matching: 0,
            }
        })
        .collect();
    // Decisive events found so far: (day, verdict) per prediction; the earliest confirmation
    // wins, then the earliest contradiction.
    let mut best: Vec<[Option<Evidence>; 2]> = vec![[None, None]; predictions.len()];
    // Index predictions by unordered pair so that unrelated events cost one lookup.
    let mut by_pair: HashMap<String, HashMap<String, Vec<usize>>> = HashMap::new();
    for (idx, prediction) in predictions.iter().enumerate() {
        let (low, high) = unordered(&prediction.source, &prediction.target);
        by_pair.entry(low.to_owned()).or_default().entry(high.to_owned()).or_default().push(idx);
    }
    for event in events {
        let (low, high) = unordered(event.source, event.target);
        let Some(candidates) = by_pair.get(low).and_then(|inner| inner.get(high)) else {
            continue;
        };
        for &idx in candidates {
            let prediction = &predictions[idx];
            let end = prediction.day + chrono::Days::new(u64::from(config.horizon_days));
            if event.day <= prediction.day || event.day > end {
                continue;
            }
            let Some(verdict) = verdict(prediction, &event) else {
                continue;
            };
            let slot = match verdict {
                Verdict::Confirms => {
                    matches[idx].n_matching += 1;
                    0
                }
                Verdict::Contradicts => 1,
            };
            let entry = (event.day, event.reference.to_owned(), event.code.to_owned(), event.url.to_owned());
            let replace = match &best[idx][slot] {
                None => true,
                Some(current) => (entry.0, &entry.1) < (current.0, &current.1),
            };
            if replace {
                best[idx][slot] = Some(entry);
            }
        }
    }
    for (idx, [confirm, contradict]) in best.into_iter().enumerate() {
        let (status, evidence) = match (confirm, contradict) {
            (Some(evidence), _) => (ForecastStatus::Confirmed, Some(evidence)),
            (None, Some(evidence)) => (ForecastStatus::Contradicted, Some(evidence)),
            (None, None) => (ForecastStatus::NotYet, None),
        };
        matches[idx].status = status;
        matches[idx].evidence = evidence.map(|(day, reference, code, url)| (reference, day, code, url));
    }
    matches
}

fn unordered<'s>(a: &'s str, b: &'s str) -> (&'s str, &'s str) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}
