//! The index's promises about the search side: it follows the files, and an interrupted or lost build is
//! rebuilt rather than trusted.

use super::search::{claim_doc, id_term};
use super::Index;
use crate::record::{Claim, Record};
use crate::store::Store;

fn claim(text: &str) -> Record {
    Record::Claim(Claim { text: text.to_owned() })
}

fn ledger(texts: &[&str]) -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = Store::init(tmp.path().join("ledger")).unwrap();
    for t in texts {
        store.write(&claim(t)).unwrap();
    }
    (tmp, store)
}

fn found(index: &Index, sentence: &str) -> Vec<String> {
    index.lexical(sentence, 5).unwrap().into_iter().map(|c| c.text).collect()
}

const CLAIMS: [&str; 3] = [
    "Kazakhstan has had diplomatic relations with Israel since 1992.",
    "The Abraham Accords were signed at the White House in September 2020.",
    "Kazakhstan is the largest landlocked country in the world.",
];

#[test]
fn search_follows_the_files() {
    let (_tmp, store) = ledger(&CLAIMS);
    let (index, stats) = Index::open(&store).unwrap();
    assert_eq!(stats.added, 3);
    assert_eq!(found(&index, "Israel and Kazakhstan: ties since 1992")[0], CLAIMS[0]);
    drop(index);
    let extra = claim("Astana hosted the summit of the Turkic states in 2024.");
    store.write(&extra).unwrap();
    let gone = store.path_of(crate::record::Kind::Claim, &claim(CLAIMS[1]).id());
    let mut perms = std::fs::metadata(&gone).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&gone, perms).unwrap();
    std::fs::remove_file(&gone).unwrap();
    let (index, _) = Index::open(&store).unwrap();
    assert_eq!(
        found(&index, "a Turkic summit in Astana in 2024")[0],
        "Astana hosted the summit of the Turkic states in 2024."
    );
    assert!(!found(&index, "Abraham Accords signed at the White House").contains(&CLAIMS[1].to_owned()));
    assert_eq!(index.weights().unwrap().claims(), 3);
}

#[test]
fn a_search_index_ahead_of_the_tables_is_rebuilt_from_them() {
    let (_tmp, store) = ledger(&CLAIMS);
    let (index, _) = Index::open(&store).unwrap();
    // As if a run had committed the search side of a change and died before the tables committed theirs.
    let fields = index.search.fields();
    let mut writer = index.search.writer(false).unwrap();
    writer.delete_term(id_term(fields, &claim(CLAIMS[2]).id().to_hex()));
    writer.add_document(claim_doc(fields, &"f".repeat(64), "A claim the tables never saw about Kazakhstan.")).unwrap();
    let mut prepared = writer.prepare_commit().unwrap();
    prepared.set_payload("99");
    prepared.commit().unwrap();
    drop(writer);
    drop(index);
    let (index, _) = Index::open(&store).unwrap();
    let texts = found(&index, "Kazakhstan landlocked largest country tables never saw");
    assert!(texts.contains(&CLAIMS[2].to_owned()), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("never saw")), "{texts:?}");
}

#[test]
fn a_lost_or_unfinished_index_is_built_again() {
    let (_tmp, store) = ledger(&CLAIMS);
    drop(Index::open(&store).unwrap());
    let cache = store.cache_dir();
    // A build that died before its rename leaves only its temporary file, which is never read.
    std::fs::remove_file(cache.join("index.sqlite3")).unwrap();
    std::fs::write(cache.join("index.sqlite3.tmp-1"), b"half a database").unwrap();
    let (index, stats) = Index::open(&store).unwrap();
    assert_eq!(stats.added, 3);
    assert_eq!(found(&index, "diplomatic relations with Israel")[0], CLAIMS[0]);
    drop(index);
    std::fs::remove_dir_all(cache.join(format!("search-v{}", super::search::SEARCH_VERSION))).unwrap();
    let (index, _) = Index::open(&store).unwrap();
    assert_eq!(found(&index, "diplomatic relations with Israel")[0], CLAIMS[0]);
}

/// More claims than [`CLAIMS`], so that term statistics differ from term to term.
const MORE: [&str; 6] = [
    "Kazakhstan moved its capital from Almaty to Astana in 1997.",
    "Israel and Kazakhstan signed a water technology agreement in 2016.",
    "The Turkic states met in Astana in 2024.",
    "Almaty is the largest city of Kazakhstan.",
    "The White House hosted the signing of a trade agreement in 2019.",
    "Israel opened an embassy in Astana in 1996.",
];

