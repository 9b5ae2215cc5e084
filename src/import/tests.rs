use chrono::{TimeZone, Utc};

use super::*;
use crate::ledger::{Ledger, Stamp};
use crate::store::Store;

fn ledger() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    Store::init(dir.path().join("ledger")).unwrap();
    let ledger = Ledger::open(dir.path().join("ledger")).unwrap();
    (dir, ledger)
}

fn stamp() -> Stamp {
    Stamp { by: "desk@example.org".into(), at: Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap() }
}

fn input(name: &str, text: &str) -> Input {
    Input { name: name.into(), format: Format::from_name(name).unwrap(), bytes: text.as_bytes().to_vec() }
}

fn import(ledger: &mut Ledger, inputs: &[Input]) -> Result<Summary, Error> {
    let plan = plan(ledger, inputs, &stamp())?;
    apply(ledger, &plan, &|_, _| {})?;
    Ok(plan.summary)
}

const CSV: &str = "text,url,outlet,published,quote,quote_kind\n\
    Kazakhstan has had diplomatic relations with Israel since 1992.,https://example.org/a?utm_source=x,Example News,2025-11-06,Kazakhstan recognised Israel in 1992.,paraphrase\n\
    \"Astana is the capital, since 1997.\",https://example.org/a,Example News,,\"The capital moved in 1997.\",\n\
    Kazakhstan is landlocked.,,,,,\n";

#[test]
fn csv_rows_become_claims_sources_and_attributions_once() {
    let (_dir, mut ledger) = ledger();
    let first = import(&mut ledger, &[input("facts.csv", CSV)]).unwrap();
    assert_eq!(first.rows, 3);
    assert_eq!(first.added, Counts([3, 1, 2, 0]));
    assert_eq!(first.existing, Counts::default());
    let counts = ledger.index().counts().unwrap();
    assert_eq!(counts.iter().map(|(_, n)| *n).collect::<Vec<_>>(), vec![3, 1, 2, 0]);
    // Again, even stamped at another time: nothing new.
    let plan = plan(&ledger, &[input("facts.csv", CSV)], &Stamp { by: "other".into(), at: Utc::now() }).unwrap();
    assert!(plan.records().is_empty());
    assert_eq!(plan.summary.existing, Counts([3, 1, 2, 0]));
}

#[test]
fn csv_errors_name_the_line_and_write_nothing() {
    let (dir, ledger) = ledger();
    let cases = [
        ("text,author\nx,y\n", "facts.csv:1: unknown column \"author\" in the header"),
        ("url\nhttps://example.org/\n", "facts.csv:1: the header has no \"text\" column"),
        (
            "text,url,outlet,quote\nA.,https://example.org/,,q\n",
            "facts.csv:2: the source https://example.org/ has no outlet",
        ),
        ("text,url\nA.,https://example.org/\n", "facts.csv:2: a url without a quote"),
        ("text,quote\nA.,q\n", "facts.csv:2: quote without a url"),
        (
            "text,url,outlet,quote\nA.,ftp://example.org/,X,q\n",
            "facts.csv:2: url: \"ftp://example.org/\" is not an http(s) URL",
        ),
        ("text\nA.\n \n", "facts.csv:3: the claim text is empty"),
        ("text,published\nA.,2025-13-01\n", "facts.csv:2: published \"2025-13-01\" is not a date"),
        ("text,url,outlet,quote,quote_kind\nA.,https://e.org/,X,q,summary\n", "facts.csv:2: quote_kind \"summary\""),
        ("text,url\n\"A.\nstill A.\",x,y\nB.\n", "facts.csv:2: 3 fields, but the header has 2 columns"),
        (
            "text,url,outlet,quote\nA.,https://e.org/,X,q\nB.,https://e.org/,Y,q\n",
            "facts.csv:3: the source https://e.org/ differs from the one at facts.csv:2",
        ),
    ];
    for (csv, expected) in cases {
        let err = plan(&ledger, &[input("facts.csv", csv)], &stamp()).unwrap_err().to_string();
        assert!(err.starts_with(expected), "{csv:?}: {err}");
    }
    let files = walk(&dir.path().join("ledger"));
    assert!(files.is_empty(), "{files:?}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let Ok(fans) = std::fs::read_dir(dir.join(kind.dir())) else { continue };
        for fan in fans.flatten() {
            out.extend(std::fs::read_dir(fan.path()).unwrap().flatten().map(|e| e.path()));
        }
    }
    out
}

