//! Tests for the transition system: the oracle reaches gold trees, costs count lost arcs, any
//! valid sequence of moves ends in a tree, and projectivization.

use crate::rng::Rng;

use super::*;

/// Label indices for the tests: 0 is `root`, the rest are arbitrary.
const ROOT: usize = 0;

fn gold(heads: &[u32]) -> GoldTree {
    let mut all_heads = vec![0];
    all_heads.extend_from_slice(heads);
    let labels = all_heads.iter().map(|head| if *head == 0 { ROOT as u8 } else { 1 }).collect();
    GoldTree::new(all_heads, labels)
}

/// Follows the lowest-numbered zero-cost action from the start; returns the heads reached.
fn follow_oracle(gold: &GoldTree) -> Vec<u32> {
    let n_words = gold.heads.len() - 1;
    let mut state = State::default();
    state.reset(n_words);
    let n_labels = 3;
    while !state.is_terminal() {
        let costs = move_costs(&state, gold);
        let action = (0..n_actions(n_labels))
            .find(|action| state.is_valid(*action, ROOT) && action_cost(&state, gold, &costs, *action) == 0)
            .expect("a projective gold tree always has a zero-cost action");
        state.apply(action);
    }
    state.heads[1..].to_vec()
}

#[test]
fn oracle_reaches_projective_gold_trees() {
    // "The cat sat on the mat ." with "sat" as the root.
    let heads = [2, 3, 0, 6, 6, 3, 3];
    assert_eq!(follow_oracle(&gold(&heads)), heads);
    // A right-branching chain and a left-branching one.
    assert_eq!(follow_oracle(&gold(&[0, 1, 2, 3])), [0, 1, 2, 3]);
    assert_eq!(follow_oracle(&gold(&[2, 3, 4, 0])), [2, 3, 4, 0]);
    // A single word.
    assert_eq!(follow_oracle(&gold(&[0])), [0]);
}

#[test]
fn costs_count_lost_gold_arcs() {
    // Gold: 1 <- 2 -> 3, 2 is the root.
    let gold = gold(&[2, 0, 2]);
    let mut state = State::default();
    state.reset(3);
    state.apply(action(Move::Shift, 0)); // stack [0, 1], buffer [2, 3]
                                         // Right-arc is invalid (the root takes its dependent only at the end); shifting 2 loses
                                         // 1 <- 2 and also root -> 2 (1 would stay below 2); left-arc makes exactly the gold arc.
    assert_eq!(move_costs(&state, &gold), [2, 0, u32::MAX]);
    // The label of a gold arc counts too.
    let costs = move_costs(&state, &gold);
    assert_eq!(action_cost(&state, &gold, &costs, action(Move::Left, 1)), 0);
    assert_eq!(action_cost(&state, &gold, &costs, action(Move::Left, 2)), 1);
    state.apply(action(Move::Left, 1)); // stack [0], buffer [2, 3]
    state.apply(action(Move::Shift, 0)); // stack [0, 2], buffer [3]
    state.apply(action(Move::Shift, 0)); // stack [0, 2, 3], buffer []
    let costs = move_costs(&state, &gold);
    assert_eq!(costs, [u32::MAX, u32::MAX, 0]);
    assert_eq!(action_cost(&state, &gold, &costs, action(Move::Right, 1)), 0);
}

#[test]
fn actions_round_trip() {
    for action_idx in 0..n_actions(5) {
        let (step, label) = decode(action_idx);
        assert_eq!(action(step, label), action_idx);
    }
}

#[test]
fn any_valid_sequence_ends_in_a_tree() {
    let mut rng = Rng::new(7);
    let n_labels = 4;
    for n_words in 0..40 {
        let mut state = State::default();
        state.reset(n_words);
        let mut n_moves = 0;
        while !state.is_terminal() {
            let valid: Vec<usize> = (0..n_actions(n_labels)).filter(|action| state.is_valid(*action, ROOT)).collect();
            assert!(!valid.is_empty(), "a non-terminal state has a valid action");
            state.apply(valid[rng.below(valid.len())]);
            n_moves += 1;
        }
        assert_eq!(n_moves, 2 * n_words);
        if n_words > 0 {
            assert!(is_tree(&state.heads), "{:?}", state.heads);
            let root_dependents: Vec<usize> = (1..=n_words).filter(|node| state.heads[*node] == 0).collect();
            assert_eq!(root_dependents.len(), 1);
            assert_eq!(usize::from(state.labels[root_dependents[0]]), ROOT);
        }
    }
}

#[test]
fn children_are_tracked_in_order() {
    // Gold-free: attach 1 and 2 to 3 (left), then 4 and 5 to 3 (right).
    let mut state = State::default();
    state.reset(5);
    for step in [Move::Shift, Move::Shift] {
        state.apply(action(step, 0));
    }
    state.apply(action(Move::Left, 1)); // 2 <- 3
    state.apply(action(Move::Left, 2)); // 1 <- 3
    state.apply(action(Move::Shift, 0)); // 3
    state.apply(action(Move::Shift, 0)); // 4
    state.apply(action(Move::Right, 1)); // 3 -> 4
    state.apply(action(Move::Shift, 0)); // 5
    state.apply(action(Move::Right, 3)); // 3 -> 5
    assert_eq!(state.left[3], [1, 2]);
    assert_eq!(state.right[3], [5, 4]);
    assert_eq!((state.n_left[3], state.n_right[3]), (2, 2));
    assert_eq!(state.left_labels[3], 0b110);
    assert_eq!(state.right_labels[3], 0b1010);
}

#[test]
fn projectivize_lifts_crossing_arcs() {
    // Arcs 3 -> 1 and 1 -> 4 both cross 2 -> 3; the shorter is lifted first (1 goes to 2),
    // after which 1 -> 4 still crosses and 4 goes to 2 too.
    let mut heads = vec![0, 3, 0, 2, 1];
    assert!(is_tree(&heads));
    projectivize(&mut heads);
    assert!(is_tree(&heads));
    for dependent in 1..heads.len() {
        assert!(is_projective_arc(&heads, heads[dependent] as usize, dependent));
    }
    assert_eq!(heads, [0, 2, 0, 2, 2]);
}

#[test]
fn is_tree_rejects_cycles_and_extra_roots() {
    assert!(is_tree(&[0, 0, 1]));
    assert!(!is_tree(&[0, 0, 0]));
    assert!(!is_tree(&[0, 2, 1, 0]));
    assert!(!is_tree(&[0, 0, 9]));
    assert!(!is_tree(&[0, 1]));
}
