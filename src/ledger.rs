//! Ledger operations: what the record commands do, on top of the files ([`Store`]) and the index ([`Index`]).
//!
//! Each operation validates its input completely before anything is written, applies the identity rules
//! (same normalised claim text or source URL → the existing id, nothing written), writes one record, and
//! records it in the index. Time and author are inputs: the library never reads the clock.

use chrono::{DateTime, NaiveDate, Utc};

use crate::id::{Id, ParseIdError, Prefix};
use crate::index::{self, Index, SyncStats};
use crate::record::{
    self, normalize_text, normalize_url, Attribution, Claim, Kind, QuoteKind, Record, Retraction, RetractionKind,
    Source,
};
use crate::store::{self, Store};

/// Why a ledger operation refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Index(#[from] index::Error),
    #[error(transparent)]
    Id(#[from] ParseIdError),
    #[error("no record with id {0}")]
    Unknown(String),
    #[error("no source with url {0}: add it with `claimledger source add`")]
    UnknownUrl(String),
    #[error("id prefix {prefix} is ambiguous: {}", candidates.join(", "))]
    Ambiguous { prefix: String, candidates: Vec<String> },
    #[error("{id} is a {found}, expected {expected}")]
    WrongKind { id: String, expected: String, found: Kind },
    #[error("{field}: {source}")]
    Url { field: &'static str, source: record::UrlError },
    #[error("{0} is empty")]
    Empty(&'static str),
}

/// The outcome of an operation that adds a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Added {
    pub id: Id,
    /// False when the identity rules returned an existing record.
    pub created: bool,
}

/// What a source is added with.
#[derive(Clone, Debug, Default)]
pub struct NewSource {
    pub url: String,
    pub outlet: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub archived_url: Option<String>,
}

/// Who records an event, and when.
#[derive(Clone, Debug)]
pub struct Stamp {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// An open ledger: its files and its up-to-date index.
pub struct Ledger {
    store: Store,
    index: Index,
    synced: SyncStats,
}

/// Whether a reference is a URL rather than an id: ids are hex, so a scheme settles it.
fn is_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

fn non_empty(field: &'static str, s: &str) -> Result<String, Error> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Error::Empty(field));
    }
    Ok(t.to_owned())
}

impl Ledger {
    /// Opens the ledger at `root`, bringing its index up to date.
    pub fn open(root: impl Into<std::path::PathBuf>) -> Result<Ledger, Error> {
        Self::open_with(root, &|_, _| {})
    }

    /// Like [`Ledger::open`], reporting the index sync's progress (folders done, folders to list).
    pub fn open_with(root: impl Into<std::path::PathBuf>, progress: &dyn Fn(usize, usize)) -> Result<Ledger, Error> {
        let store = Store::open(root)?;
        let (index, synced) = Index::open_with(&store, progress)?;
        Ok(Ledger { store, index, synced })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// What opening the ledger had to bring into the index.
    pub fn synced(&self) -> &SyncStats {
        &self.synced
    }

    /// Brings the index up to date with files written behind its back (a batch of
    /// [`Store::write_batch`]): one sync over the folders that changed instead of one insert per record.
    pub fn resync(&mut self) -> Result<SyncStats, Error> {
        Ok(self.index.sync(&self.store)?)
    }

    fn put(&mut self, record: Record) -> Result<Added, Error> {
        let written = self.store.write(&record)?;
        self.index.insert(&written.id, &record)?;
        Ok(Added { id: written.id, created: written.created })
    }

    /// Adds a claim, or returns the claim with the same normalised text.
    pub fn add_claim(&mut self, text: &str) -> Result<Added, Error> {
        let text = normalize_text(text);
        if text.is_empty() {
            return Err(Error::Empty("claim text"));
        }
        if let Some(id) = self.index.claim_by_text(&text)? {
            return Ok(Added { id, created: false });
        }
        self.put(Record::Claim(Claim { text }))
    }

    /// Adds a claim (or finds it by its text) together with its attribution to a source, as one write: both
    /// files are staged first, then the attribution is renamed into place before the claim, so that no reader
    /// ever sees the new claim without its source. A run killed between the two renames leaves an attribution
    /// whose claim is missing (which `verify` names); running the same command again writes the claim and
    /// adopts that attribution instead of recording a second one. Likewise a live attribution of the claim to
    /// the same source with the same quote by the same person is the one returned: the command is idempotent.
    /// Returns the claim and the attribution.
    pub fn add_claim_attributed(
        &mut self,
        text: &str,
        source: &str,
        quote: &str,
        quote_kind: QuoteKind,
        stamp: &Stamp,
    ) -> Result<(Added, Added), Error> {
        let text = normalize_text(text);
        if text.is_empty() {
            return Err(Error::Empty("claim text"));
        }
        let source = self.resolve_kind(source, Kind::Source)?;
        let quote = non_empty("quote", &normalize_text(quote))?;
        let recorded_by = non_empty("recorded by", &stamp.by)?;
        let existing = self.index.claim_by_text(&text)?;
        let claim = Record::Claim(Claim { text });
        let claim_id = claim.id();
        let kind_name = if quote_kind == QuoteKind::Paraphrase { "paraphrase" } else { "verbatim" };
        let same = self.index.attributions(&claim_id, false)?.into_iter().find(|a| {
            // An orphan (its claim missing) is not live in the index's eyes only if retracted; either way the
            // fields must be the ones asked for.
            (a.live || existing.is_none())
                && a.source.id == source.to_hex()
                && a.quote == quote
                && a.quote_kind == kind_name
                && a.recorded_by == recorded_by
        });
        match (existing, same) {
            (Some(id), Some(same)) => {
                return Ok((Added { id, created: false }, Added { id: same.id.parse()?, created: false }));
            }
            (Some(id), None) => {
                let attribution = self.attribute(&id.to_hex(), &source.to_hex(), &quote, quote_kind, stamp)?;
                return Ok((Added { id, created: false }, attribution));
            }
            (None, Some(orphan)) => {
                let added = self.put(claim)?;
                return Ok((added, Added { id: orphan.id.parse()?, created: false }));
            }
            (None, None) => {}
        }
        let attribution = Record::Attribution(Attribution {
            claim: claim_id,
            source,
            quote,
            quote_kind,
            recorded_by,
            recorded_at: stamp.at,
        });
        let written = self.store.write_all(&[attribution.clone(), claim.clone()])?;
        self.index.insert(&written[1].id, &claim)?;
        self.index.insert(&written[0].id, &attribution)?;
        let added = |w: &store::Written| Added { id: w.id, created: w.created };
        Ok((added(&written[1]), added(&written[0])))
    }

    /// Adds a source, or returns the source with the same normalised URL.
    pub fn add_source(&mut self, new: &NewSource) -> Result<Added, Error> {
        let url = normalize_url(&new.url).map_err(|source| Error::Url { field: "url", source })?;
        let outlet = non_empty("outlet", &new.outlet)?;
        let archived_url = match &new.archived_url {
            Some(a) => Some(normalize_url(a).map_err(|source| Error::Url { field: "--archived", source })?),
            None => None,
        };
        let title = new.title.as_deref().map(normalize_text).filter(|t| !t.is_empty());
        if let Some(id) = self.index.source_by_url(&url)? {
            return Ok(Added { id, created: false });
        }
        self.put(Record::Source(Source { url, outlet, title, published: new.published, archived_url }))
    }

    /// Links a claim to a source with the supporting quote.
    pub fn attribute(
        &mut self,
        claim: &str,
        source: &str,
        quote: &str,
        quote_kind: QuoteKind,
        stamp: &Stamp,
    ) -> Result<Added, Error> {
        let claim = self.resolve_kind(claim, Kind::Claim)?;
        let source = self.resolve_kind(source, Kind::Source)?;
        let quote = non_empty("quote", &normalize_text(quote))?;
        let recorded_by = non_empty("recorded by", &stamp.by)?;
        self.put(Record::Attribution(Attribution {
            claim,
            source,
            quote,
            quote_kind,
            recorded_by,
            recorded_at: stamp.at,
        }))
    }

    /// Withdraws or corrects a source, an attribution or a claim by adding a retraction record.
    pub fn retract(
        &mut self,
        target: &str,
        kind: RetractionKind,
        reason: &str,
        notice_url: Option<&str>,
        effective: NaiveDate,
        stamp: &Stamp,
    ) -> Result<Added, Error> {
        let (target, found) = self.resolve(target)?;
        if found == Kind::Retraction {
            return Err(Error::WrongKind {
                id: target.to_hex(),
                expected: "a claim, source or attribution".into(),
                found,
            });
        }
        let reason = non_empty("reason", &normalize_text(reason))?;
        let notice_url = match notice_url {
            Some(n) => Some(normalize_url(n).map_err(|source| Error::Url { field: "--notice", source })?),
            None => None,
        };
        let recorded_by = non_empty("recorded by", &stamp.by)?;
        self.put(Record::Retraction(Retraction {
            target,
            kind,
            reason,
            notice_url,
            effective,
            recorded_by,
            recorded_at: stamp.at,
        }))
    }

    /// The one record an id or unambiguous prefix names, or the source an http(s) URL names (normalised
    /// first, so a link as readers copy it, with tracking parameters, finds its source).
    pub fn resolve(&self, text: &str) -> Result<(Id, Kind), Error> {
        let text = text.trim();
        if is_url(text) {
            let url = normalize_url(text).map_err(|source| Error::Url { field: "url", source })?;
            return match self.index.source_by_url(&url)? {
                Some(id) => Ok((id, Kind::Source)),
                None => Err(Error::UnknownUrl(url)),
            };
        }
        let prefix: Prefix = text.parse()?;
        let found = self.index.resolve(&prefix, 10)?;
        match found.as_slice() {
            [] => Err(Error::Unknown(prefix.to_string())),
            [one] => Ok(*one),
            many => Err(Error::Ambiguous {
                prefix: prefix.to_string(),
                candidates: many.iter().map(|(id, kind)| format!("{} ({kind})", &id.to_hex()[..12])).collect(),
            }),
        }
    }

    /// Like [`Ledger::resolve`], but the record must be of the given kind.
    pub fn resolve_kind(&self, text: &str, kind: Kind) -> Result<Id, Error> {
        let (id, found) = self.resolve(text)?;
        if found != kind {
            return Err(Error::WrongKind { id: id.to_hex(), expected: format!("a {kind}"), found });
        }
        Ok(id)
    }

    /// Reads a record from its file (the truth), checked against its id.
    pub fn read(&self, id: &Id, kind: Kind) -> Result<Record, Error> {
        Ok(self.store.read(kind, id)?)
    }
}
