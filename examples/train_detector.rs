//! Trains the claim detector and writes the model file the project commits, with its provenance beside it;
//! or derives the detector's word table from the licensed lexicons.
//!
//! Usage: `cargo run --release --example train_detector -- [DATA_DIR] [-o OUT] [--bits N] [--epochs N]
//! [--lr X] [--seed N] [--l2 X] [--min-count N] [--subjective-weight X] [--objective-weight X] [--vclaim-weight X]
//! [--vclaim-stride N] [--dry-run] [--errors N] [--dump-folded FILE] [--probe FILE]`. DATA_DIR (the shared data folder) defaults to `$CLAIMLEDGER_DATA`, else
//! `../shared/data`; OUT defaults to `src/detect/model.bin`, and `MODEL.md` is written beside it. `--dry-run`
//! trains and prints the development figures without writing. Training uses a fixed seed, so the same data
//! and settings give a byte-identical model.
//!
//! `cargo run --release --example train_detector -- --derive-words SOURCES_DIR` writes
//! `src/detect/words.tsv` from the four source files named in `claimledger::detect::derive::SOURCES`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use claimledger::detect::derive::{self, SOURCES};
use claimledger::detect::eval::{self, Report};
use claimledger::detect::meaning::Meaning;
use claimledger::detect::mixture::{data_dir, Files};
use claimledger::detect::train::{build, dev_target, sha256_hex, TrainConfig};
use claimledger::detect::{data, Detector, View};

