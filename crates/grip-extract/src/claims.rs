//! Claims: what the text asserts, evaluates, recommends and predicts, who holds each claim, how
//! sure they are, and when it holds.
//!
//! A claim is a clause. Sentences whose main verb is a verb of thinking or saying ("I think that",
//! "Tokayev says that", "It seems to them that") yield the complement clause as the claim, held by
//! the subject of the main verb (the author for "I"), with certainty from that verb
//! ("I am highly sure" -> certain, "I think" -> probable, "it seems" -> possible, "I doubt" ->
//! doubtful) and from the clause's own modals and adverbs ("may" -> possible, "will" -> certain,
//! "will probably" -> probable); the less certain of the two wins. Time comes from tense,
//! modals and time adverbs ("in a near future"). Epistemic words set certainty only: tone never
//! sees them (grip-tone removes them from its lexicons).
//!
//! Each claim also carries the learned factuality scores of its predicate (module
//! `factuality`; see [`crate::factuality::features`]), whose features include this module's
//! stance analysis and its rule-based factuality score; `grip eval claims` measures them on
//! MEANTIME and UDS-IH2.

use grip_model::{
    ActorCode, Certainty, Claim, ClaimKind, ClaimTime, EntityKind, Event, Factuality, Holder, Mention, Modality,
    TextRange,
};
use grip_syntax::{Deprel, TokenSyntax, Upos};
use grip_text::Segmented;

use crate::tree::Tree;

/// What the claim extractor reads.
#[derive(Debug, Clone, Copy)]
pub struct ClaimInput<'a> {
    /// The original text.
    pub text: &'a str,
    /// Tokens and sentences.
    pub segmented: &'a Segmented,
    /// The parse of each sentence.
    pub syntax: &'a [Vec<TokenSyntax>],
    /// Linked mentions, in text order.
    pub mentions: &'a [Mention],
    /// Coded events, in text order.
    pub events: &'a [Event],
    /// Sentences to skip (repeated title, signature), sorted.
    pub skipped_sentences: &'a [u32],
}

/// Extracts the claims of a document, in text order.
pub fn extract_claims(input: &ClaimInput<'_>) -> Vec<Claim> {
    let mut claims = Vec::new();
    for (sentence_idx, sentence) in input.segmented.sentences.iter().enumerate() {
        let sentence_u32 = u32::try_from(sentence_idx).unwrap_or(u32::MAX);
        let Some(parse) = input.syntax.get(sentence_idx) else { break };
        if input.skipped_sentences.binary_search(&sentence_u32).is_ok() || parse.len() != sentence.tokens.len() {
            continue;
        }
        let tokens = &input.segmented.tokens[sentence.tokens.start as usize..sentence.tokens.end as usize];
        let words: Vec<&str> = tokens.iter().map(|token| token.norm(input.text)).collect();
        if is_question(&words) {
            continue;
        }
        let tree = Tree::new(parse);
        let view = View { tree: &tree, words: &words };
        for clause in view.main_clauses() {
            let stance = view.stance(clause);
            let (first, last) = stance.span;
            let range = TextRange::new(tokens[first].range.start(), tokens[last].range.end());
            let holder = holder(input, sentence_u32, tokens, &view, &stance);
            let actors = actors_in(input.mentions, range);
            let kind = view.kind(stance.head, &stance);
            let event = linked_event(input.events, range, kind);
            let cues = stance.cues.iter().map(|&idx| tokens[idx].range).collect();
            let summary = view.summary(stance.head, &stance);
            let features = crate::factuality::features_of(&tree, &words, stance.head, &summary);
            let (certainty_score, happened) = crate::factuality::scores(&features);
            claims.push(Claim {
                range,
                kind,
                holder,
                certainty: stance.certainty,
                factuality: Factuality { certainty: certainty_score, happened },
                time: stance.time,
                actors,
                event,
                cues,
                rule: stance.rule.to_owned(),
            });
        }
    }
    claims
}

/// What the stance analysis says about the clause of `predicate`: certainty, time, negation,
/// the verb of thinking or saying above it, the modals and the rule-based factuality score.
/// Features of the learned factuality scorer.
pub(crate) fn stance_summary(tree: &Tree<'_>, words: &[&str], predicate: usize) -> StanceSummary {
    let view = View { tree, words };
    view.summary(predicate, &view.stance(predicate))
}

