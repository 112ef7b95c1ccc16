//! Aggregation: pair tables, the grip index and its time series, streamed row by row so that
//! memory grows with the number of pairs and periods, not with the number of events.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use grip_model::Date;

use crate::spike::{spikes, SpikeCheck, SpikeConfig};
use crate::{cooperation_sign, dimension, Dimension, Interaction};

/// The length of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// Calendar days.
    Day,
    /// ISO weeks (Monday to Sunday).
    Week,
    /// Calendar months.
    Month,
}

impl Period {
    /// The first day of the period that contains `day`.
    pub fn start(self, day: Date) -> Date {
        use chrono::Datelike as _;
        match self {
            Period::Day => day,
            Period::Week => day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday())),
            Period::Month => day.with_day(1).expect("every month has a first day"),
        }
    }

    /// The first day of the next period, given the first day of one.
    pub fn next(self, start: Date) -> Date {
        match self {
            Period::Day => start + chrono::Days::new(1),
            Period::Week => start + chrono::Days::new(7),
            Period::Month => start + chrono::Months::new(1),
        }
    }

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }
}

/// How much one event counts in the grip index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    /// |Goldstein|: a deployment (074, 8.5) counts more than a phone call (041, 1.0), and a
    /// bare statement (010, 0.0) not at all.
    Goldstein,
    /// Every event counts 1.
    Count,
}

/// How to aggregate. There is no `Default`: the caller chooses.
#[derive(Debug, Clone)]
pub struct InfluenceConfig {
    /// The period of the time series and pair tables.
    pub period: Period,
    /// How events are weighted in the grip index.
    pub weight: Weight,
    /// Only this target (a party key such as `KAZ`); `None`: every party is a target.
    pub target: Option<String>,
    /// How spikes are flagged.
    pub spike: SpikeConfig,
}

/// Per directed pair and period: counts and Goldstein sums by quad class (factual events).
#[derive(Debug, Clone, PartialEq)]
pub struct PairRow {
    /// Who acts.
    pub source: String,
    /// Who is acted upon.
    pub target: String,
    /// The first day of the period.
    pub period: Date,
    /// Events by quad class (verbal cooperation, material cooperation, verbal conflict,
    /// material conflict).
    pub counts: [u64; 4],
    /// Goldstein sums by quad class.
    pub goldstein: [f64; 4],
    /// (cooperation − conflict) / (cooperation + conflict) events, in [−1, 1].
    pub balance: f64,
}

impl PairRow {
    /// All events.
    pub fn n_events(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The Goldstein sum.
    pub fn goldstein_total(&self) -> f64 {
        self.goldstein.iter().sum()
    }
}

/// One patron of one target over the whole window: the grip index and the numbers behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct PatronRow {
    /// The target.
    pub target: String,
    /// The patron.
    pub patron: String,
    /// Events between them (either direction).
    pub n_events: u64,
    /// Their weight.
    pub weight: f64,
    /// The patron's share of the target's weighted dyadic interactions, in [0, 1].
    pub grip: f64,
    /// The same by dimension (security, economic, political); `None` when the target had no
    /// interactions in that dimension.
    pub grip_by_dimension: [Option<f64>; 3],
    /// The share signed by cooperation (+) or conflict (−), in [−grip, grip].
    pub signed: f64,
    /// Events by quad class, both directions.
    pub counts: [u64; 4],
    /// The Goldstein sum, both directions.
    pub goldstein: f64,
    /// (cooperation − conflict) / (cooperation + conflict) events.
    pub balance: f64,
    /// Periods flagged as spikes of the overall grip index.
    pub n_spikes: usize,
    /// The last of them.
    pub last_spike: Option<Date>,
}

/// The target as a whole over the window.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetRow {
    /// The target.
    pub target: String,
    /// Its dyadic events.
    pub n_events: u64,
    /// Their weight.
    pub weight: f64,
    /// Herfindahl–Hirschman index of the patrons' shares (1: one patron has everything).
    pub concentration: f64,
}

/// One patron of one target in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesRow {
    /// The target.
    pub target: String,
    /// The patron.
    pub patron: String,
    /// The first day of the period.
    pub period: Date,
    /// Events between them in the period.
    pub n_events: u64,
    /// The grip index in the period (`None` when the target had no weighted interactions).
    pub grip: Option<f64>,
    /// The same by dimension.
    pub grip_by_dimension: [Option<f64>; 3],
    /// The signed grip index.
    pub signed: Option<f64>,
    /// The spike check of the overall index.
    pub spike: Option<SpikeCheck>,
    /// The spike checks by dimension.
    pub spike_by_dimension: [Option<SpikeCheck>; 3],
}

/// Everything the aggregator computed, sorted.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Patrons by target, strongest grip first.
    pub patrons: Vec<PatronRow>,
    /// Targets with their concentration.
    pub targets: Vec<TargetRow>,
    /// Grip index per target, patron and period (periods where the target had interactions).
    pub series: Vec<SeriesRow>,
    /// Pair tables per directed pair and period.
    pub pairs: Vec<PairRow>,
    /// Rows seen.
    pub n_rows: u64,
    /// Rows used (factual, dyadic, matching the target filter).
    pub n_used: u64,
}

