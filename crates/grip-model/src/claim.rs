//! Claims and tone: what writers assert, evaluate, recommend and predict, how sure they are,
//! and how they feel about the actors.

use crate::{ActorCode, EntityId, TextRange};

/// What kind of claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimKind {
    /// A statement about the future.
    Prediction,
    /// A statement of fact.
    Assertion,
    /// A judgement ("this is dangerous").
    Evaluation,
    /// What someone should do.
    Recommendation,
}

impl ClaimKind {
    /// The lowercase name used in the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Prediction => "prediction",
            ClaimKind::Assertion => "assertion",
            ClaimKind::Evaluation => "evaluation",
            ClaimKind::Recommendation => "recommendation",
        }
    }
}

/// How sure the holder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Certainty {
    /// "I am highly sure", "will certainly", plain assertion of fact.
    Certain,
    /// "I think", "probably", "likely", plain "will".
    Probable,
    /// "may", "might", "could", "it is possible".
    Possible,
    /// "I doubt", "unlikely".
    Doubtful,
}

impl Certainty {
    /// The lowercase name used in the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Certainty::Certain => "certain",
            Certainty::Probable => "probable",
            Certainty::Possible => "possible",
            Certainty::Doubtful => "doubtful",
        }
    }
}

/// When the claimed state of affairs holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimTime {
    /// Before the document date.
    Past,
    /// At the document date.
    Present,
    /// After the document date.
    Future,
}

impl ClaimTime {
    /// The lowercase name used in the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimTime::Past => "past",
            ClaimTime::Present => "present",
            ClaimTime::Future => "future",
        }
    }
}

/// Who holds a claim.
#[derive(Debug, Clone, PartialEq)]
pub enum Holder {
    /// The writer of the document.
    Author,
    /// A linked actor ("Tokayev says that ...").
    Actor {
        /// Its code.
        actor: ActorCode,
        /// Its KB entity, if linked.
        entity: Option<EntityId>,
    },
    /// Someone unlinked ("the people", "analysts"), by the words that name them.
    Other(String),
}

/// How far the text presents a claim's event as real, on two −3..+3 scales learned from
/// annotated corpora (`grip_extract::factuality`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Factuality {
    /// How firmly the text commits to it, signed by polarity, whatever its time: "will be
    /// delivered" +3, "may be delivered" near 0, "was not delivered" −3 (MEANTIME's scale).
    pub certainty: f32,
    /// Whether the text presents it as having actually taken place: "delivered" +3, "will be
    /// delivered" or "wants to deliver" low (UDS-IH2's scale). Negation moves it little; the
    /// certainty score carries polarity.
    pub happened: f32,
}

/// A claim made in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The claim's span (clause or sentence).
    pub range: TextRange,
    /// What kind.
    pub kind: ClaimKind,
    /// Who holds it.
    pub holder: Holder,
    /// How sure the holder is.
    pub certainty: Certainty,
    /// The factuality scores of the claim's predicate.
    pub factuality: Factuality,
    /// When it holds.
    pub time: ClaimTime,
    /// Actor codes the claim is about.
    pub actors: Vec<ActorCode>,
    /// Index into the analysis's events of the event the claim states or forecasts.
    pub event: Option<usize>,
    /// The words that set holder, certainty and time ("I think", "may", "will").
    pub cues: Vec<TextRange>,
    /// The rule that produced the claim.
    pub rule: String,
}

/// One word's contribution to a tone score.
#[derive(Debug, Clone, PartialEq)]
pub struct ToneContribution {
    /// The word (or phrase) in the original text.
    pub range: TextRange,
    /// Its signed contribution after negation and intensifiers.
    pub value: f32,
}

/// Document tone: a calibrated score and GDELT's tone tuple.
#[derive(Debug, Clone, PartialEq)]
pub struct Tone {
    /// Calibrated score in [−1, 1].
    pub score: f32,
    /// GDELT's tuple: tone, positive %, negative %, polarity, activity density, self/group
    /// reference density, word count.
    pub gdelt: [f32; 7],
    /// The words that moved the score.
    pub contributions: Vec<ToneContribution>,
}

/// The writer's tone toward one actor.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorTone {
    /// The actor code.
    pub actor: ActorCode,
    /// The KB entity.
    pub entity: EntityId,
    /// Score in [−1, 1].
    pub score: f32,
    /// The words behind it.
    pub evidence: Vec<TextRange>,
}
