//! Candidate retrieval: which ledger claims a draft sentence may restate, ranked over the whole ledger.
//!
//! The claims live a second time in a tantivy index beside the SQLite tables (`.cache/search-vN/`), each as its
//! id, its text and its [`matching::terms`] (content stems and figure keys, "#1992"). A sentence's terms make a
//! disjunction that tantivy ranks by BM25 with block-max WAND, so the cost per sentence stays nearly flat as
//! the ledger grows; the best few are then re-ranked by [`matching::fusion`]. This file owns the tantivy
//! schema, the search and the term statistics ([`Weights`]); keeping the two stores in step is
//! [`super::sync`]'s job. Invariant: a search index whose commit generation differs from the SQLite tables' is
//! never read: it is rebuilt from the tables first.
//!
//! Claims added by small writes wait in the pending set (see [`super`]) and are searched here beside the
//! search index as if they were in it: BM25 needs the number of documents, their mean length and each term's
//! document frequency, and tantivy is handed statistics that count the pending claims
//! ([`Bm25StatisticsProvider`]), while the pending claims are scored with tantivy's own [`Bm25Weight`] over
//! the same statistics and the same quantised lengths. The statistics are those tantivy itself would use right
//! after a flush (it counts removed documents until a merge drops them), so a claim ranks the same before and
//! after its flush. Claims removed since the last flush are left out of the search by their ids.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, INDEXED, STORED};
use tantivy::{DocAddress, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::{Error, Index};
use crate::matching::{self, KeyWeights};

/// Bump when the search schema or the terms derived into it change: a search index of another version is
/// rebuilt from the SQLite tables.
pub(super) const SEARCH_VERSION: u32 = 10;

/// How many more documents than asked a search collects, so that claims with equal scores at the edge of the
/// list are chosen by id, the same on every machine, and not by where a build happened to put them.
const TIE_MARGIN: usize = 4;

/// The most documents past the limit collected to close a group of equal scores at its edge: a sentence of one
/// common word ties with thousands of claims, whose ids the sort would have to read.
const TIE_REACH: usize = 256;

/// A claim that may be restated by a sentence, with its retrieval score.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub text: String,
    pub retrieval_score: f32,
    /// The matcher's verdict on the sentence and this claim, when the re-ranking has drawn it already.
    pub verdict: Option<matching::Scored>,
}

/// The tantivy side of the index.
pub(super) struct Search {
    index: tantivy::Index,
    reader: IndexReader,
    fields: Fields,
    pub(super) dir: PathBuf,
    /// The generation the reader's view was committed as, when known for sure.
    reader_generation: std::sync::Mutex<Option<i64>>,
}

/// The pending set as a small in-memory inverted index: the claims added since the last flush, with their
/// terms, and the ids of the claims removed since then.
#[derive(Default)]
pub(super) struct Pending {
    docs: Vec<PendingDoc>,
    postings: HashMap<String, Vec<(u32, u32)>>,
    /// The number of terms of all pending claims (tantivy's token count for the field).
    tokens: u64,
    removed: Vec<String>,
}

struct PendingDoc {
    id: String,
    text: String,
    /// Its length as tantivy stores it, quantised to one byte.
    norm: u8,
}

