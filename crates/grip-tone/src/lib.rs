//! grip's tone layer: how the writer feels, about the whole document and about each actor.
//!
//! - [`document_tone`] scores a document with a lexicon and rules in VADER's manner (negation,
//!   intensifiers, "but", ALL CAPS, "!"), plus grip's own: scare quotes ("peacekeeping"
//!   mission), domain words of power politics ("dictator", "strongman", "crackdown"), and no
//!   tone at all for epistemic words ("sure", "doubt", "I think"), which belong to certainty.
//!   It returns a calibrated score in [−1, 1], GDELT's tone tuple and the contributing words.
//! - [`actor_tone`] scores the writer's tone toward each linked actor from the sentiment words
//!   in each mention's scope (its clause, or its dependency neighbourhood when a parse is
//!   given), combined by a classifier trained on NewsMTSC, with the evidence words.
//! - [`eval`] measures both against the VADER ground-truth sets and NewsMTSC; [`train`] trains
//!   the actor classifier. Both take file contents, never paths: the crate does no IO.
//!
//! The lexicon is derived from VADER's (MIT) and the Pattern project's English adjectives
//! (PDDL); see `model/README.md` for origins, licenses and how to rebuild every model file.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod actor;
mod classifier;
mod document;
mod features;
mod lexicon;
mod units;
mod valence;

pub mod eval;
pub mod train;

#[cfg(test)]
mod tests;

use grip_model::{ActorTone, Mention, Tone};
use grip_text::Segmented;

pub use classifier::Classifier;
pub use lexicon::EPISTEMIC_WORDS;

/// The document tone of `text`: calibrated score, GDELT tuple and contributing words.
///
/// `segmented` must be `grip_text::segment(text)`.
pub fn document_tone(text: &str, segmented: &Segmented, model: &ToneModel) -> Tone {
    document::document_tone(text, segmented, model)
}

/// The writer's tone toward each linked actor, one entry per entity in order of first mention.
///
/// `mentions` are the linked mentions of the document (any order); `syntax`, when given, holds
/// one parse per sentence of `segmented` and narrows each mention's scope to its dependency
/// neighbourhood; without it the scope is the mention's clause, bounded by punctuation and
/// conjunctions. Third-person pronouns and epithets ("he", "this dictator") count as mentions
/// of the person last named before them.
pub fn actor_tone(
    text: &str,
    segmented: &Segmented,
    mentions: &[Mention],
    syntax: Option<&[SentenceSyntax<'_>]>,
    model: &ToneModel,
) -> Vec<ActorTone> {
    actor::actor_tone(text, segmented, mentions, syntax, model)
}

/// A dependency parse of one sentence, aligned with the sentence's grip-text tokens.
///
/// `heads[i]` is the index (within the sentence) of token `i`'s head, `None` for the root;
/// `deprels[i]` is its Universal Dependencies relation (`nsubj`, `amod`, `acl:relcl`, ...).
/// Both have one entry per token of the sentence; a parse of another length is ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceSyntax<'a> {
    /// Head of each token, as an index into the sentence's tokens.
    pub heads: Vec<Option<u32>>,
    /// Dependency relation of each token to its head.
    pub deprels: Vec<&'a str>,
}

/// Everything tone scoring needs: lexicon, rule settings, calibration and the actor classifier.
///
/// Build it once ([`ToneModel::embedded`]) and share it; scoring never mutates it.
#[derive(Debug, Clone)]
pub struct ToneModel {
    lexicon: lexicon::Lexicon,
    /// Rule settings.
    pub rules: RuleConfig,
    /// How sums of valences become scores in [−1, 1].
    pub calibration: Calibration,
    classifier: Option<Classifier>,
}

/// Settings of the valence rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleConfig {
    /// Score inflected forms of lexicon words ("dictators", "crushed") as their stem.
    pub morphology: bool,
    /// How strongly a positive word in scare quotes turns negative (its valence times −this).
    pub scare_quote_flip: f32,
    /// Background the clause after "although"/"though" as VADER does the part before "but".
    pub concessive: bool,
}

/// How a document's summed valence becomes a score in [−1, 1].
///
/// `score = clamp(scale · (v / sqrt(v² + alpha) + opinion_weight · opinion) / (1 + opinion_weight))` with `v = sum / (n_sentences / short_sentences)^length_power`
/// for texts longer than `short_sentences` and `v = sum` otherwise.
/// VADER uses `alpha = 15`, `scale = 1`, `length_power = 0`, `opinion_weight = 0`; grip's `scale` is fitted so that
/// the score matches the mean human rating (÷ 4) on the VADER development sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// VADER's normalization constant.
    pub alpha: f32,
    /// Slope from the normalized sum to the human scale.
    pub scale: f32,
    /// Damping of long documents: 0 sums sentences; 0.5 divides the sum by the square root of
    /// the number of sentences over `short_sentences`, so that a long article does not saturate.
    pub length_power: f32,
    /// Texts of up to this many sentences are scored as one unit, as VADER scores a tweet.
    pub short_sentences: u32,
    /// Weight of the mean opinion polarity added to the normalized valence.
    pub opinion_weight: f32,
}

