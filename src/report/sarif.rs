//! SARIF 2.1.0 for code scanning: one rule per rule id, one result per finding, columns in code points.
//!
//! Each rule carries its documentation (`help`, as text and Markdown) and the address of its page
//! (`helpUri`), both from the rule's own declaration, so code scanning shows what a finding means and how to
//! fix it.
//!
//! Exemptions are not results (nothing was checked); they are listed as tool execution notifications with
//! their reason and location, so that a reviewer reading the log sees every one.

use std::io::{self, Write};

use serde_json::{json, Value};

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

/// Writes one SARIF log with one run.
pub fn sarif(out: &mut dyn Write, findings: &[Finding], exemptions: &[Exemption], version: &str) -> io::Result<()> {
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
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let l = &f.location;
            json!({
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
                "properties": {"claims": f.claims},
            })
        })
        .collect();
    let notifications: Vec<Value> = exemptions
        .iter()
        .map(|e| {
            json!({
                "level": "note",
                "message": {"text": format!("exempted by the author: {}", e.reason)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&e.file)},
                        "region": {"startLine": e.line, "startColumn": e.column},
                    }
                }],
                "descriptor": {"id": "exemption"},
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "claimledger", "version": version, "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": true, "toolExecutionNotifications": notifications}],
            "results": results,
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
