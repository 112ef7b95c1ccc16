//! grip's knowledge base: curated actors (countries, regions, organizations, people with roles
//! over time, cities, generic agents) compiled from the reviewed TOML sources under `kb/` into
//! lookup structures.
//!
//! The KB is a value (ARCHITECTURE.md invariant 6): compiled once, passed as `&Kb`, immutable
//! during analysis. The embedded sources are compiled into the binary by `build.rs`; users add
//! their own entries with [`Kb::from_sources`] (the CLI's `--kb-extra FILE`).

#![warn(missing_docs)]

mod compile;
mod entity;
mod error;
mod fuzzy;
pub mod key;
mod rule;
mod source;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use grip_model::{ActorCode, Date, EntityId};

pub use entity::{Entity, EntityIdx, Membership, Role, RoleKind};
pub use error::KbError;
pub use fuzzy::FuzzyMatch;
pub use rule::{parse_slot, EventRule, RuleExample, RuleIndex, Slot, SlotStep, Trigger};

/// A named source text: a file name (for error messages) and its TOML contents.
#[derive(Debug, Clone, Copy)]
pub struct KbSource<'a> {
    /// The file name, as shown in errors (`kb/people/kaz.toml`, or a user's path).
    pub name: &'a str,
    /// The TOML text.
    pub text: &'a str,
}

/// How a surface form relates to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormKind {
    /// The preferred name or an alias (full name of a person, official name of a state).
    Name,
    /// A native-script name (Cyrillic, Chinese ...).
    Native,
    /// An adjective or people form of a country or region (`Kazakh`, `Russians`, `Western`).
    Demonym,
    /// A place or building that stands for an institution (`the Kremlin`, `Moscow`, `Brussels`).
    Metonym,
    /// A surname that may be used alone (`Tokayev`).
    Surname,
    /// A generic agent noun (`police`, `protesters`).
    Agent,
    /// A phrase that contains an agent word but names no actor (`social media`); it wins the
    /// longest match and yields nothing.
    Stop,
}

/// Which capitalization a form needs in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRule {
    /// Short all-caps forms (`US`, `EU`, `PAN`) match only in capitals.
    Upper,
    /// Proper names match only when the text starts with a capital (or the sentence is in caps).
    Capitalized,
    /// Common nouns (`police`) match in any case.
    Any,
}

/// One surface form of one entity.
#[derive(Debug, Clone)]
pub struct Form {
    /// The entity the form names.
    pub entity: EntityIdx,
    /// How the form relates to the entity.
    pub kind: FormKind,
    /// The sector a metonym stands for (`GOV` for `the Kremlin`), or an agent's sectors.
    pub sector: Option<String>,
    /// The form as written in the source.
    pub text: String,
    /// Which capitalization it needs.
    pub case: CaseRule,
    /// The form also has a common non-actor meaning (Georgia the US state, Turkey the bird).
    pub ambiguous: bool,
    /// A weak agent word (`people`, `officials`): an actor only when tied to a country in its
    /// own sentence.
    pub weak: bool,
}

/// Index of a form in [`Kb::form`].
pub type FormIdx = u32;

/// The compiled knowledge base.
pub struct Kb {
    version: String,
    entities: Vec<Entity>,
    by_id: HashMap<String, EntityIdx>,
    forms: Vec<Form>,
    /// Unique match keys (see [`key`]); pattern `i` of `matcher` is `keys[i]`.
    keys: Vec<String>,
    /// Forms per key, parallel to `keys`.
    key_forms: Vec<Vec<FormIdx>>,
    matcher: AhoCorasick,
    fuzzy: OnceLock<fuzzy::FuzzyIndex>,
    former_modifiers: Vec<String>,
    agent_sectors: HashMap<String, EntityIdx>,
    /// Countries by ISO 3166-1 alpha-2 code.
    by_iso2: HashMap<String, EntityIdx>,
    rules: RuleIndex,
}

impl std::fmt::Debug for Kb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kb")
            .field("version", &self.version)
            .field("n_entities", &self.entities.len())
            .field("n_forms", &self.forms.len())
            .finish_non_exhaustive()
    }
}

impl Kb {
    /// Compiles the KB sources embedded in the binary.
    ///
    /// # Errors
    /// Fails only if the embedded sources are invalid, which the test suite rules out.
    pub fn embedded() -> Result<Kb, KbError> {
        Kb::from_sources(&[])
    }

