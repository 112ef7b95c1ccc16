//! Tests of the analysis facade: dates, layout, diagnostics. Linking itself is tested through
//! the golden files of the CLI and the extract crate's tests.

use std::sync::OnceLock;

use grip_kb::Kb;
use grip_model::{Date, Document};

use crate::{analyze, AnalysisConfig, DateSource, Engine};

fn config() -> AnalysisConfig {
    AnalysisConfig { fallback_date: Date::from_ymd_opt(2026, 11, 29).expect("valid date") }
}

fn kb() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::with_kb(Kb::embedded().expect("embedded KB compiles")).expect("embedded model loads"))
}

#[test]
fn dates_come_from_document_text_or_fallback() {
    let kb = kb();
    let mut document = Document::new("d", "ALMATY, January 7, 2022 - Troops arrived.");
    assert_eq!(analyze(kb, &document, &config()).date_source, DateSource::Text);
    document.date = Date::from_ymd_opt(2022, 1, 10);
    let analysis = analyze(kb, &document, &config());
    assert_eq!((analysis.date.to_string(), analysis.date_source), ("2022-01-10".to_owned(), DateSource::Given));
    let analysis = analyze(kb, &Document::new("d", "Troops arrived."), &config());
    assert_eq!((analysis.date.to_string(), analysis.date_source), ("2026-11-29".to_owned(), DateSource::Fallback));
}

#[test]
fn repeated_titles_and_signatures_are_skipped() {
    let text = "Kazakhstan asks Russia for help.\n\nKazakhstan asks Russia for help.\n\nThe CSTO sent troops to Kazakhstan.\nJohn Smith\n";
    let analysis = analyze(kb(), &Document::new("d", text), &config());
    assert_eq!(analysis.skipped_sentences, [1, 3]);
    let codes: Vec<&str> = analysis.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["repeated-sentence", "signature"]);
    assert!(analysis.mentions.iter().all(|mention| mention.sentence != 1));
}

#[test]
fn bad_input_gives_diagnostics_not_panics() {
    let kb = kb();
    let empty = analyze(kb, &Document::new("d", ""), &config());
    assert_eq!(empty.diagnostics[0].code, "empty-document");
    let german = "Die Regierung in Berlin hat am Montag beschlossen, dass die Truppen nicht nach Osten verlegt werden, sagte ein Sprecher der Bundesregierung heute in einer Pressekonferenz.";
    let analysis = analyze(kb, &Document::new("d", german), &config());
    assert!(analysis.diagnostics.iter().any(|d| d.code == "non-english"), "{:?}", analysis.diagnostics);
    let garbage: String = (0..20_000u32).filter_map(char::from_u32).collect();
    let analysis = analyze(kb, &Document::new("d", garbage), &config());
    assert!(!analysis.segmented.tokens.is_empty());
    let run_on = "word ".repeat(2_000);
    let analysis = analyze(kb, &Document::new("d", run_on), &config());
    assert!(analysis.diagnostics.iter().any(|d| d.code == "sentence-too-long"));
}

#[test]
fn a_title_in_the_text_gives_the_office_the_kb_lacks_at_that_date() {
    // Heiko Maas left the German foreign ministry on 2021-12-08: the KB makes him DEUELI after
    // that, but a text that calls him "Foreign Minister" is about his time in office.
    let mut document = Document::new("d", "Foreign Minister Heiko Maas met Sergei Lavrov. Maas spoke.");
    document.date = Date::from_ymd_opt(2022, 1, 1);
    let analysis = analyze(kb(), &document, &config());
    let codes: Vec<String> = analysis.mentions.iter().map(|mention| mention.actor.to_string()).collect();
    assert_eq!(codes[0], "DEUGOV", "{codes:?}");
    // The bare surname keeps the KB's code at the date; "former" keeps ELI.
    assert_eq!(codes.last().map(String::as_str), Some("DEUELI"), "{codes:?}");
    let mut document = Document::new("d", "Former President Nazarbayev spoke.");
    document.date = Date::from_ymd_opt(2022, 6, 1);
    let analysis = analyze(kb(), &document, &config());
    assert_eq!(analysis.mentions[0].actor.to_string(), "KAZELI");
}

