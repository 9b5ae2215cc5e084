//! The ledger on disk: one pretty-printed JSON file per record, named by its id.
//!
//! Layout: `<root>/<kind>s/<first 2 hex>/<remaining 62 hex>.json`. The files are the truth; this module writes
//! them atomically and idempotently (temporary file in the target folder, `sync_all`, rename; an existing id is
//! success) and never rewrites or deletes one. It knows paths and bytes, not how records relate (that is
//! [`crate::index`]) and not whether the ledger is intact (that is [`crate::verify`]).
//!
//! Invariants it keeps for every write below the ledger root, the index's included ([`Store::ensure_inside`]):
//! no write goes through a symbolic link (a linked `claims/ab`, `claims` or `.cache` would carry it outside
//! the ledger); records are readable by everyone and writable by no one (0444 under the usual umask, as git's
//! objects); temporary files (`.tmp-*`) are gitignored, and stale ones in a folder are removed by the next
//! write to it; and records written together become visible in the order given, so that a reader never sees a
//! claim without the attribution written with it.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::canonical;
use crate::id::Id;
use crate::record::{Kind, Record, RecordError};

/// Where derived data (the index) lives inside a ledger; gitignored.
pub const CACHE_DIR: &str = ".cache";

/// The prefix of the temporary files of writes in progress.
pub const TEMP_PREFIX: &str = ".tmp-";

/// A temporary file older than this was left by a killed writer: the next write to its folder removes it.
pub const STALE_TEMP: Duration = Duration::from_secs(60);

/// What `init` puts in `<ledger>/.gitignore`; `init` adds lines that an older ledger's file lacks.
const GITIGNORE: [(&str, &str); 2] =
    [("/.cache/", "# derived data, rebuilt automatically"), (".tmp-*", "# temporary files of interrupted writes")];

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
    #[error("refusing to write through {}: it is a symbolic link (to {}), which would lead outside the ledger", path.display(), target.display())]
    Symlink { path: PathBuf, target: PathBuf },
    #[error("refusing to write {}: it is not inside the ledger {}", path.display(), root.display())]
    Outside { path: PathBuf, root: PathBuf },
    #[error("invalid {kind} record, not written: {message}")]
    Invalid { kind: Kind, message: String },
}

/// A record file that a reader left out because it could not be read as the record its name says, or because
/// it is reached through a symbolic link: `verify` reports it; other commands warn and go on without it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    /// Why, in one line (the error and its causes).
    pub reason: String,
}

impl Skipped {
    /// The file an error is about, and the error with its causes as the reason.
    pub fn from_error(path: &Path, err: &Error) -> Skipped {
        let mut reason = err.to_string();
        let mut cause = std::error::Error::source(err);
        while let Some(c) = cause {
            reason.push_str(": ");
            reason.push_str(&c.to_string());
            cause = c.source();
        }
        Skipped { path: path.to_owned(), reason }
    }

    /// A folder or file reached through a symbolic link.
    pub fn symlink(path: &Path) -> Skipped {
        let target = fs::read_link(path).unwrap_or_default();
        let reason = format!("is a symbolic link (to {}), which would lead outside the ledger", target.display());
        Skipped { path: path.to_owned(), reason }
    }
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

/// Refuses a path below `root` when any component from `root` down (the path itself included, when it exists)
/// is a symbolic link, or when it is not below `root` at all. The root itself may be a link: that is where the
/// user keeps the ledger. Called before every write under a ledger, and by the index before it opens its files.
pub fn ensure_inside(root: &Path, path: &Path) -> Result<(), Error> {
    let outside = || Error::Outside { path: path.to_owned(), root: root.to_owned() };
    let rest = path.strip_prefix(root).map_err(|_| outside())?;
    let mut at = root.to_path_buf();
    for component in rest.components() {
        match component {
            Component::Normal(name) => at.push(name),
            Component::CurDir => continue,
            _ => return Err(outside()),
        }
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&at).unwrap_or_default();
                return Err(Error::Symlink { path: at, target });
            }
            Ok(_) => {}
            // Nothing below a missing component can be a link yet.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(source) => return Err(Error::Read { path: at, source }),
        }
    }
    Ok(())
}

