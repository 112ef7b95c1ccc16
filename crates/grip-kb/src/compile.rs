//! Compiling parsed sources into a [`Kb`]: entities, surface forms, match keys and the matcher.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use grip_model::{Date, EntityId, EntityKind};

use crate::entity::{DatedCode, Entity, EntityIdx, Membership, Role, RoleKind};
use crate::rule::{parse_slot, parse_trigger, EventRule, RuleExample, RuleIndex};
use crate::source::{
    AgentSource, CitySource, CountrySource, OrgSource, PersonSource, RegionSource, RuleSource, SourceFile,
};
use crate::{key, CaseRule, Form, FormIdx, FormKind, Kb, KbError, KbSource};

/// A form before compilation: kind, text, sector, ambiguity.
struct RawForm {
    kind: FormKind,
    text: String,
    sector: Option<String>,
    ambiguous: bool,
}

#[derive(Default)]
struct Builder {
    entities: Vec<Entity>,
    forms: Vec<Vec<RawForm>>,
    by_id: HashMap<String, EntityIdx>,
    former_modifiers: Vec<String>,
    weak: BTreeSet<String>,
    rules: Vec<EventRule>,
}

/// The pseudo-entity stop phrases point at; it never becomes a mention.
pub(crate) const STOP_ENTITY: &str = "stop/phrases";

pub(crate) fn compile(sources: &[KbSource<'_>], version: String) -> Result<Kb, KbError> {
    let mut builder = Builder::default();
    for source in sources {
        let file: SourceFile = toml::from_str(source.text).map_err(|error| parse_error(source, &error))?;
        builder.add_file(source.name, file)?;
    }
    builder.validate()?;
    builder.finish(version)
}

fn parse_error(source: &KbSource<'_>, error: &toml::de::Error) -> KbError {
    let line =
        error.span().map_or(0, |span| source.text[..span.start.min(source.text.len())].matches('\n').count() + 1);
    KbError::Parse { source_name: source.name.to_owned(), line, reason: error.message().to_owned() }
}

fn invalid(source: &str, entry: &str, reason: impl Into<String>) -> KbError {
    KbError::Invalid { source_name: source.to_owned(), entry: entry.to_owned(), reason: reason.into() }
}

fn parse_date(source: &str, entry: &str, field: &str, text: &str) -> Result<Option<Date>, KbError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| invalid(source, entry, format!("{field} {text:?} is not a YYYY-MM-DD date")))
}

fn check_code(source: &str, entry: &str, code: &str) -> Result<(), KbError> {
    let valid = !code.is_empty() && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == ':');
    if valid {
        Ok(())
    } else {
        Err(invalid(source, entry, format!("code {code:?} must be uppercase ASCII")))
    }
}

fn names(kind: FormKind, texts: impl IntoIterator<Item = String>, ambiguous: &[String]) -> Vec<RawForm> {
    texts
        .into_iter()
        .filter(|text| !text.trim().is_empty())
        .map(|text| {
            let is_ambiguous = ambiguous.iter().any(|form| form.eq_ignore_ascii_case(&text));
            RawForm { kind, text, sector: None, ambiguous: is_ambiguous }
        })
        .collect()
}

fn empty_entity(id: EntityId, kind: EntityKind, name: String, source: &str) -> Entity {
    Entity {
        id,
        kind,
        name,
        country: None,
        code: String::new(),
        dated_codes: Vec::new(),
        roles: Vec::new(),
        sector: None,
        died: None,
        regions: Vec::new(),
        members: Vec::new(),
        coords: None,
        centroid: None,
        population: 0,
        iso2: String::new(),
        numeric: String::new(),
        fips: String::new(),
        capital: None,
        org_kind: String::new(),
        feature: String::new(),
        admin1: String::new(),
        geonameid: 0,
        parent: None,
        source: source.to_owned(),
    }
}

