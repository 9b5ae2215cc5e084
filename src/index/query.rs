//! Lookups over the index: ids by prefix, claims by text, sources by URL, and derived status.
//!
//! Status is derived here, never stored: an attribution is live unless it or its source has a retraction of
//! kind retraction or withdrawal; a claim is sourced with at least one live attribution and retracted when it
//! is itself withdrawn. Every query is a keyed lookup, so its cost does not grow with the ledger.

use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

use super::{all_ids, table_of, Error, Index};
use crate::id::{Id, Prefix};
use crate::record::Kind;

/// A claim's derived status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimStatus {
    /// At least one live attribution.
    Sourced,
    /// No live attribution.
    Unsourced,
    /// The claim itself is withdrawn or retracted.
    Retracted,
}

impl ClaimStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Sourced => "sourced",
            ClaimStatus::Unsourced => "unsourced",
            ClaimStatus::Retracted => "retracted",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClaimRow {
    pub id: String,
    pub text: String,
    pub status: ClaimStatus,
    pub live_sources: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceRow {
    pub id: String,
    pub url: String,
    pub outlet: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived_url: Option<String>,
    pub live: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RetractionRow {
    pub id: String,
    pub target: String,
    pub kind: String,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice_url: Option<String>,
    pub effective: String,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// An attribution with its source and the retractions that touch either.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttributionView {
    pub id: String,
    pub claim: String,
    pub quote: String,
    pub quote_kind: String,
    pub recorded_by: String,
    pub recorded_at: String,
    pub live: bool,
    pub source: SourceRow,
    /// Retractions of the attribution itself or of its source, corrections included.
    pub retractions: Vec<RetractionRow>,
}

const KILLING: &str = "('retraction', 'withdrawal')";

fn source_row(r: &Row) -> rusqlite::Result<SourceRow> {
    let killed = r.get::<_, i64>(6)? != 0;
    source_columns(r, 0, !killed)
}

/// A source from six consecutive columns (id, url, outlet, title, published, archived_url) starting at `at`.
pub(super) fn source_columns(r: &Row, at: usize, live: bool) -> rusqlite::Result<SourceRow> {
    Ok(SourceRow {
        id: r.get(at)?,
        url: r.get(at + 1)?,
        outlet: r.get(at + 2)?,
        title: r.get(at + 3)?,
        published: r.get(at + 4)?,
        archived_url: r.get(at + 5)?,
        live,
    })
}

fn retraction_row(r: &Row) -> rusqlite::Result<RetractionRow> {
    Ok(RetractionRow {
        id: r.get(0)?,
        target: r.get(1)?,
        kind: r.get(2)?,
        reason: r.get(3)?,
        notice_url: r.get(4)?,
        effective: r.get(5)?,
        recorded_by: r.get(6)?,
        recorded_at: r.get(7)?,
    })
}

impl Index {
    /// Every indexed record whose id starts with the prefix (at most `limit`), in id order.
    pub fn resolve(&self, prefix: &Prefix, limit: usize) -> Result<Vec<(Id, Kind)>, Error> {
        let lo = prefix.as_str().to_owned();
        let hi = format!("{lo}g");
        let sql = format!("{} LIMIT ?3", all_ids("r.id >= ?1 AND r.id < ?2"));
        let mut st = self.conn.prepare_cached(&sql).map_err(self.err())?;
        let rows = st
            .query_map(params![lo, hi, limit as i64], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(self.err())?;
        let mut out = Vec::new();
        for row in rows {
            let (hex, kind) = row.map_err(self.err())?;
            if let (Ok(id), Some(kind)) = (hex.parse(), Kind::from_str_opt(&kind)) {
                out.push((id, kind));
            }
        }
        Ok(out)
    }

    /// The claim whose normalised text is exactly this: the claim with that text's id, since a claim's id is
    /// the hash of its text (and checked against it when the record is read), which spares the tables an
    /// index of every claim's text.
    pub fn claim_by_text(&self, normalized: &str) -> Result<Option<Id>, Error> {
        let id = crate::record::Record::Claim(crate::record::Claim { text: normalized.to_owned() }).id();
        self.one_id("SELECT id FROM claims WHERE id = ?1", &id.to_hex())
    }

    /// The source whose normalised URL is exactly this.
    pub fn source_by_url(&self, normalized: &str) -> Result<Option<Id>, Error> {
        self.one_id("SELECT id FROM sources WHERE url = ?1 ORDER BY id LIMIT 1", normalized)
    }

    fn one_id(&self, sql: &str, arg: &str) -> Result<Option<Id>, Error> {
        let hex: Option<String> = self
            .conn
            .prepare_cached(sql)
            .and_then(|mut st| st.query_row([arg], |r| r.get(0)).optional())
            .map_err(self.err())?;
        Ok(hex.and_then(|h| h.parse().ok()))
    }

    /// A claim with its derived status.
    pub fn claim(&self, id: &Id) -> Result<Option<ClaimRow>, Error> {
        let sql = format!(
            "SELECT c.id, c.text,
                EXISTS(SELECT 1 FROM retractions r WHERE r.target = c.id AND r.kind IN {KILLING}),
                (SELECT COUNT(DISTINCT a.source) FROM attributions a WHERE a.claim = c.id
                    AND NOT EXISTS(SELECT 1 FROM retractions r WHERE r.target IN (a.id, a.source)
                                   AND r.kind IN {KILLING}))
             FROM claims c WHERE c.id = ?1"
        );
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut st| st.query_row([id.to_hex()], claim_row).optional())
            .map_err(self.err())
    }

    /// A source with whether it is live.
    pub fn source(&self, id: &Id) -> Result<Option<SourceRow>, Error> {
        let sql = format!(
            "SELECT s.id, s.url, s.outlet, s.title, s.published, s.archived_url,
                EXISTS(SELECT 1 FROM retractions r WHERE r.target = s.id AND r.kind IN {KILLING})
             FROM sources s WHERE s.id = ?1"
        );
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut st| st.query_row([id.to_hex()], source_row).optional())
            .map_err(self.err())
    }

    /// Retractions and corrections whose target is this id, oldest first.
    pub fn retractions_of(&self, id: &Id) -> Result<Vec<RetractionRow>, Error> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, target, kind, reason, notice_url, effective, recorded_by, recorded_at
                 FROM retractions WHERE target = ?1 ORDER BY recorded_at, id",
            )
            .map_err(self.err())?;
        let rows = st.query_map([id.to_hex()], retraction_row).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    /// Attributions of a claim (`by_source` false) or to a source (true), with liveness and retractions.
    pub fn attributions(&self, id: &Id, by_source: bool) -> Result<Vec<AttributionView>, Error> {
        let column = if by_source { "source" } else { "claim" };
        let sql = format!(
            "SELECT a.id, a.claim, a.quote, a.quote_kind, a.recorded_by, a.recorded_at, a.source
             FROM attributions a WHERE a.{column} = ?1 ORDER BY a.recorded_at, a.id"
        );
        let mut st = self.conn.prepare_cached(&sql).map_err(self.err())?;
        let rows = st
            .query_map([id.to_hex()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            })
            .map_err(self.err())?
            .collect::<Result<Vec<_>, _>>()
            .map_err(self.err())?;
        let mut out = Vec::with_capacity(rows.len());
        for (aid, claim, quote, quote_kind, recorded_by, recorded_at, source) in rows {
            let (Ok(aid_id), Ok(source_id)) = (aid.parse::<Id>(), source.parse::<Id>()) else { continue };
            let Some(source) = self.source(&source_id)? else { continue };
            let mut retractions = self.retractions_of(&aid_id)?;
            retractions.extend(self.retractions_of(&source_id)?);
            let killed = retractions.iter().any(|r| r.kind != "correction");
            out.push(AttributionView {
                id: aid,
                claim,
                quote,
                quote_kind,
                recorded_by,
                recorded_at,
                live: !killed,
                source,
                retractions,
            });
        }
        Ok(out)
    }

    /// Claims in id order, optionally only those without live support or with a live source of one outlet.
    pub fn list_claims(
        &self,
        unsourced_only: bool,
        outlet: Option<&str>,
        mut each: impl FnMut(ClaimRow) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let live_attr = format!(
            "FROM attributions a JOIN sources s ON s.id = a.source WHERE a.claim = c.id
             AND NOT EXISTS(SELECT 1 FROM retractions r WHERE r.target IN (a.id, a.source) AND r.kind IN {KILLING})"
        );
        let mut sql = format!(
            "SELECT c.id, c.text,
                EXISTS(SELECT 1 FROM retractions r WHERE r.target = c.id AND r.kind IN {KILLING}),
                (SELECT COUNT(DISTINCT a.source) {live_attr})
             FROM claims c WHERE 1"
        );
        if outlet.is_some() {
            sql.push_str(&format!(" AND EXISTS(SELECT 1 {live_attr} AND s.outlet = ?1 COLLATE NOCASE)"));
        }
        sql.push_str(" ORDER BY c.id");
        let mut st = self.conn.prepare(&sql).map_err(self.err())?;
        let mut rows = match outlet {
            Some(o) => st.query([o]),
            None => st.query([]),
        }
        .map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            let claim = claim_row(row).map_err(self.err())?;
            if unsourced_only && claim.status != ClaimStatus::Unsourced {
                continue;
            }
            each(claim)?;
        }
        Ok(())
    }

    /// Sources in id order, optionally of one outlet (case-insensitive).
    pub fn list_sources(
        &self,
        outlet: Option<&str>,
        mut each: impl FnMut(SourceRow) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut sql = format!(
            "SELECT s.id, s.url, s.outlet, s.title, s.published, s.archived_url,
                EXISTS(SELECT 1 FROM retractions r WHERE r.target = s.id AND r.kind IN {KILLING})
             FROM sources s"
        );
        if outlet.is_some() {
            sql.push_str(" WHERE s.outlet = ?1 COLLATE NOCASE");
        }
        sql.push_str(" ORDER BY s.id");
        let mut st = self.conn.prepare(&sql).map_err(self.err())?;
        let mut rows = match outlet {
            Some(o) => st.query([o]),
            None => st.query([]),
        }
        .map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            each(source_row(row).map_err(self.err())?)?;
        }
        Ok(())
    }

    /// How many records of each kind the index holds.
    pub fn counts(&self) -> Result<Vec<(Kind, usize)>, Error> {
        Kind::ALL
            .into_iter()
            .map(|k| {
                let n: i64 = self
                    .conn
                    .query_row(&format!("SELECT COUNT(*) FROM {}", table_of(k)), [], |r| r.get(0))
                    .map_err(self.err())?;
                Ok((k, n as usize))
            })
            .collect()
    }
}

fn claim_row(r: &Row) -> rusqlite::Result<ClaimRow> {
    let retracted: bool = r.get::<_, i64>(2)? != 0;
    let live: i64 = r.get(3)?;
    let status = if retracted {
        ClaimStatus::Retracted
    } else if live > 0 {
        ClaimStatus::Sourced
    } else {
        ClaimStatus::Unsourced
    };
    Ok(ClaimRow { id: r.get(0)?, text: r.get(1)?, status, live_sources: live as usize })
}
