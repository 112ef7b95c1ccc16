//! `GET /v1/actors`: search the knowledge base by name, code or misspelling, and the
//! [`Catalog`] that names the parties influence is measured between.

use std::collections::{BTreeMap, HashMap};

use grip_kb::{Entity, EntityIdx, Kb};
use grip_model::{Date, EntityKind};
use serde::Serialize;

use crate::error::ApiError;
use crate::params::Params;

/// How a query matched an entity, the matched text and its rank.
type Hit = (How, String, usize);

/// KB lookups prepared once at startup.
pub(crate) struct Catalog {
    /// Party code (`KAZ`, `IGOCSTO`, `REGION:CAS`) -> entity.
    by_code: HashMap<String, EntityIdx>,
    /// Every match key in compact form (`kassym - jomart tokayev`) with its entities.
    keys: Vec<(String, Vec<EntityIdx>)>,
}

impl Catalog {
    pub(crate) fn new(kb: &Kb) -> Catalog {
        let rank = |kind: EntityKind| match kind {
            EntityKind::Country => 0,
            EntityKind::Org => 1,
            EntityKind::Region => 2,
            _ => 3,
        };
        let mut by_code: HashMap<String, EntityIdx> = HashMap::new();
        for (idx, entity) in kb.entities().iter().enumerate() {
            if entity.code.is_empty() || rank(entity.kind) == 3 {
                continue;
            }
            let idx = EntityIdx::try_from(idx).expect("fewer than 2^32 entities");
            let better = by_code.get(&entity.code).is_none_or(|&seen| rank(kb.entity(seen).kind) > rank(entity.kind));
            if better {
                by_code.insert(entity.code.clone(), idx);
            }
        }
        let mut keys = Vec::new();
        for pattern in 0..kb.matcher().patterns_len() {
            let mut entities: Vec<EntityIdx> = kb.key_forms(pattern).iter().map(|&form| kb.form(form).entity).collect();
            entities.sort_unstable();
            entities.dedup();
            keys.push((grip_kb::key::compact(kb.key(pattern)), entities));
        }
        Catalog { by_code, keys }
    }

    /// The KB entity of a party code, if the KB has one.
    pub(crate) fn party_entity<'kb>(&self, kb: &'kb Kb, code: &str) -> Option<&'kb Entity> {
        self.by_code.get(code).map(|&idx| kb.entity(idx))
    }

    /// The readable name of a party code (`Kazakhstan` for `KAZ`), or the code itself.
    pub(crate) fn party_name(&self, kb: &Kb, code: &str) -> String {
        self.party_entity(kb, code).map_or_else(|| code.to_owned(), |entity| entity.name.clone())
    }
}

/// How a search result matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum How {
    /// The entity id or actor code.
    Code,
    /// A name, alias or other form, exactly (after normalization).
    Exact,
    /// A form starts with the query.
    Prefix,
    /// A form contains the query.
    Substring,
    /// A form within a small edit distance (a misspelling).
    Fuzzy,
}

impl How {
    fn as_str(self) -> &'static str {
        match self {
            How::Code => "code",
            How::Exact => "exact",
            How::Prefix => "prefix",
            How::Substring => "substring",
            How::Fuzzy => "fuzzy",
        }
    }
}

/// An actor in a response.
#[derive(Debug, Serialize)]
pub(crate) struct ActorJson {
    id: String,
    kind: &'static str,
    name: String,
    /// The base code (`KAZ`, `IGOCSTO`); empty for people and agents.
    code: String,
    /// The actor code at `date` (a person's depends on the office held then).
    actor: String,
    country: Option<String>,
    iso2: Option<String>,
    numeric: Option<String>,
    fips: Option<String>,
    capital: Option<String>,
    /// `[lat, lon]` of a city or a country's capital.
    coords: Option<[f64; 2]>,
    regions: Vec<String>,
    /// Member countries at `date` (organizations and regions).
    members: Vec<String>,
    /// The office held at `date` (people).
    role: Option<RoleJson>,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    matched: Option<MatchJson>,
}

#[derive(Debug, Serialize)]
struct RoleJson {
    title: String,
    since: Option<String>,
    until: Option<String>,
}

#[derive(Debug, Serialize)]
struct MatchJson {
    how: &'static str,
    form: String,
    distance: usize,
}

/// The `GET /v1/actors` response.
#[derive(Debug, Serialize)]
pub(crate) struct ActorsJson {
    items: Vec<ActorJson>,
    total: usize,
    offset: u64,
    limit: u64,
    next_offset: Option<u64>,
}

const KINDS: &[&str] = &["country", "person", "org", "region", "city", "agent"];

