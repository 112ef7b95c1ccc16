//! The server's shared state: the engine, a pool of read-only store connections, the one
//! writer, the limits on concurrent work, and the response cache.
//!
//! Store and analysis work is blocking (SQLite, CPU), so it runs on tokio's blocking threads,
//! behind semaphores: at most `read_connections` queries and `analysis_workers` analyses run at
//! once, and the rest wait without holding a thread.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use grip_analysis::Engine;
use grip_store::Store;
use tokio::sync::Semaphore;

use crate::error::{ApiError, ErrorCode};
use crate::ServerConfig;

/// Everything a handler needs.
pub struct AppState {
    /// The analysis engine (KB and models).
    pub(crate) engine: Arc<Engine>,
    /// The configuration the server started with.
    pub(crate) config: ServerConfig,
    /// Read-only connections.
    readers: Pool,
    /// The writer, when the server accepts writes (a token is set).
    writer: Option<Mutex<Store>>,
    /// Limits concurrent store reads.
    read_permits: Semaphore,
    /// Limits concurrent analyses.
    analysis_permits: Semaphore,
    /// Cached GET responses.
    pub(crate) cache: Cache,
    /// KB lookups prepared once: party names, search keys.
    pub(crate) catalog: crate::actors::Catalog,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("db", &self.config.db)
            .field("writable", &self.writer.is_some())
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Opens the store at `config.db` (creating and migrating it when missing or old) and
    /// prepares the state.
    ///
    /// # Errors
    /// When the database cannot be opened or created.
    pub fn open(engine: Arc<Engine>, config: ServerConfig) -> Result<AppState, grip_store::StoreError> {
        // Opening for writing creates a missing file and migrates an old one; a read-only
        // server lets go of the writer at once.
        let needs_writer = config.token.is_some();
        let writer = if needs_writer || !config.db.exists() {
            Some(Store::open(&config.db)?)
        } else {
            match Store::open_read_only(&config.db) {
                Ok(_) => None,
                Err(grip_store::StoreError::NeedsMigration { .. }) => Some(Store::open(&config.db)?),
                Err(error) => return Err(error),
            }
        };
        let writer = if needs_writer { writer.map(Mutex::new) } else { None };
        let readers = Pool::new(&config.db, config.read_connections);
        // One connection proves the file can be read before the server says it is up.
        readers.put(readers.take()?);
        let catalog = crate::actors::Catalog::new(&engine.kb);
        Ok(AppState {
            readers,
            writer,
            read_permits: Semaphore::new(config.read_connections.max(1)),
            analysis_permits: Semaphore::new(config.analysis_workers.max(1)),
            cache: Cache::new(&config.db, config.cache_entries),
            catalog,
            engine,
            config,
        })
    }

    /// Whether the server accepts writes.
    pub fn writable(&self) -> bool {
        self.writer.is_some()
    }

    /// Runs `f` with a read-only connection on a blocking thread.
    pub(crate) async fn read<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self.read_permits.acquire().await.map_err(|_| ApiError::of(ErrorCode::Internal))?;
        let state = Arc::clone(self);
        blocking(move || {
            let store = state.readers.take().map_err(|error| ApiError::store(&error))?;
            let result = f(&store);
            state.readers.put(store);
            result
        })
        .await
    }

    /// Runs `f` with the engine on a blocking thread, at most `analysis_workers` at a time.
    pub(crate) async fn analyze<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Engine) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self.analysis_permits.acquire().await.map_err(|_| ApiError::of(ErrorCode::Internal))?;
        let engine = Arc::clone(&self.engine);
        blocking(move || f(&engine)).await
    }

    /// Runs `f` with the writer on a blocking thread (one writer at a time); afterwards, cached
    /// responses are stale.
    pub(crate) async fn write<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        if self.writer.is_none() {
            return Err(ApiError::of(ErrorCode::ReadOnly));
        }
        let state = Arc::clone(self);
        let result = blocking(move || {
            let writer = state.writer.as_ref().ok_or_else(|| ApiError::of(ErrorCode::ReadOnly))?;
            // A panic while writing poisons the mutex; the transaction it held was rolled back
            // when its batch was dropped, so the connection is still sound.
            let mut store = writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            f(&mut store)
        })
        .await;
        self.cache.invalidate();
        result
    }
}

