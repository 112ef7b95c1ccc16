//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta 2011) with a single
//! root, and its dynamic oracle (Goldberg and Nivre 2013).
//!
//! A configuration has a stack, whose bottom is the artificial root (node 0), and a buffer of
//! the words not yet read (nodes `1..=n`). Three moves build the tree:
//! - *shift* pushes the first buffer word;
//! - *left-arc(l)* makes the first buffer word the head of the stack top, and pops it;
//! - *right-arc(l)* makes the word below the stack top its head, and pops it.
//!
//! The root may take its one dependent only when the buffer is empty, so every sequence of
//! valid moves ends, after exactly `2n` moves, in a tree with a single root, no cycles and every
//! head in range, whatever the scores. This is what makes the parser's output well-formed by
//! construction. The dynamic oracle gives the cost (the number of gold arcs made unreachable)
//! of any move from any configuration, so the parser can be trained on its own mistakes.

/// Marks a missing node (no head, no child).
pub(crate) const NO_NODE: u32 = u32::MAX;

/// The moves of the system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Move {
    Shift,
    Left,
    Right,
}

/// Actions are numbered `0` (shift), `1 + 2l` (left-arc with label `l`), `2 + 2l` (right-arc).
pub(crate) fn n_actions(n_labels: usize) -> usize {
    1 + 2 * n_labels
}

#[cfg(test)]
pub(crate) fn action(step: Move, label: usize) -> usize {
    match step {
        Move::Shift => 0,
        Move::Left => 1 + 2 * label,
        Move::Right => 2 + 2 * label,
    }
}

pub(crate) fn decode(action: usize) -> (Move, usize) {
    if action == 0 {
        (Move::Shift, 0)
    } else if action % 2 == 1 {
        (Move::Left, (action - 1) / 2)
    } else {
        (Move::Right, (action - 2) / 2)
    }
}

/// A parser configuration over nodes `0..=n_words` (0 is the root).
#[derive(Clone, Debug, Default)]
pub(crate) struct State {
    pub(crate) n_words: u32,
    pub(crate) stack: Vec<u32>,
    /// The first buffer node; `n_words + 1` when the buffer is empty.
    pub(crate) buffer: u32,
    pub(crate) heads: Vec<u32>,
    pub(crate) labels: Vec<u8>,
    /// The leftmost and second-leftmost children of each node.
    pub(crate) left: Vec<[u32; 2]>,
    /// The rightmost and second-rightmost children of each node.
    pub(crate) right: Vec<[u32; 2]>,
    pub(crate) n_left: Vec<u8>,
    pub(crate) n_right: Vec<u8>,
    /// The set of labels of the left (right) children, as bits.
    pub(crate) left_labels: Vec<u64>,
    pub(crate) right_labels: Vec<u64>,
    pub(crate) on_stack: Vec<bool>,
}

impl State {
    /// Resets to the initial configuration for a sentence of `n_words` words.
    pub(crate) fn reset(&mut self, n_words: usize) {
        let n_nodes = n_words + 1;
        self.n_words = n_words as u32;
        self.stack.clear();
        self.stack.push(0);
        self.buffer = 1;
        self.heads.clear();
        self.heads.resize(n_nodes, NO_NODE);
        self.labels.clear();
        self.labels.resize(n_nodes, 0);
        self.left.clear();
        self.left.resize(n_nodes, [NO_NODE; 2]);
        self.right.clear();
        self.right.resize(n_nodes, [NO_NODE; 2]);
        self.n_left.clear();
        self.n_left.resize(n_nodes, 0);
        self.n_right.clear();
        self.n_right.resize(n_nodes, 0);
        self.left_labels.clear();
        self.left_labels.resize(n_nodes, 0);
        self.right_labels.clear();
        self.right_labels.resize(n_nodes, 0);
        self.on_stack.clear();
        self.on_stack.resize(n_nodes, false);
        self.on_stack[0] = true;
    }

    pub(crate) fn is_terminal(&self) -> bool {
        self.buffer > self.n_words && self.stack.len() <= 1
    }

    /// The `depth`-th node from the top of the stack.
    pub(crate) fn stack_at(&self, depth: usize) -> u32 {
        if depth < self.stack.len() {
            self.stack[self.stack.len() - 1 - depth]
        } else {
            NO_NODE
        }
    }

