//! Importing claims, sources and attributions in bulk: CSV, the project's own JSON Lines export, and
//! ClaimReview JSON-LD (the project's own export and the shapes of Google's Fact Check Tools).
//!
//! An import is two steps. [`plan`] reads every input completely, validates every row, applies the identity
//! rules against the ledger and against the rest of the batch, and returns the records that are new; a bad
//! row is an error naming its file and line, and nothing has been written. [`apply`] then writes the new
//! records with the store in one batch and brings the index up to date once, instead of once per record.
//!
//! Identity decides what "already in the ledger" means, so that importing the same file twice adds nothing:
//! claims by normalised text and sources by normalised URL, as `claim add` and `source add` do; records that
//! carry their own id and stamps (JSON Lines, the project's ClaimReview) by that id, checked against their
//! content; attributions that the import stamps itself (CSV, third-party ClaimReview) by their content: the
//! same claim, source, quote and quote kind. This module parses bytes and never reads files or prints: the
//! command reads the inputs and reports.

mod claimreview;
mod csv;
mod jsonl;
mod plan;

use std::fmt;

use crate::ledger::{self, Ledger, Stamp};
use crate::record::Kind;
use crate::{index, store};

pub use plan::Plan;

/// What an input file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A header row, then one claim per row (with its source and quote, optionally).
    Csv,
    /// `claimledger export --format jsonl`: every record with its id.
    Jsonl,
    /// schema.org JSON-LD: `Claim` nodes (as `claimledger export --format claimreview` writes them),
    /// `ClaimReview` nodes, and the Fact Check Tools API's `{"claims": [...]}`.
    ClaimReview,
}

impl Format {
    /// The format a file name implies: `.csv`, `.jsonl`/`.ndjson`, `.json`/`.jsonld` (any case).
    pub fn from_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "json" | "jsonld" => Some(Format::ClaimReview),
            _ => None,
        }
    }
}

/// One file to import, already read.
pub struct Input {
    /// How errors name it: the path as given, or `<stdin>`.
    pub name: String,
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// Why an import was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A row or node that cannot be imported; nothing was written.
    #[error("{file}:{line}: {message}")]
    Row { file: String, line: usize, message: String },
    #[error(transparent)]
    Index(#[from] index::Error),
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Ledger(#[from] ledger::Error),
}

/// Where a row came from: an input (by position) and a 1-based line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    pub(crate) input: usize,
    pub(crate) line: usize,
}

/// Records per kind, in [`Kind::ALL`] order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts(pub [usize; 4]);

impl Counts {
    pub fn get(&self, kind: Kind) -> usize {
        self.0[Kind::ALL.iter().position(|k| *k == kind).expect("every kind is listed")]
    }

    fn bump(&mut self, kind: Kind) {
        self.0[Kind::ALL.iter().position(|k| *k == kind).expect("every kind is listed")] += 1;
    }

    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

impl fmt::Display for Counts {
    /// `2 claims, 1 source, 0 attributions, 0 retractions`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            let n = self.0[i];
            let name = if n == 1 { kind.as_str() } else { kind.dir() };
            write!(f, "{}{n} {name}", if i > 0 { ", " } else { "" })?;
        }
        Ok(())
    }
}

/// What an import did, or would do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Rows (CSV, JSON Lines) or nodes (ClaimReview) read.
    pub rows: usize,
    /// New records.
    pub added: Counts,
    /// Records the ledger already had (by the identity rules).
    pub existing: Counts,
    /// Fact-check reviews that do not rate their claim true: the claim is imported without that support.
    pub unsupported_reviews: usize,
    /// ClaimReview appearances without a supporting quote: the source is not attributed.
    pub unquoted_appearances: usize,
}

/// Reports `(done, total)` records written.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Reads and validates every input against the ledger; returns the new records. Writes nothing.
pub fn plan(ledger: &Ledger, inputs: &[Input], stamp: &Stamp) -> Result<Plan, Error> {
    let mut builder = plan::Builder::new(ledger, inputs, stamp);
    for (n, input) in inputs.iter().enumerate() {
        match input.format {
            Format::Csv => csv::read(n, &input.bytes, &mut builder)?,
            Format::Jsonl => jsonl::read(n, &input.bytes, &mut builder)?,
            Format::ClaimReview => claimreview::read(n, &input.bytes, &mut builder)?,
        }
    }
    builder.finish()
}

/// Writes a plan's records (claims, then sources, attributions, retractions) and updates the index once.
pub fn apply(ledger: &mut Ledger, plan: &Plan, progress: Progress) -> Result<(), Error> {
    ledger.store().write_batch(plan.records(), progress)?;
    ledger.resync()?;
    Ok(())
}

#[cfg(test)]
mod tests;
