//! The batch being planned: identity rules across the ledger and the batch, validation, and references.
//!
//! Every reader hands its rows to the [`Builder`], which turns them into records, decides for each whether
//! it is new, already in the ledger or already in the batch, and keeps the new ones in write order. The
//! invariant: the plan is complete and consistent before anything is written (every reference resolves to
//! a record of the right kind in the ledger or in the batch, and no URL names two sources).

use std::collections::{HashMap, HashSet};

use super::{Error, Input, Origin, Summary};
use crate::id::{Id, Prefix};
use crate::ledger::{Ledger, NewSource, Stamp};
use crate::record::{normalize_text, normalize_url, Attribution, Claim, Kind, QuoteKind, Record, Source};

/// The new records of an import, in write order, and what the import found.
#[derive(Debug, Default)]
pub struct Plan {
    records: Vec<Record>,
    pub summary: Summary,
}

impl Plan {
    /// The new records: claims, then sources, attributions and retractions, each in the order first read.
    pub fn records(&self) -> &[Record] {
        &self.records
    }
}

/// A reference a record makes, checked once the whole batch is known.
struct Reference {
    at: Origin,
    id: Id,
    /// What the referring field is, for the message.
    field: &'static str,
    /// The kinds it may name.
    kinds: &'static [Kind],
}

pub(crate) struct Builder<'a> {
    ledger: &'a Ledger,
    inputs: &'a [Input],
    stamp: &'a Stamp,
    claims: HashMap<String, Id>,
    sources: HashMap<String, (Id, Origin, Source)>,
    /// Attributions in the batch by content; the flag is the quote being a paraphrase.
    attributions: HashSet<(Id, Id, String, bool)>,
    /// Ids in the batch (new or already in the ledger), with their kind.
    ids: HashMap<Id, Kind>,
    /// Existing attributions of ledger claims, by content, fetched once per claim.
    ledger_attributions: HashMap<Id, Vec<(Id, Id, String, QuoteKind)>>,
    /// Ids of the records this import adds.
    fresh: HashSet<Id>,
    new: [Vec<Record>; 4],
    references: Vec<Reference>,
    pub(crate) summary: Summary,
}

fn slot(kind: Kind) -> usize {
    Kind::ALL.iter().position(|k| *k == kind).expect("every kind is listed")
}

impl<'a> Builder<'a> {
    pub(crate) fn new(ledger: &'a Ledger, inputs: &'a [Input], stamp: &'a Stamp) -> Self {
        Builder {
            ledger,
            inputs,
            stamp,
            claims: HashMap::new(),
            sources: HashMap::new(),
            attributions: HashSet::new(),
            ids: HashMap::new(),
            ledger_attributions: HashMap::new(),
            fresh: HashSet::new(),
            new: Default::default(),
            references: Vec::new(),
            summary: Summary::default(),
        }
    }

    /// An error about one row.
    pub(crate) fn error(&self, at: Origin, message: impl Into<String>) -> Error {
        Error::Row { file: self.inputs[at.input].name.clone(), line: at.line, message: message.into() }
    }

    pub(crate) fn row(&mut self) {
        self.summary.rows += 1;
    }

    /// The ledger's record with this exact id, if any.
    fn in_ledger(&self, id: &Id) -> Result<Option<Kind>, Error> {
        let prefix: Prefix = id.to_hex().parse().expect("a full id is a valid prefix");
        Ok(self.ledger.index().resolve(&prefix, 1)?.first().filter(|(found, _)| found == id).map(|(_, k)| *k))
    }

    /// Counts a record as new (`Some`: kept for writing) or as already in the ledger (`None`); a repeat within
    /// the batch counts once.
    fn keep(&mut self, id: Id, kind: Kind, new: Option<Record>) {
        if self.ids.insert(id, kind).is_some() {
            return;
        }
        match new {
            Some(record) => {
                self.summary.added.bump(kind);
                self.fresh.insert(id);
                self.new[slot(kind)].push(record);
            }
            None => self.summary.existing.bump(kind),
        }
    }

