//! The dependency parser: greedy arc-hybrid transitions scored by averaged perceptrons over
//! rich non-local features in the style of Zhang and Nivre (2011), trained with a dynamic
//! oracle and exploration (Goldberg and Nivre 2012, 2013).
//!
//! Each labelled action (shift, left-arc(l), right-arc(l)) is one class. Features describe the
//! top three stack nodes, the first three buffer words, the leftmost and rightmost children of
//! the nodes in focus, distances, valencies, the labels already attached and word clusters.
//! (Splitting the decision into a shift/left/right classifier and a separate labeler is about
//! twice as fast but cost 0.8 UAS and 1.2 LAS on EWT dev, so the classes stay joint.)

use crate::codec::{corrupt, Reader, Writer};
use crate::hash::{combine, feature};
use crate::lexical::{Lexeme, NONE, ROOT};
use crate::perceptron::{Trainer, Weights};
use crate::rng::Rng;
use crate::tags::Deprel;
use crate::transition::{action_cost, move_costs, n_actions, GoldTree, State, NO_NODE};
use crate::SyntaxError;

/// A trained parser.
#[derive(Clone, Debug)]
pub(crate) struct Parser {
    /// The labels the actions use, in class order.
    labels: Vec<Deprel>,
    root_label: usize,
    weights: Weights,
}

/// Settings for training a parser.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ParserSettings {
    pub(crate) epochs: usize,
    /// From this epoch on (0-based), the parser follows its own predictions ...
    pub(crate) explore_from_epoch: usize,
    /// ... with this probability, and the best zero-cost action otherwise.
    pub(crate) explore_probability: f64,
    pub(crate) prune_threshold: f32,
}

/// A training sentence for the parser: lexemes, predicted tag classes and the gold tree
/// (projective, labels as indices into the parser's label list).
pub(crate) struct ParserExample {
    pub(crate) lexemes: Vec<Lexeme>,
    pub(crate) tags: Vec<u8>,
    pub(crate) gold: GoldTree,
}

/// Reusable buffers for parsing one sentence after another without allocating.
#[derive(Default)]
pub(crate) struct Scratch {
    state: State,
    nodes: Nodes,
    features: Vec<u64>,
    scores: Vec<i32>,
}

/// Per-node feature values of a sentence (node 0 is the root).
#[derive(Default)]
pub(crate) struct Nodes {
    words: Vec<u64>,
    tags: Vec<u64>,
    /// Middle and full cluster paths.
    clusters: Vec<[u64; 2]>,
}

const MAX_FEATURES: usize = 128;

impl Parser {
    pub(crate) fn labels(&self) -> &[Deprel] {
        &self.labels
    }

    pub(crate) fn n_features(&self) -> usize {
        self.weights.n_features()
    }

    pub(crate) fn n_entries(&self) -> usize {
        self.weights.n_entries()
    }

    pub(crate) fn prune(&mut self, threshold: f32) {
        self.weights = self.weights.pruned(threshold);
    }

    fn dep_label(&self) -> u8 {
        self.labels.iter().position(|label| *label == Deprel::Dep).unwrap_or(0) as u8
    }

    /// Parses one sentence. `heads` receives, for each word, the node of its head (0 for the
    /// root, `k` for word `k - 1`), and `labels` an index into `labels()`.
    pub(crate) fn parse(
        &self,
        lexemes: &[Lexeme],
        tags: &[u8],
        scratch: &mut Scratch,
        heads: &mut Vec<u32>,
        labels: &mut Vec<u8>,
    ) {
        let Scratch { state, nodes, features, scores } = scratch;
        nodes.fill(lexemes, tags);
        state.reset(lexemes.len());
        scores.resize(self.weights.n_classes(), 0);
        while !state.is_terminal() {
            extract(nodes, state, features);
            self.weights.score(features, scores);
            let Some(best) = best_valid(state, self.root_label, scores) else {
                // Unreachable: a configuration that is not terminal has a valid action.
                break;
            };
            state.apply(best);
        }
        heads.clear();
        heads.extend_from_slice(&state.heads[1..]);
        labels.clear();
        labels.extend_from_slice(&state.labels[1..]);
        repair(heads, labels, self.dep_label(), self.root_label as u8);
    }

    pub(crate) fn write(&self, writer: &mut Writer) {
        writer.len(self.labels.len());
        for label in &self.labels {
            writer.str(label.as_str());
        }
        self.weights.write(writer);
    }

