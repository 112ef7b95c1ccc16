//! The analysis facade: one function, [`analyze`], from a document to everything grip finds in
//! it. This is the API boundary the CLI, the server, the store and the Python bindings call.
//!
//! Analysis never fails on text (ARCHITECTURE.md invariant 2): problems become diagnostics.
//! It does no IO and reads no clock: the caller passes the fallback date in the config.

#![warn(missing_docs)]

mod layout;

#[cfg(test)]
mod tests;

use std::time::{Duration, Instant};

use grip_kb::Kb;
use grip_model::{ActorTone, Claim, Date, Diagnostic, Document, Event, Mention, Severity, TextRange, Tone};
use grip_syntax::{ParseScratch, TokenSyntax};
use grip_text::Segmented;

/// Everything analysis reads besides the document: the KB and the trained models. Built once,
/// shared by reference (it is immutable), like the KB on its own.
#[derive(Debug)]
pub struct Engine {
    /// The knowledge base (actors and event rules).
    pub kb: Kb,
    /// The tagger and parser.
    pub syntax: grip_syntax::Model,
    /// The tone lexicons and actor-tone classifier.
    pub tone: grip_tone::ToneModel,
}

impl Engine {
    /// An engine from a KB and the embedded syntax model.
    ///
    /// # Errors
    /// Fails only if the embedded model is corrupt, which the test suite rules out.
    pub fn with_kb(kb: Kb) -> Result<Engine, grip_syntax::SyntaxError> {
        Ok(Engine { kb, syntax: grip_syntax::Model::embedded()?, tone: grip_tone::ToneModel::embedded() })
    }
}

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
    /// Tags, lemmas and dependency tree of each sentence, parallel to `segmented.sentences`.
    pub syntax: Vec<Vec<TokenSyntax>>,
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

/// Time spent in each stage of [`analyze_timed`], summed over the documents it analyzed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StageTimes {
    /// Normalization, sentence splitting, tokenization, date and layout (boilerplate) checks.
    pub text: Duration,
    /// Actor recognition and linking against the KB.
    pub actors: Duration,
    /// Tagging, lemmatizing and parsing.
    pub syntax: Duration,
    /// Event coding.
    pub events: Duration,
    /// Claims (assertions, predictions) with holder and certainty.
    pub claims: Duration,
    /// Document tone (the figure compared with VADER).
    pub tone: Duration,
    /// Tone toward each actor (reads the parse).
    pub actor_tone: Duration,
}

