//! The glue between stored rows and the influence measures: which parties a stored event
//! links, aggregation over a window, and forecast matching. The same rules as `grip influence`
//! and `grip forecasts`, so that the API and the CLI give the same numbers.

use std::borrow::Cow;
use std::collections::BTreeSet;

use grip_influence::{Aggregator, ForecastMatch, InfluenceConfig, Interaction, Prediction, Report};
use grip_model::{CameoCode, Date, QuadClass};
use grip_store::{InteractionFilter, InteractionRow, PredictionClaim, Store, StoreError};

/// What influence needs from a stored event: its parties, quad class, and whether it happened
/// and involved a military actor.
#[derive(Debug, Clone, PartialEq)]
pub struct Parts<'a> {
    /// The source party (`RUS` for `RUSMIL`).
    pub source: Cow<'a, str>,
    /// The target party.
    pub target: Cow<'a, str>,
    /// The quad class (from the row, else from the CAMEO code).
    pub quad: QuadClass,
    /// Asserted or reported (every GDELT row).
    pub factual: bool,
    /// Either side is military.
    pub military: bool,
}

/// The parts of a stored event; `None` when a side names no party or the quad class is
/// unknown.
pub fn parts<'a>(row: &InteractionRow<'a>) -> Option<Parts<'a>> {
    let source = grip_influence::party(row.source_actor, row.source_country, row.source_group)?;
    let target = grip_influence::party(row.target_actor, row.target_country, row.target_group)?;
    let quad =
        grip_influence::quad_class(row.quad_class).or_else(|| CameoCode::parse(row.code).map(|code| code.quad()))?;
    Some(Parts {
        source,
        target,
        quad,
        factual: matches!(row.modality, "asserted" | "reported"),
        military: grip_influence::is_military(row.source_actor, row.source_types)
            || grip_influence::is_military(row.target_actor, row.target_types),
    })
}

/// Feeds the stored interactions that pass `filter` into an aggregator.
///
/// # Errors
/// When the store cannot be read.
pub fn aggregate(store: &Store, filter: &InteractionFilter, config: InfluenceConfig) -> Result<Report, StoreError> {
    let mut aggregator = Aggregator::new(config);
    store.interactions(filter, |row| {
        let Some(parts) = parts(row) else {
            return;
        };
        aggregator.add(&Interaction {
            day: row.day,
            source: &parts.source,
            target: &parts.target,
            code: row.code,
            quad: parts.quad,
            goldstein: row.goldstein,
            military: parts.military,
            factual: parts.factual,
        });
    })?;
    Ok(aggregator.finish())
}

/// One prediction with its verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// The stored claim (and its forecast event, if it names one).
    pub claim: PredictionClaim,
    /// The prediction as matched (parties, code); `None` when the claim names no event between
    /// two parties, so that nothing can confirm or contradict it.
    pub prediction: Option<Prediction>,
    /// The verdict, for tracked predictions.
    pub verdict: Option<ForecastMatch>,
}

/// All predictions, with verdicts for those that can be checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastReport {
    /// The day the check is made at: the last stored event day, or `today` without events.
    pub as_of: Date,
    /// Predictions that name an event between two parties.
    pub n_tracked: usize,
    /// Every prediction, in document-date order.
    pub forecasts: Vec<Forecast>,
}

/// Matches every stored prediction that names an event between two parties against the
/// stored events (grip's and GDELT's) after it, within `horizon_days`, as `grip forecasts`
/// does; the other predictions are listed without a verdict.
///
/// # Errors
/// When the store cannot be read.
pub fn forecasts(store: &Store, horizon_days: u32, today: Date) -> Result<ForecastReport, StoreError> {
    let claims = store.prediction_claims()?;
    let party_of = |code: &str| grip_influence::party(code, code.get(..3).unwrap_or(""), "").map(Cow::into_owned);
    let mut predictions = Vec::new();
    let mut tracked: Vec<Option<usize>> = Vec::with_capacity(claims.len());
    for claim in &claims {
        let day = claim.date.as_deref().and_then(|date| Date::parse_from_str(date.get(..10)?, "%Y-%m-%d").ok());
        let prediction = claim.event.as_ref().zip(day).and_then(|((_, source, target, code, modality), day)| {
            let (source, target, cameo) = (party_of(source)?, party_of(target)?, CameoCode::parse(code)?);
            Some(Prediction {
                id: claim.claim_id,
                day,
                source,
                target,
                code: code.clone(),
                quad: cameo.quad(),
                negated: modality == "negated",
            })
        });
        tracked.push(prediction.map(|prediction| {
            predictions.push(prediction);
            predictions.len() - 1
        }));
    }
    let pairs: BTreeSet<(String, String)> =
        predictions.iter().map(|prediction| unordered(&prediction.source, &prediction.target)).collect();
    let since = predictions.iter().map(|prediction| prediction.day).min();
    let mut observed = Vec::new();
    let mut last_day = since;
    if since.is_some() {
        store.interactions(&InteractionFilter { since, until: None, origin: None }, |row| {
            last_day = Some(last_day.map_or(row.day, |day| day.max(row.day)));
            let Some(parts) = parts(row) else {
                return;
            };
            if !pairs.contains(&unordered(&parts.source, &parts.target)) {
                return;
            }
            observed.push(OwnedObserved {
                reference: format!("{}:{}", row.origin.as_str(), row.event_id),
                day: row.day,
                source: parts.source.into_owned(),
                target: parts.target.into_owned(),
                code: row.code.to_owned(),
                quad: parts.quad,
                factual: parts.factual,
                negated: row.modality == "negated",
                url: row.url.to_owned(),
            });
        })?;
    }
    let as_of = last_day.unwrap_or(today);
    let config = grip_influence::ForecastConfig { horizon_days, as_of };
    let verdicts = grip_influence::match_forecasts(
        &predictions,
        observed.iter().map(|event| grip_influence::Observed {
            reference: &event.reference,
            day: event.day,
            source: &event.source,
            target: &event.target,
            code: &event.code,
            quad: event.quad,
            factual: event.factual,
            negated: event.negated,
            url: &event.url,
        }),
        &config,
    );
    let n_tracked = predictions.len();
    let forecasts = claims
        .into_iter()
        .zip(tracked)
        .map(|(claim, idx)| Forecast {
            claim,
            prediction: idx.map(|idx| predictions[idx].clone()),
            verdict: idx.map(|idx| verdicts[idx].clone()),
        })
        .collect();
    Ok(ForecastReport { as_of, n_tracked, forecasts })
}

struct OwnedObserved {
    reference: String,
    day: Date,
    source: String,
    target: String,
    code: String,
    quad: QuadClass,
    factual: bool,
    negated: bool,
    url: String,
}

fn unordered(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}
