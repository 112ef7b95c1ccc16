//! Tone toward each actor: per mention, the sentiment words in its scope, combined by the
//! classifier; per entity, the mean over its mentions, with the evidence words.
//!
//! A mention's scope is its clause: without a parse, the units between the nearest clause
//! boundaries (";", ":", dashes, brackets, and words such as "but", "because", "which"), with
//! weights that fall with distance and halve across each comma; with a parse, the tokens whose
//! clause (nearest clausal ancestor) is the mention's, weighted by tree distance, plus relative
//! clauses attached to the mention ("Putin, who crushed the protests").

use std::collections::BTreeMap;
use std::ops::Range;

use grip_model::{ActorTone, EntityKind, Mention, TextRange};
use grip_text::Segmented;

use crate::classifier::{NEGATIVE, POSITIVE};
use crate::document::{cap_differential, Scratch};
use crate::features::{scope_score, target_features};
use crate::lexicon::{
    F_CLAUSE_BREAK, F_CONCESSIVE, F_CONTRAST, F_DEMONSTRATIVE, F_EPITHET, F_NEGATOR, F_PERSON_PRONOUN,
};
use crate::units::{QuoteScope, SentenceUnits, P_COMMA, P_STRONG};
use crate::{SentenceSyntax, ToneModel};

/// Sentences back that a pronoun or epithet may reach for its antecedent.
const ANAPHORA_SENTENCES: usize = 2;

/// Scope weights below this give no evidence.
const EVIDENCE_SCOPE: f32 = 0.3;

/// The tone toward one mention (or one target of the evaluation sets).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MentionTone {
    /// Classifier probabilities (negative, neutral, positive), if the model has a classifier.
    pub probs: Option<[f32; 3]>,
    /// Score in [−1, 1].
    pub score: f32,
    /// The words behind the score.
    pub evidence: Vec<TextRange>,
}

/// Reusable buffers for scoring targets.
#[derive(Debug, Default)]
pub(crate) struct TargetScratch {
    scope: Vec<f32>,
    features: Vec<(String, f32)>,
}

/// Scores the target `target` (unit indices) of the sentence in `scratch`.
pub(crate) fn score_target(
    scratch: &Scratch,
    target: &Range<usize>,
    syntax: Option<&SentenceSyntax<'_>>,
    first_token: u32,
    model: &ToneModel,
    buffers: &mut TargetScratch,
) -> MentionTone {
    let sentence = &scratch.sentence;
    let valences = &scratch.valences;
    scope_weights(sentence, target, syntax, first_token, &mut buffers.scope);
    let (positive, negative) = scope_score(target, valences, &buffers.scope);
    let rule = ((positive + negative) / 2.0).tanh();
    let (probs, score) = match &model.classifier {
        Some(classifier) => {
            target_features(sentence, valences, target, &buffers.scope, &mut buffers.features);
            let probs = classifier.predict(&buffers.features);
            (Some(probs), probs[POSITIVE] - probs[NEGATIVE])
        }
        None => (None, rule),
    };
    let evidence =
        if score.abs() < 0.1 { Vec::new() } else { evidence(sentence, valences, target, &buffers.scope, score) };
    MentionTone { probs, score, evidence }
}

/// The classifier features of a target (for training).
pub(crate) fn target_feature_vector<'a>(
    scratch: &Scratch,
    target: &Range<usize>,
    syntax: Option<&SentenceSyntax<'_>>,
    first_token: u32,
    buffers: &'a mut TargetScratch,
) -> &'a [(String, f32)] {
    scope_weights(&scratch.sentence, target, syntax, first_token, &mut buffers.scope);
    target_features(&scratch.sentence, &scratch.valences, target, &buffers.scope, &mut buffers.features);
    &buffers.features
}