    /// A claim by its text (identity: the normalised text).
    pub(crate) fn claim(&mut self, at: Origin, text: &str) -> Result<Id, Error> {
        let text = normalize_text(text);
        if text.is_empty() {
            return Err(self.error(at, "the claim text is empty"));
        }
        if let Some(id) = self.claims.get(&text) {
            return Ok(*id);
        }
        let existing = self.ledger.index().claim_by_text(&text)?;
        let record = Record::Claim(Claim { text: text.clone() });
        let id = existing.unwrap_or_else(|| record.id());
        self.claims.insert(text, id);
        self.keep(id, Kind::Claim, existing.is_none().then_some(record));
        Ok(id)
    }

    /// A source from its fields (identity: the normalised URL, as `source add`).
    pub(crate) fn source(&mut self, at: Origin, new: &NewSource) -> Result<Id, Error> {
        let url = normalize_url(&new.url).map_err(|e| self.error(at, format!("url: {e}")))?;
        let outlet = new.outlet.trim();
        if outlet.is_empty() {
            return Err(self.error(at, format!("the source {url} has no outlet")));
        }
        let archived_url = match &new.archived_url {
            Some(a) => Some(normalize_url(a).map_err(|e| self.error(at, format!("archived url: {e}")))?),
            None => None,
        };
        let title = new.title.as_deref().map(normalize_text).filter(|t| !t.is_empty());
        let source = Source { url, outlet: outlet.to_owned(), title, published: new.published, archived_url };
        self.add_source(at, source, None)
    }

    /// A source record as exported, whose id must be `expected` when given.
    pub(crate) fn source_exact(&mut self, at: Origin, source: Source, expected: Option<Id>) -> Result<Id, Error> {
        let record = Record::Source(source.clone());
        record.validate().map_err(|e| self.error(at, format!("source: {e}")))?;
        self.check_id(at, &record, expected)?;
        self.add_source(at, source, Some(record.id()))
    }

    fn add_source(&mut self, at: Origin, source: Source, exact: Option<Id>) -> Result<Id, Error> {
        if let Some((id, first, seen)) = self.sources.get(&source.url) {
            let differs = match exact {
                Some(exact) => exact != *id,
                None => {
                    seen.outlet != source.outlet || (source.published.is_some() && seen.published != source.published)
                }
            };
            if differs {
                let line = first.line;
                let file = &self.inputs[first.input].name;
                return Err(self.error(
                    at,
                    format!("the source {} differs from the one at {file}:{line} (one source per URL)", source.url),
                ));
            }
            return Ok(*id);
        }
        let existing = self.ledger.index().source_by_url(&source.url)?;
        if let (Some(existing), Some(exact)) = (existing, exact) {
            if existing != exact {
                return Err(self.error(
                    at,
                    format!(
                        "the ledger already has another source for {} ({}): one source per URL",
                        source.url,
                        &existing.to_hex()[..12]
                    ),
                ));
            }
        }
        let record = Record::Source(source.clone());
        let id = existing.or(exact).unwrap_or_else(|| record.id());
        self.sources.insert(source.url.clone(), (id, at, source));
        self.keep(id, Kind::Source, existing.is_none().then_some(record));
        Ok(id)
    }

    /// An attribution that this import stamps (identity: claim, source, quote and quote kind).
    pub(crate) fn attribution(
        &mut self,
        at: Origin,
        claim: Id,
        source: Id,
        quote: &str,
        quote_kind: QuoteKind,
    ) -> Result<(), Error> {
        let quote = normalize_text(quote);
        if quote.is_empty() {
            return Err(self.error(at, "the quote is empty"));
        }
        let key = (claim, source, quote.clone(), quote_kind == QuoteKind::Paraphrase);
        if self.attributions.contains(&key) {
            return Ok(());
        }
        self.attributions.insert(key);
        if !self.fresh.contains(&claim) {
            // A claim of the ledger may already have this attribution under another stamp.
            if let Some(found) = self.ledger_attribution(claim, source, &quote, quote_kind)? {
                self.keep(found, Kind::Attribution, None);
                return Ok(());
            }
        }
        let record = Record::Attribution(Attribution {
            claim,
            source,
            quote,
            quote_kind,
            recorded_by: self.stamp.by.clone(),
            recorded_at: self.stamp.at,
        });
        let id = record.id();
        let in_ledger = self.in_ledger(&id)?.is_some();
        self.keep(id, Kind::Attribution, (!in_ledger).then_some(record));
        Ok(())
    }

