//! The append-only proof: compares a ledger with an earlier JSON Lines export of it.
//!
//! Every record line of the old export is checked first on its own (its record object must hash to its id,
//! its type must be its kind, no id twice: otherwise the export is malformed, not the ledger) and then against
//! the ledger's file of that id, whose canonical bytes must be identical. Records of the old export that the
//! ledger lacks are missing, those whose file now says something else are changed, and records the ledger
//! gained are added. The old file is read as a stream in batches; the set of its ids lives in a temporary
//! table of the index connection, so memory does not grow with either side.
//!
//! Before any record is compared, the export is checked against its own header ([`check_export`]): the body
//! must hold exactly the records the header counts, kind by kind, in the export's order (claims, sources,
//! attributions, retractions, each in id order), and their ids must hash to the header's digest. A truncated
//! export, one with a line dropped or added, or a header alone proves nothing, and is malformed. The digest is
//! recomputed in bounded memory by merging the four sorted sections of the file, read from four offsets.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};

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
    /// Records per kind, in [`Kind::ALL`] order, when the header has its `counts` object.
    pub counts: Option<[u64; 4]>,
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
    let counts = value.get("counts").and_then(Value::as_object).and_then(|c| {
        let mut out = [0; 4];
        for (i, kind) in Kind::ALL.iter().enumerate() {
            out[i] = c.get(kind.dir())?.as_u64()?;
        }
        Some(out)
    });
    Ok(OldHeader {
        tool: text("tool"),
        exported_at: text("exported_at"),
        records: value.get("records").and_then(Value::as_u64),
        digest: text("digest"),
        counts,
    })
}

/// The bytes of an old export, readable from any offset: a file, or memory (tests and fuzzing).
pub trait ExportBytes {
    fn open_at(&self, offset: u64) -> io::Result<Box<dyn BufRead + '_>>;
}

impl ExportBytes for Path {
    fn open_at(&self, offset: u64) -> io::Result<Box<dyn BufRead + '_>> {
        let mut file = File::open(self)?;
        file.seek(SeekFrom::Start(offset))?;
        Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
    }
}

impl ExportBytes for [u8] {
    fn open_at(&self, offset: u64) -> io::Result<Box<dyn BufRead + '_>> {
        let at = usize::try_from(offset).unwrap_or(usize::MAX).min(self.len());
        Ok(Box::new(&self[at..]))
    }
}

/// What a record line is said to be, read without the record.
#[derive(serde::Deserialize)]
struct LineHead {
    id: String,
    kind: String,
}

fn line_head(bytes: &[u8]) -> Result<(Id, usize), String> {
    let head: LineHead = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let id: Id = head.id.parse().map_err(|e| format!("{e}"))?;
    let kind = Kind::ALL.iter().position(|k| k.as_str() == head.kind).ok_or(format!("unknown kind {:?}", head.kind))?;
    Ok((id, kind))
}

/// Reads the next line into `buf` (cleared first); false at the end. A last line without a line break counts.
fn next_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<bool> {
    buf.clear();
    Ok(reader.read_until(b'\n', buf)? > 0)
}

/// What [`check_export`] found: the header, and the records per kind that the body holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Structure {
    pub header: OldHeader,
    pub counts: [u64; 4],
    pub digest: String,
}

