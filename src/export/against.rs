//! The append-only proof: compares a ledger with an earlier JSON Lines export of it.
//!
//! Every record line of the old export is checked first on its own (its record object must hash to its id,
//! its type must be its kind, no id twice: otherwise the export is malformed, not the ledger) and then against
//! the ledger's file of that id, whose canonical bytes must be identical. Records of the old export that the
//! ledger lacks are missing, those whose file now says something else are changed, and records the ledger
//! gained are added. The old file is read as a stream in batches; the set of its ids lives in a temporary
//! table of the index connection, so memory does not grow with either side.

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;

use super::{jsonl::canonical_record, Progress, Ticker, JSONL_VERSION};
use crate::canonical;
use crate::id::Id;
use crate::index;
use crate::ledger::Ledger;
use crate::record::Kind;
use crate::store;

/// Why a comparison could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error("cannot read {}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("malformed export {}: line {line}: {message}", path.display())]
    Malformed { path: PathBuf, line: usize, message: String },
    #[error(transparent)]
    Index(#[from] index::Error),
    #[error("cannot write the report")]
    Report(#[from] io::Error),
}

/// What happened to one record between the old export and the ledger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    /// In the old export, not in the ledger.
    Missing,
    /// In both, but the ledger's file no longer holds the same canonical bytes.
    Changed,
    /// In the ledger, not in the old export.
    Added,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Missing => "missing",
            ChangeKind::Changed => "changed",
            ChangeKind::Added => "added",
        }
    }
}

/// One record that differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub change: ChangeKind,
    pub kind: String,
    pub id: String,
    /// The line of the old export, for missing and changed records.
    pub line: Option<usize>,
    /// What the ledger holds instead, for changed records.
    pub detail: Option<String>,
}

/// What the old export's header line says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OldHeader {
    pub tool: Option<String>,
    pub exported_at: Option<String>,
    pub records: Option<u64>,
    pub digest: Option<String>,
}

/// The totals of a comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    pub old: OldHeader,
    pub compared: usize,
    pub unchanged: usize,
    pub missing: usize,
    pub changed: usize,
    pub added: usize,
}

impl Comparison {
    /// True when every record of the old export is still in the ledger, byte for byte.
    pub fn is_append_only(&self) -> bool {
        self.missing == 0 && self.changed == 0
    }
}

const BATCH: usize = 2048;

#[derive(Debug)]
struct OldRecord {
    line: usize,
    id: Id,
    kind: Kind,
    canonical: Vec<u8>,
}

fn parse_header(bytes: &[u8]) -> Result<OldHeader, String> {
    let value: Value = canonical::parse_strict(bytes).map_err(|e| format!("header is not JSON: {e}"))?;
    match value.get("claimledger_export").and_then(Value::as_u64) {
        Some(v) if v == u64::from(JSONL_VERSION) => {}
        Some(v) => return Err(format!("export layout version {v} is not supported (this tool reads {JSONL_VERSION})")),
        None => return Err("not a claimledger JSON Lines export: the first line is not its header".into()),
    }
    let text = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_owned);
    Ok(OldHeader {
        tool: text("tool"),
        exported_at: text("exported_at"),
        records: value.get("records").and_then(Value::as_u64),
        digest: text("digest"),
    })
}

