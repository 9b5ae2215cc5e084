//! The ledger that the rules' documentation speaks of, and the test that every documented example does
//! what its page says: the example draft triggers the rule, and the fixed draft gives no finding at all.

use chrono::{NaiveDate, TimeZone, Utc};

use super::Rule;
use crate::check::{Checker, FileReport, Settings, Severities};
use crate::detect::{Detector, View};
use crate::ledger::{Ledger, NewSource, Stamp};
use crate::record::{QuoteKind, RetractionKind};

/// The documentation ledger, as the rule pages describe it.
pub(crate) struct DocLedger {
    _dir: tempfile::TempDir,
    pub ledger: Ledger,
}

/// The author and time of the documentation ledger's events.
pub(crate) fn stamp() -> Stamp {
    Stamp { by: "desk@example.org".into(), at: Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap() }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

impl DocLedger {
    pub fn new() -> DocLedger {
        let dir = tempfile::tempdir().expect("a temporary folder");
        crate::store::Store::init(dir.path().join("ledger")).expect("a new ledger");
        let mut ledger = Ledger::open(dir.path().join("ledger")).expect("the new ledger opens");
        let stamp = stamp();
        let mut source = |url: &str, outlet: &str| {
            let new = NewSource { url: url.into(), outlet: outlet.into(), ..NewSource::default() };
            ledger.add_source(&new).expect("a source").id.to_hex()
        };
        // Live sources that the examples link to directly.
        source("https://metro.example.kz/annual-report-2024", "Almaty Metro");
        source("https://minfin.example.kz/budget-2025", "Ministry of Finance");
        let wire = source("https://wire.example.org/aktau-port-closed", "Caspian Wire");
        let port = source("https://port.example.kz/notices/12", "Port of Aktau");
        let anadolu = source("https://www.aa.com.tr/en/asia-pacific/kazakhstan-israel-ties/100", "Anadolu Agency");
        let bulletin = source("https://bulletin.example.org/board-of-peace-charter", "Steppe Bulletin");
        let herald = source("https://herald.example.org/astana-summit", "Astana Herald");
        let mut claim = |text: &str| ledger.add_claim(text).expect("a claim").id.to_hex();
        let ties = claim("Kazakhstan has had diplomatic relations with Israel since 1992.");
        let board = claim("Kazakhstan is one of nineteen founding nations of the Board of Peace.");
        let bridge_2019 = claim("The road bridge over the Ural at Atyrau opened in 2019.");
        let bridge_2021 = claim("The road bridge over the Ural at Atyrau opened in 2021.");
        let summit = claim("Fourteen heads of state attended the summit in Astana in June 2025.");
        let attribute = |ledger: &mut Ledger, claim: &str, source: &str, quote: &str| {
            ledger.attribute(claim, source, quote, QuoteKind::Paraphrase, &stamp).expect("an attribution");
        };
        attribute(&mut ledger, &ties, &anadolu, "Kazakhstan recognised Israel in 1992.");
        attribute(&mut ledger, &board, &bulletin, "Nineteen countries signed the charter as founders.");
        attribute(&mut ledger, &bridge_2021, &port, "The Atyrau road bridge opened to traffic in 2021.");
        attribute(&mut ledger, &summit, &herald, "Fourteen presidents came to Astana for the June summit.");
        ledger
            .retract(
                &wire,
                RetractionKind::Retraction,
                "the outlet withdrew the report",
                None,
                date(2026, 1, 12),
                &stamp,
            )
            .expect("a retraction");
        ledger
            .retract(
                &bridge_2019,
                RetractionKind::Withdrawal,
                "the opening year was wrong",
                None,
                date(2026, 2, 2),
                &stamp,
            )
            .expect("a withdrawal");
        ledger
            .retract(
                &herald,
                RetractionKind::Correction,
                "the number of delegations was corrected",
                None,
                date(2026, 1, 24),
                &stamp,
            )
            .expect("a correction");
        DocLedger { _dir: dir, ledger }
    }

    pub fn check(&self, draft: &str) -> FileReport {
        let settings = Settings { severities: Severities::default(), view: View::Factual, threshold: None };
        let checker = Checker::new(self.ledger.index(), Detector::builtin(), settings).expect("a checker");
        checker.check("example.md", draft).expect("the check runs")
    }
}

/// The ```markdown blocks of a section of a rule's page.
pub(crate) fn example_blocks(rule: Rule, section: &str) -> Vec<String> {
    let doc = rule.doc();
    let at = doc.find(&format!("## {section}\n")).unwrap_or_else(|| panic!("{rule}: no section {section}"));
    let end = doc[at + 3..].find("\n## ").map_or(doc.len(), |e| e + at + 3);
    let open = "```markdown\n";
    let mut out = Vec::new();
    let mut rest = &doc[at..end];
    while let Some(start) = rest.find(open) {
        let body = &rest[start + open.len()..];
        let close = body.find("```").expect("the block is closed");
        out.push(body[..close].to_owned());
        rest = &body[close + 3..];
    }
    out
}

/// The first ```markdown block of a section of a rule's page.
pub(crate) fn example(rule: Rule, section: &str) -> String {
    let blocks = example_blocks(rule, section);
    blocks.into_iter().next().unwrap_or_else(|| panic!("{rule}: no markdown block in {section}"))
}

/// The page's examples trigger the rule and its fix is clean.
pub(crate) fn assert_documented(rule: Rule) {
    let ledger = DocLedger::new();
    for before in example_blocks(rule, "Example") {
        let found = ledger.check(&before);
        assert!(
            found.findings.iter().any(|f| f.rule == rule),
            "{rule}: the documented example does not trigger the rule:\n{before}\n{:#?}",
            found.findings
        );
    }
    let after = example(rule, "How to fix");
    let found = ledger.check(&after);
    assert!(found.findings.is_empty(), "{rule}: the documented fix is not clean:\n{after}\n{:#?}", found.findings);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Memo;

    /// An editor checks the same draft after every keystroke: a checker that starts from the previous one's
    /// memo matches only the sentences it has not seen, and finds what a fresh checker finds.
    #[test]
    fn a_memo_carries_matches_to_the_next_checker_and_changes_no_finding() {
        let doc = DocLedger::new();
        let settings = Settings { severities: Severities::default(), view: View::Factual, threshold: None };
        let draft = "Kazakhstan has had diplomatic relations with Israel since 1992.\n\n\
                     The road bridge over the Ural at Atyrau opened in 2019.\n\n\
                     Almaty's metro carried 41 million passengers in 2024.\n";
        let fresh = |text: &str| {
            let checker = Checker::new(doc.ledger.index(), Detector::builtin(), settings.clone()).unwrap();
            serde_json::to_value(checker.check("d.md", text).unwrap()).unwrap()
        };
        let edited = draft.replace("41 million", "42 million");
        let (want, want_edited) = (fresh(draft), fresh(&edited));
        assert_eq!(want["findings"].as_array().unwrap().len(), 2, "{want:#}");

        // A checker holds a read transaction: one at a time.
        let first =
            Checker::with_memo(doc.ledger.index(), Detector::builtin(), settings.clone(), Memo::default()).unwrap();
        assert_eq!(serde_json::to_value(first.check("d.md", draft).unwrap()).unwrap(), want);
        let memo = first.into_memo();
        let seen = memo.sentences();
        assert!(seen >= 3, "each sentence was matched: {seen}");

        let second = Checker::with_memo(doc.ledger.index(), Detector::builtin(), settings.clone(), memo).unwrap();
        assert_eq!(serde_json::to_value(second.check("d.md", &edited).unwrap()).unwrap(), want_edited);
        assert_eq!(second.into_memo().sentences(), seen + 1, "only the edited sentence is matched again");
    }
}
