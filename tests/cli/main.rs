//! Integration tests: the real binary in a temporary folder, snapshots of exit code, stdout and stderr.

mod bad_input;
mod check;
mod ci_outputs;
mod claim_units;
mod corpus;
mod diff;
mod export;
mod export_tools;
mod fusion_model;
mod hardening;
mod import;
mod ledger_cmds;
mod lsp;
mod lsp_neovim;
mod match_cmd;
mod output;
mod packaging;
mod properties;
mod rules;
mod tamper;
mod usage;
mod walk;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary working folder with a ledger, and a pinned clock and author.
pub struct Env {
    pub dir: tempfile::TempDir,
}

/// One run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<std::process::Output> for Run {
    fn from(out: std::process::Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Exit code, stdout and stderr in one text, with the temporary folder redacted.
    pub fn snapshot(&self, env: &Env) -> String {
        let text = format!("exit: {}\n--- stdout\n{}--- stderr\n{}", self.code, self.stdout, self.stderr);
        let root = env.dir.path().to_string_lossy().into_owned();
        text.replace(&root, "[TMP]")
    }

    pub fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "stdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self.stdout.trim()
    }
}

pub const NOW: &str = "2026-03-01T12:00:00Z";

impl Env {
    /// An empty folder, no ledger.
    pub fn bare() -> Env {
        Env { dir: tempfile::tempdir().expect("a temporary folder") }
    }

    /// A folder with an initialised `ledger/`.
    #[allow(clippy::new_without_default)] // creating a folder and running the binary is not a default
    pub fn new() -> Env {
        let env = Env::bare();
        env.run(&["init"]).ok();
        env
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn ledger(&self) -> PathBuf {
        self.path().join("ledger")
    }

    pub fn command(&self) -> Command {
        // CLAIMLEDGER_TEST_BIN runs the suite against another build (an older one, to see a test fail before a fix).
        let bin = std::env::var_os("CLAIMLEDGER_TEST_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_claimledger").into());
        let mut cmd = Command::new(bin);
        cmd.current_dir(self.path())
            .env("CLAIMLEDGER_NOW", NOW)
            .env("CLAIMLEDGER_BY", "desk@example.org")
            .env("NO_COLOR", "1")
            .env_remove("CLAIMLEDGER_DIR")
            .env_remove("CI");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command().args(args).output().expect("the binary runs"))
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Every record file in the ledger, sorted: what "nothing written" is checked against.
    pub fn record_files(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for kind in ["claims", "sources", "attributions", "retractions"] {
            let Ok(fans) = std::fs::read_dir(self.ledger().join(kind)) else { continue };
            for fan in fans.flatten() {
                for f in std::fs::read_dir(fan.path()).unwrap().flatten() {
                    out.push(f.path());
                }
            }
        }
        out.sort();
        out
    }

    /// The reference case in small: two sources, three claims, two attributions.
    pub fn seeded(&self) -> Seed {
        let aa = self
            .run(&[
                "source",
                "add",
                "https://www.aa.com.tr/en/americas/trump-says-kazakhstan-has-agreed-to-join-abraham-accords/3737253",
                "--outlet",
                "Anadolu Agency",
                "--published",
                "2025-11-06",
            ])
            .ok()
            .to_owned();
        let fergana = self
            .run(&["source", "add", "https://en.fergana.media/news/144941/?country=kz", "--outlet", "Fergana"])
            .ok()
            .to_owned();
        let ties = self
            .run(&["claim", "add", "Kazakhstan has had diplomatic relations with Israel since 1992."])
            .ok()
            .to_owned();
        let board = self
            .run(&["claim", "add", "Kazakhstan is one of nineteen founding nations of the Board of Peace."])
            .ok()
            .to_owned();
        let landlocked =
            self.run(&["claim", "add", "Kazakhstan is the largest landlocked country in the world."]).ok().to_owned();
        self.run(&[
            "attribute",
            &ties[..8],
            &aa[..8],
            "--quote",
            "Kazakhstan recognised Israel in 1992.",
            "--paraphrase",
        ])
        .ok();
        self.run(&[
            "attribute",
            &board[..8],
            &fergana[..8],
            "--quote",
            "Nineteen countries signed the charter.",
            "--paraphrase",
        ])
        .ok();
        Seed { aa, fergana, ties, board, landlocked }
    }
}

pub struct Seed {
    pub aa: String,
    pub fergana: String,
    pub ties: String,
    pub board: String,
    pub landlocked: String,
}
