//! Which lines of which files changed since a git revision, for `check --diff BASE`.
//!
//! This asks git itself: `git diff --unified=0 BASE` between the revision and the working tree (staged and
//! unstaged changes alike), whose hunk headers `@@ -a,b +c,d @@` name the added or changed lines `c..c+d` of
//! the new side, and `git ls-files` for what git tracks. A file that git does not track (untracked, ignored,
//! or outside the repository) is new: every line of it counts. Running the `git` program rather than
//! linking a git library honours everything a user's repository is set up with (attributes, filters, sparse
//! checkouts, worktrees, the index's stat cache) at no cost in build time or binary size, and `git` is
//! already there wherever a draft lives in git. This module owns the parse; it does not know about findings.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Why the changed lines could not be found.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("--diff needs git: cannot run it")]
    NoGit(#[source] std::io::Error),
    #[error("--diff needs a git repository: {0}")]
    NotARepository(String),
    #[error("git diff {base} failed: {message}")]
    Git { base: String, message: String },
    #[error("cannot parse the output of git diff: {0}")]
    Parse(String),
}

/// The added or changed lines of every file that differs from the base, keyed by canonical path.
#[derive(Debug, Default)]
pub struct ChangedLines {
    root: PathBuf,
    /// Inclusive 1-based line ranges of the new side, per file.
    changed: HashMap<PathBuf, Vec<(usize, usize)>>,
    /// Files git tracks (relative to the root).
    tracked: HashSet<PathBuf>,
}

impl ChangedLines {
    /// The lines changed in the working tree at `dir` since the revision `base`.
    pub fn since(dir: &Path, base: &str) -> Result<ChangedLines, Error> {
        let root = git(dir, &["rev-parse", "--show-toplevel"]).map_err(|e| match e {
            Error::Git { message, .. } => Error::NotARepository(message),
            e => e,
        })?;
        let root = PathBuf::from(root.trim_end_matches(['\n', '\r']));
        let root = root.canonicalize().unwrap_or(root);
        // Settings that would change the patch's shape are pinned: prefixes, colour, external diff drivers.
        let patch = git(
            &root,
            &[
                "-c",
                "core.quotePath=false",
                "diff",
                "--unified=0",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--find-renames",
                "--src-prefix=a/",
                "--dst-prefix=b/",
                base,
                "--",
            ],
        )
        .map_err(|e| match e {
            Error::Git { message, .. } => Error::Git { base: base.to_owned(), message },
            e => e,
        })?;
        let listed = git(&root, &["ls-files", "-z", "--full-name"])?;
        let tracked = listed.split('\0').filter(|p| !p.is_empty()).map(PathBuf::from).collect();
        let changed = parse(&patch)?.into_iter().map(|(path, ranges)| (root.join(path), ranges)).collect();
        Ok(ChangedLines { root, changed, tracked })
    }