/// Checks an old export against its own header, without the ledger: see the module docs. An error is the line
/// it concerns (the line after the last for what only the whole body shows) and what is wrong.
pub fn check_export<B: ExportBytes + ?Sized>(bytes: &B) -> Result<Result<Structure, (usize, String)>, io::Error> {
    let mut reader = bytes.open_at(0)?;
    let mut buf = Vec::new();
    if !next_line(&mut *reader, &mut buf)? {
        return Ok(Err((1, "the file is empty".into())));
    }
    let header = match parse_header(&buf) {
        Ok(h) => h,
        Err(m) => return Ok(Err((1, m))),
    };
    let mut offset = buf.len() as u64;
    let mut starts = [0u64; 4];
    let mut counts = [0u64; 4];
    let mut current: Option<usize> = None;
    let mut previous: Option<Id> = None;
    let mut line = 1;
    while next_line(&mut *reader, &mut buf)? {
        line += 1;
        let (id, kind) = match line_head(&buf) {
            Ok(h) => h,
            Err(m) => return Ok(Err((line, m))),
        };
        if current.is_some_and(|c| kind < c) {
            return Ok(Err((
                line,
                format!(
                    "a {} record after the {}: an export lists claims, sources, attributions, then retractions",
                    Kind::ALL[kind],
                    Kind::ALL[current.unwrap_or(0)].dir()
                ),
            )));
        }
        if current != Some(kind) {
            current = Some(kind);
            starts[kind] = offset;
            previous = None;
        }
        match previous {
            Some(p) if p == id => return Ok(Err((line, format!("id {id} appears twice")))),
            Some(p) if p > id => return Ok(Err((line, format!("{} {id} is out of id order", Kind::ALL[kind])))),
            _ => {}
        }
        previous = Some(id);
        counts[kind] += 1;
        offset += buf.len() as u64;
    }
    let end = line + 1;
    let total: u64 = counts.iter().sum();
    let describe = |c: &[u64; 4]| {
        let parts: Vec<String> = Kind::ALL.iter().zip(c).map(|(k, n)| format!("{n} {}", k.dir())).collect();
        parts.join(", ")
    };
    let Some(records) = header.records else {
        return Ok(Err((1, "the header does not say how many records the export holds".into())));
    };
    let Some(said) = header.counts else {
        return Ok(Err((1, "the header has no counts of records per kind".into())));
    };
    let Some(digest) = header.digest.clone() else {
        return Ok(Err((1, "the header has no digest of the exported ids".into())));
    };
    if records != total || said != counts {
        return Ok(Err((
            end,
            format!(
            "the header counts {records} records ({}), the export holds {total} ({}): it is truncated or was edited",
            describe(&said),
            describe(&counts)
        ),
        )));
    }
    let actual = merged_digest(bytes, &starts, &counts)?;
    if actual != digest {
        return Ok(Err((
            end,
            format!("the exported ids hash to {actual}, not to the header's digest {digest}: records were replaced"),
        )));
    }
    Ok(Ok(Structure { header, counts, digest: actual }))
}

/// Checks a whole export held in memory without a ledger: its structure against its header
/// ([`check_export`]), then every record line on its own (it hashes to its id, its type is its kind). What
/// `verify --against` does before it looks at the ledger; the fuzz target of the export reader.
pub fn check_export_bytes(bytes: &[u8]) -> Result<Structure, (usize, String)> {
    let structure = check_export(bytes).map_err(|e| (0, e.to_string()))??;
    for (n, line) in bytes.split_inclusive(|b| *b == b'\n').enumerate().skip(1) {
        parse_record(n + 1, line).map_err(|m| (n + 1, m))?;
    }
    Ok(structure)
}