/// Weighted sums for the grip index: overall, then by dimension.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    n_events: u64,
    weight: [f64; 4],
    signed: [f64; 4],
    counts: [u64; 4],
    goldstein: f64,
}

impl Cell {
    fn add(&mut self, interaction: &Interaction<'_>, weight: f64, dimension: Option<Dimension>) {
        let sign = cooperation_sign(interaction.quad);
        self.n_events += 1;
        self.weight[0] += weight;
        self.signed[0] += sign * weight;
        if let Some(dimension) = dimension {
            let idx = dimension_idx(dimension) + 1;
            self.weight[idx] += weight;
            self.signed[idx] += sign * weight;
        }
        self.counts[usize::from(interaction.quad.number() - 1)] += 1;
        self.goldstein += interaction.goldstein;
    }

    fn merge(&mut self, other: &Cell) {
        self.n_events += other.n_events;
        for idx in 0..4 {
            self.weight[idx] += other.weight[idx];
            self.signed[idx] += other.signed[idx];
            self.counts[idx] += other.counts[idx];
        }
        self.goldstein += other.goldstein;
    }
}

fn dimension_idx(dimension: Dimension) -> usize {
    match dimension {
        Dimension::Security => 0,
        Dimension::Economic => 1,
        Dimension::Political => 2,
    }
}

type PartyIdx = u32;

/// Counts and Goldstein sums by quad class of one directed pair in one period.
type PairCell = ([u64; 4], [f64; 4]);

/// Streams interactions in and computes a [`Report`].
#[derive(Debug)]
pub struct Aggregator {
    config: InfluenceConfig,
    parties: HashMap<String, PartyIdx>,
    names: Vec<String>,
    totals: HashMap<(PartyIdx, Date), Cell>,
    shares: HashMap<(PartyIdx, PartyIdx, Date), Cell>,
    pairs: HashMap<(PartyIdx, PartyIdx, Date), PairCell>,
    n_rows: u64,
    n_used: u64,
}

impl Aggregator {
    /// An empty aggregator.
    pub fn new(config: InfluenceConfig) -> Aggregator {
        Aggregator {
            config,
            parties: HashMap::new(),
            names: Vec::new(),
            totals: HashMap::new(),
            shares: HashMap::new(),
            pairs: HashMap::new(),
            n_rows: 0,
            n_used: 0,
        }
    }

    fn party(&mut self, key: &str) -> PartyIdx {
        if let Some(&idx) = self.parties.get(key) {
            return idx;
        }
        let idx = PartyIdx::try_from(self.names.len()).expect("fewer than 4 billion parties");
        self.parties.insert(key.to_owned(), idx);
        self.names.push(key.to_owned());
        idx
    }

    /// Adds one interaction. Non-factual events, events within one party and events outside
    /// the target filter are counted in `n_rows` only.
    pub fn add(&mut self, interaction: &Interaction<'_>) {
        self.n_rows += 1;
        if !interaction.factual || interaction.source == interaction.target {
            return;
        }
        if let Some(target) = &self.config.target {
            if interaction.source != target && interaction.target != target {
                return;
            }
        }
        self.n_used += 1;
        let period = self.config.period.start(interaction.day);
        let source = self.party(interaction.source);
        let target = self.party(interaction.target);
        let pair = self.pairs.entry((source, target, period)).or_default();
        let quad_idx = usize::from(interaction.quad.number() - 1);
        pair.0[quad_idx] += 1;
        pair.1[quad_idx] += interaction.goldstein;
        let weight = match self.config.weight {
            Weight::Goldstein => interaction.goldstein.abs(),
            Weight::Count => 1.0,
        };
        let dimension = dimension(interaction.code, interaction.military);
        for (side, other) in [(target, source), (source, target)] {
            if let Some(filter) = &self.config.target {
                if self.names[side as usize] != *filter {
                    continue;
                }
            }
            self.totals.entry((side, period)).or_default().add(interaction, weight, dimension);
            self.shares.entry((side, other, period)).or_default().add(interaction, weight, dimension);
        }
    }

