//! Claim units measured: sentences that restate a sourced ledger claim and add a fact (reported at the added
//! part) or a judgement (not reported), against a ledger built from tests/fixtures/units/claims.txt.
//!
//! The sentences (tests/fixtures/units/sentences.tsv) were written for this test about varied topics; the `held` split
//! was written with the `dev` split and never used to tune anything. The `test` split (34 sentences on other topics,
//! with appositions and judgements that carry no figure) was written later and first scored before and after the change
//! it measures; the `test2` split (34 more, written as reporters write: present tense, irregular and phrasal verbs)
//! likewise for the change after that, and the `test3` split (34 more, judgements in a columnist's voice) for the one
//! after that. `test4` and `test5` (34 each, many added facts in plain words without a figure or a name, many
//! judgements in calm words) were scored before and after the rule for clauses that tell an event in plain words.
//! `test6` (40 sentences in the manner of newspaper prose: titles, reported speech, dates written several ways) was
//! written after all of these and scored blind on the code before them and after them, as was the `journalism` split:
//! 40 sentences taken unchanged from the labelled journalism training parts (tests/fixtures/journalism/train-*.tsv), a
//! ledger claim written for one fact of each. `journalism2` (40 more, from other articles) was held aside in files no
//! test read and first scored on the code that came before the matcher learnt that a claim may say more than its
//! sentence; `journalism3` and `journalism4` (40 each, from yet other articles, their claims written with the names and
//! dates a ledger would hold) were scored blind before and after that change, then shaped the next, which `journalism5`
//! and `journalism6` (79 more) measured blind before and after; `journalism7` (28 sentences of the 19 articles left, up
//! to two each) was scored blind on the release it is committed with, and `journalism8` (40 sentences no split had
//! held, one from each of 40 articles of 40 outlets) blind on the release before the one it came with and on that one;
//! `journalism9` (40 more, one from each of 40 articles of 40 outlets) likewise, and `journalism10` (40 more, one
//! from each of 40 further articles of 40 outlets) blind on a81bcf1 and on the release after it; `journalism11` and
//! `journalism12` the same way (blind on 6f390b2 and 5cd91d7, and on ef03f0c), and `journalism13` (40 more, from
//! 40 articles of 40 outlets whose other sentences earlier splits hold) blind on c686c00; `journalism14` and
//! `journalism15` (40 each, from the 44 articles of part F, which no detector is trained on) blind on 93a5801;
//! `journalism16` and `journalism17` (40 each, from the 40 articles of part G, which no detector is trained on and
//! no earlier split drew on) blind on 2720f81. Run
//! with `cargo test --test cli claim_units -- --nocapture` to see the figures.

use std::path::Path;

use claimledger::check::{Checker, Finding, Rule, Settings, Severities};
use claimledger::detect::{Detector, View};
use claimledger::ledger::{Ledger, NewSource, Stamp};
use claimledger::matching::Decision;
use claimledger::record::QuoteKind;

/// A ledger in a temporary folder where every line of claims.txt is a claim with a live source: an outlet of its
/// own when the line names one after a tab (a claim that credits an institute is sourced to that institute's
/// page, as a newsroom's would be), else "Example Wire".
pub fn units_ledger() -> (tempfile::TempDir, Ledger) {
    units_ledger_of(|_| true)
}

struct Row {
    split: String,
    kind: String,
    expect_report: bool,
    part: String,
    sentence: String,
}

fn rows() -> Vec<Row> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/fixtures/units/sentences.tsv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Row {
                split: c[0].into(),
                kind: c[1].into(),
                expect_report: c[2] == "report",
                part: c[3].into(),
                sentence: c[4].into(),
            }
        })
        .collect()
}

/// Whether a finding points at the added part: it covers most of the part and little of the rest.
fn at_part(f: &Finding, sentence: &str, part: &str) -> bool {
    let start = sentence.find(part).expect("the part is in its sentence");
    let (p0, p1) = (start, start + part.len());
    let (f0, f1) = (f.location.start_byte, f.location.end_byte);
    let inside = f1.min(p1).saturating_sub(f0.max(p0));
    let outside = (f1 - f0) - inside;
    inside * 10 >= part.len() * 6 && outside * 4 <= sentence.len() - part.len()
}

#[derive(Default)]
struct Tally {
    facts: usize,
    at_part: usize,
    elsewhere: usize,
    judgements: usize,
    judgements_flagged: usize,
    clean: usize,
    clean_flagged: usize,
}

