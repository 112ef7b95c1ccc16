//! Event factuality on two −3..+3 scales, one per annotated corpus, because they ask different
//! questions:
//!
//! - [`Scale::Certainty`] (MEANTIME, news): how firmly the text commits to the event, signed by
//!   polarity, whatever its time. "The first jets will be delivered in 2014" is +3, "may be
//!   delivered" is near 0, "was not delivered" is −3.
//! - [`Scale::Happened`] (UDS-IH2, web text): whether the text presents the situation as having
//!   actually taken place rather than wanted, planned, possible, ordered or future. "will be
//!   delivered", "wants to deliver", "deliver it!" are low; "delivered" is +3. Negation moves it
//!   little (UDS-IH2's annotators often judged "we didn't charge them" as a real situation):
//!   polarity is the certainty scale's business.
//!
//! Each is a linear regression over features of the predicate's place in the parse: its tags and
//! relation, the auxiliaries, markers, adverbs and subject around it, the verbs above it
//! ("refused to", "want to", "said that"), the stance analysis claims use (certainty, time,
//! negation) and the rule-based score that analysis gives. The weights are learned by
//! [`train`] (run by `cargo run --release -p grip-eval --example factuality -- train`, see
//! `model/README.md`) and embedded in the binary as a readable TSV of feature names and weights.
//! Features are computed by the same code at training and at analysis time.

use std::collections::HashMap;
use std::sync::OnceLock;

use grip_model::{Certainty, ClaimTime};
use grip_syntax::{Deprel, TokenSyntax, Upos};

use crate::claims::{is_question, is_saying, stance_summary, stance_verb, StanceSummary};
use crate::tree::Tree;

/// The models grip ships (see `model/README.md`).
const CERTAINTY_TSV: &str = include_str!("../model/certainty.tsv");
const HAPPENED_TSV: &str = include_str!("../model/happened.tsv");

/// Which question a factuality score answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// How firmly the text commits to the event, signed by polarity, whatever its time
    /// (MEANTIME's certainty × polarity).
    Certainty,
    /// Whether the text presents the situation as having actually taken place, rather than
    /// wanted, planned, possible or future (UDS-IH2's "it happened"); weakly signed by negation.
    Happened,
}

impl Scale {
    /// `certainty` or `happened`.
    pub fn name(self) -> &'static str {
        match self {
            Scale::Certainty => "certainty",
            Scale::Happened => "happened",
        }
    }
}

/// The factuality of the predicate at `predicate` (an index into `parse` and `words`) on
/// `scale`, with the embedded model: −3 (the text says no) .. +3 (it says yes).
/// Out-of-range input scores +3, the reading of a plain asserted clause.
pub fn factuality(scale: Scale, parse: &[TokenSyntax], words: &[&str], predicate: usize) -> f32 {
    if predicate >= parse.len() || parse.len() != words.len() {
        return 3.0;
    }
    FactualityModel::embedded(scale).score(&features(parse, words, predicate))
}

/// Both scores of a predicate, computing its features once: (certainty, happened).
pub fn factuality_both(parse: &[TokenSyntax], words: &[&str], predicate: usize) -> (f32, f32) {
    if predicate >= parse.len() || parse.len() != words.len() {
        return (3.0, 3.0);
    }
    scores(&features(parse, words, predicate))
}

/// Both embedded models' scores of a feature set: (certainty, happened).
pub(crate) fn scores(features: &[Feature]) -> (f32, f32) {
    (
        FactualityModel::embedded(Scale::Certainty).score(features),
        FactualityModel::embedded(Scale::Happened).score(features),
    )
}

/// One feature: a name and a value (1 for indicators).
pub type Feature = (String, f32);

/// The features of the predicate at `predicate`; empty when the index is out of range or the
/// parse and words differ in length.
pub fn features(parse: &[TokenSyntax], words: &[&str], predicate: usize) -> Vec<Feature> {
    if predicate >= parse.len() || parse.len() != words.len() {
        return Vec::new();
    }
    let tree = Tree::new(parse);
    let stance = stance_summary(&tree, words, predicate);
    features_of(&tree, words, predicate, &stance)
}

