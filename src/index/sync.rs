//! Bringing the index up to date with the record files, reading only what changed.
//!
//! For each fan-out folder the index remembers the folder's modification time. A folder whose time differs is
//! listed; ids on disk but not in the index are read (in parallel) and inserted, ids in the index but gone from
//! disk are dropped. A folder modified within the last few seconds is not remembered as clean, because a file
//! created in the same clock tick would not change the time again (git's "racy clean" problem).

use std::collections::HashSet;
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use rusqlite::{params, Transaction};

use super::search::{claim_doc, id_term, Search};
use super::{table_of, Error, Index};
use crate::id::Id;
use crate::record::{Kind, Record};
use crate::store::{self, Store};

/// What a sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncStats {
    pub folders_listed: usize,
    pub added: usize,
    pub removed: usize,
    /// Record files left out of the index (malformed, misnamed, or behind a symbolic link): the commands warn
    /// and go on without them, `verify` fails on them. Their folders are listed again on every sync.
    pub skipped: Vec<store::Skipped>,
}

pub(super) const RACY: Duration = Duration::from_secs(2);

/// A sync that adds at least this many claims flushes them into the search index at once.
const BULK_SYNC: usize = 1024;

pub(super) fn mtime_ns(meta: &fs::Metadata) -> i64 {
    meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos() as i64)
}

impl Index {
    /// Brings the index up to date with the files; see the module docs.
    pub fn sync(&mut self, store: &Store) -> Result<SyncStats, Error> {
        self.sync_with(store, &|_, _| {})
    }

