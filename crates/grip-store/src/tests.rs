//! Store tests: scenarios checked as a sorted text snapshot of the tables they touch.

use expect_test::{expect, Expect};
use grip_model::{
    text_range, ActorCode, ActorTone, CameoCode, Certainty, Claim, ClaimKind, ClaimTime, Date, Diagnostic, Document,
    EntityId, EntityKind, Event, EventActor, Factuality, Holder, Location, Mention, Modality, Severity, Tone,
    ToneContribution,
};

use crate::{
    AnalysisRecord, ExportFormat, ExportSource, GdeltActor, GdeltEvent, GdeltExportOptions, GdeltRecord, Inserted,
    InteractionFilter, NewDocument, Origin, RunId, SentenceRecord, Store, StoreError, VersionId,
};

/// The rows of `tables`, sorted, one per line, NULL as `∅`.
pub(crate) fn snapshot(store: &Store, tables: &[&str]) -> String {
    let mut out = String::new();
    for table in tables {
        out.push_str(&format!("[{table}]\n"));
        let mut lines = Vec::new();
        store
            .query(&format!("SELECT * FROM {table}"), |_, values| {
                let cells: Vec<String> = values
                    .iter()
                    .map(|value| match value {
                        crate::Value::Null => "∅".to_owned(),
                        crate::Value::Integer(value) => value.to_string(),
                        crate::Value::Real(value) => format!("{value}"),
                        crate::Value::Text(text) => format!("{text:?}"),
                        crate::Value::Blob(bytes) => format!("<{} bytes>", bytes.len()),
                    })
                    .collect();
                lines.push(cells.join(" "));
                Ok(())
            })
            .expect("the table can be read");
        lines.sort();
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[track_caller]
fn check(store: &Store, tables: &[&str], expect: Expect) {
    expect.assert_eq(&snapshot(store, tables));
}

fn day(text: &str) -> Date {
    Date::parse_from_str(text, "%Y-%m-%d").expect("test dates are valid")
}

fn actor(code: &str, entity: &str, start: usize, end: usize) -> EventActor {
    EventActor {
        actor: ActorCode::new(code),
        entity: Some(EntityId::from_full(entity)),
        range: Some(text_range(start, end)),
    }
}

/// A hand-made analysis of "Kazakhstan asked Russia for help. Russia will send troops."
struct Fixture {
    sentences: Vec<SentenceRecord>,
    mentions: Vec<Mention>,
    events: Vec<Event>,
    claims: Vec<Claim>,
    tone: Tone,
    actor_tone: Vec<ActorTone>,
    diagnostics: Vec<Diagnostic>,
}

const TEXT: &str = "Kazakhstan asked Russia for help. Russia will send troops.";

fn fixture() -> Fixture {
    let mention = |start: usize, end: usize, code: &str, entity: &str, name: &str, sentence: u32| Mention {
        range: text_range(start, end),
        entity: EntityId::from_full(entity),
        actor: ActorCode::new(code),
        name: name.to_owned(),
        kind: EntityKind::Country,
        rule: "link/name",
        form: name.to_owned(),
        sentence,
    };
    let appeal = Event {
        source: Some(actor("KAZGOV", "country/KAZ", 0, 10)),
        target: Some(actor("RUSGOV", "country/RUS", 17, 23)),
        code: CameoCode::parse("0234").expect("0234 exists"),
        modality: Modality::Asserted,
        speaker: None,
        location: None,
        sentence: text_range(0, 33),
        evidence: text_range(11, 16),
        rule: "verbs/ask-for-help#1".to_owned(),
    };
    let deploy = Event {
        source: Some(actor("RUSMIL", "country/RUS", 34, 40)),
        target: Some(actor("KAZ", "country/KAZ", 0, 10)),
        code: CameoCode::parse("074").expect("074 exists"),
        modality: Modality::Future,
        speaker: None,
        location: Some(Location {
            name: "Almaty".to_owned(),
            entity: Some(EntityId::from_full("city/KAZ/almaty")),
            country: "KAZ".to_owned(),
            lat: 43.25,
            lon: 76.95,
            feature: "PPLA".to_owned(),
            range: text_range(0, 10),
        }),
        sentence: text_range(34, 58),
        evidence: text_range(46, 50),
        rule: "verbs/send-troops#1".to_owned(),
    };
    Fixture {
        sentences: vec![
            SentenceRecord { range: text_range(0, 33), skipped: false },
            SentenceRecord { range: text_range(34, 58), skipped: false },
        ],
        mentions: vec![
            mention(0, 10, "KAZ", "country/KAZ", "Kazakhstan", 0),
            mention(17, 23, "RUS", "country/RUS", "Russia", 0),
            mention(34, 40, "RUS", "country/RUS", "Russia", 1),
        ],
        events: vec![appeal, deploy],
        claims: vec![Claim {
            range: text_range(34, 58),
            kind: ClaimKind::Prediction,
            holder: Holder::Author,
            certainty: Certainty::Probable,
            factuality: Factuality { certainty: 1.25, happened: -0.5 },
            time: ClaimTime::Future,
            actors: vec![ActorCode::new("RUS"), ActorCode::new("KAZ")],
            event: Some(1),
            cues: vec![text_range(41, 45)],
            rule: "claims/will#1".to_owned(),
        }],
        tone: Tone {
            score: -0.25,
            gdelt: [-1.5, 1.0, 2.5, 3.5, 20.0, 0.0, 10.0],
            contributions: vec![ToneContribution { range: text_range(28, 32), value: 0.5 }],
        },
        actor_tone: vec![ActorTone {
            actor: ActorCode::new("RUS"),
            entity: EntityId::from_full("country/RUS"),
            score: 0.5,
            evidence: vec![text_range(28, 32)],
        }],
        diagnostics: vec![Diagnostic::new(Severity::Info, "signature", "a signature").at(text_range(50, 58))],
    }
}

fn record<'a>(fixture: &'a Fixture, version: VersionId, date: Date) -> AnalysisRecord<'a> {
    AnalysisRecord {
        version,
        date,
        date_source: "given",
        sentences: &fixture.sentences,
        mentions: &fixture.mentions,
        events: &fixture.events,
        claims: &fixture.claims,
        tone: Some(&fixture.tone),
        actor_tone: &fixture.actor_tone,
        diagnostics: &fixture.diagnostics,
    }
}