/// See [`stance_summary`].
#[derive(Debug, Clone)]
pub(crate) struct StanceSummary {
    pub certainty: Certainty,
    pub time: ClaimTime,
    pub negated: bool,
    pub matrix: Option<String>,
    pub modals: Vec<&'static str>,
    /// The rule-based factuality on −3..+3 (see `View::rule_factuality`).
    pub rule: f32,
}

/// A sentence's tree plus its folded words.
struct View<'a> {
    tree: &'a Tree<'a>,
    words: &'a [&'a str],
}

/// How a clause is held: certainty, polarity, time, the main verb above it and the cue words.
#[derive(Debug, Clone)]
struct Stance {
    /// The clause's predicate.
    head: usize,
    /// First and last token of the claim.
    span: (usize, usize),
    certainty: Certainty,
    negated: bool,
    time: ClaimTime,
    /// The verb of thinking or saying above the clause, if any.
    matrix: Option<usize>,
    /// The holder's head token: the matrix subject, or the "to them" of "it seems to them".
    holder: Option<usize>,
    /// The holder written as "according to X" / "in my opinion".
    holder_author: bool,
    /// Cue tokens (sentence-local).
    cues: Vec<usize>,
    rule: &'static str,
}

impl View<'_> {
    /// The stance of the clause of `predicate` as the factuality scorer reads it.
    fn summary(&self, predicate: usize, stance: &Stance) -> StanceSummary {
        let modals: Vec<Modal> = self
            .tree
            .children_with(predicate, &[Deprel::Aux, Deprel::AuxPass])
            .filter_map(|aux| modal(&self.word(aux), self.tree.xpos(aux)))
            .collect();
        StanceSummary {
            certainty: stance.certainty,
            time: stance.time,
            negated: stance.negated,
            matrix: stance.matrix.map(|matrix| self.tree.lemmas[matrix].clone()),
            modals: modals
                .iter()
                .map(|found| match found {
                    Modal::Will => "will",
                    Modal::Would => "would",
                    Modal::Possible => "possible",
                    Modal::Should => "should",
                })
                .collect(),
            rule: self.rule_factuality(predicate, stance, &modals),
        }
    }

    /// The rule-based factuality of the predicate at `predicate` on the −3 (did not happen) ..
    /// +3 (happened) scale of MEANTIME and UDS-IH2: the stance of the clause it heads (or sits
    /// in), with the contexts that make an event non-factual (infinitives under "want",
    /// "refuse", purpose clauses, conditionals, questions).
    fn rule_factuality(&self, predicate: usize, stance: &Stance, modals: &[Modal]) -> f32 {
        // What the clause's own form says: done (past), ongoing or habitual (present), not yet
        // (future, modal), then the stance above it caps it.
        let past = stance.time == ClaimTime::Past || matches!(self.tree.xpos(predicate), "VBD" | "VBN");
        let mut score: f32 = if past { 3.0 } else { 1.5 };
        if modals.contains(&Modal::Will) {
            score = score.min(0.0);
        }
        if modals.iter().any(|m| matches!(m, Modal::Possible | Modal::Would | Modal::Should)) {
            score = score.min(-0.75);
        }
        score = score.min(match stance.certainty {
            Certainty::Certain => 3.0,
            Certainty::Probable => 1.0,
            Certainty::Possible => 0.0,
            Certainty::Doubtful => -1.5,
        });
        if let Some(context) = self.nonfactual_context(predicate) {
            score = score.min(context);
        }
        if is_question(self.words) {
            score = score.min(0.5);
        }
        if stance.negated {
            score = if score > 0.0 { -2.5 } else { score.min(-0.75) };
        }
        score
    }

    fn word(&self, idx: usize) -> String {
        self.words[idx].to_lowercase()
    }

    /// The predicates that head claims: the root, its coordinated clauses; a verb of thinking or
    /// saying hands over to its complement (handled in `stance`).
    fn main_clauses(&self) -> Vec<usize> {
        let Some(root) = (0..self.tree.len()).find(|&idx| self.tree.head(idx).is_none()) else {
            return Vec::new();
        };
        let mut clauses = vec![root];
        for conj in self.tree.children_with(root, &[Deprel::Conj, Deprel::Parataxis]) {
            let is_clause = matches!(self.tree.upos(conj), Upos::Verb | Upos::Aux)
                || self.tree.child_with(conj, &[Deprel::Nsubj, Deprel::Cop]).is_some();
            if is_clause {
                clauses.push(conj);
            }
        }
        // A matrix verb of thinking or saying: the claim is its complement.
        clauses
            .into_iter()
            .map(|clause| self.descend(clause))
            .collect::<Vec<_>>()
            .into_iter()
            .filter(|&clause| self.tree.upos(clause) != Upos::Punct)
            .collect()
    }

    /// From a verb of thinking, saying or meaning, down to the clause it introduces.
    fn descend(&self, mut clause: usize) -> usize {
        for _ in 0..4 {
            let lemma = self.tree.lemmas[clause].as_str();
            let transparent =
                stance_verb(lemma).is_some() || is_saying(lemma) || is_implication(lemma) || is_stance_adjective(lemma);
            if !transparent {
                break;
            }
            match self.tree.child_with(clause, &[Deprel::Ccomp]).or_else(|| self.extraposed(clause)) {
                Some(complement) => clause = complement,
                None => break,
            }
        }
        clause
    }

    /// The clause "it" stands in for ("It seems to them that ...", parsed as an extraposed
    /// clausal subject with an expletive "it"): the verb's `csubj` when it has an `expl`.
    fn extraposed(&self, verb: usize) -> Option<usize> {
        self.tree.child_with(verb, &[Deprel::Expl])?;
        self.tree.child_with(verb, &[Deprel::Csubj])
    }

    /// The stance toward the clause headed by (or containing) `predicate`.
    fn stance(&self, predicate: usize) -> Stance {
        let mut stance = Stance {
            head: predicate,
            span: self.clause_span(predicate),
            certainty: Certainty::Certain,
            negated: false,
            time: ClaimTime::Present,
            matrix: None,
            holder: None,
            holder_author: false,
            cues: Vec::new(),
            rule: "claims/plain",
        };
        let local = self.local_cues(predicate, &mut stance);
        // Climb through clausal links to verbs of thinking, saying and seeming.
        let mut matrix_certainty: Option<Certainty> = None;
        let mut node = predicate;
        for _ in 0..5 {
            let Some(head) = self.tree.head(node) else { break };
            let relation = self.tree.deprel(node);
            if !matches!(relation, Deprel::Ccomp | Deprel::Xcomp | Deprel::Csubj | Deprel::Advcl | Deprel::Conj) {
                break;
            }
            let lemma = self.tree.lemmas[head].as_str();
            let complement = relation == Deprel::Ccomp
                || relation == Deprel::Xcomp
                || relation == Deprel::Csubj && self.extraposed(head) == Some(node);
            if complement {
                let adjective_negated = self
                    .tree
                    .children_with(head, &[Deprel::Advmod])
                    .any(|c| matches!(self.tree.lemmas[c].as_str(), "not" | "n't" | "never"));
                let found = if let Some(certainty) = stance_verb(lemma) {
                    Some((certainty, "claims/stance-verb"))
                } else if is_stance_adjective(lemma) {
                    let certainty = if adjective_negated { Certainty::Doubtful } else { Certainty::Certain };
                    Some((certainty, "claims/stance-adjective"))
                } else if is_saying(lemma) {
                    Some((Certainty::Certain, "claims/reported"))
                } else {
                    None
                };
                if let Some((certainty, rule)) = found {
                    if stance.matrix.is_none() {
                        stance.matrix = Some(head);
                        stance.rule = rule;
                        stance.cues.push(head);
                        stance.holder = self.matrix_holder(head);
                        let certainty =
                            if adjective_negated && !is_stance_adjective(lemma) && stance_verb(lemma).is_some() {
                                // "I don't think that": the complement is doubtful.
                                Certainty::Doubtful
                            } else {
                                certainty
                            };
                        matrix_certainty = Some(certainty);
                    }
                }
            }
            node = head;
        }
        // "According to X", "in my opinion" on the clause or the sentence root (once when the
        // clause is the root).
        let targets = if node == predicate { vec![predicate] } else { vec![predicate, node] };
        for target in targets {
            for child in self.tree.children_with(target, &[Deprel::Obl, Deprel::Advcl, Deprel::Nmod]) {
                let preposition = self.tree.preposition(child).unwrap_or_default();
                let lemma = self.tree.lemmas[child].as_str();
                if preposition.contains("accord")
                    || self.word(child.saturating_sub(1)) == "to"
                        && self.words.iter().any(|w| w.eq_ignore_ascii_case("according"))
                {
                    if matches!(lemma, "i" | "me" | "us") {
                        stance.holder_author = true;
                    } else if stance.holder.is_none() {
                        stance.holder = Some(child);
                    }
                    stance.rule = "claims/according-to";
                }
                if matches!(lemma, "opinion" | "view") && preposition == "in" {
                    stance.holder_author = true;
                    matrix_certainty =
                        Some(matrix_certainty.map_or(Certainty::Probable, |c| weaker(c, Certainty::Probable)));
                    stance.cues.push(child);
                    stance.rule = "claims/in-my-opinion";
                }
            }
        }
        stance.certainty = match (matrix_certainty, local) {
            (Some(matrix), Some(local)) => weaker(matrix, local),
            (Some(matrix), None) => matrix,
            (None, Some(local)) => local,
            (None, None) => Certainty::Certain,
        };
        stance
    }

    /// Modals, adverbs, negation and tense inside the clause; returns the clause's own certainty
    /// cue if it has one.
    fn local_cues(&self, predicate: usize, stance: &mut Stance) -> Option<Certainty> {
        let mut certainty: Option<Certainty> = None;
        let set = |value: Certainty, certainty: &mut Option<Certainty>| {
            *certainty = Some(certainty.map_or(value, |current| weaker(current, value)));
        };
        let mut future = false;
        let mut past = false;
        let mut has_will = false;
        for &child in &self.tree.children[predicate] {
            let word = self.word(child);
            let lemma = self.tree.lemmas[child].as_str();
            match self.tree.deprel(child) {
                Deprel::Aux | Deprel::AuxPass => match modal(&word, self.tree.xpos(child)) {
                    Some(Modal::Will) => {
                        future = true;
                        has_will = true;
                        stance.cues.push(child);
                    }
                    Some(Modal::Possible) => {
                        set(Certainty::Possible, &mut certainty);
                        future = true;
                        stance.cues.push(child);
                    }
                    Some(Modal::Would) => {
                        set(Certainty::Possible, &mut certainty);
                        stance.cues.push(child);
                    }
                    Some(Modal::Should) => stance.cues.push(child),
                    None => {
                        if matches!(lemma, "have") && matches!(self.tree.xpos(predicate), "VBN") {
                            past = true;
                        }
                        if matches!(word.as_str(), "was" | "were" | "did" | "had") {
                            past = true;
                        }
                    }
                },
                Deprel::Advmod => match lemma {
                    "not" | "n't" | "never" | "no" => stance.negated = true,
                    "probably" | "likely" | "presumably" => {
                        set(Certainty::Probable, &mut certainty);
                        stance.cues.push(child);
                    }
                    "perhaps" | "maybe" | "possibly" | "potentially" | "reportedly" | "allegedly" | "apparently" => {
                        set(Certainty::Possible, &mut certainty);
                        stance.cues.push(child);
                    }
                    "unlikely" | "hardly" | "scarcely" => {
                        set(Certainty::Doubtful, &mut certainty);
                        stance.cues.push(child);
                    }
                    "certainly" | "definitely" | "surely" | "undoubtedly" | "clearly" | "obviously" | "inevitably" => {
                        stance.cues.push(child);
                    }
                    "soon" | "tomorrow" => future = true,
                    _ => {}
                },
                Deprel::Det if lemma == "no" && self.tree.upos(predicate) == Upos::Adj => stance.negated = true,
                Deprel::Obl | Deprel::OblTmod if self.is_future_time(child) => {
                    future = true;
                    stance.cues.push(child);
                }
                _ => {}
            }
        }
        // "will no be able": a stray "no" before the predicate negates it.
        if predicate > 0 && self.word(predicate - 1) == "no" && has_will {
            stance.negated = true;
        }
        if has_will && certainty.is_none() {
            certainty = Some(Certainty::Certain);
        }
        if matches!(self.tree.xpos(predicate), "VBD") || past && !future {
            past = true;
        }
        stance.time = if future {
            ClaimTime::Future
        } else if past {
            ClaimTime::Past
        } else {
            ClaimTime::Present
        };
        certainty
    }

    fn is_future_time(&self, idx: usize) -> bool {
        let lemma = self.tree.lemmas[idx].as_str();
        let modifiers: Vec<&str> = self.tree.children[idx].iter().map(|&c| self.tree.lemmas[c].as_str()).collect();
        lemma == "future" || modifiers.contains(&"next") || modifiers.contains(&"coming") || lemma == "tomorrow"
    }

    /// The token holding a matrix verb's stance: its subject ("Tokayev says"), or for "it seems
    /// to them" the experiencer.
    fn matrix_holder(&self, matrix: usize) -> Option<usize> {
        if matches!(self.tree.lemmas[matrix].as_str(), "seem" | "appear") {
            return self
                .tree
                .children_with(matrix, &[Deprel::Obl, Deprel::Iobj])
                .find(|&c| self.tree.preposition(c).as_deref() == Some("to"));
        }
        let mut subject = self.tree.child_with(matrix, &[Deprel::Nsubj, Deprel::NsubjPass]);
        // "He calls ... and says that": the second verb shares the first one's subject.
        if subject.is_none() && self.tree.deprel(matrix) == Deprel::Conj {
            subject =
                self.tree.head(matrix).and_then(|head| self.tree.child_with(head, &[Deprel::Nsubj, Deprel::NsubjPass]));
        }
        // Adjectives ("I am sure that"): the subject hangs on the adjective.
        subject.filter(|&s| !matches!(self.tree.lemmas[s].as_str(), "it" | "there"))
    }

    /// The tokens of a claim: the predicate's subtree, minus a leading "that" and trailing
    /// punctuation.
    fn clause_span(&self, predicate: usize) -> (usize, usize) {
        let (mut first, mut last) = self.tree.subtree_span(predicate);
        while first < last
            && (matches!(self.tree.upos(first), Upos::Punct | Upos::Cconj) || self.tree.deprel(first) == Deprel::Mark)
        {
            first += 1;
        }
        while last > first && self.tree.upos(last) == Upos::Punct {
            last -= 1;
        }
        (first, last)
    }

    /// Prediction, recommendation, evaluation or assertion.
    fn kind(&self, predicate: usize, stance: &Stance) -> ClaimKind {
        let recommends = self.tree.children[predicate].iter().any(|&child| {
            self.tree.deprel(child) == Deprel::Aux
                && modal(&self.word(child), self.tree.xpos(child)) == Some(Modal::Should)
        }) || matches!(self.tree.lemmas[predicate].as_str(), "need" | "have")
            && self.tree.child_with(predicate, &[Deprel::Xcomp]).is_some()
            && stance.time != ClaimTime::Past;
        if recommends {
            return ClaimKind::Recommendation;
        }
        if stance.time == ClaimTime::Future {
            return ClaimKind::Prediction;
        }
        // A judgement: "this is dangerous", "a dangerous precedent", "a mistake".
        let copular = self.tree.child_with(predicate, &[Deprel::Cop]).is_some();
        let lemma = self.tree.lemmas[predicate].as_str();
        let evaluative = match self.tree.upos(predicate) {
            Upos::Adj => !is_stance_adjective(lemma),
            Upos::Noun => {
                is_evaluative_word(lemma)
                    || self
                        .tree
                        .children_with(predicate, &[Deprel::Amod])
                        .any(|amod| is_evaluative_word(&self.tree.lemmas[amod]))
            }
            _ => false,
        };
        if copular && evaluative {
            return ClaimKind::Evaluation;
        }
        ClaimKind::Assertion
    }

    /// Contexts that make a predicate non-factual, with the score they cap it at.
    fn nonfactual_context(&self, predicate: usize) -> Option<f32> {
        let relation = self.tree.deprel(predicate);
        let head = self.tree.head(predicate);
        let infinitive = self.tree.children_with(predicate, &[Deprel::Mark]).any(|c| self.tree.lemmas[c] == "to");
        if self
            .tree
            .children_with(predicate, &[Deprel::Mark])
            .any(|c| matches!(self.tree.lemmas[c].as_str(), "if" | "unless" | "whether"))
        {
            return Some(0.0);
        }
        if let Some(head) = head {
            let head_lemma = self.tree.lemmas[head].as_str();
            if infinitive || relation == Deprel::Xcomp {
                return Some(match head_lemma {
                    "refuse" | "fail" | "decline" | "deny" | "avoid" | "forget" | "neglect" => -2.25,
                    "manage" | "begin" | "start" | "continue" | "resume" | "keep" | "proceed" | "use" | "help" => 3.0,
                    "want" | "plan" | "try" | "attempt" | "hope" | "seek" | "aim" | "intend" | "need" | "wish"
                    | "expect" | "threaten" | "vow" | "pledge" | "promise" | "agree" | "decide" | "offer" | "ask"
                    | "urge" | "order" | "call" | "allow" | "able" | "likely" | "going" => 0.0,
                    _ if infinitive => -0.5,
                    _ => 1.5,
                });
            }
            if relation == Deprel::Advcl && self.tree.xpos(predicate) == "VBG" {
                return Some(0.0);
            }
        }
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modal {
    Will,
    Would,
    Possible,
    Should,
}

/// A modal auxiliary, tolerating one-letter typos of tagged modals ("msy", "wil").
fn modal(word: &str, xpos: &str) -> Option<Modal> {
    let exact = |word: &str| match word {
        "will" | "shall" | "'ll" | "wo" => Some(Modal::Will),
        "would" | "'d" => Some(Modal::Would),
        "may" | "might" | "could" | "can" | "ca" => Some(Modal::Possible),
        "should" | "must" | "ought" => Some(Modal::Should),
        _ => None,
    };
    if let Some(found) = exact(word) {
        return Some(found);
    }
    if xpos != "MD" && word.len() > 3 {
        return None;
    }
    ["will", "would", "may", "might", "could", "should", "must"]
        .iter()
        .find(|modal| word.len() >= 3 && strsim_one(word, modal))
        .and_then(|modal| exact(modal))
}

/// Whether two short words are one substitution, insertion or deletion apart.
fn strsim_one(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return false;
    }
    if a.len() == b.len() {
        return a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1;
    }
    let (short, long) = if a.len() < b.len() { (&a, &b) } else { (&b, &a) };
    if long.len() - short.len() != 1 {
        return false;
    }
    (0..long.len()).any(|skip| long.iter().enumerate().filter(|&(i, _)| i != skip).map(|(_, c)| c).eq(short.iter()))
}