    /// Like [`Index::sync`], reporting (folders done, folders to list) as it goes: a rebuild of a large
    /// ledger takes minutes.
    pub fn sync_with(&mut self, store: &Store, progress: &dyn Fn(usize, usize)) -> Result<SyncStats, Error> {
        let mut stats = SyncStats::default();
        let mut changed = Vec::new();
        let mut seen = HashSet::new();
        let known = self.known_dirs()?;
        for kind in Kind::ALL {
            let dir = store.kind_dir(kind);
            if fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
                stats.skipped.push(store::Skipped::symlink(&dir));
                continue;
            }
            let entries = match fs::read_dir(&dir) {
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
                let meta = entry.metadata().map_err(|source| store::Error::Read { path: entry.path(), source })?;
                if meta.file_type().is_symlink() {
                    stats.skipped.push(store::Skipped::symlink(&entry.path()));
                    continue;
                }
                let key = format!("{}/{fan}", kind.dir());
                let mtime = mtime_ns(&meta);
                if known.get(&key) != Some(&mtime) {
                    changed.push((kind, fan, key.clone(), meta.modified().ok()));
                }
                seen.insert(key);
            }
        }
        let vanished: Vec<String> = known.keys().filter(|k| !seen.contains(*k)).cloned().collect();
        if changed.is_empty() && vanished.is_empty() {
            return Ok(stats);
        }
        let mut claims = ClaimChanges::default();
        let path = self.path.clone();
        let err = move |source| Error::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(&err)?;
        for key in vanished {
            let (dir, fan) = key.split_once('/').expect("dir keys are kind/fan");
            let kind = Kind::ALL.into_iter().find(|k| k.dir() == dir).expect("dir keys name a kind");
            stats.removed += remove_fan(&tx, kind, fan, &HashSet::new(), &mut claims).map_err(&err)?;
            tx.execute("DELETE FROM dirs WHERE path = ?1", [&key]).map_err(&err)?;
        }
        let now = SystemTime::now();
        let total = changed.len();
        for (kind, fan, key, modified) in changed {
            progress(stats.folders_listed, total);
            stats.folders_listed += 1;
            let folder = store.kind_dir(kind).join(&fan);
            let on_disk = list_fan(&folder, &fan)?;
            // The time is taken before listing, so a file added during the listing makes it differ next time.
            let mtime = fs::metadata(&folder).map(|m| mtime_ns(&m)).unwrap_or(0);
            let indexed = ids_in_fan(&tx, kind, &fan).map_err(&err)?;
            let missing: Vec<Id> = on_disk.iter().filter(|id| !indexed.contains(*id)).copied().collect();
            let read: Vec<Result<(Id, Record), store::Skipped>> = missing
                .par_iter()
                .map(|id| {
                    let path = store.path_of(kind, id);
                    store::read_record(&path, Some(kind), Some(id))
                        .map(|r| (*id, r))
                        .map_err(|e| store::Skipped::from_error(&path, &e))
                })
                .collect();
            let skipped_before = stats.skipped.len();
            let mut records = Vec::with_capacity(read.len());
            for r in read {
                match r {
                    Ok(record) => records.push(record),
                    Err(skipped) => stats.skipped.push(skipped),
                }
            }
            for (id, record) in &records {
                insert(&tx, id, record, &mut claims).map_err(&err)?;
            }
            stats.added += records.len();
            stats.removed += remove_fan(&tx, kind, &fan, &on_disk, &mut claims).map_err(&err)?;
            let racy = modified.is_none_or(|m| now.duration_since(m).map_or(true, |age| age < RACY));
            // A folder with a bad file is not remembered as clean, so every command warns about it again.
            if !racy && stats.skipped.len() == skipped_before {
                tx.execute("INSERT OR REPLACE INTO dirs(path, mtime) VALUES (?1, ?2)", params![key, mtime])
                    .map_err(&err)?;
            }
        }
        // A sync that brings many claims at once (an import, a large pull) commits them to the search index
        // now; a few go to the pending set.
        let bulk = claims.added.len() >= BULK_SYNC;
        Self::finish_write(&self.search, &self.path, self.pending_limit, &tx, &claims, bulk)?;
        tx.commit().map_err(&err)?;
        self.pending.take();
        self.search.reload()?;
        progress(total, total);
        Ok(stats)
    }

    /// The commit generation of the tables, read within `tx`.
    fn generation(tx: &Transaction) -> rusqlite::Result<i64> {
        tx.query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| r.get(0))
    }

    /// Ends a write: records the claim changes of an open SQLite transaction in the pending set, and flushes
    /// the set into the search index when it has outgrown its bound or `bulk` asks for it (see the module
    /// docs of [`super`]).
    /// The caller forgets its read of the pending set once `tx` commits.
    fn finish_write(
        search: &Search,
        path: &Path,
        limit: usize,
        tx: &Transaction,
        claims: &ClaimChanges,
        bulk: bool,
    ) -> Result<(), Error> {
        let err = |source| Error::Sqlite { path: path.to_owned(), source };
        if claims.added.is_empty() && claims.removed.is_empty() {
            return Ok(());
        }
        record_pending(tx, claims).map_err(err)?;
        let count: i64 = tx.query_row("SELECT COUNT(*) FROM pending", [], |r| r.get(0)).map_err(err)?;
        if bulk || count as usize > limit {
            Self::flush_in(search, path, tx)?;
        }
        Ok(())
    }

    /// Commits the pending set of an open SQLite transaction to the search index under the next generation,
    /// then empties the set and writes that generation into the transaction; nothing when the set is empty.
    fn flush_in(search: &Search, path: &Path, tx: &Transaction) -> Result<(), Error> {
        let err = |source| Error::Sqlite { path: path.to_owned(), source };
        let changes: Vec<(String, Option<String>)> = {
            let mut st = tx
                // Removals first, then additions in the order they were made: documents land in the search
                // index in that order, and tantivy cuts ties at the end of a result list by it.
                .prepare(
                    "SELECT p.id, c.text FROM pending p LEFT JOIN claims c ON c.id = p.id AND p.added = 1
                     ORDER BY c.rowid",
                )
                .map_err(err)?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(err)?;
            rows.collect::<Result<_, _>>().map_err(err)?
        };
        if changes.is_empty() {
            return Ok(());
        }
        let next = Self::generation(tx).map_err(err)? + 1;
        let fields = search.fields();
        // One indexing thread: documents land in segments in the same order on every run, so equal scores
        // at the edge of a result list are cut the same way.
        let mut writer = search.writer(false)?;
        let serr = super::search::search_err(&search.dir);
        for (id, text) in &changes {
            writer.delete_term(id_term(fields, id));
            if let Some(text) = text {
                writer.add_document(claim_doc(fields, id, text)).map_err(&serr)?;
            }
        }
        let mut prepared = writer.prepare_commit().map_err(&serr)?;
        prepared.set_payload(&next.to_string());
        prepared.commit().map_err(&serr)?;
        // Segments from flushes are merged now rather than left to pile up.
        writer.wait_merging_threads().map_err(&serr)?;
        tx.execute("UPDATE meta SET value = ?1 WHERE key = 'generation'", [next]).map_err(err)?;
        tx.execute("DELETE FROM pending", []).map_err(err)?;
        Ok(())
    }

    /// Commits the pending set to the search index: what bulk operations and tests ask for.
    pub fn flush(&mut self) -> Result<(), Error> {
        let path = self.path.clone();
        let err = move |source| Error::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(&err)?;
        Self::flush_in(&self.search, &self.path, &tx)?;
        tx.commit().map_err(&err)?;
        self.pending.take();
        self.search.reload()
    }

    /// How many claim changes wait in the pending set.
    pub fn pending_len(&self) -> Result<usize, Error> {
        let n: i64 = self.conn.query_row("SELECT COUNT(*) FROM pending", [], |r| r.get(0)).map_err(self.err())?;
        Ok(n as usize)
    }

    /// Rebuilds the search index from the claims table when its generation is not the tables' (a flush was
    /// interrupted between the two commits, or the search index was lost or is of another version). The
    /// rebuilt index holds every claim, so it is committed as the next generation together with an empty
    /// pending set.
    pub(super) fn check_generation(&mut self) -> Result<(), Error> {
        let path = self.path.clone();
        let err = move |source| Error::Sqlite { path: path.clone(), source };
        let current: i64 =
            self.conn.query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| r.get(0)).map_err(&err)?;
        if self.search.generation() == Some(current) {
            return Ok(());
        }
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(&err)?;
        let current = Self::generation(&tx).map_err(&err)?;
        if self.search.generation() != Some(current) {
            let next = current.max(self.search.generation().unwrap_or(0)) + 1;
            let fields = self.search.fields();
            let serr = super::search::search_err(&self.search.dir);
            let mut writer = self.search.writer(true)?;
            writer.delete_all_documents().map_err(&serr)?;
            {
                let mut st = tx.prepare("SELECT id, text FROM claims").map_err(&err)?;
                let mut rows = st.query([]).map_err(&err)?;
                while let Some(row) = rows.next().map_err(&err)? {
                    let (id, text): (String, String) = (row.get(0).map_err(&err)?, row.get(1).map_err(&err)?);
                    writer.add_document(claim_doc(fields, &id, &text)).map_err(&serr)?;
                }
            }
            let mut prepared = writer.prepare_commit().map_err(&serr)?;
            prepared.set_payload(&next.to_string());
            prepared.commit().map_err(&serr)?;
            // As after a first build: one segment answers queries fastest (at 1,000,000 claims, four segments
            // cost `check` about a quarter more CPU).
            let segments = self.search.segment_ids()?;
            if segments.len() > 1 {
                writer.merge(&segments).wait().map_err(&serr)?;
            }
            writer.wait_merging_threads().map_err(&serr)?;
            tx.execute("UPDATE meta SET value = ?1 WHERE key = 'generation'", [next]).map_err(&err)?;
            tx.execute("DELETE FROM pending", []).map_err(&err)?;
        }
        tx.commit().map_err(&err)?;
        self.pending.take();
        self.search.reload()
    }

    fn known_dirs(&self) -> Result<std::collections::HashMap<String, i64>, Error> {
        let mut st = self.conn.prepare_cached("SELECT path, mtime FROM dirs").map_err(self.err())?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Records a record just written by this process, so that the command that wrote it can see it at once.
    pub fn insert(&mut self, id: &Id, record: &Record) -> Result<(), Error> {
        self.insert_many(std::slice::from_ref(&(*id, record.clone())))
    }

    /// Records many records at once: one transaction and one search commit, as a bulk load needs.
    pub fn insert_many(&mut self, records: &[(Id, Record)]) -> Result<(), Error> {
        let path = self.path.clone();
        let err = move |source| Error::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(&err)?;
        let mut claims = ClaimChanges::default();
        for (id, record) in records {
            insert(&tx, id, record, &mut claims).map_err(&err)?;
        }
        let bulk = records.len() > 1;
        Self::finish_write(&self.search, &self.path, self.pending_limit, &tx, &claims, bulk)?;
        tx.commit().map_err(&err)?;
        self.pending.take();
        self.search.reload()
    }
}

