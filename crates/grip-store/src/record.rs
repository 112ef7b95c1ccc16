//! The records the store writes: borrowed views of model values plus what the store adds
//! (hashes, sources, versions). Conversions from model types are written out in `write.rs`;
//! model types carry no serialization derives.

pub use grip_model::gdelt::{GdeltActor, GdeltEvent};
use grip_model::{ActorTone, Claim, Date, Diagnostic, Document, Event, Mention, TextRange, Tone};

use crate::{RunId, VersionId};

/// A document to insert.
#[derive(Debug, Clone, Copy)]
pub struct NewDocument<'a> {
    /// The document (id, date, title, url, text).
    pub document: &'a Document,
    /// The content hash that makes the document unique (grip-ingest uses SHA-256 of the text,
    /// in lowercase hex).
    pub content_hash: &'a str,
    /// Where it came from: a file path, a feed URL, `stdin`.
    pub source: &'a str,
    /// The run that brings it in.
    pub run: RunId,
    /// Problems met while reading it (invalid UTF-8, a bad date field); stored with stage
    /// `ingest`, kept across re-analysis.
    pub diagnostics: &'a [Diagnostic],
}

/// One sentence of an analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentenceRecord {
    /// Its range in the original text.
    pub range: TextRange,
    /// Whether extraction skipped it (a repeated title, a signature).
    pub skipped: bool,
}

/// An analysis of a document, borrowed from `grip_analysis::Analysis`.
#[derive(Debug, Clone, Copy)]
pub struct AnalysisRecord<'a> {
    /// The engine and KB version that produced it.
    pub version: VersionId,
    /// The date the analysis resolved roles at.
    pub date: Date,
    /// Where that date came from (`given`, `text`, `fallback`).
    pub date_source: &'a str,
    /// The sentences.
    pub sentences: &'a [SentenceRecord],
    /// Linked mentions.
    pub mentions: &'a [Mention],
    /// Coded events.
    pub events: &'a [Event],
    /// Claims; `Claim::event` indexes `events`.
    pub claims: &'a [Claim],
    /// Document tone.
    pub tone: Option<&'a Tone>,
    /// Tone toward each actor.
    pub actor_tone: &'a [ActorTone],
    /// Problems found by the analysis.
    pub diagnostics: &'a [Diagnostic],
}

/// A GDELT event row as the store keeps it: the row and the run that brings it in. Empty text
/// is stored as NULL.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GdeltRecord<'a> {
    /// The row.
    pub event: GdeltEvent<'a>,
    /// The run that brings it in.
    pub run: RunId,
}

/// What a run did, for `runs` and the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunCounts {
    /// Documents (or GDELT rows) added.
    pub n_new: i64,
    /// Documents (or GDELT rows) already stored.
    pub n_duplicate: i64,
    /// Inputs that could not be read.
    pub n_failed: i64,
}