impl StageTimes {
    /// The stages with their names, in pipeline order.
    pub fn stages(&self) -> [(&'static str, Duration); 7] {
        [
            ("text", self.text),
            ("actors", self.actors),
            ("syntax", self.syntax),
            ("events", self.events),
            ("claims", self.claims),
            ("tone", self.tone),
            ("actor-tone", self.actor_tone),
        ]
    }

    /// Adds another set of stage times to this one.
    pub fn add(&mut self, other: &StageTimes) {
        self.text += other.text;
        self.actors += other.actors;
        self.syntax += other.syntax;
        self.events += other.events;
        self.claims += other.claims;
        self.tone += other.tone;
        self.actor_tone += other.actor_tone;
    }
}

/// Analyzes one document.
pub fn analyze(engine: &Engine, document: &Document, config: &AnalysisConfig) -> Analysis {
    analyze_timed(engine, document, config, &mut StageTimes::default())
}

/// As [`analyze`], adding the time spent in each stage to `times` (for `grip bench`).
pub fn analyze_timed(
    engine: &Engine,
    document: &Document,
    config: &AnalysisConfig,
    times: &mut StageTimes,
) -> Analysis {
    let mut clock = Instant::now();
    let mut lap = |slot: &mut Duration| {
        let now = Instant::now();
        *slot += now - clock;
        clock = now;
    };
    let kb = &engine.kb;
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
    lap(&mut times.text);
    // Link first, then parse with the names the KB knows replaced by familiar stand-ins: the
    // tagger has rarely seen "Lukashenko" or "Kazakhstsn" at the start of a sentence, but it
    // knows "Smith" and "France" (see `parse_words`).
    let input = grip_extract::LinkInput { kb, text, segmented: &segmented, date, proper_nouns: None };
    let mut mentions = grip_extract::link(&input, &mut diagnostics);
    lap(&mut times.actors);
    let syntax = parse_sentences(&engine.syntax, text, &segmented, &mentions);
    lap(&mut times.syntax);
    mentions.retain(|mention| skipped_sentences.binary_search(&mention.sentence).is_err());
    let events = grip_extract::code_events(&grip_extract::EventInput {
        kb,
        text,
        segmented: &segmented,
        syntax: &syntax,
        mentions: &mentions,
        skipped_sentences: &skipped_sentences,
        date,
    });
    lap(&mut times.events);
    let claims = grip_extract::extract_claims(&grip_extract::ClaimInput {
        text,
        segmented: &segmented,
        syntax: &syntax,
        mentions: &mentions,
        events: &events,
        skipped_sentences: &skipped_sentences,
    });
    lap(&mut times.claims);
    // Tone reads only the content sentences: not a repeated title, not a signature (the tokens
    // are copied only when some sentence is left out).
    let filtered;
    let content: &Segmented = if skipped_sentences.is_empty() {
        &segmented
    } else {
        filtered = Segmented {
            tokens: segmented.tokens.clone(),
            sentences: segmented
                .sentences
                .iter()
                .enumerate()
                .filter(|(idx, _)| skipped_sentences.binary_search(&u32::try_from(*idx).unwrap_or(u32::MAX)).is_err())
                .map(|(_, sentence)| sentence.clone())
                .collect(),
            n_forced_splits: segmented.n_forced_splits,
        };
        &filtered
    };
    let tone = (!content.sentences.is_empty()).then(|| grip_tone::document_tone(text, content, &engine.tone));
    lap(&mut times.tone);
    let content_syntax: Vec<grip_tone::SentenceSyntax<'_>> = syntax
        .iter()
        .enumerate()
        .filter(|(idx, _)| skipped_sentences.binary_search(&u32::try_from(*idx).unwrap_or(u32::MAX)).is_err())
        .map(|(_, sentence)| grip_tone::SentenceSyntax {
            heads: sentence.iter().map(|token| token.head).collect(),
            deprels: sentence.iter().map(|token| token.deprel.as_str()).collect(),
        })
        .collect();
    let actor_tone = grip_tone::actor_tone(text, content, &mentions, Some(&content_syntax), &engine.tone);
    lap(&mut times.actor_tone);
    Analysis {
        document_id: document.id.clone(),
        date,
        date_source,
        kb_version: kb.version().to_owned(),
        segmented,
        syntax,
        skipped_sentences,
        mentions,
        events,
        claims,
        tone,
        actor_tone,
        diagnostics,
    }
}

/// Tags and parses every sentence. The parser sees folded word forms (plain quotes and dashes),
/// with the words of linked names replaced by stand-ins it knows well; news word orders the
/// treebanks rarely show are repaired after it (`grip_syntax::repair`).
fn parse_sentences(
    model: &grip_syntax::Model,
    text: &str,
    segmented: &Segmented,
    mentions: &[Mention],
) -> Vec<Vec<TokenSyntax>> {
    let words_all = parse_words(text, segmented, mentions);
    let mut scratch = ParseScratch::default();
    let mut words: Vec<&str> = Vec::new();
    segmented
        .sentences
        .iter()
        .map(|sentence| {
            let tokens = sentence.tokens.start as usize..sentence.tokens.end as usize;
            words.clear();
            words.extend(words_all[tokens.clone()].iter().copied());
            let mut out = Vec::with_capacity(words.len());
            model.parse_news(&words, &mut scratch, &mut out);
            // A stand-in's lemma is the stand-in ("Smith"): lemmatize the word itself.
            for ((token, word), syntax) in segmented.tokens[tokens].iter().zip(&words).zip(&mut out) {
                let own = token.norm(text);
                if own != *word {
                    syntax.lemma = model.lemma_as(own, syntax);
                }
            }
            out
        })
        .collect()
}

/// The word the parser sees for each token: the folded form, or for a capitalized word inside a
/// linked name a stand-in of the same kind (a person's name reads "Smith", a country "France",
/// a demonym "American"). Titles and common words keep their own form.
fn parse_words<'t>(text: &'t str, segmented: &'t Segmented, mentions: &[Mention]) -> Vec<&'t str> {
    let mut words: Vec<&str> = segmented.tokens.iter().map(|token| token.norm(text)).collect();
    let mut token_idx = 0;
    for mention in mentions {
        while token_idx < segmented.tokens.len() && segmented.tokens[token_idx].range.end() <= mention.range.start() {
            token_idx += 1;
        }
        let mut idx = token_idx;
        while idx < segmented.tokens.len() && segmented.tokens[idx].range.start() < mention.range.end() {
            let token = &segmented.tokens[idx];
            let word = words[idx];
            let is_name_word = token.kind == grip_text::TokenKind::Word
                && token.is_capitalized(text)
                && !is_title(word)
                && word.chars().any(char::is_lowercase);
            if is_name_word {
                let is_modifier = segmented.tokens[idx + 1..]
                    .iter()
                    .take_while(|next| next.range.start() < mention.range.end())
                    .any(|next| next.kind == grip_text::TokenKind::Word);
                if let Some(stand_in) = stand_in(mention, word, is_modifier) {
                    words[idx] = stand_in;
                }
            }
            idx += 1;
        }
    }
    words
}

/// `is_modifier`: another word of the mention follows (the "Belarusian" of "Belarusian police").
fn stand_in(mention: &Mention, word: &str, is_modifier: bool) -> Option<&'static str> {
    let plural = word.ends_with('s') && !word.ends_with("ss");
    Some(match (mention.kind, mention.rule) {
        (_, "link/demonym") => {
            if plural {
                "Americans"
            } else {
                "American"
            }
        }
        (grip_model::EntityKind::Person, _) => "Smith",
        (grip_model::EntityKind::Country, _) => "France",
        (grip_model::EntityKind::City, _) => "Paris",
        (grip_model::EntityKind::Region, _) => "Europe",
        (grip_model::EntityKind::Org, _) => "Microsoft",
        // A group named by its country: "Belarusian police" reads "American police".
        (grip_model::EntityKind::Agent, _) if is_modifier && mention.rule == "link/agent-country" => "American",
        (grip_model::EntityKind::Agent, _) => return None,
    })
}

fn is_title(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "president"
            | "prime"
            | "minister"
            | "premier"
            | "chancellor"
            | "general"
            | "gen."
            | "secretary"
            | "foreign"
            | "defence"
            | "defense"
            | "king"
            | "queen"
            | "prince"
            | "emir"
            | "sheikh"
            | "senator"
            | "sen."
            | "governor"
            | "mayor"
            | "ambassador"
            | "chairman"
            | "speaker"
            | "leader"
            | "vice"
            | "deputy"
            | "supreme"
            | "mr."
            | "mrs."
            | "dr."
            | "ms."
            | "colonel"
            | "col."
            | "lt."
            | "admiral"
            | "marshal"
            | "commander"
            | "former"
            | "the"
            | "of"
    )
}