/// The mean of points on the sphere (so that members on both sides of the antimeridian do not
/// average to the other side of the world); `None` for no points.
fn mean_point(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    if points.is_empty() {
        return None;
    }
    let (mut x, mut y, mut z) = (0.0, 0.0, 0.0);
    for &(lat, lon) in points {
        let (lat, lon) = (f64::to_radians(lat), f64::to_radians(lon));
        x += lat.cos() * lon.cos();
        y += lat.cos() * lon.sin();
        z += lat.sin();
    }
    let lat = z.atan2(x.hypot(y)).to_degrees();
    let lon = y.atan2(x).to_degrees();
    Some(((lat * 100.0).round() / 100.0, (lon * 100.0).round() / 100.0))
}

fn coords(values: &[f64]) -> Option<(f64, f64)> {
    match values {
        [lat, lon] => Some((*lat, *lon)),
        _ => None,
    }
}

impl Builder {
    fn add_file(&mut self, source: &str, file: SourceFile) -> Result<(), KbError> {
        let mut seen = BTreeSet::new();
        let mut check_unique = |id: &str| -> Result<(), KbError> {
            if seen.insert(id.to_owned()) {
                Ok(())
            } else {
                Err(invalid(source, id, "duplicate id in this source"))
            }
        };
        for country in file.country {
            check_unique(&format!("country/{}", country.id))?;
            self.add_country(source, country)?;
        }
        for region in file.region {
            check_unique(&format!("region/{}", region.id))?;
            self.add_region(source, region)?;
        }
        for org in file.org {
            check_unique(&format!("org/{}", org.id))?;
            self.add_org(source, org)?;
        }
        for person in file.person {
            check_unique(&format!("person/{}", person.id))?;
            self.add_person(source, person)?;
        }
        for city in file.city {
            check_unique(&format!("city/{}", city.id))?;
            self.add_city(source, city)?;
        }
        for agent in file.agent {
            self.add_agent(source, agent)?;
        }
        for rule in file.rule {
            self.add_rule(source, rule)?;
        }
        self.former_modifiers.extend(file.former_modifiers);
        self.weak.extend(file.weak.iter().map(|word| word.to_lowercase()));
        if !file.stop_phrases.is_empty() {
            let forms = names(FormKind::Stop, file.stop_phrases, &[]);
            match self.by_id.get(STOP_ENTITY) {
                Some(&idx) => self.forms[idx as usize].extend(forms),
                None => {
                    let entity = empty_entity(
                        EntityId::from_full(STOP_ENTITY),
                        EntityKind::Agent,
                        "not an actor".to_owned(),
                        source,
                    );
                    self.insert(entity, forms);
                }
            }
        }
        Ok(())
    }

    /// Adds an entity, replacing an earlier one with the same id (user overrides).
    fn insert(&mut self, entity: Entity, forms: Vec<RawForm>) {
        let id = entity.id.as_str().to_owned();
        match self.by_id.get(&id) {
            Some(&idx) => {
                self.entities[idx as usize] = entity;
                self.forms[idx as usize] = forms;
            }
            None => {
                let idx = EntityIdx::try_from(self.entities.len()).expect("fewer than 2^32 entities");
                self.by_id.insert(id, idx);
                self.entities.push(entity);
                self.forms.push(forms);
            }
        }
    }

    fn add_country(&mut self, source: &str, country: CountrySource) -> Result<(), KbError> {
        check_code(source, &country.id, &country.cameo)?;
        if !country.iso3.is_empty() && country.iso3 != country.id {
            return Err(invalid(source, &country.id, format!("iso3 {:?} differs from the id", country.iso3)));
        }
        let mut entity =
            empty_entity(EntityId::new("country", &country.id), EntityKind::Country, country.name.clone(), source);
        entity.country = Some(country.id.clone());
        entity.code = country.cameo.clone();
        entity.regions = country.regions;
        entity.coords = coords(&country.capital_coords).or_else(|| coords(&country.coords));
        entity.centroid = coords(&country.coords).or(entity.coords);
        entity.iso2 = country.iso2;
        entity.numeric = country.numeric;
        entity.fips = country.fips;
        entity.capital = (!country.capital.is_empty()).then_some(country.capital);
        let ambiguous = &country.ambiguous;
        let mut forms = names(FormKind::Name, std::iter::once(country.name).chain(country.aliases), ambiguous);
        forms.extend(names(FormKind::Native, country.native, ambiguous));
        forms.extend(names(FormKind::Demonym, country.demonyms, ambiguous));
        for (text, sector) in country.metonyms {
            check_code(source, &country.id, &sector)?;
            let is_ambiguous = ambiguous.iter().any(|form| form.eq_ignore_ascii_case(&text));
            forms.push(RawForm { kind: FormKind::Metonym, text, sector: Some(sector), ambiguous: is_ambiguous });
        }
        self.insert(entity, forms);
        Ok(())
    }

