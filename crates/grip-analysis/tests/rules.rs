//! The example harness of the event dictionary: every example sentence of every rule in
//! `kb/verbs/` goes through the whole analysis, and the events that rule produced must be the
//! ones the example expects (none, for a counter-example). Adding a rule adds its tests; no new
//! test code is needed.

use std::collections::BTreeSet;

use grip_analysis::{analyze, AnalysisConfig, Engine};
use grip_kb::Kb;
use grip_model::{Date, Document, Event};

/// `SOURCE CODE TARGET`, with `-` for a missing actor, plus the modality when it is not asserted.
fn describe(event: &Event) -> String {
    let actor = |side: &Option<grip_model::EventActor>| side.as_ref().map_or("-".to_owned(), |a| a.actor.to_string());
    let mut text = format!("{} {} {}", actor(&event.source), event.code, actor(&event.target));
    if event.modality != grip_model::Modality::Asserted {
        text.push(' ');
        text.push_str(event.modality.as_str());
    }
    text
}

#[test]
fn every_rule_example_codes_as_written() {
    let engine = Engine::with_kb(Kb::embedded().expect("embedded KB compiles")).expect("embedded model loads");
    let default_date = Date::from_ymd_opt(2022, 1, 10).expect("valid date");
    let config = AnalysisConfig { fallback_date: default_date };
    let mut n_examples = 0;
    let mut n_fixme = 0;
    let mut failures = Vec::new();
    for rule in &engine.kb.event_rules().rules {
        for example in &rule.examples {
            n_examples += 1;
            let mut document = Document::new(rule.id.clone(), example.text.clone());
            document.date = Some(example.date.unwrap_or(default_date));
            let analysis = analyze(&engine, &document, &config);
            let got: BTreeSet<String> =
                analysis.events.iter().filter(|event| event.rule == rule.id).map(describe).collect();
            let want: BTreeSet<String> =
                example.expect.split(';').map(str::trim).filter(|part| !part.is_empty()).map(str::to_owned).collect();
            if let Some(reason) = &example.fixme {
                // A known failure: it must still fail, or the FIXME is stale.
                n_fixme += 1;
                if got == want {
                    failures.push(format!("{}: {:?} now passes; remove its fixme ({reason})", rule.id, example.text));
                }
                continue;
            }
            if got != want {
                let others: Vec<String> = analysis
                    .events
                    .iter()
                    .filter(|event| event.rule != rule.id)
                    .map(|e| format!("{} [{}]", describe(e), e.rule))
                    .collect();
                failures.push(format!(
                    "{} ({}): {:?}\n    expected {:?}\n    got      {:?}\n    other rules: {:?}",
                    rule.id, rule.source_file, example.text, want, got, others
                ));
            }
        }
    }
    println!(
        "{} rules, {} examples ({} known failures with a fixme), {} failing",
        engine.kb.event_rules().rules.len(),
        n_examples,
        n_fixme,
        failures.len()
    );
    assert!(failures.is_empty(), "{} of {n_examples} rule examples fail:\n{}", failures.len(), failures.join("\n"));
}