    /// The `offset`-th node of the buffer.
    pub(crate) fn buffer_at(&self, offset: u32) -> u32 {
        let node = self.buffer + offset;
        if node <= self.n_words {
            node
        } else {
            NO_NODE
        }
    }

    pub(crate) fn buffer_is_empty(&self) -> bool {
        self.buffer > self.n_words
    }

    pub(crate) fn can_shift(&self) -> bool {
        !self.buffer_is_empty()
    }

    pub(crate) fn can_left(&self) -> bool {
        self.stack.len() >= 2 && !self.buffer_is_empty()
    }

    pub(crate) fn can_right(&self) -> bool {
        self.stack.len() >= 3 || (self.stack.len() == 2 && self.buffer_is_empty())
    }

    /// True when a right-arc would attach the stack top to the root (and so must be `root`).
    pub(crate) fn right_is_root(&self) -> bool {
        self.stack.len() == 2
    }

    /// Whether `action` is valid; `root_label` is the label index of `root`, which only the
    /// root's dependent takes.
    pub(crate) fn is_valid(&self, action: usize, root_label: usize) -> bool {
        match decode(action) {
            (Move::Shift, _) => self.can_shift(),
            (Move::Left, label) => label != root_label && self.can_left(),
            (Move::Right, label) => self.can_right() && ((label == root_label) == self.right_is_root()),
        }
    }

    /// Applies a valid action.
    pub(crate) fn apply(&mut self, action: usize) {
        let (step, label) = decode(action);
        match step {
            Move::Shift => {
                let node = self.buffer;
                self.stack.push(node);
                self.on_stack[node as usize] = true;
                self.buffer += 1;
            }
            Move::Left => {
                let dependent = self.stack.pop().expect("left-arc needs a stack top");
                self.on_stack[dependent as usize] = false;
                self.attach(self.buffer, dependent, label);
            }
            Move::Right => {
                let dependent = self.stack.pop().expect("right-arc needs a stack top");
                self.on_stack[dependent as usize] = false;
                let head = *self.stack.last().expect("right-arc needs a second stack node");
                self.attach(head, dependent, label);
            }
        }
    }

    fn attach(&mut self, head: u32, dependent: u32, label: usize) {
        let (head_idx, dependent_idx) = (head as usize, dependent as usize);
        self.heads[dependent_idx] = head;
        self.labels[dependent_idx] = label as u8;
        let label_bit = 1u64 << (label % 64);
        if dependent < head {
            let children = &mut self.left[head_idx];
            if children[0] == NO_NODE || dependent < children[0] {
                children[1] = children[0];
                children[0] = dependent;
            } else if children[1] == NO_NODE || dependent < children[1] {
                children[1] = dependent;
            }
            self.n_left[head_idx] = self.n_left[head_idx].saturating_add(1);
            self.left_labels[head_idx] |= label_bit;
        } else {
            let children = &mut self.right[head_idx];
            if children[0] == NO_NODE || dependent > children[0] {
                children[1] = children[0];
                children[0] = dependent;
            } else if children[1] == NO_NODE || dependent > children[1] {
                children[1] = dependent;
            }
            self.n_right[head_idx] = self.n_right[head_idx].saturating_add(1);
            self.right_labels[head_idx] |= label_bit;
        }
    }
}

/// A gold tree for the oracle: heads and labels indexed by node (entry 0 unused), and each
/// node's gold dependents.
#[derive(Clone, Debug)]
pub(crate) struct GoldTree {
    pub(crate) heads: Vec<u32>,
    pub(crate) labels: Vec<u8>,
    pub(crate) dependents: Vec<Vec<u32>>,
}

impl GoldTree {
    pub(crate) fn new(heads: Vec<u32>, labels: Vec<u8>) -> GoldTree {
        let mut dependents = vec![Vec::new(); heads.len()];
        for (node, head) in heads.iter().enumerate().skip(1) {
            if let Some(list) = dependents.get_mut(*head as usize) {
                list.push(node as u32);
            }
        }
        GoldTree { heads, labels, dependents }
    }
}

