//! Writes a large synthetic ledger, and optionally a claims list and a draft, for measuring speed.
//!
//! This program owns the shape of benchmark data: a Zipf-distributed vocabulary of made-up pronounceable words,
//! capitalised names, years, dates and figures; claims of 8 to 30 words; sources from about 200 outlets with
//! distinct URLs; attributions with quotes; a few retractions. Files follow the ledger layout
//! (`claims/ab/<62 hex>.json`, pretty canonical JSON, named by the record id). It is not part of the product.
//! Invariant: the output is a pure function of the arguments (every record draws from a generator seeded by
//! the seed, its kind and its index), so runs are reproducible whatever the thread count.
//!
//! `cargo run --release --example gen_ledger -- --claims 1000000 --sources 1000000 --attributions 2000000
//! --out /tmp/ledger [--claims-txt FILE] [--draft FILE --words 2000]`

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use clap::Parser;
use rayon::prelude::*;

use claimledger::canonical;
use claimledger::id::Id;
use claimledger::record::{normalize_url, Attribution, Claim, QuoteKind, Record, Retraction, RetractionKind, Source};

/// Generate a synthetic ledger for benchmarks.
#[derive(Parser)]
struct Args {
    /// Number of claims.
    #[arg(long)]
    claims: usize,
    /// Number of sources (default: as many as claims).
    #[arg(long)]
    sources: Option<usize>,
    /// Number of attributions (default: twice the claims).
    #[arg(long)]
    attributions: Option<usize>,
    /// Number of retractions, aimed at sources and attributions.
    #[arg(long, default_value_t = 0)]
    retractions: usize,
    /// Seed of every random choice.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Ledger folder to write (created).
    #[arg(long)]
    out: PathBuf,
    /// Also write every claim text, one per line.
    #[arg(long)]
    claims_txt: Option<PathBuf>,
    /// Also write a Markdown draft mixing restated claims, altered figures, filler and opinion.
    #[arg(long)]
    draft: Option<PathBuf>,
    /// Approximate length of the draft in words.
    #[arg(long, default_value_t = 2000)]
    words: usize,
}

/// SplitMix64: tiny, fast and good enough for test data; one instance per record keeps output order-free.
struct Rng(u64);

