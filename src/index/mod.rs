//! The derived index: SQLite tables of the ledger for lookups by id prefix, claim text, URL and status, and a
//! tantivy search index of the claims for finding the ones a sentence restates.
//!
//! The record files are the truth; this is a cache under `<ledger>/.cache/`, gitignored, rebuilt when missing,
//! corrupt or of another version, and brought up to date on open. Staleness is found without reading
//! records: every fan-out folder (`claims/3f/`) has its modification time remembered, and only folders whose
//! time changed are listed again (a `git pull` that adds files changes their folders' times). Only files
//! named by ids not yet indexed are read.
//!
//! Small writes (a `claim add`, a sync that finds a few new files) do not commit the search index: a tantivy
//! commit writes and syncs segment files and waits for merges, which made one `claim add` cost 200 ms. Their
//! claims go into the SQLite tables and into a small pending set, the `pending` table, in the same
//! transaction; searches read the search index and the pending set together and score pending claims with
//! the same BM25 statistics ([`search`]). The pending set is flushed into the search index when it grows past
//! [`PENDING_LIMIT`], when a sync brings many claims at once (an import) or [`Index::insert_many`] loads
//! several, or on [`Index::flush`].
//!
//! Generations. The tables carry a commit generation G, the search index the generation of its last commit.
//! G names the search index that the tables describe: the documents of search commit G are exactly the
//! claims table minus the pending additions plus the pending removals. Pending changes leave G alone. A
//! flush or rebuild commits the search index first as G + 1, then in one SQLite transaction empties the
//! pending set and sets G + 1; a search index whose generation is not G (an interrupted flush left it
//! ahead, it was lost, it is of another version) is never read: it is rebuilt from the claims table, which
//! empties the pending set the same way. This module owns the SQL and the search schema; it never writes
//! record files.

mod bulk;
mod export;
pub mod fusion_train;
mod query;
mod search;
mod sync;
#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::time::Duration;

use rusqlite::Connection;

use crate::record::Kind;
use crate::store::{self, Store};

pub use export::{ExportClaim, ReadSnapshot};
pub use query::{AttributionView, ClaimRow, ClaimStatus, RetractionRow, SourceRow};
use search::Search;
pub use search::{Candidate, Retriever, Weights};
pub use sync::SyncStats;

/// Bump when the schema or what is derived into it changes: an index of another version is rebuilt.
const SCHEMA_VERSION: i32 = 12;

/// How many pending claim changes (additions and removals) the search index may lag behind before a write
/// flushes them. Searches score pending claims one by one, so the bound keeps them fast; a flush of this many
/// costs about as much as the commit it replaces.
pub const PENDING_LIMIT: usize = 4096;

