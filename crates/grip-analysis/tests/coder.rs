//! Events the coder derives from sentence structure rather than from one dictionary rule:
//! demands phrased as obligations, and statements that only attribute another event.

use grip_analysis::{analyze, AnalysisConfig, Engine};
use grip_kb::Kb;
use grip_model::{Date, Document};

/// `SOURCE CODE TARGET modality rule` for every event of `text`.
fn events(text: &str) -> Vec<String> {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    let engine = ENGINE.get_or_init(|| Engine::with_kb(Kb::embedded().expect("KB compiles")).expect("model loads"));
    let config = AnalysisConfig { fallback_date: Date::from_ymd_opt(2022, 1, 10).expect("valid date") };
    let analysis = analyze(engine, &Document::new("t", text), &config);
    let actor = |side: &Option<grip_model::EventActor>| side.as_ref().map_or("-".to_owned(), |a| a.actor.to_string());
    analysis
        .events
        .iter()
        .map(|e| format!("{} {} {} {} {}", actor(&e.source), e.code, actor(&e.target), e.modality.as_str(), e.rule))
        .collect()
}

#[test]
fn saying_that_another_actor_must_act_is_a_demand() {
    assert_eq!(
        events("Tokayev said the protesters must leave the squares."),
        ["KAZGOV 100 KAZCVLOPP asserted coder/obligation"]
    );
    // A statement about oneself is no demand; nor is one without "must" or "should".
    assert!(!events("Tokayev said Kazakhstan must restore order.").iter().any(|e| e.contains("coder/obligation")));
    assert!(!events("Tokayev said the protesters left the squares.").iter().any(|e| e.contains("coder/obligation")));
    // A statement noun delivered by a verb says it too, and the plain statement goes.
    let coded = events("Moscow issued a reminder to Kyiv that it must respect the ceasefire.");
    assert!(coded.iter().any(|e| e == "RUSGOV 100 UKRGOV asserted coder/obligation"), "{coded:?}");
    assert!(coded.iter().all(|e| !e.contains(" 010 ")), "{coded:?}");
}

#[test]
fn support_verbs_and_questions() {
    // The subject of a support verb is the doer of the event noun it carries.
    let coded = events("Kyrgyz troops continued the shelling of Tajik villages.");
    assert!(coded.iter().any(|e| e.starts_with("KGZMIL 194 TJK")), "{coded:?}");
    // Launching an air strike is no investigation.
    let coded = events("Russia launched an air strike on Kyiv.");
    assert!(coded.iter().all(|e| !e.contains(" 09")), "{coded:?}");
    // Nothing in a question is asserted.
    let coded = events("Will Moscow protect Bishkek?");
    assert!(!coded.is_empty() && coded.iter().all(|e| e.contains("hypothetical")), "{coded:?}");
    // Readiness is intent; a negated concession is a refusal.
    let coded = events("Damascus is willing to withdraw its troops from Lebanon.");
    assert!(coded.iter().any(|e| e.starts_with("SYRGOV 0356 LBN")), "{coded:?}");
    let coded = events("Washington did not lift the sanctions on Tehran.");
    assert!(coded.iter().any(|e| e.starts_with("USAGOV 1244 IRNGOV asserted")), "{coded:?}");
    // What an actor failed or refused to do did not happen.
    let coded = events("The Russian army failed to seize the town of Bakhmut.");
    assert!(!coded.is_empty() && coded.iter().all(|e| e.contains(" negated ")), "{coded:?}");
}

#[test]
fn a_statement_that_only_attributes_an_event_is_not_an_event() {
    let coded = events("The Kremlin announced that Putin would travel to Beijing.");
    assert!(coded.iter().all(|e| !e.contains(" 010 ")), "{coded:?}");
    assert!(coded.iter().any(|e| e.starts_with("RUSGOV 036 CHNGOV")), "{coded:?}");
}

#[test]
fn announcing_ones_own_coercion_is_a_threat_coded_on_the_act() {
    let found = events("Tokayev announced on Sunday that he will extend the curfew in Almaty.");
    // The curfew belongs to "extend" (announced for the future by the actor itself: 1323), not
    // to "announced", whose complement has its own subject.
    assert_eq!(found, ["KAZGOV 1323 KAZ reported verbs/17-coerce/curfew"], "{found:#?}");
}
