//! The peers' full validation suites, read from `../shared` when present.

use grip_peer::suites::tabari_validate;
use grip_peer::tabari::{TabariDictionaries, TabariOptions, TabariProject};

fn read(path: &std::path::Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).expect("suite file exists")).into_owned()
}

#[test]
fn tabari_validation_suite() {
    let Some(shared) = grip_test_utils::shared_dir() else { return };
    let dir = shared.join("data/tabari");
    let project = TabariProject::parse("Validate.project", &read(&dir.join("Validate.project"))).expect("project");
    let names: Vec<String> = project
        .actors
        .iter()
        .chain(&project.verbs)
        .chain(&project.agents)
        .chain(project.options.iter())
        .cloned()
        .collect();
    let texts: Vec<(String, String)> = names.iter().map(|n| (n.clone(), read(&dir.join(n)))).collect();
    let files: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let (dictionaries, options): (TabariDictionaries, TabariOptions) =
        TabariDictionaries::from_project(&project, &files).expect("dictionaries");
    let report = tabari_validate(&read(&dir.join("Validate.text")), &dictionaries, options);
    for failure in &report.failures {
        eprintln!(
            "FAIL {} expected {:?} coded {:?} problem {:?}",
            failure.id, failure.expected, failure.coded, failure.problem
        );
    }
    eprintln!(
        "TABARI: {}/{} exact ({:.3}), skipped {}, gold {} coded {} correct {} P {:.3} R {:.3} F1 {:.3}",
        report.n_exact,
        report.n_records,
        report.exact_rate(),
        report.n_skipped,
        report.n_gold,
        report.n_coded,
        report.n_correct,
        report.precision,
        report.recall,
        report.f1
    );
    assert!(report.exact_rate() >= 0.95, "TABARI Validate.text: {}/{} exact", report.n_exact, report.n_records);
    assert!(report.f1 >= 0.95);
}

#[test]
fn petrarch_unit_tests() {
    let Some(shared) = grip_test_utils::shared_dir() else { return };
    let dir = shared.join("data/petrarch2");
    let xml = read(&dir.join("PETR.UnitTest.records.xml"));
    let (env, _) = grip_peer::suites::petrarch_records("PETR.UnitTest.records.xml", &xml).expect("records");
    let names: Vec<String> =
        env.verbs.iter().chain(&env.actors).chain(env.agents.iter()).chain(env.discards.iter()).cloned().collect();
    let texts: Vec<(String, String)> = names.iter().map(|n| (n.clone(), read(&dir.join(n)))).collect();
    let files: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let dictionaries = env.dictionaries(&files).expect("dictionaries");
    let report =
        grip_peer::suites::petrarch_unit_tests(&xml, &dictionaries, grip_peer::petrarch::PetrarchOptions::default())
            .expect("suite");
    // The records marked sentence="false" (features PETRARCH does not implement) are not
    // scored; show how they fare.
    let (_, items) = grip_peer::suites::petrarch_records("PETR.UnitTest.records.xml", &xml).expect("records");
    let mut coder = grip_peer::petrarch::PetrarchCoder::new(&dictionaries, Default::default());
    for item in items {
        match item {
            grip_peer::suites::PetrarchItem::Config(option, value) => {
                let _ = coder.set_option(&option, &value);
            }
            grip_peer::suites::PetrarchItem::Sentence(record) if !record.expected_to_work => {
                let date = grip_peer::DayNumber::parse_any(&record.date).expect("date");
                let coded = coder.code_parse(date, &record.text, &record.parse);
                let got: std::collections::BTreeSet<_> =
                    coded.events.iter().map(|e| (e.source.clone(), e.target.clone(), e.code.clone())).collect();
                let exact = matches!(&record.gold, grip_peer::Gold::Events { events, .. } if *events == got);
                eprintln!("not scored {}: exact {exact}, expected {:?} coded {got:?}", record.id, record.gold);
            }
            grip_peer::suites::PetrarchItem::Sentence(_) => {}
        }
    }
    for failure in &report.failures {
        eprintln!(
            "FAIL {} expected {:?} coded {:?} problem {:?}",
            failure.id, failure.expected, failure.coded, failure.problem
        );
    }
    eprintln!(
        "PETRARCH: {}/{} exact ({:.3}), skipped {}, gold {} coded {} correct {} P {:.3} R {:.3} F1 {:.3}",
        report.n_exact,
        report.n_records,
        report.exact_rate(),
        report.n_skipped,
        report.n_gold,
        report.n_coded,
        report.n_correct,
        report.precision,
        report.recall,
        report.f1
    );
    assert_eq!(report.n_records + report.n_skipped, 284);
    assert!(report.exact_rate() >= 0.95, "PETRARCH unit tests: {}/{} exact", report.n_exact, report.n_records);
    assert!(report.f1 >= 0.95);
}

