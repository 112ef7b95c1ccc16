//! Events: who did what to whom, with the CAMEO code, modality, place and evidence.

use crate::{ActorCode, CameoCode, EntityId, TextRange};

/// How an event is asserted by the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Modality {
    /// Stated as happening or having happened.
    Asserted,
    /// Stated as not happening ("did not send troops").
    Negated,
    /// Stated as going to happen ("will deploy").
    Future,
    /// Possible, conditional or wished ("may", "could", "if").
    Hypothetical,
    /// Attributed to someone else ("X said that Y attacked Z"); see [`Event::speaker`].
    Reported,
}

impl Modality {
    /// The lowercase name used in the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Future => "future",
            Modality::Hypothetical => "hypothetical",
            Modality::Reported => "reported",
        }
    }

    /// Whether events of this modality count as things that happened (influence counts only
    /// these; the others feed forecasts).
    pub fn is_factual(self) -> bool {
        matches!(self, Modality::Asserted | Modality::Reported)
    }
}

/// One side of an event: an actor code, and the mention it came from when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct EventActor {
    /// The actor code at the document date.
    pub actor: ActorCode,
    /// The KB entity, when the actor is a linked mention.
    pub entity: Option<EntityId>,
    /// The mention span in the original text.
    pub range: Option<TextRange>,
}

/// Where an event happened, resolved to a place.
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    /// The place name as resolved (`Almaty`).
    pub name: String,
    /// The KB entity of the place, if any.
    pub entity: Option<EntityId>,
    /// ISO alpha-3 country of the place.
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// GeoNames-style feature code (`PPLC`, `PPLA`, `PCLI` for a country, `RGN` for a region).
    pub feature: String,
    /// The span naming the place.
    pub range: TextRange,
}

/// A coded event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Who acts (none when the text does not say).
    pub source: Option<EventActor>,
    /// Who is acted upon (none for untargeted events).
    pub target: Option<EventActor>,
    /// The CAMEO code.
    pub code: CameoCode,
    /// How the text asserts it.
    pub modality: Modality,
    /// Who reports it, for reported events.
    pub speaker: Option<EventActor>,
    /// Where, when the text says.
    pub location: Option<Location>,
    /// The sentence.
    pub sentence: TextRange,
    /// The words that carry the action (the verb or nominal).
    pub evidence: TextRange,
    /// The id of the dictionary rule that fired (`verbs/appeal-for-help#1`).
    pub rule: String,
}