impl Pending {
    /// Reads the pending set and the generation it belongs to, in one read transaction (the caller's, when
    /// it holds a snapshot).
    pub(super) fn load(conn: &rusqlite::Connection) -> rusqlite::Result<(i64, Pending)> {
        let tx = if conn.is_autocommit() { Some(conn.unchecked_transaction()?) } else { None };
        let generation = conn.query_row("SELECT value FROM meta WHERE key = 'generation'", [], |r| r.get(0))?;
        let mut pending = Pending::default();
        {
            let mut st = conn.prepare_cached(
                "SELECT p.id, p.added, p.terms, c.text FROM pending p LEFT JOIN claims c ON c.id = p.id ORDER BY p.id",
            )?;
            let mut rows = st.query([])?;
            while let Some(row) = rows.next()? {
                let id: String = row.get(0)?;
                if row.get::<_, i64>(1)? == 0 {
                    pending.removed.push(id);
                    continue;
                }
                let Some(text) = row.get::<_, Option<String>>(3)? else { continue };
                let terms: Vec<String> = serde_json::from_str(&row.get::<_, String>(2)?).unwrap_or_default();
                let doc = pending.docs.len() as u32;
                let mut freqs: HashMap<String, u32> = HashMap::new();
                for t in &terms {
                    *freqs.entry(t.clone()).or_default() += 1;
                }
                for (t, tf) in freqs {
                    pending.postings.entry(t).or_default().push((doc, tf));
                }
                pending.tokens += terms.len() as u64;
                let norm = FieldNormReader::fieldnorm_to_id(terms.len() as u32);
                pending.docs.push(PendingDoc { id, text, norm });
            }
        }
        if let Some(tx) = tx {
            tx.commit()?;
        }
        Ok((generation, pending))
    }

    fn doc_freq(&self, term: &str) -> u64 {
        self.postings.get(term).map_or(0, |p| p.len() as u64)
    }
}

/// The search index's BM25 statistics with the pending claims counted in.
struct Stats<'a> {
    searcher: &'a Searcher,
    pending: &'a Pending,
    field: Field,
}

impl Bm25StatisticsProvider for Stats<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let indexed = Bm25StatisticsProvider::total_num_tokens(self.searcher, field)?;
        Ok(indexed + if field == self.field { self.pending.tokens } else { 0 })
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(Bm25StatisticsProvider::total_num_docs(self.searcher)? + self.pending.docs.len() as u64)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let indexed = self.searcher.doc_freq(term)?;
        let pending = match term.value().as_str() {
            Some(t) if term.field() == self.field => self.pending.doc_freq(t),
            _ => 0,
        };
        Ok(indexed + pending)
    }
}

#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub id: Field,
    pub key: Field,
    pub text: Field,
    pub terms: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STORED);
    // The id's 32 bytes, indexed to delete a claim's document: half the length of its hex, which spares the
    // term dictionary of a million claims a good part of its build.
    let key = b.add_bytes_field("key", INDEXED);
    let text = b.add_text_field("text", STORED);
    // Terms come analysed, separated by spaces; frequencies are kept for BM25, positions are not needed.
    let indexing =
        TextFieldIndexing::default().set_tokenizer("whitespace").set_index_option(IndexRecordOption::WithFreqs);
    let terms = b.add_text_field("terms", TextOptions::default().set_indexing_options(indexing));
    (b.build(), Fields { id, key, text, terms })
}

pub(super) fn search_err(path: &Path) -> impl Fn(tantivy::TantivyError) -> Error + '_ {
    move |source| Error::Search { path: path.to_owned(), source: Box::new(source) }
}

impl Search {
    /// Opens the search index in `dir`, creating an empty one when there is none or it cannot be read.
    pub(super) fn open(dir: &Path) -> Result<Search, Error> {
        let (schema, fields) = schema();
        let opened = tantivy::Index::open_in_dir(dir).ok().filter(|i| i.schema() == schema);
        let index = match opened {
            Some(index) => index,
            None => {
                // A cache that cannot be read is rebuilt from the files, never repaired.
                let _ = std::fs::remove_dir_all(dir);
                std::fs::create_dir_all(dir)
                    .map_err(|source| crate::store::Error::Write { path: dir.to_owned(), source })?;
                // Stored claim texts are read a dozen at a time per sentence: small uncompressed blocks spare
                // decompressing 16 KB to read one claim of 200 bytes.
                let settings = tantivy::IndexSettings {
                    docstore_compression: tantivy::store::Compressor::None,
                    docstore_blocksize: 2048,
                    ..tantivy::IndexSettings::default()
                };
                tantivy::Index::builder()
                    .schema(schema)
                    .settings(settings)
                    .create_in_dir(dir)
                    .map_err(search_err(dir))?
            }
        };
        let before = Self::generation_of(&index);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(search_err(dir))?;
        let known = before.filter(|g| Self::generation_of(&index) == Some(*g));
        Ok(Search { index, reader, fields, dir: dir.to_owned(), reader_generation: std::sync::Mutex::new(known) })
    }