const CREDITS: &str = "\
- ClaimBuster: Arslan, Hassan, Li, Tremayne, \"A Benchmark Dataset of Check-worthy Factual Claims\", ICWSM 2020, doi:10.5281/zenodo.3609356 (CC BY 4.0)
- NewsSD-ENG: Antici, Ruggeri, Galassi, Korre, Muti, Bardi, Fedotova, Barrón-Cedeño, \"A Corpus for Sentence-level Subjectivity Detection on English News Articles\", LREC-COLING 2024 (CC BY 4.0)
- CheckThat! 2022 task 2 verified claims (Snopes, PolitiFact): Nakov et al., CLEF 2022 (free for general research use)
- Word classes (`words.tsv`): Pattern's subjectivity lexicon (PDDL) and Brill's tagger lexicon (MIT) as shipped in textblob 0.20.1; VADER's lexicon and lists (MIT) as shipped in vaderSentiment 3.3.2
";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let given: Vec<String> = std::env::args().skip(1).collect();
    let mut args = given.iter().cloned();
    let (mut dir, mut out, mut config) = (None, PathBuf::from("src/detect/model.bin"), TrainConfig::default());
    let (mut dry_run, mut errors, mut dump, mut probe) = (false, 0usize, None::<PathBuf>, None::<PathBuf>);
    let command = match given.is_empty() {
        true => "cargo run --release --example train_detector".to_string(),
        false => format!("cargo run --release --example train_detector -- {}", given.join(" ")),
    };
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "-o" | "--output" => out = PathBuf::from(value("-o")?),
            "--bits" => config.bits = parse(&value("--bits")?)?,
            "--epochs" => config.epochs = parse(&value("--epochs")?)?,
            "--lr" => config.learning_rate = parse(&value("--lr")?)?,
            "--seed" => config.seed = parse(&value("--seed")?)?,
            "--l2" => config.l2 = parse(&value("--l2")?)?,
            "--min-count" => config.min_count = parse(&value("--min-count")?)?,
            "--subjective-weight" => config.subjective_weight = parse(&value("--subjective-weight")?)?,
            "--objective-weight" => config.objective_weight = parse(&value("--objective-weight")?)?,
            "--vclaim-weight" => config.vclaim_weight = parse(&value("--vclaim-weight")?)?,
            "--vclaim-stride" => config.vclaim_stride = parse(&value("--vclaim-stride")?)?,
            "--dry-run" => dry_run = true,
            "--journalism-weight" => config.journalism_weight = parse(&value("--journalism-weight")?)?,
            "--claimbuster-weight" => config.claimbuster_weight = parse(&value("--claimbuster-weight")?)?,
            "--errors" => errors = parse(&value("--errors")?)?,
            "--dump-folded" => dump = Some(PathBuf::from(value("--dump-folded")?)),
            "--probe" => probe = Some(PathBuf::from(value("--probe")?)),
            "--journalism-checkworthy-weight" => {
                config.journalism_checkworthy_weight = parse(&value("--journalism-checkworthy-weight")?)?
            }
            "--fact-recall" => config.fact_recall = parse(&value("--fact-recall")?)?,
            "--fold-by-article" => config.fold_by_article = true,
            "--meaning" => {
                config.meaning = match value("--meaning")?.as_str() {
                    "none" => Meaning::None,
                    "unit" => Meaning::Unit,
                    "mean" => Meaning::Mean,
                    other => return Err(format!("--meaning {other:?}: expected none, unit or mean")),
                }
            }
            "--derive-words" => return derive_words(Path::new(&value("--derive-words")?)),
            _ if a.starts_with('-') => return Err(format!("unknown option {a}")),
            _ => dir = Some(PathBuf::from(&a)),
        }
    }
    let dir = data_dir(dir.as_deref()).ok_or("shared data absent: pass DATA_DIR or set CLAIMLEDGER_DATA")?;
    let files = Files::read(&dir, Path::new(".")).map_err(|e| format!("{}: {e}", dir.display()))?;

    let start = Instant::now();
    let built = build(&files, &config).map_err(|e| e.to_string())?;
    let seconds = start.elapsed().as_secs_f64();
    let bytes = built.detector.to_bytes();
    println!("trained on {} sentences in {seconds:.2} s; model {} bytes", built.train_size, bytes.len());
    let dev_table = format!("{}\n{}", folded_figures(&built), dev_figures(&built.detector, &built.dev));
    print!("{dev_table}");
    if errors > 0 {
        print_folded_errors(&built, errors);
    }
    if let Some(path) = probe {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let t = built.detector.threshold(View::Factual);
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let score = built.detector.scores(line).factual;
            let mark = if built.detector.is_claim(line, View::Factual, None) { "claim" } else { "-" };
            println!("probe {score:.3} (threshold {t:.3}) {mark:<5} {line}");
        }
    }
    if let Some(path) = dump {
        let rows: String = built
            .folded
            .iter()
            .map(|x| {
                let j = &x.journal;
                format!("{:.4}\t{}\t{}\t{}\t{}\n", x.score, j.label.as_str(), j.genre, j.file, x.text)
            })
            .collect();
        std::fs::write(&path, rows).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if dry_run {
        return Ok(());
    }
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;

    let mut md = String::new();
    md.push_str("# The committed claim detector\n\n");
    md.push_str("Generated by `examples/train_detector.rs`; do not edit by hand (retrain instead).\n\n");
    md.push_str(&format!("- Trained: {} (UTC), in {seconds:.1} s on one core\n", utc_date()));
    md.push_str(&format!("- Command: `{command}`\n"));
    md.push_str(&format!("- Settings: `{config:?}`\n"));
    md.push_str(&format!(
        "- Model file: `{}`, {} bytes, SHA-256 {}\n",
        out.file_name().unwrap_or_default().to_string_lossy(),
        bytes.len(),
        sha256_hex(&bytes)
    ));
    md.push_str(&format!(
        "- Word table: `words.tsv`, SHA-256 {} (re-derive: `bash src/detect/lexicon_sources.sh DIR`, then `cargo run --release --example train_detector -- --derive-words DIR`; sources below)\n",
        sha256_hex(std::fs::read(out.with_file_name("words.tsv")).unwrap_or_default().as_slice())
    ));
    md.push_str(&format!(
        "- Common-word table: `common.tsv` (nouns, adverbs and prepositions from Brill's lexicon that are never first a name, and adjectives never capitalised first as one, marked `adjective`; read by the matcher, not by this model), SHA-256 {}, derived by the same command\n\n",
        sha256_hex(std::fs::read(out.with_file_name("common.tsv")).unwrap_or_default().as_slice())
    ));
    md.push_str("## Data\n\nSentences trained on and kept aside as the development part (one in ten of a split file, by a hash of its\ntext). Report-only files (ClaimBuster `groundtruth.csv`, NewsSD-ENG `test.csv`, the test split of the journalism\nset) are never read by training.\n\n");
    md.push_str("| file | SHA-256 | trained on | development |\n|---|---|---|---|\n");
    for (name, sha, n_train, n_dev) in &built.provenance {
        md.push_str(&format!("| `{name}` | {sha} | {n_train} | {n_dev} |\n"));
    }
    md.push_str("\nLexicon sources of `words.tsv`:\n\n| file | package | licence | SHA-256 |\n|---|---|---|---|\n");
    for s in SOURCES {
        md.push_str(&format!("| `{}` | {} | {} | {} |\n", s.path_in_wheel, s.package, s.licence, s.sha256));
    }
    md.push_str(&format!(
        "\nThe `present` class also reads irregular past forms (\"fought\" for \"fight\") from the `inflection` rows of the \
         matcher's lexicon, `src/matching/lexicon.tsv` (derived from WordNet 3.0, see `src/matching/DATA.md`), SHA-256 {}.\n",
        sha256_hex(claimledger::matching::LEXICON_TSV.as_bytes())
    ));
    md.push_str("\nCredits:\n\n");
    md.push_str(CREDITS);
    md.push_str("\n## Thresholds and development figures\n\n");
    let training_sets = claimledger::detect::mixture::JOURNALISM_TRAIN
        .iter()
        .map(|p| format!("`{}`", p.rsplit('/').next().unwrap_or(p)))
        .collect::<Vec<_>>()
        .join(", ");
    md.push_str(&format!("Factual, the view `check` enforces by default: the project's journalism sentences (the dev split of\n`sentences.tsv` and all of {}) are split into {} folds by outlet; a model trained without a\nfold scores it, and the threshold is the highest at which {:.0}% of these out-of-fold facts are claims (questions,\nheadings and fragments count as not flagged, as in `check`). The model itself is then trained on everything.\nCheck-worthy: maximum F1 of ClaimBuster's CFS on its development part, NewsSD-ENG's `val.csv` subjective sentences\nas further negatives. `claimledger.toml` `[detect] threshold` overrides the factual one.\n\n", training_sets, claimledger::detect::mixture::FOLDS, config.fact_recall * 100.0));
    md.push_str(&dev_table);
    for view in View::ALL {
        let (pos, neg) = built.detector.strongest_features(view, 12);
        md.push_str(&format!(
            "\n## Strongest features, {view}\n\n| towards a claim | weight | against | weight |\n|---|---|---|---|\n"
        ));
        for i in 0..pos.len().max(neg.len()) {
            let cell = |c: Option<&claimledger::detect::Contribution>| {
                c.map(|c| (c.feature.replace('|', "\\|"), format!("{:+.2}", c.weight))).unwrap_or_default()
            };
            let ((pf, pw), (nf, nw)) = (cell(pos.get(i)), cell(neg.get(i)));
            md.push_str(&format!("| {pf} | {pw} | {nf} | {nw} |\n"));
        }
    }
    md.push_str("\n## Hand features\n\n| feature | checkworthy | factual |\n|---|---|---|\n");
    let (cw, fa) = (built.detector.hand_weights(View::CheckWorthy), built.detector.hand_weights(View::Factual));
    for (c, f) in cw.iter().zip(&fa) {
        md.push_str(&format!("| {} | {:+.2} | {:+.2} |\n", c.feature, c.weight, f.weight));
    }
    md.push_str(&report_only(&built.detector, &dir)?);
    let md_path = out.with_file_name("MODEL.md");
    std::fs::write(&md_path, &md).map_err(|e| format!("{}: {e}", md_path.display()))?;
    println!("wrote {} and {}", out.display(), md_path.display());
    Ok(())
}

