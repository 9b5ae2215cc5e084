//! What every command needs: the ledger location, the settings, "now", who is recording, and output handles.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, SubsecRound, Utc};
use claimledger::config::{self, Config};
use claimledger::ledger::{Ledger, Stamp};
use claimledger::report::escape::Shown;
use claimledger::store::Skipped;

use crate::args::{ColorChoice, Globals};

pub struct Context {
    pub explicit_ledger: Option<PathBuf>,
    pub config: Config,
    pub cwd: PathBuf,
    pub now: DateTime<Utc>,
    /// Whether human output on standard output may be coloured.
    pub color: bool,
    /// `-q`: only what was asked for, and errors.
    pub quiet: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("no ledger found: run `claimledger init`, pass --ledger DIR, or set CLAIMLEDGER_DIR")]
pub struct NoLedger;

#[derive(Debug, thiserror::Error)]
#[error("CLAIMLEDGER_NOW {0:?} is not an RFC 3339 time")]
pub struct BadNow(String);

/// Set once from `-q`; notes and warnings are dropped while it is set.
static QUIET: AtomicBool = AtomicBool::new(false);

impl Context {
    pub fn new(explicit_ledger: Option<PathBuf>, globals: &Globals) -> crate::Result<Context> {
        QUIET.store(globals.quiet, Ordering::Relaxed);
        let cwd = std::env::current_dir()?;
        let config = match &globals.config {
            Some(path) => Config::load(path)?,
            None => Config::discover(&cwd)?,
        };
        // Pinning the clock makes recorded times, and so record ids, reproducible (tests, re-runs of scripts).
        let now = match std::env::var("CLAIMLEDGER_NOW") {
            Ok(s) => DateTime::parse_from_rfc3339(&s).map_err(|_| BadNow(s))?.with_timezone(&Utc),
            Err(_) => Utc::now(),
        };
        let color = color_wanted(globals.color, std::io::stdout().is_terminal());
        Ok(Context { explicit_ledger, config, cwd, now, color, quiet: globals.quiet })
    }

    /// The ledger directory, found as documented in `claimledger::config`.
    pub fn ledger_dir(&self) -> Option<PathBuf> {
        let env = std::env::var_os("CLAIMLEDGER_DIR").filter(|v| !v.is_empty()).map(PathBuf::from);
        config::find_ledger(self.explicit_ledger.as_deref(), env.as_deref(), &self.config, &self.cwd)
    }

    pub fn open(&self) -> crate::Result<Ledger> {
        let dir = self.ledger_dir().ok_or(NoLedger)?;
        if !progress_allowed() {
            let ledger = Ledger::open(dir)?;
            warn_skipped(&ledger.synced().skipped);
            return Ok(ledger);
        }
        // A bar only for real rebuilds (a fresh clone, a new index version, a large pull), not for the few
        // folders an ordinary command re-lists.
        let bar: std::cell::OnceCell<indicatif::ProgressBar> = std::cell::OnceCell::new();
        let ledger = Ledger::open_with(dir, &|done, total| {
            if total < 64 {
                return;
            }
            let bar = bar.get_or_init(|| {
                let bar = indicatif::ProgressBar::new(total as u64);
                bar.set_style(
                    indicatif::ProgressStyle::with_template("indexing the ledger {bar:40} {pos}/{len} folders")
                        .expect("the template is valid"),
                );
                bar
            });
            bar.set_position(done as u64);
        })?;
        if let Some(bar) = bar.get() {
            bar.finish_and_clear();
        }
        warn_skipped(&ledger.synced().skipped);
        Ok(ledger)
    }

    /// The author of new event records.
    pub fn stamp(&self, by: Option<String>) -> Stamp {
        let by = by
            .or_else(|| std::env::var("CLAIMLEDGER_BY").ok())
            .filter(|s| !s.trim().is_empty())
            .or_else(git_email)
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "unknown".to_owned());
        // Whole seconds: records read well, and a command repeated within the second is idempotent.
        Stamp { by, at: self.now.trunc_subsecs(0) }
    }
}

fn git_email() -> Option<String> {
    let out = std::process::Command::new("git").args(["config", "user.email"]).output().ok()?;
    let email = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (out.status.success() && !email.is_empty()).then_some(email)
}

/// Whether long work may draw a progress bar: a terminal on stderr, and not CI.
pub fn progress_allowed() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// Whether to colour: `--color always|never` decide; `auto` follows NO_COLOR (any non-empty value turns colour
/// off), then CLICOLOR_FORCE (any value but 0 turns it on, even into a pipe), then CLICOLOR=0, then whether
/// standard output is a terminal that is not `dumb`.
pub fn color_wanted(choice: ColorChoice, terminal: bool) -> bool {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if var("NO_COLOR").is_some() => false,
        ColorChoice::Auto if var("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto if var("CLICOLOR").is_some_and(|v| v == "0") => false,
        ColorChoice::Auto => terminal && var("TERM").is_none_or(|t| t != "dumb"),
    }
}

/// Records the index left out: named once per command, each on one line, a few at most.
fn warn_skipped(skipped: &[Skipped]) {
    const SHOWN: usize = 10;
    for s in skipped.iter().take(SHOWN) {
        warn(format_args!("skipped {}: {}; run `claimledger verify`", s.path.display(), s.reason));
    }
    if skipped.len() > SHOWN {
        warn(format_args!("skipped {} more bad record files; run `claimledger verify`", skipped.len() - SHOWN));
    }
}

/// Standard output, buffered and locked.
pub fn stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::new(std::io::stdout().lock())
}

/// A note for people on standard error (never data), on one line with control characters escaped; `-q` drops
/// it.
pub fn note(message: impl std::fmt::Display) {
    if !QUIET.load(Ordering::Relaxed) {
        let _ = writeln!(std::io::stderr(), "{}", Shown(message));
    }
}

/// `warning: ...` on standard error; `-q` drops it.
pub fn warn(message: impl std::fmt::Display) {
    note(format_args!("warning: {message}"));
}

/// `error: ...` on standard error for a problem the command goes on after (one draft of many); always shown.
pub fn error(message: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr(), "error: {}", Shown(message));
}