fn parse_record(line: usize, bytes: &[u8]) -> Result<OldRecord, String> {
    let value = canonical::parse_strict(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let field = |k: &str| value.get(k).and_then(Value::as_str).ok_or_else(|| format!("no string field {k:?}"));
    let id: Id = field("id")?.parse().map_err(|e| format!("{e}"))?;
    let kind = Kind::from_str_opt(field("kind")?).ok_or_else(|| format!("unknown kind {:?}", field("kind")))?;
    let record = value.get("record").filter(|r| r.is_object()).ok_or("no record object")?;
    if record.get("type").and_then(Value::as_str) != Some(kind.as_str()) {
        return Err(format!("the record's type is not {kind:?}"));
    }
    let canonical = canonical::to_canonical(record);
    let actual = Id::of_bytes(&canonical);
    if actual != id {
        return Err(format!("the record hashes to {actual}, not to its id {id}"));
    }
    Ok(OldRecord { line, id, kind, canonical })
}

/// Compares the ledger's files with one old record: `None` when identical.
fn check(store: &store::Store, old: &OldRecord) -> Option<(ChangeKind, Option<String>)> {
    match canonical_record(store, old.kind, &old.id) {
        Ok(bytes) if bytes == old.canonical => None,
        Ok(_) => Some((ChangeKind::Changed, Some("the ledger's record has other canonical bytes".into()))),
        Err(store::Error::Read { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            Some((ChangeKind::Missing, None))
        }
        Err(store::Error::IdMismatch { path, actual }) => {
            Some((ChangeKind::Changed, Some(format!("{} now hashes to {actual}", path.display()))))
        }
        Err(e) => {
            let mut text = e.to_string();
            let mut cause = std::error::Error::source(&e);
            while let Some(c) = cause {
                text.push_str(": ");
                text.push_str(&c.to_string());
                cause = c.source();
            }
            Some((ChangeKind::Changed, Some(text)))
        }
    }
}

/// Compares the ledger with the old export at `path`, calling `each` for every record that differs: missing
/// and changed ones in the order of the export, then added ones in id order.
pub fn compare(
    ledger: &Ledger,
    path: &Path,
    progress: Progress,
    each: &mut dyn FnMut(&Change) -> io::Result<()>,
) -> Result<Comparison, CompareError> {
    let read_err = |source| CompareError::Read { path: path.to_owned(), source };
    let malformed = |line, message| CompareError::Malformed { path: path.to_owned(), line, message };
    let mut reader = BufReader::new(File::open(path).map_err(read_err)?);
    let index = ledger.index();
    let store = ledger.store();
    let _snapshot = index.read_snapshot()?;
    index.compare_begin()?;

    let mut buf = Vec::new();
    if reader.read_until(b'\n', &mut buf).map_err(read_err)? == 0 {
        return Err(malformed(1, "the file is empty".into()));
    }
    let mut result = Comparison { old: parse_header(&buf).map_err(|m| malformed(1, m))?, ..Default::default() };
    let mut ticker = Ticker::new(result.old.records.unwrap_or(0) as usize, progress);
    let mut line = 1;
    let mut done = false;
    while !done {
        let mut lines = Vec::with_capacity(BATCH);
        while lines.len() < BATCH {
            buf.clear();
            if reader.read_until(b'\n', &mut buf).map_err(read_err)? == 0 {
                done = true;
                break;
            }
            line += 1;
            lines.push((line, std::mem::take(&mut buf)));
        }
        let parsed: Vec<Result<OldRecord, (usize, String)>> =
            lines.par_iter().map(|(n, bytes)| parse_record(*n, bytes).map_err(|m| (*n, m))).collect();
        let mut batch = Vec::with_capacity(parsed.len());
        for p in parsed {
            let old = p.map_err(|(n, m)| malformed(n, m))?;
            if !index.compare_add(&old.id.to_hex())? {
                return Err(malformed(old.line, format!("id {} appears twice", old.id)));
            }
            batch.push(old);
        }
        let checked: Vec<_> = batch.par_iter().map(|old| check(store, old)).collect();
        for (old, outcome) in batch.iter().zip(checked) {
            result.compared += 1;
            let Some((change, detail)) = outcome else {
                result.unchanged += 1;
                continue;
            };
            match change {
                ChangeKind::Missing => result.missing += 1,
                _ => result.changed += 1,
            }
            each(&Change { change, kind: old.kind.to_string(), id: old.id.to_hex(), line: Some(old.line), detail })?;
        }
        ticker.tick(batch.len() as u64);
    }
    ticker.finish();
    index.compare_added(|id, kind| {
        result.added += 1;
        let change =
            Change { change: ChangeKind::Added, kind: kind.to_owned(), id: id.to_owned(), line: None, detail: None };
        each(&change).map_err(CompareError::Report)
    })?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_line_must_hash_to_its_id() {
        let record = br#"{"text":"x","type":"claim"}"#;
        let id = Id::of_bytes(record);
        let line =
            format!(r#"{{"id":"{id}","kind":"claim","record":{{"type":"claim","text":"x"}},"status":"sourced"}}"#);
        let old = parse_record(2, line.as_bytes()).unwrap();
        assert_eq!(old.canonical, record);
        let forged = line.replace(r#""text":"x""#, r#""text":"y""#);
        assert!(parse_record(2, forged.as_bytes()).unwrap_err().contains("hashes to"));
        let wrong_kind = line.replace(r#""kind":"claim""#, r#""kind":"source""#);
        assert!(parse_record(2, wrong_kind.as_bytes()).unwrap_err().contains("type is not"));
    }

    #[test]
    fn the_header_names_the_layout() {
        assert!(parse_header(br#"{"claimledger_export":1,"records":3}"#).unwrap().records == Some(3));
        assert!(parse_header(br#"{"claimledger_export":2}"#).unwrap_err().contains("not supported"));
        assert!(parse_header(br#"{"id":"ab"}"#).unwrap_err().contains("not a claimledger"));
    }
}
