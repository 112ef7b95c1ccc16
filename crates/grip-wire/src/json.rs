//! The JSON contract, version 1: one object per document.
//!
//! Fields are only ever added, never renamed or removed. Offsets (`start`, `end`) are byte
//! offsets into the original document text (after UTF-8 decoding).

use grip_analysis::{Analysis, ENGINE_VERSION};
use grip_model::{Claim, Diagnostic, Event, EventActor, Holder, Location, TextRange};
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
    /// Per sentence, its tokens with tags, lemma and dependency (only with `--tokens`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<Vec<TokenJson>>>,
    /// Linked mentions.
    pub mentions: Vec<MentionJson>,
    /// Coded events.
    pub events: Vec<EventJson>,
    /// Claims.
    pub claims: Vec<ClaimJson>,
    /// Document tone.
    pub tone: Option<ToneJson>,
    /// Tone toward each actor.
    pub actor_tone: Vec<ActorToneJson>,
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

/// A token with its syntax.
#[derive(Debug, Serialize)]
pub struct TokenJson {
    /// Start byte offset.
    pub start: u32,
    /// End byte offset.
    pub end: u32,
    /// Original text.
    pub text: String,
    /// Universal part of speech.
    pub upos: &'static str,
    /// Penn Treebank tag.
    pub xpos: &'static str,
    /// Lemma.
    pub lemma: String,
    /// Index of the head within the sentence; -1 for the root.
    pub head: i64,
    /// Universal dependency relation.
    pub deprel: &'static str,
}

/// A coded event.
#[derive(Debug, Serialize)]
pub struct EventJson {
    /// Source actor code (null when the text does not say who).
    pub source: Option<String>,
    /// Target actor code (null for untargeted events).
    pub target: Option<String>,
    /// CAMEO code (a string: "010" is not "10").
    pub cameo: &'static str,
    /// CAMEO root code.
    pub root: &'static str,
    /// PLOVER event type, if CAMEO maps to one.
    pub plover: Option<&'static str>,
    /// PLOVER mode, if any.
    pub plover_mode: Option<&'static str>,
    /// PLOVER context, if any.
    pub plover_context: Option<&'static str>,
    /// GDELT Goldstein score.
    pub goldstein: f32,
    /// GDELT quad class (1-4).
    pub quad: u8,
    /// `asserted`, `negated`, `future`, `hypothetical` or `reported`.
    pub modality: &'static str,
    /// Who reports the event, for reported events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// Where, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<LocationJson>,
    /// Sentence range.
    pub sentence: [u32; 2],
    /// Evidence (trigger) range.
    pub evidence: [u32; 2],
    /// The rule that fired.
    pub rule: String,
    /// Source KB entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_entity: Option<String>,
    /// Target KB entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_entity: Option<String>,
    /// Source mention range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_span: Option<[u32; 2]>,
    /// Target mention range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_span: Option<[u32; 2]>,
}

/// An event location.
#[derive(Debug, Serialize)]
pub struct LocationJson {
    /// Place name.
    pub name: String,
    /// ISO alpha-3 country.
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// GeoNames-style feature code.
    pub feature: String,
    /// KB entity of the place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// Start of the place name.
    pub start: u32,
    /// End of the place name.
    pub end: u32,
}

/// A claim.
#[derive(Debug, Serialize)]
pub struct ClaimJson {
    /// Start byte offset.
    pub start: u32,
    /// End byte offset.
    pub end: u32,
    /// The claim's text.
    pub text: String,
    /// `prediction`, `assertion`, `evaluation` or `recommendation`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `author`, an actor code, or the words naming the holder.
    pub holder: String,
    /// The holder's KB entity, when an actor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder_entity: Option<String>,
    /// `certain`, `probable`, `possible` or `doubtful`.
    pub certainty: &'static str,
    /// The predicate's factuality on −3..+3: `certainty` (commitment, whatever the time) and
    /// `happened` (whether it has happened).
    pub factuality: FactualityJson,
    /// `past`, `present` or `future`.
    pub time: &'static str,
    /// Actor codes the claim is about.
    pub actors: Vec<String>,
    /// Index into `events` of the event the claim states or forecasts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<usize>,
    /// The cue words that set holder, certainty and time.
    pub cues: Vec<[u32; 2]>,
    /// The rule that produced the claim.
    pub rule: String,
}

/// A claim's two factuality scores, rounded to hundredths.
#[derive(Debug, Serialize)]
pub struct FactualityJson {
    /// How firmly the text commits to the event, signed by polarity (−3..+3).
    pub certainty: f32,
    /// Whether, by the text, the event has happened (−3..+3).
    pub happened: f32,
}

/// Document tone.
#[derive(Debug, Serialize)]
pub struct ToneJson {
    /// Calibrated score in [-1, 1].
    pub score: f32,
    /// GDELT's tone tuple: tone, positive %, negative %, polarity, activity density,
    /// self/group reference density, word count.
    pub gdelt: [f32; 7],
    /// The words that moved the score: `[start, end, value]`.
    pub evidence: Vec<(u32, u32, f32)>,
}

/// Tone toward one actor.
#[derive(Debug, Serialize)]
pub struct ActorToneJson {
    /// Actor code.
    pub actor: String,
    /// KB entity.
    pub entity: String,
    /// Score in [-1, 1].
    pub score: f32,
    /// The words behind it.
    pub evidence: Vec<[u32; 2]>,
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

/// What optional parts to include.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Include per-sentence tokens with their syntax.
    pub tokens: bool,
}

