//! Whole-ledger streams for exports: every record with its derived status, and every claim with its
//! attributions, sources and retractions, in id order, one row at a time.
//!
//! Each stream is a fixed number of SQL statements whatever the ledger's size: claims and their attributions
//! come from two cursors ordered by claim id and merged here, so memory holds one claim at a time and no query
//! runs per claim. Liveness follows the same rule as [`super::query`]: an attribution is live unless it or its
//! source has a retraction of kind retraction or withdrawal. The comparison table used to tell what a ledger
//! gained since an old export is a temporary table of this connection, never part of the cache file.

use rusqlite::{params, Row};

use super::query::{AttributionView, ClaimStatus, RetractionRow, SourceRow};
use super::{all_ids, Error, Index};
use crate::record::Kind;

const KILLING: &str = "('retraction', 'withdrawal')";

/// The retractions targeting an id, as one JSON array of arrays (oldest first), so that a row carries them.
fn retractions_json(targets: &str) -> String {
    format!(
        "(SELECT json_group_array(json_array(r.id, r.target, r.kind, r.reason, r.notice_url, r.effective,
            r.recorded_by, r.recorded_at) ORDER BY r.recorded_at, r.id)
          FROM retractions r WHERE r.target IN ({targets}))"
    )
}

fn parse_retractions(json: &str) -> rusqlite::Result<Vec<RetractionRow>> {
    let rows: Vec<Vec<Option<String>>> = serde_json::from_str(json)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))?;
    Ok(rows
        .into_iter()
        .map(|mut r| {
            r.resize(8, None);
            let mut it = r.into_iter();
            let mut next = || it.next().flatten();
            RetractionRow {
                id: next().unwrap_or_default(),
                target: next().unwrap_or_default(),
                kind: next().unwrap_or_default(),
                reason: next().unwrap_or_default(),
                notice_url: next(),
                effective: next().unwrap_or_default(),
                recorded_by: next().unwrap_or_default(),
                recorded_at: next().unwrap_or_default(),
            }
        })
        .collect())
}

/// A claim with everything a reader of an export needs about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportClaim {
    pub id: String,
    pub text: String,
    pub status: ClaimStatus,
    /// Distinct sources with a live attribution.
    pub live_sources: usize,
    /// Retractions and corrections of the claim itself, oldest first.
    pub retractions: Vec<RetractionRow>,
    /// Oldest first (recorded time, then id).
    pub attributions: Vec<AttributionView>,
}

/// Ends the read transaction that keeps a whole export on one snapshot of the index.
pub struct ReadSnapshot<'a> {
    index: &'a Index,
}

impl Drop for ReadSnapshot<'_> {
    fn drop(&mut self) {
        // A read transaction has nothing to lose; failing to end it only delays other writers' checkpoints.
        let _ = self.index.conn.execute_batch("COMMIT");
    }
}

fn attribution_row(r: &Row) -> rusqlite::Result<AttributionView> {
    let source = super::query::source_columns(r, 6, true)?;
    let retractions = parse_retractions(&r.get::<_, String>(12)?)?;
    let killed_source = retractions.iter().any(|x| x.target == source.id && x.kind != "correction");
    let live = !retractions.iter().any(|x| x.kind != "correction");
    Ok(AttributionView {
        claim: r.get(0)?,
        id: r.get(1)?,
        quote: r.get(2)?,
        quote_kind: r.get(3)?,
        recorded_by: r.get(4)?,
        recorded_at: r.get(5)?,
        live,
        source: SourceRow { live: !killed_source, ..source },
        retractions,
    })
}

