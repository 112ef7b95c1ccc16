//! Tests of KB compilation and lookups on small hand-written sources, plus a check that the
//! embedded sources compile.

use grip_model::{Date, EntityKind};

use crate::{compile, key, CaseRule, FormKind, Kb, KbError, KbSource};

const COUNTRIES: &str = r#"
[[country]]
id = "KAZ"
cameo = "KAZ"
name = "Kazakhstan"
aliases = ["Republic of Kazakhstan", "Kazakstan"]
native = ["Казахстан"]
demonyms = ["Kazakh", "Kazakhs"]
capital = "Astana"
metonyms = { "Astana" = "GOV", "Akorda" = "GOV", "Nur-Sultan" = "GOV" }
regions = ["central-asia"]

[[country]]
id = "USA"
cameo = "USA"
name = "United States"
aliases = ["US", "U.S.", "America"]
demonyms = ["American"]

[[country]]
id = "GEO"
cameo = "GEO"
name = "Georgia"
ambiguous = ["Georgia"]

[[region]]
id = "central-asia"
code = "REGION:CAS"
name = "Central Asia"
members = ["KAZ"]

[[org]]
id = "CSTO"
code = "IGOCSTO"
name = "Collective Security Treaty Organization"
aliases = ["CSTO"]
kind = "igo"
members = [{ country = "KAZ", since = "2002-10-07" }]

[[org]]
id = "TALIBAN"
code = "AFGREB"
name = "Taliban"
kind = "armed-group"
codes = [{ code = "AFGREB", until = "2021-08-15" }, { code = "AFGGOV", since = "2021-08-15" }]

[[person]]
id = "kassym-jomart-tokayev"
name = "Kassym-Jomart Tokayev"
surnames = ["Tokayev"]
country = "KAZ"
roles = [
  { title = "Prime Minister", sector = "GOV", role = "head_of_government", start = "1999-10-01", end = "2002-01-28" },
  { title = "Chairman of the Senate", sector = "LEG", role = "other", start = "2013-10-16", end = "2019-03-19" },
  { title = "President", sector = "GOV", role = "head_of_state", start = "2019-03-20" },
]

[[person]]
id = "nursultan-nazarbayev"
name = "Nursultan Nazarbayev"
surnames = ["Nazarbayev"]
country = "KAZ"
roles = [
  { title = "President", sector = "GOV", role = "head_of_state", start = "1991-12-16", end = "2019-03-20" },
  { title = "Chairman of the Security Council", sector = "GOV", role = "security_council", start = "2019-03-20", end = "2022-01-05" },
]

[[agent]]
sector = "COP"
words = ["police", "policemen"]

[[agent]]
sector = "GOV"
codes = ["GOV", "MIL"]
words = ["defence minister"]
"#;

fn test_kb() -> Kb {
    compile::compile(&[KbSource { name: "test.toml", text: COUNTRIES }], "test".to_owned()).expect("test KB compiles")
}

fn date(text: &str) -> Date {
    Date::parse_from_str(text, "%Y-%m-%d").expect("valid test date")
}

fn code_of(kb: &Kb, id: &str, on: &str) -> String {
    let idx = kb.lookup(id).expect("entity exists");
    kb.actor_code(idx, date(on)).to_string()
}

#[test]
fn person_codes_follow_roles_over_time() {
    let kb = test_kb();
    let tokayev = "person/kassym-jomart-tokayev";
    assert_eq!(code_of(&kb, tokayev, "1990-01-01"), "KAZ");
    assert_eq!(code_of(&kb, tokayev, "2000-06-01"), "KAZGOV");
    assert_eq!(code_of(&kb, tokayev, "2005-06-01"), "KAZELI");
    assert_eq!(code_of(&kb, tokayev, "2015-06-01"), "KAZLEG");
    assert_eq!(code_of(&kb, tokayev, "2022-01-06"), "KAZGOV");
    let nazarbayev = "person/nursultan-nazarbayev";
    assert_eq!(code_of(&kb, nazarbayev, "2015-01-01"), "KAZGOV");
    assert_eq!(code_of(&kb, nazarbayev, "2021-01-01"), "KAZGOV");
    assert_eq!(code_of(&kb, nazarbayev, "2022-01-10"), "KAZELI");
    let role = kb.active_role(kb.lookup(nazarbayev).expect("exists"), date("2019-03-20")).expect("in office");
    assert_eq!(role.title, "President", "the head-of-state role outranks the council on the handover day");
}

#[test]
fn org_codes_can_change() {
    let kb = test_kb();
    assert_eq!(code_of(&kb, "org/TALIBAN", "2020-01-01"), "AFGREB");
    assert_eq!(code_of(&kb, "org/TALIBAN", "2022-01-01"), "AFGGOV");
    assert_eq!(code_of(&kb, "org/CSTO", "2022-01-01"), "IGOCSTO");
    assert_eq!(code_of(&kb, "region/central-asia", "2022-01-01"), "REGION:CAS");
}

