//! The valence rules: VADER's approach on grip's units, with grip's changes.
//!
//! Per sentence, each sentiment word gets its lexicon valence, then
//! - ALL CAPS emphasis (when only some words are in caps),
//! - intensifiers and dampeners up to three words before it ("very", "slightly"),
//! - negation up to three words before it ("not", "never", "n't", "no"), and "least",
//! - scare quotes: a positive word in a short quotation ("peacekeeping" mission) is ironic and
//!   turns negative; a negative one is someone else's label and is halved,
//! - contrast: after "but"/"however" the sentiment dominates (×1.5), before it recedes (×0.5),
//!
//! and the sentence's sum gets the emphasis of "!" and "??".
//! Epistemic words have no valence to begin with (see [`crate::EPISTEMIC_WORDS`]).

use crate::lexicon::{
    Lexicon, F_AT_VERY, F_BOOSTER, F_CONCESSIVE, F_CONTRAST, F_KIND, F_LEAST, F_LEX, F_MODIFIER, F_NEGATOR, F_NEVER,
    F_NO, F_OF, F_OPINION, F_OR_NOR, F_PHRASE_START, F_SO_THIS,
};
use crate::units::{QuoteScope, SentenceUnits, Unit, P_COMMA, P_STRONG};
use crate::RuleConfig;

/// VADER's empirical increment for a word in ALL CAPS.
const CAPS_INCREMENT: f32 = 0.733;
/// VADER's empirical scalar for a negated word.
const NEGATION_SCALAR: f32 = -0.74;

/// Computes the final valence of every unit of a sentence into `out` (one value per unit).
pub(crate) fn unit_valences(sentence: &SentenceUnits, lexicon: &Lexicon, rules: &RuleConfig, out: &mut Vec<f32>) {
    out.clear();
    let units = &sentence.units;
    let cap_differential = sentence.cap_differential;
    for idx in 0..units.len() {
        out.push(word_valence(sentence, idx, lexicon, cap_differential));
    }
    apply_quotes(units, rules, out);
    apply_contrast(units, rules, out);
}

/// The emphasis "!" and "?" add to a sum (VADER's amplifiers).
pub(crate) fn punctuation_emphasis(n_exclamation: u32, n_question: u32) -> f32 {
    let exclamation = n_exclamation.min(4) as f32 * 0.292;
    let question = match n_question {
        0 | 1 => 0.0,
        n @ 2..=3 => n as f32 * 0.18,
        _ => 0.96,
    };
    exclamation + question
}

/// Adds punctuation emphasis to a sum, in the sum's direction.
pub(crate) fn emphasize(sum: f32, emphasis: f32) -> f32 {
    if sum > 0.0 {
        sum + emphasis
    } else if sum < 0.0 {
        sum - emphasis
    } else {
        0.0
    }
}

