//! Tests for the parser's feature extraction.

use expect_test::expect;

use crate::clusters::Clusters;
use crate::lexical::lexemes;
use crate::transition::{action, Move};

use super::*;

fn configuration(words: &[&str], moves: &[Move]) -> (Nodes, State) {
    let lexemes = lexemes(words, &Clusters::default());
    let tags: Vec<u8> = (0..words.len() as u8).collect();
    let mut nodes = Nodes::default();
    nodes.fill(&lexemes, &tags);
    let mut state = State::default();
    state.reset(words.len());
    for step in moves {
        state.apply(action(*step, 1));
    }
    (nodes, state)
}

fn features(words: &[&str], moves: &[Move]) -> Vec<u64> {
    let (nodes, state) = configuration(words, moves);
    let mut out = Vec::new();
    extract(&nodes, &state, &mut out);
    out
}

#[test]
fn every_configuration_has_the_same_templates() {
    let words = ["Russia", "warned", "NATO", "on", "Tuesday", "."];
    let start = features(&words, &[]);
    let later = features(&words, &[Move::Shift, Move::Left, Move::Shift, Move::Shift]);
    expect!["101"].assert_eq(&start.len().to_string());
    assert_eq!(start.len(), later.len());
    assert!(start.len() <= MAX_FEATURES);
    // Extraction is a function of the configuration.
    assert_eq!(later, features(&words, &[Move::Shift, Move::Left, Move::Shift, Move::Shift]));
}

#[test]
fn features_see_the_words_they_name() {
    // The configurations differ only in the second buffer word: the templates that look at b1
    // change and the others do not.
    let moves = [Move::Shift, Move::Shift];
    let a = features(&["Russia", "warned", "NATO", "on", "Tuesday"], &moves);
    let b = features(&["Russia", "warned", "NATO", "in", "Tuesday"], &moves);
    let changed: Vec<usize> = (0..a.len()).filter(|idx| a[*idx] != b[*idx]).collect();
    expect!["[8, 10, 24]"].assert_eq(&format!("{changed:?}"));
    // Lowercasing does not change the word features.
    let c = features(&["Russia", "warned", "NATO", "ON", "Tuesday"], &moves);
    assert_eq!(a, c);
}

#[test]
fn attached_children_change_features() {
    let words = ["The", "minister", "signed"];
    let before = features(&words, &[Move::Shift]);
    let after = features(&words, &[Move::Shift, Move::Left, Move::Shift]);
    assert_ne!(before, after);
    // After "The <- minister", minister is on the stack with a left child.
    let (_, state) = configuration(&words, &[Move::Shift, Move::Left, Move::Shift]);
    assert_eq!(state.stack_at(0), 2);
    assert_eq!(state.left[2][0], 1);
}
