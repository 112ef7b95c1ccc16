//! The records the store writes: borrowed views of model values plus what the store adds
//! (hashes, sources, versions). Conversions from model types are written out in `write.rs`;
//! model types carry no serialization derives.

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

/// One side of a GDELT event.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GdeltActor<'a> {
    /// Actor1Code (`RUSGOV`, `IGOUNO`).
    pub code: &'a str,
    /// Actor1Name (`RUSSIA`).
    pub name: &'a str,
    /// Actor1CountryCode (CAMEO, ISO-based: `RUS`).
    pub country_code: &'a str,
    /// Actor1KnownGroupCode (`UNO`, `NAT`).
    pub known_group: &'a str,
    /// Actor1Type1Code .. Actor1Type3Code (`GOV`, `MIL`).
    pub type_codes: [&'a str; 3],
}

/// One GDELT event row (1.0 or 2.0), with the columns the store keeps. Empty text is stored
/// as NULL.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GdeltRecord<'a> {
    /// GLOBALEVENTID.
    pub global_event_id: i64,
    /// SQLDATE.
    pub day: Date,
    /// Actor1.
    pub actor1: GdeltActor<'a>,
    /// Actor2.
    pub actor2: GdeltActor<'a>,
    /// IsRootEvent.
    pub is_root_event: Option<i64>,
    /// EventCode, as text (`010`).
    pub event_code: &'a str,
    /// QuadClass (1–4).
    pub quad_class: u8,
    /// GoldsteinScale.
    pub goldstein: Option<f64>,
    /// NumMentions.
    pub num_mentions: Option<i64>,
    /// NumSources.
    pub num_sources: Option<i64>,
    /// NumArticles.
    pub num_articles: Option<i64>,
    /// AvgTone.
    pub avg_tone: Option<f64>,
    /// ActionGeo_Type.
    pub action_geo_type: Option<i64>,
    /// ActionGeo_FullName.
    pub action_geo_fullname: &'a str,
    /// ActionGeo_CountryCode: FIPS 10-4, not ISO (`RS` is Russia, `CH` China).
    pub action_geo_country: &'a str,
    /// ActionGeo_Lat.
    pub action_geo_lat: Option<f64>,
    /// ActionGeo_Long.
    pub action_geo_long: Option<f64>,
    /// ActionGeo_CountryCode mapped to ISO alpha-3, or empty when unknown.
    pub action_country_iso: &'a str,
    /// DATEADDED (YYYYMMDD in 1.0, YYYYMMDDHHMMSS in 2.0).
    pub date_added: Option<i64>,
    /// SOURCEURL (absent in the 1.0 backfile).
    pub source_url: &'a str,
    /// The GDELT version of the source format (1 or 2).
    pub format: u8,
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
