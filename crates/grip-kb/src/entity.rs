//! Compiled entities and the date logic that turns a person's roles into an actor code.

use grip_model::{ActorCode, Date, EntityId, EntityKind};

use crate::Kb;

/// Index of an entity in [`Kb::entities`].
pub type EntityIdx = u32;

/// A compiled KB entity.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Stable id (`country/KAZ`).
    pub id: EntityId,
    /// What it is.
    pub kind: EntityKind,
    /// Preferred English name.
    pub name: String,
    /// The country it belongs to (itself for a country; nationality for a person; none for IGOs
    /// and regions).
    pub country: Option<String>,
    /// The base actor code (`KAZ`, `IGOCSTO`, `REGION:CAS`); for agents, empty.
    pub code: String,
    /// Dated code history (organizations whose code changed, e.g. the Taliban).
    pub dated_codes: Vec<DatedCode>,
    /// Offices held over time (people only).
    pub roles: Vec<Role>,
    /// A person's default sector outside office, or an agent's sector codes (`GOVMIL`).
    pub sector: Option<String>,
    /// When a person died.
    pub died: Option<Date>,
    /// Region ids (`central-asia`) a country belongs to.
    pub regions: Vec<String>,
    /// Member states of an organization or region, with dates.
    pub members: Vec<Membership>,
    /// Latitude and longitude of a city or a country's capital.
    pub coords: Option<(f64, f64)>,
    /// The point that stands for the whole place (a place's "where"): a city's own point, a
    /// country's rough centroid, a region's stated point or the mean of its members' centroids.
    pub centroid: Option<(f64, f64)>,
    /// Population of a city.
    pub population: u64,
    /// ISO and FIPS codes of a country: alpha-2, numeric, FIPS 10-4.
    pub iso2: String,
    /// ISO 3166-1 numeric code of a country.
    pub numeric: String,
    /// FIPS 10-4 code of a country (GDELT geography).
    pub fips: String,
    /// The name of a country's capital.
    pub capital: Option<String>,
    /// For organizations: `igo`, `agency`, `party` ... as written in the source.
    pub org_kind: String,
    /// For cities: GeoNames feature code (`PPLC`, `PPLA` ...), first-level division and id.
    pub feature: String,
    /// For cities: first-level administrative division.
    pub admin1: String,
    /// For cities: GeoNames id.
    pub geonameid: u64,
    /// For organizations: the id of the parent organization (`CSTO` for its forces).
    pub parent: Option<String>,
    /// The source file the entity came from.
    pub source: String,
}

/// A code valid over a period.
#[derive(Debug, Clone)]
pub struct DatedCode {
    /// The code.
    pub code: String,
    /// First day (inclusive), if bounded.
    pub since: Option<Date>,
    /// Last day (inclusive), if bounded.
    pub until: Option<Date>,
}

/// Membership of a country in an organization or region.
#[derive(Debug, Clone)]
pub struct Membership {
    /// Member country id (alpha-3).
    pub country: String,
    /// Joined (inclusive), if known.
    pub since: Option<Date>,
    /// Left (inclusive), if it left.
    pub until: Option<Date>,
}

impl Membership {
    /// Whether the country was a member at `date`.
    pub fn active_at(&self, date: Date) -> bool {
        self.since.is_none_or(|since| since <= date) && self.until.is_none_or(|until| date <= until)
    }
}

/// Kinds of office, in order of rank (a head of state outranks a foreign minister).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RoleKind {
    /// President, monarch, supreme leader.
    HeadOfState,
    /// Prime minister, premier.
    HeadOfGovernment,
    /// Chair or secretary of a security council.
    SecurityCouncil,
    /// Foreign minister.
    ForeignMinister,
    /// Defence minister.
    DefenceMinister,
    /// Head of a security or intelligence service.
    SecurityChief,
    /// Secretary-general of an organization.
    SecretaryGeneral,
    /// Chief of general staff, commander.
    MilitaryChief,
    /// Party leader.
    PartyLeader,
    /// Anything else.
    Other,
}

