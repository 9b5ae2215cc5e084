//! What the fuzz targets check, shared by `cargo fuzz` (fuzz/fuzz_targets/) and the property tests that run
//! in CI (tests/cli/properties.rs includes this file). Each function takes arbitrary bytes and panics when an
//! invariant breaks; returning means the input was handled.

use claimledger::check::{Finding, Location, Rule, Severity};
use claimledger::markdown;
use claimledger::record::{normalize_text, normalize_url, Record};
use claimledger::report;

/// The Markdown reader, and the human printer on what it read: spans lie on character boundaries inside the
/// draft and agree with their line and column, and nothing from the draft reaches the output as a control
/// character.
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let doc = markdown::extract(text);
    let mut findings = Vec::new();
    for s in &doc.sentences {
        assert!(s.span.start <= s.span.end && s.span.end <= text.len(), "span {:?} outside the draft", s.span);
        assert!(text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end), "span {:?}", s.span);
        assert_eq!(s.start, markdown::position_of(text, s.span.start), "start of {:?}", s.span);
        assert_eq!(s.end, markdown::position_of(text, s.span.end), "end of {:?}", s.span);
        for link in &s.links {
            assert!(link.span.end <= text.len() && text.is_char_boundary(link.span.start), "link {:?}", link.span);
        }
        findings.push(Finding {
            rule: Rule::UnsourcedClaim,
            severity: Severity::Error,
            file: "fuzz.md".into(),
            location: Location {
                line: s.start.line,
                column: s.start.column,
                end_line: s.end.line,
                end_column: s.end.column,
                start_byte: s.span.start,
                end_byte: s.span.end,
            },
            sentence: s.text.clone(),
            message: s.text.clone(),
            hint: s.text.clone(),
            claims: vec![],
            suppressed: None,
        });
    }
    for p in &doc.problems {
        assert!(p.span.end <= text.len(), "problem {:?}", p.span);
    }
    let mut out = Vec::new();
    let source = |_: &str| Some(text.to_owned());
    report::human(&mut out, &findings, &[], &source, report::HumanOptions { color: false }).expect("writes to memory");
    let out = String::from_utf8(out).expect("the printer writes UTF-8");
    let bad = out.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t');
    assert!(bad.is_none(), "control character {bad:?} in the human output");
    // What one finding prints is bounded: a few windows of a few hundred characters, whatever the draft.
    assert!(out.len() <= findings.len() * 12_000 + 1, "{} bytes for {} findings", out.len(), findings.len());
}

/// The record parser and the normalisations that decide identity: whatever parses re-serialises to a record
/// that parses the same, and normalising is idempotent (a stored URL or text must be its own normal form, or
/// `verify` would reject what `add` wrote).
pub fn record(data: &[u8]) {
    if let Ok((record, value)) = Record::from_bytes(data) {
        record.validate().expect("from_bytes validates");
        let again = claimledger::canonical::to_pretty(&record.to_value());
        let (reread, _) = Record::from_bytes(&again).expect("a record re-serialised parses");
        assert_eq!(reread, record);
        assert_eq!(reread.id(), record.id());
        let _ = claimledger::verify::schema_errors(record.kind(), &value);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(url) = normalize_url(text) {
            assert_eq!(normalize_url(&url).as_deref(), Ok(url.as_str()), "normalising {text:?} is not idempotent");
            assert!(!url.chars().any(char::is_control), "{url:?}");
        }
        let once = normalize_text(text);
        assert_eq!(normalize_text(&once), once, "normalising {text:?} is not idempotent");
    }
}

/// The reader of `verify --against`: an export is checked against its header without a ledger; whatever it
/// accepts holds exactly the records its header counts.
pub fn export_reader(data: &[u8]) {
    if let Ok(structure) = claimledger::export::check_export_bytes(data) {
        let lines = data.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count();
        let counted: u64 = structure.counts.iter().sum();
        assert_eq!(counted as usize + 1, lines, "an accepted export holds what its header counts");
        assert_eq!(structure.header.records, Some(counted));
    }
}
