//! The ledger on disk: one pretty-printed JSON file per record, named by its id.
//!
//! Layout: `<root>/<kind>s/<first 2 hex>/<remaining 62 hex>.json`. The files are the truth; this module writes
//! them atomically and idempotently (temporary file in the target folder, `sync_all`, rename; an existing id is
//! success) and never rewrites or deletes one. It knows paths and bytes, not how records relate (that is
//! [`crate::index`]) and not whether the ledger is intact (that is [`crate::verify`]).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::canonical;
use crate::id::Id;
use crate::record::{Kind, Record, RecordError};

/// Where derived data (the index) lives inside a ledger; gitignored.
pub const CACHE_DIR: &str = ".cache";

/// Problems with the ledger's files.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no ledger at {}: run `claimledger init` or pass --ledger DIR", path.display())]
    Missing { path: PathBuf },
    #[error("{} is not a directory", path.display())]
    NotADirectory { path: PathBuf },
    #[error("cannot read {}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write {}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("malformed record {}", path.display())]
    Malformed { path: PathBuf, source: RecordError },
    #[error("record {} does not match its name: its content hashes to {actual}", path.display())]
    IdMismatch { path: PathBuf, actual: Id },
    #[error("record {} is a {found}, expected a {expected}", path.display())]
    WrongKind { path: PathBuf, expected: Kind, found: Kind },
}

/// A ledger directory.
#[derive(Clone, Debug)]
pub struct Store {
    root: PathBuf,
}

/// The outcome of writing a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Written {
    pub id: Id,
    /// False when a record with this id was already on disk.
    pub created: bool,
}

impl Store {
    /// Opens an existing ledger directory.
    pub fn open(root: impl Into<PathBuf>) -> Result<Store, Error> {
        let root = root.into();
        match fs::metadata(&root) {
            Ok(m) if m.is_dir() => Ok(Store { root }),
            Ok(_) => Err(Error::NotADirectory { path: root }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::Missing { path: root }),
            Err(source) => Err(Error::Read { path: root, source }),
        }
    }

    /// Creates the ledger layout (idempotent). Returns whether anything was created.
    pub fn init(root: impl Into<PathBuf>) -> Result<(Store, bool), Error> {
        let root = root.into();
        let mut created = false;
        for kind in Kind::ALL {
            let dir = root.join(kind.dir());
            if !dir.is_dir() {
                fs::create_dir_all(&dir).map_err(|source| Error::Write { path: dir.clone(), source })?;
                created = true;
            }
        }
        let ignore = root.join(".gitignore");
        if !ignore.exists() {
            let body = format!("# derived data, rebuilt automatically\n/{CACHE_DIR}/\n");
            fs::write(&ignore, body).map_err(|source| Error::Write { path: ignore.clone(), source })?;
            created = true;
        }
        Ok((Store { root }, created))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn cache_dir(&self) -> PathBuf {
        self.root.join(CACHE_DIR)
    }

    pub fn kind_dir(&self, kind: Kind) -> PathBuf {
        self.root.join(kind.dir())
    }

    /// The file that holds the record of this kind and id.
    pub fn path_of(&self, kind: Kind, id: &Id) -> PathBuf {
        let hex = id.to_hex();
        self.kind_dir(kind).join(&hex[..2]).join(format!("{}.json", &hex[2..]))
    }

    /// Writes a record atomically; an existing record with the same id is success.
    pub fn write(&self, record: &Record) -> Result<Written, Error> {
        let id = record.id();
        let path = self.path_of(record.kind(), &id);
        if path.exists() {
            return Ok(Written { id, created: false });
        }
        let dir = path.parent().expect("record paths have a parent");
        fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_owned(), source })?;
        let bytes = canonical::to_pretty(&record.to_value());
        let werr = |source| Error::Write { path: path.clone(), source };
        let mut tmp = tempfile::Builder::new().prefix(".tmp-").suffix(".json").tempfile_in(dir).map_err(werr)?;
        tmp.write_all(&bytes).map_err(werr)?;
        tmp.as_file().sync_all().map_err(werr)?;
        let mut perms = tmp.as_file().metadata().map_err(werr)?.permissions();
        perms.set_readonly(true);
        tmp.as_file().set_permissions(perms).map_err(werr)?;
        // Two writers of the same id race harmlessly: both files hold the same bytes, the rename is atomic.
        tmp.persist(&path).map_err(|e| werr(e.error))?;
        if let Ok(d) = fs::File::open(dir) {
            // Durability of the rename itself; failure here loses nothing already visible.
            let _ = d.sync_all();
        }
        Ok(Written { id, created: true })
    }

    /// Writes many records as [`Store::write`] does each one (temporary file, `sync_all`, read-only, rename),
    /// but several at a time, since each waits on the disk, and syncing each folder once at the end rather
    /// than after every rename. Returns how many were new. Reports `(done, total)` as it goes.
    pub fn write_batch(&self, records: &[Record], progress: &(dyn Fn(u64, u64) + Sync)) -> Result<usize, Error> {
        use rayon::prelude::*;
        use std::sync::atomic::{AtomicU64, Ordering};
        let total = records.len() as u64;
        let done = AtomicU64::new(0);
        progress(0, total);
        // Writers mostly wait for fsync, so more of them than cores keeps the disk's queue full.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(16)
            .build()
            .map_err(|e| Error::Write { path: self.root.clone(), source: std::io::Error::other(e) })?;
        let written: Vec<Option<PathBuf>> = pool.install(|| {
            records
                .par_iter()
                .map(|record| {
                    let path = self.path_of(record.kind(), &record.id());
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if n % 1024 == 0 {
                        progress(n, total);
                    }
                    if path.exists() {
                        return Ok(None);
                    }
                    self.write_file(&path, record)?;
                    Ok(path.parent().map(Path::to_owned))
                })
                .collect::<Result<_, Error>>()
        })?;
        let mut dirs: Vec<&PathBuf> = written.iter().flatten().collect();
        let created = dirs.len();
        dirs.sort_unstable();
        dirs.dedup();
        for dir in dirs {
            if let Ok(d) = fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        progress(total, total);
        Ok(created)
    }

    /// One record's file: temporary sibling, contents synced, read-only, renamed into place.
    fn write_file(&self, path: &Path, record: &Record) -> Result<(), Error> {
        let dir = path.parent().expect("record paths have a parent");
        fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_owned(), source })?;
        let bytes = canonical::to_pretty(&record.to_value());
        let werr = |source| Error::Write { path: path.to_owned(), source };
        let mut tmp = tempfile::Builder::new().prefix(".tmp-").suffix(".json").tempfile_in(dir).map_err(werr)?;
        tmp.write_all(&bytes).map_err(werr)?;
        tmp.as_file().sync_all().map_err(werr)?;
        let mut perms = tmp.as_file().metadata().map_err(werr)?.permissions();
        perms.set_readonly(true);
        tmp.as_file().set_permissions(perms).map_err(werr)?;
        tmp.persist(path).map_err(|e| werr(e.error))?;
        Ok(())
    }

    /// Reads and checks one record: strict JSON, valid fields, content matching the id, the expected kind.
    pub fn read(&self, kind: Kind, id: &Id) -> Result<Record, Error> {
        read_record(&self.path_of(kind, id), Some(kind), Some(id))
    }
}

