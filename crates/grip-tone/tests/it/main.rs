//! Integration tests on the reference data in `../shared` (skipped with a note when absent):
//! the VADER ground-truth sets, NewsMTSC test-rw and the seed op-ed.

use std::path::Path;

use grip_model::{text_range, ActorCode, EntityId, EntityKind, Mention};
use grip_tone::ToneModel;

fn read(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))).into_owned()
}

/// The figures grip-tone reaches (see model/README.md); a regression below them fails.
const VADER_FLOORS: [(&str, f64); 4] =
    [("tweets", 0.880), ("movie reviews", 0.45), ("amazon reviews", 0.61), ("nyt editorials", 0.51)];

#[test]
fn vader_ground_truth_pearson() {
    let Some(shared) = grip_test_utils::shared_dir() else { return };
    let model = ToneModel::embedded();
    let dir = shared.join("data/vader/ground_truth");
    for ((name, file), (floor_name, floor)) in grip_tone::eval::VADER_SETS.iter().zip(VADER_FLOORS) {
        assert_eq!(*name, floor_name);
        let report = grip_tone::eval::vader_ground_truth(&read(&dir.join(file)), &model).expect("parses");
        eprintln!("{name}: n={} r={:.4}", report.n, report.pearson);
        assert!(report.pearson >= floor, "{name}: r={:.4} < {floor}", report.pearson);
    }
}

#[test]
fn newsmtsc_test_rw_macro_f1() {
    let Some(shared) = grip_test_utils::shared_dir() else { return };
    let model = ToneModel::embedded();
    let rw = read(&shared.join("data/newsmtsc/devtest_rw.jsonl"));
    let report = grip_tone::eval::newsmtsc(&rw, &model).expect("parses");
    eprintln!("newsmtsc devtest_rw: n={} macro-F1={:.4}", report.n, report.macro_f1);
    assert_eq!(report.n, 1146);
    assert!(report.macro_f1 >= 0.66, "macro-F1 {:.4}", report.macro_f1);
}

fn mentions_of(text: &str, needle: &str, entity: &str, actor: &str, kind: EntityKind) -> Vec<Mention> {
    text.match_indices(needle)
        .map(|(start, _)| Mention {
            range: text_range(start, start + needle.len()),
            entity: EntityId::from_full(entity),
            actor: ActorCode::new(actor),
            name: needle.to_string(),
            kind,
            rule: "test",
            form: needle.to_string(),
            sentence: 0,
        })
        .collect()
}

#[test]
fn seed_tone_toward_putin_russia_and_tokayev() {
    let Some(shared) = grip_test_utils::shared_dir() else { return };
    let text = read(&shared.join("seed/000_289fc8231d9b7ffa.txt"));
    let model = ToneModel::embedded();
    let segmented = grip_text::segment(&text);
    let document = grip_tone::document_tone(&text, &segmented, &model);
    assert!(document.score < 0.0, "document tone {}", document.score);
    let mut mentions = Vec::new();
    mentions.extend(mentions_of(&text, "Putin", "person/vladimir-putin", "RUSGOV", EntityKind::Person));
    mentions.extend(mentions_of(&text, "Tokayev", "person/kassym-jomart-tokayev", "KAZGOV", EntityKind::Person));
    mentions.extend(mentions_of(&text, "Russia", "country/RUS", "RUS", EntityKind::Country));
    mentions.extend(mentions_of(&text, "CSTO", "org/CSTO", "IGOCSTO", EntityKind::Org));
    let tones = grip_tone::actor_tone(&text, &segmented, &mentions, None, &model);
    let find = |actor: &str| {
        let tone = tones.iter().find(|tone| tone.actor.as_str() == actor).unwrap_or_else(|| panic!("{actor}"));
        let words: Vec<&str> = tone.evidence.iter().map(|&range| grip_text::slice(&text, range)).collect();
        eprintln!("{actor} {:+.3} {words:?}", tone.score);
        (tone.score, words.join(" | "))
    };
    let (putin, putin_words) = find("RUSGOV");
    assert!(putin < 0.0 && putin_words.contains("dictator"), "{putin} {putin_words}");
    let (tokayev, tokayev_words) = find("KAZGOV");
    assert!(tokayev < 0.0 && tokayev_words.contains("does not trust"), "{tokayev} {tokayev_words}");
    let (russia, russia_words) = find("RUS");
    assert!(russia < 0.0 && russia_words.contains("strongman"), "{russia} {russia_words}");
}
