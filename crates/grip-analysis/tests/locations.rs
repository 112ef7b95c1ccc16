//! Where events happen: `in`/`at`/`near` phrases resolved through the KB and the gazetteer, with
//! the document's countries and a following ", California" as context.

use grip_analysis::{analyze, AnalysisConfig, Engine};
use grip_kb::Kb;
use grip_model::{Date, Document};

fn locations(text: &str) -> Vec<String> {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    let engine = ENGINE.get_or_init(|| Engine::with_kb(Kb::embedded().expect("KB compiles")).expect("model loads"));
    let config = AnalysisConfig { fallback_date: Date::from_ymd_opt(2022, 1, 10).expect("valid date") };
    let analysis = analyze(engine, &Document::new("t", text), &config);
    analysis
        .events
        .iter()
        .map(|event| match &event.location {
            Some(place) => {
                assert_eq!(
                    &text[place.range],
                    place.name.as_str().split(',').next().unwrap_or_default().trim(),
                    "{place:?}"
                );
                format!("{} {} {} {:.1},{:.1}", place.name, place.feature, place.country, place.lat, place.lon)
            }
            None => "-".to_owned(),
        })
        .collect()
}

#[test]
fn kb_places_and_gazetteer_places() {
    assert_eq!(
        locations("Kazakh police arrested twenty protesters in Zhanaozen on Tuesday."),
        ["Zhanaozen PPL KAZ 43.3,52.9"]
    );
    // Not in the KB: a village of the gazetteer, found through the object ("positions near Tegh").
    assert_eq!(
        locations("Azerbaijani troops attacked Armenian positions near Tegh on Tuesday."),
        ["Tegh PPL ARM 39.6,46.5"]
    );
}

#[test]
fn a_division_after_a_comma_picks_the_place() {
    assert_eq!(
        locations("French police arrested three men in Santa Ana, California."),
        ["Santa Ana PPL USA 33.7,-117.9"]
    );
}

#[test]
fn countries_and_regions_stand_at_their_point() {
    // Kazakhstan's country-level point is GDELT's (48 N, 68 E), not its capital.
    assert_eq!(locations("Russian troops held exercises in Kazakhstan."), ["Kazakhstan PCLI KAZ 48.0,68.0"]);
}
