//! Places: a place name resolved to a point, a country and a GeoNames-style feature class, with
//! the document's other places and countries as context.
//!
//! Candidates come from the KB (countries at their country-level point, regions, curated cities
//! with population) and from the gazetteer (`grip-geo`: every place of 1,000 people or more and
//! every first- and second-level division). Each candidate gets a score:
//!
//! | candidate                                                     | base |
//! |---------------------------------------------------------------|------|
//! | country (a name that is also a common word: 90)               | 100  |
//! | region or continent                                           |  95  |
//! | KB city that is a capital or has 1M+ people                   |  70  |
//! | capital named by its country's metonym ("Washington")         |  69  |
//! | named feature (sea, strait, river, range, valley, island)     |  60  |
//! | first-level division (state, province, oblast)                |  55  |
//! | other KB city                                                 |  50  |
//! | second-level division (county, province, département)         |  35  |
//! | gazetteer place                                               |  20  |
//!
//! A gazetteer place gains 20 when it is among its country's largest cities (the `cities`
//! crate's list), 10 more in the top ten, and 5 when it shares its division's name (the usual
//! mark of a division seat). Any candidate gains 50 when its country is named elsewhere in the
//! document, and a place 30 when its first-level division is (15 when only a city in that
//! division is). The highest score wins; ties go to the earlier candidate (KB first, then
//! divisions, then places).
//!
//! So "Santa Ana" in a story that names California is Santa Ana, California; "Georgia" in a story
//! that names the United States is the state, next to "Tbilisi" (or alone) the country; "New York"
//! is the city of 8M people, not the state, as the population baseline would have it.

use grip_geo::{Gazetteer, PlaceKind};
use grip_kb::{EntityIdx, FormKind, Kb};
use grip_model::{EntityKind, Location, Mention, TextRange};

/// A gazetteer place closer than this to a KB city of the same country is that city.
const SAME_PLACE_KM: f64 = 30.0;
/// Score for a candidate whose country the document names elsewhere.
const COUNTRY_IN_CONTEXT: u32 = 50;
/// Score for a place whose first-level division the document names elsewhere.
const DIVISION_IN_CONTEXT: u32 = 30;

/// What the document says about where it is: the countries and first-level divisions its
/// linked mentions and places name, each with its span and the key of its name, so that a name
/// is not its own context (here or where the document repeats it).
#[derive(Debug, Clone, Default)]
pub struct PlaceContext {
    countries: Vec<Clue>,
    admin1: Vec<Clue>,
}

/// One thing the document names: where, under what name (a place key), and the country (ISO
/// alpha-2) or division (country, division key) it points to.
#[derive(Debug, Clone)]
struct Clue {
    range: TextRange,
    name: String,
    country: String,
    division: String,
    /// A division named outright, not implied by a city in it.
    explicit: bool,
}

impl Clue {
    fn new(range: TextRange, name: &str, country: &str, division: &str, explicit: bool) -> Clue {
        Clue { range, name: admin1_key(name), country: country.to_owned(), division: admin1_key(division), explicit }
    }

    /// Whether the clue is the name being resolved: the same span, or the same name elsewhere.
    fn is(&self, range: TextRange, name: &str) -> bool {
        self.range.intersect(range).is_some_and(|overlap| !overlap.is_empty()) || self.name == name
    }
}

impl PlaceContext {
    /// The context given by a document's linked mentions: the country of every mention whose
    /// entity has one (countries, cities, national organizations, agents of a country), and the
    /// division of every city.
    pub fn from_mentions(kb: &Kb, mentions: &[Mention]) -> PlaceContext {
        let mut context = PlaceContext::default();
        for mention in mentions {
            let Some(idx) = kb.lookup(mention.entity.as_str()) else { continue };
            let entity = kb.entity(idx);
            let Some(iso2) = entity.country.as_deref().and_then(|country| iso2_of(kb, country)) else { continue };
            context.countries.push(Clue::new(mention.range, &mention.form, iso2, "", false));
            if entity.kind == EntityKind::City && !entity.admin1.is_empty() {
                context.admin1.push(Clue::new(mention.range, &mention.form, iso2, &entity.admin1, false));
            }
        }
        context
    }

    /// Adds a place resolved from the words `name`: its country, and itself when it is a
    /// first-level division.
    pub fn add_place(&mut self, kb: &Kb, name: &str, place: &Location) {
        let Some(iso2) = iso2_of(kb, &place.country) else { return };
        if place.feature == "ADM1" {
            self.admin1.push(Clue::new(place.range, name, iso2, &place.name, true));
        }
        self.countries.push(Clue::new(place.range, name, iso2, "", false));
    }

