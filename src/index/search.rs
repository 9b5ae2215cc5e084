//! Candidate retrieval: which ledger claims a draft sentence may restate, ranked over the whole ledger.
//!
//! The claims live a second time in a tantivy index beside the SQLite tables (`.cache/search-vN/`), each as its
//! id, its text and its [`matching::terms`] (content stems and figure keys, "#1992"). A sentence's terms make a
//! disjunction that tantivy ranks by BM25 with block-max WAND, so the cost per sentence stays nearly flat as
//! the ledger grows; the best few are then re-ranked by [`matching::fusion`]. This file owns the tantivy
//! schema, the search and the term statistics ([`Weights`]); keeping the two stores in step is
//! [`super::sync`]'s job. Invariant: a search index whose commit generation differs from the SQLite tables' is
//! never read: it is rebuilt from the tables first.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{DocAddress, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::{Error, Index};
use crate::matching::{self, KeyWeights};

/// Bump when the search schema or the terms derived into it change: a search index of another version is
/// rebuilt from the SQLite tables.
pub(super) const SEARCH_VERSION: u32 = 2;

/// A claim that may be restated by a sentence, with its retrieval score.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub text: String,
    pub retrieval_score: f32,
}

/// The tantivy side of the index.
pub(super) struct Search {
    index: tantivy::Index,
    reader: IndexReader,
    fields: Fields,
    pub(super) dir: PathBuf,
}

#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub id: Field,
    pub text: Field,
    pub terms: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING | STORED);
    let text = b.add_text_field("text", STORED);
    // Terms come pre-analysed; frequencies are kept for BM25, positions are not needed.
    let indexing = TextFieldIndexing::default().set_tokenizer("raw").set_index_option(IndexRecordOption::WithFreqs);
    let terms = b.add_text_field("terms", TextOptions::default().set_indexing_options(indexing));
    (b.build(), Fields { id, text, terms })
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
                tantivy::Index::create_in_dir(dir, schema).map_err(search_err(dir))?
            }
        };
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(search_err(dir))?;
        Ok(Search { index, reader, fields, dir: dir.to_owned() })
    }

    /// The generation the last commit was made for (see [`super::sync`]), if any.
    pub(super) fn generation(&self) -> Option<i64> {
        let metas = self.index.load_metas().ok()?;
        metas.payload.and_then(|p| p.parse().ok())
    }

    /// A writer; `bulk` gives it the threads and memory of a full build.
    pub(super) fn writer(&self, bulk: bool) -> Result<IndexWriter, Error> {
        let (threads, budget) = if bulk { (2, 128 << 20) } else { (1, 15 << 20) };
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
        self.reader.reload().map_err(search_err(&self.dir))
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
    doc.add_text(fields.text, text);
    let terms = matching::terms(text);
    let tokens = terms
        .into_iter()
        .enumerate()
        .map(|(i, t)| Token { offset_from: 0, offset_to: 0, position: i, position_length: 1, text: t })
        .collect();
    doc.add_pre_tokenized_text(fields.terms, PreTokenizedString { text: String::new(), tokens });
    doc
}

/// The term that deletes a claim's document.
pub(super) fn id_term(fields: Fields, id: &str) -> Term {
    Term::from_field_text(fields.id, id)
}

/// Document frequencies of terms, looked up once each per checker: the weights the matcher scores with.
pub struct Weights<'a> {
    searcher: Searcher,
    field: Field,
    claims: u64,
    cache: RefCell<HashMap<String, u64>>,
    _index: std::marker::PhantomData<&'a Index>,
}

impl Weights<'_> {
    /// How many claims have the term (0 when none has).
    pub fn doc_freq(&self, term: &str) -> u64 {
        if let Some(df) = self.cache.borrow().get(term) {
            return *df;
        }
        let df = self.searcher.doc_freq(&Term::from_field_text(self.field, term)).unwrap_or(0);
        self.cache.borrow_mut().insert(term.to_owned(), df);
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

impl Index {
    /// Term weights backed by the search index's document frequencies.
    pub fn weights(&self) -> Result<Weights<'_>, Error> {
        let searcher = self.search.searcher();
        Ok(Weights {
            claims: searcher.num_docs(),
            searcher,
            field: self.search.fields.terms,
            cache: RefCell::new(HashMap::new()),
            _index: std::marker::PhantomData,
        })
    }

    /// The claims that share most with a sentence by BM25 over their terms alone, best first (at most
    /// `limit`): the lexical candidate step before any re-ranking.
    pub fn lexical(&self, sentence: &str, limit: usize) -> Result<Vec<Candidate>, Error> {
        let fields = self.search.fields;
        let terms = matching::terms(sentence);
        if terms.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let clauses: Vec<(Occur, Box<dyn Query>)> = terms
            .iter()
            .map(|t| {
                let q = TermQuery::new(Term::from_field_text(fields.terms, t), IndexRecordOption::WithFreqs);
                (Occur::Should, Box::new(q) as Box<dyn Query>)
            })
            .collect();
        let query = BooleanQuery::new(clauses);
        let searcher = self.search.searcher();
        let err = search_err(&self.search.dir);
        let top: Vec<(f32, DocAddress)> = searcher.search(&query, &TopDocs::with_limit(limit)).map_err(&err)?;
        let mut out = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(&err)?;
            let get = |f: Field| doc.get_first(f).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
            out.push(Candidate { id: get(fields.id), text: get(fields.text), retrieval_score: score });
        }
        // Equal scores in id order, so that results do not depend on how segments were merged.
        out.sort_by(|a, b| b.retrieval_score.total_cmp(&a.retrieval_score).then_with(|| a.id.cmp(&b.id)));
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
            .map(|(i, score)| Candidate { retrieval_score: score, ..pool[i].clone() })
            .collect();
        ranked.truncate(limit);
        Ok(ranked)
    }

    /// Every outlet name the ledger's sources have had (a short table, not a scan of the sources).
    pub fn outlets(&self) -> Result<Vec<String>, Error> {
        let mut st = self.conn.prepare_cached("SELECT name FROM outlets ORDER BY name").map_err(self.err())?;
        let rows = st.query_map([], |r| r.get(0)).map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }
}
