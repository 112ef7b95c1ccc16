//! Peer compatibility: read PETRARCH and TABARI dictionary files, code text the way those
//! coders do, and run their validation suites.
//!
//! - [`tabari`]: TABARI `.actors`, `.agents`, `.verbs`, `.options`, `.project` files and the
//!   TABARI shallow coder (raw text, no parse).
//! - [`petrarch`]: PETRARCH actor, agent, verb (PETRARCH-1 and CAMEO.2.0 pattern syntax) and
//!   discard dictionaries, `PETR_config.ini`, and a PETRARCH-style coder over Penn Treebank
//!   parses.
//! - [`suites`]: the peers' validation suites as functions returning a [`SuiteReport`].
//! - [`io`]: the one place that reads files: [`io::load_dir`] for the CLI.
//! - [`PeerDictionaries`]: a user's dictionary directory in either format, recognised from the
//!   file names, coding documents sentence by sentence (`grip analyze --dictionaries DIR`).
//!
//! Codes stay strings ([`PeerEvent`]): the suites use toy actor codes and WEIS-like demo event
//! codes. [`PeerEvent::to_grip_event`] converts events with real CAMEO codes.
//!
//! The core does no IO: dictionaries are passed in as `(name, text)` pairs; names appear in
//! errors (`TABARI.Demo.verbs:12: missing right-bracket ]`) and rule ids
//! (`tabari:TABARI.Demo.verbs:214`).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod date;
mod dictionaries;
mod error;
mod event;
pub mod io;
pub mod petrarch;
pub mod suites;
pub mod tabari;

pub use date::DayNumber;
pub use dictionaries::PeerDictionaries;
pub use error::PeerError;
pub use event::{Coded, PeerEvent, Problem};
pub use suites::{Gold, RecordFailure, SuiteReport, Triple};