impl Tally {
    /// Fails unless at least `facts` added facts were reported at their part, at most `judgements` judgements
    /// and at most `clean` restatements flagged.
    fn at_least(&self, split: &str, facts: usize, judgements: usize, clean: usize) {
        let t = self;
        assert!(t.at_part >= facts, "{split}: {} of {} added facts reported at their part", t.at_part, t.facts);
        assert!(t.judgements_flagged <= judgements, "{split}: {} judgements flagged", t.judgements_flagged);
        assert!(t.clean_flagged <= clean, "{split}: {} restatements flagged", t.clean_flagged);
    }
}

/// Rows checked each as a draft, the sentence at a byte offset of it: only findings within the sentence count.
/// Returns the tallies by split and the rows scored wrong.
fn tally(
    checker: &Checker,
    cases: impl Iterator<Item = (Row, String, usize)>,
) -> (std::collections::BTreeMap<String, Tally>, Vec<String>) {
    let mut tallies: std::collections::BTreeMap<String, Tally> = Default::default();
    let mut misses = Vec::new();
    for (row, draft, at) in cases {
        let report = checker.check("units.md", &draft).unwrap();
        let within = |f: &&Finding| f.location.start_byte >= at && f.location.end_byte <= at + row.sentence.len();
        let found: Vec<Finding> = report
            .findings
            .iter()
            .filter(within)
            .map(|f| {
                let mut f = f.clone();
                f.location.start_byte -= at;
                f.location.end_byte -= at;
                f
            })
            .collect();
        let t = tallies.entry(row.split.clone()).or_default();
        let unsourced: Vec<&Finding> = found.iter().filter(|f| f.rule == Rule::UnsourcedClaim).collect();
        if row.expect_report {
            t.facts += 1;
            if unsourced.iter().any(|f| at_part(f, &row.sentence, &row.part)) {
                t.at_part += 1;
            } else {
                if !unsourced.is_empty() {
                    t.elsewhere += 1;
                }
                let spans = spans(&found, &row.sentence);
                misses.push(format!("[{} {}] missed: {} -> {spans:?}", row.split, row.kind, row.sentence));
            }
        } else {
            let flagged = !found.is_empty();
            if row.kind == "judgement" {
                t.judgements += 1;
                t.judgements_flagged += usize::from(flagged);
            } else {
                t.clean += 1;
                t.clean_flagged += usize::from(flagged);
            }
            if flagged {
                let spans = spans(&found, &row.sentence);
                misses.push(format!("[{} {}] flagged: {} -> {spans:?}", row.split, row.kind, row.sentence));
            }
        }
    }
    for m in &misses {
        eprintln!("{m}");
    }
    eprintln!(
        "{:<6} {:>22} {:>14} {:>20} {:>16}",
        "split", "added facts at part", "elsewhere", "judgements flagged", "clean flagged"
    );
    for (split, t) in &tallies {
        eprintln!(
            "{split:<6} {:>16} / {:<3} {:>14} {:>14} / {:<3} {:>12} / {:<3}",
            t.at_part, t.facts, t.elsewhere, t.judgements_flagged, t.judgements, t.clean_flagged, t.clean
        );
    }
    (tallies, misses)
}

fn units_checker(ledger: &Ledger) -> Checker<'_> {
    let settings = Settings { severities: Severities::default(), view: View::Factual, threshold: None };
    Checker::new(ledger.index(), Detector::builtin(), settings).unwrap()
}

