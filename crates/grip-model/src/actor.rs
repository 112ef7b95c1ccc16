//! Actors and mentions: KB entity ids, CAMEO-style actor codes, and links from text to them.

use std::fmt;

use crate::TextRange;

/// A stable KB identifier such as `country/KAZ`, `person/kassym-jomart-tokayev`, `org/CSTO`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityId(String);

impl EntityId {
    /// Builds an id from its kind prefix and key (`EntityId::new("country", "KAZ")`).
    pub fn new(prefix: &str, key: &str) -> EntityId {
        EntityId(format!("{prefix}/{key}"))
    }

    /// Wraps an id that is already in `prefix/key` form.
    pub fn from_full(id: impl Into<String>) -> EntityId {
        EntityId(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A CAMEO-style actor code: a country (or `IGO`, or a region) part followed by sector codes,
/// for example `KAZGOV`, `RUSMIL`, `IGOCSTO`, `REGION:CAS`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorCode(String);

impl ActorCode {
    /// Wraps a code. Codes are uppercase ASCII by convention; this is not checked here
    /// because imported GDELT rows may carry odd codes that must survive a round trip.
    pub fn new(code: impl Into<String>) -> ActorCode {
        ActorCode(code.into())
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The leading three-letter country (or `IGO`) part, or the region part (`REGION:CAS`).
    pub fn country_part(&self) -> &str {
        let len = self.country_len();
        self.0.get(..len).unwrap_or(&self.0)
    }

    /// The sector part after the country part (`GOV` in `KAZGOV`, `GOVMIL` in `DEUGOVMIL`,
    /// `GOV` in `REGION:CASGOV`).
    pub fn sector_part(&self) -> &str {
        let len = self.country_len();
        self.0.get(len..).unwrap_or("")
    }

    fn country_len(&self) -> usize {
        if self.0.starts_with("REGION:") {
            "REGION:".len() + 3
        } else {
            3
        }
    }
}

impl fmt::Display for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    /// A sovereign state or territory.
    Country,
    /// A named person.
    Person,
    /// An international organization or a named national body (agency, party, armed group).
    Org,
    /// A region or bloc (Central Asia, the West).
    Region,
    /// A city or other populated place, used as a place rather than as a stand-in for a government.
    City,
    /// A generic agent ("police", "protesters") attached to a country.
    Agent,
}

impl EntityKind {
    /// The lowercase name used in the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Country => "country",
            EntityKind::Person => "person",
            EntityKind::Org => "org",
            EntityKind::Region => "region",
            EntityKind::City => "city",
            EntityKind::Agent => "agent",
        }
    }
}

/// A span of text linked to a KB entity, with the code that entity has at the document date.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The span in the original text.
    pub range: TextRange,
    /// The KB entity the span refers to.
    pub entity: EntityId,
    /// The actor code of the entity at the document date.
    pub actor: ActorCode,
    /// A readable name for the entity (`Kassym-Jomart Tokayev`, `police (Kazakhstan)`).
    pub name: String,
    /// What kind of entity it is.
    pub kind: EntityKind,
    /// The id of the rule that produced the link (`link/exact`, `link/fuzzy`, `link/metonym` ...).
    pub rule: &'static str,
    /// The KB surface form that matched (after fuzzy correction, the corrected form).
    pub form: String,
    /// Index of the sentence the mention is in.
    pub sentence: u32,
}