fn make_document(id: &str, text: &str) -> Document {
    let mut document = Document::new(id, text);
    document.date = Some(day("2022-01-06"));
    document.url = Some(format!("https://example.org/{id}"));
    document
}

#[test]
fn a_document_and_its_analysis_are_stored_once() {
    let mut store = Store::open_in_memory().expect("opens");
    assert_eq!(store.schema_version().expect("has a version"), crate::SCHEMA_VERSION);
    let run = store.begin_run("ingest", "0.1.0", "2026-11-29T00:00:00Z").expect("run");
    let version = store.version_id("0.1.0", "kb-1").expect("version");
    assert_eq!(store.version_id("0.1.0", "kb-1").expect("version"), version, "versions are reused");
    let fixture = fixture();
    let document = make_document("a.txt", TEXT);
    let read_diagnostics = [Diagnostic::new(Severity::Warning, "invalid-utf8", "2 invalid bytes replaced")];
    let new = NewDocument {
        document: &document,
        content_hash: "hash-a",
        source: "a.txt",
        run,
        diagnostics: &read_diagnostics,
    };
    let analysis = record(&fixture, version, day("2022-01-06"));
    let mut batch = store.batch().expect("batch");
    assert_eq!(batch.insert_document(&new, Some(&analysis)).expect("insert"), Inserted::New(1));
    // The same text again (another id and source) is a duplicate and writes nothing.
    let again = make_document("b.txt", TEXT);
    let new_again = NewDocument { document: &again, content_hash: "hash-a", source: "b.txt", run, diagnostics: &[] };
    assert_eq!(batch.insert_document(&new_again, Some(&analysis)).expect("insert"), Inserted::Duplicate(1));
    batch.commit().expect("commit");
    check(
        &store,
        &[
            "documents",
            "sentences",
            "mentions",
            "events",
            "claims",
            "claim_actors",
            "tone",
            "tone_contributions",
            "actor_tone",
            "diagnostics",
            "versions",
        ],
        expect![[r#"
            [documents]
            1 "hash-a" "a.txt" "a.txt" "https://example.org/a.txt" "2022-01-06" "given" ∅ "Kazakhstan asked Russia for help. Russia will send troops." 1 1
            [sentences]
            1 0 0 33 0 1
            1 1 34 58 0 1
            [mentions]
            1 0 0 0 10 "country/KAZ" "KAZ" "Kazakhstan" "country" "link/name" "Kazakhstan" 1
            1 1 0 17 23 "country/RUS" "RUS" "Russia" "country" "link/name" "Russia" 1
            1 2 1 34 40 "country/RUS" "RUS" "Russia" "country" "link/name" "Russia" 1
            [events]
            1 1 0 "2022-01-06" "KAZGOV" "country/KAZ" 0 10 "RUSGOV" "country/RUS" 17 23 "0234" "02" 1 3.4 "REQUEST" "asserted" ∅ ∅ ∅ ∅ ∅ ∅ ∅ ∅ ∅ ∅ ∅ ∅ 0 33 11 16 "verbs/ask-for-help#1" 1
            2 1 1 "2022-01-06" "RUSMIL" "country/RUS" 34 40 "KAZ" "country/KAZ" 0 10 "074" "07" 2 8.5 "AID" "future" ∅ ∅ ∅ ∅ "Almaty" "city/KAZ/almaty" "KAZ" 43.25 76.95 "PPLA" 0 10 34 58 46 50 "verbs/send-troops#1" 1
            [claims]
            1 1 0 34 58 "prediction" "author" ∅ ∅ ∅ "probable" "future" 2 "[[41,45]]" "claims/will#1" 1 1.25 -0.5
            [claim_actors]
            1 0 "RUS"
            1 1 "KAZ"
            [tone]
            1 -0.25 -1.5 1 2.5 3.5 20 0 10 1
            [tone_contributions]
            1 0 28 32 0.5 1
            [actor_tone]
            1 0 "RUS" "country/RUS" 0.5 "[[28,32]]" 1
            [diagnostics]
            1 "analysis" 0 "info" "signature" "a signature" 50 58 1
            1 "ingest" 0 "warning" "invalid-utf8" "2 invalid bytes replaced" ∅ ∅ ∅
            [versions]
            1 "0.1.0" "kb-1"
        "#]],
    );
}

#[test]
fn an_uncommitted_batch_leaves_nothing() {
    let mut store = Store::open_in_memory().expect("opens");
    let run = store.begin_run("ingest", "0.1.0", "now").expect("run");
    let document = make_document("a.txt", TEXT);
    {
        let mut batch = store.batch().expect("batch");
        let new = NewDocument { document: &document, content_hash: "h", source: "a.txt", run, diagnostics: &[] };
        batch.insert_document(&new, None).expect("insert");
        // Dropped without commit: a crash before the commit.
    }
    assert_eq!(store.summary(None).expect("counts").n_documents, 0);
}

#[test]
fn reanalysis_replaces_derived_rows_and_keeps_reading_diagnostics() {
    let mut store = Store::open_in_memory().expect("opens");
    let run = store.begin_run("ingest", "0.1.0", "now").expect("run");
    let old = store.version_id("0.1.0", "kb-1").expect("version");
    let fixture = fixture();
    let document = make_document("a.txt", TEXT);
    let reading = [Diagnostic::new(Severity::Warning, "bad-date", "ignored")];
    let new = NewDocument { document: &document, content_hash: "h", source: "a.txt", run, diagnostics: &reading };
    let mut batch = store.batch().expect("batch");
    batch.insert_document(&new, Some(&record(&fixture, old, day("2022-01-06")))).expect("insert");
    batch.commit().expect("commit");
    let current = store.version_id("0.2.0", "kb-2").expect("version");
    let to_analyze = store.documents_to_analyze(current, false, 0, 10).expect("query");
    assert_eq!(to_analyze.len(), 1);
    assert_eq!(to_analyze[0].given_date, Some(day("2022-01-06")));
    let mut smaller = fixture;
    smaller.events.truncate(1);
    smaller.claims.clear();
    smaller.mentions.truncate(1);
    let mut batch = store.batch().expect("batch");
    batch.replace_analysis(1, &record(&smaller, current, day("2022-01-06"))).expect("replace");
    batch.commit().expect("commit");
    assert!(store.documents_to_analyze(current, false, 0, 10).expect("query").is_empty());
    assert_eq!(store.documents_to_analyze(current, true, 0, 10).expect("query").len(), 1);
    check(
        &store,
        &["mentions", "claims", "claim_actors", "diagnostics"],
        expect![[r#"
            [mentions]
            1 0 0 0 10 "country/KAZ" "KAZ" "Kazakhstan" "country" "link/name" "Kazakhstan" 2
            [claims]
            [claim_actors]
            [diagnostics]
            1 "analysis" 0 "info" "signature" "a signature" 50 58 2
            1 "ingest" 0 "warning" "bad-date" "ignored" ∅ ∅ ∅
        "#]],
    );
    let events = store.query("SELECT id, version_id FROM events", |_, _| Ok(())).expect("query");
    assert_eq!(events, 1);
}

fn gdelt_record<'a>(id: i64, code: &'a str, source: &'a str, target: &'a str, run: RunId) -> GdeltRecord<'a> {
    let actor = |code: &'a str| GdeltActor {
        code,
        name: "",
        country_code: code.get(..3).unwrap_or(""),
        known_group: "",
        type_codes: [code.get(3..).unwrap_or(""), "", ""],
    };
    let event = GdeltEvent {
        global_event_id: id,
        day: day("2024-12-18"),
        actor1: actor(source),
        actor2: actor(target),
        is_root_event: Some(1),
        event_code: code,
        quad_class: 1,
        goldstein: Some(0.0),
        num_mentions: Some(2),
        num_sources: Some(1),
        num_articles: Some(2),
        avg_tone: Some(-1.25),
        action_geo_type: Some(1),
        action_geo_fullname: "Kazakhstan",
        action_geo_country: "KZ",
        action_geo_lat: Some(48.0),
        action_geo_long: Some(68.0),
        action_country_iso: "KAZ",
        date_added: Some(20241218140000),
        source_url: "https://example.org/gdelt",
        format: 2,
    };
    GdeltRecord { event, run }
}

#[test]
fn gdelt_rows_keep_codes_as_text_and_are_stored_once() {
    let mut store = Store::open_in_memory().expect("opens");
    let run = store.begin_run("ingest --gdelt", "0.1.0", "now").expect("run");
    // 40 rows: two full multi-row statements and a remainder, plus a repeated id.
    let mut records: Vec<GdeltRecord<'_>> = (0..40).map(|id| gdelt_record(id, "010", "RUSGOV", "KAZ", run)).collect();
    records.push(gdelt_record(3, "010", "RUSGOV", "KAZ", run));
    let mut batch = store.batch().expect("batch");
    assert_eq!(batch.insert_gdelt(&records).expect("insert"), 40);
    assert_eq!(batch.insert_gdelt(&records[..5]).expect("insert"), 0, "ids are unique");
    batch.commit().expect("commit");
    check(
        &store,
        &["(SELECT * FROM gdelt_events WHERE global_event_id = 7)"],
        expect![[r#"
            [(SELECT * FROM gdelt_events WHERE global_event_id = 7)]
            7 "2024-12-18" "RUSGOV" ∅ "RUS" ∅ "GOV" ∅ ∅ "KAZ" ∅ "KAZ" ∅ ∅ ∅ ∅ 1 "010" 1 0 2 1 2 -1.25 1 "Kazakhstan" "KZ" 48 68 "KAZ" 20241218140000 "https://example.org/gdelt" 2 1
        "#]],
    );
    let mut rows = Vec::new();
    store
        .interactions(&InteractionFilter { origin: Some(Origin::Gdelt), ..InteractionFilter::default() }, |row| {
            rows.push((row.event_id, row.code.to_owned(), row.source_types.to_owned(), row.day))
        })
        .expect("reads");
    assert_eq!(rows.len(), 40);
    assert_eq!(rows[0], (0, "010".to_owned(), "GOV".to_owned(), day("2024-12-18")));
}

#[test]
fn interactions_cover_grip_events_and_gdelt_rows() {
    let mut store = Store::open_in_memory().expect("opens");
    let run = store.begin_run("ingest", "0.1.0", "now").expect("run");
    let version = store.version_id("0.1.0", "kb-1").expect("version");
    let fixture = fixture();
    let document = make_document("a.txt", TEXT);
    let mut batch = store.batch().expect("batch");
    let new = NewDocument { document: &document, content_hash: "h", source: "a.txt", run, diagnostics: &[] };
    batch.insert_document(&new, Some(&record(&fixture, version, day("2022-01-06")))).expect("insert");
    batch.insert_gdelt(&[gdelt_record(9, "0234", "KAZGOV", "RUS", run)]).expect("insert");
    batch.commit().expect("commit");
    let mut lines = Vec::new();
    store
        .interactions(&InteractionFilter::default(), |row| {
            lines.push(format!(
                "{} {} {} {}/{} -> {}/{} {} q{} g{} {} {}",
                row.origin.as_str(),
                row.event_id,
                row.day,
                row.source_actor,
                row.source_country,
                row.target_actor,
                row.target_country,
                row.code,
                row.quad_class,
                row.goldstein,
                row.modality,
                row.url
            ))
        })
        .expect("reads");
    expect![[r#"
        grip 1 2022-01-06 KAZGOV/KAZ -> RUSGOV/RUS 0234 q1 g3.4 asserted https://example.org/a.txt
        grip 2 2022-01-06 RUSMIL/RUS -> KAZ/KAZ 074 q2 g8.5 future https://example.org/a.txt
        gdelt 9 2024-12-18 KAZGOV/KAZ -> RUS/RUS 0234 q1 g0 asserted https://example.org/gdelt"#]]
    .assert_eq(&lines.join("\n"));
    let since = InteractionFilter { since: Some(day("2023-01-01")), ..InteractionFilter::default() };
    assert_eq!(store.interactions(&since, |_| {}).expect("reads"), 1);
    let predictions = store.predictions().expect("reads");
    assert_eq!(predictions.len(), 1);
    let prediction = &predictions[0];
    assert_eq!(
        (prediction.text.as_str(), prediction.code.as_str(), prediction.modality.as_str(), prediction.holder.as_str()),
        ("Russia will send troops.", "074", "future", "author")
    );
}

#[test]
fn user_queries_are_read_only() {
    let store = Store::open_in_memory().expect("opens");
    let error = store.query("DELETE FROM documents", |_, _| Ok(())).expect_err("writes are refused");
    assert!(matches!(error, StoreError::Query { .. }), "{error}");
    let error = store.query("SELECT * FROM no_such_table", |_, _| Ok(())).expect_err("bad tables are reported");
    assert_eq!(error.to_string(), "query failed: no such table: no_such_table");
    assert_eq!(store.query("SELECT 1 UNION SELECT 2", |_, _| Ok(())).expect("reads"), 2);
}

#[test]
fn exports_write_tables_and_gdelt_rows() {
    let mut store = Store::open_in_memory().expect("opens");
    let run = store.begin_run("ingest", "0.1.0", "now").expect("run");
    let version = store.version_id("0.1.0", "kb-1").expect("version");
    let fixture = fixture();
    let document = make_document("a.txt", TEXT);
    let mut batch = store.batch().expect("batch");
    let new = NewDocument { document: &document, content_hash: "h", source: "a.txt", run, diagnostics: &[] };
    batch.insert_document(&new, Some(&record(&fixture, version, day("2022-01-06")))).expect("insert");
    batch.insert_gdelt(&[gdelt_record(9, "010", "KAZGOV", "RUS", run)]).expect("insert");
    batch.commit().expect("commit");

    let mut jsonl = Vec::new();
    let sql = ExportSource::Sql("SELECT id, external_id, date FROM documents".into());
    store.export(&sql, ExportFormat::Jsonl, &mut jsonl).expect("exports");
    assert_eq!(String::from_utf8_lossy(&jsonl), "{\"id\":1,\"external_id\":\"a.txt\",\"date\":\"2022-01-06\"}\n");
    let mut csv = Vec::new();
    store.export(&ExportSource::Table("claim_actors".into()), ExportFormat::Csv, &mut csv).expect("exports");
    assert_eq!(String::from_utf8_lossy(&csv), "claim_id,idx,actor\n1,0,RUS\n1,1,KAZ\n");
    let error = store.export(&ExportSource::Table("nope".into()), ExportFormat::Csv, &mut csv).expect_err("no table");
    assert_eq!(error.to_string(), "query failed: no table or view named \"nope\"");
    let error = store.export(&sql, ExportFormat::Gdelt, &mut csv).expect_err("events only");
    assert!(error.to_string().starts_with("the gdelt format exports events"), "{error}");

    let mut gdelt = Vec::new();
    let options = GdeltExportOptions {
        iso_to_fips: [("KAZ".to_owned(), "KZ".to_owned())].into_iter().collect(),
        ..GdeltExportOptions::default()
    };
    assert_eq!(store.export_gdelt(&options, &mut gdelt).expect("exports"), 2, "the future event is left out");
    let gdelt = String::from_utf8(gdelt).expect("UTF-8");
    let lines: Vec<&str> = gdelt.lines().collect();
    assert!(lines.iter().all(|line| line.split('\t').count() == 61), "{gdelt}");
    expect![[r#"
        9	20241218	202412	2024	2024.9671	KAZGOV		KAZ					GOV			RUS		RUS								1	010	010	01	1	0.0	2	1	2	-1.25																	1	Kazakhstan	KZ			48.0	68.0		20241218140000	https://example.org/gdelt
        1	20220106	202201	2022	2022.0164	KAZGOV	KAZGOV	KAZ					GOV			RUSGOV	RUSGOV	RUS					GOV			1	0234	023	02	1	3.4	1	1	1	-1.5																									20220106000000	https://example.org/a.txt"#]]
    .assert_eq(&lines.join("\n"));
}

#[test]
fn files_of_other_programs_and_newer_versions_are_refused() {
    let dir = tempdir("refused");
    let foreign = dir.join("foreign.db");
    {
        let conn = rusqlite::Connection::open(&foreign).expect("creates");
        conn.execute_batch("CREATE TABLE notes (body TEXT)").expect("creates a table");
    }
    let error = Store::open(&foreign).expect_err("not grip's");
    assert_eq!(
        error.to_string(),
        format!("{} is not a grip database (it has tables, but no grip schema)", foreign.display())
    );
    let newer = dir.join("newer.db");
    {
        let store = Store::open(&newer).expect("creates");
        store.conn.pragma_update(None, "user_version", 99).expect("sets the version");
    }
    let error = Store::open(&newer).expect_err("too new");
    assert!(matches!(error, StoreError::TooNew { found: 99, .. }), "{error}");
    let error = Store::open_read_only(&dir.join("missing.db")).expect_err("missing");
    assert!(matches!(error, StoreError::Open { .. }), "{error}");
}

/// A fresh directory under the target directory (tests may not touch the network or $HOME).
pub(crate) fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("grip-store-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("can create a temporary directory");
    dir
}

#[test]
fn migrations_run_in_order_and_a_failed_step_changes_nothing() {
    let mut store = Store::open_in_memory().expect("opens");
    let run = store.begin_run("ingest", "0.1.0", "now").expect("run");
    let document = make_document("a.txt", TEXT);
    let mut batch = store.batch().expect("batch");
    let new = NewDocument { document: &document, content_hash: "h", source: "a.txt", run, diagnostics: &[] };
    batch.insert_document(&new, None).expect("insert");
    batch.commit().expect("commit");
    // Two hypothetical versions after the current one, the second failing half-way: the
    // first stays, nothing of the second does.
    let mut broken: Vec<&str> = crate::schema::MIGRATIONS.to_vec();
    broken.push("ALTER TABLE documents ADD COLUMN language TEXT");
    broken.push("CREATE TABLE t (x); SELECT no_such_function();");
    let current = crate::SCHEMA_VERSION;
    let error = store.migrate_with(&broken).expect_err("the last step fails");
    assert!(
        matches!(error, StoreError::Migrate { from, to, .. } if from == current + 1 && to == current + 2),
        "{error}"
    );
    assert_eq!(store.schema_version().expect("version"), current + 1);
    assert_eq!(store.query("SELECT name FROM sqlite_master WHERE name = 't'", |_, _| Ok(())).expect("query"), 0);
    check(
        &store,
        &["(SELECT id, external_id, language FROM documents)"],
        expect![[r#"
        [(SELECT id, external_id, language FROM documents)]
        1 "a.txt" ∅
    "#]],
    );
}

#[test]
fn parquet_exports_keep_types_and_rows() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    let mut store = Store::open_in_memory().expect("opens");
    let run = store.begin_run("ingest --gdelt", "0.1.0", "now").expect("run");
    let records: Vec<GdeltRecord<'_>> = (0..20_000).map(|id| gdelt_record(id, "010", "RUSGOV", "KAZ", run)).collect();
    let mut batch = store.batch().expect("batch");
    batch.insert_gdelt(&records).expect("insert");
    batch.commit().expect("commit");
    let dir = tempdir("parquet");
    let path = dir.join("events.parquet");
    let mut file = std::fs::File::create(&path).expect("creates");
    let source = ExportSource::Sql(
        "SELECT global_event_id, day, event_code, goldstein, actor1_name, 1.5 * quad_class AS x FROM gdelt_events"
            .into(),
    );
    assert_eq!(store.export(&source, ExportFormat::Parquet, &mut file).expect("exports"), 20_000);
    drop(file);
    let reader =
        ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).expect("opens")).expect("is Parquet");
    let schema: Vec<String> =
        reader.schema().fields().iter().map(|field| format!("{}:{}", field.name(), field.data_type())).collect();
    assert_eq!(
        schema,
        ["global_event_id:Int64", "day:Utf8", "event_code:Utf8", "goldstein:Float64", "actor1_name:Utf8", "x:Float64"]
    );
    let batches: Vec<_> = reader.build().expect("reads").collect::<Result<_, _>>().expect("decodes");
    assert_eq!(batches.iter().map(|batch| batch.num_rows()).sum::<usize>(), 20_000);
    let codes = batches[0].column(2).as_any().downcast_ref::<arrow_array::StringArray>().expect("text");
    assert_eq!(codes.value(0), "010", "codes stay text");
}
