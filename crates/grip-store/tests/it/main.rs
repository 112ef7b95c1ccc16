//! Integration tests of the store: every released schema version, kept as a fixture database
//! in `tests/fixtures/schema-vN.sql`, migrates forward to the current schema with its data.

use std::path::{Path, PathBuf};

use grip_store::{InteractionFilter, Store, SCHEMA_VERSION};

fn fixtures() -> Vec<(u32, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut fixtures: Vec<(u32, PathBuf)> = std::fs::read_dir(&dir)
        .expect("the fixture directory exists")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let version = name.strip_prefix("schema-v")?.strip_suffix(".sql")?.parse().ok()?;
            Some((version, path))
        })
        .collect();
    fixtures.sort();
    fixtures
}

fn temp_db(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("grip-store-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("can create a temporary directory");
    let path = dir.join(name);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

#[test]
fn every_released_schema_has_a_fixture() {
    let versions: Vec<u32> = fixtures().into_iter().map(|(version, _)| version).collect();
    assert_eq!(versions, (1..=SCHEMA_VERSION).collect::<Vec<_>>(), "add tests/fixtures/schema-v{SCHEMA_VERSION}.sql");
}

#[test]
fn fixtures_migrate_to_the_current_schema_with_their_data() {
    for (version, fixture) in fixtures() {
        let path = temp_db(&format!("v{version}.db"));
        {
            let conn = rusqlite::Connection::open(&path).expect("creates the file");
            conn.execute_batch(&std::fs::read_to_string(&fixture).expect("reads the fixture")).expect("loads");
            let found: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0)).expect("reads the version");
            assert_eq!(found, version, "{} must set its user_version", fixture.display());
        }
        if version < SCHEMA_VERSION {
            let error = Store::open_read_only(&path).expect_err("an old schema needs a writer to migrate");
            assert!(error.to_string().contains("open it once for writing"), "{error}");
        }
        let store = Store::open(&path).unwrap_or_else(|error| panic!("v{version} migrates: {error}"));
        assert_eq!(store.schema_version().expect("reads the version"), SCHEMA_VERSION);
        drop(store);
        // Reopening is a no-op, and the data of every fixture is readable through today's API.
        let store = Store::open_read_only(&path).expect("reopens");
        let summary = store.summary(None).expect("counts");
        assert_eq!((summary.n_documents, summary.n_events, summary.n_claims, summary.n_gdelt_events), (2, 2, 1, 1));
        let mut codes = Vec::new();
        store
            .interactions(&InteractionFilter::default(), |row| {
                codes.push(format!("{}:{}", row.origin.as_str(), row.code))
            })
            .expect("reads interactions");
        assert_eq!(codes, ["grip:0234", "grip:074", "gdelt:010"], "fixture v{version}");
        let predictions = store.predictions().expect("reads predictions");
        assert_eq!(predictions.len(), 1);
        assert_eq!(predictions[0].text, "Russia will send troops.");
        // Claims stored before schema version 2 have no factuality; later ones keep theirs.
        let detail = store.document_detail(1).expect("reads").expect("document 1 exists");
        let claim = &detail.claims[0];
        let expected = if version >= 2 { (Some(2.5), Some(-0.75)) } else { (None, None) };
        assert_eq!((claim.factuality_certainty, claim.factuality_happened), expected, "fixture v{version}");
    }
}