fn evidence(
    sentence: &SentenceUnits,
    valences: &[f32],
    target: &Range<usize>,
    scope: &[f32],
    score: f32,
) -> Vec<TextRange> {
    let units = &sentence.units;
    let mut ranges = Vec::new();
    for (idx, (&valence, &weight)) in valences.iter().zip(scope).enumerate() {
        if target.contains(&idx) || weight < EVIDENCE_SCOPE || valence == 0.0 || (valence > 0.0) != (score > 0.0) {
            continue;
        }
        let mut start = units[idx].range.start();
        // A negated word's evidence starts at its negator ("does not trust").
        if (valence > 0.0) != (units[idx].info.valence > 0.0) {
            if let Some(negator) = (idx.saturating_sub(3)..idx).rev().find(|&j| units[j].info.has(F_NEGATOR)) {
                start = units[negator].range.start();
                if negator > 0 && is_auxiliary(sentence.lower(&units[negator - 1])) {
                    start = units[negator - 1].range.start();
                }
            }
        }
        ranges.push(TextRange::new(start, units[idx].range.end()));
    }
    ranges
}

fn is_auxiliary(word: &str) -> bool {
    matches!(word, "do" | "does" | "did" | "is" | "are" | "was" | "were" | "has" | "have" | "had" | "will" | "would")
}

/// Fills `out` with one scope weight per unit of the sentence for the target.
fn scope_weights(
    sentence: &SentenceUnits,
    target: &Range<usize>,
    syntax: Option<&SentenceSyntax<'_>>,
    first_token: u32,
    out: &mut Vec<f32>,
) {
    out.clear();
    out.resize(sentence.units.len(), 0.0);
    let parsed = syntax.filter(|syntax| {
        syntax.heads.len() == sentence.token_unit.len() && syntax.deprels.len() == sentence.token_unit.len()
    });
    match parsed {
        Some(syntax) => parse_scope(sentence, target, syntax, first_token, out),
        None => clause_scope(sentence, target, out),
    }
    let target_quote = sentence.units.get(target.start).map_or(QuoteScope::None, |unit| unit.quote);
    for (unit, weight) in sentence.units.iter().zip(out.iter_mut()) {
        // Someone else's words, quoted at length, say less about the writer's tone.
        if unit.quote == QuoteScope::Long && target_quote != QuoteScope::Long {
            *weight *= 0.5;
        }
    }
}

fn clause_scope(sentence: &SentenceUnits, target: &Range<usize>, out: &mut [f32]) {
    let units = &sentence.units;
    let breaks = F_CLAUSE_BREAK | F_CONTRAST | F_CONCESSIVE;
    let decay = |distance: usize| 1.0 / (1.0 + 0.1 * (distance as f32 - 1.0));
    let mut weight = 1.0;
    let mut idx = target.start;
    while idx > 0 {
        let punct = units[idx].punct_before;
        if punct & P_STRONG != 0 {
            break;
        }
        if punct & P_COMMA != 0 {
            weight *= 0.5;
        }
        idx -= 1;
        if units[idx].info.has(breaks) {
            break;
        }
        out[idx] = weight * decay(target.start - idx);
    }
    let mut weight = 1.0;
    for (idx, unit) in units.iter().enumerate().skip(target.end) {
        if unit.punct_before & P_STRONG != 0 || unit.info.has(breaks) {
            break;
        }
        if unit.punct_before & P_COMMA != 0 {
            weight *= 0.5;
        }
        out[idx] = weight * decay(idx + 1 - target.end);
    }
}

/// Relations that open a clause of their own: the scope stops there.
fn is_clausal(deprel: &str) -> bool {
    let base = deprel.split(':').next().unwrap_or(deprel);
    matches!(base, "root" | "ccomp" | "advcl" | "parataxis" | "acl" | "csubj")
}