#[test]
fn one_event_per_actors_code_and_trigger() {
    // "a United Nations appeal": the name reaches the nominal trigger twice (as a compound and
    // through its own head word); the appeal is coded once.
    let text = "Beirut rejected a United Nations appeal for deploying army troops along its borders with Israel.";
    let mut document = Document::new("d", text);
    document.date = Date::from_ymd_opt(2000, 1, 1);
    let analysis = analyze(kb(), &document, &config());
    let mut keys: Vec<String> = analysis
        .events
        .iter()
        .map(|event| {
            let side = |actor: &Option<grip_model::EventActor>| {
                actor.as_ref().map_or("-".to_owned(), |a| format!("{} {:?}", a.actor.as_str(), a.entity))
            };
            format!("{} {} {} {:?}", side(&event.source), event.code.as_str(), side(&event.target), event.evidence)
        })
        .collect();
    let n_events = keys.len();
    keys.sort();
    keys.dedup();
    assert!(n_events > 0);
    assert_eq!(keys.len(), n_events, "{keys:?}");
}

#[test]
fn names_read_by_stand_ins_keep_their_own_lemma() {
    let analysis = analyze(kb(), &Document::new("d", "Israeli troops shelled Rafah near Almaty."), &config());
    let lemmas: Vec<&str> = analysis.syntax[0].iter().map(|token| token.lemma.as_str()).collect();
    assert!(!lemmas.contains(&"Paris") && !lemmas.contains(&"American"), "{lemmas:?}");
    assert!(lemmas.contains(&"Rafah") && lemmas.contains(&"Almaty"), "{lemmas:?}");
}

#[test]
fn a_day_after_a_country_is_no_surname() {
    let mut document = Document::new("d", "Israel Friday reimposed a blockade on Gaza.");
    document.date = Date::from_ymd_opt(2000, 1, 1);
    let analysis = analyze(kb(), &document, &config());
    assert!(analysis.mentions.iter().any(|mention| mention.actor.as_str() == "ISR"), "{:?}", analysis.mentions);
    assert!(analysis.events.iter().any(|event| event.source.as_ref().is_some_and(|s| s.actor.as_str() == "ISR")));
}

#[test]
fn an_agent_takes_no_nationality_from_an_ngo_nor_gunmen_from_their_victims() {
    let actor_of = |text: &str, words: &str| -> String {
        let analysis = analyze(kb(), &Document::new("d", text), &config());
        let mention = analysis.mentions.iter().find(|m| &text[m.range] == words).expect("the agent is linked");
        mention.actor.to_string()
    };
    // An NGO is no country; an intergovernmental organization can be (a CSTO force).
    assert_eq!(actor_of("Security forces raped women, Amnesty International said.", "Security forces"), "COP");
    assert_eq!(
        actor_of("The CSTO approved the mission on Thursday. Soldiers arrived on Friday.", "Soldiers"),
        "IGOCSTOMIL"
    );
    // Gunmen's victims are as often foreign, the place they strike is not.
    assert_eq!(actor_of("The militants beheaded a British aid worker.", "militants"), "UAF");
    assert_eq!(actor_of("Gunmen attacked a village in Mali.", "Gunmen"), "MLIUAF");
}

#[test]
fn a_trade_between_a_nationality_and_working_people_stays_in_the_group() {
    let actors = |text: &str| -> Vec<(String, String)> {
        let analysis = analyze(kb(), &Document::new("d", text), &config());
        analysis.mentions.iter().map(|m| (text[m.range].to_owned(), m.actor.to_string())).collect()
    };
    assert_eq!(actors("Kazakh oil workers went on strike."), [("Kazakh oil workers".to_owned(), "KAZLAB".to_owned())]);
    // A verb between a name and a group is no trade.
    assert!(actors("Minsk banned independent media.").iter().all(|(text, _)| text != "Minsk banned independent media"));
    assert!(actors("Russian missile strikes on Kyiv killed ten people.")
        .iter()
        .all(|(text, _)| !text.contains("killed")));
}

