//! Deriving the re-ranking model ([`matching::fusion`]) from the CheckThat! train splits.
//!
//! For each claim-retrieval folder, the verified claims are indexed in a temporary ledger (in the index only:
//! no record files are needed to rank), each train query's lexical candidates get their fusion features and a
//! label (is it a claim the query restates?), and one logistic model is fitted to all of them. This file owns
//! that recipe, which `examples/train_fusion.rs` runs and a test re-runs to compare with the committed weights;
//! it never reads a dev split.

use std::path::Path;

use super::Index;
use crate::matching::checkthat::{self, Query};
use crate::matching::fusion::{self, Features, Model};
use crate::record::{Claim, Record};
use crate::store::Store;

/// The claim-retrieval folders the model is trained on, under the CheckThat! data folder.
pub const FOLDERS: [&str; 2] = ["2a-tweets-snopes", "2b-debates-politifact"];

/// An index of one folder's verified claims in a temporary ledger, with the queries of `split`.
pub struct Corpus {
    _dir: tempfile::TempDir,
    pub index: Index,
    pub queries: Vec<Query>,
}

/// Indexes the verified claims of `dir` (a claim-retrieval folder) and reads the queries of `split`.
pub fn corpus(dir: &Path, split: &str) -> Result<Corpus, String> {
    let data = checkthat::read(dir, split)?;
    let tmp = tempfile::tempdir().map_err(|e| format!("temporary folder: {e}"))?;
    let (store, _) = Store::init(tmp.path().join("ledger")).map_err(|e| e.to_string())?;
    let (mut index, _) = Index::open(&store).map_err(|e| e.to_string())?;
    let records: Vec<_> = data
        .claims
        .into_iter()
        .map(|text| {
            let r = Record::Claim(Claim { text });
            (r.id(), r)
        })
        .collect();
    index.insert_many(&records).map_err(|e| e.to_string())?;
    Ok(Corpus { _dir: tmp, index, queries: data.queries })
}

/// The labelled features of every query's lexical candidates.
pub fn examples(corpus: &Corpus) -> Result<Vec<(Features, bool)>, String> {
    let weights = corpus.index.weights().map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for q in &corpus.queries {
        let pool = corpus.index.lexical(&q.text, fusion::DEPTH).map_err(|e| e.to_string())?;
        let scored: Vec<(&str, f32)> = pool.iter().map(|c| (c.text.as_str(), c.retrieval_score)).collect();
        let features = fusion::features(&q.text, &scored, &weights);
        out.extend(features.into_iter().zip(&pool).map(|(x, c)| (x, q.relevant.contains(&c.id))));
    }
    Ok(out)
}

/// The model fitted on the train splits of [`FOLDERS`] under `data` (`.../checkthat/claim-retrieval`).
pub fn derive(data: &Path) -> Result<Model, String> {
    let mut all = Vec::new();
    for folder in FOLDERS {
        all.extend(examples(&corpus(&data.join(folder), "train")?)?);
    }
    Ok(fusion::fit(&all))
}
