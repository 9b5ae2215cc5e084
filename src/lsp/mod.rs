//! `claimledger lsp`: a Language Server Protocol server, so that editors show findings while the draft is
//! written.
//!
//! Markdown documents are checked on open, on save and, debounced, on change, with the same checker, rules,
//! severities and exemptions as `check`; the text checked is the editor's, never the file on disk. Hover shows
//! what the ledger holds about a sentence; code actions bind, exempt, record and attribute. The ledger index is
//! opened once and kept fresh by the index's own sync, so a `git pull` or another terminal's `claim add` reaches
//! open documents within a poll interval.
//!
//! The server is a library: [`serve`] runs on any pair of channels and [`transport`] frames messages on any
//! byte streams, so tests drive it without a process and the binary only connects it to stdin and stdout. It
//! never prints: everything it has to say goes to the client (diagnostics, log and show messages). It is
//! synchronous, one thread owning the index and the documents, in the style of rust-analyzer's `lsp-server`;
//! a check takes tens of milliseconds, so there is nothing for an async runtime to overlap.

mod actions;
mod diagnostics;
mod hover;
mod server;
pub mod text;
pub mod transport;
mod workspace;

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use chrono::{DateTime, Utc};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, ExecuteCommandOptions, HoverProviderCapability,
    SaveOptions, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};

pub use actions::{ATTRIBUTE, RECORD};
pub use lsp_server::Message;
pub use transport::Incoming;

/// What the server needs from its host.
pub struct Options {
    /// A ledger directory named on the command line or in `CLAIMLEDGER_DIR`; otherwise the ledger is looked for
    /// from the workspace folder as the command line looks for it from the working directory.
    pub ledger: Option<PathBuf>,
    /// Where to look when the editor names no workspace folder.
    pub cwd: PathBuf,
    /// Who records the attributions made from code actions.
    pub author: String,
    /// "Now", for the records written from code actions (the library never reads the clock).
    pub clock: Box<dyn Fn() -> DateTime<Utc> + Send>,
    /// How long a document must be left unchanged before it is checked.
    pub debounce: Duration,
    /// How often the ledger and `claimledger.toml` are looked at for changes.
    pub poll: Duration,
}

impl Options {
    pub const DEBOUNCE: Duration = Duration::from_millis(50);
    pub const POLL: Duration = Duration::from_secs(1);
}

/// How the session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// `exit` after `shutdown`: exit code 0.
    Clean,
    /// `exit` without `shutdown`: exit code 1, as the protocol asks.
    WithoutShutdown,
    /// The client closed the stream without `exit`.
    Disconnected,
}

/// What the server offers.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![RECORD.into(), ATTRIBUTE.into()],
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Serves one client: reads what it sends from `incoming`, sends messages to `outgoing`, and returns when the
/// client sends `exit` or hangs up.
pub fn serve(incoming: Receiver<Incoming>, outgoing: Sender<Message>, options: Options) -> Exit {
    server::serve(incoming, outgoing, options)
}

#[cfg(test)]
mod tests;