#[test]
fn claim_units_added_facts_and_judgements() {
    let (_dir, ledger) = units_ledger();
    let checker = units_checker(&ledger);
    let only = std::env::var("UNITS_SPLIT").ok();
    let cases = rows().into_iter().filter(|r| only.as_deref().is_none_or(|s| s == r.split)).map(|r| {
        let draft = r.sentence.clone();
        (r, draft, 0)
    });
    let (tallies, _) = tally(&checker, cases);
    for (split, t) in &tallies {
        // Floors a little under what was measured (dev 29/29, 0/18, 0/5; held 14/14, 0/8, 0/2; test 16/16,
        // 0/14, 0/4; test2 16/16, 0/14, 0/4; test3 13/14, 0/16, 0/4; test4 16/16, 0/14, 0/4; test5 15/16,
        // 0/14, 0/4; test6 16/18, 2/16, 0/6; journalism 18/20, 0/14, 0/6; journalism2 19/20, 5/14, 0/6;
        // journalism3 14/20, 4/14, 1/6; journalism4 17/20, 4/14, 1/6; journalism5 12/20, 4/14, 0/6;
        // journalism6 7/19, 6/14, 0/6; journalism7 8/14, 6/10, 1/4; journalism8 8/20, 6/14, 1/6; journalism9
        // 6/20, 6/14, 2/6; journalism10 12/20, 4/14, 0/6; journalism11 10/20, 8/14, 1/6; journalism12 5/20, 4/14,
        // 2/6; journalism13 10/20, 5/14, 2/6; journalism14 10/20, 6/14, 1/6; journalism15 11/20, 7/14, 2/6;
        // journalism16 6/20, 9/14, 2/6; journalism17 5/20, 7/14, 0/6; journalism18 7/20, 5/14, 0/6; test7 12/12,
        // 1/12, 0/0; test8 12/12, 2/12, 0/0), so that
        // a change in the detector's model does not fail the build while a real regression does.
        let (facts, judgements, clean) = match split.as_str() {
            "dev" => (27, 1, 0),
            "held" => (13, 1, 0),
            "test" => (15, 1, 0),
            "test2" => (15, 1, 0),
            "test3" => (12, 1, 0),
            "test4" => (15, 1, 0),
            "test5" => (14, 1, 0),
            "test6" => (15, 2, 0),
            "test7" => (11, 2, 0),
            "test8" => (11, 3, 0),
            "journalism" => (17, 1, 0),
            "journalism2" => (17, 5, 0),
            // Real prose beside claims written apart from it: what the matcher cannot yet find is the whole
            // sentence reported (the README lists why).
            "journalism3" => (12, 5, 2),
            "journalism4" => (16, 5, 1),
            "journalism5" => (10, 5, 0),
            "journalism6" => (6, 7, 0),
            "journalism7" => (7, 7, 1),
            "journalism8" => (6, 7, 1),
            "journalism9" => (4, 7, 3),
            "journalism10" => (11, 5, 0),
            "journalism11" => (8, 9, 2),
            "journalism12" => (5, 5, 3),
            "journalism13" => (8, 7, 3),
            "journalism14" => (7, 7, 2),
            "journalism15" => (9, 8, 3),
            "journalism16" => (5, 10, 3),
            "journalism17" => (4, 7, 1),
            "journalism18" => (6, 6, 1),
            other => panic!("no floors for the split {other:?}"),
        };
        t.at_least(split, facts, judgements, clean);
    }
}

/// The search's confident first candidate is a match when nothing in the sentence disagrees with it: the
/// sentence leaves the country and the subject of the debate to its article, so the matcher alone covers too
/// little of the claim; a rival figure in the same place keeps it from a match.
#[test]
fn the_searchs_confident_first_candidate_matches_unless_the_sentence_disagrees() {
    let (_dir, ledger) = units_ledger();
    let checker = units_checker(&ledger);
    let claim = "Four of the 17 MPs who spoke in Singapore's parliamentary debate on the Ministry of Foreign Affairs' \
                 plans for the year raised the South China Sea disputes.";
    let sentence = "Four of the 17 MPs who spoke in the debate on the Ministry of Foreign Affairs' plans for the year \
                    brought up the issue.";
    let found = checker.match_sentence(sentence, 3).unwrap();
    assert_eq!(found[0].text, claim);
    assert_eq!(found[0].decision, Decision::Match, "{found:?}");
    assert!(found[0].score < claimledger::matching::MATCH_THRESHOLD, "taken by the search, not the score: {found:?}");
    let report = checker.check("draft.md", sentence).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let rival = sentence.replace("Four of", "Nine of");
    let found = checker.match_sentence(&rival, 3).unwrap();
    assert!(found.iter().all(|c| c.decision != Decision::Match), "{found:?}");
}

/// A less confident first candidate is a match too when the sentence writes one of the claim's telling figures
/// and one of its names, and agrees with the rest: the columnist's "momentum stock" leaves the date to the
/// article and puts the share price's rise in other words. Another figure in its place is no match.
#[test]
fn a_first_candidate_that_shares_a_telling_figure_matches_with_less_confidence() {
    let (_dir, ledger) = units_ledger();
    let checker = units_checker(&ledger);
    let claim =
        "By April 2015 Chipotle's share price had risen by more than 400 per cent over the previous five years.";
    let sentence = "Chipotle is a momentum stock, having gained more than 400 per cent over the past five years.";
    let found = checker.match_sentence(sentence, 3).unwrap();
    assert_eq!(found[0].text, claim);
    assert_eq!(found[0].decision, Decision::Match, "{found:?}");
    assert!(found[0].score < claimledger::matching::MATCH_THRESHOLD, "taken by the search, not the score: {found:?}");
    assert!(checker.check("draft.md", sentence).unwrap().findings.is_empty());
    let rival = sentence.replace("400 per cent", "40 per cent");
    let found = checker.match_sentence(&rival, 3).unwrap();
    assert!(found.iter().all(|c| c.decision != Decision::Match), "{found:?}");
}

