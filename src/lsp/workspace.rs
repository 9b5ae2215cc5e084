//! The server's view of the project: where the ledger is, its open index, and the checker's settings.
//!
//! The ledger is found as the command line finds it (an explicit directory, else the `ledger` entry of the
//! nearest `claimledger.toml`, else `ledger/` in the nearest parent), starting from the workspace folder the
//! editor names. The index is opened once and then kept fresh by the index's own sync, which compares the
//! modification times of the fan-out folders and reads only new files, so a `git pull` or another terminal's
//! `claim add` reaches open documents within one poll. A ledger that is missing or disappears is a state, not an
//! error: the server says so and keeps serving until it comes back. This module reads the disk only through
//! [`Store`], [`Index`] and [`Config`].

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::check::{Settings, Severities};
use crate::config::{self, Config};
use crate::detect::View;
use crate::index::{self, Index, SyncStats};
use crate::store::Store;

/// An open ledger.
pub struct Open {
    pub store: Store,
    pub index: Index,
}

/// Where the ledger stands.
pub enum Ledger {
    Open(Open),
    /// Being opened (the first index build of a large ledger takes minutes) at this directory.
    Opening(PathBuf),
    /// Not there, or not readable: why, in a sentence.
    Unavailable(String),
}

/// What a refresh found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Refresh {
    /// Findings may differ: documents must be checked again.
    pub recheck: bool,
    /// Messages for the person at the editor, with whether each is a problem.
    pub messages: Vec<(bool, String)>,
}

pub struct Workspace {
    explicit: Option<PathBuf>,
    base: PathBuf,
    config: Config,
    /// The settings file and its modification time when last read; `None` before the first read.
    config_stamp: Option<Option<(PathBuf, Option<SystemTime>)>>,
    pub settings: Settings,
    pub ledger: Ledger,
}

/// The checker's settings from `claimledger.toml`, as `check` reads them.
pub fn settings(config: &Config) -> Result<Settings, String> {
    let file = config.path.as_ref().map_or_else(|| config::FILE_NAME.to_owned(), |p| p.display().to_string());
    let bad = |e: String| format!("invalid settings in {file}: {e}");
    let severities = Severities::with_settings(&config.rules).map_err(bad)?;
    let view = match &config.detect.view {
        Some(v) => v.parse::<View>().map_err(|e| bad(e.to_string()))?,
        None => View::default(),
    };
    Ok(Settings { severities, view, threshold: config.threshold() })
}

fn default_settings() -> Settings {
    Settings { severities: Severities::default(), view: View::default(), threshold: None }
}

/// How many distinct folders hold the skipped files (each is listed again on every sync).
fn skipped_folders(skipped: &[crate::store::Skipped]) -> usize {
    skipped.iter().filter_map(|s| s.path.parent()).collect::<std::collections::HashSet<_>>().len()
}

