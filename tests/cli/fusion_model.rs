//! The committed re-ranking weights (src/matching/fusion/model.json) are what their recipe derives from the
//! CheckThat! train splits: re-run the recipe and compare.

use std::path::Path;

use claimledger::index::fusion_train;
use claimledger::matching::fusion::Model;

#[test]
fn fusion_weights_rederive_from_the_train_splits() {
    let data = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/checkthat/claim-retrieval"));
    if !data.join(fusion_train::FOLDERS[0]).exists() {
        eprintln!("skipping fusion_weights_rederive_from_the_train_splits: {} is absent", data.display());
        return;
    }
    let derived = fusion_train::derive(data).unwrap();
    assert_eq!(
        &derived,
        Model::builtin(),
        "retrain with `cargo run --release --example train_fusion -- {} --write`",
        data.display()
    );
}