fn parse_scope(
    sentence: &SentenceUnits,
    target: &Range<usize>,
    syntax: &SentenceSyntax<'_>,
    first_token: u32,
    out: &mut [f32],
) {
    let n = syntax.heads.len();
    let head = |t: usize| syntax.heads[t].map(|h| h as usize).filter(|&h| h < n && h != t);
    // The target's head token: the first target token whose head lies outside the target.
    let target_tokens: Vec<usize> = (0..n)
        .filter(|&t| sentence.token_unit[t] != u32::MAX && target.contains(&(sentence.token_unit[t] as usize)))
        .collect();
    let Some(&target_head) =
        target_tokens.iter().find(|&&t| head(t).is_none_or(|h| !target_tokens.contains(&h))).or(target_tokens.first())
    else {
        return;
    };
    let ancestors = |t: usize| {
        let mut chain = vec![t];
        let mut current = t;
        while let Some(h) = head(current) {
            if chain.len() > n {
                break;
            }
            chain.push(h);
            current = h;
        }
        chain
    };
    let clause_of = |t: usize| {
        let mut current = t;
        for _ in 0..=n {
            if head(current).is_none() || is_clausal(syntax.deprels[current]) {
                return current;
            }
            current = head(current).unwrap_or(current);
        }
        current
    };
    let target_chain = ancestors(target_head);
    let target_clause = clause_of(target_head);
    for (unit_idx, unit) in sentence.units.iter().enumerate() {
        let Some(token) = unit.token.checked_sub(first_token).map(|t| t as usize).filter(|&t| t < n) else {
            continue;
        };
        let chain = ancestors(token);
        // Tree distance through the lowest common ancestor.
        let Some((up, down)) =
            chain.iter().enumerate().find_map(|(i, t)| target_chain.iter().position(|a| a == t).map(|j| (i, j)))
        else {
            continue;
        };
        let distance = (up + down).max(1) as f32;
        let clause = clause_of(token);
        let weight = if clause == target_clause {
            1.0 / (1.0 + 0.3 * (distance - 1.0))
        } else if head(clause) == Some(target_head) {
            // A relative clause on the target describes it.
            0.7 / (1.0 + 0.3 * (distance - 2.0).max(0.0))
        } else {
            0.0
        };
        out[unit_idx] = out[unit_idx].max(weight);
    }
}

/// The mention scores of one entity, and each evidence range with its mention's score.
#[derive(Default)]
struct EntityTones {
    scores: Vec<f32>,
    evidence: Vec<(TextRange, f32)>,
}

/// A mention or a pronoun/epithet standing for a linked person.
struct Target {
    /// Index into the caller's mentions of the mention that names the entity.
    mention: usize,
    units: Range<usize>,
}

