//! grip's embedded store: one SQLite file holding documents, their analyses (sentences,
//! mentions, events, claims, tone, diagnostics), imported GDELT event rows and the bookkeeping
//! of runs and feeds. This is the only crate that knows SQL.
//!
//! The file is an ordinary SQLite database in WAL mode: users can open it with any SQLite tool
//! (the tables are documented in README.md). The schema is versioned (`PRAGMA user_version`)
//! and migrated forward on open; see [`SCHEMA_VERSION`].
//!
//! Writes go through a [`Batch`] (one SQLite transaction): a document and all rows derived from
//! it are written in the same transaction, so a crash never leaves half a document, and a
//! document's content hash is unique, so the same input twice adds nothing.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod api;
mod export;
mod parquet;
mod read;
mod record;
mod schema;
mod write;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

pub use api::{
    ActorToneRow, ClaimRow, DiagnosticRow, DocumentDetail, DocumentListRow, EventQuery, EventRow, EventSide,
    GdeltEventDetail, GripEventDetail, LocationRow, MentionRow, PredictionClaim, SentenceRow, ToneRow,
};
pub use export::{ExportFormat, ExportSource, GdeltExportOptions};
pub use read::{DocumentSummary, InteractionFilter, InteractionRow, Origin, PredictionRow, StoredDocument, Value};
pub use record::{AnalysisRecord, GdeltActor, GdeltEvent, GdeltRecord, NewDocument, RunCounts, SentenceRecord};
pub use schema::SCHEMA_VERSION;
pub use write::{Batch, Inserted};

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be opened or created.
    #[error("cannot open database {path}")]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// The file is an SQLite database, but not one of grip's.
    #[error("{path} is not a grip database (it has tables, but no grip schema)")]
    NotGrip {
        /// The file.
        path: PathBuf,
    },
    /// The file was written by a newer grip.
    #[error("database {path} has schema version {found}, newer than this grip supports ({supported}); upgrade grip")]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: u32,
        /// The newest version this build knows.
        supported: u32,
    },
    /// The file needs a migration, but it was opened read-only.
    #[error("database {path} has schema version {found}; open it once for writing (for example with `grip ingest`) to migrate it to version {supported}")]
    NeedsMigration {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: u32,
        /// The version this build writes.
        supported: u32,
    },
    /// A migration step failed; the database was left at version `from`.
    #[error("migrating {path} from schema version {from} to {to}")]
    Migrate {
        /// The file.
        path: PathBuf,
        /// The version before the failed step.
        from: u32,
        /// The version the step would have reached.
        to: u32,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// A statement failed.
    #[error("database error while {action}")]
    Sql {
        /// What the store was doing.
        action: &'static str,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// A user query failed (syntax error, unknown table, or an attempt to write).
    #[error("query failed: {message}")]
    Query {
        /// SQLite's message.
        message: String,
    },
    /// Writing an export failed.
    #[error("writing the export")]
    Write {
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The export format does not apply to this kind of export.
    #[error("{0}")]
    Unsupported(String),
    /// Writing Parquet failed.
    #[error("writing Parquet")]
    Parquet {
        /// Why.
        #[source]
        source: ::parquet::errors::ParquetError,
    },
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Adds an action description to rusqlite errors.
pub(crate) trait SqlContext<T> {
    fn context(self, action: &'static str) -> Result<T>;
}

impl<T> SqlContext<T> for rusqlite::Result<T> {
    fn context(self, action: &'static str) -> Result<T> {
        self.map_err(|source| StoreError::Sql { action, source })
    }
}

/// The id of a row in `runs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RunId(pub i64);

/// The id of a row in `versions`: an (engine version, KB version) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VersionId(pub i64);

/// A connection to one grip database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating it if missing) the database at `path` for reading and writing, and
    /// migrates it to [`SCHEMA_VERSION`].
    ///
    /// # Errors
    /// When the file cannot be opened, is not a grip database, is newer than this build, or a
    /// migration fails.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open { path: path.to_owned(), source })?;
        let mut store = Store { conn, path: path.to_owned() };
        store.configure(true)?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing database read-only (for `grip query`, reports and duplicate checks
    /// next to a writer). Any statement that would write fails.
    ///
    /// # Errors
    /// When the file does not exist, is not a grip database, or needs a migration.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|source| StoreError::Open { path: path.to_owned(), source })?;
        let store = Store { conn, path: path.to_owned() };
        store.conn.busy_timeout(std::time::Duration::from_secs(30)).context("setting the busy timeout")?;
        store.conn.pragma_update(None, "query_only", true).context("making the connection read-only")?;
        let found = store.user_version()?;
        if found == 0 && !store.is_empty()? || found > 0 && !store.is_grip()? {
            return Err(StoreError::NotGrip { path: path.to_owned() });
        }
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew { path: path.to_owned(), found, supported: SCHEMA_VERSION });
        }
        if found < SCHEMA_VERSION {
            return Err(StoreError::NeedsMigration { path: path.to_owned(), found, supported: SCHEMA_VERSION });
        }
        Ok(store)
    }

    /// Opens a fresh in-memory database (for tests).
    ///
    /// # Errors
    /// When SQLite cannot allocate it.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()
            .map_err(|source| StoreError::Open { path: PathBuf::from(":memory:"), source })?;
        let mut store = Store { conn, path: PathBuf::from(":memory:") };
        store.configure(false)?;
        store.migrate()?;
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    ///
    /// # Errors
    /// When SQLite cannot answer.
    pub fn schema_version(&self) -> Result<u32> {
        self.user_version()
    }

    fn configure(&mut self, wal: bool) -> Result<()> {
        let conn = &self.conn;
        conn.busy_timeout(std::time::Duration::from_secs(30)).context("setting the busy timeout")?;
        if self.user_version()? == 0 && self.is_empty()? {
            // Larger pages cost less per row on bulk inserts (fewer WAL frames and checksums);
            // only a new, empty file can still change its page size.
            conn.pragma_update(None, "page_size", 8192).context("setting the page size")?;
        }
        if wal {
            // WAL lets readers (`grip query`, the duplicate check) run beside the one writer, and
            // with synchronous=NORMAL a killed process never loses a committed transaction.
            let mode: String =
                conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)).context("switching to WAL")?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Sql { action: "switching to WAL", source: rusqlite::Error::InvalidQuery });
            }
        }
        conn.pragma_update(None, "synchronous", "NORMAL").context("setting synchronous")?;
        // Checkpoint every 32 MiB of WAL instead of 4 MiB: bulk imports fsync a tenth as often.
        conn.pragma_update(None, "wal_autocheckpoint", 8192).context("setting the checkpoint interval")?;
        conn.pragma_update(None, "cache_size", -65_536).context("setting the cache size")?;
        conn.pragma_update(None, "temp_store", "MEMORY").context("setting temp_store")?;
        Ok(())
    }

    fn user_version(&self) -> Result<u32> {
        self.conn.query_row("PRAGMA user_version", [], |row| row.get(0)).context("reading the schema version")
    }

    fn is_empty(&self) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
            .context("reading the schema")?;
        Ok(n == 0)
    }

    fn is_grip(&self) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'", [], |row| {
                row.get(0)
            })
            .context("reading the schema")?;
        if n == 0 {
            return Ok(false);
        }
        let app: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'application'", [], |row| row.get(0))
            .map(Some)
            .or_else(|error| match error {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                error => Err(error),
            })
            .context("reading the meta table")?;
        Ok(app.as_deref() == Some("grip"))
    }

    fn migrate(&mut self) -> Result<()> {
        self.migrate_with(schema::MIGRATIONS)
    }

    /// Applies `migrations[found..]`, each step in its own transaction: a failed step leaves
    /// the database at the version before it.
    fn migrate_with(&mut self, migrations: &[&str]) -> Result<()> {
        let latest = u32::try_from(migrations.len()).expect("fewer than 4 billion migrations");
        let found = self.user_version()?;
        if found == 0 && !self.is_empty()? || found > 0 && !self.is_grip()? {
            return Err(StoreError::NotGrip { path: self.path.clone() });
        }
        if found > latest {
            return Err(StoreError::TooNew { path: self.path.clone(), found, supported: latest });
        }
        for from in found..latest {
            let to = from + 1;
            let step = migrations[from as usize];
            let path = self.path.clone();
            let error = |source| StoreError::Migrate { path: path.clone(), from, to, source };
            let tx = self.conn.transaction().map_err(error)?;
            tx.execute_batch(step).map_err(error)?;
            tx.pragma_update(None, "user_version", to).map_err(error)?;
            tx.commit().map_err(error)?;
        }
        Ok(())
    }

    /// Records the start of a command (`ingest`, `watch`, `reanalyze`) and returns its id.
    ///
    /// # Errors
    /// When the insert fails (a locked or read-only database).
    pub fn begin_run(&mut self, command: &str, engine_version: &str, started_at: &str) -> Result<RunId> {
        self.conn
            .execute(
                "INSERT INTO runs (command, started_at, engine_version) VALUES (?1, ?2, ?3)",
                (command, started_at, engine_version),
            )
            .context("recording the run")?;
        Ok(RunId(self.conn.last_insert_rowid()))
    }

    /// Records the end of a run with its counts.
    ///
    /// # Errors
    /// When the update fails.
    pub fn finish_run(&mut self, run: RunId, counts: &RunCounts, finished_at: &str) -> Result<()> {
        self.conn
            .execute(
                "UPDATE runs SET finished_at = ?2, n_new = ?3, n_duplicate = ?4, n_failed = ?5 WHERE id = ?1",
                (run.0, finished_at, counts.n_new, counts.n_duplicate, counts.n_failed),
            )
            .context("recording the end of the run")?;
        Ok(())
    }

    /// The id of an (engine version, KB version) pair, created on first use.
    ///
    /// # Errors
    /// When the insert fails.
    pub fn version_id(&mut self, engine_version: &str, kb_version: &str) -> Result<VersionId> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO versions (engine_version, kb_version) VALUES (?1, ?2)",
                (engine_version, kb_version),
            )
            .context("recording the version")?;
        let id = self
            .conn
            .query_row(
                "SELECT id FROM versions WHERE engine_version = ?1 AND kb_version = ?2",
                (engine_version, kb_version),
                |row| row.get(0),
            )
            .context("reading the version")?;
        Ok(VersionId(id))
    }

    /// The id of the stored document with this content hash, if any.
    ///
    /// # Errors
    /// When the lookup fails.
    pub fn document_by_hash(&self, content_hash: &str) -> Result<Option<i64>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE content_hash = ?1")
            .context("looking up a document")?;
        let mut rows = statement.query([content_hash]).context("looking up a document")?;
        match rows.next().context("looking up a document")? {
            Some(row) => Ok(Some(row.get(0).context("looking up a document")?)),
            None => Ok(None),
        }
    }

    /// Starts a transaction; everything written through the batch commits together.
    ///
    /// # Errors
    /// When the database is locked past the busy timeout.
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .context("starting a transaction")?;
        Ok(Batch::new(tx))
    }

    /// Reads the stored validators of a feed (ETag, Last-Modified).
    ///
    /// # Errors
    /// When the lookup fails.
    pub fn feed_validators(&self, url: &str) -> Result<(Option<String>, Option<String>)> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT etag, last_modified FROM feeds WHERE url = ?1")
            .context("reading a feed")?;
        let mut rows = statement.query([url]).context("reading a feed")?;
        match rows.next().context("reading a feed")? {
            Some(row) => Ok((row.get(0).context("reading a feed")?, row.get(1).context("reading a feed")?)),
            None => Ok((None, None)),
        }
    }

    /// Records a poll of a feed.
    ///
    /// # Errors
    /// When the update fails.
    pub fn record_feed_poll(
        &mut self,
        url: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
        polled_at: &str,
        n_items: u64,
    ) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO feeds (url, etag, last_modified, last_polled_at, n_items) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                     last_polled_at = excluded.last_polled_at, n_items = n_items + excluded.n_items",
                (url, etag, last_modified, polled_at, i64::try_from(n_items).unwrap_or(i64::MAX)),
            )
            .context("recording a feed poll")?;
        Ok(())
    }
}