#[test]
fn keys_and_forms() {
    let kb = test_kb();
    assert_eq!(key::of("Kassym-Jomart Tokayev"), " kassym  -  jomart  tokayev ");
    assert_eq!(key::compact(&key::of("K.J. Tokayev")), "k.j. tokayev");
    assert_eq!(key::of("Erdoğan Jüri Ølsen Straße"), key::of("Erdogan Juri Olsen Strasse"));
    assert_ne!(key::of("Чайка"), key::of("Чаика"), "Cyrillic keeps its marks");
    let forms = kb.forms_for_key(&key::of("Nur Sultan"));
    assert_eq!(forms.len(), 1, "hyphenated forms also match spaced");
    let metonym = kb.form(forms[0]);
    assert_eq!((metonym.kind, metonym.sector.as_deref()), (FormKind::Metonym, Some("GOV")));
    let us = kb.form(kb.forms_for_key(" us ")[0]);
    assert_eq!(us.case, CaseRule::Upper);
    let georgia = kb.form(kb.forms_for_key(" georgia ")[0]);
    assert!(georgia.ambiguous);
    let agent = kb.form(kb.forms_for_key(&key::of("defence minister"))[0]);
    assert_eq!(kb.entity(agent.entity).kind, EntityKind::Agent);
    assert_eq!(kb.agent_code(agent.entity, Some("DEU")).to_string(), "DEUGOVMIL");
    assert_eq!(kb.entity(agent.entity).name, "government / military");
}

#[test]
fn fuzzy_finds_misspellings() {
    let kb = test_kb();
    let best = |query: &str| -> Option<String> {
        kb.fuzzy(query).first().map(|m| format!("{} {}", key::compact(kb.key(m.pattern)), m.distance))
    };
    assert_eq!(best("kazakhstsn").as_deref(), Some("kazakhstan 1"));
    assert_eq!(best("kazachstan").as_deref(), Some("kazakhstan 1"));
    assert_eq!(best("centrsl asia").as_deref(), Some("central asia 1"));
    assert_eq!(best("tokaev").as_deref(), Some("tokayev 1"));
    assert_eq!(best("georgie").as_deref(), Some("georgia 1"), "ambiguous forms are guarded by the linker, not here");
    assert_eq!(best("police"), None, "agents are not fuzzy targets");
    assert_eq!(best("abc"), None, "short words are never fuzzy-matched");
}

#[test]
fn errors_name_source_and_line() {
    let broken = "[[country]]\nid = \"X\"\ncameo = \"XXX\"\nname = \"X\"\nbogus = 1\n";
    let error =
        compile::compile(&[KbSource { name: "user.toml", text: broken }], String::new()).expect_err("unknown field");
    assert!(matches!(error, KbError::Parse { line: 5, .. }), "{error}");
    let bad_date = "[[person]]\nid = \"p\"\nname = \"P\"\ncountry = \"KAZ\"\nroles = [{ title = \"x\", sector = \"GOV\", start = \"2020-13-01\" }]\n";
    let error =
        compile::compile(&[KbSource { name: "user.toml", text: bad_date }], String::new()).expect_err("bad date");
    assert_eq!(error.to_string(), "user.toml: entry \"p\": start \"2020-13-01\" is not a YYYY-MM-DD date");
    let bad_region = "[[country]]\nid = \"X\"\ncameo = \"XXX\"\nname = \"X\"\nregions = [\"atlantis\"]\n";
    let error =
        compile::compile(&[KbSource { name: "u.toml", text: bad_region }], String::new()).expect_err("bad region");
    assert_eq!(error.to_string(), "u.toml: entry \"country/X\": unknown region \"atlantis\"");
}

#[test]
fn user_entries_override_and_extend() {
    let extra =
        "[[person]]\nid = \"kassym-jomart-tokayev\"\nname = \"K. Tokayev\"\ncountry = \"KAZ\"\nsector = \"OPP\"\n";
    let kb = compile::compile(
        &[KbSource { name: "test.toml", text: COUNTRIES }, KbSource { name: "user.toml", text: extra }],
        String::new(),
    )
    .expect("compiles");
    let idx = kb.lookup("person/kassym-jomart-tokayev").expect("exists");
    assert_eq!(kb.entity(idx).name, "K. Tokayev");
    assert_eq!(kb.actor_code(idx, date("2022-01-01")).to_string(), "KAZOPP");
}

#[test]
fn embedded_kb_compiles() {
    let kb = Kb::embedded().expect("the embedded KB must compile");
    assert!(kb.version().contains('+'));
}