/// Names in a piece the sentence adds are not rivals of the search's first candidate: the relative clause about
/// Genet's play is what the sentence says besides the claim, and is reported at its part once the claim is
/// matched. A name in the piece that restates the claim, in the place of the claim's, still keeps it from a match.
#[test]
fn names_in_an_added_piece_do_not_keep_the_first_candidate_from_a_match() {
    let (_dir, ledger) = units_ledger();
    let checker = units_checker(&ledger);
    let claim = "Lars von Trier got the idea for Melancholia after a conversation with Penélope Cruz.";
    let added = "who loved the French dramatist Jean Genet's The Maids, about two maids who murder their mistress";
    let sentence = format!("Von Trier got the idea after a conversation with Penélope Cruz, {added}.");
    let found = checker.match_sentence(&sentence, 3).unwrap();
    assert_eq!(found[0].text, claim);
    assert_eq!(found[0].decision, Decision::Match, "{found:?}");
    let report = checker.check("draft.md", &sentence).unwrap();
    let unsourced: Vec<&Finding> = report.findings.iter().filter(|f| f.rule == Rule::UnsourcedClaim).collect();
    assert_eq!(unsourced.len(), 1, "{:?}", report.findings);
    assert!(at_part(unsourced[0], &sentence, added), "{:?}", report.findings);
    let rival = sentence.replace("Von Trier", "Pedro Almodóvar");
    let found = checker.match_sentence(&rival, 3).unwrap();
    assert!(found.iter().all(|c| c.decision != Decision::Match), "{found:?}");
}

#[test]
fn a_claim_may_name_what_the_sentence_leaves_to_the_ones_before_it() {
    let dir = tempfile::tempdir().unwrap();
    claimledger::store::Store::init(dir.path().join("ledger")).unwrap();
    let mut ledger = Ledger::open(dir.path().join("ledger")).unwrap();
    let stamp = Stamp { by: "desk@example.org".into(), at: "2026-03-01T12:00:00Z".parse().unwrap() };
    let text = "Harbour Telecom said as many as 1.8 million customers may have been exposed by the breach.";
    let source = NewSource {
        url: "https://wire.example.org/breach".into(),
        outlet: "Example Wire".into(),
        ..NewSource::default()
    };
    let source = ledger.add_source(&source).unwrap().id.to_hex();
    let claim = ledger.add_claim(text).unwrap().id.to_hex();
    ledger.attribute(&claim, &source, text, QuoteKind::Verbatim, &stamp).unwrap();
    let checker = units_checker(&ledger);
    let sentence = "The operator said as many as 1.8 million customers may have been exposed.";
    let unsourced = |draft: &str| {
        let report = checker.check("draft.md", draft).unwrap();
        report
            .findings
            .iter()
            .filter(|f| f.rule == Rule::UnsourcedClaim && f.location.end_byte == draft.trim_end().len())
            .count()
    };
    // Alone, the sentence lacks the claim's name, and the claim is not found.
    assert_eq!(unsourced(sentence), 1);
    // After a sentence that gives the name, the claim states it.
    let draft = format!("Harbour Telecom confirmed a breach of its billing systems on Monday.\n\n{sentence}\n");
    assert_eq!(unsourced(&draft), 0, "{draft}");
    // Nor when the sentence names another: the claim is about someone else.
    let draft = String::from(
        "Harbour Telecom and Bay Mobile confirmed breaches on Monday.\n\nBay Mobile said as many as 1.8 million customers may have been exposed.\n",
    );
    assert_eq!(unsourced(&draft), 1, "{draft}");
    // A name given too long before does not count.
    let filler: String = (0..10).map(|i| format!("The weather in Lyon was mild on day {i}.\n\n")).collect();
    let draft = format!("Harbour Telecom confirmed a breach of its billing systems on Monday.\n\n{filler}{sentence}\n");
    assert_eq!(unsourced(&draft), 1, "{draft}");
}

