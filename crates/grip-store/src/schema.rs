//! The schema and its migrations.
//!
//! The schema version lives in SQLite's `PRAGMA user_version`. `MIGRATIONS[n]` takes a database
//! from version `n` to `n + 1`; a new schema version is a new entry at the end, never an edit of
//! an old one, and gets a fixture database in `tests/fixtures/` once released.

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 2;

/// `MIGRATIONS[n]` migrates version `n` to `n + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2];

/// Version 2: each claim's factuality scores (`grip_model::Factuality`), on −3..+3. Claims
/// stored before have none (NULL) until `grip reanalyze` rewrites them.
const V2: &str = r#"
ALTER TABLE claims ADD COLUMN factuality_certainty REAL;
ALTER TABLE claims ADD COLUMN factuality_happened REAL;
"#;

/// Version 1: documents, their analyses, events, claims, tone, GDELT rows, feeds and runs.
const V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('application', 'grip');

-- One row per (engine version, KB version) pair that produced stored rows.
CREATE TABLE versions (
    id             INTEGER PRIMARY KEY,
    engine_version TEXT NOT NULL,
    kb_version     TEXT NOT NULL,
    UNIQUE (engine_version, kb_version)
);

-- One row per ingest, watch or reanalyze command.
CREATE TABLE runs (
    id             INTEGER PRIMARY KEY,
    command        TEXT NOT NULL,
    started_at     TEXT NOT NULL,
    finished_at    TEXT,
    engine_version TEXT NOT NULL,
    n_new          INTEGER NOT NULL DEFAULT 0,
    n_duplicate    INTEGER NOT NULL DEFAULT 0,
    n_failed       INTEGER NOT NULL DEFAULT 0
);

-- Inputs that could not be read, with where they were.
CREATE TABLE failures (
    id      INTEGER PRIMARY KEY,
    run_id  INTEGER NOT NULL REFERENCES runs (id),
    source  TEXT NOT NULL,
    line    INTEGER,
    message TEXT NOT NULL
);

CREATE TABLE documents (
    id               INTEGER PRIMARY KEY,
    content_hash     TEXT NOT NULL UNIQUE,
    external_id      TEXT NOT NULL,
    source           TEXT NOT NULL,
    url              TEXT,
    date             TEXT,
    date_source      TEXT,
    title            TEXT,
    text             TEXT NOT NULL,
    run_id           INTEGER NOT NULL REFERENCES runs (id),
    analysis_version INTEGER REFERENCES versions (id)
);

CREATE TABLE sentences (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    skipped     INTEGER NOT NULL,
    version_id  INTEGER NOT NULL REFERENCES versions (id),
    PRIMARY KEY (document_id, idx)
) WITHOUT ROWID;

CREATE TABLE mentions (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    idx         INTEGER NOT NULL,
    sentence    INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    entity      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    rule        TEXT NOT NULL,
    form        TEXT NOT NULL,
    version_id  INTEGER NOT NULL REFERENCES versions (id),
    PRIMARY KEY (document_id, idx)
) WITHOUT ROWID;

CREATE TABLE events (
    id                INTEGER PRIMARY KEY,
    document_id       INTEGER NOT NULL REFERENCES documents (id),
    idx               INTEGER NOT NULL,
    date              TEXT NOT NULL,
    source_actor      TEXT,
    source_entity     TEXT,
    source_start      INTEGER,
    source_end        INTEGER,
    target_actor      TEXT,
    target_entity     TEXT,
    target_start      INTEGER,
    target_end        INTEGER,
    code              TEXT NOT NULL,
    root              TEXT NOT NULL,
    quad_class        INTEGER NOT NULL,
    goldstein         REAL NOT NULL,
    plover            TEXT,
    modality          TEXT NOT NULL,
    speaker_actor     TEXT,
    speaker_entity    TEXT,
    speaker_start     INTEGER,
    speaker_end       INTEGER,
    location_name     TEXT,
    location_entity   TEXT,
    location_country  TEXT,
    location_lat      REAL,
    location_lon      REAL,
    location_feature  TEXT,
    location_start    INTEGER,
    location_end      INTEGER,
    sentence_start    INTEGER NOT NULL,
    sentence_end      INTEGER NOT NULL,
    evidence_start    INTEGER NOT NULL,
    evidence_end      INTEGER NOT NULL,
    rule              TEXT NOT NULL,
    version_id        INTEGER NOT NULL REFERENCES versions (id),
    UNIQUE (document_id, idx)
);
CREATE INDEX events_date ON events (date);

CREATE TABLE claims (
    id            INTEGER PRIMARY KEY,
    document_id   INTEGER NOT NULL REFERENCES documents (id),
    idx           INTEGER NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    holder_kind   TEXT NOT NULL,
    holder_actor  TEXT,
    holder_entity TEXT,
    holder_text   TEXT,
    certainty     TEXT NOT NULL,
    time          TEXT NOT NULL,
    event_id      INTEGER REFERENCES events (id),
    cues          TEXT NOT NULL,
    rule          TEXT NOT NULL,
    version_id    INTEGER NOT NULL REFERENCES versions (id),
    UNIQUE (document_id, idx)
);

CREATE TABLE claim_actors (
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    idx      INTEGER NOT NULL,
    actor    TEXT NOT NULL,
    PRIMARY KEY (claim_id, idx)
) WITHOUT ROWID;