/// Whether a word is one of grip's hedge cues (modals of possibility, verbs and adverbs of
/// uncertainty): the cue lexicon, exposed for the BioScope evaluation.
pub fn is_hedge_cue(word: &str) -> bool {
    matches!(modal(word, ""), Some(Modal::Possible | Modal::Would))
        || matches!(stance_verb(word), Some(Certainty::Probable | Certainty::Possible | Certainty::Doubtful))
        || matches!(
            word,
            "probably"
                | "likely"
                | "unlikely"
                | "possibly"
                | "possible"
                | "perhaps"
                | "maybe"
                | "presumably"
                | "apparently"
                | "potentially"
                | "putative"
                | "putatively"
                | "suggest"
                | "suggests"
                | "suggested"
                | "suggesting"
                | "indicate"
                | "indicates"
                | "seems"
                | "seemed"
                | "appears"
                | "appeared"
                | "thought"
                | "believed"
                | "whether"
                | "hypothesis"
                | "hypothesize"
                | "speculate"
                | "suspected"
                | "assume"
                | "assumed"
                | "expected"
                | "unclear"
                | "propose"
                | "proposed"
        )
}

/// Verbs of thinking and their certainty for the complement.
pub(crate) fn stance_verb(lemma: &str) -> Option<Certainty> {
    Some(match lemma {
        "know" | "realize" | "realise" | "prove" | "confirm" => Certainty::Certain,
        "think" | "believe" | "suppose" | "guess" | "expect" | "assume" | "feel" | "consider" | "reckon"
        | "suspect" | "predict" | "estimate" | "anticipate" | "argue" => Certainty::Probable,
        "seem" | "appear" | "hope" | "fear" | "worry" | "imagine" | "speculate" | "wonder" => Certainty::Possible,
        "doubt" | "question" => Certainty::Doubtful,
        _ => return None,
    })
}