/// Converts an analysis of `text` into the contract.
pub fn document(analysis: &Analysis, text: &str) -> DocumentJson {
    document_with(analysis, text, Options::default())
}

/// Per-sentence tokens with their syntax.
pub fn tokens(analysis: &Analysis, text: &str) -> Vec<Vec<TokenJson>> {
    analysis
        .segmented
        .sentences
        .iter()
        .zip(&analysis.syntax)
        .map(|(sentence, parse)| {
            analysis
                .segmented
                .sentence_tokens(sentence)
                .iter()
                .zip(parse)
                .map(|(token, syntax)| TokenJson {
                    start: token.range.start().into(),
                    end: token.range.end().into(),
                    text: token.text(text).to_owned(),
                    upos: syntax.upos.as_str(),
                    xpos: syntax.xpos,
                    lemma: syntax.lemma.clone(),
                    head: syntax.head.map_or(-1, i64::from),
                    deprel: syntax.deprel.as_str(),
                })
                .collect()
        })
        .collect()
}

/// Converts an analysis of `text` into the contract, with optional parts.
pub fn document_with(analysis: &Analysis, text: &str, options: Options) -> DocumentJson {
    DocumentJson {
        id: analysis.document_id.clone(),
        date: analysis.date.to_string(),
        date_source: analysis.date_source.as_str(),
        kb_version: analysis.kb_version.clone(),
        engine_version: ENGINE_VERSION,
        contract: CONTRACT_VERSION,
        sentences: analysis.sentence_ranges().map(|range| [range.start().into(), range.end().into()]).collect(),
        tokens: options.tokens.then(|| tokens(analysis, text)),
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
        events: analysis.events.iter().map(event).collect(),
        claims: analysis.claims.iter().map(|claim| self::claim(claim, text)).collect(),
        tone: analysis.tone.as_ref().map(|tone| ToneJson {
            score: tone.score,
            gdelt: tone.gdelt,
            evidence: tone
                .contributions
                .iter()
                .map(|c| (u32::from(c.range.start()), u32::from(c.range.end()), c.value))
                .collect(),
        }),
        actor_tone: analysis
            .actor_tone
            .iter()
            .map(|tone| ActorToneJson {
                actor: tone.actor.to_string(),
                entity: tone.entity.to_string(),
                score: tone.score,
                evidence: tone.evidence.iter().map(|range| span(*range)).collect(),
            })
            .collect(),
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

fn span(range: TextRange) -> [u32; 2] {
    [range.start().into(), range.end().into()]
}

/// Converts one event.
pub fn event(event: &Event) -> EventJson {
    let code = |side: &Option<EventActor>| side.as_ref().map(|actor| actor.actor.to_string());
    let entity =
        |side: &Option<EventActor>| side.as_ref().and_then(|actor| actor.entity.as_ref()).map(ToString::to_string);
    let actor_span = |side: &Option<EventActor>| side.as_ref().and_then(|actor| actor.range).map(span);
    EventJson {
        source: code(&event.source),
        target: code(&event.target),
        cameo: event.code.as_str(),
        root: event.code.root().as_str(),
        plover: event.code.plover(),
        plover_mode: event.code.plover_mode(),
        plover_context: event.code.plover_context(),
        goldstein: event.code.goldstein(),
        quad: event.code.quad().number(),
        modality: event.modality.as_str(),
        speaker: code(&event.speaker),
        location: event.location.as_ref().map(location),
        sentence: span(event.sentence),
        evidence: span(event.evidence),
        rule: event.rule.clone(),
        source_entity: entity(&event.source),
        target_entity: entity(&event.target),
        source_span: actor_span(&event.source),
        target_span: actor_span(&event.target),
    }
}

fn location(location: &Location) -> LocationJson {
    LocationJson {
        name: location.name.clone(),
        country: location.country.clone(),
        lat: location.lat,
        lon: location.lon,
        feature: location.feature.clone(),
        entity: location.entity.as_ref().map(ToString::to_string),
        start: location.range.start().into(),
        end: location.range.end().into(),
    }
}

/// Converts one claim.
pub fn claim(claim: &Claim, text: &str) -> ClaimJson {
    let (holder, holder_entity) = match &claim.holder {
        Holder::Author => ("author".to_owned(), None),
        Holder::Actor { actor, entity } => (actor.to_string(), entity.as_ref().map(ToString::to_string)),
        Holder::Other(words) => (words.clone(), None),
    };
    ClaimJson {
        start: claim.range.start().into(),
        end: claim.range.end().into(),
        text: grip_text::slice(text, claim.range).to_owned(),
        kind: claim.kind.as_str(),
        holder,
        holder_entity,
        certainty: claim.certainty.as_str(),
        factuality: FactualityJson {
            certainty: hundredths(claim.factuality.certainty),
            happened: hundredths(claim.factuality.happened),
        },
        time: claim.time.as_str(),
        actors: claim.actors.iter().map(ToString::to_string).collect(),
        event: claim.event,
        cues: claim.cues.iter().map(|range| span(*range)).collect(),
        rule: claim.rule.clone(),
    }
}

/// A score rounded to hundredths, as the JSON contract writes factuality.
fn hundredths(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}
