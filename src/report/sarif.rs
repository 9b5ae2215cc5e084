//! SARIF 2.1.0 for code scanning: one rule per rule id, one result per finding, columns in code points.
//!
//! Each rule carries its documentation (`help`, as text and Markdown) and the address of its page
//! (`helpUri`), both from the rule's own declaration, so code scanning shows what a finding means and how to
//! fix it.
//!
//! What an exemption hides is a result like any other, with a `suppressions` entry of kind `inSource` whose
//! justification is the author's reason, so code scanning shows it as dismissed in the source rather than
//! losing it. Every result carries `partialFingerprints.primaryLocationLineHash` (`hash:occurrence`), a hash
//! of the rule, the file and the sentence's text, not of its line number: an alert keeps its identity when
//! the draft is edited above it, and code scanning does not have to compute one.

use std::io::{self, Write};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::check::{Exemption, Finding, Rule, Severity};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A relative path as a URI reference: each segment percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Stable identities for results: the hash of (rule, file, sentence), and which occurrence of it this is.
fn fingerprints<'a>(all: impl Iterator<Item = &'a Finding>) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    all.map(|f| {
        let mut h = Sha256::new();
        for part in [f.rule.id(), &f.file, &f.sentence, &f.message] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        let hash: String = h.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect();
        let n = seen.entry(hash.clone()).or_default();
        *n += 1;
        format!("{hash}:{n}")
    })
    .collect()
}

/// Writes one SARIF log with one run: the findings, then what exemptions hid (`suppressed`), each once.
pub fn sarif(
    out: &mut dyn Write,
    findings: &[Finding],
    suppressed: &[Finding],
    exemptions: &[Exemption],
    version: &str,
) -> io::Result<()> {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "name": r.id(),
                "shortDescription": {"text": r.description()},
                "helpUri": r.help_uri(),
                "help": {"text": r.doc(), "markdown": r.doc()},
                "defaultConfiguration": {"level": level(r.default_severity())},
            })
        })
        .collect();
    let all: Vec<&Finding> = findings.iter().chain(suppressed).collect();
    let prints = fingerprints(all.iter().copied());
    let results: Vec<Value> = all
        .iter()
        .zip(prints)
        .map(|(f, print)| {
            let l = &f.location;
            let mut result = json!({
                "ruleId": f.rule.id(),
                "ruleIndex": Rule::ALL.iter().position(|r| *r == f.rule).expect("every rule is listed"),
                "level": level(f.severity),
                "message": {"text": format!("{} {}", f.message, f.hint)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&f.file)},
                        "region": {
                            "startLine": l.line,
                            "startColumn": l.column,
                            "endLine": l.end_line,
                            "endColumn": l.end_column,
                            "byteOffset": l.start_byte,
                            "byteLength": l.end_byte - l.start_byte,
                            "snippet": {"text": f.sentence},
                        }
                    }
                }],
                "partialFingerprints": {"primaryLocationLineHash": print},
                "properties": {"claims": f.claims},
            });
            if let Some(reason) = &f.suppressed {
                result["suppressions"] = json!([{"kind": "inSource", "status": "accepted", "justification": reason}]);
            }
            result
        })
        .collect();
    // Passages turned off are not checked, so nothing of theirs is a result; the run still records them.
    let passages: Vec<Value> = exemptions
        .iter()
        .filter(|e| e.sentence.is_none())
        .map(|e| json!({"file": e.file, "line": e.line, "column": e.column, "reason": e.reason}))
        .collect();
    let log = json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "claimledger", "version": version, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": true}],
            "results": results,
            "properties": {"passagesNotChecked": passages},
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn uri_encodes_segments() {
        assert_eq!(super::uri("drafts/my column.md"), "drafts/my%20column.md");
        assert_eq!(super::uri("a\\b.md"), "a/b.md");
    }
}
