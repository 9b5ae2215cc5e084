//! `lsp`: the language server on standard input and output. The server is `claimledger::lsp`; this connects it.

use std::io::BufReader;

use chrono::Utc;
use claimledger::lsp::{self, transport, Exit, Options};

use crate::args::LspArgs;
use crate::context::Context;
use crate::{Outcome, Result};

#[derive(Debug, thiserror::Error)]
#[error("the editor closed the connection without `exit`")]
struct Disconnected;

pub fn lsp(ctx: &Context, _args: LspArgs) -> Result {
    let explicit = ctx
        .explicit_ledger
        .clone()
        .or_else(|| std::env::var_os("CLAIMLEDGER_DIR").filter(|v| !v.is_empty()).map(Into::into));
    let pinned = std::env::var_os("CLAIMLEDGER_NOW").is_some().then_some(ctx.now);
    let options = Options {
        ledger: explicit,
        cwd: ctx.cwd.clone(),
        author: ctx.stamp(None).by,
        clock: Box::new(move || pinned.unwrap_or_else(Utc::now)),
        debounce: Options::DEBOUNCE,
        poll: Options::POLL,
    };
    let (incoming, _reader) = transport::spawn_reader(BufReader::new(std::io::stdin()));
    let (outgoing, writer) = transport::spawn_writer(std::io::stdout());
    let exit = lsp::serve(incoming, outgoing, options);
    // Every sender is gone once `serve` returns: the writer drains what is queued and ends. The reader may be
    // blocked on standard input; the process ends without waiting for it.
    writer.join().map_err(|_| "the writer thread panicked")??;
    match exit {
        Exit::Clean => Ok(Outcome::Clean),
        // The protocol asks for exit code 1 when `exit` comes without `shutdown`.
        Exit::WithoutShutdown => Ok(Outcome::Findings),
        Exit::Disconnected => Err(Box::new(Disconnected)),
    }
}