#[test]
fn a_province_before_an_agent_gives_its_country_and_is_no_typo() {
    let actors = |text: &str| -> Vec<String> {
        analyze(kb(), &Document::new("d", text), &config()).mentions.iter().map(|m| m.actor.to_string()).collect()
    };
    // Rakhine and Donetsk are first-level divisions of one country each in the gazetteer.
    assert_eq!(actors("Rakhine rebels attacked a police post.")[0], "MMRREB");
    assert_eq!(actors("Donetsk separatists shelled the town."), ["UKRSEP"]);
    // Kachin, a Myanmar state, is one letter from Lachin (Azerbaijan): not a typo of it.
    // ... and the army after them is Myanmar's too.
    assert_eq!(actors("Kachin rebels clashed with the army."), ["MMRREB", "MMRMIL"]);
}

#[test]
fn saying_another_actor_needs_to_act_is_a_demand_but_a_forecast_is_not() {
    let demands = |text: &str| -> Vec<String> {
        let analysis = analyze(kb(), &Document::new("d", text), &config());
        analysis
            .events
            .iter()
            .filter(|event| event.code.as_str() == "100")
            .map(|event| {
                format!(
                    "{:?} {:?}",
                    event.source.as_ref().map(|a| a.actor.to_string()),
                    event.target.as_ref().map(|a| a.actor.to_string())
                )
            })
            .collect()
    };
    let lavrov_to_kyiv = [r#"Some("RUSGOV") Some("UKRGOV")"#.to_owned()];
    assert_eq!(demands("Lavrov said Kyiv needs to negotiate with Moscow."), lavrov_to_kyiv);
    assert_eq!(demands("Lavrov said Kyiv has to negotiate with Moscow."), lavrov_to_kyiv);
    assert_eq!(demands("Lavrov said Kyiv ought to negotiate with Moscow."), lavrov_to_kyiv);
    assert!(demands("Lavrov said Kyiv does not need to negotiate with Moscow.").is_empty());
    assert!(demands("Lavrov said Kyiv will have to negotiate with Moscow.").is_empty());
}

#[test]
fn an_act_one_has_to_do_is_not_done_but_one_one_had_to_do_is() {
    let withdrawal = |text: &str| -> grip_model::Modality {
        let analysis = analyze(kb(), &Document::new("d", text), &config());
        analysis.events.iter().find(|event| event.code.as_str() == "0874").expect("the withdrawal is coded").modality
    };
    assert_eq!(withdrawal("Russia has to withdraw its troops from Kherson."), grip_model::Modality::Hypothetical);
    assert_eq!(withdrawal("Russia had to withdraw its troops from Kherson."), grip_model::Modality::Asserted);
}

#[test]
fn a_division_named_with_its_kind_is_the_events_place() {
    let places = |text: &str| -> Vec<String> {
        let analysis = analyze(kb(), &Document::new("d", text), &config());
        analysis
            .events
            .iter()
            .map(|event| {
                let place = event.location.as_ref();
                format!("{} {}", place.map_or("-", |p| p.name.as_str()), place.map_or("-", |p| p.country.as_str()))
            })
            .collect()
    };
    // GeoNames files these as "Helmand", "Rakhine", "Western Darfur".
    assert_eq!(places("Taliban fighters attacked a police post in Helmand Province."), ["Helmand AFG"]);
    assert_eq!(places("Rebels attacked a police post in Rakhine State."), ["Rakhine MMR"]);
    assert_eq!(places("Rebels attacked a police post in West Darfur."), ["Western Darfur SDN"]);
    // "in the province of X" still names X.
    assert_eq!(places("Rebels attacked a police post in the province of Helmand."), ["Helmand AFG"]);
    // Lifting a curfew lands on the place as imposing one does.
    let targets = |text: &str| -> Vec<String> {
        let analysis = analyze(kb(), &Document::new("d", text), &config());
        analysis
            .events
            .iter()
            .map(|event| {
                let target = event.target.as_ref().map_or("-".to_owned(), |t| t.actor.to_string());
                format!("{} {target}", event.code.as_str())
            })
            .collect()
    };
    assert_eq!(targets("Tokayev lifted the curfew in Almaty Region."), ["0813 KAZ"]);
    assert_eq!(targets("Sudan's government lifted a state of emergency in North Darfur."), ["0814 SDN"]);
}

/// The events of `text` as "SOURCE CODE TARGET" ("-" for no actor; a target no span of the
/// text names, such as an inferred government, is marked `*`).
fn coded(text: &str) -> Vec<String> {
    let side = |actor: &Option<grip_model::EventActor>| {
        actor.as_ref().map_or("-".to_owned(), |a| format!("{}{}", a.actor, if a.range.is_some() { "" } else { "*" }))
    };
    let analysis = analyze(kb(), &Document::new("d", text), &config());
    analysis
        .events
        .iter()
        .map(|event| format!("{} {} {}", side(&event.source), event.code.as_str(), side(&event.target)))
        .collect()
}

#[test]
fn coordinated_verbs_share_the_object_the_last_one_carries() {
    let events = coded("Georgia established ties with and opened an embassy in Armenia.");
    assert!(
        !events.is_empty() && events.iter().all(|event| event.ends_with(" ARM") || event.ends_with(" ARMGOV")),
        "{events:?}"
    );
    // A first verb with an object of its own keeps its own (lack of) target.
    let events = coded("Russia criticized the plan and sanctioned Ukraine.");
    assert!(events.iter().any(|event| event.starts_with("RUS 11") && event.ends_with(" -")), "{events:?}");
}

#[test]
fn protesters_with_no_target_protest_against_their_government() {
    // The government is inferred, with no span (marked `*` here).
    assert_eq!(coded("Kazakh oil workers went on strike."), ["KAZLAB 143 KAZGOV*"]);
    // Workers named by the union they belong to; "affiliated" is no second verb.
    assert_eq!(
        coded("Some 500,000 workers affiliated with the Serbian Workers' Union stopped work on Monday."),
        ["SRBLAB 143 SRBGOV*"]
    );
    // A place or a named target wins; a state's own protest and a strike against a business
    // stay untargeted.
    assert_eq!(coded("Kazakh protesters rallied in Bishkek."), ["KAZCVLOPP 141 KGZ"]);
    assert_eq!(coded("Kazakh miners staged a strike against the company."), ["KAZLAB 143 -"]);
    // Nor is a group with no country of its own given a government ("IMGGOV").
    assert_eq!(coded("Amnesty International staged a protest."), ["NGOHRIAMN 141 -"]);
    let state = coded("Russia protested on Monday.");
    assert!(
        !state.is_empty() && state.iter().all(|event| event.starts_with("RUS ") && event.ends_with(" -")),
        "{state:?}"
    );
}

#[test]
fn a_shared_surname_goes_to_the_holder_of_the_title_at_the_date() {
    let entities = |text: &str, date: Option<Date>| -> Vec<String> {
        let mut document = Document::new("d", text);
        document.date = date;
        analyze(kb(), &document, &config()).mentions.iter().map(|m| m.entity.to_string()).collect()
    };
    let at = Date::from_ymd_opt;
    assert_eq!(entities("President Bush met Gorbachev.", at(1990, 6, 1))[0], "person/george-h-w-bush");
    assert_eq!(entities("President Bush met Putin.", at(2005, 6, 1))[0], "person/george-w-bush");
    // In 1995 the son governed Texas; "President Bush" is still the father.
    assert_eq!(entities("President Bush spoke in Houston.", at(1995, 6, 1))[0], "person/george-h-w-bush");
    assert_eq!(entities("Secretary Clinton met Lavrov.", at(2010, 6, 1))[0], "person/hillary-clinton");
    assert_eq!(entities("President Clinton met Yeltsin.", at(1995, 6, 1))[0], "person/bill-clinton");
}