/// Adjectives of certainty in "I am (highly) sure that".
fn is_stance_adjective(lemma: &str) -> bool {
    matches!(lemma, "sure" | "certain" | "convinced" | "confident" | "positive" | "clear" | "obvious")
}

/// Verbs of saying: the complement is the subject's claim.
pub(crate) fn is_saying(lemma: &str) -> bool {
    matches!(
        lemma,
        "say"
            | "tell"
            | "claim"
            | "report"
            | "state"
            | "announce"
            | "declare"
            | "insist"
            | "allege"
            | "assert"
            | "add"
            | "note"
            | "write"
            | "warn"
            | "stress"
            | "explain"
            | "deny"
            | "maintain"
            | "admit"
            | "acknowledge"
            | "reply"
            | "respond"
            | "complain"
            | "accuse"
            | "emphasize"
            | "emphasise"
            | "suggest"
            | "show"
    )
}

/// Verbs that pass a claim through ("the use of force means that ...").
fn is_implication(lemma: &str) -> bool {
    matches!(lemma, "mean" | "imply" | "indicate" | "signal" | "demonstrate")
}

/// Words that make a copular clause a judgement rather than a description.
fn is_evaluative_word(lemma: &str) -> bool {
    matches!(
        lemma,
        "dangerous"
            | "good"
            | "bad"
            | "terrible"
            | "wrong"
            | "right"
            | "unacceptable"
            | "serious"
            | "grave"
            | "mistake"
            | "disaster"
            | "failure"
            | "success"
            | "shame"
            | "outrage"
            | "threat"
            | "crime"
            | "tragedy"
            | "absurd"
            | "illegal"
            | "legitimate"
            | "illegitimate"
            | "reckless"
            | "foolish"
            | "wise"
            | "necessary"
            | "important"
            | "vital"
            | "crucial"
            | "worrying"
            | "alarming"
            | "irresponsible"
            | "precedent"
            | "backyard"
            | "victory"
            | "defeat"
    )
}