#[test]
fn operational_dictionaries_load() {
    let Some(shared) = grip_test_utils::shared_dir() else { return };
    let dir = shared.join("data/petrarch2");
    let mut d = grip_peer::petrarch::PetrarchDictionaries::lenient();
    let t = std::time::Instant::now();
    d.read_verbs("CAMEO.2.0.txt", &read(&dir.join("CAMEO.2.0.txt"))).expect("CAMEO.2.0");
    for name in ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"] {
        d.read_actors(name, &read(&dir.join(name))).expect("actors");
    }
    d.read_agents("Phoenix.agents.txt", &read(&dir.join("Phoenix.agents.txt"))).expect("agents");
    d.read_discards("Phoenix.discards.txt", &read(&dir.join("Phoenix.discards.txt"))).expect("discards");
    for e in d.skipped() {
        eprintln!("skipped {e}");
    }
    eprintln!(
        "phoenix: {} actor phrases, {} agent phrases, {} verb forms, {} patterns in {:?}",
        d.n_actor_phrases(),
        d.n_agent_phrases(),
        d.n_verb_forms(),
        d.n_patterns(),
        t.elapsed()
    );
    assert!(d.n_actor_phrases() > 30_000 && d.n_patterns() > 4_000);
    // Operational dictionaries on raw text, including a 300-token run-on sentence.
    let coder = grip_peer::petrarch::PetrarchCoder::new(&d, Default::default());
    let on = grip_peer::DayNumber::parse_any("20140101").expect("date");
    let coded = coder.code_text(on, "Russian police arrested Ukrainian protesters in Moscow on Tuesday.");
    eprintln!("phoenix raw text: {:?}", coded.events.iter().map(|e| e.triple()).collect::<Vec<_>>());
    let long = "The United States and Russia condemned the attack , said Iran , and China criticized Japan ".repeat(20);
    let t = std::time::Instant::now();
    coder.code_text(on, &long);
    assert!(t.elapsed() < std::time::Duration::from_secs(5), "300 tokens took {:?}", t.elapsed());
    assert!(d.skipped().len() < 20, "only the files' own typos are skipped");
}

#[test]
fn tabari_operational_dictionaries_load() {
    let Some(shared) = grip_test_utils::shared_dir() else { return };
    let dir = shared.join("data/tabari");
    let mut d = TabariDictionaries::new();
    d.read_verbs("CAMEO.091003.master.verbs", &read(&dir.join("CAMEO.091003.master.verbs"))).expect("CAMEO verbs");
    d.read_actors("TABARI.Demo.actors", &read(&dir.join("TABARI.Demo.actors"))).expect("demo actors");
    d.read_verbs("TABARI.Demo.verbs", &read(&dir.join("TABARI.Demo.verbs"))).expect("demo verbs");
    TabariOptions::parse("CAMEO.09b5.options", &read(&dir.join("CAMEO.09b5.options"))).expect("options");
    eprintln!("tabari cameo: {} roots, {} patterns", d.n_roots(), d.n_patterns());
    assert!(d.n_patterns() > 10_000);
}
