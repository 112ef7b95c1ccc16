//! Golden files on real text: the seed article (read from ../shared) and the demo article.
//! `UPDATE_GOLDEN=1 cargo test -p grip-wire --test golden` rewrites them; review the diff.

use std::sync::OnceLock;

use grip_analysis::{analyze, AnalysisConfig, Engine};
use grip_kb::Kb;
use grip_model::{Date, Document};
use grip_test_utils::{check_golden, repo_root, shared_dir};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::with_kb(Kb::embedded().expect("embedded KB compiles")).expect("model loads"))
}

fn config() -> AnalysisConfig {
    AnalysisConfig { fallback_date: Date::from_ymd_opt(2026, 11, 29).expect("valid date") }
}

/// The seed, dated to the week of the CSTO deployment it discusses.
#[test]
fn seed_article() {
    let Some(shared) = shared_dir() else { return };
    let path = shared.join("seed/000_289fc8231d9b7ffa.txt");
    let text = std::fs::read_to_string(&path).expect("the seed is readable");
    let mut document = Document::new("seed/000_289fc8231d9b7ffa.txt", text);
    document.date = Date::from_ymd_opt(2022, 1, 10);
    let analysis = analyze(engine(), &document, &config());
    check_golden(
        "tests/corpus/seed/000_289fc8231d9b7ffa.golden",
        &grip_wire::report::golden(&analysis, &document.text),
    );
}

/// The demo article we wrote; its dateline gives the date.
#[test]
fn demo_article() {
    let text = std::fs::read_to_string(repo_root().join("examples/demo/article.txt")).expect("the demo is readable");
    let document = Document::new("demo/article.txt", text);
    let analysis = analyze(engine(), &document, &config());
    check_golden("tests/corpus/demo/article.golden", &grip_wire::report::golden(&analysis, &document.text));
}