    fn add_region(&mut self, source: &str, region: RegionSource) -> Result<(), KbError> {
        check_code(source, &region.id, &region.code)?;
        let mut entity =
            empty_entity(EntityId::new("region", &region.id), EntityKind::Region, region.name.clone(), source);
        entity.code = region.code;
        entity.centroid = coords(&region.coords);
        entity.members =
            region.members.into_iter().map(|country| Membership { country, since: None, until: None }).collect();
        let mut forms = names(FormKind::Name, std::iter::once(region.name).chain(region.aliases), &[]);
        forms.extend(names(FormKind::Native, region.native, &[]));
        forms.extend(names(FormKind::Demonym, region.demonyms, &[]));
        self.insert(entity, forms);
        Ok(())
    }

    fn add_org(&mut self, source: &str, org: OrgSource) -> Result<(), KbError> {
        check_code(source, &org.id, &org.code)?;
        let mut entity = empty_entity(EntityId::new("org", &org.id), EntityKind::Org, org.name.clone(), source);
        entity.code = org.code;
        entity.country = (!org.country.is_empty()).then_some(org.country);
        entity.org_kind = org.kind;
        entity.parent = (!org.parent.is_empty()).then_some(org.parent);
        for member in org.members {
            let since = parse_date(source, &org.id, "since", &member.since)?;
            let until = parse_date(source, &org.id, "until", &member.until)?;
            entity.members.push(Membership { country: member.country, since, until });
        }
        for dated in org.codes {
            check_code(source, &org.id, &dated.code)?;
            let since = parse_date(source, &org.id, "since", &dated.since)?;
            let until = parse_date(source, &org.id, "until", &dated.until)?;
            entity.dated_codes.push(DatedCode { code: dated.code, since, until });
        }
        parse_date(source, &org.id, "founded", &org.founded)?;
        parse_date(source, &org.id, "dissolved", &org.dissolved)?;
        let mut forms = names(FormKind::Name, std::iter::once(org.name).chain(org.aliases), &[]);
        forms.extend(names(FormKind::Native, org.native, &[]));
        forms.extend(org.metonyms.into_iter().map(|text| RawForm {
            kind: FormKind::Metonym,
            text,
            sector: None,
            ambiguous: false,
        }));
        self.insert(entity, forms);
        Ok(())
    }

    fn add_person(&mut self, source: &str, person: PersonSource) -> Result<(), KbError> {
        let mut entity =
            empty_entity(EntityId::new("person", &person.id), EntityKind::Person, person.name.clone(), source);
        entity.country = Some(person.country);
        entity.sector = (!person.sector.is_empty()).then_some(person.sector);
        entity.died = parse_date(source, &person.id, "died", &person.died)?;
        parse_date(source, &person.id, "born", &person.born)?;
        for role in person.roles {
            check_code(source, &person.id, &role.sector)?;
            let kind = RoleKind::parse(&role.role)
                .ok_or_else(|| invalid(source, &person.id, format!("unknown role kind {:?}", role.role)))?;
            let start = parse_date(source, &person.id, "start", &role.start)?;
            let end = parse_date(source, &person.id, "end", &role.end)?;
            if let (Some(start), Some(end)) = (start, end) {
                if end < start {
                    return Err(invalid(source, &person.id, format!("role {:?} ends before it starts", role.title)));
                }
            }
            entity.roles.push(Role {
                title: role.title,
                sector: role.sector,
                kind,
                start,
                end,
                country: (!role.country.is_empty()).then_some(role.country),
                org: (!role.org.is_empty()).then_some(role.org),
                acting: role.acting,
            });
        }
        let mut forms = names(FormKind::Name, std::iter::once(person.name).chain(person.aliases), &[]);
        forms.extend(names(FormKind::Surname, person.surnames, &[]));
        forms.extend(names(FormKind::Native, person.native, &[]));
        self.insert(entity, forms);
        Ok(())
    }

