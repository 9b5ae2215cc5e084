//! Hover: what the ledger knows about the sentence under the cursor.
//!
//! For the sentence at the position: the ledger claims it restates (matched by the checker's own matcher, or
//! bound by a `<!-- claim: ID -->` marker) with their status, sources and quotes; the claims it conflicts with
//! and the ledger's figure; an exemption and its reason. Ledger text is cleaned of control characters and its
//! Markdown escaped, so a claim renders as the words it holds.

use std::fmt::Write as _;

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::diagnostics::{clean, short};
use super::text::Text;
use crate::check::{Checker, ClaimMatch, MatchedBy};
use crate::index::{self, Index};
use crate::markdown::{self, Sentence};
use crate::matching::Decision;
use crate::record::Kind;

/// How many candidate claims a hover looks at.
const TOP: usize = 5;

/// Ledger text as literal Markdown: no control characters, no markup.
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The number of the sentence of `doc` that holds `offset` (its end included, so a cursor just after the full stop
/// counts).
pub fn sentence_at(doc: &markdown::Document, offset: usize) -> Option<usize> {
    doc.sentences.iter().position(|s| s.span.start <= offset && offset <= s.span.end)
}

/// The ids of the ledger claims a sentence's markers name, where the ledger has exactly one such claim.
pub fn bound_claims(index: &Index, s: &Sentence) -> Result<Vec<String>, index::Error> {
    let mut out = Vec::new();
    for marker in &s.claims {
        let Ok(prefix) = marker.prefix.parse() else { continue };
        if let [(id, Kind::Claim)] = index.resolve(&prefix, 2)?.as_slice() {
            out.push(id.to_hex());
        }
    }
    Ok(out)
}

/// The heading of a claim the sentence restates, saying how it was matched when the whole sentence alone does not
/// match it.
fn restates(by: &MatchedBy) -> String {
    let before = "with the names of the sentences before";
    match (&by.clause, by.named_before) {
        (None, false) => "Restates ledger claim".to_owned(),
        (None, true) => format!("Restates ({before}) ledger claim"),
        (Some(clause), false) => format!("Restates (in its clause “{}”) ledger claim", literal(clause)),
        (Some(clause), true) => format!("Restates (in its clause “{}”, {before}) ledger claim", literal(clause)),
    }
}

fn describe_claim(out: &mut String, index: &Index, id: &str, heading: &str) -> Result<(), index::Error> {
    let Ok(parsed) = id.parse() else { return Ok(()) };
    let Some(row) = index.claim(&parsed)? else { return Ok(()) };
    let _ = writeln!(out, "**{heading} `{}`** · {}\n", short(id), row.status.as_str());
    let _ = writeln!(out, "> {}\n", literal(&row.text));
    let attributions = index.attributions(&parsed, false)?;
    if attributions.is_empty() {
        let _ = writeln!(out, "No source is recorded for it.\n");
    }
    for a in attributions {
        let s = &a.source;
        let mut state = if a.live { "live".to_owned() } else { "retracted".to_owned() };
        if let Some(r) = a.retractions.iter().find(|r| a.live || r.kind != "correction") {
            let _ = write!(state, ", {} effective {}: {}", r.kind, r.effective, literal(&r.reason));
        }
        let published = s.published.as_deref().map(|p| format!(", {p}")).unwrap_or_default();
        let kind = if a.quote_kind == "paraphrase" { " (paraphrase)" } else { "" };
        let _ = writeln!(
            out,
            "- {}{published} <{}> ({state}): “{}”{kind}",
            literal(&s.outlet),
            clean(&s.url).replace('>', "%3E"),
            literal(&a.quote)
        );
    }
    out.push('\n');
    Ok(())
}

/// The hover for `position` in `text`, or `None` when it is not on a sentence.
pub fn hover(checker: &Checker, index: &Index, text: &Text, position: Position) -> Result<Option<Hover>, index::Error> {
    let doc = markdown::extract(text.as_str());
    let offset = text.offset(position);
    let Some(at) = sentence_at(&doc, offset) else { return Ok(None) };
    let s = &doc.sentences[at];
    let mut out = String::new();
    if let Some(reason) = &s.ignored {
        let _ = writeln!(out, "**Exempted** from claimledger: {}\n", literal(reason));
    }
    let bound = bound_claims(index, s)?;
    for id in &bound {
        describe_claim(&mut out, index, id, "Bound to ledger claim")?;
    }
    // As `check` judges it: a name the sentence leaves to the sentences before it counts as named.
    let texts: Vec<&str> = doc.sentences.iter().map(|t| t.text.as_str()).collect();
    let found = checker.match_in_draft(&texts, at, TOP)?;
    let candidates: Vec<&ClaimMatch> = found.iter().map(|(c, _)| c).collect();
    for (c, by) in &found {
        if bound.contains(&c.id) {
            continue;
        }
        match &c.decision {
            Decision::Match => describe_claim(&mut out, index, &c.id, &restates(by))?,
            Decision::Conflict { ledger, draft } => {
                let _ = writeln!(
                    out,
                    "**Conflicts with ledger claim `{}`**: the ledger says {} where this sentence says {}\n",
                    short(&c.id),
                    literal(&ledger.join(", ")),
                    literal(&draft.join(", "))
                );
                describe_claim(&mut out, index, &c.id, "The ledger's claim")?;
            }
            Decision::NoMatch => {}
        }
    }
    if out.is_empty() {
        out.push_str("No ledger claim restates this sentence.\n");
        if let Some(c) = candidates.first().filter(|c| c.score > 0.3) {
            let _ = writeln!(
                out,
                "\nClosest ledger claim `{}` (score {:.2}):\n\n> {}",
                short(&c.id),
                c.score,
                literal(&c.text)
            );
        }
    }
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: out.trim_end().to_owned() }),
        range: Some(text.range(s.span.start, s.span.end)),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ledger_text_is_literal_markdown() {
        assert_eq!(literal("*20* [x](y) <b>\u{7}"), "\\*20\\* \\[x\\](y) \\<b\\>\u{FFFD}");
    }
}