/// The development figures per view and per set, as markdown.
fn dev_figures(detector: &Detector, dev: &[claimledger::detect::mixture::DevItem]) -> String {
    let mut md = String::from("| view | set | threshold | sentences | precision | recall | F1 | opinion flagged |\n|---|---|---|---|---|---|---|---|\n");
    let mut sets: Vec<&str> = dev.iter().map(|d| d.set.as_str()).collect();
    sets.sort_unstable();
    sets.dedup();
    for view in View::ALL {
        let t = detector.threshold(view);
        for set in &sets {
            let (mut tp, mut fp, mut fneg, mut n, mut op, mut op_flag) = (0, 0, 0, 0, 0, 0);
            for d in dev.iter().filter(|d| d.set == *set) {
                let Some(target) = dev_target(d, view) else { continue };
                n += 1;
                let flagged = detector.is_claim(&d.text, view, None);
                match (target, flagged) {
                    (true, true) => tp += 1,
                    (false, true) => fp += 1,
                    (true, false) => fneg += 1,
                    _ => {}
                }
                if d.label == claimledger::detect::labelled::Label::Opinion {
                    op += 1;
                    op_flag += usize::from(flagged);
                }
            }
            let p = tp as f64 / (tp + fp).max(1) as f64;
            let r = tp as f64 / (tp + fneg).max(1) as f64;
            let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
            let op = if op > 0 { format!("{:.3} ({op_flag}/{op})", op_flag as f64 / op as f64) } else { "–".into() };
            md.push_str(&format!("| {view} | {set} | {t:.3} | {n} | {p:.3} | {r:.3} | {f1:.3} | {op} |\n"));
        }
    }
    md
}

