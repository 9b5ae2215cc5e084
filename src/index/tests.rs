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