/// A record written to a temporary file in its folder, synced, waiting for its rename.
struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
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

    /// Creates the ledger layout (idempotent; an older ledger's `.gitignore` gains the lines it lacks). Returns
    /// whether anything was created or added.
    pub fn init(root: impl Into<PathBuf>) -> Result<(Store, bool), Error> {
        let root = root.into();
        let mut created = false;
        for kind in Kind::ALL {
            let dir = root.join(kind.dir());
            ensure_inside(&root, &dir)?;
            if !dir.is_dir() {
                fs::create_dir_all(&dir).map_err(|source| Error::Write { path: dir.clone(), source })?;
                created = true;
            }
        }
        let store = Store { root };
        created |= store.update_gitignore()?;
        Ok((store, created))
    }

    /// Adds the lines of [`GITIGNORE`] that `<ledger>/.gitignore` lacks; returns whether it changed.
    fn update_gitignore(&self) -> Result<bool, Error> {
        let path = self.root.join(".gitignore");
        self.ensure_inside(&path)?;
        let current = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => return Err(Error::Read { path, source }),
        };
        let mut add = String::new();
        for (line, comment) in GITIGNORE {
            if !current.lines().any(|l| l.trim() == line) {
                add.push_str(&format!("{comment}\n{line}\n"));
            }
        }
        if add.is_empty() {
            return Ok(false);
        }
        let separator = if current.is_empty() || current.ends_with('\n') { "" } else { "\n" };
        let body = format!("{current}{separator}{add}");
        fs::write(&path, body).map_err(|source| Error::Write { path, source })?;
        Ok(true)
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
        self.kind_dir(kind).join(&hex[..2]).join(file_name(id))
    }

    /// Refuses a path that would leave this ledger through a symbolic link; see [`ensure_inside`].
    pub fn ensure_inside(&self, path: &Path) -> Result<(), Error> {
        ensure_inside(&self.root, path)
    }

    /// Writes a record atomically; an existing record with the same id is success.
    pub fn write(&self, record: &Record) -> Result<Written, Error> {
        Ok(self.write_all(std::slice::from_ref(record))?[0])
    }

    /// Writes records together: every one is checked and staged in a synced temporary file first, then they
    /// are renamed into place in the order given, so a reader (or a killed writer) can only ever see a prefix
    /// of that order. Nothing is written unless every record could be staged.
    pub fn write_all(&self, records: &[Record]) -> Result<Vec<Written>, Error> {
        let mut staged = Vec::with_capacity(records.len());
        let mut written = Vec::with_capacity(records.len());
        for record in records {
            let id = record.id();
            let created = match self.stage(record, &id)? {
                Some(s) => {
                    staged.push(s);
                    true
                }
                None => false,
            };
            written.push(Written { id, created });
        }
        if staged.is_empty() {
            return Ok(written);
        }
        // Ledgers made before temporary files were ignored gain the line before the first one can be committed.
        let _ = self.update_gitignore();
        for s in staged {
            let dir = s.path.parent().expect("record paths have a parent").to_owned();
            // Two writers of the same id race harmlessly: both files hold the same bytes, the rename is atomic.
            s.tmp.persist(&s.path).map_err(|e| Error::Write { path: s.path.clone(), source: e.error })?;
            if let Ok(d) = fs::File::open(&dir) {
                // Durability of the rename itself; failure here loses nothing already visible.
                let _ = d.sync_all();
            }
            remove_stale_temporaries(&dir);
        }
        Ok(written)
    }

    /// Checks a record and writes it to a synced, read-only temporary file beside its final name; `None` when a
    /// record with this id is already on disk.
    fn stage(&self, record: &Record, id: &Id) -> Result<Option<Staged>, Error> {
        let path = self.path_of(record.kind(), id);
        self.ensure_inside(&path)?;
        if fs::symlink_metadata(&path).is_ok() {
            return Ok(None);
        }
        let value = record.to_value();
        record.validate().map_err(|message| Error::Invalid { kind: record.kind(), message })?;
        let schema = crate::verify::schema_errors(record.kind(), &value);
        if !schema.is_empty() {
            return Err(Error::Invalid { kind: record.kind(), message: schema.join("; ") });
        }
        let dir = path.parent().expect("record paths have a parent");
        fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_owned(), source })?;
        // Created while checking, or swapped in meanwhile: check again now that the folders exist.
        self.ensure_inside(&path)?;
        let bytes = canonical::to_pretty(&value);
        let werr = |source| Error::Write { path: path.clone(), source };
        let mut tmp = temp_builder(TEMP_PREFIX, ".json").tempfile_in(dir).map_err(werr)?;
        tmp.write_all(&bytes).map_err(werr)?;
        tmp.as_file().sync_all().map_err(werr)?;
        let perms = read_only(tmp.as_file().metadata().map_err(werr)?.permissions());
        tmp.as_file().set_permissions(perms).map_err(werr)?;
        Ok(Some(Staged { tmp, path }))
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