    pub(crate) fn read(reader: &mut Reader<'_>) -> Result<Parser, SyntaxError> {
        let n_labels = reader.len()?;
        if n_labels == 0 || n_labels > 255 {
            return Err(corrupt("parser has an invalid number of labels"));
        }
        let mut labels = Vec::with_capacity(n_labels);
        for _ in 0..n_labels {
            let label = reader.str()?;
            labels.push(Deprel::from_label(label).ok_or_else(|| corrupt("parser names an unknown relation"))?);
        }
        let root_label = labels
            .iter()
            .position(|label| *label == Deprel::Root)
            .ok_or_else(|| corrupt("parser has no root relation"))?;
        let weights = Weights::read(reader)?;
        if n_actions(n_labels) > 256 || weights.n_classes() != n_actions(n_labels) {
            return Err(corrupt("parser weights do not match its labels"));
        }
        Ok(Parser { labels, root_label, weights })
    }
}

/// The highest-scoring valid action (the lowest-numbered one on ties); `None` only for a
/// terminal state.
fn best_valid<S: Copy + PartialOrd>(state: &State, root_label: usize, scores: &[S]) -> Option<usize> {
    best_valid_where(state, root_label, scores, |_| true)
}

/// The highest-scoring valid action among those `keep` accepts.
fn best_valid_where<S: Copy + PartialOrd>(
    state: &State,
    root_label: usize,
    scores: &[S],
    keep: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut best: Option<(usize, S)> = None;
    for (action, score) in scores.iter().enumerate() {
        if best.is_none_or(|(_, best_score)| *score > best_score) && state.is_valid(action, root_label) && keep(action)
        {
            best = Some((action, *score));
        }
    }
    best.map(|(action, _)| action)
}

/// Makes sure the output is a tree even if parsing stopped early: a word left without a head
/// attaches to the root's dependent (or becomes it). The transition system never leaves one.
fn repair(heads: &mut [u32], labels: &mut [u8], dep_label: u8, root_label: u8) {
    let root_dependent = heads.iter().position(|head| *head == 0);
    let mut root = root_dependent.map(|idx| idx as u32 + 1);
    for (word_idx, head) in heads.iter_mut().enumerate() {
        if *head == NO_NODE {
            match root {
                Some(root) => {
                    *head = root;
                    labels[word_idx] = dep_label;
                }
                None => {
                    *head = 0;
                    labels[word_idx] = root_label;
                    root = Some(word_idx as u32 + 1);
                }
            }
        }
    }
}

/// The labels a parser trained on `examples` needs: those in the data, plus `root` and `dep`.
pub(crate) fn label_set(labels: impl Iterator<Item = Deprel>) -> Vec<Deprel> {
    let mut labels: Vec<Deprel> = labels.chain([Deprel::Root, Deprel::Dep]).collect();
    labels.sort_unstable();
    labels.dedup();
    labels
}

/// Trains a parser with the dynamic oracle. `on_epoch` gets the epoch number, the share of
/// zero-cost moves the parser chose during that epoch, and the parser as of that epoch.
pub(crate) fn train(
    examples: &[ParserExample],
    labels: Vec<Deprel>,
    settings: &ParserSettings,
    rng: &mut Rng,
    on_epoch: &mut dyn FnMut(usize, f64, &Parser),
) -> Parser {
    let root_label = labels.iter().position(|label| *label == Deprel::Root).expect("the label set includes root");
    let n_classes = n_actions(labels.len());
    let mut trainer = Trainer::new(n_classes);
    let mut parser = Parser { labels, root_label, weights: trainer.freeze(f32::INFINITY) };
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut state = State::default();
    let mut nodes = Nodes::default();
    let mut features = Vec::new();
    let mut scores = vec![0f32; n_classes];
    for epoch in 0..settings.epochs {
        rng.shuffle(&mut order);
        let explore = epoch >= settings.explore_from_epoch;
        let (mut n_correct, mut n_total) = (0usize, 0usize);
        for &example_idx in &order {
            let example = &examples[example_idx];
            let gold = &example.gold;
            nodes.fill(&example.lexemes, &example.tags);
            state.reset(example.lexemes.len());
            while !state.is_terminal() {
                extract(&nodes, &state, &mut features);
                trainer.score(&features, &mut scores);
                let Some(guess) = best_valid(&state, root_label, &scores) else { break };
                let costs = move_costs(&state, gold);
                let cost = |action: usize| action_cost(&state, gold, &costs, action);
                let min_cost =
                    (0..n_classes).filter(|action| state.is_valid(*action, root_label)).map(cost).min().unwrap_or(0);
                let best_gold =
                    best_valid_where(&state, root_label, &scores, |action| cost(action) == min_cost).unwrap_or(guess);
                let guess_cost = cost(guess);
                if guess_cost > min_cost {
                    trainer.update(&features, best_gold, guess);
                } else {
                    n_correct += 1;
                }
                trainer.tick();
                n_total += 1;
                let next = if guess_cost == min_cost || (explore && rng.chance(settings.explore_probability)) {
                    guess
                } else {
                    best_gold
                };
                state.apply(next);
            }
        }
        parser.weights = trainer.freeze(settings.prune_threshold);
        on_epoch(epoch, n_correct as f64 / n_total.max(1) as f64, &parser);
    }
    parser
}