fn weaker(a: Certainty, b: Certainty) -> Certainty {
    // Certainty orders Certain < Probable < Possible < Doubtful (declaration order).
    a.max(b)
}

pub(crate) fn is_question(words: &[&str]) -> bool {
    words.last().is_some_and(|word| word.ends_with('?'))
}

/// The holder of a claim: the author, a linked actor, or the words naming someone else.
fn holder(
    input: &ClaimInput<'_>,
    sentence: u32,
    tokens: &[grip_text::Token],
    view: &View<'_>,
    stance: &Stance,
) -> Holder {
    if stance.holder_author {
        return Holder::Author;
    }
    let Some(head) = stance.holder else {
        return Holder::Author;
    };
    let word = view.word(head);
    if matches!(word.as_str(), "i" | "we" | "me" | "us") {
        return Holder::Author;
    }
    let range = tokens[head].range;
    if let Some(mention) = input.mentions.iter().find(|m| m.sentence == sentence && m.range.contains_range(range)) {
        if mention.kind != EntityKind::City {
            return Holder::Actor { actor: mention.actor.clone(), entity: Some(mention.entity.clone()) };
        }
    }
    if let Some(antecedent) = resolve_holder_pronoun(input, sentence, &word) {
        return antecedent;
    }
    let (first, last) = view.tree.subtree_span(head);
    let text = grip_text::slice(input.text, TextRange::new(tokens[first].range.start(), tokens[last].range.end()));
    Holder::Other(text.to_owned())
}

