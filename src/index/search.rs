//! Candidate retrieval: which ledger claims a draft sentence may restate, without reading every claim.
//!
//! Each claim is indexed under its [`matching::index_keys`] (stems and figure keys) in an inverted index
//! (`keys` with document frequencies, `postings` clustered by key). A sentence's keys are looked up, the rarest
//! few that the ledger knows are chosen ([`matching::pick_keys`]), and their postings are merged with IDF
//! weights; the best-scoring claims are the candidates that [`matching::compare`] then judges. Rare keys keep
//! the postings read per sentence small whatever the size of the ledger.

use std::cell::RefCell;
use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Transaction};

use super::{Error, Index};
use crate::matching::{self, KeyWeights};

/// How many keys of a sentence are looked up, and how many postings may be read for them.
const MAX_KEYS: usize = 6;
const MAX_POSTINGS: u64 = 5_000;

/// A claim that may be restated by a sentence, with its retrieval score.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub text: String,
    pub retrieval_score: f32,
}

/// Adds a claim's keys to the inverted index.
pub(super) fn index_claim(tx: &Transaction, rowid: i64, text: &str) -> rusqlite::Result<()> {
    let mut upsert = tx.prepare_cached(
        "INSERT INTO keys(key, df) VALUES (?1, 1) ON CONFLICT(key) DO UPDATE SET df = df + 1 RETURNING id",
    )?;
    let mut post = tx.prepare_cached("INSERT OR IGNORE INTO postings(key, claim) VALUES (?1, ?2)")?;
    for key in matching::index_keys(text) {
        let key_id: i64 = upsert.query_row([&key], |r| r.get(0))?;
        post.execute(params![key_id, rowid])?;
    }
    Ok(())
}

/// Removes a claim's keys from the inverted index.
pub(super) fn unindex_claim(tx: &Transaction, rowid: i64, text: &str) -> rusqlite::Result<()> {
    for key in matching::index_keys(text) {
        let key_id: Option<i64> =
            tx.query_row("SELECT id FROM keys WHERE key = ?1", [&key], |r| r.get(0)).optional()?;
        if let Some(key_id) = key_id {
            tx.execute("DELETE FROM postings WHERE key = ?1 AND claim = ?2", params![key_id, rowid])?;
            tx.execute("UPDATE keys SET df = df - 1 WHERE id = ?1", [key_id])?;
        }
    }
    Ok(())
}

/// IDF weights of keys, looked up once each per checker.
pub struct Weights<'a> {
    index: &'a Index,
    claims: u64,
    cache: RefCell<HashMap<String, (i64, u64)>>,
}

impl Weights<'_> {
    /// The key's id and document frequency (0 when no claim has it).
    fn lookup(&self, key: &str) -> Result<(i64, u64), Error> {
        if let Some(v) = self.cache.borrow().get(key) {
            return Ok(*v);
        }
        let found: Option<(i64, i64)> = self
            .index
            .conn
            .prepare_cached("SELECT id, df FROM keys WHERE key = ?1")
            .and_then(|mut st| st.query_row([key], |r| Ok((r.get(0)?, r.get(1)?))).optional())
            .map_err(self.index.err())?;
        let v = found.map_or((0, 0), |(id, df)| (id, df.max(0) as u64));
        self.cache.borrow_mut().insert(key.to_owned(), v);
        Ok(v)
    }
}

impl KeyWeights for Weights<'_> {
    fn weight(&self, key: &str) -> f32 {
        let df = self.lookup(key).map_or(0, |(_, df)| df);
        matching::idf(df, self.claims)
    }
}

impl Index {
    /// Key weights backed by this index's document frequencies.
    pub fn weights(&self) -> Result<Weights<'_>, Error> {
        // max(rowid) is a B-tree seek where COUNT(*) would scan; claims are only rarely deleted.
        let claims: Option<i64> =
            self.conn.query_row("SELECT max(rowid) FROM claims", [], |r| r.get(0)).map_err(self.err())?;
        Ok(Weights { index: self, claims: claims.unwrap_or(0).max(0) as u64, cache: RefCell::new(HashMap::new()) })
    }

    /// The claims most likely restated by a sentence with these query keys, best first (at most `limit`).
    pub fn candidates(&self, keys: &[String], weights: &Weights, limit: usize) -> Result<Vec<Candidate>, Error> {
        let mut known = Vec::with_capacity(keys.len());
        let mut ids = HashMap::new();
        for key in keys {
            let (id, df) = weights.lookup(key)?;
            known.push((key.clone(), df));
            ids.insert(key.as_str(), id);
        }
        let picked = matching::pick_keys(&known, MAX_KEYS, MAX_POSTINGS);
        let mut scores: HashMap<i64, f32> = HashMap::new();
        let mut st = self.conn.prepare_cached("SELECT claim FROM postings WHERE key = ?1").map_err(self.err())?;
        for key in picked {
            let w = weights.weight(key);
            let rows = st.query_map([ids[key]], |r| r.get::<_, i64>(0)).map_err(self.err())?;
            for claim in rows {
                *scores.entry(claim.map_err(self.err())?).or_default() += w;
            }
        }
        let mut ranked: Vec<(i64, f32)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(limit);
        let mut get = self.conn.prepare_cached("SELECT id, text FROM claims WHERE rowid = ?1").map_err(self.err())?;
        let mut out = Vec::with_capacity(ranked.len());
        for (rowid, score) in ranked {
            let (id, text): (String, String) =
                get.query_row([rowid], |r| Ok((r.get(0)?, r.get(1)?))).map_err(self.err())?;
            out.push(Candidate { id, text, retrieval_score: score });
        }
        Ok(out)
    }

    /// Every outlet name the ledger's sources have had (a short table, not a scan of the sources).
    pub fn outlets(&self) -> Result<Vec<String>, Error> {
        let mut st = self.conn.prepare_cached("SELECT name FROM outlets ORDER BY name").map_err(self.err())?;
        let rows = st.query_map([], |r| r.get(0)).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }
}
