//! Document tone: the calibrated score, GDELT's tone tuple and the contributing words.

use grip_model::{Tone, ToneContribution};
use grip_text::{Segmented, TokenKind};

use crate::lexicon::{F_ACTIVITY, F_PRONOUN};
use crate::units::SentenceUnits;
use crate::valence::{emphasize, opinion_assessments, punctuation_emphasis, unit_valences};
use crate::ToneModel;

/// Reusable buffers for scoring sentences.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pub sentence: SentenceUnits,
    pub valences: Vec<f32>,
    /// The document's caps differential, when set; otherwise each sentence's own.
    pub cap_differential: Option<bool>,
}

/// True when some but not all words of the document are ALL CAPS (VADER's test, made on the
/// whole text so that one shouted sentence among calm ones still counts as emphasis).
pub(crate) fn cap_differential(text: &str, segmented: &Segmented) -> bool {
    let (mut any_upper, mut any_other) = (false, false);
    for token in &segmented.tokens {
        if token.kind != TokenKind::Word {
            continue;
        }
        let word = token.text(text);
        // An ASCII lowercase byte settles it without decoding (it is never part of a multibyte char).
        let upper = !word.bytes().any(|b| b.is_ascii_lowercase())
            && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
        any_upper |= upper;
        any_other |= !upper;
        if any_upper && any_other {
            return true;
        }
    }
    false
}

impl Scratch {
    /// Builds the units of sentence `sentence_idx` and scores them; returns the sum of the
    /// unit valences (without punctuation emphasis).
    pub(crate) fn score_sentence(
        &mut self,
        text: &str,
        segmented: &Segmented,
        sentence_idx: usize,
        model: &ToneModel,
    ) -> f32 {
        let sentence = &segmented.sentences[sentence_idx];
        let tokens = segmented.sentence_tokens(sentence);
        self.sentence.build(text, tokens, sentence.tokens.start, &model.lexicon, model.rules.morphology);
        if let Some(cap_differential) = self.cap_differential {
            self.sentence.cap_differential = cap_differential;
        }
        unit_valences(&self.sentence, &model.lexicon, &model.rules, &mut self.valences);
        self.valences.iter().sum()
    }
}

/// The raw counts behind the tone of a text.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Counts {
    pub n_words: u32,
    pub n_positive: u32,
    pub n_negative: u32,
    pub n_activity: u32,
    pub n_pronoun: u32,
    pub n_sentences: u32,
    /// Sum of the sentence sums, each with its own punctuation emphasis.
    pub valence: f32,
    /// Sum of the sentence sums without emphasis.
    pub raw_valence: f32,
    /// "!" and "?" in the whole text.
    pub n_exclamation: u32,
    pub n_question: u32,
    /// Sum and number of opinion assessments.
    pub opinion_sum: f32,
    pub n_opinions: u32,
}

impl Counts {
    pub(crate) fn add_sentence(&mut self, scratch: &Scratch, sum: f32, model: &ToneModel) {
        self.add_sums(scratch, sum, model);
        for (unit, &valence) in scratch.sentence.units.iter().zip(&scratch.valences) {
            self.n_words += 1;
            if valence > 0.0 {
                self.n_positive += 1;
            } else if valence < 0.0 {
                self.n_negative += 1;
            }
            if unit.info.has(F_ACTIVITY) {
                self.n_activity += 1;
            }
            if unit.info.has(F_PRONOUN) {
                self.n_pronoun += 1;
            }
        }
    }

    /// Adds a sentence's sums, without the per-word counts.
    pub(crate) fn add_sums(&mut self, scratch: &Scratch, sum: f32, model: &ToneModel) {
        let sentence = &scratch.sentence;
        self.n_sentences += 1;
        self.raw_valence += sum;
        self.valence += emphasize(sum, punctuation_emphasis(sentence.n_exclamation, sentence.n_question));
        self.n_exclamation += sentence.n_exclamation;
        self.n_question += sentence.n_question;
        let (opinion_sum, n_opinions) = opinion_assessments(sentence, &model.rules);
        self.opinion_sum += opinion_sum;
        self.n_opinions += n_opinions;
    }

    /// The calibrated document score.
    ///
    /// A short text gets its punctuation emphasis once, from all its "!" and "?", as VADER
    /// scores a tweet; a long one sentence by sentence.
    pub(crate) fn score(&self, model: &ToneModel) -> f32 {
        let valence = if self.n_sentences <= model.calibration.short_sentences {
            emphasize(self.raw_valence, punctuation_emphasis(self.n_exclamation, self.n_question))
        } else {
            self.valence
        };
        let opinion = (self.n_opinions > 0).then(|| self.opinion_sum / self.n_opinions as f32);
        model.calibration.score(valence, self.n_sentences, opinion)
    }

    /// GDELT's tuple: tone, positive %, negative %, polarity, activity density,
    /// self/group reference density (all percentages of the word count), word count.
    pub(crate) fn gdelt(&self) -> [f32; 7] {
        if self.n_words == 0 {
            return [0.0; 7];
        }
        let percent = |n: u32| 100.0 * n as f32 / self.n_words as f32;
        let positive = percent(self.n_positive);
        let negative = percent(self.n_negative);
        [
            positive - negative,
            positive,
            negative,
            positive + negative,
            percent(self.n_activity),
            percent(self.n_pronoun),
            self.n_words as f32,
        ]
    }
}

/// Scores a whole document.
pub(crate) fn document_tone(text: &str, segmented: &Segmented, model: &ToneModel) -> Tone {
    let mut scratch = Scratch { cap_differential: Some(cap_differential(text, segmented)), ..Scratch::default() };
    let mut counts = Counts::default();
    let mut contributions = Vec::new();
    for sentence_idx in 0..segmented.sentences.len() {
        let sum = scratch.score_sentence(text, segmented, sentence_idx, model);
        counts.add_sentence(&scratch, sum, model);
        for (unit, &valence) in scratch.sentence.units.iter().zip(&scratch.valences) {
            if valence != 0.0 {
                contributions.push(ToneContribution { range: unit.range, value: valence });
            }
        }
    }
    Tone { score: counts.score(model), gdelt: counts.gdelt(), contributions }
}

/// Only the score, without collecting contributions (for evaluation and benchmarks).
pub(crate) fn document_score(text: &str, segmented: &Segmented, model: &ToneModel, scratch: &mut Scratch) -> f32 {
    scratch.cap_differential = Some(cap_differential(text, segmented));
    let mut counts = Counts::default();
    for sentence_idx in 0..segmented.sentences.len() {
        let sum = scratch.score_sentence(text, segmented, sentence_idx, model);
        counts.add_sums(scratch, sum, model);
    }
    counts.score(model)
}