fn add(index: &mut Index, store: &Store, text: &str) -> String {
    let record = claim(text);
    let written = store.write(&record).unwrap();
    index.insert(&written.id, &record).unwrap();
    written.id.to_hex()
}

fn scored(index: &Index, sentence: &str) -> Vec<(String, f32)> {
    index.lexical(sentence, 20).unwrap().into_iter().map(|c| (c.id, c.retrieval_score)).collect()
}

fn remove_file(store: &Store, text: &str) {
    let path = store.path_of(crate::record::Kind::Claim, &claim(text).id());
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&path, perms).unwrap();
    std::fs::remove_file(&path).unwrap();
}

fn assert_unique(found: &[(String, f32)]) {
    let mut ids: Vec<&String> = found.iter().map(|(id, _)| id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), found.len(), "a claim found twice: {found:?}");
}

const QUERIES: [&str; 5] = [
    "Israel and Kazakhstan: ties since 1992",
    "Astana hosted the Turkic summit in 2024",
    "the largest city of Kazakhstan is Almaty",
    "a water agreement between Israel and Kazakhstan in 2016",
    "signed at the White House in 2020",
];

#[test]
fn a_pending_claim_ranks_as_after_its_flush() {
    let (_tmp, store) = ledger(&CLAIMS);
    let (mut index, _) = Index::open(&store).unwrap();
    let mut ids = Vec::new();
    for t in MORE {
        ids.push(add(&mut index, &store, t));
    }
    assert_eq!(index.pending_len().unwrap(), MORE.len());
    let generation = index.search.generation();
    let before: Vec<Vec<(String, f32)>> = QUERIES.iter().map(|q| scored(&index, q)).collect();
    let weights = index.weights().unwrap();
    let keys = ["kazakhstan", "astana", "#2024", "israel", "almaty"];
    let df_before: Vec<u64> = keys.iter().map(|k| weights.doc_freq(k)).collect();
    assert_eq!(weights.claims(), 9);
    drop(weights);
    // Pending claims are found, and the first query's best claim is still the one it names.
    assert_eq!(before[0][0].0, claim(CLAIMS[0]).id().to_hex());
    assert!(before[1].iter().any(|(id, _)| *id == ids[2]), "{:?}", before[1]);
    assert_eq!(before[2][0].0, ids[3]);
    assert_eq!(before[3][0].0, ids[1]);
    // The search index was not committed for them.
    assert_eq!(index.search.generation(), generation);

    index.flush().unwrap();
    assert_eq!(index.pending_len().unwrap(), 0);
    assert_ne!(index.search.generation(), generation);
    let weights = index.weights().unwrap();
    assert_eq!(weights.claims(), 9);
    assert_eq!(keys.iter().map(|k| weights.doc_freq(k)).collect::<Vec<_>>(), df_before);
    for (q, was) in QUERIES.iter().zip(&before) {
        let now = scored(&index, q);
        assert_unique(&now);
        let order = |v: &[(String, f32)]| v.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>();
        assert_eq!(order(&now), order(was), "{q}");
        for ((_, a), (_, b)) in now.iter().zip(was) {
            assert!((a - b).abs() <= 1e-4 * a.abs().max(1.0), "{q}: {a} after the flush, {b} before");
        }
    }
}

#[test]
fn a_removed_claim_is_hidden_before_its_flush() {
    let (_tmp, store) = ledger(&CLAIMS);
    drop(Index::open(&store).unwrap());
    remove_file(&store, CLAIMS[1]);
    let (index, stats) = Index::open(&store).unwrap();
    assert_eq!(stats.removed, 1);
    assert_eq!(index.pending_len().unwrap(), 1);
    assert!(!found(&index, "Abraham Accords signed at the White House").contains(&CLAIMS[1].to_owned()));
    assert_eq!(index.weights().unwrap().claims(), 2);
    drop(index);
    // The claim comes back (a revert): its document never left the search index, the removal is cancelled.
    store.write(&claim(CLAIMS[1])).unwrap();
    let (mut index, _) = Index::open(&store).unwrap();
    assert_eq!(index.pending_len().unwrap(), 0);
    assert_eq!(found(&index, "Abraham Accords signed at the White House")[0], CLAIMS[1]);
    assert_eq!(index.weights().unwrap().claims(), 3);
    // A pending claim that goes away before a flush leaves nothing behind.
    let id = add(&mut index, &store, MORE[0]);
    assert_eq!(index.pending_len().unwrap(), 1);
    drop(index);
    remove_file(&store, MORE[0]);
    let (mut index, _) = Index::open(&store).unwrap();
    assert_eq!(index.pending_len().unwrap(), 0);
    assert!(!scored(&index, "Kazakhstan moved its capital to Astana in 1997").iter().any(|(i, _)| *i == id));
    index.flush().unwrap();
    assert_eq!(index.weights().unwrap().claims(), 3);
}