impl Nodes {
    fn fill(&mut self, lexemes: &[Lexeme], tags: &[u8]) {
        self.clusters.clear();
        self.clusters.push([ROOT; 2]);
        self.clusters.extend(lexemes.iter().map(|lexeme| [lexeme.clusters[1], lexeme.clusters[2]]));
        self.words.clear();
        self.words.push(ROOT);
        self.words.extend(lexemes.iter().map(|lexeme| lexeme.lower));
        self.tags.clear();
        self.tags.push(ROOT);
        self.tags.extend(tags.iter().map(|tag| u64::from(*tag) + 0x200));
    }

    fn word(&self, node: u32) -> u64 {
        self.words.get(node as usize).copied().unwrap_or(NONE)
    }

    fn tag(&self, node: u32) -> u64 {
        self.tags.get(node as usize).copied().unwrap_or(NONE)
    }

    /// The cluster of a node: `0` for the middle prefix, `1` for the full path.
    fn cluster(&self, node: u32, fine: usize) -> u64 {
        self.clusters.get(node as usize).map_or(NONE, |clusters| clusters[fine])
    }
}

/// A distance between two nodes, bucketed.
fn distance(a: u32, b: u32) -> u64 {
    if a == NO_NODE || b == NO_NODE {
        return NONE;
    }
    let d = a.abs_diff(b);
    0x300
        + u64::from(match d {
            0..=4 => d,
            5..=6 => 5,
            7..=9 => 6,
            _ => 7,
        })
}

fn label_value(state: &State, node: u32) -> u64 {
    if node == NO_NODE || state.heads.get(node as usize).is_none_or(|head| *head == NO_NODE) {
        NONE
    } else {
        u64::from(state.labels[node as usize]) + 0x400
    }
}

