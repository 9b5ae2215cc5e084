//! Code actions on a sentence: bind it to the nearest ledger claim, exempt it, record it as a claim, attribute
//! its claim to a source it links.
//!
//! Edits are computed here from the document's text; actions that write to the ledger are commands
//! ([`RECORD`], [`ATTRIBUTE`]) that the server executes, because only the server holds the ledger. A claim is
//! offered for binding only when the matcher found it close but not the same (a conflicting claim is never
//! offered: binding it would hide the conflict); an exemption is offered only where there is a finding.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, Diagnostic, NumberOrString, Range, TextEdit, Url,
    WorkspaceEdit,
};
use serde::{Deserialize, Serialize};

use super::diagnostics::{clean, short, SOURCE};
use super::hover::bound_claims;
use super::text::Text;
use crate::check::{Checker, ClaimMatch};
use crate::id::Id;
use crate::index::{self, Index};
use crate::markdown::{self, Sentence};
use crate::matching::Decision;
use crate::record::normalize_url;

/// Records a sentence as a ledger claim, then offers to attribute it to a source the sentence links.
pub const RECORD: &str = "claimledger.recordClaim";
/// Attributes a ledger claim to a source.
pub const ATTRIBUTE: &str = "claimledger.attribute";

/// How close (the matcher's score) a claim must be to be offered for binding, as `check`'s hint has it.
const NEAR: f32 = 0.3;

/// A ledger source that a sentence links.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedSource {
    pub id: String,
    pub outlet: String,
    pub url: String,
}

/// The argument of [`RECORD`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecordArgs {
    /// The claim's wording: the sentence as a reader sees it.
    pub text: String,
    /// Live ledger sources the sentence links, to offer attribution to.
    pub sources: Vec<LinkedSource>,
}

/// The argument of [`ATTRIBUTE`].
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AttributeArgs {
    pub claim: String,
    pub source: String,
    /// The sentence that links the source, recorded as a paraphrase of it.
    pub quote: String,
}

/// The live ledger sources a sentence links.
pub fn linked_sources(index: &Index, s: &Sentence) -> Result<Vec<LinkedSource>, index::Error> {
    let mut out: Vec<LinkedSource> = Vec::new();
    for link in &s.links {
        let Ok(url) = normalize_url(&link.url) else { continue };
        let Some(id) = index.source_by_url(&url)? else { continue };
        let Some(row) = index.source(&id)? else { continue };
        if row.live && !out.iter().any(|o| o.id == row.id) {
            out.push(LinkedSource { id: row.id, outlet: row.outlet, url: row.url });
        }
    }
    Ok(out)
}

fn ellipsis(text: &str, max: usize) -> String {
    let text = clean(text);
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text,
    }
}

fn edit(uri: &Url, range: Range, new_text: String) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), vec![TextEdit { range, new_text }])])),
        ..Default::default()
    }
}

fn quickfix(
    title: String,
    edit: Option<WorkspaceEdit>,
    command: Option<Command>,
    diagnostics: &[Diagnostic],
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: (!diagnostics.is_empty()).then(|| diagnostics.to_vec()),
        edit,
        command,
        is_preferred: None,
        disabled: None,
        data: None,
    })
}

fn overlaps(a: Range, b: Range) -> bool {
    (a.start.line, a.start.character) <= (b.end.line, b.end.character)
        && (b.start.line, b.start.character) <= (a.end.line, a.end.character)
}

/// The actions for the sentences that `range` touches; `diagnostics` are the client's for that range.
pub fn code_actions(
    checker: &Checker,
    index: &Index,
    uri: &Url,
    text: &Text,
    range: Range,
    diagnostics: &[Diagnostic],
) -> Result<Vec<CodeActionOrCommand>, index::Error> {
    let doc = markdown::extract(text.as_str());
    let (from, to) = (text.offset(range.start), text.offset(range.end));
    let mut out = Vec::new();
    let texts: Vec<&str> = doc.sentences.iter().map(|t| t.text.as_str()).collect();
    for (at, s) in doc.sentences.iter().enumerate().filter(|(_, s)| s.span.start <= to && from <= s.span.end).take(3) {
        if s.ignored.is_some() {
            continue;
        }
        let here = text.range(s.span.start, s.span.end);
        let ours: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.source.as_deref() == Some(SOURCE) && d.code.is_some() && overlaps(d.range, here))
            .cloned()
            .collect();
        let unsourced: Vec<Diagnostic> =
            ours.iter().filter(|d| d.code == Some(NumberOrString::String("unsourced-claim".into()))).cloned().collect();
        // As `check` and the hover judge it: a name the sentence leaves to the sentences before it counts.
        let candidates: Vec<ClaimMatch> = checker.match_in_draft(&texts, at, 3)?.into_iter().map(|(c, _)| c).collect();
        let mut restated = bound_claims(index, s)?;
        for c in candidates.iter().filter(|c| matches!(c.decision, Decision::Match)) {
            if !restated.contains(&c.id) {
                restated.push(c.id.clone());
            }
        }
        let conflicts = candidates.iter().any(|c| matches!(c.decision, Decision::Conflict { .. }));
        let end = text.range(s.span.end, s.span.end);
        if restated.is_empty() && !conflicts {
            for (i, c) in candidates.iter().filter(|c| c.decision == Decision::NoMatch && c.score > NEAR).enumerate() {
                let marker = format!(" <!-- claim: {} -->", short(&c.id));
                let title = format!("Bind to ledger claim {}: “{}”", short(&c.id), ellipsis(&c.text, 80));
                let mut action = quickfix(title, Some(edit(uri, end, marker)), None, &unsourced);
                if let CodeActionOrCommand::CodeAction(a) = &mut action {
                    a.is_preferred = Some(i == 0);
                }
                out.push(action);
            }
        }
        let sources = linked_sources(index, s)?;
        if restated.is_empty() {
            let args = RecordArgs { text: s.text.clone(), sources: sources.clone() };
            let title = "Record this sentence as a ledger claim".to_owned();
            let command = Command {
                title: title.clone(),
                command: RECORD.into(),
                arguments: Some(vec![serde_json::to_value(args).expect("plain data serialises")]),
            };
            out.push(quickfix(title, None, Some(command), &unsourced));
        }
        for claim in &restated {
            let Ok(id) = claim.parse::<Id>() else { continue };
            let attributed: Vec<String> =
                index.attributions(&id, false)?.into_iter().filter(|a| a.live).map(|a| a.source.id).collect();
            for source in sources.iter().filter(|src| !attributed.contains(&src.id)) {
                let args = AttributeArgs { claim: claim.clone(), source: source.id.clone(), quote: s.text.clone() };
                let title = format!(
                    "Attribute ledger claim {} to the linked source {} (this sentence as the paraphrased quote)",
                    short(claim),
                    clean(&source.outlet)
                );
                let command = Command {
                    title: title.clone(),
                    command: ATTRIBUTE.into(),
                    arguments: Some(vec![serde_json::to_value(args).expect("plain data serialises")]),
                };
                out.push(quickfix(title, None, Some(command), &[]));
            }
        }
        if !ours.is_empty() {
            let start = text.range(s.span.start, s.span.start);
            let title = "Exempt this sentence (write the reason in place of REASON)".to_owned();
            out.push(quickfix(
                title,
                Some(edit(uri, start, "<!-- claimledger-ignore: REASON --> ".into())),
                None,
                &ours,
            ));
        }
    }
    Ok(out)
}