#[test]
fn formats_from_names() {
    assert_eq!(Format::from_name("a/b.CSV"), Some(Format::Csv));
    assert_eq!(Format::from_name("x.jsonl"), Some(Format::Jsonl));
    assert_eq!(Format::from_name("x.ndjson"), Some(Format::Jsonl));
    assert_eq!(Format::from_name("x.jsonld"), Some(Format::ClaimReview));
    assert_eq!(Format::from_name("x.json"), Some(Format::ClaimReview));
    assert_eq!(Format::from_name("x.txt"), None);
    assert_eq!(Format::from_name("csv"), None);
}

#[test]
fn google_claim_review_markup_attributes_only_what_it_rates_true() {
    let (_dir, mut ledger) = ledger();
    let markup = r#"[
  {"@context": "https://schema.org", "@type": "ClaimReview",
   "url": "https://factcheck.example.org/flat", "claimReviewed": "The world is flat.",
   "author": {"@type": "Organization", "name": "Example Checks"}, "datePublished": "2024-05-01",
   "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1, "alternateName": "False"}},
  {"@context": "https://schema.org", "@type": "ClaimReview",
   "url": "https://factcheck.example.org/round", "claimReviewed": "The world is round.",
   "author": {"@type": "Organization", "name": "Example Checks"}, "datePublished": "2024-05-02T10:00:00Z",
   "reviewRating": {"@type": "Rating", "ratingValue": "5", "bestRating": "5", "worstRating": "1"}}
]"#;
    let api = r#"{"claims": [
  {"text": "Water boils at 100 degrees Celsius at sea level.", "claimant": "a teacher",
   "claimReview": [{"publisher": {"name": "Checker", "site": "checker.example.org"},
     "url": "https://checker.example.org/boil", "title": "Boiling point", "reviewDate": "2023-01-02T00:00:00Z",
     "textualRating": "True", "languageCode": "en"}]},
  {"text": "The moon is made of cheese.",
   "claimReview": [{"publisher": {"name": "Checker"}, "url": "https://checker.example.org/moon",
     "textualRating": "Pants on Fire"}]}
]}"#;
    let s = import(&mut ledger, &[input("markup.json", markup), input("api.json", api)]).unwrap();
    assert_eq!(s.rows, 4);
    assert_eq!(s.added, Counts([4, 2, 2, 0]));
    assert_eq!(s.unsupported_reviews, 2);
    let mut statuses = Vec::new();
    ledger
        .index()
        .list_claims(false, None, |c| {
            statuses.push((c.text, c.status.as_str()));
            Ok(())
        })
        .unwrap();
    statuses.sort();
    assert_eq!(
        statuses,
        vec![
            ("The moon is made of cheese.".to_owned(), "unsourced"),
            ("The world is flat.".to_owned(), "unsourced"),
            ("The world is round.".to_owned(), "sourced"),
            ("Water boils at 100 degrees Celsius at sea level.".to_owned(), "sourced"),
        ]
    );
}

#[test]
fn json_errors_name_the_line_of_the_node() {
    let (_dir, ledger) = ledger();
    let doc =
        "{\"@graph\": [\n  {\"@type\": \"Claim\", \"text\": \"A.\"},\n  {\"@type\": \"Person\", \"name\": \"B\"}\n]}";
    let err = plan(&ledger, &[input("x.jsonld", doc)], &stamp()).unwrap_err().to_string();
    assert_eq!(err, "x.jsonld:3: a node with @type Person: expected a Claim or a ClaimReview");
    let err = plan(&ledger, &[input("x.jsonld", "{\n\"a\": [1,\n}")], &stamp()).unwrap_err().to_string();
    assert!(err.starts_with("x.jsonld:3: not JSON"), "{err}");
}