    /// Adds a country (ISO alpha-2) named `name` at `range`.
    pub fn add_country(&mut self, range: TextRange, name: &str, iso2: &str) {
        self.countries.push(Clue::new(range, name, iso2, "", false));
    }

    /// Adds a first-level division of country `iso2` named at `range`.
    pub fn add_admin1(&mut self, range: TextRange, iso2: &str, admin1: &str) {
        self.admin1.push(Clue::new(range, admin1, iso2, admin1, true));
    }

    fn names_country(&self, iso2: &str, except: TextRange, name: &str) -> bool {
        self.countries.iter().any(|clue| clue.country == iso2 && !clue.is(except, name))
    }

    /// The score for a place in division `admin1` of `iso2`: `DIVISION_IN_CONTEXT` when the
    /// document names the division elsewhere, half that when it only names a city in it, else 0.
    fn division_score(&self, iso2: &str, admin1: &str, except: TextRange, name: &str) -> u32 {
        let key = admin1_key(admin1);
        self.admin1
            .iter()
            .filter(|clue| clue.country == iso2 && clue.division == key && !clue.is(except, name))
            .map(|clue| if clue.explicit { DIVISION_IN_CONTEXT } else { DIVISION_IN_CONTEXT / 2 })
            .max()
            .unwrap_or(0)
    }
}

fn admin1_key(name: &str) -> String {
    let mut key = String::new();
    grip_geo::place_key(name, &mut key);
    key
}

/// Resolves place names against the KB and the gazetteer.
#[derive(Debug)]
pub struct PlaceResolver<'a> {
    kb: &'a Kb,
    gazetteer: Gazetteer,
}

struct Candidate {
    score: u32,
    location: Location,
}

impl<'a> PlaceResolver<'a> {
    /// A resolver over `kb` and the embedded gazetteer.
    pub fn new(kb: &'a Kb) -> Self {
        PlaceResolver { kb, gazetteer: Gazetteer::embedded() }
    }

    /// The place a KB entity stands for: a country at its centroid (`PCLI`), a region (`RGN`),
    /// a city at its point with its own feature code. `None` for other kinds of entity.
    pub fn entity_place(&self, idx: EntityIdx, range: TextRange) -> Option<Location> {
        let entity = self.kb.entity(idx);
        let (feature, country) = match entity.kind {
            EntityKind::City => (
                if entity.feature.is_empty() { "PPL".to_owned() } else { entity.feature.clone() },
                entity.country.clone()?,
            ),
            EntityKind::Country => ("PCLI".to_owned(), entity.country.clone()?),
            EntityKind::Region => ("RGN".to_owned(), String::new()),
            _ => return None,
        };
        let (lat, lon) = entity.centroid?;
        Some(Location { name: entity.name.clone(), entity: Some(entity.id.clone()), country, lat, lon, feature, range })
    }

    /// The capital of country `idx` at its point, when `key` (a KB key) is the capital's name.
    fn capital_named(&self, idx: EntityIdx, key: &str, range: TextRange) -> Option<Location> {
        let entity = self.kb.entity(idx);
        let capital = entity.capital.as_deref().filter(|capital| grip_kb::key::of(capital) == key)?;
        let (lat, lon) = entity.coords?;
        (entity.kind == EntityKind::Country).then(|| Location {
            name: capital.to_owned(),
            entity: None,
            country: entity.country.clone().unwrap_or_default(),
            lat,
            lon,
            feature: "PPLC".to_owned(),
            range,
        })
    }