/// The search's first candidate is a match once the sentences before the one checked name who the claim is about,
/// as it is when the sentence names them itself; a place they name, or a capitalised word that only opens the claim,
/// is not enough.
#[test]
fn the_searchs_first_candidate_matches_once_the_article_names_its_subject() {
    let (_dir, ledger) = units_ledger();
    let checker = units_checker(&ledger);
    // Unsourced claims found in the last paragraph of a draft.
    let unsourced = |draft: &str| {
        let report = checker.check("draft.md", draft).unwrap();
        let last = draft.trim_end().rfind("\n\n").map_or(0, |k| k + 2);
        report.findings.iter().filter(|f| f.rule == Rule::UnsourcedClaim && f.location.start_byte >= last).count()
    };
    let sentence = "The memos ran from 200 words to 2,000, and most of them read alike.";
    assert_eq!(unsourced(sentence), 1, "alone, the sentence does not say whose count of memos it gives");
    let draft = format!("The Washington Post read dozens of layoff notices from tech firms.\n\n{sentence}\n");
    assert_eq!(unsourced(&draft), 0, "{draft}");
    let draft = format!("In the United States, tech firms sent out dozens of layoff notices.\n\n{sentence}\n");
    assert_eq!(unsourced(&draft), 1, "{draft}");

    let sentence = "Anthony Albanese and Peter Dutton faced each other this week in the first leaders' debate of the \
                    2025 federal election.";
    assert_eq!(unsourced(sentence), 1);
    for before in ["Australia votes in May.", "Postal voting is popular with older voters."] {
        let draft = format!("{before}\n\n{sentence}\n");
        assert_eq!(unsourced(&draft), 1, "{draft}");
    }
}

/// The sentences of the labelled journalism training parts by id ("tA028-14").
fn journalism_sentences() -> std::collections::HashMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/journalism");
    let mut out = std::collections::HashMap::new();
    for file in
        ["train-a.tsv", "train-b.tsv", "train-c.tsv", "train-d.tsv", "train-e.tsv", "train-f.tsv", "train-g.tsv"]
    {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        for line in text.lines().skip(1) {
            let c: Vec<&str> = line.split('\t').collect();
            out.insert(c[0].to_owned(), c[6].to_owned());
        }
    }
    out
}

/// The splits of real prose checked in their articles: each sentence after the sentences that come before it in
/// its article (headline, standfirst, earlier paragraphs), each a paragraph, as a newsroom's draft has them. Only
/// the findings on the sentence itself count. A claim may name what the sentence leaves to the sentences before
/// it ("the retailer" after a sentence that named the company).
#[test]
fn claim_units_of_real_prose_in_their_articles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_dir, ledger) = units_ledger();
    let checker = units_checker(&ledger);
    let sentences = journalism_sentences();
    let ids: Vec<(String, String)> = std::fs::read_to_string(root.join("tests/fixtures/units/articles.tsv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let (split, id) = l.split_once('\t').unwrap();
            (split.to_owned(), id.to_owned())
        })
        .collect();
    let prose: Vec<Row> = rows().into_iter().filter(|r| r.split.starts_with("journalism")).collect();
    assert_eq!(prose.len(), ids.len(), "articles.tsv has one id for each row of real prose");
    let cases = prose.into_iter().zip(ids).map(|(row, (split, id))| {
        assert_eq!(row.split, split);
        assert_eq!(sentences[&id], row.sentence, "{id} is the row's sentence");
        let (article, at) = id.split_once('-').unwrap();
        let at: usize = at.parse().unwrap();
        let mut draft = String::new();
        for k in 1..at {
            if let Some(before) = sentences.get(&format!("{article}-{k:02}")) {
                draft.push_str(before);
                draft.push_str("\n\n");
            }
        }
        let offset = draft.len();
        draft.push_str(&row.sentence);
        draft.push('\n');
        (row, draft, offset)
    });
    let (tallies, _) = tally(&checker, cases);
    for (split, t) in &tallies {
        // Floors a little under what was measured (journalism 18/20, 0/14, 0/6; journalism2 19/20, 5/14, 0/6;
        // journalism3 14/20, 3/14, 0/6; journalism4 19/20, 3/14, 1/6; journalism5 12/20, 4/14, 0/6; journalism6
        // 8/19, 6/14, 0/6; journalism7 8/14, 6/10, 1/4; journalism8 11/20, 5/14, 1/6; journalism9 7/20, 6/14,
        // 2/6; journalism10 13/20, 4/14, 0/6; journalism11 11/20, 7/14, 0/6; journalism12 6/20, 4/14, 2/6;
        // journalism13 11/20, 5/14, 2/6; journalism14 11/20, 5/14, 1/6; journalism15 11/20, 7/14, 2/6;
        // journalism16 7/20, 8/14, 2/6; journalism17 5/20, 6/14, 0/6; journalism18 9/20, 4/14, 0/6);
        // alone, the sentences of some splits give less.
        let (facts, judgements, clean) = match split.as_str() {
            "journalism" => (17, 1, 0),
            "journalism2" => (18, 5, 0),
            "journalism3" => (12, 4, 0),
            "journalism4" => (17, 4, 1),
            "journalism5" => (10, 5, 0),
            "journalism6" => (7, 7, 0),
            "journalism7" => (7, 7, 1),
            "journalism8" => (8, 7, 1),
            "journalism9" => (4, 7, 3),
            "journalism10" => (12, 5, 0),
            "journalism11" => (9, 9, 1),
            "journalism12" => (5, 5, 3),
            "journalism13" => (9, 7, 3),
            "journalism14" => (8, 7, 2),
            "journalism15" => (9, 8, 3),
            "journalism16" => (6, 9, 3),
            "journalism17" => (4, 6, 1),
            "journalism18" => (8, 5, 1),
            other => panic!("no floors for the split {other:?}"),
        };
        t.at_least(split, facts, judgements, clean);
    }
}

