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

use claimledger::report::escape::Shown;

use crate::args::{Cli, Command};
use crate::context::Context;

/// The index build, `check` and `match` allocate many small, short-lived strings on every core; mimalloc's
/// thread-local free lists serve them with less contention than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What a command reports back to `main`.
pub enum Outcome {
    /// Nothing to report: exit 0.
    Clean,
    /// Findings or integrity problems: exit 1.
    Findings,
    /// Bad input that the command already reported, each on its own `error:` line (drafts that could not be
    /// read, while the others were checked): exit 2 with nothing more said.
    Failed,
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
    let ctx = Context::new(cli.ledger, &cli.globals)?;
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

/// One line for an error and its causes: `a: b: c`, a cause left out when the line already ends with it, and
/// the operating system's capitalised messages ("No such file or directory") lower-cased.
fn error_line(err: &(dyn std::error::Error + 'static)) -> String {
    let mut line = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        let mut text = c.to_string();
        if c.downcast_ref::<std::io::Error>().is_some() {
            let mut chars = text.chars();
            if let (Some(first), Some(second)) = (chars.next(), chars.next()) {
                if first.is_ascii_uppercase() && second.is_ascii_lowercase() {
                    text = first.to_ascii_lowercase().to_string() + &text[1..];
                }
            }
        }
        if !line.ends_with(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        cause = c.source();
    }
    line
}

/// A command-line argument as bytes, with what is not UTF-8 spelled `\xNN`.
fn spell_arg(arg: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in arg.as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// clap's error as one line: its message and any tip, without the usage block and the pointer to --help; an
/// argument that is not UTF-8 is named.
fn usage_error_line(err: &clap::Error) -> String {
    if err.kind() == clap::error::ErrorKind::InvalidUtf8 {
        if let Some(bad) = std::env::args_os().skip(1).find(|a| a.to_str().is_none()) {
            return format!("error: argument '{}' is not valid UTF-8", spell_arg(&bad));
        }
    }
    let rendered = err.render().to_string();
    let mut line = String::new();
    // Indented lines under a line ending in ':' are the items of a list.
    let mut in_list = false;
    for raw in rendered.lines() {
        let part = raw.trim();
        if part.starts_with("Usage:") || part.starts_with("For more information") {
            break;
        }
        if part.is_empty() {
            in_list = false;
            continue;
        }
        let item = in_list && raw.starts_with(' ');
        if !line.is_empty() {
            line.push_str(match (line.ends_with(':'), item) {
                (true, _) => " ",
                (false, true) => ", ",
                (false, false) => "; ",
            });
        }
        in_list = item || part.ends_with(':');
        line.push_str(part);
    }
    line
}

/// For `claimledger claim` and the like: which commands the group has, on one line.
fn missing_command_line() -> String {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    let mut path = vec!["claimledger".to_owned()];
    for arg in std::env::args_os().skip(1) {
        let Some(arg) = arg.to_str().filter(|a| !a.starts_with('-')).map(str::to_owned) else { continue };
        match cmd.find_subcommand(&arg) {
            Some(sub) => {
                path.push(arg);
                cmd = sub.clone();
            }
            None => break,
        }
    }
    let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).filter(|n| *n != "help").collect();
    format!("error: `{}` needs a command: {} (see --help)", path.join(" "), names.join(", "))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            // --help and --version: what was asked for, on standard output.
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) if err.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = writeln!(std::io::stderr(), "{}", Shown(missing_command_line()));
            return ExitCode::from(2);
        }
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "{}", Shown(usage_error_line(&err)));
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Failed) => ExitCode::from(2),
        Err(err) if is_broken_pipe(err.as_ref()) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "error: {}", Shown(error_line(err.as_ref())));
            ExitCode::from(2)
        }
    }
}