    /// The ledger's attribution of this claim to this source with this quote, whoever recorded it.
    fn ledger_attribution(&mut self, claim: Id, source: Id, quote: &str, kind: QuoteKind) -> Result<Option<Id>, Error> {
        if !self.ledger_attributions.contains_key(&claim) {
            let mut found = Vec::new();
            for a in self.ledger.index().attributions(&claim, false)? {
                let (Ok(id), Ok(src)) = (a.id.parse::<Id>(), a.source.id.parse::<Id>()) else { continue };
                let kind = if a.quote_kind == "paraphrase" { QuoteKind::Paraphrase } else { QuoteKind::Verbatim };
                found.push((id, src, a.quote, kind));
            }
            self.ledger_attributions.insert(claim, found);
        }
        Ok(self.ledger_attributions[&claim]
            .iter()
            .find(|(_, src, q, k)| *src == source && q == quote && *k == kind)
            .map(|(id, ..)| *id))
    }

    /// A record as exported, with its id: kept byte for byte, identified by its id.
    pub(crate) fn record_exact(&mut self, at: Origin, record: Record, expected: Option<Id>) -> Result<Id, Error> {
        record.validate().map_err(|e| self.error(at, format!("{}: {e}", record.kind())))?;
        match record {
            Record::Source(s) => self.source_exact(at, s, expected),
            record => {
                self.check_id(at, &record, expected)?;
                let id = record.id();
                match &record {
                    Record::Attribution(a) => {
                        self.refer(at, a.claim, "claim", &[Kind::Claim]);
                        self.refer(at, a.source, "source", &[Kind::Source]);
                    }
                    Record::Retraction(r) => {
                        self.refer(at, r.target, "target", &[Kind::Claim, Kind::Source, Kind::Attribution]);
                    }
                    Record::Claim(c) => {
                        self.claims.insert(c.text.clone(), id);
                    }
                    Record::Source(_) => unreachable!("handled above"),
                }
                let kind = record.kind();
                let in_ledger = self.in_ledger(&id)?.is_some();
                self.keep(id, kind, (!in_ledger).then_some(record));
                Ok(id)
            }
        }
    }

    fn check_id(&self, at: Origin, record: &Record, expected: Option<Id>) -> Result<(), Error> {
        let actual = record.id();
        match expected {
            Some(expected) if expected != actual => Err(self.error(
                at,
                format!("the {} does not hash to its id {expected}: its content hashes to {actual}", record.kind()),
            )),
            _ => Ok(()),
        }
    }

    fn refer(&mut self, at: Origin, id: Id, field: &'static str, kinds: &'static [Kind]) {
        self.references.push(Reference { at, id, field, kinds });
    }

    /// Checks every reference and returns the plan.
    pub(crate) fn finish(mut self) -> Result<Plan, Error> {
        for r in std::mem::take(&mut self.references) {
            let kind = match self.ids.get(&r.id) {
                Some(kind) => Some(*kind),
                None => self.in_ledger(&r.id)?,
            };
            match kind {
                Some(kind) if r.kinds.contains(&kind) => {}
                Some(kind) => {
                    return Err(self.error(r.at, format!("{} {} is a {kind}, not a {}", r.field, r.id, r.kinds[0])))
                }
                None => {
                    return Err(
                        self.error(r.at, format!("{} {} is neither in the ledger nor in the import", r.field, r.id))
                    )
                }
            }
        }
        let records = self.new.into_iter().flatten().collect();
        Ok(Plan { records, summary: self.summary })
    }
}
