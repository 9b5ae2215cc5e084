//! The training mixture: which labelled files the detector learns from, how each is labelled and weighted,
//! and which part of them is kept aside to choose the thresholds.
//!
//! This file owns the list of data files (all under the shared data folder, never copied into the repository),
//! the split of each into training and development parts, and the mapping of each file's labels onto the two
//! heads. It reads no file itself: [`Files`] holds their texts. Invariants: the split is a pure function of a
//! sentence's text (a seedless hash), so every machine trains on the same sentences; the report-only files
//! (ClaimBuster's groundtruth, NewsSD-ENG's test file, the test split of the project's journalism set) are never
//! read here.

use std::path::{Path, PathBuf};

use super::data::{parse_claimbuster, DataError};
use super::labelled::{self, Label};
use super::model::HEADS;
use super::train::{Item, TrainConfig};

/// The environment variable naming the shared data folder (holding `claimbuster/`, `newssd/`, `checkthat/`).
pub const DATA_ENV: &str = "CLAIMLEDGER_DATA";

/// The files the mixture reads, relative to the data folder, in the order of [`Files::texts`].
pub const FILES: [&str; 5] = [
    "claimbuster/crowdsourced.csv",
    "newssd/train.csv",
    "newssd/val.csv",
    "checkthat/claim-retrieval/2a-tweets-snopes/vclaims.jsonl",
    "checkthat/claim-retrieval/2b-debates-politifact/vclaims.jsonl",
];

/// The project's own labelled journalism set; only its `dev` split is read here.
pub const JOURNALISM: &str = "tests/fixtures/journalism/sentences.tsv";

/// The journalism training sets (same columns and guidelines, every row in split `train`), read when present.
pub const JOURNALISM_TRAIN: [&str; 3] = [
    "tests/fixtures/journalism/train-a.tsv",
    "tests/fixtures/journalism/train-b.tsv",
    "tests/fixtures/journalism/train-c.tsv",
];

/// The texts of [`FILES`], plus the project's journalism files (name and text) that are present: [`JOURNALISM`]
/// first, then [`JOURNALISM_TRAIN`].
#[derive(Clone, Debug, Default)]
pub struct Files {
    pub texts: Vec<String>,
    pub journalism: Vec<(String, String)>,
}

/// The shared data folder: `explicit`, else `$CLAIMLEDGER_DATA`, else `../shared/data` beside the repository.
/// `None` when it lacks any of [`FILES`].
pub fn data_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    let dir = match (explicit, std::env::var_os(DATA_ENV)) {
        (Some(p), _) => p.to_path_buf(),
        (None, Some(p)) => PathBuf::from(p),
        (None, None) => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
    };
    FILES.iter().all(|f| dir.join(f).is_file()).then_some(dir)
}

impl Files {
    /// Reads [`FILES`] from `dir`, and the journalism files under `root` (the repository) that exist.
    pub fn read(dir: &Path, root: &Path) -> std::io::Result<Files> {
        let texts = FILES.iter().map(|f| std::fs::read_to_string(dir.join(f))).collect::<Result<_, _>>()?;
        let mut sets = Vec::new();
        for name in std::iter::once(JOURNALISM).chain(JOURNALISM_TRAIN) {
            let path = root.join(name);
            if path.is_file() {
                sets.push((name.to_string(), std::fs::read_to_string(path)?));
            }
        }
        Ok(Files { texts, journalism: sets })
    }
}

/// One sentence of the development part, with the label the thresholds are chosen against.
#[derive(Clone, Debug, PartialEq)]
pub struct DevItem {
    pub text: String,
    pub label: Label,
    /// Whether it is check-worthy (ClaimBuster CFS, or any fact of the other sets).
    pub checkworthy: bool,
    /// Where it comes from ("claimbuster", "newssd", or the journalism file).
    pub set: String,
}

/// A journalism sentence in the training items: what the cross-validation needs to know of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Journal {
    pub label: Label,
    pub genre: String,
    pub outlet: String,
    /// The article (`aNNN`, `tANNN`): its sentences are always in the same fold.
    pub article: String,
    /// The file it comes from.
    pub file: String,
}

/// The training items and the development part, with what the model should record of its data.
#[derive(Clone, Debug)]
pub struct Mixture {
    pub train: Vec<Item>,
    /// Parallel to `train`: the cross-validation fold of a journalism sentence (by article), `None` for the rest.
    pub folds: Vec<Option<usize>>,
    /// Parallel to `train`: the journalism sentence's labels, for the cross-validated figures.
    pub journalism: Vec<Option<Journal>>,
    pub dev: Vec<DevItem>,
    /// Per file (name and SHA-256 hex), the sentences that went into training and into the development part.
    pub provenance: Vec<(String, String, usize, usize)>,
}

/// How many folds the journalism articles are divided into.
pub const FOLDS: usize = 5;

/// The fold of an article: by a hash of its outlet, so that every fold is scored by a model that has seen
/// none of that outlet's articles (the gate meets outlets it was not trained on).
pub fn fold_of(outlet: &str) -> usize {
    (stride_hash(outlet) % FOLDS as u64) as usize
}

/// Whether a sentence belongs to the development part of a file that is split (one in ten, by text hash).
pub fn is_dev(text: &str) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.trim().bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h ^ (h >> 29)) % 10 == 3
}

/// A verified claim as a sentence: PolitiFact's "Says ..." convention and enclosing quotes removed.
fn vclaim_sentence(s: &str) -> String {
    let s = s.trim();
    let s = s.strip_prefix("Says ").or_else(|| s.strip_prefix("Say ")).unwrap_or(s);
    let s = s.trim_matches(|c| c == '"' || c == '\u{201c}' || c == '\u{201d}');
    let mut out = s.trim().to_string();
    if let Some(first) = out.chars().next() {
        let upper: String = first.to_uppercase().collect();
        out.replace_range(..first.len_utf8(), &upper);
    }
    out
}

