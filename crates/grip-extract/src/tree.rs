//! A dependency tree view over one sentence's parse: children lists, lowercased lemmas and the
//! small queries event coding and claim extraction share.

use grip_syntax::{Deprel, TokenSyntax, Upos};

/// One sentence's parse with children indexed.
#[derive(Debug)]
pub(crate) struct Tree<'a> {
    /// Tags, lemmas, heads and relations, one per token.
    pub parse: &'a [TokenSyntax],
    /// Children of each token, in order.
    pub children: Vec<Vec<usize>>,
    /// Lowercased lemmas.
    pub lemmas: Vec<String>,
}

impl<'a> Tree<'a> {
    pub(crate) fn new(parse: &'a [TokenSyntax]) -> Tree<'a> {
        let mut children = vec![Vec::new(); parse.len()];
        for (idx, token) in parse.iter().enumerate() {
            if let Some(head) = token.head {
                if let Some(slot) = children.get_mut(head as usize) {
                    slot.push(idx);
                }
            }
        }
        let lemmas = parse.iter().map(|token| token.lemma.to_lowercase()).collect();
        Tree { parse, children, lemmas }
    }

    pub(crate) fn len(&self) -> usize {
        self.parse.len()
    }

    pub(crate) fn deprel(&self, idx: usize) -> Deprel {
        self.parse[idx].deprel
    }

    pub(crate) fn upos(&self, idx: usize) -> Upos {
        self.parse[idx].upos
    }

    pub(crate) fn xpos(&self, idx: usize) -> &'static str {
        self.parse[idx].xpos
    }

    pub(crate) fn head(&self, idx: usize) -> Option<usize> {
        self.parse[idx].head.map(|head| head as usize)
    }

    /// Children of `idx` with one of the relations.
    pub(crate) fn children_with<'s>(&'s self, idx: usize, deprels: &'s [Deprel]) -> impl Iterator<Item = usize> + 's {
        self.children[idx].iter().copied().filter(move |&child| deprels.contains(&self.parse[child].deprel))
    }

    /// The first child with one of the relations.
    pub(crate) fn child_with(&self, idx: usize, deprels: &[Deprel]) -> Option<usize> {
        self.children_with(idx, deprels).next()
    }

    /// The preposition (case marker, possibly multiword) of a nominal dependent, lowercased.
    pub(crate) fn preposition(&self, idx: usize) -> Option<String> {
        let cases: Vec<&str> = self.children[idx]
            .iter()
            .filter(|&&child| matches!(self.parse[child].deprel, Deprel::Case | Deprel::Fixed))
            .map(|&child| self.lemmas[child].as_str())
            .collect();
        (!cases.is_empty()).then(|| cases.join(" "))
    }

    /// The subordinating conjunction of the clause at `idx` ("if", "unless", "because"), joined
    /// as [`Tree::preposition`] joins its words.
    pub(crate) fn marker(&self, idx: usize) -> Option<String> {
        let marks: Vec<&str> = self.children[idx]
            .iter()
            .filter(|&&child| self.parse[child].deprel == Deprel::Mark)
            .map(|&child| self.lemmas[child].as_str())
            .collect();
        (!marks.is_empty()).then(|| marks.join(" "))
    }

    /// The first and last token (inclusive) of the subtree under `idx`.
    pub(crate) fn subtree_span(&self, idx: usize) -> (usize, usize) {
        let mut first = idx;
        let mut last = idx;
        let mut stack = vec![idx];
        let mut guard = 0;
        while let Some(node) = stack.pop() {
            guard += 1;
            if guard > self.parse.len() * 2 {
                break;
            }
            first = first.min(node);
            last = last.max(node);
            stack.extend(self.children[node].iter().copied());
        }
        (first, last)
    }
}