/// Reads a record file and checks it against what its location says it is.
pub fn read_record(path: &Path, kind: Option<Kind>, id: Option<&Id>) -> Result<Record, Error> {
    let bytes = fs::read(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    let (record, value) =
        Record::from_bytes(&bytes).map_err(|source| Error::Malformed { path: path.to_owned(), source })?;
    if let Some(expected) = kind {
        if record.kind() != expected {
            return Err(Error::WrongKind { path: path.to_owned(), expected, found: record.kind() });
        }
    }
    if let Some(expected) = id {
        let actual = Id::of_bytes(&canonical::to_canonical(&value));
        if actual != *expected {
            return Err(Error::IdMismatch { path: path.to_owned(), actual });
        }
    }
    Ok(record)
}

/// The id a record file's location names: `<2 hex>/<62 hex>.json`, or `None` for anything else.
pub fn id_from_path(fan: &str, file_name: &str) -> Option<Id> {
    let rest = file_name.strip_suffix(".json")?;
    if fan.len() != 2 || rest.len() != 62 {
        return None;
    }
    let hex = format!("{fan}{rest}");
    if hex.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    hex.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Claim;

    #[test]
    fn write_is_idempotent_and_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let (store, created) = Store::init(dir.path().join("ledger")).unwrap();
        assert!(created);
        assert!(!Store::init(dir.path().join("ledger")).unwrap().1);
        let rec = Record::Claim(Claim { text: "Kazakhstan is landlocked.".into() });
        let first = store.write(&rec).unwrap();
        assert!(first.created);
        let again = store.write(&rec).unwrap();
        assert_eq!(again, Written { id: first.id, created: false });
        let path = store.path_of(Kind::Claim, &first.id);
        assert!(fs::metadata(&path).unwrap().permissions().readonly());
        assert_eq!(store.read(Kind::Claim, &first.id).unwrap(), rec);
        let hex = first.id.to_hex();
        assert_eq!(id_from_path(&hex[..2], &format!("{}.json", &hex[2..])), Some(first.id));
        // no temporary file is left behind
        let names: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn read_detects_tampering() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::init(dir.path()).unwrap();
        let rec = Record::Claim(Claim { text: "One.".into() });
        let w = store.write(&rec).unwrap();
        let path = store.path_of(Kind::Claim, &w.id);
        let mut perms = fs::metadata(&path).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        fs::set_permissions(&path, perms).unwrap();
        fs::write(&path, br#"{"type":"claim","text":"Two."}"#).unwrap();
        assert!(matches!(store.read(Kind::Claim, &w.id), Err(Error::IdMismatch { .. })));
        assert!(matches!(store.read(Kind::Source, &w.id), Err(Error::Read { .. })));
    }
}
