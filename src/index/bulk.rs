//! Filling an empty index from the record files in one pass: what a fresh clone waits for before its first
//! check.
//!
//! Every fan-out folder is listed and its records read and parsed on all cores, the claims' search documents
//! analysed there too; one thread inserts the rows into a new SQLite file written without a journal (it is
//! not the index until it is complete), whose secondary indexes are built once at the end, while tantivy's
//! one indexing thread writes the search index, as one segment unless its memory budget fills (segments are
//! then merged into one at the end). The search index commits first, then the file
//! is renamed into place: a build that is interrupted leaves no index (built again next time) or, once
//! renamed, a complete one, never a wrong one. Builders take the search writer's lock first, so two
//! processes that find no index build it once.

use std::io::Read;
use std::sync::mpsc;
use std::time::SystemTime;

use rayon::prelude::*;
use rusqlite::params;
use rustix::fs::{Mode, OFlags};
use tantivy::TantivyDocument;

use std::path::Path;

use rusqlite::Connection;

use super::search::{claim_doc, search_err, Search};
use super::sync::{fan_ids, insert, mtime_ns, ClaimChanges, SyncStats, RACY};
use super::{Error, Index, INDEXES, SCHEMA, SCHEMA_VERSION};
use crate::id::Id;
use crate::record::{Kind, Record};
use crate::store::{self, Store};

/// A folder to load: its kind, fan-out name, key in the `dirs` table and modification time when listed.
pub(super) type Folder = (Kind, String, String, Option<SystemTime>);

/// One folder's records, read and analysed.
struct Loaded {
    key: String,
    mtime: i64,
    modified: Option<SystemTime>,
    records: Vec<(Id, Record, Option<TantivyDocument>)>,
}

/// Builds the index of `store` into `path` (which does not exist or is to be replaced), reporting progress
/// as (folders done, folders to read).
pub(super) fn build(
    store: &Store,
    path: &Path,
    search: &Search,
    progress: &dyn Fn(usize, usize),
) -> Result<SyncStats, Error> {
    let fields = search.fields();
    let serr = search_err(&search.dir);
    let writer = search.writer_waiting(true)?;
    if Index::is_current(path) {
        // Another process built it while this one waited for the writer.
        return Ok(SyncStats::default());
    }
    let folders = list_folders(store)?;
    let tmp = path.with_extension(format!("sqlite3.tmp-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let err = |source| Error::Sqlite { path: tmp.clone(), source };
    let mut conn = Connection::open(&tmp).map_err(err)?;
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE;
         PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;",
    )
    .map_err(err)?;
    conn.execute_batch(SCHEMA).map_err(err)?;
    let tx = conn.transaction().map_err(err)?;
    writer.delete_all_documents().map_err(&serr)?;

    let total = folders.len();
    let mut stats = SyncStats::default();
    let now = SystemTime::now();
    let (send, receive) = mpsc::sync_channel::<Result<Loaded, Error>>(4);
    let mut failed: Option<Error> = None;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let _ = folders.into_par_iter().try_for_each_with(send, |send, folder| {
                let loaded = load_folder(store, fields, folder);
                let stop = loaded.is_err();
                // A closed channel means the builder gave up: stop reading.
                if send.send(loaded).is_err() || stop {
                    return Err(());
                }
                Ok(())
            });
        });
        let mut sink = ClaimChanges::default();
        for loaded in receive {
            let loaded = match loaded {
                Ok(l) => l,
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            };
            progress(stats.folders_listed, total);
            stats.folders_listed += 1;
            for (id, record, doc) in loaded.records {
                if let Err(e) = insert(&tx, &id, &record, &mut sink) {
                    failed = Some(err(e));
                    break;
                }
                if let Some(doc) = doc {
                    if let Err(e) = writer.add_document(doc) {
                        failed = Some(serr(e));
                        break;
                    }
                }
                stats.added += 1;
            }
            sink.added.clear();
            let racy = loaded.modified.is_none_or(|m| now.duration_since(m).map_or(true, |age| age < RACY));
            if !racy && failed.is_none() {
                let put = tx.execute(
                    "INSERT OR REPLACE INTO dirs(path, mtime) VALUES (?1, ?2)",
                    params![loaded.key, loaded.mtime],
                );
                if let Err(e) = put {
                    failed = Some(err(e));
                }
            }
            if failed.is_some() {
                break;
            }
        }
    });
    let built = match failed {
        Some(e) => {
            drop(tx);
            Err(e)
        }
        // The search index's last segment (and any merge) is written beside the tables' secondary indexes:
        // each is one thread's work at the end of the build.
        None => std::thread::scope(|scope| {
            let searching = scope.spawn(|| commit_search(writer, search));
            let tables = (|| {
                tx.execute_batch(INDEXES)?;
                // A fresh file starts at generation 0; the search index is committed as generation 1.
                tx.execute("UPDATE meta SET value = 1 WHERE key = 'generation'", [])?;
                tx.commit()
            })()
            .map_err(err);
            let searched = searching.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            tables.and(searched)
        }),
    };
    let finish = || -> Result<(), Error> {
        built?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(err)?;
        drop(conn);
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|source| store::Error::Write { path: tmp.clone(), source })?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        std::fs::rename(&tmp, path).map_err(|source| store::Error::Write { path: path.to_owned(), source })?;
        Ok(())
    };
    let done = finish();
    if done.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    done?;
    progress(total, total);
    Ok(stats)
}