    /// Whether anything in lines `first..=last` of this file was added or changed since the base. A path is
    /// taken relative to `cwd` when it is not absolute.
    pub fn touches(&self, cwd: &Path, file: &str, first: usize, last: usize) -> bool {
        let path = cwd.join(file);
        let path = path.canonicalize().unwrap_or(path);
        if let Some(ranges) = self.changed.get(&path) {
            return ranges.iter().any(|(from, to)| *from <= last && first <= *to);
        }
        match path.strip_prefix(&self.root) {
            Ok(relative) => !self.tracked.contains(relative),
            Err(_) => true,
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<String, Error> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().map_err(Error::NoGit)?;
    if !out.status.success() {
        let message = String::from_utf8_lossy(&out.stderr);
        let message = message.lines().find(|l| !l.trim().is_empty()).unwrap_or("no message").trim();
        let message = message.strip_prefix("fatal: ").unwrap_or(message);
        return Err(Error::Git { base: String::new(), message: message.to_owned() });
    }
    String::from_utf8(out.stdout).map_err(|_| Error::Parse("git printed a path that is not UTF-8".into()))
}

/// The new-side line ranges of every file in a `--unified=0` patch, by path relative to the repository.
pub fn parse(patch: &str) -> Result<HashMap<String, Vec<(usize, usize)>>, Error> {
    let mut out: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    let mut current: Option<String> = None;
    for line in patch.lines() {
        if let Some(name) = line.strip_prefix("+++ ") {
            current = if name == "/dev/null" {
                None
            } else {
                let name = unquote(name)?;
                Some(name.strip_prefix("b/").unwrap_or(&name).to_owned())
            };
            if let Some(c) = &current {
                out.entry(c.clone()).or_default();
            }
        } else if let Some(rest) = line.strip_prefix("@@ ") {
            let Some(file) = &current else { continue };
            let new = rest
                .split(' ')
                .find(|p| p.starts_with('+'))
                .ok_or_else(|| Error::Parse(format!("hunk header without a new side: {line:?}")))?;
            let (start, count) = match new[1..].split_once(',') {
                Some((s, c)) => (s, c),
                None => (&new[1..], "1"),
            };
            let bad = || Error::Parse(format!("bad hunk header {line:?}"));
            let start: usize = start.parse().map_err(|_| bad())?;
            let count: usize = count.parse().map_err(|_| bad())?;
            if count > 0 {
                out.get_mut(file).expect("entry made at +++").push((start, start + count - 1));
            }
        }
    }
    Ok(out)
}

/// A path as git prints it: plain, or in double quotes with C escapes when it holds unusual bytes.
fn unquote(name: &str) -> Result<String, Error> {
    let Some(inner) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) else {
        return Ok(name.to_owned());
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut it = inner.bytes();
    while let Some(b) = it.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        let e = it.next().ok_or_else(|| Error::Parse(format!("bad quoted path {name}")))?;
        bytes.push(match e {
            b'n' => b'\n',
            b't' => b'\t',
            b'r' => b'\r',
            b'a' => 7,
            b'b' => 8,
            b'f' => 12,
            b'v' => 11,
            b'0'..=b'7' => {
                let digits = [e, it.next().unwrap_or(b'0'), it.next().unwrap_or(b'0')];
                digits.iter().fold(0u8, |n, d| n.wrapping_mul(8).wrapping_add(d - b'0'))
            }
            other => other,
        });
    }
    String::from_utf8(bytes).map_err(|_| Error::Parse(format!("path {name} is not UTF-8")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hunks_of_the_new_side() {
        let patch = "diff --git a/d.md b/d.md\nindex 1..2 100644\n--- a/d.md\n+++ b/d.md\n\
                     @@ -3 +3 @@ heading\n-old\n+new\n@@ -10,0 +11,2 @@\n+a\n+b\n@@ -20,2 +21,0 @@\n-x\n-y\n\
                     diff --git a/gone.md b/gone.md\n--- a/gone.md\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n\
                     diff --git a/new.md b/new.md\n--- /dev/null\n+++ \"b/caf\\303\\251 \\\"x\\\".md\"\n@@ -0,0 +1,3 @@\n+1\n+2\n+3\n";
        let parsed = parse(patch).unwrap();
        assert_eq!(parsed["d.md"], vec![(3, 3), (11, 12)]);
        assert_eq!(parsed["café \"x\".md"], vec![(1, 3)]);
        assert!(!parsed.contains_key("gone.md"));
    }

    #[test]
    fn touches_overlapping_ranges_and_untracked_files() {
        let root = PathBuf::from("/repo");
        let mut changed = HashMap::new();
        changed.insert(root.join("d.md"), vec![(3, 3), (11, 12)]);
        let tracked = [PathBuf::from("d.md"), PathBuf::from("old.md")].into_iter().collect();
        let lines = ChangedLines { root: root.clone(), changed, tracked };
        assert!(lines.touches(&root, "d.md", 2, 3));
        assert!(lines.touches(&root, "d.md", 12, 14));
        assert!(!lines.touches(&root, "d.md", 4, 10));
        assert!(!lines.touches(&root, "old.md", 1, 100), "tracked and unchanged");
        assert!(lines.touches(&root, "untracked.md", 1, 1), "untracked files are new");
        assert!(lines.touches(&root, "/elsewhere/x.md", 1, 1), "outside the repository is new");
    }
}
