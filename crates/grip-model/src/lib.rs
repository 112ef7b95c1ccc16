//! grip's vocabulary: the plain data types every other crate speaks.
//!
//! Nothing here does IO or knows about serialization (STYLE.md §2.7): wire formats and the
//! database schema are written out at the edges (`grip-wire`, `grip-store`).
//! Offsets are byte offsets into the *original* document text, as [`TextRange`].

#![warn(missing_docs)]

mod actor;
mod cameo;
mod claim;
mod diagnostic;
mod document;
mod event;
pub mod gdelt;

pub use actor::{ActorCode, EntityId, EntityKind, Mention};
pub use cameo::{CameoCode, QuadClass};
pub use chrono::NaiveDate as Date;
pub use claim::{ActorTone, Certainty, Claim, ClaimKind, ClaimTime, Factuality, Holder, Tone, ToneContribution};
pub use diagnostic::{Diagnostic, Severity};
pub use document::Document;
pub use event::{Event, EventActor, Location, Modality};
pub use text_size::{TextRange, TextSize};

/// Converts a byte offset to a [`TextSize`], saturating at `u32::MAX`.
///
/// Inputs are capped well below 4 GiB at ingest; the saturation only keeps this total.
pub fn text_size(offset: usize) -> TextSize {
    TextSize::new(u32::try_from(offset).unwrap_or(u32::MAX))
}

/// Builds a [`TextRange`] from two byte offsets (`start <= end`).
///
/// # Panics
/// Panics if `start > end`, which is a programming error in the caller.
pub fn text_range(start: usize, end: usize) -> TextRange {
    TextRange::new(text_size(start), text_size(end))
}
