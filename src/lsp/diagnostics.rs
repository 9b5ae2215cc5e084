//! Findings as LSP diagnostics: the same findings `check` reports, in the editor's coordinates.
//!
//! A diagnostic carries the rule id as `code`, the rule's documentation as `codeDescription`, "claimledger" as
//! `source`, a range in UTF-16 columns, and, for findings about ledger claims, related information that points
//! at each claim's record file with its text. Problems that are not findings (no ledger, a document that was
//! not UTF-8) are diagnostics without a code at the top of the document. Text from a draft or the ledger is
//! cleaned of control characters before it reaches the editor.

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position,
    Range, Url,
};

use super::text::Text;
use crate::check::{Finding, Severity};
use crate::id::Id;
use crate::index::Index;
use crate::record::Kind;
use crate::store::Store;

pub const SOURCE: &str = "claimledger";

/// Text with control characters (and the bidirectional overrides that can disguise text) shown as U+FFFD.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// A claim id shortened as the command line shows it.
pub fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}

/// One finding as a diagnostic; `related` points at the ledger claims it concerns.
pub fn diagnostic(f: &Finding, text: &Text, related: Vec<DiagnosticRelatedInformation>) -> Diagnostic {
    let mut message = clean(&f.message);
    if !f.hint.is_empty() {
        message.push('\n');
        message.push_str(&clean(&f.hint));
    }
    Diagnostic {
        range: text.range(f.location.start_byte, f.location.end_byte),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.id().to_owned())),
        code_description: Url::parse(f.rule.help_uri()).ok().map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Where each of a finding's ledger claims is recorded, with its text; ids the ledger does not have are left
/// out (an unknown claim marker has nothing to point at).
pub fn related(store: &Store, index: &Index, claims: &[String]) -> Vec<DiagnosticRelatedInformation> {
    claims
        .iter()
        .filter_map(|id| {
            let parsed: Id = id.parse().ok()?;
            let row = index.claim(&parsed).ok()??;
            let uri = Url::from_file_path(store.path_of(Kind::Claim, &parsed)).ok()?;
            // Record files are pretty-printed with sorted keys: a claim's "text" is its second line.
            let line = Range { start: Position { line: 1, character: 0 }, end: Position { line: 2, character: 0 } };
            Some(DiagnosticRelatedInformation {
                location: Location { uri, range: line },
                message: format!("ledger claim {} ({}): {}", short(id), row.status.as_str(), clean(&row.text)),
            })
        })
        .collect()
}

/// A problem with the whole document or the ledger, shown on the document's first line.
pub fn at_top(message: String, severity: DiagnosticSeverity) -> Diagnostic {
    let top = Range { start: Position { line: 0, character: 0 }, end: Position { line: 0, character: 0 } };
    Diagnostic {
        range: top,
        severity: Some(severity),
        source: Some(SOURCE.to_owned()),
        message: clean(&message),
        ..Diagnostic::default()
    }
}

/// The text could be read only by replacing what was not UTF-8: said where the first replacement is.
pub fn repaired(text: &Text, why: &str) -> Diagnostic {
    let at = text.as_str().find('\u{FFFD}').unwrap_or(0);
    let here = text.range(at, at + text.as_str()[at..].chars().next().map_or(0, char::len_utf8));
    Diagnostic {
        range: here,
        severity: Some(DiagnosticSeverity::WARNING),
        source: Some(SOURCE.to_owned()),
        message: format!("this document is not clean UTF-8 ({why}); it was checked as shown"),
        ..Diagnostic::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_editor() {
        assert_eq!(clean("a\u{1b}[31mb\u{202E}c\td"), "a\u{FFFD}[31mb\u{FFFD}c\u{FFFD}d");
        assert_eq!(clean("Қазақстан 🇰🇿"), "Қазақстан 🇰🇿");
    }
}