/// [`features`] on a sentence's tree, with the stance of the predicate's clause already
/// analysed (claims have it).
pub(crate) fn features_of(tree: &Tree<'_>, words: &[&str], predicate: usize, stance: &StanceSummary) -> Vec<Feature> {
    let mut out: Vec<Feature> = Vec::with_capacity(48);
    let mut flag = |name: String| out.push((name, 1.0));
    let lower = |idx: usize| words[idx].to_lowercase();

    // The rule-based score: as a value and as a bucket (its steps are not linear).
    let rule = stance.rule;
    flag(format!("rule={rule}"));
    flag(format!("certainty={}", certainty_name(stance.certainty)));
    flag(format!("time={}", time_name(stance.time)));
    if stance.negated {
        flag("negated".to_owned());
    }
    if let Some(matrix) = &stance.matrix {
        flag(format!("matrix={matrix}"));
    }
    for found in &stance.modals {
        flag(format!("modal={found}"));
    }

    // The predicate itself.
    let xpos = tree.xpos(predicate);
    let relation = tree.deprel(predicate);
    flag(format!("xpos={xpos}"));
    flag(format!("upos={:?}", tree.upos(predicate)));
    flag(format!("rel={}", relation.as_str()));
    flag(format!("xpos|rel={xpos}|{}", relation.as_str()));
    flag(format!("lemma={}", tree.lemmas[predicate]));

    // Its dependents: auxiliaries, markers, adverbs, negation, subject, copula.
    let mut auxes: Vec<String> = Vec::new();
    let mut has_subject = false;
    for &child in &tree.children[predicate] {
        let child_relation = tree.deprel(child);
        match child_relation {
            Deprel::Aux | Deprel::AuxPass => auxes.push(lower(child)),
            Deprel::Mark => flag(format!("mark={}", tree.lemmas[child])),
            Deprel::Advmod => {
                flag(format!("advmod={}", tree.lemmas[child]));
                if let Some(class) = verb_class(&tree.lemmas[child]) {
                    flag(format!("modifier={class}"));
                }
            }
            Deprel::Nsubj | Deprel::NsubjPass | Deprel::Csubj | Deprel::Expl => {
                has_subject = true;
                let subject = if tree.upos(child) == Upos::Pron { tree.lemmas[child].as_str() } else { "noun" };
                flag(format!("subj={subject}"));
            }
            Deprel::Cop => flag(format!("cop={}", lower(child))),
            Deprel::Det if matches!(tree.lemmas[child].as_str(), "no" | "any" | "every" | "each") => {
                flag(format!("det={}", tree.lemmas[child]));
            }
            Deprel::Case => flag(format!("case={}", tree.lemmas[child])),
            Deprel::Amod | Deprel::Compound => {
                if let Some(class) = verb_class(&tree.lemmas[child]) {
                    flag(format!("modifier={class}"));
                }
            }
            _ => {}
        }
    }
    if !auxes.is_empty() {
        flag(format!("auxes={}", auxes.join("_")));
        for aux in &auxes {
            flag(format!("aux={aux}"));
        }
    }
    if !has_subject && tree.upos(predicate) == Upos::Verb {
        flag(format!("no-subject|rel={}|xpos={xpos}", relation.as_str()));
    }
    // "Do this": a bare verb at the root with no subject, the imperative.
    if !has_subject && xpos == "VB" && relation == Deprel::Root && auxes.is_empty() {
        flag("imperative".to_owned());
    }

    // The words above it, up through clausal links: "refused to", "said that", "if".
    let mut node = predicate;
    for level in 0..3 {
        let Some(head) = tree.head(node) else {
            if level == 0 {
                flag("root".to_owned());
            }
            break;
        };
        let link = tree.deprel(node).as_str();
        let head_lemma = tree.lemmas[head].as_str();
        flag(format!("up{level}={link}"));
        flag(format!("up{level}={link}|{head_lemma}"));
        flag(format!("up{level}={link}|{}", tree.xpos(head)));
        if level > 0 {
            if let Some(class) = verb_class(head_lemma) {
                flag(format!("above={class}"));
            }
        } else if let Some(class) = verb_class(head_lemma) {
            flag(format!("up0-class={link}|{class}"));
        }
        for &sibling in &tree.children[head] {
            if tree.deprel(sibling) == Deprel::Advmod
                && matches!(tree.lemmas[sibling].as_str(), "not" | "n't" | "never")
            {
                flag(format!("up{level}-negated"));
            }
            if matches!(tree.deprel(sibling), Deprel::Aux | Deprel::AuxPass) && level == 0 {
                flag(format!("up0-aux={}", lower(sibling)));
            }
        }
        node = head;
    }

    // The sentence: a question, a conditional, a first or second person.
    if is_question(words) {
        flag("question".to_owned());
    }
    if words[..predicate].iter().any(|word| matches!(word.to_lowercase().as_str(), "if" | "unless" | "whether")) {
        flag("if-before".to_owned());
    }
    if let Some(first) = words.first() {
        let first = first.to_lowercase();
        if matches!(
            first.as_str(),
            "do" | "does" | "did" | "is" | "are" | "can" | "could" | "would" | "will" | "should" | "has" | "have"
        ) {
            flag(format!("first={first}"));
        }
    }
    out.push(("rule-value".to_owned(), rule / 3.0));
    out
}