    /// The generation the last commit was made for (see [`super::sync`]), if any.
    pub(super) fn generation(&self) -> Option<i64> {
        Self::generation_of(&self.index)
    }

    fn generation_of(index: &tantivy::Index) -> Option<i64> {
        let metas = index.load_metas().ok()?;
        metas.payload.and_then(|p| p.parse().ok())
    }

    /// The generation the reader's view belongs to, when known: every commit changes the generation, so a
    /// generation read before and after a reload that did not change is the view's.
    pub(super) fn reader_generation(&self) -> Option<i64> {
        *self.reader_generation.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A writer; `bulk` gives it the threads and memory of a full build.
    pub(super) fn writer(&self, bulk: bool) -> Result<IndexWriter, Error> {
        let (threads, budget) = if bulk { (1, 600 << 20) } else { (1, 15 << 20) };
        // Another process that syncs holds the SQLite write lock first, so the writer lock is free by then;
        // a lock left by a killed process is released by the operating system with the process.
        self.index.writer_with_num_threads(threads, budget).map_err(search_err(&self.dir))
    }

    /// A writer, waiting (up to ten minutes) while another process holds the writer lock to build an index.
    pub(super) fn writer_waiting(&self, bulk: bool) -> Result<IndexWriter, Error> {
        let started = std::time::Instant::now();
        loop {
            match self.writer(bulk) {
                Err(Error::Search { source, .. })
                    if matches!(*source, tantivy::TantivyError::LockFailure(..))
                        && started.elapsed() < std::time::Duration::from_secs(600) =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                other => return other,
            }
        }
    }

    pub(super) fn fields(&self) -> Fields {
        self.fields
    }

    /// Makes committed changes visible to the next searches of this process.
    pub(super) fn reload(&self) -> Result<(), Error> {
        let before = self.generation();
        self.reader.reload().map_err(search_err(&self.dir))?;
        let known = before.filter(|g| self.generation() == Some(*g));
        *self.reader_generation.lock().unwrap_or_else(|e| e.into_inner()) = known;
        Ok(())
    }

    /// The segments of the last commit.
    pub(super) fn segment_ids(&self) -> Result<Vec<tantivy::index::SegmentId>, Error> {
        self.index.searchable_segment_ids().map_err(search_err(&self.dir))
    }

    fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }
}

/// The document of one claim.
pub(super) fn claim_doc(fields: Fields, id: &str, text: &str) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, id);
    doc.add_bytes(fields.key, &key_bytes(id));
    doc.add_text(fields.text, text);
    // Terms hold no ASCII white space, so tantivy's whitespace tokenizer gives them back one by one; this is
    // cheaper than a pre-tokenised value, which a document stores serialised and parses again to index it.
    doc.add_text(fields.terms, matching::terms(text).join(" "));
    doc
}

/// The term that deletes a claim's document.
pub(super) fn id_term(fields: Fields, id: &str) -> Term {
    Term::from_field_bytes(fields.key, &key_bytes(id))
}

/// The indexed key of a claim id given in hex: its bytes (the text itself if it is not an id, which no
/// document has).
fn key_bytes(id: &str) -> Vec<u8> {
    id.parse::<crate::id::Id>().map_or_else(|_| id.as_bytes().to_vec(), |id| id.as_bytes().to_vec())
}