/// The journalism sentences, cross-validated by outlet: at the chosen factual threshold and at the thresholds
/// of a few other fact recalls, the share of each kind of sentence flagged.
fn folded_figures(built: &claimledger::detect::train::Built) -> String {
    use claimledger::detect::labelled::Label;
    let f = &built.folded;
    if f.is_empty() {
        return "no journalism set: the factual threshold maximises F1 on the development part\n".into();
    }
    let mut facts: Vec<f32> = f.iter().filter(|x| x.journal.label == Label::Fact).map(|x| x.score).collect();
    facts.sort_by(|a, b| b.total_cmp(a));
    let chosen = built.detector.threshold(View::Factual);
    let mut thresholds = vec![("chosen".to_string(), chosen)];
    for r in [0.7, 0.75, 0.8, 0.85] {
        let k = ((facts.len() as f64 * r).ceil() as usize).clamp(1, facts.len());
        thresholds.push((format!("recall {r:.2}"), facts[k - 1]));
    }
    type Pick = dyn Fn(&claimledger::detect::train::FoldedItem) -> bool;
    let share = |t: f32, pick: &Pick| {
        let v: Vec<_> = f.iter().filter(|x| pick(x)).collect();
        let k = v.iter().filter(|x| x.score >= t).count();
        format!("{:.3} ({k}/{})", k as f64 / v.len().max(1) as f64, v.len())
    };
    let mut files: Vec<&str> = f.iter().map(|x| x.journal.file.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    let articles: std::collections::BTreeSet<&str> = f.iter().map(|x| x.journal.article.as_str()).collect();
    let outlets: std::collections::BTreeSet<&str> = f.iter().map(|x| x.journal.outlet.as_str()).collect();
    let mut md = format!(
        "Journalism sentences trained on ({} sentences of {} articles from {} outlets; {}), cross-validated by outlet ({} folds):\n\n",
        f.len(),
        articles.len(),
        outlets.len(),
        files.join(", "),
        claimledger::detect::mixture::FOLDS
    );
    md.push_str("| threshold | fact recall | opinion flagged | opinion, opinion genre | opinion, news genre | opinion, analysis | other flagged |\n|---|---|---|---|---|---|---|\n");
    for (name, t) in thresholds {
        let op = |genre: &'static str| {
            move |x: &claimledger::detect::train::FoldedItem| {
                x.journal.label == Label::Opinion && x.journal.genre == genre
            }
        };
        md.push_str(&format!(
            "| {t:.3} ({name}) | {} | {} | {} | {} | {} | {} |\n",
            share(t, &|x| x.journal.label == Label::Fact),
            share(t, &|x| x.journal.label == Label::Opinion),
            share(t, &op("opinion")),
            share(t, &op("news")),
            share(t, &op("analysis")),
            share(t, &|x| x.journal.label == Label::Other),
        ));
    }
    md
}