fn spans(findings: &[Finding], sentence: &str) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            let text = sentence.get(f.location.start_byte..f.location.end_byte).unwrap_or("?");
            format!("{}: {text:?}", f.rule)
        })
        .collect()
}

/// A folder with the units ledger, for running the binary.
fn units_env() -> (crate::Env, Ledger) {
    let env = crate::Env::bare();
    let (dir, ledger) = units_ledger();
    copy(&dir.path().join("ledger"), &env.ledger());
    (env, ledger)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            copy(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn findings(run: &crate::Run) -> Vec<serde_json::Value> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["type"] == "finding")
        .collect()
}

/// `check FILE --format json` in `env`: it fails with exactly one finding, an `unsourced-claim`, returned.
fn the_one_unsourced_claim(env: &crate::Env, file: &str) -> serde_json::Value {
    let run = env.run(&["check", file, "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mut found = findings(&run);
    assert_eq!(found.len(), 1, "{}", run.stdout);
    let f = found.remove(0);
    assert_eq!(f["rule"], "unsourced-claim");
    f
}

#[test]
fn claim_units_in_the_cli_point_at_the_part() {
    let (env, _ledger) = units_env();
    env.write(
        "d.md",
        "# Notes\n\nFinland joined NATO in April 2023,\nand Sweden followed in *March 2024*.\n\n\
         The Channel Tunnel opened in May 1994, and it remains a marvel of engineering.\n",
    );
    let f = &the_one_unsourced_claim(&env, "d.md");
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(4), Some(5)));
    assert_eq!((f["end_line"].as_u64(), f["end_column"].as_u64()), (Some(4), Some(37)));
    let text = std::fs::read_to_string(env.path().join("d.md")).unwrap();
    let (a, b) = (f["start_byte"].as_u64().unwrap() as usize, f["end_byte"].as_u64().unwrap() as usize);
    assert_eq!(&text[a..b], "Sweden followed in *March 2024*.");
    assert!(f["message"]
        .as_str()
        .unwrap()
        .starts_with("this part states March 2024, Sweden without a source; ledger claim "));
    assert_eq!(f["sentence"], "Finland joined NATO in April 2023, and Sweden followed in March 2024.");
}

#[test]
fn a_record_beside_a_sourced_claim_is_a_fact_to_source() {
    let (env, _ledger) = units_env();
    // The claim of the ledger: Rajnath Singh congratulated the ISRO team after the Chandrayaan-3 landing of 23
    // August 2023. Who did something first is checkable, whatever the detector makes of a participle phrase.
    let sentence = "After Chandrayaan-3 touched down on the Moon on 23 August 2023, making India the first country to \
                    land near its South Pole, Defence Minister Rajnath Singh congratulated the ISRO team.";
    env.write("d.md", &format!("{sentence}\n"));
    let f = &the_one_unsourced_claim(&env, "d.md");
    let text = std::fs::read_to_string(env.path().join("d.md")).unwrap();
    let (a, b) = (f["start_byte"].as_u64().unwrap() as usize, f["end_byte"].as_u64().unwrap() as usize);
    assert_eq!(&text[a..b], "making India the first country to land near its South Pole");
    // The quickest way to do something is advice, no record.
    let sentence = "After Chandrayaan-3 touched down on the Moon on 23 August 2023, the quickest way to honour it, \
                    Defence Minister Rajnath Singh congratulated the ISRO team.";
    env.write("e.md", &format!("{sentence}\n"));
    let run = env.run(&["check", "e.md", "--format", "json"]);
    assert!(findings(&run).is_empty(), "{}", run.stdout);
}

