//! The analysis facade: one function, [`analyze`], from a document to everything grip finds in
//! it. This is the API boundary the CLI, the server, the store and the Python bindings call.
//!
//! Analysis never fails on text (ARCHITECTURE.md invariant 2): problems become diagnostics.
//! It does no IO and reads no clock: the caller passes the fallback date in the config.

#![warn(missing_docs)]

mod layout;

#[cfg(test)]
mod tests;

use grip_kb::Kb;
use grip_model::{ActorTone, Claim, Date, Diagnostic, Document, Event, Mention, Severity, TextRange, Tone};
use grip_text::Segmented;

/// How to analyze. There is no `Default`: the caller (the CLI) chooses.
#[derive(Debug, Clone)]
pub struct AnalysisConfig {
    /// The date used when the document has none and none is found in its text (the ingest date).
    pub fallback_date: Date,
}

/// Where the document date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// Given with the document.
    Given,
    /// Found in the text (a dateline).
    Text,
    /// The fallback date from the config.
    Fallback,
}

impl DateSource {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Given => "given",
            DateSource::Text => "text",
            DateSource::Fallback => "fallback",
        }
    }
}

/// Everything grip found in one document.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The document's id.
    pub document_id: String,
    /// The date the analysis resolved roles at.
    pub date: Date,
    /// Where that date came from.
    pub date_source: DateSource,
    /// The KB version that produced the result.
    pub kb_version: String,
    /// Tokens and sentences.
    pub segmented: Segmented,
    /// Sentences that repeat the title or form a trailing signature: kept in `segmented`, but
    /// nothing is extracted from them.
    pub skipped_sentences: Vec<u32>,
    /// Linked mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Coded events, in text order.
    pub events: Vec<Event>,
    /// Claims, in text order.
    pub claims: Vec<Claim>,
    /// Document tone (none for an empty document).
    pub tone: Option<Tone>,
    /// Tone toward each actor.
    pub actor_tone: Vec<ActorTone>,
    /// Problems found in the input.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// The ranges of all sentences.
    pub fn sentence_ranges(&self) -> impl Iterator<Item = TextRange> + '_ {
        self.segmented.sentences.iter().map(|sentence| sentence.range)
    }
}

/// The version of the grip engine, recorded with every result.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Analyzes one document.
pub fn analyze(kb: &Kb, document: &Document, config: &AnalysisConfig) -> Analysis {
    let text = document.text.as_str();
    let mut diagnostics = Vec::new();
    let segmented = grip_text::segment(text);
    if segmented.tokens.is_empty() {
        diagnostics.push(Diagnostic::new(Severity::Error, "empty-document", "the document has no text"));
    }
    if segmented.n_forced_splits > 0 {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            "sentence-too-long",
            format!(
                "{} sentences were cut at {} tokens; the text may lack punctuation",
                segmented.n_forced_splits,
                grip_text::MAX_SENTENCE_TOKENS
            ),
        ));
    }
    if let Some(diagnostic) = layout::language_diagnostic(text, &segmented) {
        diagnostics.push(diagnostic);
    }
    let (date, date_source) = match document.date {
        Some(date) => (date, DateSource::Given),
        None => match grip_text::find_date(text, &segmented) {
            Some((date, _)) => (date, DateSource::Text),
            None => (config.fallback_date, DateSource::Fallback),
        },
    };
    let skipped_sentences = layout::boilerplate_sentences(text, &segmented, &mut diagnostics);
    let input = grip_extract::LinkInput { kb, text, segmented: &segmented, date, proper_nouns: None };
    let mut mentions = grip_extract::link(&input, &mut diagnostics);
    mentions.retain(|mention| skipped_sentences.binary_search(&mention.sentence).is_err());
    Analysis {
        document_id: document.id.clone(),
        date,
        date_source,
        kb_version: kb.version().to_owned(),
        segmented,
        skipped_sentences,
        mentions,
        events: Vec::new(),
        claims: Vec::new(),
        tone: None,
        actor_tone: Vec::new(),
        diagnostics,
    }
}