fn stamp(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

impl Workspace {
    /// A workspace rooted at `base` (the editor's workspace folder, or the working directory); `explicit` is a
    /// ledger directory named on the command line or in `CLAIMLEDGER_DIR`. Nothing is opened yet.
    pub fn new(explicit: Option<PathBuf>, base: PathBuf) -> (Workspace, Refresh) {
        let mut ws = Workspace {
            explicit,
            base,
            config: Config::default(),
            config_stamp: None,
            settings: default_settings(),
            ledger: Ledger::Unavailable(String::new()),
        };
        let refresh = ws.reload_settings();
        (ws, refresh)
    }

    /// The ledger directory the settings name, if any.
    pub fn ledger_dir(&self) -> Option<PathBuf> {
        config::find_ledger(self.explicit.as_deref(), None, &self.config, &self.base)
    }

    /// Reads `claimledger.toml` again when it appeared, changed or went away. Invalid settings are reported
    /// and the last good ones kept.
    fn reload_settings(&mut self) -> Refresh {
        let found = self.base.ancestors().map(|d| d.join(config::FILE_NAME)).find(|p| p.is_file());
        let now = Some(found.as_ref().map(|p| (p.clone(), stamp(p))));
        if now == self.config_stamp {
            return Refresh::default();
        }
        let had = self.config_stamp.is_some();
        self.config_stamp = now;
        let mut refresh = Refresh { recheck: true, messages: Vec::new() };
        let loaded = match &found {
            Some(path) => Config::load(path).map_err(|e| error_chain(&e)),
            None => Ok(Config::default()),
        };
        match loaded.and_then(|c| settings(&c).map(|s| (c, s))) {
            Ok((config, settings)) => {
                if had {
                    let what = found.as_ref().map_or("the default settings".into(), |p| p.display().to_string());
                    refresh.messages.push((false, format!("claimledger: settings reloaded from {what}")));
                }
                self.config = config;
                self.settings = settings;
            }
            Err(e) => refresh.messages.push((true, format!("claimledger: {e}; keeping the previous settings"))),
        }
        refresh
    }

    /// Brings settings and ledger up to date. An open index syncs with the files; a ledger that is gone or not
    /// yet there is looked for again. Returns the directory to open when the ledger (re)appeared: opening may
    /// take minutes, so the caller decides where it runs.
    pub fn refresh(&mut self) -> (Refresh, Option<PathBuf>) {
        let mut refresh = self.reload_settings();
        let dir = self.ledger_dir();
        match &mut self.ledger {
            Ledger::Opening(_) => (refresh, None),
            Ledger::Open(open) => {
                let root = open.store.root().to_owned();
                let same = |d: &Path| match (d.canonicalize(), root.canonicalize()) {
                    (Ok(a), Ok(b)) => a == b,
                    _ => true, // a ledger that is gone is reported as gone, not as moved
                };
                let moved = dir.as_deref().is_some_and(|d| !same(d));
                if moved || !root.is_dir() {
                    let why = match missing(dir.as_deref()) {
                        _ if moved => format!("the settings now name another ledger than {}", root.display()),
                        Some(why) => why,
                        None => format!("the ledger at {} is gone", root.display()),
                    };
                    refresh.messages.push((!moved, format!("claimledger: {why}")));
                    refresh.recheck = true;
                    self.ledger = Ledger::Unavailable(why);
                    return (refresh, dir.filter(|d| d.is_dir()));
                }
                match open.index.sync(&open.store) {
                    // Another process that writes records (a `claim add`) puts them in the index itself, so
                    // the sync may add nothing; a folder it had to list again is the sign of a change. A folder
                    // stays "to be listed" for two seconds after its last change, so this holds for at least
                    // one poll. Folders holding skipped files are listed on every sync and do not count.
                    Ok(SyncStats { added: 0, removed: 0, folders_listed, skipped })
                        if folders_listed <= skipped_folders(&skipped) => {}
                    Ok(_) => refresh.recheck = true,
                    Err(e) => {
                        let why = format!("the ledger index could not be brought up to date: {}", error_chain(&e));
                        refresh.messages.push((true, format!("claimledger: {why}")));
                    }
                }
                (refresh, None)
            }
            Ledger::Unavailable(old) => {
                let Some(why) = missing(dir.as_deref()) else { return (refresh, dir) };
                if *old != why {
                    refresh.messages.push((true, format!("claimledger: {why}")));
                    refresh.recheck = true;
                    *old = why;
                }
                (refresh, None)
            }
        }
    }

    /// Takes the result of opening the ledger.
    pub fn opened(&mut self, result: Result<Open, String>) -> Refresh {
        let mut refresh = Refresh { recheck: true, messages: Vec::new() };
        match result {
            Ok(open) => self.ledger = Ledger::Open(open),
            Err(why) => {
                refresh.messages.push((true, format!("claimledger: {why}")));
                self.ledger = Ledger::Unavailable(why);
            }
        }
        refresh
    }

    /// Whether documents can be checked now (an index being built is waited for, not reported as missing).
    pub fn ready(&self) -> bool {
        !matches!(self.ledger, Ledger::Opening(_))
    }

    /// Why there are no findings, when the ledger is not open.
    pub fn unavailable(&self) -> Option<String> {
        match &self.ledger {
            Ledger::Open(_) => None,
            Ledger::Opening(dir) => Some(format!("the ledger index at {} is being built", dir.display())),
            Ledger::Unavailable(why) => Some(why.clone()),
        }
    }
}

/// Why there is no ledger at `dir` (the directory the settings name, if any); `None` when there is one.
fn missing(dir: Option<&Path>) -> Option<String> {
    match dir {
        None => Some(
            "no ledger found: run `claimledger init` in the workspace, or name one with --ledger DIR, \
             CLAIMLEDGER_DIR or the `ledger` entry of claimledger.toml"
                .to_owned(),
        ),
        Some(d) if d.is_dir() => None,
        Some(d) => Some(format!("no ledger at {}: run `claimledger init`", d.display())),
    }
}

/// Opens a ledger and its index (building or bringing it up to date), reporting progress (folders done, total).
pub fn open(dir: &Path, progress: &dyn Fn(usize, usize)) -> Result<Open, String> {
    let store = Store::open(dir).map_err(|e| error_chain(&e))?;
    let (index, _) = Index::open_with(&store, progress).map_err(|e: index::Error| error_chain(&e))?;
    Ok(Open { store, index })
}

/// An error and its causes on one line, as the command line prints them.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut line = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !line.ends_with(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        cause = c.source();
    }
    line
}