/// Builds the mixture from `files` with the weights of `config`.
pub fn mixture(files: &Files, config: &TrainConfig) -> Result<Mixture, DataError> {
    let mut train = Vec::new();
    let mut dev = Vec::new();
    let mut provenance = Vec::new();
    let sha = |t: &str| super::train::sha256_hex(t.as_bytes());

    // ClaimBuster crowdsourced: both heads; one in ten sentences kept for the thresholds.
    let crowd = parse_claimbuster(&files.texts[0])?;
    let (mut n_train, mut n_dev) = (0, 0);
    for e in &crowd {
        if is_dev(&e.text) {
            let label = if e.verdict >= 0 { Label::Fact } else { Label::Other };
            dev.push(DevItem { text: e.text.clone(), label, checkworthy: e.verdict == 1, set: "claimbuster".into() });
            n_dev += 1;
        } else {
            let mut item = Item::from_claimbuster(e);
            item.weight = [config.claimbuster_weight; HEADS];
            train.push(item);
            n_train += 1;
        }
    }
    provenance.push((FILES[0].to_string(), sha(&files.texts[0]), n_train, n_dev));

    // NewsSD-ENG: train.csv to learn, val.csv for the thresholds. SUBJ is no claim; OBJ is a claim for the
    // factual head only, and weighs less: an attributed opinion is OBJ there.
    let newssd = labelled::parse_newssd(&files.texts[1])?;
    let mut n_newssd = 0;
    for l in &newssd {
        let (target, weight) = match l.label {
            Label::Opinion => ([0.0; HEADS], [config.subjective_weight; HEADS]),
            _ => ([0.0, 1.0], [0.0, config.objective_weight]),
        };
        if weight.iter().any(|&w| w > 0.0) {
            train.push(Item { text: l.text.clone(), target, weight });
            n_newssd += 1;
        }
    }
    provenance.push((FILES[1].to_string(), sha(&files.texts[1]), n_newssd, 0));
    let val = labelled::parse_newssd(&files.texts[2])?;
    for l in &val {
        dev.push(DevItem { text: l.text.clone(), label: l.label, checkworthy: false, set: "newssd".into() });
    }
    provenance.push((FILES[2].to_string(), sha(&files.texts[2]), 0, val.len()));

    // CheckThat! verified claims: written, checkable statements, positives of both heads; one in `stride`.
    for (k, text) in files.texts[3..5].iter().enumerate() {
        let (mut n, mut n_dev) = (0, 0);
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|_| DataError::BadRow { line: i + 1, expected: 1, found: 0 })?;
            let Some(claim) = v.get("vclaim").and_then(|c| c.as_str()) else { continue };
            let sentence = vclaim_sentence(claim);
            if sentence.is_empty() || stride_hash(&sentence) % config.vclaim_stride.max(1) != 0 {
                continue;
            }
            if is_dev(&sentence) {
                // Kept aside even when the claims are not trained on, so that the figure stays comparable.
                dev.push(DevItem { text: sentence, label: Label::Fact, checkworthy: true, set: "checkthat".into() });
                n_dev += 1;
                continue;
            }
            if config.vclaim_weight > 0.0 {
                train.push(Item { text: sentence, target: [1.0; HEADS], weight: [config.vclaim_weight; HEADS] });
                n += 1;
            }
        }
        provenance.push((FILES[3 + k].to_string(), sha(text), n, n_dev));
    }

    // The project's journalism files: the dev split of the labelled set and every row of the training sets
    // are learnt from; their articles are also divided into FOLDS (by outlet) for the cross-validation that
    // sets the factual threshold. The test split is never read here.
    let mut folds = vec![None; train.len()];
    let mut journalism = vec![None; train.len()];
    for (name, text) in &files.journalism {
        let set = labelled::parse_tsv(text)?;
        let mut n = 0;
        for l in set.iter().filter(|l| l.split == "dev" || l.split == "train") {
            let article = l.id.split('-').next().unwrap_or(&l.id);
            let t = if l.label == Label::Fact { 1.0 } else { 0.0 };
            train.push(Item {
                text: l.text.clone(),
                target: [t; HEADS],
                weight: [config.journalism_checkworthy_weight, config.journalism_weight],
            });
            folds.push(Some(fold_of(if config.fold_by_article { article } else { &l.outlet })));
            journalism.push(Some(Journal {
                label: l.label,
                genre: l.tag.clone(),
                outlet: l.outlet.clone(),
                article: article.to_string(),
                file: name.clone(),
            }));
            n += 1;
        }
        let part = if name == JOURNALISM { " (dev split)" } else { "" };
        provenance.push((format!("{name}{part}"), sha(text), n, 0));
    }
    Ok(Mixture { train, folds, journalism, dev, provenance })
}

fn stride_hash(text: &str) -> u64 {
    let mut h: u64 = 0x8422_2325_cbf2_9ce4;
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^ (h >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vclaims_read_as_sentences() {
        assert_eq!(vclaim_sentence("Says there is a 4,250% increase."), "There is a 4,250% increase.");
        assert_eq!(
            vclaim_sentence("\"Over the last two years, murders dropped.\""),
            "Over the last two years, murders dropped."
        );
        assert_eq!(vclaim_sentence("A video shows a baby."), "A video shows a baby.");
    }

    #[test]
    fn the_split_is_a_tenth_and_stable() {
        let dev = (0..10_000).filter(|i| is_dev(&format!("sentence number {i}"))).count();
        assert!((800..1200).contains(&dev), "{dev}");
        assert_eq!(is_dev("It rained."), is_dev(" It rained. "));
    }
}