/// Runs blocking work; a panic in it becomes an internal error (and is logged).
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result,
        Err(error) => {
            tracing::error!(error = %error, "Blocking task failed.");
            Err(ApiError::of(ErrorCode::Internal))
        }
    }
}

/// Idle read-only connections, opened on demand.
struct Pool {
    path: PathBuf,
    max_idle: usize,
    idle: Mutex<Vec<Store>>,
}

impl Pool {
    fn new(path: &Path, max_idle: usize) -> Pool {
        Pool { path: path.to_owned(), max_idle: max_idle.max(1), idle: Mutex::new(Vec::new()) }
    }

    fn take(&self) -> Result<Store, grip_store::StoreError> {
        let idle = self.idle.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop();
        match idle {
            Some(store) => Ok(store),
            None => Store::open_read_only(&self.path),
        }
    }

    fn put(&self, store: Store) {
        let mut idle = self.idle.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if idle.len() < self.max_idle {
            idle.push(store);
        }
    }
}

/// Cached GET responses, keyed by path and query.
///
/// An entry is served while the database is unchanged: each lookup compares a fingerprint of
/// the database files (size and modification time of the file and its WAL, plus a counter
/// the server's own writes bump), so a `grip ingest` running beside the server is seen at its
/// next commit. Entries also expire after `ttl`, in case two commits fall within one tick of
/// the file system clock.
pub(crate) struct Cache {
    db: PathBuf,
    wal: PathBuf,
    capacity: usize,
    ttl: Duration,
    generation: AtomicU64,
    entries: Mutex<HashMap<String, CacheEntry>>,
}

#[derive(Clone)]
struct CacheEntry {
    fingerprint: Fingerprint,
    created: Instant,
    body: Bytes,
}

type Fingerprint = (u64, Option<(u64, SystemTime)>, Option<(u64, SystemTime)>);

impl Cache {
    fn new(db: &Path, capacity: usize) -> Cache {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        Cache {
            db: db.to_owned(),
            wal: PathBuf::from(wal),
            capacity,
            ttl: Duration::from_secs(10),
            generation: AtomicU64::new(0),
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn fingerprint(&self) -> Fingerprint {
        let stat = |path: &Path| {
            std::fs::metadata(path).ok().and_then(|metadata| Some((metadata.len(), metadata.modified().ok()?)))
        };
        (self.generation.load(Ordering::Acquire), stat(&self.db), stat(&self.wal))
    }

    /// The cached body for `key`, if still valid.
    pub(crate) fn get(&self, key: &str) -> Option<Bytes> {
        if self.capacity == 0 {
            return None;
        }
        let fingerprint = self.fingerprint();
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = entries.get(key)?;
        (entry.fingerprint == fingerprint && entry.created.elapsed() < self.ttl).then(|| entry.body.clone())
    }

    /// The fingerprint to store with a body computed now (taken before the computation, so
    /// that a commit during it makes the entry stale rather than wrongly fresh).
    pub(crate) fn begin(&self) -> Option<(Fingerprint, Instant)> {
        (self.capacity > 0).then(|| (self.fingerprint(), Instant::now()))
    }

    /// Stores a body computed since `begin`.
    pub(crate) fn put(&self, key: String, begun: Option<(Fingerprint, Instant)>, body: Bytes) {
        let Some((fingerprint, created)) = begun else {
            return;
        };
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            // Evict the oldest entry; the map is small, a scan is cheap.
            let oldest = entries.iter().min_by_key(|(_, entry)| entry.created).map(|(key, _)| key.clone());
            if let Some(oldest) = oldest {
                entries.remove(&oldest);
            }
        }
        entries.insert(key, CacheEntry { fingerprint, created, body });
    }

    /// Makes every entry stale.
    pub(crate) fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}
