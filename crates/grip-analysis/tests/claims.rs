//! Claims through the whole pipeline: who holds them and how sure they are, on texts written
//! for the test in the seed's style (attributions the issue pins: "It seems to them that ...",
//! "X says that ...").

use grip_analysis::{analyze, AnalysisConfig, Engine};
use grip_kb::Kb;
use grip_model::{Date, Document, Holder};

/// `KIND by HOLDER (CERTAINTY, TIME) "text"` for every claim of `text`.
fn claims(text: &str) -> Vec<String> {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    let engine = ENGINE.get_or_init(|| Engine::with_kb(Kb::embedded().expect("KB compiles")).expect("model loads"));
    let config = AnalysisConfig { fallback_date: Date::from_ymd_opt(2022, 1, 10).expect("valid date") };
    let analysis = analyze(engine, &Document::new("t", text), &config);
    analysis
        .claims
        .iter()
        .map(|claim| {
            let holder = match &claim.holder {
                Holder::Author => "author".to_owned(),
                Holder::Actor { actor, .. } => actor.to_string(),
                Holder::Other(words) => format!("{words:?}"),
            };
            format!(
                "{} by {holder} ({}, {}) {:?}",
                claim.kind.as_str(),
                claim.certainty.as_str(),
                claim.time.as_str(),
                &text[claim.range]
            )
        })
        .collect()
}

#[test]
fn it_seems_to_them_is_held_by_them() {
    let found = claims("Posts online show that the people they are afraid of the president. It seems to them that the president will stay forever.");
    assert!(
        found
            .contains(&r#"prediction by "the people" (possible, future) "the president will stay forever""#.to_owned()),
        "{found:#?}"
    );
}

#[test]
fn a_reported_claim_is_held_by_the_speaker() {
    let found = claims("Tokayev says that there are 20 thousand terrorists in Almaty.");
    assert!(
        found.contains(
            &r#"assertion by KAZGOV (certain, present) "there are 20 thousand terrorists in Almaty""#.to_owned()
        ),
        "{found:#?}"
    );
}