fn word_valence(sentence: &SentenceUnits, idx: usize, lexicon: &Lexicon, cap_differential: bool) -> f32 {
    let units = &sentence.units;
    let unit = &units[idx];
    let info = unit.info;
    if info.has(F_BOOSTER) {
        return 0.0;
    }
    if info.has(F_KIND) && units.get(idx + 1).is_some_and(|next| next.info.has(F_OF)) {
        return 0.0;
    }
    // Two-word entries ("fed up", "bad ass", "yeah right") score on their second word.
    if let Some(next) = units.get(idx + 1) {
        if info.has(F_PHRASE_START) && lexicon.phrase(sentence.lower(unit), sentence.lower(next)).is_some() {
            return 0.0;
        }
    }
    let phrase = (idx > 0 && units[idx - 1].info.has(F_PHRASE_START))
        .then(|| lexicon.phrase(sentence.lower(&units[idx - 1]), sentence.lower(unit)))
        .flatten();
    let base = match phrase {
        Some(valence) => valence,
        None if info.has(F_LEX) => info.valence,
        None => return 0.0,
    };
    if base == 0.0 {
        return 0.0;
    }
    let mut valence = base;
    let is = |back: usize, flag: u32| idx >= back && units[idx - back].info.has(flag);
    // "no" before a sentiment word negates it instead of scoring on its own.
    if info.has(F_NO) && units.get(idx + 1).is_some_and(|next| next.info.has(F_LEX)) {
        valence = 0.0;
    }
    // "no good", "no more good", "no bad or good"; a repeated "no" ("NO NO NO") is emphasis.
    let mut negated = false;
    if !info.has(F_NO) && (is(1, F_NO) || is(2, F_NO) || (is(3, F_NO) && is(1, F_OR_NOR))) {
        valence = base * NEGATION_SCALAR;
        negated = true;
    }
    if unit.upper && cap_differential {
        valence += CAPS_INCREMENT.copysign(valence);
    }
    for back in 1..=3 {
        if idx < back || units[idx - back].info.has(F_LEX) {
            continue;
        }
        let modifier = &units[idx - back];
        let mut scalar = booster_scalar(modifier, valence, cap_differential);
        scalar *= match back {
            1 => 1.0,
            2 => 0.95,
            _ => 0.9,
        };
        valence += scalar;
        if !negated {
            // One negation per word: "don't care, don't care" is not a double negation.
            let checked = negation_check(sentence, idx, back, valence);
            negated = checked.signum() != valence.signum();
            valence = checked;
        }
        if back == 3 && is(2, F_KIND) && is(1, F_OF) {
            // "kind of good", "sort of bad": a dampener spread over two words.
            valence -= 0.293_f32.copysign(valence);
        }
    }
    // "least": "the least compelling" negates; "at least" and "very least" do not.
    if idx > 1 && !is(1, F_LEX) && is(1, F_LEAST) {
        if !is(2, F_AT_VERY) {
            valence *= NEGATION_SCALAR;
        }
    } else if idx == 1 && !is(1, F_LEX) && is(1, F_LEAST) {
        valence *= NEGATION_SCALAR;
    }
    valence
}

fn booster_scalar(modifier: &Unit, valence: f32, cap_differential: bool) -> f32 {
    if !modifier.info.has(F_BOOSTER) {
        return 0.0;
    }
    let mut scalar = modifier.info.booster;
    if valence < 0.0 {
        scalar = -scalar;
    }
    if modifier.upper && cap_differential {
        scalar += if valence > 0.0 { CAPS_INCREMENT } else { -CAPS_INCREMENT };
    }
    scalar
}

fn negation_check(sentence: &SentenceUnits, idx: usize, back: usize, valence: f32) -> f32 {
    let units = &sentence.units;
    let word = |b: usize| sentence.lower(&units[idx - b]);
    let is = |b: usize, flag: u32| units[idx - b].info.has(flag);
    match back {
        1 => {
            if is(1, F_NEGATOR) {
                return valence * NEGATION_SCALAR;
            }
        }
        2 => {
            if is(2, F_NEVER) && is(1, F_SO_THIS) {
                return valence * 1.25;
            } else if word(2) == "without" && word(1) == "doubt" {
                return valence;
            } else if is(2, F_NEGATOR) {
                return valence * NEGATION_SCALAR;
            }
        }
        _ => {
            if (is(3, F_NEVER) && is(2, F_SO_THIS)) || is(1, F_SO_THIS) {
                return valence * 1.25;
            } else if word(3) == "without" && (word(2) == "doubt" || word(1) == "doubt") {
                return valence;
            } else if is(3, F_NEGATOR) {
                return valence * NEGATION_SCALAR;
            }
        }
    }
    valence
}

/// Scare quotes turn a positive word negative and halve a negative one.
fn apply_quotes(units: &[Unit], rules: &RuleConfig, valences: &mut [f32]) {
    for (unit, valence) in units.iter().zip(valences.iter_mut()) {
        if unit.quote != QuoteScope::Short || *valence == 0.0 {
            continue;
        }
        *valence = if *valence > 0.0 { -*valence * rules.scare_quote_flip } else { *valence * 0.5 };
    }
}