/// Answers `GET /v1/actors`.
pub(crate) fn search(kb: &Kb, catalog: &Catalog, query: Option<&str>, today: Date) -> Result<ActorsJson, ApiError> {
    let params = Params::parse(query, &["q", "kind", "region", "date", "limit", "offset"])?;
    let page = params.page(20, 500)?;
    let date = params.date("date")?.unwrap_or(today);
    let kind = params.text("kind").map(|_| params.choice("kind", KINDS, "country")).transpose()?;
    let region = params.text("region").map(str::to_ascii_lowercase);
    let keep = |entity: &Entity| {
        kind.is_none_or(|kind| entity.kind.as_str() == kind)
            && region.as_deref().is_none_or(|region| {
                entity.regions.iter().any(|id| id.eq_ignore_ascii_case(region))
                    || kb.lookup(&format!("region/{region}")).is_some_and(|idx| {
                        kb.entity(idx).members.iter().any(|member| Some(&member.country) == entity.country.as_ref())
                            && entity.kind == EntityKind::Country
                    })
            })
    };
    let hits: Vec<(EntityIdx, Option<Hit>)> = match params.text("q") {
        Some(q) => matches(kb, catalog, q)
            .into_iter()
            .filter(|(idx, _)| keep(kb.entity(*idx)))
            .map(|(idx, hit)| (idx, Some(hit)))
            .collect(),
        None => {
            let mut all: Vec<EntityIdx> = (0..kb.entities().len())
                .map(|idx| EntityIdx::try_from(idx).expect("fewer than 2^32 entities"))
                .filter(|&idx| keep(kb.entity(idx)))
                .collect();
            all.sort_by(|&a, &b| {
                let (a, b) = (kb.entity(a), kb.entity(b));
                (kind_rank(a.kind), &a.name).cmp(&(kind_rank(b.kind), &b.name))
            });
            all.into_iter().map(|idx| (idx, None)).collect()
        }
    };
    let total = hits.len();
    let items: Vec<ActorJson> = hits
        .into_iter()
        .skip(usize::try_from(page.offset).unwrap_or(usize::MAX))
        .take(usize::try_from(page.limit).unwrap_or(usize::MAX))
        .map(|(idx, hit)| actor_json(kb, idx, date, hit))
        .collect();
    let next_offset = (page.offset + page.limit < total as u64).then_some(page.offset + page.limit);
    Ok(ActorsJson { items, total, offset: page.offset, limit: page.limit, next_offset })
}

fn kind_rank(kind: EntityKind) -> u8 {
    match kind {
        EntityKind::Country => 0,
        EntityKind::Person => 1,
        EntityKind::Org => 2,
        EntityKind::Region => 3,
        EntityKind::City => 4,
        EntityKind::Agent => 5,
    }
}

/// Entities matching `q`, best first: by code or id, exact form, prefix, substring, fuzzy.
fn matches(kb: &Kb, catalog: &Catalog, q: &str) -> Vec<(EntityIdx, (How, String, usize))> {
    let mut best: BTreeMap<EntityIdx, (How, String, usize)> = BTreeMap::new();
    let mut offer = |idx: EntityIdx, hit: (How, String, usize)| {
        let better = best.get(&idx).is_none_or(|seen| (hit.0, hit.2) < (seen.0, seen.2));
        if better {
            best.insert(idx, hit);
        }
    };
    let trimmed = q.trim();
    if let Some(idx) = kb.lookup(trimmed) {
        offer(idx, (How::Code, trimmed.to_owned(), 0));
    }
    let upper = trimmed.to_ascii_uppercase();
    if let Some(&idx) = catalog.by_code.get(&upper) {
        offer(idx, (How::Code, upper.clone(), 0));
    }
    let key = grip_kb::key::of(trimmed);
    let compact = grip_kb::key::compact(&key);
    if compact.is_empty() {
        return Vec::new();
    }
    for &form in kb.forms_for_key(&key) {
        let form = kb.form(form);
        offer(form.entity, (How::Exact, form.text.clone(), 0));
    }
    for (key, entities) in &catalog.keys {
        let how = if key.starts_with(&compact) {
            How::Prefix
        } else if compact.len() >= 3 && key.contains(&compact) {
            How::Substring
        } else {
            continue;
        };
        for &idx in entities {
            offer(idx, (how, key.clone(), key.len() - compact.len()));
        }
    }
    for hit in kb.fuzzy(&compact) {
        for &form in kb.key_forms(hit.pattern) {
            let form = kb.form(form);
            offer(form.entity, (How::Fuzzy, form.text.clone(), hit.distance));
        }
    }
    let mut hits: Vec<(EntityIdx, (How, String, usize))> = best.into_iter().collect();
    hits.sort_by(|(a_idx, a), (b_idx, b)| {
        let (a_entity, b_entity) = (kb.entity(*a_idx), kb.entity(*b_idx));
        (a.0, a.2, kind_rank(a_entity.kind), &a_entity.name).cmp(&(b.0, b.2, kind_rank(b_entity.kind), &b_entity.name))
    });
    hits
}

fn actor_json(kb: &Kb, idx: EntityIdx, date: Date, hit: Option<(How, String, usize)>) -> ActorJson {
    let entity = kb.entity(idx);
    let text = |value: &str| Some(value.to_owned()).filter(|value| !value.is_empty());
    let role = (entity.kind == EntityKind::Person).then(|| kb.active_role(idx, date)).flatten().map(|role| RoleJson {
        title: role.title.clone(),
        since: role.start.map(|date| date.to_string()),
        until: role.end.map(|date| date.to_string()),
    });
    ActorJson {
        id: entity.id.as_str().to_owned(),
        kind: entity.kind.as_str(),
        name: entity.name.clone(),
        code: entity.code.clone(),
        actor: kb.actor_code(idx, date).as_str().to_owned(),
        country: entity.country.clone(),
        iso2: text(&entity.iso2),
        numeric: text(&entity.numeric),
        fips: text(&entity.fips),
        capital: entity.capital.clone(),
        coords: entity.coords.map(|(lat, lon)| [lat, lon]),
        regions: entity.regions.clone(),
        members: entity
            .members
            .iter()
            .filter(|member| member.active_at(date))
            .map(|member| member.country.clone())
            .collect(),
        role,
        matched: hit.map(|(how, form, distance)| MatchJson { how: how.as_str(), form, distance }),
    }
}