/// Document frequencies of terms, looked up once each per checker: the weights the matcher scores with.
pub struct Weights<'a> {
    searcher: Searcher,
    field: Field,
    claims: u64,
    pending: &'a Pending,
    /// Shared by the threads of a check: a term's frequency is looked up in the term dictionary once.
    cache: std::sync::Mutex<HashMap<String, u64>>,
}

impl Weights<'_> {
    /// How many claims have the term (0 when none has).
    pub fn doc_freq(&self, term: &str) -> u64 {
        let cache = || self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(df) = cache().get(term) {
            return *df;
        }
        let indexed = self.searcher.doc_freq(&Term::from_field_text(self.field, term)).unwrap_or(0);
        let df = indexed + self.pending.doc_freq(term);
        cache().insert(term.to_owned(), df);
        df
    }

    /// How many claims the ledger has.
    pub fn claims(&self) -> u64 {
        self.claims
    }
}

impl KeyWeights for Weights<'_> {
    fn weight(&self, key: &str) -> f32 {
        matching::idf(self.doc_freq(key), self.claims)
    }
}

/// One consistent view of the search index and the pending set, with no tie to the SQLite connection: the
/// threads of one check share it, each with its own [`Weights`].
pub struct Retriever<'a> {
    searcher: Searcher,
    fields: Fields,
    pending: &'a Pending,
    dir: &'a Path,
    claims: u64,
}

impl Index {
    /// The search index and pending set as they are now (the caller's read snapshot, when it holds one).
    pub fn retriever(&self) -> Result<Retriever<'_>, Error> {
        let pending = self.pending_view()?;
        let searcher = self.search.searcher();
        let claims = (searcher.num_docs() + pending.docs.len() as u64).saturating_sub(pending.removed.len() as u64);
        Ok(Retriever { searcher, fields: self.search.fields, pending, dir: &self.search.dir, claims })
    }

    /// Term weights backed by the search index's document frequencies.
    pub fn weights(&self) -> Result<Weights<'_>, Error> {
        Ok(self.retriever()?.weights())
    }

    /// The pending set, read once after each write. It must belong to the generation of the reader's view:
    /// when another process has flushed since this one's reader was opened, the reader is reloaded first.
    fn pending_view(&self) -> Result<&Pending, Error> {
        if let Some(p) = self.pending.get() {
            return Ok(p);
        }
        let mut tries = 0;
        let pending = loop {
            let (generation, pending) = Pending::load(&self.conn).map_err(self.err())?;
            tries += 1;
            if self.search.reader_generation() == Some(generation) || tries == 3 {
                break pending;
            }
            self.search.reload()?;
        };
        let _ = self.pending.set(pending);
        Ok(self.pending.get().expect("just set"))
    }

    /// See [`Retriever::lexical`].
    pub fn lexical(&self, sentence: &str, limit: usize) -> Result<Vec<Candidate>, Error> {
        self.retriever()?.lexical(sentence, limit)
    }

    /// See [`Retriever::candidates`].
    pub fn candidates(&self, sentence: &str, weights: &Weights, limit: usize) -> Result<Vec<Candidate>, Error> {
        self.retriever()?.candidates(sentence, weights, limit)
    }
}