#[test]
fn an_interrupted_flush_is_rebuilt_not_counted_twice() {
    let (_tmp, store) = ledger(&CLAIMS);
    let (mut index, _) = Index::open(&store).unwrap();
    let id = add(&mut index, &store, MORE[1]);
    let generation = index.search.generation().unwrap();
    // As if a flush had committed the search index and died before the tables emptied the pending set.
    let fields = index.search.fields();
    let mut writer = index.search.writer(false).unwrap();
    writer.add_document(claim_doc(fields, &id, MORE[1])).unwrap();
    let mut prepared = writer.prepare_commit().unwrap();
    prepared.set_payload(&(generation + 1).to_string());
    prepared.commit().unwrap();
    drop(writer);
    drop(index);
    let (index, _) = Index::open(&store).unwrap();
    assert_eq!(index.pending_len().unwrap(), 0);
    assert!(index.search.generation().unwrap() > generation + 1);
    let found = scored(&index, MORE[1]);
    assert_unique(&found);
    assert_eq!(found[0].0, id);
    assert_eq!(index.weights().unwrap().claims(), 4);
}

#[test]
fn a_lost_search_index_with_pending_claims_is_rebuilt() {
    let (_tmp, store) = ledger(&CLAIMS);
    let (mut index, _) = Index::open(&store).unwrap();
    let id = add(&mut index, &store, MORE[2]);
    drop(index);
    let dir = store.cache_dir().join(format!("search-v{}", super::search::SEARCH_VERSION));
    std::fs::remove_dir_all(dir).unwrap();
    let (index, _) = Index::open(&store).unwrap();
    assert_eq!(index.pending_len().unwrap(), 0);
    let found = scored(&index, MORE[2]);
    assert_unique(&found);
    assert_eq!(found[0].0, id);
    assert_eq!(index.weights().unwrap().claims(), 4);
}

#[test]
fn the_pending_set_is_flushed_past_its_bound_and_seen_by_other_readers() {
    let (_tmp, store) = ledger(&CLAIMS);
    let (mut writer, _) = Index::open(&store).unwrap();
    let (reader, _) = Index::open(&store).unwrap();
    writer.pending_limit = 2;
    let generation = writer.search.generation();
    add(&mut writer, &store, MORE[0]);
    add(&mut writer, &store, MORE[1]);
    assert_eq!(writer.pending_len().unwrap(), 2);
    assert_eq!(writer.search.generation(), generation);
    let third = add(&mut writer, &store, MORE[2]);
    assert_eq!(writer.pending_len().unwrap(), 0);
    assert_ne!(writer.search.generation(), generation);
    // The other index was opened before the flush: it reloads its search view to match the tables.
    let found = scored(&reader, "The Turkic states met in Astana in 2024");
    assert_unique(&found);
    assert_eq!(found[0].0, third);
    assert_eq!(reader.weights().unwrap().claims(), 6);
}

#[test]
fn equal_scores_at_the_edge_are_chosen_by_id_however_many_tie() {
    // Forty claims that score the same for "harbour" (one match, three terms each), indexed in descending id
    // order so that the index's own order is the opposite of the ids'. Made-up place names.
    let (_tmp, store) = ledger(&CLAIMS);
    let (mut index, _) = Index::open(&store).unwrap();
    let mut records: Vec<(crate::id::Id, Record)> = (0..40)
        .map(|i: u8| {
            let record =
                claim(&format!("Harbour Velmar{}{} reopened.", char::from(b'a' + i / 8), char::from(b'a' + i % 8)));
            (store.write(&record).unwrap().id, record)
        })
        .collect();
    records.sort_by(|a, b| b.0.cmp(&a.0));
    index.insert_many(&records).unwrap();
    assert_eq!(index.pending_len().unwrap(), 0, "the claims went to the search index, not the pending set");
    let found = scored(&index, "harbour");
    assert!(found.iter().all(|(_, s)| *s == found[0].1), "the claims do not tie: {found:?}");
    let mut ids: Vec<String> = records.iter().map(|(id, _)| id.to_hex()).collect();
    ids.sort();
    let got: Vec<String> = found.into_iter().map(|(id, _)| id).collect();
    assert_eq!(got, ids[..20], "not the 20 smallest ids of the 40 tied claims");
}