/// Commits the search index of a full build as generation 1 and merges it into one segment, which answers
/// queries fastest.
fn commit_search(mut writer: tantivy::IndexWriter, search: &Search) -> Result<(), Error> {
    let serr = search_err(&search.dir);
    let mut prepared = writer.prepare_commit().map_err(&serr)?;
    prepared.set_payload("1");
    prepared.commit().map_err(&serr)?;
    let segments = search.segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait().map_err(&serr)?;
    }
    writer.wait_merging_threads().map_err(&serr)
}

/// Every fan-out folder of every kind, with its key in the `dirs` table and its modification time.
fn list_folders(store: &Store) -> Result<Vec<Folder>, Error> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let dir = store.kind_dir(kind);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => return Err(store::Error::Read { path: dir, source }.into()),
        };
        for entry in entries {
            let entry = entry.map_err(|source| store::Error::Read { path: dir.clone(), source })?;
            let fan = entry.file_name().to_string_lossy().into_owned();
            if fan.len() != 2 || !fan.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
                continue;
            }
            let modified = entry.metadata().ok().and_then(|m| m.modified().ok());
            out.push((kind, fan.clone(), format!("{}/{fan}", kind.dir()), modified));
        }
    }
    Ok(out)
}

fn load_folder(store: &Store, fields: super::search::Fields, folder: Folder) -> Result<Loaded, Error> {
    let (kind, fan, key, modified) = folder;
    let dir = store.kind_dir(kind).join(&fan);
    // The time is taken before listing, so a file added during the listing makes it differ next time.
    let mtime = std::fs::metadata(&dir).map(|m| mtime_ns(&m)).unwrap_or(0);
    let mut ids = fan_ids(&dir, &fan)?;
    ids.sort_unstable();
    ids.dedup();
    let mut records = Vec::with_capacity(ids.len());
    // Each file is opened relative to its folder, which spares the kernel walking the whole path 2.5 million
    // times at a million claims, into one buffer sized for a record.
    let folder = std::fs::File::open(&dir).map_err(|source| store::Error::Read { path: dir.clone(), source })?;
    let mut bytes = Vec::with_capacity(4096);
    for id in ids {
        let name = &store::file_name(&id);
        let path = dir.join(name);
        bytes.clear();
        rustix::fs::openat(&folder, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())
            .map_err(std::io::Error::from)
            // Read through `take`, whose reads do not first ask the file its size and position (two more
            // system calls a record).
            .and_then(|file| std::fs::File::from(file).take(u64::MAX).read_to_end(&mut bytes))
            .map_err(|source| store::Error::Read { path: path.clone(), source })?;
        let record = store::parse_record(&path, &bytes, Some(kind), Some(&id))?;
        let doc = match &record {
            Record::Claim(c) => Some(claim_doc(fields, &id.to_hex(), &c.text)),
            _ => None,
        };
        records.push((id, record, doc));
    }
    Ok(Loaded { key, mtime, modified, records })
}
