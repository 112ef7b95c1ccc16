//! Target-relative features for the actor classifier.
//!
//! The same function feeds training (NewsMTSC targets) and analysis (linked mentions), so the
//! classifier sees at run time exactly what it was trained on. Features are named strings:
//! - dense: the rule-based scope score (the lexicon words governing or modifying the target,
//!   after negation and quotes), its positive and negative parts, the whole sentence's valence,
//!   the valence left and right of the target and right next to it;
//! - sparse: the sentiment words in scope (marked when negated), the words next to the target,
//!   the sentence's words, and cues such as a reporting verb after the target or the target
//!   inside quotation marks.

use std::ops::Range;

use crate::lexicon::{F_LEX, F_OPINION, F_PERSON_PRONOUN, F_PRONOUN, F_REPORTING};
use crate::units::{QuoteScope, SentenceUnits};

/// Scope weights below this do not count as "in scope" for the sparse features.
const IN_SCOPE: f32 = 0.3;

/// The rule-based score of a target: the scope-weighted sum of unit valences (target excluded).
pub(crate) fn scope_score(target: &Range<usize>, valences: &[f32], scope: &[f32]) -> (f32, f32) {
    let mut positive = 0.0;
    let mut negative = 0.0;
    for (idx, (&valence, &weight)) in valences.iter().zip(scope).enumerate() {
        if target.contains(&idx) {
            continue;
        }
        let value = valence * weight;
        if value > 0.0 {
            positive += value;
        } else {
            negative += value;
        }
    }
    (positive, negative)
}

/// Appends the features of the target `target` (unit indices) to `out`.
pub(crate) fn target_features(
    sentence: &SentenceUnits,
    valences: &[f32],
    target: &Range<usize>,
    scope: &[f32],
    out: &mut Vec<(String, f32)>,
) {
    out.clear();
    let units = &sentence.units;
    let (positive, negative) = scope_score(target, valences, scope);
    let rule = positive + negative;
    out.push(("bias".into(), 1.0));
    out.push(("rule".into(), (rule / 2.0).tanh()));
    out.push(("rule+".into(), (positive / 2.0).tanh()));
    out.push(("rule-".into(), (negative / 2.0).tanh()));
    let mut left = 0.0;
    let mut right = 0.0;
    let mut near = 0.0;
    let mut total = 0.0;
    for (idx, &valence) in valences.iter().enumerate() {
        total += valence;
        if idx < target.start {
            left += valence;
            if target.start - idx <= 3 {
                near += valence;
            }
        } else if idx >= target.end {
            right += valence;
            if idx - target.end < 3 {
                near += valence;
            }
        }
    }
    let (mut rule_left, mut rule_right, mut opinion) = (0.0, 0.0, 0.0);
    for (idx, (&valence, &weight)) in valences.iter().zip(scope).enumerate() {
        if idx < target.start {
            rule_left += valence * weight;
        } else if idx >= target.end {
            rule_right += valence * weight;
        }
        if !target.contains(&idx) && units[idx].info.has(F_OPINION) {
            opinion += units[idx].info.opinion * weight;
        }
    }
    out.push(("ruleL".into(), (rule_left / 2.0).tanh()));
    out.push(("ruleR".into(), (rule_right / 2.0).tanh()));
    out.push(("opinion".into(), opinion.tanh()));
    out.push(("sent".into(), (total / 4.0).tanh()));
    out.push(("left".into(), (left / 3.0).tanh()));
    out.push(("right".into(), (right / 3.0).tanh()));
    out.push(("near".into(), (near / 2.0).tanh()));

    for (idx, unit) in units.iter().enumerate() {
        if target.contains(&idx) {
            continue;
        }
        let word = sentence.lower(unit);
        let in_scope = scope.get(idx).copied().unwrap_or(0.0) >= IN_SCOPE;
        let side = if idx < target.start { 'L' } else { 'R' };
        if unit.info.has(F_LEX) && valences[idx] != 0.0 {
            let flipped = (valences[idx] > 0.0) != (unit.info.valence > 0.0);
            let mark = if flipped { "~" } else { "" };
            let sign = if valences[idx] > 0.0 { "+" } else { "-" };
            out.push((format!("lex{side}:{word}{mark}"), 1.0));
            if in_scope {
                out.push((format!("lexS{sign}:{word}{mark}"), 1.0));
            }
            let distance = if idx < target.start { target.start - idx } else { idx + 1 - target.end };
            let bucket = match distance {
                1 => "1",
                2..=3 => "3",
                4..=6 => "6",
                _ => "far",
            };
            out.push((format!("lexd{side}{bucket}{sign}"), 1.0));
        }
        if in_scope {
            out.push((format!("S{side}:{word}"), 1.0));
        }
        out.push((format!("w:{word}"), 1.0));
    }
    for (offset, name) in [(1usize, "L1"), (2, "L2")] {
        if let Some(idx) = target.start.checked_sub(offset) {
            out.push((format!("{name}:{}", sentence.lower(&units[idx])), 1.0));
        } else if offset == 1 {
            out.push(("L1:<s>".into(), 1.0));
        }
    }
    for (offset, name) in [(0usize, "R1"), (1, "R2")] {
        match units.get(target.end + offset) {
            Some(unit) => out.push((format!("{name}:{}", sentence.lower(unit)), 1.0)),
            None if offset == 0 => out.push(("R1:</s>".into(), 1.0)),
            None => {}
        }
    }
    let word_at = |idx: Option<usize>| idx.and_then(|i| units.get(i)).map_or("<s>", |unit| sentence.lower(unit));
    out.push((format!("L2L1:{}_{}", word_at(target.start.checked_sub(2)), word_at(target.start.checked_sub(1))), 1.0));
    out.push((format!("R1R2:{}_{}", word_at(Some(target.end)), word_at(Some(target.end + 1))), 1.0));
    if units[target.end.min(units.len())..].iter().take(3).any(|unit| unit.info.has(F_REPORTING)) {
        out.push(("reports".into(), 1.0));
    }
    if target.start > 0 && units[target.start.saturating_sub(3)..target.start].iter().any(|u| u.info.has(F_REPORTING)) {
        out.push(("reported".into(), 1.0));
    }
    let target_units = &units[target.clone()];
    match target_units.first().map(|unit| unit.quote) {
        Some(QuoteScope::Short) => out.push(("tq:short".into(), 1.0)),
        Some(QuoteScope::Long) => out.push(("tq:long".into(), 1.0)),
        _ => {}
    }
    if units.iter().any(|unit| unit.quote != QuoteScope::None) {
        out.push(("quotes".into(), 1.0));
    }
    if target_units.iter().any(|unit| unit.info.has(F_PRONOUN | F_PERSON_PRONOUN)) {
        out.push(("tpron".into(), 1.0));
    }
    let position = if target.start == 0 {
        "tpos:start"
    } else if target.end >= units.len() {
        "tpos:end"
    } else {
        "tpos:mid"
    };
    out.push((position.into(), 1.0));
    // The same word can appear twice (bag of words); the classifier sums them, which is fine.
}