CREATE TABLE tone (
    document_id        INTEGER PRIMARY KEY REFERENCES documents (id),
    score              REAL NOT NULL,
    gdelt_tone         REAL NOT NULL,
    positive           REAL NOT NULL,
    negative           REAL NOT NULL,
    polarity           REAL NOT NULL,
    activity_density   REAL NOT NULL,
    self_group_density REAL NOT NULL,
    word_count         REAL NOT NULL,
    version_id         INTEGER NOT NULL REFERENCES versions (id)
);

CREATE TABLE tone_contributions (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    value       REAL NOT NULL,
    version_id  INTEGER NOT NULL REFERENCES versions (id),
    PRIMARY KEY (document_id, idx)
) WITHOUT ROWID;

CREATE TABLE actor_tone (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    idx         INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    entity      TEXT NOT NULL,
    score       REAL NOT NULL,
    evidence    TEXT NOT NULL,
    version_id  INTEGER NOT NULL REFERENCES versions (id),
    PRIMARY KEY (document_id, idx)
) WITHOUT ROWID;

-- Problems met reading a document (stage 'ingest') or analyzing it (stage 'analysis').
CREATE TABLE diagnostics (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    stage       TEXT NOT NULL,
    idx         INTEGER NOT NULL,
    severity    TEXT NOT NULL,
    code        TEXT NOT NULL,
    message     TEXT NOT NULL,
    start       INTEGER,
    "end"       INTEGER,
    version_id  INTEGER REFERENCES versions (id),
    PRIMARY KEY (document_id, stage, idx)
) WITHOUT ROWID;

-- GDELT event rows: the 32 columns of the 2.0 export that analysis uses, under snake_case
-- names, plus where the row came from. Left out (to keep imports above 500,000 rows/s): MonthYear,
-- Year, FractionDate, EventBaseCode and EventRootCode (all derivable), the ethnic and religion
-- codes, the Actor1Geo_* and Actor2Geo_* blocks, and ActionGeo ADM1/ADM2/FeatureID.
-- Empty fields are NULL. Codes stay text: '010' is not '10'.
CREATE TABLE gdelt_events (
    global_event_id     INTEGER PRIMARY KEY,
    day                 TEXT NOT NULL,
    actor1_code         TEXT,
    actor1_name         TEXT,
    actor1_country_code TEXT,
    actor1_known_group  TEXT,
    actor1_type1_code   TEXT,
    actor1_type2_code   TEXT,
    actor1_type3_code   TEXT,
    actor2_code         TEXT,
    actor2_name         TEXT,
    actor2_country_code TEXT,
    actor2_known_group  TEXT,
    actor2_type1_code   TEXT,
    actor2_type2_code   TEXT,
    actor2_type3_code   TEXT,
    is_root_event       INTEGER,
    event_code          TEXT NOT NULL,
    quad_class          INTEGER NOT NULL,
    goldstein           REAL,
    num_mentions        INTEGER,
    num_sources         INTEGER,
    num_articles        INTEGER,
    avg_tone            REAL,
    action_geo_type     INTEGER,
    action_geo_fullname TEXT,
    action_geo_country  TEXT,
    action_geo_lat      REAL,
    action_geo_long     REAL,
    action_country_iso  TEXT,
    date_added          INTEGER,
    source_url          TEXT,
    format              INTEGER NOT NULL,
    run_id              INTEGER NOT NULL REFERENCES runs (id)
);

-- Feeds polled by `grip watch`, with the validators that make a poll cheap.
CREATE TABLE feeds (
    url            TEXT PRIMARY KEY,
    etag           TEXT,
    last_modified  TEXT,
    last_polled_at TEXT,
    n_items        INTEGER NOT NULL DEFAULT 0
);

-- grip's events and imported GDELT rows under one set of column names.
CREATE VIEW interactions AS
SELECT 'grip' AS origin, e.id AS event_id, e.document_id AS document_id, e.date AS day,
       e.source_actor AS source_actor,
       CASE WHEN e.source_actor LIKE 'REGION:%' THEN e.source_actor ELSE substr(e.source_actor, 1, 3) END
           AS source_country,
       '' AS source_types,
       '' AS source_group,
       e.target_actor AS target_actor,
       CASE WHEN e.target_actor LIKE 'REGION:%' THEN e.target_actor ELSE substr(e.target_actor, 1, 3) END
           AS target_country,
       '' AS target_types,
       '' AS target_group,
       e.code AS code, e.quad_class AS quad_class, e.goldstein AS goldstein, e.modality AS modality,
       e.location_country AS action_country, d.url AS url
FROM events e JOIN documents d ON d.id = e.document_id
UNION ALL
SELECT 'gdelt', g.global_event_id, NULL, g.day,
       g.actor1_code, g.actor1_country_code,
       trim(coalesce(g.actor1_type1_code, '') || ' ' || coalesce(g.actor1_type2_code, '') || ' '
            || coalesce(g.actor1_type3_code, '')),
       g.actor1_known_group,
       g.actor2_code, g.actor2_country_code,
       trim(coalesce(g.actor2_type1_code, '') || ' ' || coalesce(g.actor2_type2_code, '') || ' '
            || coalesce(g.actor2_type3_code, '')),
       g.actor2_known_group,
       g.event_code, g.quad_class, g.goldstein, 'asserted', g.action_country_iso, g.source_url
FROM gdelt_events g;
"#;
