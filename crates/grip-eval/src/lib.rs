//! Evaluation of grip against the peers' own test suites, read from `../shared/data` at run
//! time (never copied into the repository). Each suite module loads its data, runs grip, and
//! returns a report with the figures MISSION.md asks for and the failures behind them.

#![warn(missing_docs)]

pub mod actors;
pub mod claims;
pub mod events;
pub mod geo;
mod stats;