/// "but"/"however": the part before recedes, the part after dominates. "although"/"though":
/// the concessive clause (up to the next comma or clause boundary) recedes.
fn apply_contrast(units: &[Unit], rules: &RuleConfig, valences: &mut [f32]) {
    if let Some(pivot) = units.iter().position(|unit| unit.info.has(F_CONTRAST)) {
        for (idx, valence) in valences.iter_mut().enumerate() {
            if idx < pivot {
                *valence *= 0.5;
            } else if idx > pivot {
                *valence *= 1.5;
            }
        }
        return;
    }
    if !rules.concessive {
        return;
    }
    if let Some(start) = units.iter().position(|unit| unit.info.has(F_CONCESSIVE)) {
        let end = units[start + 1..]
            .iter()
            .position(|unit| unit.punct_before & (P_COMMA | P_STRONG) != 0)
            .map_or(units.len(), |offset| start + 1 + offset);
        if end == units.len() {
            return;
        }
        for (idx, valence) in valences.iter_mut().enumerate() {
            if (start..end).contains(&idx) {
                *valence *= 0.5;
            } else if idx >= end {
                *valence *= 1.5;
            }
        }
    }
}

/// The opinion words of a sentence, scored in the manner of the Pattern project: each opinion
/// word's polarity, multiplied by a preceding modifier's intensity ("very good"), times −0.5
/// when negated ("not good" is slightly bad), ×1.25 before "!". Returns (sum, count), so that
/// the document's opinion is the mean over its opinion words.
///
/// This averages where the valence rules sum; the two disagree usefully, and their blend tracks
/// human ratings better than either (see `model/README.md`).
pub(crate) fn opinion_assessments(sentence: &SentenceUnits, rules: &RuleConfig) -> (f32, u32) {
    struct Assessment {
        polarity: f32,
        intensity: f32,
        negated: bool,
    }
    let mut sum = 0.0;
    let mut count = 0;
    let mut finish = |assessment: Option<Assessment>| {
        if let Some(a) = assessment {
            sum += if a.negated { a.polarity * -0.5 } else { a.polarity };
            count += 1;
        }
    };
    let mut last: Option<Assessment> = None;
    let mut modifier = false;
    let mut negation = false;
    for unit in &sentence.units {
        let info = unit.info;
        let negator = info.has(F_NEGATOR | F_NO);
        if info.has(F_OPINION) {
            let mut polarity = info.opinion;
            if unit.quote == QuoteScope::Short && polarity > 0.0 {
                polarity = -polarity * rules.scare_quote_flip;
            }
            match last.as_mut() {
                Some(previous) if modifier => {
                    previous.polarity = (polarity * previous.intensity).clamp(-1.0, 1.0);
                    previous.intensity = info.intensity;
                }
                _ => {
                    finish(last.take());
                    last = Some(Assessment { polarity, intensity: info.intensity, negated: false });
                }
            }
            if negation {
                if let Some(previous) = last.as_mut() {
                    previous.intensity = 1.0 / previous.intensity.max(0.01);
                    previous.negated = true;
                }
            }
            modifier = info.has(F_MODIFIER);
            negation = negator;
        } else {
            let length = sentence.lower(unit).trim_matches('\'').len();
            if negator {
                negation = true;
            } else if negation && length > 1 {
                negation = false;
            }
            if negation && modifier {
                if let Some(previous) = last.as_mut() {
                    previous.negated = true;
                }
                negation = false;
            } else if modifier && length > 2 {
                modifier = false;
            }
        }
        if unit.exclaimed {
            if let Some(previous) = last.as_mut() {
                previous.polarity = (previous.polarity * 1.25).clamp(-1.0, 1.0);
            }
        }
    }
    finish(last);
    (sum, count)
}