/// The tables; their secondary indexes are in [`INDEXES`], created after a bulk load rather than during it.
/// Each record is a row of its kind's table only: ids across kinds are read through [`ALL_IDS`], so a build
/// inserts each id into one table, not two.
const SCHEMA: &str = "
CREATE TABLE claims(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE sources(id TEXT PRIMARY KEY, url TEXT NOT NULL, outlet TEXT NOT NULL, title TEXT,
    published TEXT, archived_url TEXT) WITHOUT ROWID;
CREATE TABLE attributions(id TEXT PRIMARY KEY, claim TEXT NOT NULL, source TEXT NOT NULL, quote TEXT NOT NULL,
    quote_kind TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE retractions(id TEXT PRIMARY KEY, target TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL,
    notice_url TEXT, effective TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE outlets(name TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE dirs(path TEXT PRIMARY KEY, mtime INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE pending(id TEXT PRIMARY KEY, added INTEGER NOT NULL, terms TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO meta(key, value) VALUES ('generation', 0);
";

/// Every record's id and kind, as one compound select in id order; SQLite merges the four tables, each read in id
/// order, rather than sorting them. `{where}` is a condition on `r.id` applied to each table (or `1`).
const ALL_IDS: &str = "SELECT r.id, 'claim' FROM claims r WHERE {where}
    UNION ALL SELECT r.id, 'source' FROM sources r WHERE {where}
    UNION ALL SELECT r.id, 'attribution' FROM attributions r WHERE {where}
    UNION ALL SELECT r.id, 'retraction' FROM retractions r WHERE {where}
    ORDER BY 1";

/// [`ALL_IDS`] with its condition.
fn all_ids(condition: &str) -> String {
    ALL_IDS.replace("{where}", condition)
}

/// The table of a kind's records.
fn table_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Claim => "claims",
        Kind::Source => "sources",
        Kind::Attribution => "attributions",
        Kind::Retraction => "retractions",
    }
}

/// Secondary indexes of the tables, built after the rows when an index is built from scratch.
const INDEXES: &str = "
CREATE UNIQUE INDEX IF NOT EXISTS claims_id ON claims(id);
CREATE INDEX IF NOT EXISTS sources_url ON sources(url);
CREATE INDEX IF NOT EXISTS sources_outlet ON sources(outlet COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS attributions_claim ON attributions(claim);
CREATE INDEX IF NOT EXISTS attributions_source ON attributions(source);
CREATE INDEX IF NOT EXISTS retractions_target ON retractions(target);
";

/// Problems with the index or with the records it reads.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("index {}", path.display())]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    #[error("search index {}", path.display())]
    Search { path: PathBuf, source: Box<tantivy::TantivyError> },
    #[error(transparent)]
    Store(#[from] store::Error),
}

/// An open, up-to-date index of one ledger.
pub struct Index {
    conn: Connection,
    path: PathBuf,
    search: Search,
    /// The pending set as searches see it, read on the first search after a write.
    pending: std::sync::OnceLock<search::Pending>,
    /// See [`PENDING_LIMIT`]; lowered by tests.
    pending_limit: usize,
}

impl Index {
    /// Opens (creating or rebuilding as needed) the index of a ledger and brings it up to date.
    pub fn open(store: &Store) -> Result<(Index, SyncStats), Error> {
        Self::open_with(store, &|_, _| {})
    }

    /// Like [`Index::open`], reporting the progress of the sync (folders done, folders to list).
    pub fn open_with(store: &Store, progress: &dyn Fn(usize, usize)) -> Result<(Index, SyncStats), Error> {
        let dir = store.cache_dir();
        store.ensure_inside(&dir)?;
        std::fs::create_dir_all(&dir).map_err(|source| store::Error::Write { path: dir.clone(), source })?;
        let path = dir.join("index.sqlite3");
        // SQLite and tantivy follow links: none of their files may be one (a linked .cache, database or search
        // folder writes elsewhere).
        for suffix in ["", "-wal", "-shm", "-journal"] {
            store.ensure_inside(std::path::Path::new(&format!("{}{suffix}", path.display())))?;
        }
        // One process at a time may replace or build the index; the others wait here, then find it built.
        let lock_path = dir.join("index.lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .and_then(|f| fs4::fs_std::FileExt::lock_exclusive(&f).map(|()| f))
            .map_err(|source| store::Error::Write { path: lock_path.clone(), source })?;
        let name = format!("search-v{}", search::SEARCH_VERSION);
        store.ensure_inside(&lock_path)?;
        store.ensure_inside(&dir.join(&name))?;
        if let Ok(entries) = std::fs::read_dir(dir.join(&name)) {
            for e in entries.flatten() {
                store.ensure_inside(&e.path())?;
            }
        }
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                let other = e.file_name().to_string_lossy().into_owned();
                // Search indexes of other versions are dead weight; a build file found while holding the lock
                // belongs to a build that died.
                if other.starts_with("search-v") && other != name {
                    let _ = std::fs::remove_dir_all(e.path());
                } else if other.starts_with("index.sqlite3.tmp-") {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        let search = Search::open(&dir.join(name))?;
        let mut built = SyncStats::default();
        if !Self::is_current(&path) {
            // No index, an unreadable one or one of another version: build a new one from the files at once.
            built = bulk::build(store, &path, &search, progress)?;
        }
        drop(lock);
        let conn = match Self::try_open(&path) {
            Ok(conn) => conn,
            Err(_) => {
                // A cache that cannot be read is rebuilt from the files, never repaired.
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
                Self::try_open(&path)?
            }
        };
        let mut index = Index { conn, path, search, pending: std::sync::OnceLock::new(), pending_limit: PENDING_LIMIT };
        index.check_generation()?;
        let mut stats = index.sync_with(store, progress)?;
        stats.added += built.added;
        stats.folders_listed += built.folders_listed;
        Ok((index, stats))
    }

    /// Whether `path` is an index of this version.
    fn is_current(path: &std::path::Path) -> bool {
        if !path.exists() {
            return false;
        }
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let Ok(conn) = Connection::open_with_flags(path, flags) else { return false };
        let _ = conn.busy_timeout(Duration::from_secs(30));
        conn.pragma_query_value(None, "user_version", |r| r.get::<_, i32>(0)).is_ok_and(|v| v == SCHEMA_VERSION)
    }

    fn try_open(path: &std::path::Path) -> Result<Connection, Error> {
        let err = |source| Error::Sqlite { path: path.to_owned(), source };
        let conn = Connection::open(path).map_err(err)?;
        conn.busy_timeout(Duration::from_secs(30)).map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(err)?;
        // Most commands are short: a checkpoint when the last connection closes would sync the log and the
        // database and delete the log, and the next command would create and sync it again (four syncs for
        // one `claim add`). The log is checkpointed as it grows instead (every 1,000 pages).
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).map_err(err)?;
        // Keep what a command has read for the rest of the command (32 MB).
        conn.pragma_update(None, "cache_size", -32768).map_err(err)?;
        let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(err)?;
        if version != SCHEMA_VERSION {
            conn.execute_batch("BEGIN IMMEDIATE").map_err(err)?;
            let tables: Vec<String> = {
                let mut st = conn
                    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                    .map_err(err)?;
                let rows = st.query_map([], |r| r.get(0)).map_err(err)?;
                rows.collect::<Result<_, _>>().map_err(err)?
            };
            // Another process may have built it while we waited for the lock.
            let again: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(err)?;
            if again != SCHEMA_VERSION {
                for t in tables {
                    conn.execute_batch(&format!("DROP TABLE IF EXISTS \"{t}\"")).map_err(err)?;
                }
                conn.execute_batch(SCHEMA).map_err(err)?;
                conn.execute_batch(INDEXES).map_err(err)?;
                conn.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(err)?;
            }
            conn.execute_batch("COMMIT").map_err(err)?;
        }
        Ok(conn)
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        move |source| Error::Sqlite { path: self.path.clone(), source }
    }
}