impl RoleKind {
    pub(crate) fn parse(text: &str) -> Option<RoleKind> {
        Some(match text {
            "head_of_state" => RoleKind::HeadOfState,
            "head_of_government" => RoleKind::HeadOfGovernment,
            "security_council" => RoleKind::SecurityCouncil,
            "foreign_minister" => RoleKind::ForeignMinister,
            "defence_minister" | "defense_minister" => RoleKind::DefenceMinister,
            "security_chief" => RoleKind::SecurityChief,
            "secretary_general" => RoleKind::SecretaryGeneral,
            "military_chief" => RoleKind::MilitaryChief,
            "party_leader" => RoleKind::PartyLeader,
            "other" | "" => RoleKind::Other,
            _ => return None,
        })
    }
}

/// An office a person held.
#[derive(Debug, Clone)]
pub struct Role {
    /// Title as written (`President`).
    pub title: String,
    /// Sector code of the office (`GOV`, `MIL`, `SPY`, `LEG` ...).
    pub sector: String,
    /// Kind of office.
    pub kind: RoleKind,
    /// First day (inclusive), if known.
    pub start: Option<Date>,
    /// Last day (inclusive); none while in office.
    pub end: Option<Date>,
    /// The country of the office when it differs from the person's (`IGO` for an IGO office).
    pub country: Option<String>,
    /// The organization id for IGO offices.
    pub org: Option<String>,
    /// An acting appointment.
    pub acting: bool,
}

impl Role {
    /// Whether the office was held at `date`.
    pub fn active_at(&self, date: Date) -> bool {
        self.start.is_none_or(|start| start <= date) && self.end.is_none_or(|end| date <= end)
    }
}

pub(crate) fn active_role(entity: &Entity, date: Date) -> Option<&Role> {
    entity.roles.iter().filter(|role| role.active_at(date)).min_by_key(|role| (role.kind, role.acting))
}

pub(crate) fn code_at(kb: &Kb, entity: &Entity, date: Date) -> ActorCode {
    match entity.kind {
        EntityKind::Person => person_code(kb, entity, date),
        EntityKind::Org => {
            let dated = entity.dated_codes.iter().find(|dated| {
                dated.since.is_none_or(|since| since <= date) && dated.until.is_none_or(|until| date < until)
            });
            ActorCode::new(dated.map_or(entity.code.as_str(), |dated| dated.code.as_str()))
        }
        EntityKind::City => ActorCode::new(entity.country.as_deref().unwrap_or("")),
        EntityKind::Agent => ActorCode::new(entity.sector.as_deref().unwrap_or("")),
        EntityKind::Country | EntityKind::Region => ActorCode::new(entity.code.as_str()),
    }
}

/// A former head of state or government whose only remaining post is a party chair is coded as
/// an elite, not as a party: news treat Nazarbayev in January 2022 as the ex-president.
fn is_elder_party_post(entity: &Entity, role: &Role, date: Date) -> bool {
    role.kind == RoleKind::PartyLeader
        && entity.roles.iter().any(|earlier| {
            matches!(earlier.kind, RoleKind::HeadOfState | RoleKind::HeadOfGovernment)
                && earlier.end.is_some_and(|end| end < date)
        })
}

fn person_code(kb: &Kb, entity: &Entity, date: Date) -> ActorCode {
    let country = entity.country.as_deref().unwrap_or("");
    if entity.died.is_none_or(|died| date <= died) {
        if let Some(role) = active_role(entity, date).filter(|role| !is_elder_party_post(entity, role, date)) {
            if let Some(org) = &role.org {
                if let Some(org_idx) = kb.lookup(&format!("org/{org}")) {
                    return ActorCode::new(kb.entity(org_idx).code.as_str());
                }
            }
            let office_country = role.country.as_deref().unwrap_or(country);
            // Defence ministers are civilian government with the military as second sector
            // (kb/README.md), as CAMEO dictionaries code them.
            let second = if role.kind == RoleKind::DefenceMinister && role.sector == "GOV" { "MIL" } else { "" };
            return ActorCode::new(format!("{office_country}{}{second}", role.sector));
        }
    }
    let held_office_before = entity.roles.iter().any(|role| role.start.is_none_or(|start| start <= date));
    if held_office_before {
        return ActorCode::new(format!("{country}ELI"));
    }
    ActorCode::new(format!("{country}{}", entity.sector.as_deref().unwrap_or("")))
}
