//! Whole-ledger exports for auditors and readers: JSON Lines, CSV, schema.org ClaimReview JSON-LD and a
//! self-contained HTML page, plus the append-only comparison of a ledger with an earlier JSON Lines export.
//!
//! Every export is deterministic (the same ledger and the same "now" give the same bytes: rows come in id
//! order, the time is an input) and streaming (rows are written as the index yields them; memory holds a
//! bounded batch, not the ledger). The whole export reads one snapshot of the index. This module writes to a
//! caller's `Write` and never prints; it does not parse command lines or draw progress bars, it only reports
//! progress through a callback.

mod against;
mod claimreview;
mod csv;
mod html;
mod jsonl;

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};

use crate::index::{self, Index};
use crate::ledger::Ledger;
use crate::record::Kind;
use crate::store;

pub use against::{
    check_export, check_export_bytes, compare, Change, ChangeKind, CompareError, Comparison, ExportBytes, OldHeader,
    Structure,
};
pub use html::{page_name, Pages};

/// The version of the JSON Lines layout, written in its first line.
pub const JSONL_VERSION: u32 = 1;

/// What the export is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line: a header, then every record with its id, kind and status.
    Jsonl,
    /// One row per claim, RFC 4180.
    Csv,
    /// schema.org JSON-LD: each claim a `Claim` with its sources as `appearance`.
    ClaimReview,
    /// One self-contained page for people.
    Html,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Index(#[from] index::Error),
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error("cannot write the export")]
    Write(#[from] io::Error),
}

/// What an export says about itself: which tool, when, and which ledger (counts and digest).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// `claimledger <version>`.
    pub tool: String,
    /// RFC 3339, UTC, whole seconds.
    pub exported_at: String,
    /// Records per kind, in [`Kind::ALL`] order.
    pub counts: Vec<(Kind, usize)>,
    /// SHA-256 over the sorted ids, one lowercase hex id and a newline each (as `verify` prints it).
    pub digest: String,
}

impl Header {
    pub fn count(&self, kind: Kind) -> usize {
        self.counts.iter().find(|(k, _)| *k == kind).map_or(0, |(_, n)| *n)
    }

    pub fn records(&self) -> usize {
        self.counts.iter().map(|(_, n)| n).sum()
    }

    /// Counts keyed by folder name, for JSON.
    fn counts_json(&self) -> serde_json::Value {
        self.counts.iter().map(|(k, n)| (k.dir().to_owned(), serde_json::Value::from(*n))).collect()
    }
}

/// Reports `(done, total)` units of work; called every few thousand rows and once at the end.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// How often, in rows, progress is reported.
const PROGRESS_EVERY: u64 = 4096;

/// Reads the counts and the digest in one pass over the ids, in the order `verify` hashes them.
fn header(index: &Index, now: DateTime<Utc>) -> Result<Header, Error> {
    let mut hash = Sha256::new();
    let mut counts = Kind::ALL.map(|k| (k, 0usize));
    index.each_id(|id, kind| {
        hash.update(id.as_bytes());
        hash.update(b"\n");
        if let Some(slot) = counts.iter_mut().find(|(k, _)| k.as_str() == kind) {
            slot.1 += 1;
        }
        Ok::<(), Error>(())
    })?;
    Ok(Header {
        tool: format!("claimledger {}", env!("CARGO_PKG_VERSION")),
        exported_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        counts: counts.to_vec(),
        digest: hash.finalize().iter().map(|b| format!("{b:02x}")).collect(),
    })
}

/// Writes the whole ledger in the given format; returns what the export says about itself.
pub fn export(
    ledger: &Ledger,
    format: Format,
    now: DateTime<Utc>,
    out: &mut dyn Write,
    progress: Progress,
) -> Result<Header, Error> {
    let index = ledger.index();
    let _snapshot = index.read_snapshot()?;
    let header = header(index, now)?;
    match format {
        Format::Jsonl => jsonl::write(ledger.store(), index, &header, out, progress)?,
        Format::Csv => csv::write(index, &header, out, progress)?,
        Format::ClaimReview => claimreview::write(index, &header, out, progress)?,
        Format::Html => html::write(index, &header, out, progress)?,
    }
    out.flush()?;
    Ok(header)
}

/// Writes the HTML report as pages of at most `page_size` claims (unsourced, then retracted, then sourced);
/// returns what the export says about itself and how many pages it wrote.
pub fn export_html(
    ledger: &Ledger,
    now: DateTime<Utc>,
    page_size: usize,
    pages: &mut dyn Pages,
    progress: Progress,
) -> Result<(Header, usize), Error> {
    let index = ledger.index();
    let _snapshot = index.read_snapshot()?;
    let header = header(index, now)?;
    let n = html::write_pages(index, &header, page_size, pages, progress)?;
    Ok((header, n))
}

/// Counts rows and reports progress every [`PROGRESS_EVERY`].
struct Ticker<'a> {
    done: u64,
    total: u64,
    progress: Progress<'a>,
}

impl<'a> Ticker<'a> {
    fn new(total: usize, progress: Progress<'a>) -> Self {
        progress(0, total as u64);
        Ticker { done: 0, total: total as u64, progress }
    }

    fn tick(&mut self, n: u64) {
        let before = self.done / PROGRESS_EVERY;
        self.done += n;
        if self.done / PROGRESS_EVERY != before {
            (self.progress)(self.done, self.total.max(self.done));
        }
    }

    fn finish(&self) {
        (self.progress)(self.done, self.total.max(self.done));
    }
}