/// The journalism sentences the cross-validated models misjudge at the chosen threshold: flagged non-facts
/// (highest score first), then missed facts (lowest first).
fn print_folded_errors(built: &claimledger::detect::train::Built, n: usize) {
    use claimledger::detect::labelled::Label;
    use claimledger::detect::Guard;
    let mut guarded: std::collections::BTreeMap<String, [usize; 3]> = Default::default();
    for x in &built.folded {
        let g = Guard::of(&x.text).map_or("none".to_string(), |g| g.to_string());
        guarded.entry(g).or_default()[match x.journal.label {
            Label::Fact => 0,
            Label::Opinion => 1,
            Label::Other => 2,
        }] += 1;
    }
    for (g, [f, o, n]) in &guarded {
        println!("guard {g}: {f} facts, {o} opinions, {n} other");
    }
    let t = built.detector.threshold(View::Factual);
    let mut flagged: Vec<_> = built.folded.iter().filter(|x| x.journal.label != Label::Fact && x.score >= t).collect();
    flagged.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut missed: Vec<_> = built.folded.iter().filter(|x| x.journal.label == Label::Fact && x.score < t).collect();
    missed.sort_by(|a, b| a.score.total_cmp(&b.score));
    for x in flagged.iter().take(n).chain(missed.iter().take(n)) {
        let why: Vec<String> = built
            .detector
            .explain(&x.text, View::Factual, 4)
            .iter()
            .map(|c| format!("{} {:+.2}", c.feature, c.weight))
            .collect();
        println!(
            "{:.2} {:<7} {:<8} {:.130} [{}]",
            x.score,
            x.journal.label.as_str(),
            x.journal.genre,
            x.text,
            why.join(", ")
        );
    }
}

/// Scores on ClaimBuster's groundtruth (report only), as markdown.
fn report_only(detector: &Detector, dir: &Path) -> Result<String, String> {
    let path = dir.join("claimbuster/groundtruth.csv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let held = data::parse_claimbuster(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut md = format!(
        "\n## Scores on ClaimBuster groundtruth (report only; SHA-256 {})\n\nBootstrap 95% intervals, 1000 resamples. `cargo run --release --example evaluate_detector` prints these again, and\n`cargo run --release --example evaluate_check` measures `check`'s decision on every set.\n\n| view | threshold | precision | recall | F1 | average precision |\n|---|---|---|---|---|---|\n",
        sha256_hex(text.as_bytes())
    );
    for r in eval::evaluate(detector, &held, eval::RESAMPLES, eval::SEED) {
        md.push_str(&row(&r));
    }
    Ok(md)
}

fn derive_words(sources: &Path) -> Result<(), String> {
    let read =
        |f: &str| std::fs::read_to_string(sources.join(f)).map_err(|e| format!("{}: {e}", sources.join(f).display()));
    let texts = [read(SOURCES[0].file)?, read(SOURCES[1].file)?, read(SOURCES[2].file)?, read(SOURCES[3].file)?];
    let refs = [texts[0].as_str(), texts[1].as_str(), texts[2].as_str(), texts[3].as_str()];
    derive::check_sources(&refs).map_err(|e| e.to_string())?;
    let table = derive::derive(refs[0], refs[1], refs[2], refs[3]).map_err(|e| e.to_string())?;
    let common = derive::derive_common(refs[1]);
    for (path, text) in [("src/detect/words.tsv", &table), ("src/detect/common.tsv", &common)] {
        let out = Path::new(path);
        std::fs::write(out, text).map_err(|e| format!("{}: {e}", out.display()))?;
        println!(
            "wrote {} ({} words, SHA-256 {})",
            out.display(),
            text.lines().filter(|l| !l.starts_with('#')).count(),
            sha256_hex(text.as_bytes())
        );
    }
    Ok(())
}

/// One markdown table row: a view's threshold and each metric with its bootstrap interval.
fn row(r: &Report) -> String {
    let cell = |p: f64, lo: f64, hi: f64| format!("{p:.3} [{lo:.3}, {hi:.3}]");
    format!(
        "| {} | {:.3} | {} | {} | {} | {} |\n",
        r.view,
        r.threshold,
        cell(r.point.precision, r.low.precision, r.high.precision),
        cell(r.point.recall, r.low.recall, r.high.recall),
        cell(r.point.f1, r.low.f1, r.high.f1),
        cell(r.point.average_precision, r.low.average_precision, r.high.average_precision),
    )
}

fn parse<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("{s:?} is not a valid number"))
}

/// Today's date from the system clock (the example may read the clock; the library never does).
fn utc_date() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}