/// Extracts the features of a configuration.
pub(crate) fn extract(nodes: &Nodes, state: &State, out: &mut Vec<u64>) {
    out.clear();
    let word = |node: u32| nodes.word(node);
    let tag = |node: u32| nodes.tag(node);
    let cluster = |node: u32, fine: usize| nodes.cluster(node, fine);
    let label = |node: u32| label_value(state, node);
    let left = |node: u32, idx: usize| if node == NO_NODE { NO_NODE } else { state.left[node as usize][idx] };
    let right = |node: u32, idx: usize| if node == NO_NODE { NO_NODE } else { state.right[node as usize][idx] };
    let n_left = |node: u32| if node == NO_NODE { NONE } else { u64::from(state.n_left[node as usize]) + 0x500 };
    let n_right = |node: u32| if node == NO_NODE { NONE } else { u64::from(state.n_right[node as usize]) + 0x500 };
    let left_set = |node: u32| if node == NO_NODE { NONE } else { combine(state.left_labels[node as usize], 0x600) };
    let right_set = |node: u32| if node == NO_NODE { NONE } else { combine(state.right_labels[node as usize], 0x700) };

    let s0 = state.stack_at(0);
    let s1 = state.stack_at(1);
    let s2 = state.stack_at(2);
    let b0 = state.buffer_at(0);
    let b1 = state.buffer_at(1);
    let b2 = state.buffer_at(2);
    let s0l1 = left(s0, 0);
    let s0l2 = left(s0, 1);
    let s0r1 = right(s0, 0);
    let s0r2 = right(s0, 1);
    let s1l1 = left(s1, 0);
    let s1l2 = left(s1, 1);
    let s1r1 = right(s1, 0);
    let s1r2 = right(s1, 1);
    let b0l1 = left(b0, 0);
    let b0l2 = left(b0, 1);

    let (s0w, s0t) = (word(s0), tag(s0));
    let (s1w, s1t) = (word(s1), tag(s1));
    let s2t = tag(s2);
    let (b0w, b0t) = (word(b0), tag(b0));
    let (b1w, b1t) = (word(b1), tag(b1));
    let b2t = tag(b2);
    let d0 = distance(s0, b0);
    let d1 = distance(s1, s0);
    let d2 = distance(s1, b0);

    let mut template = 0u32;
    let mut push = |values: &[u64]| {
        template += 1;
        out.push(feature(template, values));
    };
    // Single nodes.
    push(&[s0w]);
    push(&[s0t]);
    push(&[s0w, s0t]);
    push(&[s1w]);
    push(&[s1w, s1t]);
    push(&[b0w]);
    push(&[b0t]);
    push(&[b0w, b0t]);
    push(&[b1w]);
    push(&[b1t]);
    push(&[b1w, b1t]);
    push(&[s2t]);
    // Pairs.
    push(&[s0w, s0t, b0t]);
    push(&[s0t, b0w, b0t]);
    push(&[s0t, b0t]);
    push(&[s1w, s1t, s0t]);
    push(&[s1t, s0w, s0t]);
    push(&[s1t, s0t]);
    push(&[s1w, b0w]);
    push(&[s1t, b0t]);
    push(&[s1w, b0t]);
    push(&[s1t, b0w]);
    push(&[b0t, b1t]);
    push(&[b0w, b1t]);
    push(&[b0t, b1w]);
    // Triples of tags (and one word).
    push(&[b0t, b1t, b2t]);
    push(&[s0t, b0t, b1t]);
    push(&[s1t, s0t, b0t]);
    push(&[s2t, s1t, s0t]);
    push(&[s1t, s0t, b1t]);
    push(&[s0w, b0t, b1t]);
    push(&[s0t, b0w, b1t]);
    push(&[s1w, s0t, b0t]);
    // Children of the nodes in focus.
    let (s0l1t, s0r1t, s1r1t, b0l1t) = (tag(s0l1), tag(s0r1), tag(s1r1), tag(b0l1));
    push(&[s0t, s0l1t, b0t]);
    push(&[s1t, s1r1t, s0t]);
    push(&[s1t, s0t, s0l1t]);
    push(&[s1t, s0t, s0r1t]);
    push(&[s0t, s0l1t, tag(s0l2)]);
    push(&[s0t, s0r1t, tag(s0r2)]);
    push(&[s1t, s1r1t, tag(s1r2)]);
    push(&[b0t, b0l1t, tag(b0l2)]);
    // Distances.
    push(&[s0w, d0]);
    push(&[s0t, d0]);
    push(&[b0w, d0]);
    push(&[b0t, d0]);
    push(&[s0t, b0t, d0]);
    push(&[s1w, d1]);
    push(&[s1t, d1]);
    push(&[s0w, d1]);
    push(&[s0t, d1]);
    push(&[s1t, s0t, d1]);
    push(&[s1t, b0t, d2]);
    // Valencies.
    push(&[s0w, n_left(s0)]);
    push(&[s0w, n_right(s0)]);
    push(&[s0t, n_right(s0)]);
    push(&[s1w, n_right(s1)]);
    push(&[s1t, n_right(s1)]);
    push(&[s1t, n_left(s1)]);
    push(&[b0w, n_left(b0)]);
    push(&[b0t, n_left(b0)]);
    // Children: words, tags, labels.
    for child in [s0l1, s0r1, b0l1, s0l2, s0r2, b0l2] {
        push(&[word(child)]);
        push(&[tag(child)]);
        push(&[label(child)]);
    }
    push(&[label(s1l1)]);
    push(&[tag(s1l2)]);
    push(&[s0t, label(s0l1), label(s0l2)]);
    push(&[s0t, label(s0r1), label(s0r2)]);
    push(&[s1t, label(s1r1), label(s1r2)]);
    push(&[s1t, label(s1l1), label(s1l2)]);
    push(&[b0t, label(b0l1), label(b0l2)]);
    // Label sets.
    push(&[s0w, left_set(s0)]);
    push(&[s0t, left_set(s0)]);
    push(&[s0w, right_set(s0)]);
    push(&[s0t, right_set(s0)]);
    push(&[s1w, right_set(s1)]);
    push(&[s1t, right_set(s1)]);
    push(&[s1t, left_set(s1)]);
    push(&[b0w, left_set(b0)]);
    push(&[b0t, left_set(b0)]);
    // Word clusters.
    push(&[cluster(s0, 1)]);
    push(&[cluster(s1, 1)]);
    push(&[cluster(b1, 1)]);
    push(&[cluster(s0, 0), cluster(b0, 0)]);
    push(&[cluster(s1, 0), cluster(s0, 0)]);
    push(&[cluster(s0, 1), b0t]);
    push(&[cluster(s1, 1), s0t]);
    debug_assert!(out.len() <= MAX_FEATURES);
}

#[cfg(test)]
mod tests;