impl Calibration {
    /// The calibrated score of a summed valence over `n_sentences` sentences and the mean
    /// opinion polarity (−1..1; `None` when the text has no opinion words).
    pub fn score(&self, valence: f32, n_sentences: u32, opinion: Option<f32>) -> f32 {
        if valence == 0.0 && opinion.is_none_or(|o| o == 0.0) {
            return 0.0;
        }
        let v = if self.length_power > 0.0 && n_sentences > self.short_sentences {
            valence / (n_sentences as f32 / self.short_sentences.max(1) as f32).powf(self.length_power)
        } else {
            valence
        };
        let normalized = v / (v * v + self.alpha).sqrt();
        // Without opinion words the valence speaks alone.
        let opinion = opinion.unwrap_or(normalized);
        let blend = (normalized + self.opinion_weight * opinion) / (1.0 + self.opinion_weight);
        (self.scale * blend).clamp(-1.0, 1.0)
    }
}

/// A model file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// A lexicon line without a word and a finite valence in −4.5..4.5.
    #[error("{file}:{line}: expected `word<TAB>valence` with a valence in -4.5..4.5")]
    Lexicon {
        /// Which file.
        file: &'static str,
        /// 1-based line number.
        line: usize,
    },
    /// The classifier file is corrupt.
    #[error("classifier: {0}")]
    Classifier(String),
}

/// The derived lexicon (VADER's, epistemic words removed); see `model/README.md`.
const LEXICON_TSV: &str = include_str!("../model/lexicon.tsv");
/// grip's domain words of power politics, with a comment per word.
const DOMAIN_TSV: &str = include_str!("../model/domain.tsv");
/// Opinion words (Pattern's adjectives and adverbs, PDDL); see `model/README.md`.
const OPINION_TSV: &str = include_str!("../model/opinion.tsv");
/// The actor-tone classifier trained on NewsMTSC train (gzip-compressed text).
const CLASSIFIER_GZ: &[u8] = include_bytes!("../model/actor-classifier.tsv.gz");

/// The rule settings grip ships.
pub const DEFAULT_RULES: RuleConfig = RuleConfig { morphology: true, scare_quote_flip: 0.8, concessive: true };

/// The calibration grip ships.
pub const DEFAULT_CALIBRATION: Calibration =
    Calibration { alpha: 15.0, scale: 0.51, length_power: 0.5, short_sentences: 4, opinion_weight: 0.3 };

impl ToneModel {
    /// The model embedded in grip: lexicon, domain words, rules, calibration and classifier.
    ///
    /// # Panics
    /// Panics if the embedded files are corrupt, which a test rules out.
    pub fn embedded() -> ToneModel {
        let mut model =
            ToneModel::from_sources(LEXICON_TSV, DOMAIN_TSV, OPINION_TSV).expect("the embedded lexicon parses");
        model.classifier = Some(Classifier::from_gzip(CLASSIFIER_GZ).expect("the embedded classifier parses"));
        model
    }

    /// A model from lexicon sources, without an actor classifier: the valence lexicon and the
    /// domain words (TSV `word<TAB>valence`) and the opinion words
    /// (TSV `word<TAB>polarity<TAB>intensity<TAB>modifier`).
    pub fn from_sources(lexicon_tsv: &str, domain_tsv: &str, opinion_tsv: &str) -> Result<ToneModel, ModelError> {
        Ok(ToneModel {
            lexicon: lexicon::Lexicon::parse(lexicon_tsv, domain_tsv, opinion_tsv)?,
            rules: DEFAULT_RULES,
            calibration: DEFAULT_CALIBRATION,
            classifier: None,
        })
    }

    /// Replaces (or removes) the actor classifier.
    pub fn with_classifier(mut self, classifier: Option<Classifier>) -> ToneModel {
        self.classifier = classifier;
        self
    }

    /// The actor classifier, if the model has one.
    pub fn classifier(&self) -> Option<&Classifier> {
        self.classifier.as_ref()
    }

    /// Number of sentiment entries in the lexicon.
    pub fn n_sentiment_words(&self) -> usize {
        self.lexicon.n_sentiment_words()
    }
}
