//! The derived index: a SQLite cache of the ledger for lookups by id prefix, claim text, URL and status.
//!
//! The record files are the truth; this is a cache under `<ledger>/.cache/`, gitignored, rebuilt when missing,
//! corrupt or of another schema version, and brought up to date on open. Staleness is found without reading
//! records: every fan-out folder (`claims/3f/`) has its modification time remembered, and only folders whose
//! time changed are listed again (a `git pull` that adds files changes their folders' times). Only files
//! named by ids not yet indexed are read. This module owns the SQL; it never writes record files.

mod export;
mod query;
mod search;
mod sync;

use std::path::PathBuf;
use std::time::Duration;

use rusqlite::Connection;

use crate::store::{self, Store};

pub use export::{ExportClaim, ReadSnapshot};
pub use query::{AttributionView, ClaimRow, ClaimStatus, RetractionRow, SourceRow};
pub use search::{Candidate, Weights};
pub use sync::SyncStats;

/// Bump when the schema or what is derived into it changes: an index of another version is rebuilt.
const SCHEMA_VERSION: i32 = 4;

const SCHEMA: &str = "
CREATE TABLE records(id TEXT PRIMARY KEY, kind TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE claims(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL);
CREATE INDEX claims_text ON claims(text);
CREATE TABLE sources(id TEXT PRIMARY KEY, url TEXT NOT NULL, outlet TEXT NOT NULL, title TEXT,
    published TEXT, archived_url TEXT) WITHOUT ROWID;
CREATE INDEX sources_url ON sources(url);
CREATE INDEX sources_outlet ON sources(outlet COLLATE NOCASE);
CREATE TABLE attributions(id TEXT PRIMARY KEY, claim TEXT NOT NULL, source TEXT NOT NULL, quote TEXT NOT NULL,
    quote_kind TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX attributions_claim ON attributions(claim);
CREATE INDEX attributions_source ON attributions(source);
CREATE TABLE retractions(id TEXT PRIMARY KEY, target TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL,
    notice_url TEXT, effective TEXT NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX retractions_target ON retractions(target);
CREATE TABLE keys(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, df INTEGER NOT NULL);
CREATE TABLE postings(key INTEGER NOT NULL, claim INTEGER NOT NULL, PRIMARY KEY(key, claim)) WITHOUT ROWID;
CREATE TABLE outlets(name TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE dirs(path TEXT PRIMARY KEY, mtime INTEGER NOT NULL) WITHOUT ROWID;
";

/// Problems with the index or with the records it reads.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("index {}", path.display())]
    Sqlite { path: PathBuf, source: rusqlite::Error },
    #[error(transparent)]
    Store(#[from] store::Error),
}

/// An open, up-to-date index of one ledger.
pub struct Index {
    conn: Connection,
    path: PathBuf,
}

impl Index {
    /// Opens (creating or rebuilding as needed) the index of a ledger and brings it up to date.
    pub fn open(store: &Store) -> Result<(Index, SyncStats), Error> {
        Self::open_with(store, &|_, _| {})
    }

    /// Like [`Index::open`], reporting the progress of the sync (folders done, folders to list).
    pub fn open_with(store: &Store, progress: &dyn Fn(usize, usize)) -> Result<(Index, SyncStats), Error> {
        let mut index = Self::open_db(store)?;
        let stats = index.sync_with(store, progress)?;
        Ok((index, stats))
    }

    fn open_db(store: &Store) -> Result<Index, Error> {
        let dir = store.cache_dir();
        store.ensure_inside(&dir)?;
        std::fs::create_dir_all(&dir).map_err(|source| store::Error::Write { path: dir.clone(), source })?;
        let path = dir.join("index.sqlite3");
        // SQLite follows links: none of its files may be one (a linked .cache or database writes elsewhere).
        for suffix in ["", "-wal", "-shm", "-journal"] {
            store.ensure_inside(std::path::Path::new(&format!("{}{suffix}", path.display())))?;
        }
        match Self::try_open(&path) {
            Ok(index) => Ok(index),
            Err(_) => {
                // A cache that cannot be read is rebuilt from the files, never repaired.
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
                Self::try_open(&path)
            }
        }
    }

    fn try_open(path: &std::path::Path) -> Result<Index, Error> {
        let err = |source| Error::Sqlite { path: path.to_owned(), source };
        let conn = Connection::open(path).map_err(err)?;
        conn.busy_timeout(Duration::from_secs(30)).map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(err)?;
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
                conn.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(err)?;
            }
            conn.execute_batch("COMMIT").map_err(err)?;
        }
        Ok(Index { conn, path: path.to_owned() })
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        move |source| Error::Sqlite { path: self.path.clone(), source }
    }
}
