//! The server's loop: the LSP lifecycle, open documents, debounced checks, and the ledger kept fresh.
//!
//! One thread owns everything (the index, the documents) and takes events from one channel: client messages,
//! the result of opening the ledger in the background, its progress. Between events it checks the documents
//! whose debounce has run out and, every poll interval, brings the ledger up to date. A check builds one
//! [`Checker`] for all due documents and drops it before the next event, so the index is never borrowed across
//! a sync. A panic while handling one message is caught and answered as an internal error; the server goes on.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Instant;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    InitializeParams, MessageActionItem, MessageType, ProgressToken, PublishDiagnosticsParams, ShowMessageParams, Url,
};

use super::actions::{AttributeArgs, LinkedSource};
use super::diagnostics;
use super::text::Text;
use super::transport::Incoming;
use super::workspace::{self, Workspace};
use super::{capabilities, Exit, Options};
use crate::check::Memo;
use requests::attribute_title;

mod ledger;
mod requests;

enum Event {
    Client(Incoming),
    Opened(Result<workspace::Open, String>),
    Progress(usize, usize),
}

struct Doc {
    version: i32,
    text: Text,
    markdown: bool,
    /// When the document is to be checked; `None` when its diagnostics are current.
    due: Option<Instant>,
    /// What had to be replaced to read the text as UTF-8, if anything.
    repaired: Option<String>,
}

/// What the server waits on a client's answer for.
enum Pending {
    Attribute { claim: String, quote: String, sources: Vec<LinkedSource> },
    Ignore,
}

pub(super) struct Server {
    out: Sender<Message>,
    tx: Sender<Event>,
    options: Options,
    ws: Option<Workspace>,
    docs: HashMap<Url, Doc>,
    shutdown: bool,
    next_poll: Instant,
    pending: HashMap<RequestId, Pending>,
    next_id: i32,
    client_progress: bool,
    client_prompts: bool,
    progress: Option<ProgressToken>,
    /// What checks worked out on the ledger and settings as they are; dropped when either changes, so that an
    /// edit re-matches only the sentences it touched.
    memo: Option<Memo>,
}

const INDEX_PROGRESS: &str = "claimledger/index";

pub(super) fn serve(incoming: Receiver<Incoming>, out: Sender<Message>, options: Options) -> Exit {
    let (tx, rx) = mpsc::channel();
    let forward = tx.clone();
    std::thread::Builder::new()
        .name("lsp-events".into())
        .spawn(move || {
            for m in incoming {
                if forward.send(Event::Client(m)).is_err() {
                    break;
                }
            }
        })
        .expect("a thread can be started");
    let mut server = Server {
        out,
        tx,
        next_poll: Instant::now() + options.poll,
        options,
        ws: None,
        docs: HashMap::new(),
        shutdown: false,
        pending: HashMap::new(),
        next_id: 0,
        client_progress: false,
        client_prompts: false,
        progress: None,
        memo: None,
    };
    loop {
        let timeout = server.next_wakeup().saturating_duration_since(Instant::now());
        match rx.recv_timeout(timeout) {
            Ok(Event::Client(incoming)) => {
                if let Some(exit) = server.on_client(incoming) {
                    return exit;
                }
            }
            Ok(Event::Opened(result)) => {
                server.end_progress();
                if let Some(ws) = &mut server.ws {
                    let refresh = ws.opened(result);
                    server.apply(refresh);
                }
            }
            Ok(Event::Progress(done, total)) => server.report_progress(done, total),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Exit::Disconnected,
        }
        if Instant::now() >= server.next_poll {
            server.poll();
        }
        server.check_due();
    }
}

impl Server {
    fn next_wakeup(&self) -> Instant {
        if !self.ws.as_ref().is_some_and(Workspace::ready) {
            return self.next_poll;
        }
        let due = self.docs.values().filter_map(|d| d.due).min();
        due.map_or(self.next_poll, |d| d.min(self.next_poll))
    }

