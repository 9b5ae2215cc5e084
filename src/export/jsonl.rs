//! The JSON Lines export: the auditor's format, from which every record's exact bytes can be recovered.
//!
//! Line 1 is a header object (`claimledger_export`, tool, time, counts, digest). Then one line per record,
//! claims, sources, attributions, retractions, each kind in id order:
//! `{"id":…,"kind":…,"record":<RFC 8785 bytes of the record>,"status":…}`. Every line is itself canonical
//! JSON (keys sorted, no spaces), so the record object's bytes are exactly those whose SHA-256 is the id.
//! Record bytes come from the record files, the truth, and each is checked against its id before it is written:
//! a tampered file stops the export rather than pass into it.

use std::fs;
use std::io::Write;

use rayon::prelude::*;
use serde_json::json;

use super::{Error, Header, Progress, Ticker, JSONL_VERSION};
use crate::canonical;
use crate::id::Id;
use crate::index::{self, Index};
use crate::record::{Kind, Record};
use crate::store::{self, Store};

/// Records read in parallel at a time: enough to keep the cores busy, small enough to bound memory.
const BATCH: usize = 2048;

/// The header line's object.
pub(super) fn header_value(header: &Header) -> serde_json::Value {
    json!({
        "claimledger_export": JSONL_VERSION,
        "tool": header.tool,
        "exported_at": header.exported_at,
        "counts": header.counts_json(),
        "records": header.records(),
        "digest": header.digest,
    })
}

/// The canonical bytes of the record file for this id, checked: strict JSON, a valid record of this kind, and
/// content that hashes to the id.
pub(crate) fn canonical_record(store: &Store, kind: Kind, id: &Id) -> Result<Vec<u8>, store::Error> {
    let path = store.path_of(kind, id);
    let bytes = fs::read(&path).map_err(|source| store::Error::Read { path: path.clone(), source })?;
    let (record, value) =
        Record::from_bytes(&bytes).map_err(|source| store::Error::Malformed { path: path.clone(), source })?;
    if record.kind() != kind {
        return Err(store::Error::WrongKind { path, expected: kind, found: record.kind() });
    }
    let canonical = canonical::to_canonical(&value);
    let actual = Id::of_bytes(&canonical);
    if actual != *id {
        return Err(store::Error::IdMismatch { path, actual });
    }
    Ok(canonical)
}

pub(super) fn write(
    store: &Store,
    index: &Index,
    header: &Header,
    out: &mut dyn Write,
    progress: Progress,
) -> Result<(), Error> {
    out.write_all(&canonical::to_canonical(&header_value(header)))?;
    out.write_all(b"\n")?;
    let mut ticker = Ticker::new(header.records(), progress);
    for kind in Kind::ALL {
        let mut batch: Vec<(String, &'static str)> = Vec::with_capacity(BATCH);
        index.each_status(kind, |id, status| {
            batch.push((id, status));
            if batch.len() == BATCH {
                flush(store, kind, &mut batch, out, &mut ticker)?;
            }
            Ok::<(), Error>(())
        })?;
        flush(store, kind, &mut batch, out, &mut ticker)?;
    }
    ticker.finish();
    Ok(())
}

fn flush(
    store: &Store,
    kind: Kind,
    batch: &mut Vec<(String, &'static str)>,
    out: &mut dyn Write,
    ticker: &mut Ticker,
) -> Result<(), Error> {
    let records: Vec<Result<Vec<u8>, Error>> = batch
        .par_iter()
        .map(|(hex, _)| {
            let id: Id = hex.parse().map_err(|_| index::Error::Store(bad_index_id(store, kind, hex)))?;
            Ok(canonical_record(store, kind, &id)?)
        })
        .collect();
    for ((id, status), record) in batch.iter().zip(records) {
        let record = record?;
        write!(out, "{{\"id\":\"{id}\",\"kind\":\"{kind}\",\"record\":")?;
        out.write_all(&record)?;
        writeln!(out, ",\"status\":\"{status}\"}}")?;
    }
    ticker.tick(batch.len() as u64);
    batch.clear();
    Ok(())
}

/// The index only holds ids parsed from file names, so this is a damaged cache, reported at its place.
fn bad_index_id(store: &Store, kind: Kind, hex: &str) -> store::Error {
    store::Error::Read {
        path: store.cache_dir(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{kind} id {hex:?} is not an id")),
    }
}
