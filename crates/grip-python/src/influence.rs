//! `grip.influence`: event rows in (as columns), grip-influence's tables out (as columns).
//!
//! The Python layer turns a DataFrame of grip events (or GDELT rows) into the columns of
//! [`Columns`], the same fields as the store's `interactions` view; this module builds the
//! [`grip_influence::Interaction`]s exactly as `grip influence` does and runs the aggregator
//! without the GIL.

use std::collections::BTreeMap;

use grip_influence::{Aggregator, InfluenceConfig, Interaction, Period, Report, SpikeConfig, Weight};
use grip_model::CameoCode;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Event rows, one list per field, all of one length.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub(crate) struct Columns {
    /// `YYYY-MM-DD` (or an ISO timestamp).
    day: Vec<String>,
    source_actor: Vec<String>,
    /// grip rows: the first three letters of the actor code (the region for `REGION:` codes);
    /// GDELT rows: Actor1CountryCode.
    source_country: Vec<String>,
    /// GDELT's Actor1KnownGroupCode; empty for grip rows.
    source_group: Vec<String>,
    /// GDELT's Actor1Type1..3Code, space-separated; empty for grip rows.
    source_types: Vec<String>,
    target_actor: Vec<String>,
    target_country: Vec<String>,
    target_group: Vec<String>,
    target_types: Vec<String>,
    /// The CAMEO code as text.
    code: Vec<String>,
    /// The quad class 1–4, or 0 when unknown (then taken from the code).
    quad: Vec<i64>,
    goldstein: Vec<f64>,
    /// Whether the event happened as stated (modality asserted or reported; GDELT: always).
    factual: Vec<bool>,
}

/// Computes the influence tables. Rows whose day does not parse, whose sides name no party or
/// whose quad class is unknown are skipped (counted in neither `n_rows` nor `n_used`, as in the
/// CLI) and reported in `n_skipped`.
#[pyfunction]
#[pyo3(signature = (columns, *, period, weight, target, k, baseline))]
pub(crate) fn influence<'py>(
    py: Python<'py>,
    columns: Columns,
    period: &str,
    weight: &str,
    target: Option<String>,
    k: f64,
    baseline: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let period = match period {
        "day" => Period::Day,
        "week" => Period::Week,
        "month" => Period::Month,
        other => return Err(PyValueError::new_err(format!("period must be day, week or month, not {other:?}"))),
    };
    let weight = match weight {
        "goldstein" => Weight::Goldstein,
        "count" => Weight::Count,
        other => return Err(PyValueError::new_err(format!("weight must be goldstein or count, not {other:?}"))),
    };
    let n = columns.day.len();
    let lengths = [
        columns.source_actor.len(),
        columns.source_country.len(),
        columns.source_group.len(),
        columns.source_types.len(),
        columns.target_actor.len(),
        columns.target_country.len(),
        columns.target_group.len(),
        columns.target_types.len(),
        columns.code.len(),
        columns.quad.len(),
        columns.goldstein.len(),
        columns.factual.len(),
    ];
    if lengths.iter().any(|&length| length != n) {
        return Err(PyValueError::new_err("influence: every column must have one value per row"));
    }
    let config = InfluenceConfig {
        period,
        weight,
        target: target.map(|target| target.to_ascii_uppercase()),
        spike: SpikeConfig { baseline_periods: baseline, k, min_baseline: 4, min_sd: 0.05 },
    };
    let (report, n_skipped) = py.detach(|| aggregate(&columns, config));
    tables(py, &report, n_skipped)
}

fn aggregate(columns: &Columns, config: InfluenceConfig) -> (Report, u64) {
    let mut aggregator = Aggregator::new(config);
    let mut n_skipped = 0;
    for row_idx in 0..columns.day.len() {
        let Some(day) = crate::input::parse_date(&columns.day[row_idx]) else {
            n_skipped += 1;
            continue;
        };
        let source = grip_influence::party(
            &columns.source_actor[row_idx],
            &columns.source_country[row_idx],
            &columns.source_group[row_idx],
        );
        let target = grip_influence::party(
            &columns.target_actor[row_idx],
            &columns.target_country[row_idx],
            &columns.target_group[row_idx],
        );
        let code = columns.code[row_idx].as_str();
        let quad = u8::try_from(columns.quad[row_idx])
            .ok()
            .and_then(grip_influence::quad_class)
            .or_else(|| CameoCode::parse(code).map(|code| code.quad()));
        let (Some(source), Some(target), Some(quad)) = (source, target, quad) else {
            n_skipped += 1;
            continue;
        };
        let military = grip_influence::is_military(&columns.source_actor[row_idx], &columns.source_types[row_idx])
            || grip_influence::is_military(&columns.target_actor[row_idx], &columns.target_types[row_idx]);
        aggregator.add(&Interaction {
            day,
            source: &source,
            target: &target,
            code,
            quad,
            goldstein: columns.goldstein[row_idx],
            military,
            factual: columns.factual[row_idx],
        });
    }
    (aggregator.finish(), n_skipped)
}

