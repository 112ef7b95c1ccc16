//! What the peer coders produce: events with string codes and evidence, and the problems that
//! stop a sentence from being coded (discard, complexity, input errors).
//!
//! The validation suites use toy actor codes (`ARN`, `GON`) and WEIS-like demo event codes
//! (`064`, `1717`), so codes stay strings here; [`PeerEvent::to_grip_event`] converts an event
//! whose code is a real CAMEO code into grip's own [`grip_model::Event`].

use grip_model::{ActorCode, CameoCode, Event, EventActor, Modality, TextRange};

/// One coded event: who did what to whom, with the evidence and the rule that fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerEvent {
    /// The source actor code (`ARN`, `USAGOV`, `~MIL` for an agent without a country).
    pub source: String,
    /// The target actor code.
    pub target: String,
    /// The event code as written in the verbs dictionary (`064`, `0234`), without `?`/`!` marks.
    pub code: String,
    /// The sentence (or record text) the event came from, in the text given to the coder.
    pub sentence: TextRange,
    /// The verb that carried the event.
    pub verb: TextRange,
    /// The source mention, when the source came from the text (not from a default or forwarding).
    pub source_range: Option<TextRange>,
    /// The target mention, when the target came from the text.
    pub target_range: Option<TextRange>,
    /// The dictionary entry that fired, as `coder:file:line` (`tabari:TABARI.Demo.verbs:214`).
    pub rule: String,
    /// Whether a negation (`not`, `never`, `n't`, `no`) comes just before the verb.
    pub negated: bool,
}

impl PeerEvent {
    /// The `(source, target, code)` triple the suites score.
    pub fn triple(&self) -> (&str, &str, &str) {
        (&self.source, &self.target, &self.code)
    }

    /// Converts to grip's event type when the code is a CAMEO code; `None` otherwise (the demo
    /// codes of the validation suites are not CAMEO codes).
    ///
    /// Modality is [`Modality::Asserted`] unless a negation precedes the verb, in which case it
    /// is [`Modality::Negated`].
    pub fn to_grip_event(&self) -> Option<Event> {
        let code = CameoCode::parse(&self.code)?;
        let actor =
            |code: &str, range: Option<TextRange>| EventActor { actor: ActorCode::new(code), entity: None, range };
        Some(Event {
            source: Some(actor(&self.source, self.source_range)),
            target: Some(actor(&self.target, self.target_range)),
            code,
            modality: if self.negated { Modality::Negated } else { Modality::Asserted },
            speaker: None,
            location: None,
            sentence: self.sentence,
            evidence: self.verb,
            rule: self.rule.clone(),
        })
    }
}

/// Why a sentence produced no events, in the peers' own terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Nothing could be coded (no verb, no actors, only null codes).
    NoEvents,
    /// The input was unusable: empty, too few words.
    InputError(String),
    /// A discard code (`###`) was found: the sentence is out of scope (sports, entertainment).
    Discard,
    /// A complexity limit or complex code (`+++`) was hit; the reason says which.
    Complex(String),
    /// PETRARCH: a discard phrase matched; the sentence is skipped.
    SentenceDiscard,
    /// PETRARCH: a `+`-prefixed discard phrase matched; the whole story is skipped.
    StoryDiscard,
    /// PETRARCH: the parse tree was rejected (`bad_input_parse`, `dateline` ...).
    ParseError(String),
}

impl Problem {
    /// A short stable name for reports (`no-events`, `discard`, `complex` ...).
    pub fn as_str(&self) -> &str {
        match self {
            Problem::NoEvents => "no-events",
            Problem::InputError(_) => "input-error",
            Problem::Discard => "discard",
            Problem::Complex(_) => "complex",
            Problem::SentenceDiscard => "sentencediscard",
            Problem::StoryDiscard => "storydiscard",
            Problem::ParseError(kind) => kind,
        }
    }
}

/// The result of coding one sentence or record: events, or the problem that prevented them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coded {
    /// The events, in the order the coder produced them.
    pub events: Vec<PeerEvent>,
    /// Set when coding stopped early; `events` is then empty.
    pub problem: Option<Problem>,
}

impl Coded {
    /// A result that carries only a problem.
    pub fn problem(problem: Problem) -> Coded {
        Coded { events: Vec::new(), problem: Some(problem) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use grip_model::text_range;

    fn event(code: &str, negated: bool) -> PeerEvent {
        PeerEvent {
            source: "RUS".into(),
            target: "KAZ".into(),
            code: code.into(),
            sentence: text_range(0, 10),
            verb: text_range(4, 8),
            source_range: Some(text_range(0, 3)),
            target_range: None,
            rule: "tabari:x.verbs:1".into(),
            negated,
        }
    }

    #[test]
    fn converts_cameo_codes_only() {
        let converted = event("0234", false).to_grip_event().expect("0234 is a CAMEO code");
        assert_eq!(converted.code.as_str(), "0234");
        assert_eq!(converted.modality, Modality::Asserted);
        assert_eq!(converted.source.map(|a| a.actor.as_str().to_string()).as_deref(), Some("RUS"));
        assert_eq!(event("1717", false).to_grip_event(), None);
        assert_eq!(event("190", true).to_grip_event().map(|e| e.modality), Some(Modality::Negated));
    }
}