/// SHA-256 over the ids of the four sorted sections in one ascending order (as `verify` hashes a ledger),
/// reading each section from its own offset, so memory holds four lines.
fn merged_digest<B: ExportBytes + ?Sized>(bytes: &B, starts: &[u64; 4], counts: &[u64; 4]) -> io::Result<String> {
    struct Section<'a> {
        reader: Box<dyn BufRead + 'a>,
        left: u64,
        head: Option<Id>,
    }
    let mut sections = Vec::new();
    for k in 0..4 {
        if counts[k] > 0 {
            sections.push(Section { reader: bytes.open_at(starts[k])?, left: counts[k], head: None });
        }
    }
    let mut buf = Vec::new();
    let mut advance = |s: &mut Section| -> io::Result<()> {
        s.head = None;
        if s.left > 0 && next_line(&mut *s.reader, &mut buf)? {
            s.left -= 1;
            // The first pass read these very lines; a file that changed meanwhile hashes differently.
            s.head = line_head(&buf).ok().map(|(id, _)| id);
        }
        Ok(())
    };
    for s in sections.iter_mut() {
        advance(s)?;
    }
    let mut hash = Sha256::new();
    while let Some(next) = sections.iter_mut().filter(|s| s.head.is_some()).min_by_key(|s| s.head) {
        let id = next.head.expect("filtered on a head");
        hash.update(id.to_hex().as_bytes());
        hash.update(b"\n");
        advance(next)?;
    }
    Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
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
    check_export(path).map_err(read_err)?.map_err(|(line, message)| malformed(line, message))?;
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

    /// An export of these records as `export --format jsonl` writes it.
    fn export_of(records: &[crate::record::Record]) -> String {
        let mut sorted: Vec<_> = records.iter().map(|r| (r.kind(), r.id(), r.to_value())).collect();
        sorted.sort_by_key(|(k, id, _)| (*k, *id));
        let mut ids: Vec<Id> = sorted.iter().map(|(_, id, _)| *id).collect();
        let counts: serde_json::Map<String, Value> = Kind::ALL
            .iter()
            .map(|k| (k.dir().to_owned(), Value::from(sorted.iter().filter(|(x, _, _)| x == k).count())))
            .collect();
        let header = serde_json::json!({
            "claimledger_export": 1, "counts": counts, "digest": crate::verify::digest(&mut ids),
            "exported_at": "2026-03-01T12:00:00Z", "records": sorted.len(), "tool": "claimledger test",
        });
        let mut out = String::from_utf8(canonical::to_canonical(&header)).unwrap() + "\n";
        for (kind, id, value) in &sorted {
            let line = serde_json::json!({"id": id.to_hex(), "kind": kind.as_str(), "record": value, "status": "x"});
            out.push_str(&String::from_utf8(canonical::to_canonical(&line)).unwrap());
            out.push('\n');
        }
        out
    }

    fn sample() -> String {
        use crate::record::{Claim, Record, Source};
        let claim = |t: &str| Record::Claim(Claim { text: t.into() });
        let source = |u: &str| {
            Record::Source(Source {
                url: u.into(),
                outlet: "X".into(),
                title: None,
                published: None,
                archived_url: None,
            })
        };
        export_of(&[
            claim("One."),
            claim("Two."),
            claim("Three."),
            source("https://example.org/a"),
            source("https://example.org/b"),
        ])
    }

    #[test]
    fn an_export_must_hold_what_its_header_says() {
        let good = sample();
        let structure = check_export_bytes(good.as_bytes()).unwrap();
        assert_eq!(structure.counts, [3, 2, 0, 0]);
        let lines: Vec<&str> = good.lines().collect();
        let join = |ls: &[&str]| ls.iter().map(|l| format!("{l}\n")).collect::<String>();
        let truncated = join(&lines[..lines.len() - 1]);
        let err = check_export_bytes(truncated.as_bytes()).unwrap_err();
        assert_eq!(err.0, 6);
        assert!(
            err.1.contains(
                "the header counts 5 records (3 claims, 2 sources, 0 attributions, 0 retractions), the export holds 4"
            ),
            "{}",
            err.1
        );
        let middle = join(&[&lines[..2], &lines[3..]].concat());
        assert!(check_export_bytes(middle.as_bytes()).unwrap_err().1.contains("holds 4"));
        let header_only = join(&lines[..1]);
        assert!(check_export_bytes(header_only.as_bytes()).unwrap_err().1.contains("holds 0"));
        // A record swapped for another of its kind keeps the counts but not the digest.
        let mut other = lines.clone();
        let replacement = export_of(&[crate::record::Record::Claim(crate::record::Claim { text: "Zzz.".into() })]);
        let swapped_line = replacement.lines().nth(1).unwrap().to_owned();
        other[3] = &swapped_line;
        let err = check_export_bytes(join(&other).as_bytes()).unwrap_err();
        assert!(err.1.contains("not to the header's digest"), "{err:?}");
        // Order: a claim after the sources, and a repeated line.
        let reordered = join(&[lines[0], lines[4], lines[1], lines[2], lines[3], lines[5]]);
        assert!(check_export_bytes(reordered.as_bytes()).unwrap_err().1.contains("a claim record after the sources"));
        let twice = join(&[lines[0], lines[1], lines[1], lines[2], lines[3], lines[4], lines[5]]);
        assert!(check_export_bytes(twice.as_bytes()).unwrap_err().1.contains("appears twice"));
        // The last line need not end with a line break.
        assert!(check_export_bytes(good.trim_end().as_bytes()).is_ok());
    }
}