/// The unlabeled costs of shift, left-arc and right-arc (`u32::MAX` when not valid).
pub(crate) fn move_costs(state: &State, gold: &GoldTree) -> [u32; 3] {
    let s0 = state.stack_at(0);
    let s1 = state.stack_at(1);
    let b0 = state.buffer;
    let in_buffer = |node: u32| node != NO_NODE && node >= b0 && node <= state.n_words;
    let mut costs = [u32::MAX; 3];
    if state.can_shift() {
        let head = gold.heads[b0 as usize];
        let mut cost = u32::from(head != s0 && state.on_stack.get(head as usize) == Some(&true));
        for dependent in &gold.dependents[b0 as usize] {
            cost += u32::from(state.on_stack[*dependent as usize]);
        }
        costs[0] = cost;
    }
    let dependents_in_buffer = |node: u32| -> u32 {
        gold.dependents[node as usize].iter().map(|dependent| u32::from(in_buffer(*dependent))).sum()
    };
    if state.can_left() {
        let head = gold.heads[s0 as usize];
        let lost_head = head != b0 && (head == s1 || in_buffer(head));
        costs[1] = u32::from(lost_head) + dependents_in_buffer(s0);
    }
    if state.can_right() {
        let head = gold.heads[s0 as usize];
        costs[2] = u32::from(in_buffer(head)) + dependents_in_buffer(s0);
    }
    costs
}

/// The labeled cost of `action` given the unlabeled move costs.
pub(crate) fn action_cost(state: &State, gold: &GoldTree, costs: &[u32; 3], action: usize) -> u32 {
    let (step, label) = decode(action);
    match step {
        Move::Shift => costs[0],
        Move::Left => {
            let s0 = state.stack_at(0) as usize;
            let wrong_label = gold.heads[s0] == state.buffer && usize::from(gold.labels[s0]) != label;
            costs[1].saturating_add(u32::from(wrong_label))
        }
        Move::Right => {
            let s0 = state.stack_at(0) as usize;
            let wrong_label = gold.heads[s0] == state.stack_at(1) && usize::from(gold.labels[s0]) != label;
            costs[2].saturating_add(u32::from(wrong_label))
        }
    }
}

/// Makes a tree projective by lifting non-projective arcs (Nivre and Nilsson 2005, without
/// encoding the lifts in labels): a dependent whose arc crosses another moves up to its
/// grandparent until no arc crosses. `heads` is indexed by node, entry 0 unused; it must be a
/// tree rooted at node 0.
pub(crate) fn projectivize(heads: &mut [u32]) {
    loop {
        let mut shortest: Option<(usize, usize)> = None;
        for dependent in 1..heads.len() {
            let head = heads[dependent] as usize;
            if is_projective_arc(heads, head, dependent) {
                continue;
            }
            let length = head.abs_diff(dependent);
            if shortest.is_none_or(|(_, best)| length < best) {
                shortest = Some((dependent, length));
            }
        }
        let Some((dependent, _)) = shortest else { return };
        let head = heads[dependent] as usize;
        heads[dependent] = heads[head];
    }
}

/// True when every node between `head` and `dependent` descends from `head`.
fn is_projective_arc(heads: &[u32], head: usize, dependent: usize) -> bool {
    let (low, high) = if head < dependent { (head, dependent) } else { (dependent, head) };
    (low + 1..high).all(|node| descends_from(heads, node, head))
}

fn descends_from(heads: &[u32], mut node: usize, ancestor: usize) -> bool {
    for _ in 0..heads.len() {
        if node == ancestor {
            return true;
        }
        if node == 0 {
            return false;
        }
        node = heads[node] as usize;
    }
    false
}

/// True when `heads` (indexed by node, entry 0 unused) is a tree: one dependent of the root,
/// every head in range, no cycles.
pub(crate) fn is_tree(heads: &[u32]) -> bool {
    let n_nodes = heads.len();
    let n_root_dependents = heads.iter().skip(1).filter(|head| **head == 0).count();
    if n_root_dependents != 1 {
        return false;
    }
    (1..n_nodes)
        .all(|node| heads[node] as usize != node && (heads[node] as usize) < n_nodes && descends_from(heads, node, 0))
}

#[cfg(test)]
mod tests;