/// A table as named columns.
type Table = BTreeMap<&'static str, Vec<Value>>;

/// A cell of a table.
#[derive(IntoPyObject)]
enum Value {
    Text(String),
    Int(u64),
    Float(f64),
    MaybeFloat(Option<f64>),
    MaybeText(Option<String>),
    Bool(bool),
}

fn push(table: &mut Table, column: &'static str, value: Value) {
    table.entry(column).or_default().push(value);
}

const QUADS: [&str; 4] = ["vcoop", "mcoop", "vconf", "mconf"];
const DIMENSIONS: [&str; 3] = ["security", "economic", "political"];

fn tables<'py>(py: Python<'py>, report: &Report, n_skipped: u64) -> PyResult<Bound<'py, PyDict>> {
    let mut patrons = Table::new();
    for row in &report.patrons {
        push(&mut patrons, "target", Value::Text(row.target.clone()));
        push(&mut patrons, "patron", Value::Text(row.patron.clone()));
        push(&mut patrons, "events", Value::Int(row.n_events));
        push(&mut patrons, "weight", Value::Float(row.weight));
        push(&mut patrons, "grip", Value::Float(row.grip));
        for (name, value) in DIMENSIONS.iter().zip(row.grip_by_dimension) {
            push(&mut patrons, name, Value::MaybeFloat(value));
        }
        push(&mut patrons, "signed", Value::Float(row.signed));
        for (name, count) in QUADS.iter().zip(row.counts) {
            push(&mut patrons, name, Value::Int(count));
        }
        push(&mut patrons, "goldstein", Value::Float(row.goldstein));
        push(&mut patrons, "balance", Value::Float(row.balance));
        push(&mut patrons, "spikes", Value::Int(u64::try_from(row.n_spikes).unwrap_or(u64::MAX)));
        push(&mut patrons, "last_spike", Value::MaybeText(row.last_spike.map(|date| date.to_string())));
    }
    let mut targets = Table::new();
    for row in &report.targets {
        push(&mut targets, "target", Value::Text(row.target.clone()));
        push(&mut targets, "events", Value::Int(row.n_events));
        push(&mut targets, "weight", Value::Float(row.weight));
        push(&mut targets, "concentration", Value::Float(row.concentration));
    }
    let mut series = Table::new();
    for row in &report.series {
        push(&mut series, "target", Value::Text(row.target.clone()));
        push(&mut series, "patron", Value::Text(row.patron.clone()));
        push(&mut series, "period", Value::Text(row.period.to_string()));
        push(&mut series, "events", Value::Int(row.n_events));
        push(&mut series, "grip", Value::MaybeFloat(row.grip));
        for (name, value) in DIMENSIONS.iter().zip(row.grip_by_dimension) {
            push(&mut series, name, Value::MaybeFloat(value));
        }
        push(&mut series, "signed", Value::MaybeFloat(row.signed));
        push(&mut series, "spike", Value::Bool(row.spike.is_some_and(|check| check.spike)));
        push(&mut series, "threshold", Value::MaybeFloat(row.spike.map(|check| check.threshold)));
    }
    let mut pairs = Table::new();
    for row in &report.pairs {
        push(&mut pairs, "source", Value::Text(row.source.clone()));
        push(&mut pairs, "target", Value::Text(row.target.clone()));
        push(&mut pairs, "period", Value::Text(row.period.to_string()));
        push(&mut pairs, "events", Value::Int(row.n_events()));
        for (name, count) in QUADS.iter().zip(row.counts) {
            push(&mut pairs, name, Value::Int(count));
        }
        for (name, sum) in
            ["goldstein_vcoop", "goldstein_mcoop", "goldstein_vconf", "goldstein_mconf"].iter().zip(row.goldstein)
        {
            push(&mut pairs, name, Value::Float(sum));
        }
        push(&mut pairs, "goldstein", Value::Float(row.goldstein_total()));
        push(&mut pairs, "balance", Value::Float(row.balance));
    }
    let out = PyDict::new(py);
    out.set_item("patrons", patrons)?;
    out.set_item("targets", targets)?;
    out.set_item("series", series)?;
    out.set_item("pairs", pairs)?;
    out.set_item("n_rows", report.n_rows)?;
    out.set_item("n_used", report.n_used)?;
    out.set_item("n_skipped", n_skipped)?;
    Ok(out)
}
