//! Event rules: the compiled form of the verb and noun dictionary in `kb/verbs/`.
//!
//! A rule says: when this verb (or noun) heads a clause (or noun phrase), and these words occur
//! among its dependents, the clause is an event with this CAMEO code, whose source and target
//! fill these argument slots. The matching itself lives in `grip-extract`; this module only
//! validates and indexes the rules.

use std::collections::BTreeMap;

use grip_model::{CameoCode, Date};

/// An argument slot: a path of dependency steps from the trigger to the argument head.
///
/// Written `subj`, `obj`, `iobj`, `obl:to`, `nmod:of`, `poss`, `xcomp>obj`, `obj>nmod:to`:
/// each step is a relation, optionally with the preposition (case marker) its dependent must
/// carry. `subj` and `obj` follow voice: in a passive clause `subj` is the `by`-agent and `obj`
/// the passive subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The steps, outermost first.
    pub steps: Vec<SlotStep>,
}

/// One step of a slot path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotStep {
    /// The relation: `subj`, `obj`, `iobj`, `obl`, `nmod`, `poss`, `xcomp`, `ccomp`, `advcl`, `amod`,
    /// `compound`.
    pub relation: String,
    /// The preposition the dependent must carry (`to` in `obl:to`), if any.
    pub preposition: Option<String>,
}

/// A trigger phrase: a lemma plus the particle or preposition that must come with it
/// ("turn to", "carry out", "call on").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// The head lemma (lowercase).
    pub lemma: String,
    /// Further words: a particle (`compound:prt`) or the preposition of an argument.
    pub with: Vec<String>,
}

/// An example sentence for a rule.
#[derive(Debug, Clone)]
pub struct RuleExample {
    /// The sentence.
    pub text: String,
    /// Expected events as `SOURCE CODE TARGET` (target `-` when none), `;`-separated; empty:
    /// the rule must not fire.
    pub expect: String,
    /// The date to analyze it at.
    pub date: Option<Date>,
    /// Why the example fails today (a parser or engine limit); the harness then checks that it
    /// still fails, so a fix shows up as a test to update.
    pub fixme: Option<String>,
}

/// A compiled event rule.
#[derive(Debug, Clone)]
pub struct EventRule {
    /// Stable id: `verbs/<file stem>/<id>`.
    pub id: String,
    /// The CAMEO code it gives.
    pub code: CameoCode,
    /// Verb triggers.
    pub verbs: Vec<Trigger>,
    /// Noun triggers (nominal events: "deployment", "request").
    pub nouns: Vec<Trigger>,
    /// Source slots in order of preference.
    pub source: Vec<Slot>,
    /// Target slots in order of preference.
    pub target: Vec<Slot>,
    /// Lemmas at least one of which must occur among the trigger's dependents.
    pub need: Vec<String>,
    /// A second such list, for rules that need two things at once ("opened an *investigation*
    /// into the *attack*").
    pub need_also: Vec<String>,
    /// Lemmas at least one of which must occur in the subject ("troops arrived").
    pub subject_need: Vec<String>,
    /// Lemmas none of which may occur among the trigger's dependents.
    pub not: Vec<String>,
    /// The event is coded only if a source actor is found.
    pub require_source: bool,
    /// The event is coded only if a target actor is found.
    pub require_target: bool,
    /// Documentation (what it matches, what not).
    pub doc: String,
    /// Example sentences.
    pub examples: Vec<RuleExample>,
    /// The file it came from.
    pub source_file: String,
}

impl EventRule {
    /// How specific the rule is: rules with conditions and longer triggers win over bare ones;
    /// a condition on the subject (the means: "suicide bombers", "aircraft") outranks one on the
    /// other dependents ("killed civilians").
    pub fn specificity(&self, trigger: &Trigger) -> usize {
        usize::from(!self.need.is_empty()) * 4
            + usize::from(!self.need_also.is_empty()) * 2
            + usize::from(!self.subject_need.is_empty()) * 6
            + trigger.with.len() * 2
    }
}

/// Rules indexed by trigger lemma.
#[derive(Debug, Clone, Default)]
pub struct RuleIndex {
    /// All rules.
    pub rules: Vec<EventRule>,
    /// Verb lemma -> rule indices.
    pub by_verb: BTreeMap<String, Vec<usize>>,
    /// Noun lemma -> rule indices.
    pub by_noun: BTreeMap<String, Vec<usize>>,
}

/// Parses a slot path as the dictionary writes it (`obj>nmod:to`); `None` for an unknown
/// relation.
pub fn parse_slot(text: &str) -> Option<Slot> {
    let mut steps = Vec::new();
    for part in text.split('>') {
        let part = part.trim();
        let (relation, preposition) = match part.split_once(':') {
            Some((relation, preposition)) => (relation, Some(preposition.replace('_', " "))),
            None => (part, None),
        };
        let known = matches!(
            relation,
            "subj"
                | "obj"
                | "iobj"
                | "obl"
                | "nmod"
                | "poss"
                | "xcomp"
                | "ccomp"
                | "advcl"
                | "amod"
                | "compound"
                | "conj"
                | "acl"
        );
        if !known || relation.is_empty() {
            return None;
        }
        steps.push(SlotStep { relation: relation.to_owned(), preposition });
    }
    (!steps.is_empty()).then_some(Slot { steps })
}

pub(crate) fn parse_trigger(text: &str) -> Option<Trigger> {
    let mut words = text.split_whitespace().map(str::to_lowercase);
    let lemma = words.next()?;
    Some(Trigger { lemma, with: words.collect() })
}