    /// Computes the report.
    pub fn finish(self) -> Report {
        let name = |idx: PartyIdx| self.names[idx as usize].clone();
        let period_kind = self.config.period;

        // Periods per target, sorted, and the calendar run from the first to the last.
        let mut target_periods: BTreeMap<String, BTreeSet<Date>> = BTreeMap::new();
        for &(target, period) in self.totals.keys() {
            target_periods.entry(name(target)).or_default().insert(period);
        }
        let mut by_target: BTreeMap<String, BTreeMap<String, BTreeMap<Date, Cell>>> = BTreeMap::new();
        for (&(target, patron, period), cell) in &self.shares {
            by_target.entry(name(target)).or_default().entry(name(patron)).or_default().insert(period, *cell);
        }
        let totals_by_name: HashMap<(String, Date), Cell> =
            self.totals.iter().map(|(&(target, period), cell)| ((name(target), period), *cell)).collect();

        let mut patrons = Vec::new();
        let mut targets = Vec::new();
        let mut series = Vec::new();
        for (target, patron_cells) in &by_target {
            let periods = calendar(period_kind, target_periods.get(target));
            let mut total = Cell::default();
            for period in &periods {
                if let Some(cell) = totals_by_name.get(&(target.clone(), *period)) {
                    total.merge(cell);
                }
            }
            let mut concentration = 0.0;
            let mut target_patrons = Vec::new();
            for (patron, cells) in patron_cells {
                let mut sum = Cell::default();
                cells.values().for_each(|cell| sum.merge(cell));
                // The series over the calendar run of the target.
                let mut values: [Vec<Option<f64>>; 4] = Default::default();
                let mut rows = Vec::new();
                for period in &periods {
                    let period_total = totals_by_name.get(&(target.clone(), *period)).copied().unwrap_or_default();
                    let cell = cells.get(period).copied().unwrap_or_default();
                    let shares: [Option<f64>; 4] =
                        std::array::from_fn(|idx| share(cell.weight[idx], period_total.weight[idx]));
                    for (idx, value) in shares.iter().enumerate() {
                        values[idx].push(*value);
                    }
                    rows.push((*period, cell, shares, share(cell.signed[0], period_total.weight[0])));
                }
                let checks: [Vec<Option<SpikeCheck>>; 4] =
                    std::array::from_fn(|idx| spikes(&values[idx], &self.config.spike));
                let mut n_spikes = 0;
                let mut last_spike = None;
                for (row_idx, (period, cell, shares, signed)) in rows.into_iter().enumerate() {
                    if shares[0].is_none() {
                        continue;
                    }
                    let spike = checks[0][row_idx];
                    if spike.is_some_and(|check| check.spike) {
                        n_spikes += 1;
                        last_spike = Some(period);
                    }
                    series.push(SeriesRow {
                        target: target.clone(),
                        patron: patron.clone(),
                        period,
                        n_events: cell.n_events,
                        grip: shares[0],
                        grip_by_dimension: [shares[1], shares[2], shares[3]],
                        signed,
                        spike,
                        spike_by_dimension: [checks[1][row_idx], checks[2][row_idx], checks[3][row_idx]],
                    });
                }
                let grip = share(sum.weight[0], total.weight[0]).unwrap_or(0.0);
                concentration += grip * grip;
                target_patrons.push(PatronRow {
                    target: target.clone(),
                    patron: patron.clone(),
                    n_events: sum.n_events,
                    weight: sum.weight[0],
                    grip,
                    grip_by_dimension: std::array::from_fn(|idx| share(sum.weight[idx + 1], total.weight[idx + 1])),
                    signed: share(sum.signed[0], total.weight[0]).unwrap_or(0.0),
                    counts: sum.counts,
                    goldstein: sum.goldstein,
                    balance: balance(&sum.counts),
                    n_spikes,
                    last_spike,
                });
            }
            target_patrons.sort_by(|a, b| {
                b.grip.total_cmp(&a.grip).then(b.n_events.cmp(&a.n_events)).then_with(|| a.patron.cmp(&b.patron))
            });
            patrons.extend(target_patrons);
            targets.push(TargetRow {
                target: target.clone(),
                n_events: total.n_events,
                weight: total.weight[0],
                concentration,
            });
        }
        series.sort_by(|a, b| (&a.target, &a.patron, a.period).cmp(&(&b.target, &b.patron, b.period)));

        let mut pairs: Vec<PairRow> = self
            .pairs
            .iter()
            .map(|(&(source, target, period), &(counts, goldstein))| PairRow {
                source: name(source),
                target: name(target),
                period,
                counts,
                goldstein,
                balance: balance(&counts),
            })
            .collect();
        pairs.sort_by(|a, b| (&a.source, &a.target, a.period).cmp(&(&b.source, &b.target, b.period)));
        Report { patrons, targets, series, pairs, n_rows: self.n_rows, n_used: self.n_used }
    }
}

/// Every period from the first to the last of `periods`.
fn calendar(kind: Period, periods: Option<&BTreeSet<Date>>) -> Vec<Date> {
    let Some(periods) = periods else {
        return Vec::new();
    };
    let (Some(&first), Some(&last)) = (periods.first(), periods.last()) else {
        return Vec::new();
    };
    let mut all = Vec::new();
    let mut period = first;
    while period <= last {
        all.push(period);
        period = kind.next(period);
    }
    all
}

fn share(part: f64, total: f64) -> Option<f64> {
    (total > 0.0).then(|| part / total)
}

/// (cooperation − conflict) / (cooperation + conflict) over quad-class counts; 0 when empty.
pub(crate) fn balance(counts: &[u64; 4]) -> f64 {
    let cooperation = (counts[0] + counts[1]) as f64;
    let conflict = (counts[2] + counts[3]) as f64;
    if cooperation + conflict == 0.0 {
        0.0
    } else {
        (cooperation - conflict) / (cooperation + conflict)
    }
}