pub(super) fn list_fan(folder: &std::path::Path, fan: &str) -> Result<HashSet<Id>, Error> {
    Ok(fan_ids(folder, fan)?.into_iter().collect())
}

/// The ids of the record files in one fan-out folder, in the order the folder lists them.
pub(super) fn fan_ids(folder: &std::path::Path, fan: &str) -> Result<Vec<Id>, Error> {
    let mut out = Vec::new();
    let entries = match fs::read_dir(folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(source) => return Err(store::Error::Read { path: folder.to_owned(), source }.into()),
    };
    for entry in entries {
        let entry = entry.map_err(|source| store::Error::Read { path: folder.to_owned(), source })?;
        if let Some(id) = store::id_from_path(fan, &entry.file_name().to_string_lossy()) {
            out.push(id);
        }
    }
    Ok(out)
}

fn fan_range(fan: &str) -> (String, String) {
    (fan.to_owned(), format!("{fan}g"))
}

fn ids_in_fan(tx: &Transaction, kind: Kind, fan: &str) -> rusqlite::Result<HashSet<Id>> {
    let (lo, hi) = fan_range(fan);
    let mut st = tx.prepare_cached(&format!("SELECT id FROM {} WHERE id >= ?1 AND id < ?2", table_of(kind)))?;
    let rows = st.query_map(params![lo, hi], |r| r.get::<_, String>(0))?;
    let mut out = HashSet::new();
    for hex in rows {
        if let Ok(id) = hex?.parse() {
            out.insert(id);
        }
    }
    Ok(out)
}

