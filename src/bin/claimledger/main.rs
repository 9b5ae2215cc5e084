//! The `claimledger` binary: parses the command line, runs one command, and maps the outcome to an exit code
//! (0 clean, 1 findings or integrity failure, 2 usage, input or I/O error). Everything else is in the library.

mod args;
mod check_cmd;
mod context;
mod detect_cmd;
mod drafts;
mod explain_cmd;
mod export_cmd;
mod import_cmd;
mod lsp_cmd;
mod packaging;
mod record_cmds;
mod show;
mod verify_cmd;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::context::Context;

/// What a command reports back to `main`.
pub enum Outcome {
    /// Nothing to report: exit 0.
    Clean,
    /// Findings or integrity problems: exit 1.
    Findings,
}

pub type Result<T = Outcome> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn run(cli: Cli) -> Result {
    // These read nothing but the binary: they work without a ledger or settings.
    match &cli.command {
        Command::Completions(a) => return packaging::completions(a),
        Command::Man(a) => return packaging::man(a),
        Command::Explain(a) => return explain_cmd::explain(a),
        _ => {}
    }
    let ctx = Context::new(cli.ledger)?;
    match cli.command {
        Command::Init(a) => record_cmds::init(&ctx, a),
        Command::Source(args::SourceCommand::Add(a)) => record_cmds::source_add(&ctx, a),
        Command::Claim(args::ClaimCommand::Add(a)) => record_cmds::claim_add(&ctx, a),
        Command::Attribute(a) => record_cmds::attribute(&ctx, a),
        Command::Retract(a) => record_cmds::retract(&ctx, a),
        Command::Show(a) => show::show(&ctx, a),
        Command::List(a) => show::list(&ctx, a),
        Command::Verify(a) if a.against.is_some() => export_cmd::verify_against(&ctx, a),
        Command::Verify(a) => verify_cmd::verify(&ctx, a),
        Command::Check(a) => check_cmd::check(&ctx, a),
        Command::Match(a) => check_cmd::matches(&ctx, a),
        Command::Detect(a) => detect_cmd::detect(&ctx, a),
        Command::Export(a) => export_cmd::export(&ctx, a),
        Command::Import(a) => import_cmd::import(&ctx, a),
        Command::Completions(_) | Command::Man(_) | Command::Explain(_) => unreachable!("answered above"),
        Command::Lsp(a) => lsp_cmd::lsp(&ctx, a),
    }
}

fn is_broken_pipe(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(err);
    while let Some(e) = cur {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::BrokenPipe {
                return true;
            }
        }
        cur = e.source();
    }
    false
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(err) if is_broken_pipe(err.as_ref()) => ExitCode::SUCCESS,
        Err(err) => {
            let mut line = format!("error: {err}");
            let mut cause = err.source();
            while let Some(c) = cause {
                let text = c.to_string();
                if !line.ends_with(&text) {
                    line.push_str(": ");
                    line.push_str(&text);
                }
                cause = c.source();
            }
            let _ = writeln!(std::io::stderr(), "{line}");
            ExitCode::from(2)
        }
    }
}