impl Rng {
    /// A generator for one record: the seed, the record kind and its index, each mixed in, so that streams
    /// of neighbouring records or kinds do not overlap.
    fn new(seed: u64, stream: u64, index: u64) -> Rng {
        Rng(mix(mix(mix(seed) ^ stream) ^ index))
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Zipf-Mandelbrot shift: flattens the head, where real text keeps its function words (drawn apart here).
const ZIPF_SHIFT: f64 = 10.0;

const VOCABULARY: usize = 60_000;
const NAMES: usize = 8_000;
const OUTLETS: usize = 200;
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const FUNCTION: [&str; 14] =
    ["the", "of", "in", "and", "to", "a", "has", "was", "for", "with", "by", "that", "on", "is"];

/// The made-up language: words ranked for a Zipf draw, names, outlets.
struct Lexicon {
    words: Vec<String>,
    cumulative: Vec<f64>,
    names: Vec<String>,
    outlets: Vec<(String, String)>,
}

fn syllables(rng: &mut Rng, count: usize) -> String {
    const ONSET: [&str; 20] =
        ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st", "tr", "kl", "sh", "ch"];
    const VOWEL: [&str; 8] = ["a", "e", "i", "o", "u", "ai", "ou", "ea"];
    const CODA: [&str; 8] = ["", "", "", "n", "r", "s", "l", "m"];
    let mut s = String::new();
    for _ in 0..count {
        s.push_str(rng.word(&ONSET));
        s.push_str(rng.word(&VOWEL));
        s.push_str(rng.word(&CODA));
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

impl Lexicon {
    fn new(seed: u64) -> Lexicon {
        let mut rng = Rng::new(seed, 0, 0);
        let mut seen = std::collections::HashSet::new();
        let mut fresh = |rng: &mut Rng, min: usize, max: usize| loop {
            let n = min + rng.below(max - min + 1);
            let w = syllables(rng, n);
            if seen.insert(w.clone()) {
                return w;
            }
        };
        let words: Vec<String> = (0..VOCABULARY).map(|i| fresh(&mut rng, 1 + usize::from(i > 300), 4)).collect();
        let mut cumulative = Vec::with_capacity(VOCABULARY);
        let mut sum = 0.0;
        for rank in 1..=VOCABULARY {
            sum += 1.0 / (rank as f64 + ZIPF_SHIFT);
            cumulative.push(sum);
        }
        let names = (0..NAMES).map(|_| capitalise(&fresh(&mut rng, 2, 3))).collect();
        let outlets = (0..OUTLETS)
            .map(|_| {
                let w = fresh(&mut rng, 2, 3);
                (format!("The {} {}", capitalise(&w), rng.word(&["Times", "Post", "Herald", "News", "Daily"])), w)
            })
            .collect();
        Lexicon { words, cumulative, names, outlets }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let x = rng.unit() * total;
        let i = self.cumulative.partition_point(|c| *c < x).min(self.words.len() - 1);
        &self.words[i]
    }

    fn words(&self, rng: &mut Rng, n: usize) -> Vec<String> {
        (0..n)
            .map(|_| if rng.below(4) == 0 { rng.word(&FUNCTION).to_owned() } else { self.word(rng).to_owned() })
            .collect()
    }

    /// One figure, in one of the shapes news prose uses.
    fn figure(&self, rng: &mut Rng) -> String {
        match rng.below(6) {
            0 => format!("in {}", 1950 + rng.below(76)),
            1 => format!("on {} {}, {}", rng.word(&MONTHS), 1 + rng.below(28), 1990 + rng.below(36)),
            2 => format!("about {} million", 1 + rng.below(300)),
            3 => format!("${}.{} billion", 1 + rng.below(90), rng.below(10)),
            4 => format!("{} percent", 1 + rng.below(99)),
            _ => format!("{}", 2 + rng.below(5000)),
        }
    }

    /// A claim of 8 to 30 tokens (a figure of several words counts as one): names, plain words, usually a figure.
    fn claim(&self, rng: &mut Rng) -> String {
        let len = 8 + rng.below(23);
        let mut parts = vec![rng.pick(&self.names).clone()];
        parts.extend(self.words(rng, len - 1));
        if rng.below(3) > 0 {
            let at = 1 + rng.below(len - 1);
            parts[at] = rng.pick(&self.names).clone();
        }
        if rng.below(5) > 0 {
            let at = 2 + rng.below(len - 2);
            parts[at] = self.figure(rng);
        }
        format!("{}.", parts.join(" "))
    }
}

struct Plan {
    seed: u64,
    claims: usize,
    sources: usize,
    attributions: usize,
    retractions: usize,
}

fn claim_text(lex: &Lexicon, plan: &Plan, i: usize) -> String {
    lex.claim(&mut Rng::new(plan.seed, 1, i as u64))
}

fn source(lex: &Lexicon, plan: &Plan, i: usize) -> Source {
    let mut rng = Rng::new(plan.seed, 2, i as u64);
    let (outlet, domain) = rng.pick(&lex.outlets);
    let section = rng.word(&["world", "politics", "business", "asia", "europe", "science"]);
    let slug = lex.words(&mut rng, 4).join("-");
    let url = normalize_url(&format!("https://www.{domain}.com/{section}/{slug}-{i}")).expect("generated URL is valid");
    let published = NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date") + Duration::days(rng.below(9500) as i64);
    let n = 6 + rng.below(6);
    let title = Some(capitalise(&lex.words(&mut rng, n).join(" ")));
    Source { url, outlet: outlet.clone(), title, published: Some(published), archived_url: None }
}

fn recorded_at(i: usize) -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600 + i as i64, 0).expect("in range")
}

fn attribution(lex: &Lexicon, plan: &Plan, claims: &[Id], sources: &[Id], i: usize) -> Attribution {
    let mut rng = Rng::new(plan.seed, 3, i as u64);
    // Every claim gets one attribution first; the rest land anywhere.
    let c = if i < claims.len() { i } else { rng.below(claims.len()) };
    let text = claim_text(lex, plan, c);
    let paraphrase = rng.below(4) == 0;
    let quote = if paraphrase { format!("{} {}", lex.words(&mut rng, 5).join(" "), text) } else { text };
    Attribution {
        claim: claims[c],
        source: sources[rng.below(sources.len())],
        quote,
        quote_kind: if paraphrase { QuoteKind::Paraphrase } else { QuoteKind::Verbatim },
        recorded_by: format!("reporter{}", rng.below(50)),
        recorded_at: recorded_at(i),
    }
}

/// Writes one record; returns its id.
fn write(out: &Path, record: &Record) -> std::io::Result<Id> {
    let value = record.to_value();
    let id = Id::of_bytes(&canonical::to_canonical(&value));
    let hex = id.to_hex();
    let path = out.join(record.kind().dir()).join(&hex[..2]).join(format!("{}.json", &hex[2..]));
    fs::write(path, canonical::to_pretty(&value))?;
    Ok(id)
}

fn write_all<F>(out: &Path, n: usize, make: F) -> std::io::Result<Vec<Id>>
where
    F: Fn(usize) -> Record + Sync,
{
    (0..n).into_par_iter().map(|i| write(out, &make(i))).collect()
}

/// A Markdown draft: about 30% claims restated (exactly, reworded or with a changed figure), the rest filler.
fn draft(lex: &Lexicon, plan: &Plan, words: usize) -> String {
    let mut rng = Rng::new(plan.seed, 5, 0);
    let mut md = format!("# {}\n\n", capitalise(&lex.words(&mut rng, 5).join(" ")));
    let (mut count, mut in_paragraph) = (0, 0);
    while count < words {
        let sentence = if rng.below(10) < 3 {
            let text = claim_text(lex, plan, rng.below(plan.claims));
            match rng.below(4) {
                0 => text,
                1 => format!("As {} reported, {}", rng.pick(&lex.outlets).0, text),
                2 => format!("{}, {} said.", text.trim_end_matches('.'), rng.pick(&lex.names)),
                _ => alter_figure(&text, &mut rng),
            }
        } else {
            let n = 6 + rng.below(18);
            let mut w = lex.words(&mut rng, n);
            if rng.below(3) == 0 {
                w.insert(0, rng.word(&["we should", "it is a shame that", "I believe", "surely"]).to_owned());
            }
            format!("{}.", capitalise(&w.join(" ")))
        };
        count += sentence.split_whitespace().count();
        md.push_str(&sentence);
        in_paragraph += 1;
        if in_paragraph >= 3 + rng.below(4) {
            md.push_str("\n\n");
            in_paragraph = 0;
        } else {
            md.push(' ');
        }
    }
    md.trim_end().to_owned() + "\n"
}

/// Changes the first run of digits in a text, or returns it unchanged if it has none.
fn alter_figure(text: &str, rng: &mut Rng) -> String {
    let Some(start) = text.find(|c: char| c.is_ascii_digit()) else { return text.to_owned() };
    let end = text[start..].find(|c: char| !c.is_ascii_digit()).map_or(text.len(), |e| start + e);
    let n: u64 = text[start..end].parse().unwrap_or(0);
    format!("{}{}{}", &text[..start], n + 1 + rng.below(3) as u64, &text[end..])
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let plan = Plan {
        seed: args.seed,
        claims: args.claims.max(1),
        sources: args.sources.unwrap_or(args.claims).max(1),
        attributions: args.attributions.unwrap_or(2 * args.claims),
        retractions: args.retractions,
    };
    let started = Instant::now();
    let lex = Lexicon::new(plan.seed);
    for dir in ["claims", "sources", "attributions", "retractions"] {
        for b in 0..256 {
            fs::create_dir_all(args.out.join(dir).join(format!("{b:02x}")))?;
        }
    }
    let claims = write_all(&args.out, plan.claims, |i| Record::Claim(Claim { text: claim_text(&lex, &plan, i) }))?;
    let after_claims = started.elapsed();
    let sources = write_all(&args.out, plan.sources, |i| Record::Source(source(&lex, &plan, i)))?;
    let after_sources = started.elapsed();
    let attributions = write_all(&args.out, plan.attributions, |i| {
        Record::Attribution(attribution(&lex, &plan, &claims, &sources, i))
    })?;
    let after_attributions = started.elapsed();
    write_all(&args.out, plan.retractions, |i| {
        let mut rng = Rng::new(plan.seed, 4, i as u64);
        let target = if rng.below(2) == 0 || attributions.is_empty() {
            sources[rng.below(sources.len())]
        } else {
            attributions[rng.below(attributions.len())]
        };
        Record::Retraction(Retraction {
            target,
            kind: *rng.pick(&[RetractionKind::Retraction, RetractionKind::Correction, RetractionKind::Withdrawal]),
            reason: capitalise(&lex.words(&mut rng, 8).join(" ")),
            notice_url: None,
            effective: NaiveDate::from_ymd_opt(2026, 1, 1).expect("valid date"),
            recorded_by: format!("editor{}", rng.below(10)),
            recorded_at: recorded_at(i),
        })
    })?;
    if let Some(path) = &args.claims_txt {
        let mut f = std::io::BufWriter::new(fs::File::create(path)?);
        for i in 0..plan.claims {
            writeln!(f, "{}", claim_text(&lex, &plan, i))?;
        }
        f.flush()?;
    }
    if let Some(path) = &args.draft {
        fs::write(path, draft(&lex, &plan, args.words))?;
    }
    eprintln!(
        "wrote {} claims ({:.1?}), {} sources ({:.1?}), {} attributions ({:.1?}), {} retractions; total {:.1?}",
        plan.claims,
        after_claims,
        plan.sources,
        after_sources - after_claims,
        plan.attributions,
        after_attributions - after_sources,
        plan.retractions,
        started.elapsed()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_ledger_is_valid_and_reproducible() {
        let dir = tempfile::tempdir().unwrap();
        let plan = Plan { seed: 7, claims: 200, sources: 50, attributions: 400, retractions: 5 };
        let lex = Lexicon::new(plan.seed);
        let claims = write_all(dir.path(), plan.claims, |i| Record::Claim(Claim { text: claim_text(&lex, &plan, i) }));
        assert!(claims.is_err(), "folders are made by main, not write_all");
        for dir_name in ["claims", "sources", "attributions"] {
            for b in 0..256 {
                fs::create_dir_all(dir.path().join(dir_name).join(format!("{b:02x}"))).unwrap();
            }
        }
        let claims = write_all(dir.path(), plan.claims, |i| Record::Claim(Claim { text: claim_text(&lex, &plan, i) }));
        let claims = claims.unwrap();
        let sources = write_all(dir.path(), plan.sources, |i| Record::Source(source(&lex, &plan, i))).unwrap();
        let attributions = write_all(dir.path(), plan.attributions, |i| {
            Record::Attribution(attribution(&lex, &plan, &claims, &sources, i))
        })
        .unwrap();
        for (kind, ids) in [("claims", &claims), ("sources", &sources), ("attributions", &attributions)] {
            for id in ids.iter().take(50) {
                let hex = id.to_hex();
                let bytes =
                    fs::read(dir.path().join(kind).join(&hex[..2]).join(format!("{}.json", &hex[2..]))).unwrap();
                let (record, _) = Record::from_bytes(&bytes).unwrap();
                assert_eq!(record.id(), *id);
            }
        }
        let words: Vec<usize> =
            (0..plan.claims).map(|i| claim_text(&lex, &plan, i).split_whitespace().count()).collect();
        assert!(words.iter().all(|&n| (8..=34).contains(&n)), "{words:?}");
        assert_eq!(claim_text(&lex, &plan, 3), claim_text(&Lexicon::new(7), &plan, 3));
        let md = draft(&lex, &plan, 500);
        assert!(md.starts_with("# ") && (450..700).contains(&md.split_whitespace().count()));
    }
}