    /// Compiles the embedded sources plus `extra` user sources. An extra entry with the id of an
    /// embedded one replaces it; new ids are added.
    ///
    /// # Errors
    /// [`KbError::Parse`] for TOML syntax errors (with line), [`KbError::Invalid`] for entries
    /// that break a rule (bad date, unknown region, duplicate id within one source).
    pub fn from_sources(extra: &[KbSource<'_>]) -> Result<Kb, KbError> {
        let mut sources: Vec<KbSource<'_>> = embedded_sources().to_vec();
        sources.extend_from_slice(extra);
        let version = if extra.is_empty() {
            embedded_version().to_owned()
        } else {
            let mut hash = fuzzy::Fnv::new();
            for source in extra {
                hash.write(source.text.as_bytes());
            }
            format!("{}+user.{:08x}", embedded_version(), hash.finish() as u32)
        };
        compile::compile(&sources, version)
    }

    /// The version string recorded with every result (`2026.11.29+3fa2c1d0`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// ISO 3166 alpha-3 -> FIPS 10-4 code of every country that has one (GDELT's geography
    /// codes).
    pub fn iso_to_fips(&self) -> std::collections::BTreeMap<String, String> {
        self.entities()
            .iter()
            .filter(|entity| entity.kind == grip_model::EntityKind::Country && !entity.fips.is_empty())
            .map(|entity| (entity.code.clone(), entity.fips.clone()))
            .collect()
    }

    /// All entities.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// One entity.
    pub fn entity(&self, idx: EntityIdx) -> &Entity {
        &self.entities[idx as usize]
    }

    /// Looks an entity up by its full id (`country/KAZ`).
    pub fn lookup(&self, id: &str) -> Option<EntityIdx> {
        self.by_id.get(id).copied()
    }

    /// One surface form.
    pub fn form(&self, idx: FormIdx) -> &Form {
        &self.forms[idx as usize]
    }

    /// The multi-pattern matcher over all match keys; pattern ids index [`Kb::key_forms`].
    pub fn matcher(&self) -> &AhoCorasick {
        &self.matcher
    }

    /// The forms that share the match key with pattern id `pattern`.
    pub fn key_forms(&self, pattern: usize) -> &[FormIdx] {
        &self.key_forms[pattern]
    }

    /// The match key of pattern id `pattern`.
    pub fn key(&self, pattern: usize) -> &str {
        &self.keys[pattern]
    }

    /// The country with ISO 3166-1 alpha-2 code `iso2` (`KZ`).
    pub fn country_by_iso2(&self, iso2: &str) -> Option<EntityIdx> {
        self.by_iso2.get(iso2).copied()
    }

    /// Forms whose key is exactly `key` (see [`key::of`]).
    pub fn forms_for_key(&self, key: &str) -> &[FormIdx] {
        self.keys.binary_search_by(|probe| probe.as_str().cmp(key)).map_or(&[], |idx| &self.key_forms[idx])
    }

    /// Proper-name keys within a small edit distance of `compact` (a key in compact form:
    /// lowercase words joined by single spaces), best first.
    pub fn fuzzy(&self, compact: &str) -> Vec<FuzzyMatch> {
        let index = self.fuzzy.get_or_init(|| fuzzy::FuzzyIndex::build(&self.keys, &self.key_forms, &self.forms));
        index.lookup(compact, &self.keys)
    }

    /// Words that turn an office holder into a former one (`former`, `ex-`).
    pub fn former_modifiers(&self) -> &[String] {
        &self.former_modifiers
    }

    /// The generic-agent entity for a sector (`COP` -> the police agent), if the KB has one.
    pub fn agent(&self, sector: &str) -> Option<EntityIdx> {
        self.agent_sectors.get(sector).copied()
    }

    /// The actor code of an entity at `date`.
    ///
    /// Countries, regions and organizations have fixed codes (organizations may have a dated
    /// history). People get the code of the office they hold at `date` (the highest-ranking one
    /// if several), `<country>ELI` after their last office, and their country (plus their
    /// top-level sector, if any) before it. Agents have no code of their own: see
    /// [`Kb::agent_code`].
    pub fn actor_code(&self, idx: EntityIdx, date: Date) -> ActorCode {
        let entity = self.entity(idx);
        entity::code_at(self, entity, date)
    }

    /// The role a person holds at `date`, if any (highest-ranking first).
    pub fn active_role(&self, idx: EntityIdx, date: Date) -> Option<&Role> {
        entity::active_role(self.entity(idx), date)
    }

    /// The code of a generic agent attached to a country code (`KAZ` + police -> `KAZCOP`).
    pub fn agent_code(&self, agent: EntityIdx, country: Option<&str>) -> ActorCode {
        let sectors = self.entity(agent).sector.as_deref().unwrap_or("");
        ActorCode::new(format!("{}{sectors}", country.unwrap_or("")))
    }

    /// The event rules (kb/verbs/), indexed by trigger lemma.
    pub fn event_rules(&self) -> &RuleIndex {
        &self.rules
    }

    /// The entity id as a model type.
    pub fn entity_id(&self, idx: EntityIdx) -> &EntityId {
        &self.entity(idx).id
    }
}

/// The embedded sources, compiled in by build.rs from `kb/`.
pub fn embedded_sources() -> &'static [KbSource<'static>] {
    EMBEDDED
}

/// The version of the embedded sources: `kb/VERSION` plus a hash of their contents.
pub fn embedded_version() -> &'static str {
    EMBEDDED_VERSION
}

include!(concat!(env!("OUT_DIR"), "/embedded_kb.rs"));