    /// The place `name` (written at `range`) most likely is, given `context`; `None` when neither
    /// the KB nor the gazetteer knows the name.
    pub fn resolve(&self, name: &str, range: TextRange, context: &PlaceContext) -> Option<Location> {
        let place_key = admin1_key(name);
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut kb_cities: Vec<(String, (f64, f64))> = Vec::new();
        let key = grip_kb::key::of(name);
        let mut seen: Vec<EntityIdx> = Vec::new();
        for &form_idx in self.kb.forms_for_key(&key) {
            let form = self.kb.form(form_idx);
            if form.kind == FormKind::Metonym {
                // "Washington" is the US government's metonym and the capital's short name. One
                // point below a KB city, so that the city itself ("Moscow") wins the tie.
                if let Some(location) = self.capital_named(form.entity, &key, range) {
                    kb_cities.push((location.country.clone(), (location.lat, location.lon)));
                    let in_context = iso2_of(self.kb, &location.country)
                        .is_some_and(|iso2| context.names_country(iso2, range, &place_key));
                    let score = 69 + if in_context { COUNTRY_IN_CONTEXT } else { 0 };
                    candidates.push(Candidate { score, location });
                }
                continue;
            }
            if !matches!(form.kind, FormKind::Name | FormKind::Native) || seen.contains(&form.entity) {
                continue;
            }
            seen.push(form.entity);
            let entity = self.kb.entity(form.entity);
            let Some(location) = self.entity_place(form.entity, range) else { continue };
            let iso2 = iso2_of(self.kb, &location.country);
            let mut score = match entity.kind {
                EntityKind::Country if form.ambiguous => 90,
                EntityKind::Country => 100,
                EntityKind::Region => 95,
                _ => {
                    kb_cities.push((location.country.clone(), (location.lat, location.lon)));
                    if entity.population >= 1_000_000 || entity.feature == "PPLC" {
                        70
                    } else {
                        50
                    }
                }
            };
            if iso2.is_some_and(|iso2| context.names_country(iso2, range, &place_key)) {
                score += COUNTRY_IN_CONTEXT;
            }
            if entity.kind == EntityKind::City {
                if let Some(iso2) = iso2 {
                    if !entity.admin1.is_empty() {
                        score += context.division_score(iso2, &entity.admin1, range, &place_key);
                    }
                }
            }
            candidates.push(Candidate { score, location });
        }
        let mut places: Vec<grip_geo::Place> = self.gazetteer.lookup(name).collect();
        if places.is_empty() && candidates.is_empty() {
            places = self.gazetteer.lookup_division(name);
        }
        for place in places {
            // A feature that spans countries (the Black Sea) has none.
            let country = if place.country.is_empty() && matches!(place.kind, PlaceKind::Feature(_)) {
                String::new()
            } else {
                let Some(country_idx) = self.kb.country_by_iso2(place.country) else { continue };
                let Some(country) = self.kb.entity(country_idx).country.clone() else { continue };
                country
            };
            let point = (place.lat, place.lon);
            if place.kind == PlaceKind::Populated
                && kb_cities
                    .iter()
                    .any(|(code, at)| *code == country && grip_geo::distance_km(*at, point) < SAME_PLACE_KM)
            {
                continue;
            }
            let mut score = match place.kind {
                PlaceKind::Feature(_) => 60,
                PlaceKind::Admin1 => 55,
                PlaceKind::Admin2 => 35,
                PlaceKind::Populated => {
                    let listed = match place.rank {
                        0 => 0,
                        1..=10 => 30,
                        _ => 20,
                    };
                    20 + listed + if admin1_key(place.admin1) == place_key { 5 } else { 0 }
                }
            };
            if context.names_country(place.country, range, &place_key) {
                score += COUNTRY_IN_CONTEXT;
            }
            if place.kind != PlaceKind::Admin1 {
                score += context.division_score(place.country, place.admin1, range, &place_key);
            }
            candidates.push(Candidate {
                score,
                location: Location {
                    name: place.name.to_owned(),
                    entity: None,
                    country,
                    lat: place.lat,
                    lon: place.lon,
                    feature: place.kind.feature().to_owned(),
                    range,
                },
            });
        }
        let mut best: Option<Candidate> = None;
        for candidate in candidates {
            if best.as_ref().is_none_or(|best| candidate.score > best.score) {
                best = Some(candidate);
            }
        }
        best.map(|candidate| candidate.location)
    }
}