/// Classes of verbs above a predicate that the data share few examples of one by one.
fn verb_class(lemma: &str) -> Option<&'static str> {
    if is_saying(lemma) {
        return Some("saying");
    }
    if let Some(certainty) = stance_verb(lemma) {
        return Some(certainty_name(certainty));
    }
    Some(match lemma {
        "want" | "plan" | "try" | "attempt" | "hope" | "seek" | "aim" | "intend" | "need" | "wish" | "would"
        | "like" | "prefer" | "propose" | "threaten" | "vow" | "pledge" | "promise" | "agree" | "decide" | "offer"
        | "ask" | "urge" | "order" | "call" | "demand" | "allow" | "let" | "able" | "going" => "intent",
        "refuse" | "fail" | "decline" | "avoid" | "forget" | "neglect" | "prevent" | "stop" | "block" | "cease"
        | "delay" | "postpone" | "cancel" | "scrap" | "abandon" | "halt" | "suspend" | "reject" | "kill" | "veto"
        | "nearly" | "almost" => "negative",
        // ("hope", "plan" and "aim" are nouns too; they stay in the class above.)
        "fear" | "prospect" | "proposal" | "bid" | "effort" | "threat" | "risk" | "possibility" | "chance"
        | "expectation" | "worry" | "concern" | "goal" | "intention" => "prospect",
        "manage" | "begin" | "start" | "continue" | "resume" | "keep" | "proceed" | "finish" | "help" => "implicative",
        _ => return None,
    })
}

fn certainty_name(certainty: Certainty) -> &'static str {
    match certainty {
        Certainty::Certain => "certain",
        Certainty::Probable => "probable",
        Certainty::Possible => "possible",
        Certainty::Doubtful => "doubtful",
    }
}

fn time_name(time: ClaimTime) -> &'static str {
    match time {
        ClaimTime::Past => "past",
        ClaimTime::Present => "present",
        ClaimTime::Future => "future",
    }
}

/// A factuality model: a bias and one weight per feature name.
#[derive(Debug, Clone, Default)]
pub struct FactualityModel {
    bias: f32,
    weights: HashMap<String, f32>,
}

/// Why a model file does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// The 1-based line.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "factuality model line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ModelError {}