    fn send(&self, message: impl Into<Message>) {
        // A client that hung up is noticed by the reader; nothing to do here.
        let _ = self.out.send(message.into());
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_owned(), params));
    }

    fn request<R: lsp_types::request::Request>(&mut self, params: R::Params, pending: Pending) {
        self.next_id += 1;
        let id = RequestId::from(format!("claimledger-{}", self.next_id));
        self.pending.insert(id.clone(), pending);
        self.send(Request::new(id, R::METHOD.to_owned(), params));
    }

    fn log(&self, typ: MessageType, message: String) {
        self.notify::<note::LogMessage>(lsp_types::LogMessageParams { typ, message: diagnostics::clean(&message) });
    }

    fn show(&self, typ: MessageType, message: String) {
        self.log(typ, message.clone());
        self.notify::<note::ShowMessage>(ShowMessageParams { typ, message: diagnostics::clean(&message) });
    }

    fn error(&self, id: RequestId, code: ErrorCode, message: String) {
        self.send(Response::new_err(id, code as i32, message));
    }

    /// Handles one thing from the client; `Some` when the server is to exit.
    fn on_client(&mut self, incoming: Incoming) -> Option<Exit> {
        let (message, repaired) = match incoming {
            Incoming::Message(m) => (m, None),
            Incoming::Repaired(m, why) => {
                self.log(MessageType::WARNING, format!("claimledger: a message from the editor had {why}"));
                (m, Some(why))
            }
            Incoming::Malformed { id, reason } => {
                self.log(MessageType::WARNING, format!("claimledger: ignored a malformed message: {reason}"));
                if let Some(id) = id {
                    self.error(id, ErrorCode::InvalidRequest, format!("malformed message: {reason}"));
                }
                return None;
            }
        };
        match message {
            Message::Request(r) => {
                let id = r.id.clone();
                let method = r.method.clone();
                let handled = catch_unwind(AssertUnwindSafe(|| self.on_request(r)));
                if handled.is_err() {
                    self.log(MessageType::ERROR, format!("claimledger: internal error while answering {method}"));
                    self.error(id, ErrorCode::InternalError, format!("internal error while answering {method}"));
                }
                None
            }
            Message::Notification(n) if n.method == note::Exit::METHOD => {
                Some(if self.shutdown { Exit::Clean } else { Exit::WithoutShutdown })
            }
            Message::Notification(n) => {
                let method = n.method.clone();
                if catch_unwind(AssertUnwindSafe(|| self.on_notification(n, repaired))).is_err() {
                    self.log(MessageType::ERROR, format!("claimledger: internal error while handling {method}"));
                }
                None
            }
            Message::Response(r) => {
                if catch_unwind(AssertUnwindSafe(|| self.on_response(r))).is_err() {
                    self.log(MessageType::ERROR, "claimledger: internal error while handling a reply".into());
                }
                None
            }
        }
    }

    fn on_request(&mut self, r: Request) {
        if r.method == req::Initialize::METHOD {
            return self.initialize(r);
        }
        if self.ws.is_none() {
            return self.error(r.id, ErrorCode::ServerNotInitialized, "the server is not initialized".into());
        }
        if self.shutdown {
            return self.error(r.id, ErrorCode::InvalidRequest, "the server is shutting down".into());
        }
        let id = r.id.clone();
        let result = match r.method.as_str() {
            req::Shutdown::METHOD => {
                self.shutdown = true;
                Ok(serde_json::Value::Null)
            }
            req::HoverRequest::METHOD => self.hover(r),
            req::CodeActionRequest::METHOD => self.code_actions(r),
            req::ExecuteCommand::METHOD => self.execute(r),
            other => Err((ErrorCode::MethodNotFound, format!("unknown method {other}"))),
        };
        match result {
            Ok(value) => self.send(Response::new_ok(id, value)),
            Err((code, message)) => self.error(id, code, message),
        }
    }

    fn initialize(&mut self, r: Request) {
        if self.ws.is_some() {
            return self.error(r.id, ErrorCode::InvalidRequest, "initialize was already received".into());
        }
        let params: InitializeParams = match serde_json::from_value(r.params) {
            Ok(p) => p,
            Err(e) => return self.error(r.id, ErrorCode::InvalidParams, format!("initialize: {e}")),
        };
        #[allow(deprecated)] // root_uri and root_path: older clients send only these
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or(params.root_uri.clone())
            .and_then(|u| u.to_file_path().ok())
            .or_else(|| params.root_path.clone().map(PathBuf::from))
            .unwrap_or_else(|| self.options.cwd.clone());
        let window = params.capabilities.window.as_ref();
        self.client_progress = window.and_then(|w| w.work_done_progress).unwrap_or(false);
        self.client_prompts = window.and_then(|w| w.show_message.as_ref()).is_some();
        let result = lsp_types::InitializeResult {
            capabilities: capabilities(),
            server_info: Some(lsp_types::ServerInfo {
                name: "claimledger".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        self.send(Response::new_ok(r.id, result));
        let (ws, refresh) = Workspace::new(self.options.ledger.clone(), root);
        self.ws = Some(ws);
        self.apply(refresh);
        self.poll();
    }

    fn on_notification(&mut self, n: Notification, repaired: Option<String>) {
        if self.ws.is_none() {
            return; // before initialize, notifications are dropped (the spec's rule)
        }
        let now = Instant::now();
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params) else { return };
                let d = p.text_document;
                let markdown = is_markdown(&d.language_id, &d.uri);
                let doc = Doc {
                    version: d.version,
                    text: Text::new(d.text),
                    markdown,
                    due: markdown.then_some(now),
                    repaired,
                };
                self.docs.insert(d.uri, doc);
            }
            note::DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params) else { return };
                let debounce = self.options.debounce;
                let Some(doc) = self.docs.get_mut(&p.text_document.uri) else {
                    return self.log(
                        MessageType::WARNING,
                        format!("claimledger: a change to {}, which is not open", p.text_document.uri),
                    );
                };
                let whole = p.content_changes.iter().any(|c| c.range.is_none());
                doc.text.apply(p.content_changes);
                doc.version = p.text_document.version;
                if repaired.is_some() || whole {
                    doc.repaired = repaired;
                }
                if doc.markdown {
                    doc.due = Some(now + debounce);
                }
            }
            note::DidSaveTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(n.params) else { return };
                if let Some(doc) = self.docs.get_mut(&p.text_document.uri) {
                    if let Some(text) = p.text {
                        doc.text = Text::new(text);
                    }
                    doc.due = doc.markdown.then_some(now);
                }
            }
            note::DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params) else { return };
                if let Some(doc) = self.docs.remove(&p.text_document.uri) {
                    if doc.markdown {
                        let params =
                            PublishDiagnosticsParams { uri: p.text_document.uri, diagnostics: vec![], version: None };
                        self.notify::<note::PublishDiagnostics>(params);
                    }
                }
            }
            note::DidChangeWatchedFiles::METHOD => self.poll(),
            _ => {} // initialized, $/cancelRequest (answers are immediate), and methods this server does not know
        }
    }

    fn on_response(&mut self, r: Response) {
        let Some(pending) = self.pending.remove(&r.id) else { return };
        // Only the offer to attribute waits for an answer; a dismissed offer (null) or an error does nothing.
        let (Pending::Attribute { claim, quote, sources }, Ok(value)) = (pending, r.response_result) else { return };
        let Ok(Some(item)) = serde_json::from_value::<Option<MessageActionItem>>(value) else { return };
        if let Some(source) = sources.iter().find(|s| item.title == attribute_title(s)) {
            let args = AttributeArgs { claim, source: source.id.clone(), quote };
            if let Err((_, message)) = self.attribute(&args) {
                self.show(MessageType::ERROR, message);
            }
        }
    }
}

fn params<P: serde::de::DeserializeOwned>(r: Request) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(r.params).map_err(|e| (ErrorCode::InvalidParams, format!("{}: {e}", r.method)))
}

fn is_markdown(language: &str, uri: &Url) -> bool {
    let path = uri.path().to_ascii_lowercase();
    language == "markdown" || [".md", ".markdown", ".mdown", ".mkd"].iter().any(|ext| path.ends_with(ext))
}
