//! Tests of the output formats on a small document.

use grip_analysis::{analyze, AnalysisConfig, Engine};
use grip_kb::Kb;
use grip_model::{Date, Document};

#[test]
fn json_contract_has_every_v1_field() {
    let engine = Engine::with_kb(Kb::embedded().expect("embedded KB compiles")).expect("model loads");
    let mut document = Document::new("doc-1", "Russia sent troops.");
    document.date = Date::from_ymd_opt(2022, 1, 6);
    let config = AnalysisConfig { fallback_date: Date::from_ymd_opt(2026, 1, 1).expect("valid") };
    let analysis = analyze(&engine, &document, &config);
    let json = serde_json::to_value(crate::json::document(&analysis, &document.text)).expect("serializes");
    for field in
        ["id", "date", "kb_version", "sentences", "mentions", "events", "claims", "tone", "actor_tone", "diagnostics"]
    {
        assert!(json.get(field).is_some(), "missing {field}");
    }
    assert_eq!(json["sentences"], serde_json::json!([[0, 19]]));
    assert_eq!(json["mentions"][0]["text"], "Russia");
    assert_eq!(json["mentions"][0]["actor"], "RUS");
    assert_eq!(json["mentions"][0]["kind"], "country");
}