#[test]
fn a_sentence_that_rewords_its_claim_throughout_and_adds_names_is_reported_whole() {
    let (env, _ledger) = units_env();
    let sentence =
        "An Ebola outbreak that started in Guinea in December 2013 soon reached Sierra Leone, Liberia and Nigeria.";
    env.write("d.md", &format!("{sentence}\n\nIn December 2013 an outbreak of Ebola started in Guinea.\n"));
    let f = &the_one_unsourced_claim(&env, "d.md");
    assert_eq!(f["line"].as_u64(), Some(1));
    let message = f["message"].as_str().unwrap();
    assert!(
        message.starts_with("this sentence states Sierra Leone, Liberia, Nigeria without a source; ledger claim "),
        "{message}"
    );
    assert!(message.ends_with("covers only what it restates"), "{message}");
}

#[test]
fn hostile_sentences_do_not_panic_and_stay_bounded() {
    let (env, _ledger) = units_env();
    // Only headings.
    let headings: String =
        (0..2_000).map(|i| format!("# Finland joined NATO in April 2023, and Sweden in {i}\n\n")).collect();
    env.write("headings.md", &headings);
    // A 5,000-word sentence: a sourced claim, then words without a verb or a stop.
    let words = ["harbour", "council", "winter", "market", "stone", "river", "bridge", "and"];
    let long: Vec<&str> = (0..5_000).map(|i| words[i * 7 % words.len()]).collect();
    env.write("long.md", &format!("Rwanda banned plastic bags in 2008, and {}.\n", long.join(" ")));
    // One sentence of 500 clauses, each with a figure no claim holds.
    let clauses: Vec<String> =
        (0..500).map(|i| format!("the council opened {i} schools in {}", 1900 + i % 100)).collect();
    env.write("clauses.md", &format!("Rwanda banned plastic bags in 2008, and {}.\n", clauses.join(", and ")));
    // 1,000 clauses joined by a bare "and" after a verb: the look-ahead for a verb is bounded.
    let ands: Vec<&str> = (0..1_000).map(|i| words[i % 7]).collect();
    env.write("ands.md", &format!("Rwanda was {}.\n", ands.join(" and ")));
    // One sentence repeated to 2 MB (10 MB is measured in benches/claim_units.rs).
    let one = "Finland joined NATO in April 2023, and Sweden followed in March 2024. ";
    env.write("repeated.md", &one.repeat(2_000_000 / one.len()));
    for file in ["headings.md", "long.md", "clauses.md", "ands.md", "repeated.md"] {
        let run = env.run(&["check", file, "--format", "json"]);
        assert!(run.code == 0 || run.code == 1, "{file}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{file}: {}", run.stderr);
        let found = findings(&run);
        match file {
            "clauses.md" => {
                // Eight findings: seven parts, then the rest of the sentence as one.
                assert_eq!(found.len(), 8, "{file}");
                assert!(found.iter().all(|f| f["rule"] == "unsourced-claim"));
                let last = &found[7];
                assert_eq!(
                    last["end_byte"].as_u64(),
                    Some(std::fs::metadata(env.path().join(file)).unwrap().len() - 1)
                );
                assert!(last["message"].as_str().unwrap().contains(", …"), "{}", last["message"]);
            }
            "repeated.md" => {
                let sentences = 2_000_000 / one.len();
                assert_eq!(found.len(), sentences);
                assert!(found.iter().all(|f| f["end_column"].as_u64().unwrap() - f["column"].as_u64().unwrap() == 30));
            }
            _ => assert!(found.len() <= 2_000, "{file}: {}", found.len()),
        }
    }
}

