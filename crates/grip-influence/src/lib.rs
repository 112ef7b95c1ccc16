//! grip's influence measures: pure computation over event rows, whether grip coded them or
//! they were imported from GDELT. No IO: the caller streams rows in and gets tables (and
//! charts as bytes) out.
//!
//! - [`Aggregator`]: per actor pair and period, event counts and Goldstein sums by quad class
//!   and a cooperation–conflict balance; per target, the *grip index* of each patron overall
//!   and by dimension (security, economic, political), with spikes flagged against the pair's
//!   own trailing baseline ([`spikes`]).
//! - [`match_forecasts`]: predictions from claims matched against later events.
//! - [`plot`]: SVG and PNG charts of the tables.
//!
//! The formulas are documented in README.md ("Influence") and ARCHITECTURE.md.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod aggregate;
mod forecast;
pub mod plot;
mod spike;

#[cfg(test)]
mod tests;

use std::borrow::Cow;

pub use aggregate::{Aggregator, InfluenceConfig, PairRow, PatronRow, Period, Report, SeriesRow, TargetRow, Weight};
pub use forecast::{match_forecasts, ForecastConfig, ForecastMatch, ForecastStatus, Observed, Prediction};
pub use grip_model::{Date, QuadClass};
pub use spike::{spikes, SpikeCheck, SpikeConfig};

/// One interaction between two parties, reduced to what influence needs. Build it from a grip
/// event or a GDELT row with [`party`] and [`is_military`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interaction<'a> {
    /// The day it happened (a grip event: its document's date).
    pub day: Date,
    /// Who acts: a party key (`RUS`, `IGOCSTO`, `REGION:CAS`).
    pub source: &'a str,
    /// Who is acted upon.
    pub target: &'a str,
    /// The CAMEO code, as text (`0234`).
    pub code: &'a str,
    /// The quad class.
    pub quad: QuadClass,
    /// The Goldstein score.
    pub goldstein: f64,
    /// Whether either side is a military actor (sector or type `MIL`).
    pub military: bool,
    /// Whether the event happened as stated (grip: asserted or reported; GDELT: always).
    pub factual: bool,
}

/// The dimension of an interaction for the grip index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    /// Military aid and cooperation, protection, force posture, fighting, and anything done by
    /// or to a military actor that is not economic.
    Security,
    /// Material and economic cooperation, economic and humanitarian aid, reduced relations
    /// (sanctions, embargoes, cut aid).
    Economic,
    /// Intentions, consultations, diplomatic cooperation, demands, disapproval, rejection.
    Political,
}

impl Dimension {
    /// All dimensions, in report order.
    pub const ALL: [Dimension; 3] = [Dimension::Security, Dimension::Economic, Dimension::Political];

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Security => "security",
            Dimension::Economic => "economic",
            Dimension::Political => "political",
        }
    }
}

/// The dimension of a CAMEO code (given as text), or `None` for codes that count only in the
/// overall index (statements, appeals, yielding, investigation, threats, protest, coercion).
///
/// Security: 062, 064, 070, 072, 074, 0234, 0861, 1622, 1661, 15x, 18x, 19x, 20x, and every
/// non-economic code when either side is military. Economic: 06x (other than 062, 064), 071,
/// 073, 16x (other than 1622, 1661). Political: 03x, 04x, 05x, 10x, 11x, 12x.
pub fn dimension(code: &str, military: bool) -> Option<Dimension> {
    const SECURITY: &[&str] = &["062", "064", "070", "072", "074", "0234", "0861", "1622", "1661"];
    const ECONOMIC: &[&str] = &["060", "061", "063", "071", "073"];
    let starts = |prefix: &str| code.starts_with(prefix);
    let root = code.get(..2).unwrap_or(code);
    if SECURITY.iter().any(|prefix| starts(prefix)) || matches!(root, "15" | "18" | "19" | "20") {
        return Some(Dimension::Security);
    }
    if ECONOMIC.iter().any(|prefix| starts(prefix)) || root == "16" {
        return Some(Dimension::Economic);
    }
    if military {
        return Some(Dimension::Security);
    }
    match root {
        "03" | "04" | "05" | "10" | "11" | "12" => Some(Dimension::Political),
        _ => None,
    }
}

/// CAMEO's sector and type codes (three letters after a country or IGO code).
const SECTORS: &[&str] = &[
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO", "INS", "JUD", "LAB",
    "LEG", "MED", "MIL", "MNC", "MOD", "NGM", "NGO", "OPP", "PTY", "RAD", "REB", "REF", "SEP", "SET", "SPY", "UAF",
];

/// The party key of one side of an event: the region (`REGION:CAS`), the IGO (`IGOCSTO` for
/// `IGOCSTOMIL`; `IGO` + GDELT's known-group code for GDELT rows, `IGOEEC` for `IGOEUREEC`),
/// or the country (`RUS` for `RUSMIL`). `country` is GDELT's Actor1CountryCode or the first three letters
/// of a grip code; `group` is GDELT's Actor1KnownGroupCode (empty for grip rows).
/// `None` when the side names no country, IGO or region (a bare `REB`, an empty actor).
pub fn party<'a>(code: &'a str, country: &'a str, group: &'a str) -> Option<Cow<'a, str>> {
    if code.starts_with("REGION:") {
        return Some(Cow::Borrowed(code));
    }
    if let Some(rest) = code.strip_prefix("IGO") {
        // GDELT writes the region of an IGO in its country field (IGOEUREEC: country EUR,
        // group EEC); the organization, not the region, is the party.
        if !group.is_empty() {
            return Some(Cow::Owned(format!("IGO{group}")));
        }
        // Strip trailing sector codes: IGOCSTOMIL -> IGOCSTO.
        let mut end = rest.len();
        while end >= 6 && SECTORS.contains(&&rest[end - 3..end]) {
            end -= 3;
        }
        if end > 0 {
            return Some(Cow::Borrowed(&code[..3 + end]));
        }
    }
    if !country.is_empty() && country != "IGO" {
        return Some(Cow::Borrowed(country));
    }
    None
}

/// Whether an actor is military: a `MIL` sector in its code (`RUSMIL`, `IGOCSTOMIL`) or a
/// `MIL` type code (GDELT's Actor1Type1..3Code, space-separated in `types`).
pub fn is_military(code: &str, types: &str) -> bool {
    if types.split(' ').any(|type_code| type_code == "MIL") {
        return true;
    }
    if code.starts_with("REGION:") {
        return false;
    }
    let bytes = code.as_bytes();
    (3..bytes.len()).step_by(3).any(|start| bytes.get(start..start + 3) == Some(b"MIL")) || code.ends_with("MIL")
}

/// The quad class of a GDELT number (1–4).
pub fn quad_class(number: u8) -> Option<QuadClass> {
    match number {
        1 => Some(QuadClass::VerbalCooperation),
        2 => Some(QuadClass::MaterialCooperation),
        3 => Some(QuadClass::VerbalConflict),
        4 => Some(QuadClass::MaterialConflict),
        _ => None,
    }
}

/// +1 for cooperation (quad classes 1, 2), −1 for conflict (3, 4).
pub fn cooperation_sign(quad: QuadClass) -> f64 {
    match quad {
        QuadClass::VerbalCooperation | QuadClass::MaterialCooperation => 1.0,
        QuadClass::VerbalConflict | QuadClass::MaterialConflict => -1.0,
    }
}