impl<'a> Retriever<'a> {
    /// Term weights over this view, with a cache of their own.
    pub fn weights(&self) -> Weights<'a> {
        Weights {
            claims: self.claims,
            searcher: self.searcher.clone(),
            field: self.fields.terms,
            pending: self.pending,
            cache: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The claims that share most with a sentence by BM25 over their terms alone, best first (at most
    /// `limit`): the lexical candidate step before any re-ranking.
    pub fn lexical(&self, sentence: &str, limit: usize) -> Result<Vec<Candidate>, Error> {
        let fields = self.fields;
        let terms = matching::terms(sentence);
        if terms.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let pending = self.pending;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = terms
            .iter()
            .map(|t| {
                let q = TermQuery::new(Term::from_field_text(fields.terms, t), IndexRecordOption::WithFreqs);
                (Occur::Should, Box::new(q) as Box<dyn Query>)
            })
            .collect();
        for id in &pending.removed {
            let q = TermQuery::new(id_term(fields, id), IndexRecordOption::Basic);
            clauses.push((Occur::MustNot, Box::new(q)));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = &self.searcher;
        let stats = Stats { searcher, pending, field: fields.terms };
        let err = search_err(self.dir);
        // More than asked: tantivy breaks equal scores by the documents' order in the index, which a parallel
        // build does not fix, and the sort below breaks them by id. While the last document collected ties
        // with the last one asked for, the group of equal scores may go on: collect more, up to TIE_REACH.
        let mut extra = TIE_MARGIN;
        let top: Vec<(f32, DocAddress)> = loop {
            let collector = TopDocs::with_limit(limit + extra);
            let top = if pending.docs.is_empty() {
                searcher.search(&query, &collector)
            } else {
                searcher.search_with_statistics_provider(&query, &collector, &stats)
            }
            .map_err(&err)?;
            let open_tie = top.len() == limit + extra && top[limit + extra - 1].0 == top[limit - 1].0;
            if !open_tie || extra >= TIE_REACH {
                break top;
            }
            extra *= 8;
        };
        let mut out = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(&err)?;
            let get = |f: Field| doc.get_first(f).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
            out.push(Candidate { id: get(fields.id), text: get(fields.text), retrieval_score: score, verdict: None });
        }
        // The pending claims, scored clause by clause as tantivy scores a disjunction of term queries.
        let mut scores: HashMap<u32, f32> = HashMap::new();
        for t in &terms {
            let Some(postings) = pending.postings.get(t) else { continue };
            let weight = Bm25Weight::for_terms(&stats, &[Term::from_field_text(fields.terms, t)]).map_err(&err)?;
            for &(doc, tf) in postings {
                *scores.entry(doc).or_default() += weight.score(pending.docs[doc as usize].norm, tf);
            }
        }
        // A claim in both can only be seen by a reader that raced another process's flush: count it once.
        let indexed: std::collections::HashSet<String> = out.iter().map(|c| c.id.clone()).collect();
        out.extend(scores.into_iter().filter(|(doc, _)| !indexed.contains(&pending.docs[*doc as usize].id)).map(
            |(doc, score)| {
                let d = &pending.docs[doc as usize];
                Candidate { id: d.id.clone(), text: d.text.clone(), retrieval_score: score, verdict: None }
            },
        ));
        // Equal scores in id order, so that results do not depend on how segments were merged.
        out.sort_by(|a, b| b.retrieval_score.total_cmp(&a.retrieval_score).then_with(|| a.id.cmp(&b.id)));
        out.truncate(limit);
        Ok(out)
    }

    /// The claims most likely restated by a sentence, best first (at most `limit`): the lexical candidates,
    /// re-ranked by [`matching::fusion`].
    pub fn candidates(&self, sentence: &str, weights: &Weights, limit: usize) -> Result<Vec<Candidate>, Error> {
        let pool = self.lexical(sentence, limit.max(matching::fusion::DEPTH))?;
        let scored: Vec<(&str, f32)> = pool.iter().map(|c| (c.text.as_str(), c.retrieval_score)).collect();
        let order = matching::fusion::rerank(sentence, &scored, weights);
        let mut ranked: Vec<Candidate> = order
            .into_iter()
            .take(limit)
            .map(|(i, score, verdict)| Candidate { retrieval_score: score, verdict, ..pool[i].clone() })
            .collect();
        ranked.truncate(limit);
        Ok(ranked)
    }
}

impl Index {
    /// Every outlet name the ledger's sources have had (a short table, not a scan of the sources).
    pub fn outlets(&self) -> Result<Vec<String>, Error> {
        let mut st = self.conn.prepare_cached("SELECT name FROM outlets ORDER BY name").map_err(self.err())?;
        let rows = st.query_map([], |r| r.get(0)).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }
}