    fn add_city(&mut self, source: &str, city: CitySource) -> Result<(), KbError> {
        if !(-90.0..=90.0).contains(&city.lat) || !(-180.0..=180.0).contains(&city.lon) {
            return Err(invalid(source, &city.id, "coordinates out of range"));
        }
        let mut entity = empty_entity(EntityId::new("city", &city.id), EntityKind::City, city.name.clone(), source);
        entity.country = Some(city.country);
        entity.coords = Some((city.lat, city.lon));
        entity.centroid = entity.coords;
        entity.population = city.population;
        entity.feature = city.feature;
        entity.admin1 = city.admin1;
        entity.geonameid = city.geonameid;
        let ambiguous: Vec<String> = if city.ambiguous {
            std::iter::once(city.name.clone()).chain(city.aliases.iter().cloned()).collect()
        } else {
            Vec::new()
        };
        let mut forms = names(FormKind::Name, std::iter::once(city.name).chain(city.aliases), &ambiguous);
        forms.extend(names(FormKind::Native, city.native, &[]));
        self.insert(entity, forms);
        Ok(())
    }

    fn add_agent(&mut self, source: &str, agent: AgentSource) -> Result<(), KbError> {
        let codes = if agent.codes.is_empty() { vec![agent.sector.clone()] } else { agent.codes };
        for code in &codes {
            check_code(source, &agent.sector, code)?;
        }
        let sectors = codes.concat();
        let forms = names(FormKind::Agent, agent.words, &[]);
        let id = format!("agent/{sectors}");
        if let Some(&idx) = self.by_id.get(&id) {
            self.forms[idx as usize].extend(forms);
            return Ok(());
        }
        let mut entity = empty_entity(EntityId::from_full(id), EntityKind::Agent, sector_name(&sectors), source);
        entity.sector = Some(sectors);
        self.insert(entity, forms);
        Ok(())
    }

    fn add_rule(&mut self, source: &str, rule: RuleSource) -> Result<(), KbError> {
        let stem = source.rsplit('/').next().unwrap_or(source).trim_end_matches(".toml");
        let id = format!("verbs/{stem}/{}", rule.id);
        if self.rules.iter().any(|existing| existing.id == id) {
            return Err(invalid(source, &rule.id, "duplicate rule id"));
        }
        let code = grip_model::CameoCode::parse(&rule.code)
            .ok_or_else(|| invalid(source, &rule.id, format!("{:?} is not a CAMEO code", rule.code)))?;
        let triggers = |texts: &[String]| -> Result<Vec<_>, KbError> {
            texts
                .iter()
                .map(|text| parse_trigger(text).ok_or_else(|| invalid(source, &rule.id, "empty trigger")))
                .collect()
        };
        let verbs = triggers(&rule.verbs)?;
        let nouns = triggers(&rule.nouns)?;
        if verbs.is_empty() && nouns.is_empty() {
            return Err(invalid(source, &rule.id, "a rule needs `verbs` or `nouns`"));
        }
        let slots = |texts: &[String], default: &[&str]| -> Result<Vec<_>, KbError> {
            let texts: Vec<String> =
                if texts.is_empty() { default.iter().map(|s| (*s).to_owned()).collect() } else { texts.to_vec() };
            texts
                .iter()
                .map(|text| parse_slot(text).ok_or_else(|| invalid(source, &rule.id, format!("bad slot {text:?}"))))
                .collect()
        };
        let nominal = verbs.is_empty();
        let source_slots = if nominal {
            slots(&rule.source, &["poss", "amod", "compound", "nmod:by"])?
        } else {
            slots(&rule.source, &["subj"])?
        };
        let target_slots = if nominal {
            slots(&rule.target, &["nmod:to", "nmod:against", "nmod:of"])?
        } else {
            slots(&rule.target, &["obj"])?
        };
        for required in &rule.require {
            if !matches!(required.as_str(), "source" | "target") {
                return Err(invalid(
                    source,
                    &rule.id,
                    format!("`require` takes \"source\" and \"target\", not {required:?}"),
                ));
            }
        }
        let mut examples = Vec::new();
        for example in rule.examples {
            let date = parse_date(source, &rule.id, "example date", &example.date)?;
            let fixme = (!example.fixme.is_empty()).then_some(example.fixme);
            examples.push(RuleExample { text: example.text, expect: example.expect, date, fixme });
        }
        self.rules.push(EventRule {
            id,
            code,
            verbs,
            nouns,
            source: source_slots,
            target: target_slots,
            need: rule.need.iter().map(|w| w.to_lowercase()).collect(),
            need_also: rule.need_also.iter().map(|w| w.to_lowercase()).collect(),
            subject_need: rule.subject_need.iter().map(|w| w.to_lowercase()).collect(),
            not: rule.not.iter().map(|w| w.to_lowercase()).collect(),
            require_source: rule.require.iter().any(|r| r == "source"),
            require_target: rule.require.iter().any(|r| r == "target"),
            doc: rule.doc,
            examples,
            source_file: source.to_owned(),
        });
        Ok(())
    }