impl Index {
    /// Starts a read transaction: every query until the guard drops sees the same index, even if another
    /// process adds records meanwhile.
    pub fn read_snapshot(&self) -> Result<ReadSnapshot<'_>, Error> {
        self.conn.execute_batch("BEGIN DEFERRED").map_err(self.err())?;
        // The snapshot is taken at the first read, not at BEGIN.
        self.conn.query_row("SELECT COUNT(*) FROM dirs", [], |_| Ok(())).map_err(self.err())?;
        Ok(ReadSnapshot { index: self })
    }

    /// Every indexed id, ascending, with its kind.
    pub fn each_id<E: From<Error>>(&self, each: impl FnMut(&str, &str) -> Result<(), E>) -> Result<(), E> {
        self.each_id_kind(&all_ids("1"), each)
    }

    /// Runs a query of `(id, kind)` rows, handing each to `each` without copying the strings.
    fn each_id_kind<E: From<Error>>(
        &self,
        sql: &str,
        mut each: impl FnMut(&str, &str) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut st = self.conn.prepare(sql).map_err(self.err())?;
        let mut rows = st.query([]).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            let id = row.get_ref(0).and_then(|v| Ok(v.as_str()?)).map_err(self.err())?;
            let kind = row.get_ref(1).and_then(|v| Ok(v.as_str()?)).map_err(self.err())?;
            each(id, kind)?;
        }
        Ok(())
    }

    /// The records of one kind in id order, each with its derived status: claims sourced, unsourced or
    /// retracted; sources and attributions live or retracted; retractions recorded.
    pub fn each_status<E: From<Error>>(
        &self,
        kind: Kind,
        mut each: impl FnMut(String, &'static str) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = match kind {
            Kind::Claim => format!(
                "SELECT c.id,
                    EXISTS(SELECT 1 FROM retractions r WHERE r.target = c.id AND r.kind IN {KILLING}),
                    EXISTS(SELECT 1 FROM attributions a JOIN sources s ON s.id = a.source
                        WHERE a.claim = c.id AND NOT EXISTS(
                        SELECT 1 FROM retractions r WHERE r.target IN (a.id, a.source) AND r.kind IN {KILLING}))
                 FROM claims c ORDER BY c.id"
            ),
            Kind::Source => format!(
                "SELECT s.id, EXISTS(SELECT 1 FROM retractions r WHERE r.target = s.id AND r.kind IN {KILLING}), 0
                 FROM sources s ORDER BY s.id"
            ),
            Kind::Attribution => format!(
                "SELECT a.id, EXISTS(SELECT 1 FROM retractions r WHERE r.target IN (a.id, a.source)
                    AND r.kind IN {KILLING}), 0
                 FROM attributions a ORDER BY a.id"
            ),
            Kind::Retraction => "SELECT id, 0, 0 FROM retractions ORDER BY id".to_owned(),
        };
        let mut st = self.conn.prepare(&sql).map_err(self.err())?;
        let mut rows = st.query([]).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            let id: String = row.get(0).map_err(self.err())?;
            let killed = row.get::<_, i64>(1).map_err(self.err())? != 0;
            let supported = row.get::<_, i64>(2).map_err(self.err())? != 0;
            let status = match (kind, killed, supported) {
                (Kind::Claim, true, _) => "retracted",
                (Kind::Claim, false, true) => "sourced",
                (Kind::Claim, false, false) => "unsourced",
                (Kind::Retraction, _, _) => "recorded",
                (_, true, _) => "retracted",
                (_, false, _) => "live",
            };
            each(id, status)?;
        }
        Ok(())
    }

    /// Every claim in id order with its attributions (sources and retractions included) and derived status.
    pub fn each_claim<E: From<Error>>(&self, mut each: impl FnMut(ExportClaim) -> Result<(), E>) -> Result<(), E> {
        let claims_sql = format!("SELECT c.id, c.text, {} FROM claims c ORDER BY c.id", retractions_json("c.id"));
        // `attributions_claim` indexes (claim, id), so this order needs no sort of the whole table.
        let attributions_sql = format!(
            "SELECT a.claim, a.id, a.quote, a.quote_kind, a.recorded_by, a.recorded_at,
                s.id, s.url, s.outlet, s.title, s.published, s.archived_url, {}
             FROM attributions a JOIN sources s ON s.id = a.source ORDER BY a.claim, a.id",
            retractions_json("a.id, a.source")
        );
        let mut claims_st = self.conn.prepare(&claims_sql).map_err(self.err())?;
        let mut attributions_st = self.conn.prepare(&attributions_sql).map_err(self.err())?;
        let mut claims = claims_st.query([]).map_err(self.err())?;
        let mut attributions = attributions_st.query([]).map_err(self.err())?;
        let mut pending: Option<AttributionView> = None;
        let mut exhausted = false;
        while let Some(row) = claims.next().map_err(self.err())? {
            let id: String = row.get(0).map_err(self.err())?;
            let text: String = row.get(1).map_err(self.err())?;
            let retractions = parse_retractions(&row.get::<_, String>(2).map_err(self.err())?).map_err(self.err())?;
            let mut mine = Vec::new();
            loop {
                if pending.is_none() && !exhausted {
                    match attributions.next().map_err(self.err())? {
                        Some(r) => pending = Some(attribution_row(r).map_err(self.err())?),
                        None => exhausted = true,
                    }
                }
                match pending.take() {
                    // Attributions of a claim that is not indexed are dangling: `verify` reports them.
                    Some(a) if a.claim < id => {}
                    Some(a) if a.claim == id => mine.push(a),
                    other => {
                        pending = other;
                        break;
                    }
                }
            }
            mine.sort_by(|a, b| a.recorded_at.cmp(&b.recorded_at).then_with(|| a.id.cmp(&b.id)));
            let mut live: Vec<&str> = mine.iter().filter(|a| a.live).map(|a| a.source.id.as_str()).collect();
            live.sort_unstable();
            live.dedup();
            let live_sources = live.len();
            let status = if retractions.iter().any(|r| r.kind != "correction") {
                ClaimStatus::Retracted
            } else if live_sources > 0 {
                ClaimStatus::Sourced
            } else {
                ClaimStatus::Unsourced
            };
            each(ExportClaim { id, text, status, live_sources, retractions, attributions: mine })?;
        }
        Ok(())
    }

    /// Distinct source outlets, sorted case-insensitively.
    pub fn each_outlet<E: From<Error>>(&self, mut each: impl FnMut(String) -> Result<(), E>) -> Result<(), E> {
        let mut st = self
            .conn
            .prepare("SELECT DISTINCT outlet FROM sources ORDER BY outlet COLLATE NOCASE, outlet")
            .map_err(self.err())?;
        let mut rows = st.query([]).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            each(row.get(0).map_err(self.err())?)?;
        }
        Ok(())
    }

    /// Empties the comparison table: the set of ids an old export holds.
    pub fn compare_begin(&self) -> Result<(), Error> {
        self.conn
            .execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS compared(id TEXT PRIMARY KEY) WITHOUT ROWID; DELETE FROM compared;",
            )
            .map_err(self.err())
    }

    /// Adds an id to the comparison table; false when it was already there.
    pub fn compare_add(&self, id: &str) -> Result<bool, Error> {
        let n = self
            .conn
            .prepare_cached("INSERT OR IGNORE INTO temp.compared(id) VALUES (?1)")
            .and_then(|mut st| st.execute(params![id]))
            .map_err(self.err())?;
        Ok(n == 1)
    }

    /// Indexed records whose ids are not in the comparison table, in id order, with their kind.
    pub fn compare_added<E: From<Error>>(&self, each: impl FnMut(&str, &str) -> Result<(), E>) -> Result<(), E> {
        self.each_id_kind(&all_ids("NOT EXISTS(SELECT 1 FROM temp.compared o WHERE o.id = r.id)"), each)
    }
}