pub(crate) fn actor_tone(
    text: &str,
    segmented: &Segmented,
    mentions: &[Mention],
    syntax: Option<&[SentenceSyntax<'_>]>,
    model: &ToneModel,
) -> Vec<ActorTone> {
    if mentions.is_empty() {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&idx| (mentions[idx].range.start(), mentions[idx].range.end()));
    let syntax = syntax.filter(|parses| parses.len() == segmented.sentences.len());
    let mut scratch = Scratch { cap_differential: Some(cap_differential(text, segmented)), ..Scratch::default() };
    let mut buffers = TargetScratch::default();
    // Per entity, keyed by order of first mention.
    let mut first_seen: Vec<usize> = Vec::new();
    let mut per_entity: BTreeMap<usize, EntityTones> = BTreeMap::new();
    let mut next = 0;
    // The last person mention seen and the sentence it was in, for pronouns and epithets.
    let mut last_person: Option<(usize, usize)> = None;
    for (sentence_idx, sentence) in segmented.sentences.iter().enumerate() {
        let first = next;
        while next < order.len() && mentions[order[next]].range.start() < sentence.range.end() {
            next += 1;
        }
        let sentence_mentions = &order[first..next];
        let reach = last_person.filter(|&(_, at)| sentence_idx - at <= ANAPHORA_SENTENCES);
        if sentence_mentions.is_empty() && reach.is_none() {
            continue;
        }
        scratch.score_sentence(text, segmented, sentence_idx, model);
        let mut targets = Vec::new();
        let mut covered = vec![false; scratch.sentence.units.len()];
        for &mention_idx in sentence_mentions {
            let units = mention_units(&scratch.sentence, segmented, sentence.tokens.start, mentions[mention_idx].range);
            if let Some(units) = units {
                covered[units.clone()].iter_mut().for_each(|c| *c = true);
                targets.push(Target { mention: mention_idx, units });
            }
        }
        // Pronouns and epithets, in order, each pointing at the most salient person before it:
        // the first person named earlier in the same sentence (subjects come first), else the
        // first person named in the last sentence that named one (centering's preferred
        // antecedent: "Tokayev turned to Putin. He calls ..." means Tokayev).
        let first_person = sentence_mentions.iter().copied().find(|&m| mentions[m].kind == EntityKind::Person);
        let units = &scratch.sentence.units;
        let mut idx = 0;
        while idx < units.len() {
            let antecedent = first_person
                .filter(|&m| mentions[m].range.start() <= units[idx].range.start())
                .or(reach.map(|(mention, _)| mention));
            // The target of "this dictator" is the demonstrative alone, so that the epithet's
            // own valence is in scope, as it is for "this dictator Putin".
            let (anaphor, next) = if covered[idx] {
                (None, idx + 1)
            } else if units[idx].info.has(F_PERSON_PRONOUN) {
                (Some(idx..idx + 1), idx + 1)
            } else if units[idx].info.has(F_DEMONSTRATIVE)
                && scratch.sentence.lower(&units[idx]) != "the"
                && units.get(idx + 1).is_some_and(|next| next.info.has(F_EPITHET))
                && !covered.get(idx + 1).copied().unwrap_or(true)
            {
                (Some(idx..idx + 1), idx + 2)
            } else {
                (None, idx + 1)
            };
            if let (Some(range), Some(mention)) = (anaphor, antecedent) {
                targets.push(Target { mention, units: range });
            }
            idx = next;
        }
        if let Some(m) = first_person {
            last_person = Some((m, sentence_idx));
        } else if let Some((m, _)) = last_person {
            // A pronoun or epithet that resolved keeps its person salient.
            if targets.iter().any(|target| target.mention == m) {
                last_person = Some((m, sentence_idx));
            }
        }
        let parse = syntax.map(|parses| &parses[sentence_idx]);
        for target in &targets {
            let tone = score_target(&scratch, &target.units, parse, sentence.tokens.start, model, &mut buffers);
            let entity_key = first_seen
                .iter()
                .position(|&m| mentions[m].entity == mentions[target.mention].entity)
                .unwrap_or_else(|| {
                    first_seen.push(target.mention);
                    first_seen.len() - 1
                });
            let entry = per_entity.entry(entity_key).or_default();
            entry.scores.push(tone.score);
            entry.evidence.extend(tone.evidence.iter().map(|&range| (range, tone.score)));
        }
    }
    per_entity
        .into_iter()
        .map(|(key, EntityTones { scores, evidence })| {
            let mention = &mentions[first_seen[key]];
            let score = (scores.iter().sum::<f32>() / scores.len().max(1) as f32).clamp(-1.0, 1.0);
            // Evidence from the mentions that agree with the overall score.
            let mut evidence: Vec<TextRange> = evidence
                .into_iter()
                .filter(|&(_, mention_score)| score != 0.0 && (mention_score > 0.0) == (score > 0.0))
                .map(|(range, _)| range)
                .collect();
            evidence.sort_by_key(|range| (range.start(), range.end()));
            evidence.dedup();
            ActorTone { actor: mention.actor.clone(), entity: mention.entity.clone(), score, evidence }
        })
        .collect()
}

/// The units a mention covers, if any.
fn mention_units(
    sentence: &SentenceUnits,
    segmented: &Segmented,
    first_token: u32,
    range: TextRange,
) -> Option<Range<usize>> {
    let tokens = &segmented.tokens;
    let start = tokens.partition_point(|token| token.range.end() <= range.start());
    let mut units: Option<Range<usize>> = None;
    for (token_idx, token) in tokens.iter().enumerate().skip(start) {
        if token.range.start() >= range.end() {
            break;
        }
        if let Some(unit) = sentence.unit_of_token(first_token, token_idx as u32) {
            units = Some(match units {
                Some(units) => units.start.min(unit)..units.end.max(unit + 1),
                None => unit..unit + 1,
            });
        }
    }
    units
}