/// A ledger in a temporary folder of the claims of claims.txt whose line (from 0) `keep` accepts, each sourced as
/// [`units_ledger`] sources it.
fn units_ledger_of(keep: impl Fn(usize) -> bool) -> (tempfile::TempDir, Ledger) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    claimledger::store::Store::init(dir.path().join("ledger")).unwrap();
    let mut ledger = Ledger::open(dir.path().join("ledger")).unwrap();
    let stamp = Stamp { by: "desk@example.org".into(), at: "2026-03-01T12:00:00Z".parse().unwrap() };
    let claims = std::fs::read_to_string(root.join("tests/fixtures/units/claims.txt")).unwrap();
    for (n, line) in claims.lines().enumerate().filter(|(n, _)| keep(*n)) {
        let (text, outlet) = line.split_once('\t').unwrap_or((line, "Example Wire"));
        let url = format!("https://wire.example.org/units/{}", n + 1);
        let source = ledger.add_source(&NewSource { url, outlet: outlet.into(), ..NewSource::default() }).unwrap();
        let claim = ledger.add_claim(text).unwrap().id.to_hex();
        ledger.attribute(&claim, &source.id.to_hex(), text, QuoteKind::Verbatim, &stamp).unwrap();
    }
    (dir, ledger)
}

/// The line of claims.txt (from 0) written for each row of real prose, in the order of sentences.tsv: the claims
/// of `journalism` to `journalism15` are lines 136 to 722 (from 1), those of `journalism16` on from line 737.
fn own_claim_lines(rows: &[Row], claims: usize) -> Vec<usize> {
    let first_block = 722 - 135;
    assert_eq!(claims, 736 + rows.len() - first_block, "claims.txt holds one claim per row of prose");
    (0..rows.len()).map(|k| if k < first_block { 135 + k } else { 736 + k - first_block }).collect()
}

/// The matcher on real prose, by the claim written for each sentence: how often the sentence's own claim is
/// matched with every claim in the ledger, and how often some other claim is matched when its own is left out
/// (each half of the rows against a ledger without its claims, so that a claim from the same article stands in):
/// a match then is nearly always wrong, and lets an unsourced fact pass. Run with `--nocapture` for the figures.
#[test]
fn real_prose_finds_its_own_claim_and_no_other_when_its_own_is_absent() {
    let prose: Vec<Row> = rows().into_iter().filter(|r| r.split.starts_with("journalism")).collect();
    let claims: Vec<String> = {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join("tests/fixtures/units/claims.txt")).unwrap();
        text.lines().map(|l| l.split('\t').next().unwrap().to_owned()).collect()
    };
    let own = own_claim_lines(&prose, claims.len());
    let mut found_own = 0;
    {
        let (_dir, ledger) = units_ledger();
        let checker = units_checker(&ledger);
        for (row, line) in prose.iter().zip(&own) {
            let found = checker.match_sentence(&row.sentence, CANDIDATES_SEEN).unwrap();
            found_own += usize::from(found.iter().any(|c| c.text == claims[*line] && c.decision == Decision::Match));
        }
    }
    let mut wrong = 0;
    for half in 0..2 {
        let absent: std::collections::HashSet<usize> =
            own.iter().enumerate().filter(|(k, _)| k % 2 == half).map(|(_, l)| *l).collect();
        let (_dir, ledger) = units_ledger_of(|n| !absent.contains(&n));
        let checker = units_checker(&ledger);
        for row in prose.iter().enumerate().filter(|(k, _)| k % 2 == half).map(|(_, r)| r) {
            let found = checker.match_sentence(&row.sentence, CANDIDATES_SEEN).unwrap();
            if let Some(c) = found.iter().find(|c| c.decision == Decision::Match) {
                wrong += 1;
                eprintln!("matched with its own claim absent: {}\n    {}", row.sentence, c.text);
            }
        }
    }
    eprintln!(
        "real prose ({} sentences): own claim matched {found_own}; another matched, own absent {wrong}",
        prose.len()
    );
    // Measured 411 and 13 of 667 (394 and 12 before pieces that share nothing with the first candidate were set
    // aside, 406 and 12 before a word of the same WordNet synset was no substitute, 409 and 12 before an article
    // alone stopped setting a rival name in a claim's place; several of the 13 restate a claim written from the
    // same article, and one, "Patrick Kelly … gives his address … at the New York State Eucharistic Congress",
    // was a false conflict with its claim before). With `journalism18`'s 40 rows, 435 and 16 of 707, the code
    // unchanged: three of its sentences meet a claim written for another sentence of their article, which holds
    // what they say and more ("the default 20mph limit the Welsh Government brought in").
    assert!(found_own >= 427, "own claim matched for {found_own} of {}", prose.len());
    assert!(wrong <= 17, "another claim matched for {wrong} of {}", prose.len());
}

/// How many candidates a sentence's claims are looked for among.
const CANDIDATES_SEEN: usize = 10;