/// The ISO alpha-2 code of the KB country with alpha-3 id `iso3` (the gazetteer's country codes).
fn iso2_of<'k>(kb: &'k Kb, iso3: &str) -> Option<&'k str> {
    if iso3.is_empty() {
        return None;
    }
    let iso2 = kb.entity(kb.lookup(&format!("country/{iso3}"))?).iso2.as_str();
    (!iso2.is_empty()).then_some(iso2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use grip_model::TextSize;

    fn kb() -> &'static Kb {
        static KB: std::sync::OnceLock<Kb> = std::sync::OnceLock::new();
        KB.get_or_init(|| Kb::embedded().expect("the embedded KB compiles"))
    }

    fn at(start: u32) -> TextRange {
        TextRange::new(TextSize::from(start), TextSize::from(start + 1))
    }

    #[test]
    fn countries_stand_at_their_centroid() {
        let resolver = PlaceResolver::new(kb());
        let usa = resolver.resolve("United States", at(0), &PlaceContext::default()).expect("USA");
        assert_eq!((usa.country.as_str(), usa.feature.as_str()), ("USA", "PCLI"));
        assert!(grip_geo::distance_km((usa.lat, usa.lon), (39.8, -98.6)) < 50.0, "{usa:?}");
        let africa = resolver.resolve("Africa", at(0), &PlaceContext::default()).expect("Africa");
        assert_eq!(africa.feature, "RGN");
    }

    #[test]
    fn context_picks_among_places_of_one_name() {
        let resolver = PlaceResolver::new(kb());
        let mut context = PlaceContext::default();
        let alone = resolver.resolve("Santa Ana", at(0), &context).expect("some Santa Ana");
        context.add_country(at(10), "U.S.", "US");
        context.add_admin1(at(20), "US", "California");
        let california = resolver.resolve("Santa Ana", at(0), &context).expect("Santa Ana, California");
        assert_eq!(california.country, "USA");
        assert!(grip_geo::distance_km((california.lat, california.lon), (33.74, -117.88)) < 20.0, "{california:?}");
        assert_ne!((alone.lat, alone.lon), (california.lat, california.lon));

        let georgia_us = resolver.resolve("Georgia", at(0), &context).expect("Georgia");
        assert_eq!((georgia_us.country.as_str(), georgia_us.feature.as_str()), ("USA", "ADM1"));
        let mut caucasus = PlaceContext::default();
        caucasus.add_country(at(10), "Tbilisi", "GE");
        let georgia = resolver.resolve("Georgia", at(0), &caucasus).expect("Georgia");
        assert_eq!((georgia.country.as_str(), georgia.feature.as_str()), ("GEO", "PCLI"));
        // A name is not its own context, here or where the document repeats it.
        let mut itself = PlaceContext::default();
        itself.add_country(at(0), "Georgia", "US");
        itself.add_country(at(50), "Georgia", "US");
        let own = resolver.resolve("Georgia", at(0), &itself).expect("Georgia");
        assert_eq!(own.country, "GEO");
    }

    #[test]
    fn features_and_capitals_by_their_short_names() {
        let resolver = PlaceResolver::new(kb());
        let none = PlaceContext::default();
        let sea = resolver.resolve("Black Sea", at(0), &none).expect("Black Sea");
        assert_eq!((sea.feature.as_str(), sea.country.as_str(), sea.entity), ("SEA", "", None));
        // An island wins over a village of its name.
        let luzon = resolver.resolve("Luzon", at(0), &none).expect("Luzon");
        assert_eq!((luzon.feature.as_str(), luzon.country.as_str()), ("ISL", "PHL"));
        // "Washington" is the US government's metonym in the KB and the capital as a place.
        let washington = resolver.resolve("Washington", at(0), &none).expect("Washington");
        assert_eq!((washington.feature.as_str(), washington.country.as_str()), ("PPLC", "USA"));
        assert!(grip_geo::distance_km((washington.lat, washington.lon), (38.9, -77.0)) < 20.0, "{washington:?}");
        // A capital that is a KB city under its metonym's name is that city.
        let moscow = resolver.resolve("Moscow", at(0), &none).expect("Moscow");
        assert_eq!(moscow.entity.as_ref().map(|id| id.as_str()), Some("city/RUS/moscow"));
    }

    #[test]
    fn kb_cities_win_over_their_gazetteer_copies_and_divisions_of_their_name() {
        let resolver = PlaceResolver::new(kb());
        let almaty = resolver.resolve("Almaty", at(0), &PlaceContext::default()).expect("Almaty");
        assert_eq!(almaty.entity.as_ref().map(|id| id.as_str()), Some("city/KAZ/almaty"));
        let new_york = resolver.resolve("New York", at(0), &PlaceContext::default()).expect("New York");
        assert!(new_york.feature.starts_with("PPL"), "{new_york:?}");
        let small = resolver.resolve("Pandi", at(0), &PlaceContext::default());
        assert!(small.is_some_and(|place| place.entity.is_none() && place.feature == "PPL"));
        assert!(resolver.resolve("Xqzzyville", at(0), &PlaceContext::default()).is_none());
        assert!(resolver.resolve("", at(0), &PlaceContext::default()).is_none());
    }
}