/// "he says" -> the last person named; "them"/"they" -> the last plural group named or the
/// plural noun phrase that was the subject of an earlier sentence ("the people").
fn resolve_holder_pronoun(input: &ClaimInput<'_>, sentence: u32, word: &str) -> Option<Holder> {
    let person = matches!(word, "he" | "she" | "him" | "her");
    let plural = matches!(word, "they" | "them");
    if !person && !plural {
        return None;
    }
    // The nearest earlier actor of the right kind that was a subject, else the nearest one.
    // "they" is a group: an agent named in the plural ("protesters", "the Russian troops") or
    // by a collective noun, not "the president".
    let plural_name = |mention: &Mention| {
        let last = grip_text::slice(input.text, mention.range)
            .rsplit(|c: char| !c.is_alphanumeric())
            .find(|word| !word.is_empty())
            .unwrap_or("")
            .to_lowercase();
        (last.ends_with('s') && !last.ends_with("ss"))
            || matches!(
                last.as_str(),
                "people" | "police" | "military" | "army" | "government" | "opposition" | "leadership" | "public"
            )
    };
    let fits = |mention: &&Mention| {
        if person {
            mention.kind == EntityKind::Person
        } else {
            mention.kind == EntityKind::Agent && plural_name(mention)
        }
    };
    let earlier: Vec<&Mention> = input
        .mentions
        .iter()
        .rev()
        .filter(|m| m.sentence <= sentence && sentence - m.sentence <= 3)
        .filter(fits)
        .collect();
    let is_subject = |mention: &Mention| {
        let Some(parse) = input.syntax.get(mention.sentence as usize) else { return false };
        let first = input.segmented.sentences[mention.sentence as usize].tokens.start as usize;
        let Ok(token) = input.segmented.tokens.binary_search_by(|t| t.range.start().cmp(&mention.range.start())) else {
            return false;
        };
        parse.get(token - first).is_some_and(|t| matches!(t.deprel, Deprel::Nsubj | Deprel::NsubjPass))
    };
    if let Some(mention) = earlier.iter().find(|m| is_subject(m)).or_else(|| earlier.first()) {
        return Some(Holder::Actor { actor: mention.actor.clone(), entity: Some(mention.entity.clone()) });
    }
    if plural {
        // An unlinked plural subject of the previous sentences ("the people they are afraid").
        for back in 1..=2u32 {
            let Some(previous) = sentence.checked_sub(back) else { break };
            let Some(parse) = input.syntax.get(previous as usize) else { break };
            let sentence_tokens = &input.segmented.sentences[previous as usize];
            let tokens =
                &input.segmented.tokens[sentence_tokens.tokens.start as usize..sentence_tokens.tokens.end as usize];
            let tree = Tree::new(parse);
            // A subject, or a plural noun a resumptive "they" picks up ("the people they are
            // afraid"), which parsers rarely make the subject.
            let subject = (0..tree.len()).rev().find(|&idx| {
                let resumed = tree.lemmas.get(idx + 1).is_some_and(|next| next == "they");
                (matches!(tree.deprel(idx), Deprel::Nsubj | Deprel::NsubjPass) || resumed)
                    && tree.upos(idx) == Upos::Noun
                    && (tree.xpos(idx) == "NNS" || tree.lemmas[idx] == "people")
            });
            if let Some(subject) = subject {
                let first = tree.child_with(subject, &[Deprel::Det]).map_or(subject, |det| det.min(subject));
                let text = grip_text::slice(
                    input.text,
                    TextRange::new(tokens[first].range.start(), tokens[subject].range.end()),
                );
                return Some(Holder::Other(text.to_owned()));
            }
        }
    }
    None
}

/// Actor codes mentioned inside the claim, in order, without repeats.
fn actors_in(mentions: &[Mention], range: TextRange) -> Vec<ActorCode> {
    let mut actors: Vec<ActorCode> = Vec::new();
    for mention in mentions.iter().filter(|m| range.contains_range(m.range)) {
        if !actors.contains(&mention.actor) {
            actors.push(mention.actor.clone());
        }
    }
    actors
}

/// The event a claim states or forecasts: the first event whose evidence lies in the claim;
/// predictions prefer events coded as future or hypothetical.
fn linked_event(events: &[Event], range: TextRange, kind: ClaimKind) -> Option<usize> {
    let inside: Vec<usize> = (0..events.len()).filter(|&idx| range.contains_range(events[idx].evidence)).collect();
    if kind == ClaimKind::Prediction {
        if let Some(&idx) =
            inside.iter().find(|&&idx| matches!(events[idx].modality, Modality::Future | Modality::Hypothetical))
        {
            return Some(idx);
        }
    }
    inside.first().copied()
}