/// Claims a transaction added (id, text) and dropped (id), for the search index.
#[derive(Default)]
pub(super) struct ClaimChanges {
    pub added: Vec<(String, String)>,
    pub removed: Vec<String>,
}

/// Records claim changes in the pending set. A claim of the search index that was pending removal and comes
/// back cancels the removal (ids name contents, so its document is still right); a pending addition that
/// goes away is forgotten, since the search index never had it.
fn record_pending(tx: &Transaction, claims: &ClaimChanges) -> rusqlite::Result<()> {
    for id in &claims.removed {
        let was_pending = tx.prepare_cached("DELETE FROM pending WHERE id = ?1 AND added = 1")?.execute([id])?;
        if was_pending == 0 {
            tx.prepare_cached("INSERT OR REPLACE INTO pending(id, added, terms) VALUES (?1, 0, '')")?.execute([id])?;
        }
    }
    for (id, text) in &claims.added {
        let was_removed = tx.prepare_cached("DELETE FROM pending WHERE id = ?1 AND added = 0")?.execute([id])?;
        if was_removed == 0 {
            let terms = serde_json::to_string(&crate::matching::terms(text)).expect("strings serialise");
            tx.prepare_cached("INSERT OR REPLACE INTO pending(id, added, terms) VALUES (?1, 1, ?2)")?
                .execute(params![id, terms])?;
        }
    }
    Ok(())
}

/// Drops the indexed records of one fan-out folder that are not in `keep`; returns how many.
fn remove_fan(
    tx: &Transaction,
    kind: Kind,
    fan: &str,
    keep: &HashSet<Id>,
    claims: &mut ClaimChanges,
) -> rusqlite::Result<usize> {
    let gone: Vec<Id> = ids_in_fan(tx, kind, fan)?.into_iter().filter(|id| !keep.contains(id)).collect();
    for id in &gone {
        let hex = id.to_hex();
        if kind == Kind::Claim {
            claims.removed.push(hex.clone());
        }
        tx.execute(&format!("DELETE FROM {} WHERE id = ?1", table_of(kind)), [&hex])?;
    }
    Ok(gone.len())
}

pub(super) fn insert(tx: &Transaction, id: &Id, record: &Record, claims: &mut ClaimChanges) -> rusqlite::Result<()> {
    let hex = id.to_hex();
    // A record's id is the key of its kind's table: one already indexed is left as it is.
    let fresh = match record {
        Record::Claim(c) => tx
            .prepare_cached("INSERT OR IGNORE INTO claims(id, text) VALUES (?1, ?2)")?
            .execute(params![hex, c.text])?,
        Record::Source(s) => tx
            .prepare_cached(
                "INSERT OR IGNORE INTO sources(id, url, outlet, title, published, archived_url)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![hex, s.url, s.outlet, s.title, s.published.map(|d| d.to_string()), s.archived_url])?,
        Record::Attribution(a) => tx
            .prepare_cached(
                "INSERT OR IGNORE INTO attributions(id, claim, source, quote, quote_kind, recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                hex,
                a.claim.to_hex(),
                a.source.to_hex(),
                a.quote,
                serde_json::to_value(a.quote_kind).ok().and_then(|v| v.as_str().map(str::to_owned)),
                a.recorded_by,
                a.recorded_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
            ])?,
        Record::Retraction(r) => tx
            .prepare_cached(
                "INSERT OR IGNORE INTO retractions(id, target, kind, reason, notice_url, effective, recorded_by,
                 recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                hex,
                r.target.to_hex(),
                r.kind.as_str(),
                r.reason,
                r.notice_url,
                r.effective.to_string(),
                r.recorded_by,
                r.recorded_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
            ])?,
    };
    if fresh == 0 {
        return Ok(());
    }
    match record {
        Record::Claim(c) => claims.added.push((hex, c.text.clone())),
        Record::Source(s) => {
            tx.prepare_cached("INSERT OR IGNORE INTO outlets(name) VALUES (?1)")?.execute([&s.outlet])?;
        }
        Record::Attribution(_) | Record::Retraction(_) => {}
    }
    Ok(())
}
