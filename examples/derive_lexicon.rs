//! Derives the matching lexicon (`src/matching/lexicon.tsv`) and its table of words that share a synset
//! (`src/matching/alike.tsv`) from WordNet 3.0.
//!
//! Usage: `apt-get install wordnet-base`, then `cargo run --release --example derive_lexicon -- [WORDNET_DIR]`
//! (default `/usr/share/wordnet`). Writes the tables and prints its size by relation and the checksums of the
//! database files it read, which `src/matching/DATA.md` records.

use std::collections::BTreeMap;
use std::path::PathBuf;

use claimledger::matching::wordnet::{self, Wordnet};
use sha2::{Digest, Sha256};

fn main() {
    let dir = std::env::args().nth(1).map_or_else(|| PathBuf::from("/usr/share/wordnet"), PathBuf::from);
    let wn = Wordnet::read(&dir).unwrap_or_else(|e| {
        let mut msg = e.to_string();
        if let Some(src) = std::error::Error::source(&e) {
            msg.push_str(&format!(": {src}"));
        }
        eprintln!("error: {msg} (install Debian's wordnet-base or pass its folder)");
        std::process::exit(2);
    });
    let checksums = wordnet::checksums(&dir).expect("files were just read");
    let mut by: BTreeMap<&str, usize> = BTreeMap::new();
    for (name, entries) in [("lexicon.tsv", wordnet::derive(&wn)), ("alike.tsv", wordnet::derive_alike(&wn))] {
        let tsv = wordnet::to_tsv(&entries, &checksums);
        let out = format!("{}/src/matching/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::write(&out, &tsv).unwrap_or_else(|e| {
            eprintln!("error: cannot write {out}: {e}");
            std::process::exit(2);
        });
        for (_, _, r) in &entries {
            *by.entry(r.as_str()).or_default() += 1;
        }
        println!(
            "wrote {out}: {} entries, {} bytes, sha256 {}",
            entries.len(),
            tsv.len(),
            hex(&Sha256::digest(tsv.as_bytes()))
        );
    }
    for (r, n) in by {
        println!("  {r}: {n}");
    }
    for (f, sha) in checksums {
        println!("  {f} sha256 {sha}");
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
