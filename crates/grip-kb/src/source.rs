//! The KB source format: serde structs mirroring the TOML files under `kb/` (see kb/README.md).
//!
//! Unknown fields are rejected so that a typo in a reviewed source file is an error with a
//! line number, not a silently ignored fact.

use serde::Deserialize;

/// One parsed source file; every section is optional so files can hold any mix of entries.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceFile {
    #[serde(default)]
    pub country: Vec<CountrySource>,
    #[serde(default)]
    pub region: Vec<RegionSource>,
    #[serde(default)]
    pub org: Vec<OrgSource>,
    #[serde(default)]
    pub person: Vec<PersonSource>,
    #[serde(default)]
    pub city: Vec<CitySource>,
    #[serde(default)]
    pub agent: Vec<AgentSource>,
    #[serde(default)]
    pub former_modifiers: Vec<String>,
    #[serde(default)]
    pub weak: Vec<String>,
    #[serde(default)]
    pub stop_phrases: Vec<String>,
    #[serde(default)]
    pub rule: Vec<RuleSource>,
}

/// An event rule (kb/verbs/*.toml): a trigger and the code it gives, with argument slots and
/// conditions. See kb/verbs/README.md.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleSource {
    pub id: String,
    pub code: String,
    #[serde(default)]
    pub verbs: Vec<String>,
    #[serde(default)]
    pub nouns: Vec<String>,
    #[serde(default)]
    pub source: Vec<String>,
    #[serde(default)]
    pub target: Vec<String>,
    #[serde(default)]
    pub need: Vec<String>,
    #[serde(default)]
    pub need_also: Vec<String>,
    #[serde(default)]
    pub subject_need: Vec<String>,
    #[serde(default)]
    pub not: Vec<String>,
    #[serde(default)]
    pub require: Vec<String>,
    #[serde(default)]
    pub doc: String,
    #[serde(default)]
    pub examples: Vec<ExampleSource>,
}

/// A sentence a rule must (or, with an empty `expect`, must not) code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExampleSource {
    pub text: String,
    #[serde(default)]
    pub expect: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub fixme: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CountrySource {
    pub id: String,
    pub cameo: String,
    #[serde(default)]
    pub iso2: String,
    #[serde(default)]
    pub iso3: String,
    #[serde(default)]
    pub numeric: String,
    #[serde(default)]
    pub fips: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub native: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub capital: String,
    #[serde(default)]
    pub capital_coords: Vec<f64>,
    #[serde(default)]
    pub metonyms: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub ambiguous: Vec<String>,
    #[serde(default)]
    pub coords: Vec<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RegionSource {
    pub id: String,
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub native: Vec<String>,
    #[serde(default)]
    pub members: Vec<String>,
    /// The region's representative point `[lat, lon]`; absent: the mean of the members' centroids.
    #[serde(default)]
    pub coords: Vec<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MemberSource {
    pub country: String,
    #[serde(default)]
    pub since: String,
    #[serde(default)]
    pub until: String,
    /// Free text ("observer", "suspended"); documentation for reviewers.
    #[serde(default, rename = "status")]
    pub _status: serde::de::IgnoredAny,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DatedCodeSource {
    pub code: String,
    #[serde(default)]
    pub since: String,
    #[serde(default)]
    pub until: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrgSource {
    pub id: String,
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub native: Vec<String>,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub founded: String,
    #[serde(default)]
    pub dissolved: String,
    #[serde(default)]
    pub metonyms: Vec<String>,
    #[serde(default)]
    pub members: Vec<MemberSource>,
    #[serde(default)]
    pub codes: Vec<DatedCodeSource>,
    #[serde(default)]
    pub parent: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleSource {
    pub title: String,
    pub sector: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub org: String,
    #[serde(default)]
    pub acting: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PersonSource {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub surnames: Vec<String>,
    #[serde(default)]
    pub native: Vec<String>,
    pub country: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub born: String,
    #[serde(default)]
    pub died: String,
    #[serde(default)]
    pub roles: Vec<RoleSource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CitySource {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub native: Vec<String>,
    pub country: String,
    #[serde(default)]
    pub admin1: String,
    pub lat: f64,
    pub lon: f64,
    #[serde(default)]
    pub population: u64,
    #[serde(default)]
    pub geonameid: u64,
    #[serde(default)]
    pub feature: String,
    #[serde(default, rename = "capital")]
    pub _capital: serde::de::IgnoredAny,
    #[serde(default)]
    pub ambiguous: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgentSource {
    pub sector: String,
    #[serde(default)]
    pub codes: Vec<String>,
    pub words: Vec<String>,
    /// Free text for reviewers.
    #[serde(default, rename = "note")]
    pub _note: serde::de::IgnoredAny,
}