/// A temporary-file builder whose files get the umask's permissions (0644 under the usual 022), like any file
/// the user creates, instead of tempfile's private 0600: exports and records are meant to be shared.
pub fn temp_builder<'a>(prefix: &'a str, suffix: &'a str) -> tempfile::Builder<'a, 'a> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder
}

/// Permissions with every write bit cleared and the read bits the umask allowed kept.
fn read_only(perms: fs::Permissions) -> fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::Permissions::from_mode(perms.mode() & 0o444)
    }
    #[cfg(not(unix))]
    {
        let mut perms = perms;
        perms.set_readonly(true);
        perms
    }
}

/// Removes the temporary files in a folder that a killed writer left more than [`STALE_TEMP`] ago. Best effort:
/// a file that cannot be removed now is removed by a later write.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        if !entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            continue;
        }
        let old = entry
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_TEMP);
        if old && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Reads a record file and checks it against what its location says it is.
pub fn read_record(path: &Path, kind: Option<Kind>, id: Option<&Id>) -> Result<Record, Error> {
    let bytes = fs::read(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
    parse_record(path, &bytes, kind, id)
}

/// The record in `bytes`, read from `path`, checked as [`read_record`] checks it.
pub fn parse_record(path: &Path, bytes: &[u8], kind: Option<Kind>, id: Option<&Id>) -> Result<Record, Error> {
    let (record, value) =
        Record::from_bytes(bytes).map_err(|source| Error::Malformed { path: path.to_owned(), source })?;
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

/// The name of a record's file inside its fan-out folder: the id's hex after its first two digits.
pub fn file_name(id: &Id) -> String {
    format!("{}.json", &id.to_hex()[2..])
}

/// The id a record file's location names: `<2 hex>/<62 hex>.json`, or `None` for anything else.
pub fn id_from_path(fan: &str, file_name: &str) -> Option<Id> {
    let rest = file_name.strip_suffix(".json")?;
    if fan.len() != 2 || rest.len() != 62 {
        return None;
    }
    let mut joined = [0u8; 64];
    joined[..2].copy_from_slice(fan.as_bytes());
    joined[2..].copy_from_slice(rest.as_bytes());
    let hex = std::str::from_utf8(&joined).ok()?;
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
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Readable by all under the usual umask, as git's objects; never writable.
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode & 0o222, 0, "{mode:o}");
            assert_eq!(mode & 0o400, 0o400, "{mode:o}");
        }
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

    #[cfg(unix)]
    #[test]
    fn writes_never_follow_a_symbolic_link() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        fs::create_dir(&outside).unwrap();
        let (store, _) = Store::init(dir.path().join("ledger")).unwrap();
        let rec = Record::Claim(Claim { text: "Linked folders lead outside.".into() });
        let hex = rec.id().to_hex();
        let fan = store.kind_dir(Kind::Claim).join(&hex[..2]);
        std::os::unix::fs::symlink(&outside, &fan).unwrap();
        let err = store.write(&rec).unwrap_err();
        assert!(matches!(&err, Error::Symlink { path, .. } if *path == fan), "{err}");
        assert_eq!(fs::read_dir(&outside).unwrap().count(), 0);
        fs::remove_file(&fan).unwrap();
        // A linked kind folder, and a link where the record file would be.
        let claims = store.kind_dir(Kind::Claim);
        fs::remove_dir_all(&claims).unwrap();
        std::os::unix::fs::symlink(&outside, &claims).unwrap();
        assert!(matches!(store.write(&rec), Err(Error::Symlink { .. })));
        assert!(matches!(Store::init(store.root()), Err(Error::Symlink { .. })));
        fs::remove_file(&claims).unwrap();
        fs::create_dir_all(&fan).unwrap();
        std::os::unix::fs::symlink(outside.join("x.json"), store.path_of(Kind::Claim, &rec.id())).unwrap();
        assert!(matches!(store.write(&rec), Err(Error::Symlink { .. })));
        assert_eq!(fs::read_dir(&outside).unwrap().count(), 0);
        // The root itself may be a link: that is where the user keeps the ledger.
        let alias = dir.path().join("alias");
        std::os::unix::fs::symlink(store.root(), &alias).unwrap();
        let aliased = Store::open(&alias).unwrap();
        let other = Record::Claim(Claim { text: "The root may be linked.".into() });
        assert!(aliased.write(&other).unwrap().created);
        assert!(matches!(ensure_inside(store.root(), &dir.path().join("elsewhere")), Err(Error::Outside { .. })));
        assert!(matches!(ensure_inside(store.root(), &store.root().join("../x")), Err(Error::Outside { .. })));
    }

    #[test]
    fn records_written_together_appear_in_order_and_invalid_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::init(dir.path()).unwrap();
        let a = Record::Claim(Claim { text: "First.".into() });
        let b = Record::Claim(Claim { text: "Second.".into() });
        let written = store.write_all(&[a.clone(), b.clone(), a.clone()]).unwrap();
        assert_eq!(written.iter().map(|w| w.created).collect::<Vec<_>>(), [true, true, true]);
        assert!(!store.write_all(std::slice::from_ref(&b)).unwrap()[0].created);
        let bad = Record::Claim(Claim { text: " not normalised ".into() });
        let c = Record::Claim(Claim { text: "Third.".into() });
        assert!(matches!(store.write_all(&[c.clone(), bad]), Err(Error::Invalid { kind: Kind::Claim, .. })));
        // Nothing of a refused batch is written, not even the valid record before the invalid one.
        assert!(!store.path_of(Kind::Claim, &c.id()).exists());
        let gitignore = fs::read_to_string(dir.path().join(".gitignore")).unwrap();
        assert!(gitignore.lines().any(|l| l == ".tmp-*") && gitignore.lines().any(|l| l == "/.cache/"), "{gitignore}");
    }

    #[test]
    fn stale_temporary_files_are_removed_by_the_next_write_and_older_gitignores_updated() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("claims")).unwrap();
        fs::write(dir.path().join(".gitignore"), "/.cache/").unwrap();
        let (store, created) = Store::init(dir.path()).unwrap();
        assert!(created, "the .gitignore gained a line");
        assert_eq!(fs::read_to_string(dir.path().join(".gitignore")).unwrap().matches("/.cache/").count(), 1);
        let rec = Record::Claim(Claim { text: "Stale files go.".into() });
        let folder = store.path_of(Kind::Claim, &rec.id()).parent().unwrap().to_owned();
        fs::create_dir_all(&folder).unwrap();
        let stale = folder.join(".tmp-killed.json");
        let fresh = folder.join(".tmp-running.json");
        fs::write(&stale, "{").unwrap();
        fs::write(&fresh, "{").unwrap();
        let old = SystemTime::now() - STALE_TEMP - Duration::from_secs(5);
        fs::File::options().write(true).open(&stale).unwrap().set_modified(old).unwrap();
        store.write(&rec).unwrap();
        assert!(!stale.exists(), "a stale temporary file is removed");
        assert!(fresh.exists(), "a writer's live temporary file is left alone");
    }
}
