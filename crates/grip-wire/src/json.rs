//! The JSON contract, version 1: one object per document.
//!
//! Fields are only ever added, never renamed or removed. Offsets (`start`, `end`) are byte
//! offsets into the original document text (after UTF-8 decoding).

use grip_analysis::{Analysis, ENGINE_VERSION};
use grip_model::Diagnostic;
use serde::Serialize;

/// The contract version written in every document object.
pub const CONTRACT_VERSION: u32 = 1;

/// One analyzed document.
#[derive(Debug, Serialize)]
pub struct DocumentJson {
    /// The document id.
    pub id: String,
    /// The document date (`YYYY-MM-DD`) roles were resolved at.
    pub date: String,
    /// Where the date came from: `given`, `text` or `fallback`.
    pub date_source: &'static str,
    /// The KB version.
    pub kb_version: String,
    /// The engine version.
    pub engine_version: &'static str,
    /// The contract version.
    pub contract: u32,
    /// Sentence ranges `[start, end]`.
    pub sentences: Vec<[u32; 2]>,
    /// Linked mentions.
    pub mentions: Vec<MentionJson>,
    /// Coded events.
    pub events: Vec<serde_json::Value>,
    /// Claims.
    pub claims: Vec<serde_json::Value>,
    /// Document tone.
    pub tone: Option<serde_json::Value>,
    /// Tone toward each actor.
    pub actor_tone: Vec<serde_json::Value>,
    /// Problems found in the input.
    pub diagnostics: Vec<DiagnosticJson>,
}

/// A linked mention.
#[derive(Debug, Serialize)]
pub struct MentionJson {
    /// Start byte offset.
    pub start: u32,
    /// End byte offset.
    pub end: u32,
    /// The original text of the span.
    pub text: String,
    /// Stable KB entity id.
    pub entity: String,
    /// CAMEO-style actor code at the document date.
    pub actor: String,
    /// Readable entity name.
    pub name: String,
    /// `country`, `person`, `org`, `region`, `city` or `agent`.
    pub kind: &'static str,
    /// The rule that produced the link.
    pub rule: &'static str,
}

/// A diagnostic.
#[derive(Debug, Serialize)]
pub struct DiagnosticJson {
    /// `info`, `warning` or `error`.
    pub severity: &'static str,
    /// Stable code.
    pub code: &'static str,
    /// Explanation.
    pub message: String,
    /// Start byte offset, when the problem has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<u32>,
    /// End byte offset, when the problem has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<u32>,
}

/// Converts an analysis of `text` into the contract.
pub fn document(analysis: &Analysis, text: &str) -> DocumentJson {
    DocumentJson {
        id: analysis.document_id.clone(),
        date: analysis.date.to_string(),
        date_source: analysis.date_source.as_str(),
        kb_version: analysis.kb_version.clone(),
        engine_version: ENGINE_VERSION,
        contract: CONTRACT_VERSION,
        sentences: analysis.sentence_ranges().map(|range| [range.start().into(), range.end().into()]).collect(),
        mentions: analysis
            .mentions
            .iter()
            .map(|mention| MentionJson {
                start: mention.range.start().into(),
                end: mention.range.end().into(),
                text: grip_text::slice(text, mention.range).to_owned(),
                entity: mention.entity.to_string(),
                actor: mention.actor.to_string(),
                name: mention.name.clone(),
                kind: mention.kind.as_str(),
                rule: mention.rule,
            })
            .collect(),
        events: Vec::new(),
        claims: Vec::new(),
        tone: None,
        actor_tone: Vec::new(),
        diagnostics: analysis.diagnostics.iter().map(diagnostic).collect(),
    }
}

/// Converts one diagnostic.
pub fn diagnostic(diagnostic: &Diagnostic) -> DiagnosticJson {
    DiagnosticJson {
        severity: diagnostic.severity.as_str(),
        code: diagnostic.code,
        message: diagnostic.message.clone(),
        start: diagnostic.range.map(|range| range.start().into()),
        end: diagnostic.range.map(|range| range.end().into()),
    }
}
