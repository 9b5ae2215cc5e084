//! Requests that read or write the ledger: hover, code actions, and the commands behind them.

use std::collections::HashMap;

use chrono::SubsecRound;
use lsp_server::{ErrorCode, Request};
use lsp_types::request as req;
use lsp_types::{MessageActionItem, MessageType, ShowMessageRequestParams};

use super::{params, Pending, Server};
use crate::check::Checker;
use crate::detect::Detector;
use crate::ledger::Stamp;
use crate::lsp::actions::{self, AttributeArgs, LinkedSource, RecordArgs};
use crate::lsp::diagnostics::{self, short};
use crate::lsp::workspace::{self, Ledger, Refresh};
use crate::record::QuoteKind;

impl Server {
    pub(super) fn ledger_open(&self) -> bool {
        self.ws.as_ref().is_some_and(|ws| matches!(ws.ledger, Ledger::Open(_)))
    }

    /// The open ledger and a checker on it, or why there is none.
    pub(super) fn with_checker<T>(
        &self,
        f: impl FnOnce(&Checker, &workspace::Open) -> Result<T, crate::index::Error>,
    ) -> Result<T, (ErrorCode, String)> {
        let ws = self.ws.as_ref().expect("requests are handled after initialize");
        let unavailable = |why: String| (ErrorCode::RequestFailed, format!("claimledger: {why}"));
        let Ledger::Open(open) = &ws.ledger else {
            return Err(unavailable(ws.unavailable().unwrap_or_default()));
        };
        let checker = Checker::new(&open.index, Detector::builtin(), ws.settings.clone())
            .map_err(|e| unavailable(workspace::error_chain(&e)))?;
        f(&checker, open).map_err(|e| unavailable(workspace::error_chain(&e)))
    }

    pub(super) fn hover(&mut self, r: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        let p: lsp_types::HoverParams = params(r)?;
        let at = p.text_document_position_params;
        let Some(doc) = self.docs.get(&at.text_document.uri).filter(|d| d.markdown && self.ledger_open()) else {
            return Ok(serde_json::Value::Null);
        };
        let hover =
            self.with_checker(|checker, open| crate::lsp::hover::hover(checker, &open.index, &doc.text, at.position))?;
        Ok(serde_json::to_value(hover).expect("a hover serialises"))
    }

    pub(super) fn code_actions(&mut self, r: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        let p: lsp_types::CodeActionParams = params(r)?;
        let Some(doc) = self.docs.get(&p.text_document.uri).filter(|d| d.markdown && self.ledger_open()) else {
            return Ok(serde_json::json!([]));
        };
        let uri = &p.text_document.uri;
        let found = self.with_checker(|checker, open| {
            actions::code_actions(checker, &open.index, uri, &doc.text, p.range, &p.context.diagnostics)
        })?;
        Ok(serde_json::to_value(found).expect("code actions serialise"))
    }

    pub(super) fn execute(&mut self, r: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        let p: lsp_types::ExecuteCommandParams = params(r)?;
        let arg = p.arguments.into_iter().next().unwrap_or_default();
        let bad = |e: serde_json::Error| (ErrorCode::InvalidParams, format!("{}: {e}", p.command));
        match p.command.as_str() {
            actions::RECORD => {
                let args: RecordArgs = serde_json::from_value(arg).map_err(bad)?;
                self.record(args)
            }
            actions::ATTRIBUTE => {
                let args: AttributeArgs = serde_json::from_value(arg).map_err(bad)?;
                self.attribute(&args)
            }
            other => Err((ErrorCode::InvalidParams, format!("unknown command {other}"))),
        }
    }

    /// Runs a ledger write as `claim add` or `attribute` would, then brings the index up to date.
    pub(super) fn write<T>(
        &mut self,
        f: impl FnOnce(&mut crate::ledger::Ledger) -> Result<T, crate::ledger::Error>,
    ) -> Result<T, (ErrorCode, String)> {
        let ws = self.ws.as_ref().expect("commands are handled after initialize");
        let Ledger::Open(open) = &ws.ledger else {
            return Err((ErrorCode::RequestFailed, format!("claimledger: {}", ws.unavailable().unwrap_or_default())));
        };
        let failed = |e: crate::ledger::Error| {
            (ErrorCode::RequestFailed, format!("claimledger: {}", workspace::error_chain(&e)))
        };
        let mut ledger = crate::ledger::Ledger::open(open.store.root()).map_err(failed)?;
        let out = f(&mut ledger).map_err(failed)?;
        drop(ledger);
        self.poll();
        // The write is in the index already, so the poll may see no change: what checks worked out is stale.
        self.apply(Refresh { recheck: true, messages: Vec::new() });
        Ok(out)
    }

    pub(super) fn record(&mut self, args: RecordArgs) -> Result<serde_json::Value, (ErrorCode, String)> {
        let added = self.write(|ledger| ledger.add_claim(&args.text))?;
        let id = added.id.to_hex();
        let what = if added.created { "recorded as" } else { "already in the ledger as" };
        if args.sources.is_empty() {
            self.show(
                MessageType::INFO,
                format!(
                "claimledger: claim {what} {}; it has no source yet: `claimledger attribute {} SOURCE --quote '...'`",
                short(&id),
                short(&id)
            ),
            );
        } else if self.client_prompts {
            let mut actions: Vec<MessageActionItem> = args
                .sources
                .iter()
                .map(|s| MessageActionItem { title: attribute_title(s), properties: HashMap::new() })
                .collect();
            actions.push(MessageActionItem { title: "Not now".into(), properties: HashMap::new() });
            let message = format!("claimledger: claim {what} {}. Attribute it to a source this sentence links, with the sentence as the paraphrased quote?", short(&id));
            let pending =
                Pending::Attribute { claim: id.clone(), quote: args.text.clone(), sources: args.sources.clone() };
            self.request::<req::ShowMessageRequest>(
                ShowMessageRequestParams { typ: MessageType::INFO, message, actions: Some(actions) },
                pending,
            );
        } else {
            self.show(
                MessageType::INFO,
                format!("claimledger: claim {what} {}; the sentence's code actions offer to attribute it", short(&id)),
            );
        }
        Ok(serde_json::json!({ "claim": id, "created": added.created }))
    }

    pub(super) fn attribute(&mut self, args: &AttributeArgs) -> Result<serde_json::Value, (ErrorCode, String)> {
        let stamp = Stamp { by: self.options.author.clone(), at: (self.options.clock)().trunc_subsecs(0) };
        let added = self
            .write(|ledger| ledger.attribute(&args.claim, &args.source, &args.quote, QuoteKind::Paraphrase, &stamp))?;
        self.show(
            MessageType::INFO,
            format!(
                "claimledger: claim {} attributed to source {} ({})",
                short(&args.claim),
                short(&args.source),
                short(&added.id.to_hex())
            ),
        );
        Ok(serde_json::json!({ "attribution": added.id.to_hex(), "created": added.created }))
    }
}

pub(super) fn attribute_title(s: &LinkedSource) -> String {
    format!("Attribute to {} <{}>", diagnostics::clean(&s.outlet), diagnostics::clean(&s.url))
}