impl FactualityModel {
    /// The model embedded in grip for `scale`.
    pub fn embedded(scale: Scale) -> &'static FactualityModel {
        static CERTAINTY: OnceLock<FactualityModel> = OnceLock::new();
        static HAPPENED: OnceLock<FactualityModel> = OnceLock::new();
        let (cell, tsv) = match scale {
            Scale::Certainty => (&CERTAINTY, CERTAINTY_TSV),
            Scale::Happened => (&HAPPENED, HAPPENED_TSV),
        };
        cell.get_or_init(|| FactualityModel::from_tsv(tsv).expect("the embedded factuality model parses"))
    }

    /// Reads a model from its TSV form: `#` comments, then `feature<TAB>weight` lines, the
    /// bias under the name `(bias)`.
    ///
    /// # Errors
    /// A line without a tab or with a weight that is not a finite number.
    pub fn from_tsv(text: &str) -> Result<FactualityModel, ModelError> {
        let mut model = FactualityModel::default();
        for (idx, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |message: &str| ModelError { line: idx + 1, message: message.to_owned() };
            let (name, weight) = line.rsplit_once('\t').ok_or_else(|| error("expected `feature<TAB>weight`"))?;
            let weight: f32 = weight.trim().parse().map_err(|_| error("the weight is not a number"))?;
            if !weight.is_finite() {
                return Err(error("the weight is not finite"));
            }
            if name == "(bias)" {
                model.bias = weight;
            } else {
                model.weights.insert(name.to_owned(), weight);
            }
        }
        Ok(model)
    }

    /// The TSV form, features sorted by name, after `header` (each line prefixed with `# `).
    pub fn to_tsv(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&format!("(bias)\t{:.5}\n", self.bias));
        let mut names: Vec<&String> = self.weights.keys().collect();
        names.sort();
        for name in names {
            out.push_str(&format!("{name}\t{:.5}\n", self.weights[name]));
        }
        out
    }

    /// The number of features with a weight.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether no feature has a weight.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The score of a feature set, clamped to −3..+3.
    pub fn score(&self, features: &[Feature]) -> f32 {
        let sum: f32 = self.bias
            + features
                .iter()
                .map(|(name, value)| self.weights.get(name).map_or(0.0, |weight| weight * value))
                .sum::<f32>();
        sum.clamp(-3.0, 3.0)
    }
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// AdaGrad's base learning rate.
    pub learning_rate: f32,
    /// L2 penalty per update on the features of the example.
    pub l2: f32,
    /// Features seen in fewer examples are dropped.
    pub min_count: usize,
    /// Seeds the order of examples.
    pub seed: u64,
}

impl TrainConfig {
    /// The settings the shipped model of `scale` was trained with, chosen by five-fold
    /// cross-validation on its training corpus.
    pub fn for_scale(scale: Scale) -> TrainConfig {
        match scale {
            Scale::Certainty => {
                TrainConfig { epochs: 20, learning_rate: 0.1, l2: 1e-3, min_count: 3, seed: 20_261_130 }
            }
            Scale::Happened => TrainConfig { epochs: 5, learning_rate: 0.05, l2: 1e-3, min_count: 3, seed: 20_261_130 },
        }
    }
}

/// Fits a model to `(features, gold score)` pairs by least squares with an L2 penalty
/// (AdaGrad), visiting examples in a seeded order: deterministic for the same input.
pub fn train(examples: &[(Vec<Feature>, f32)], config: &TrainConfig) -> FactualityModel {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (features, _) in examples {
        for (name, _) in features {
            *counts.entry(name.as_str()).or_default() += 1;
        }
    }
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut names: Vec<&str> = counts.iter().filter(|(_, &n)| n >= config.min_count).map(|(&name, _)| name).collect();
    names.sort_unstable();
    for (idx, name) in names.iter().enumerate() {
        index.insert(name, idx);
    }
    let encoded: Vec<(Vec<(usize, f32)>, f32)> = examples
        .iter()
        .map(|(features, gold)| {
            let active =
                features.iter().filter_map(|(name, value)| Some((*index.get(name.as_str())?, *value))).collect();
            (active, *gold)
        })
        .collect();
    let mean = if examples.is_empty() {
        0.0
    } else {
        examples.iter().map(|(_, gold)| gold).sum::<f32>() / examples.len() as f32
    };
    let mut bias = mean;
    let mut weights = vec![0.0f32; names.len()];
    let mut squares = vec![1e-6f32; names.len()];
    let mut bias_squares = 1e-6f32;
    let mut order: Vec<usize> = (0..encoded.len()).collect();
    let mut state = config.seed | 1;
    for _ in 0..config.epochs {
        // Fisher-Yates with a xorshift generator.
        for idx in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(idx, (state % (idx as u64 + 1)) as usize);
        }
        for &example in &order {
            let (active, gold) = &encoded[example];
            let predicted = bias + active.iter().map(|&(feature, value)| weights[feature] * value).sum::<f32>();
            let error = predicted - gold;
            bias_squares += error * error;
            bias -= config.learning_rate * error / bias_squares.sqrt();
            for &(feature, value) in active {
                let gradient = error * value + config.l2 * weights[feature];
                squares[feature] += gradient * gradient;
                weights[feature] -= config.learning_rate * gradient / squares[feature].sqrt();
            }
        }
    }
    FactualityModel {
        bias,
        weights: names
            .iter()
            .zip(&weights)
            .filter(|(_, weight)| weight.abs() >= 1e-4)
            .map(|(name, weight)| ((*name).to_owned(), *weight))
            .collect(),
    }
}

#[cfg(test)]
mod tests;