    fn validate(&self) -> Result<(), KbError> {
        for entity in &self.entities {
            let id = entity.id.as_str();
            for region in &entity.regions {
                if !self.by_id.contains_key(&format!("region/{region}")) {
                    return Err(invalid(&entity.source, id, format!("unknown region {region:?}")));
                }
            }
            for member in &entity.members {
                if !self.by_id.contains_key(&format!("country/{}", member.country)) {
                    return Err(invalid(&entity.source, id, format!("unknown member country {:?}", member.country)));
                }
            }
            for role in &entity.roles {
                if let Some(org) = &role.org {
                    if !self.by_id.contains_key(&format!("org/{org}")) {
                        return Err(invalid(
                            &entity.source,
                            id,
                            format!("unknown org {org:?} in role {:?}", role.title),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// A region without a stated point stands at the mean of its members' centroids.
    fn region_centroids(&mut self) {
        for idx in 0..self.entities.len() {
            let entity = &self.entities[idx];
            if entity.kind != EntityKind::Region || entity.centroid.is_some() {
                continue;
            }
            let points: Vec<(f64, f64)> = entity
                .members
                .iter()
                .filter_map(|member| self.by_id.get(&format!("country/{}", member.country)))
                .filter_map(|&member| self.entities[member as usize].centroid)
                .collect();
            self.entities[idx].centroid = mean_point(&points);
        }
    }

    fn finish(mut self, version: String) -> Result<Kb, KbError> {
        self.region_centroids();
        let mut forms = Vec::new();
        let mut keyed: BTreeMap<String, Vec<FormIdx>> = BTreeMap::new();
        for (entity_idx, raw_forms) in self.forms.into_iter().enumerate() {
            let entity_idx = EntityIdx::try_from(entity_idx).expect("fewer than 2^32 entities");
            for raw in raw_forms {
                let form_idx = FormIdx::try_from(forms.len()).expect("fewer than 2^32 forms");
                for variant in key_variants(&raw.text) {
                    let slot = keyed.entry(variant).or_default();
                    if !slot.contains(&form_idx) {
                        slot.push(form_idx);
                    }
                }
                let weak = raw.kind == FormKind::Agent && self.weak.contains(&raw.text.to_lowercase());
                forms.push(Form {
                    entity: entity_idx,
                    kind: raw.kind,
                    case: case_rule(&raw.text),
                    sector: raw.sector,
                    text: raw.text,
                    ambiguous: raw.ambiguous,
                    weak,
                });
            }
        }
        let (keys, key_forms): (Vec<String>, Vec<Vec<FormIdx>>) = keyed.into_iter().unzip();
        let matcher = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&keys).map_err(KbError::Matcher)?;
        let mut rules = RuleIndex::default();
        for (idx, rule) in self.rules.iter().enumerate() {
            for trigger in &rule.verbs {
                rules.by_verb.entry(trigger.lemma.clone()).or_default().push(idx);
            }
            for trigger in &rule.nouns {
                rules.by_noun.entry(trigger.lemma.clone()).or_default().push(idx);
            }
        }
        rules.rules = self.rules;
        let agent_sectors = self
            .entities
            .iter()
            .enumerate()
            .filter(|(_, entity)| entity.kind == EntityKind::Agent && entity.id.as_str() != STOP_ENTITY)
            .filter_map(|(idx, entity)| Some((entity.sector.clone()?, EntityIdx::try_from(idx).ok()?)))
            .collect();
        let by_iso2 = self
            .entities
            .iter()
            .enumerate()
            .filter(|(_, entity)| entity.kind == EntityKind::Country && !entity.iso2.is_empty())
            .filter_map(|(idx, entity)| Some((entity.iso2.clone(), EntityIdx::try_from(idx).ok()?)))
            .collect();
        Ok(Kb {
            version,
            entities: self.entities,
            by_id: self.by_id,
            forms,
            keys,
            key_forms,
            matcher,
            fuzzy: OnceLock::new(),
            former_modifiers: self.former_modifiers,
            agent_sectors,
            by_iso2,
            rules,
        })
    }
}

/// Match keys for a form: the form itself without a leading "the", and, for hyphenated forms,
/// the spaced variant ("Nur-Sultan" also matches "Nur Sultan").
fn key_variants(text: &str) -> Vec<String> {
    let trimmed = text.trim();
    let without_article =
        ["the ", "The ", "THE "].iter().find_map(|article| trimmed.strip_prefix(article)).unwrap_or(trimmed);
    let mut variants = vec![key::of(without_article)];
    if without_article.contains('-') {
        variants.push(key::of(&without_article.replace('-', " ")));
    }
    variants.retain(|variant| !variant.is_empty());
    variants.dedup();
    variants
}

fn case_rule(text: &str) -> CaseRule {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return CaseRule::Any;
    }
    if letters.len() <= 4 && letters.iter().all(|c| c.is_uppercase()) {
        return CaseRule::Upper;
    }
    if letters[0].is_uppercase() {
        CaseRule::Capitalized
    } else {
        CaseRule::Any
    }
}

/// A readable name for an agent's sectors (`COP` -> "police").
fn sector_name(sectors: &str) -> String {
    fn name(code: &str) -> &str {
        match code {
            "COP" => "police",
            "GOV" => "government",
            "MIL" => "military",
            "OPP" => "opposition",
            "REB" => "rebels",
            "INS" => "insurgents",
            "SEP" => "separatists",
            "SPY" => "intelligence",
            "UAF" => "armed group",
            "CVL" => "civilians",
            "CRM" => "criminals",
            "JUD" => "judiciary",
            "LEG" => "legislature",
            "MED" => "media",
            "BUS" => "business",
            "ELI" => "elites",
            "REL" => "religious",
            "HLH" => "health",
            "REF" => "refugees",
            "LAB" => "labor",
            "AGR" => "agriculture",
            "EDU" => "education",
            "HRI" => "human rights",
            "ENV" => "environment",
            "PTY" => "party",
            "PRE" => "breakaway entity",
            "PRM" => "paramilitary",
            "DEV" => "development",
            "JRN" => "journalists",
            "UNK" => "unknown",
            _ => code,
        }
    }
    let parts: Vec<&str> =
        (0..sectors.len() / 3).filter_map(|idx| sectors.get(idx * 3..idx * 3 + 3)).map(name).collect();
    if parts.is_empty() {
        sectors.to_owned()
    } else {
        parts.join(" / ")
    }
}
