//! `claimledger.toml` and where the ledger is: the settings a project commits beside its drafts.
//!
//! The ledger is found as git finds `.git`: an explicit directory, else `CLAIMLEDGER_DIR`, else the `ledger`
//! entry of the nearest `claimledger.toml` walking up from the working directory (relative to that file), else
//! `ledger/` in the nearest directory walking up that has one. This module reads files but writes none.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub const FILE_NAME: &str = "claimledger.toml";

/// Problems reading the settings file. Each names the file, and the key or the line and column, on one line.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("invalid settings in {}: line {line}, column {column}: {message}", path.display())]
    Parse { path: PathBuf, line: usize, column: usize, message: String },
    #[error("invalid settings in {}: {key}: {message}", path.display())]
    Value { path: PathBuf, key: &'static str, message: String },
}

/// The contents of `claimledger.toml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The ledger directory, relative to the settings file.
    pub ledger: Option<PathBuf>,
    /// Per-rule severity: `error`, `warning`, `note` or `off`.
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
    /// Settings of the claim detector.
    #[serde(default)]
    pub detect: DetectSettings,
    /// Where the file was found; set after loading.
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// `[detect]` in `claimledger.toml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectSettings {
    /// Which decision `check` enforces: `factual` (default) or `checkworthy`.
    pub view: Option<String>,
    /// A score threshold overriding the model's: a probability, from 0 to 1.
    pub threshold: Option<f64>,
}

/// The severities a rule can be set to in `[rules]`.
pub const SEVERITIES: [&str; 4] = ["error", "warning", "note", "off"];

impl Config {
    /// Loads the nearest `claimledger.toml` walking up from `start`, or the defaults when there is none.
    pub fn discover(start: &Path) -> Result<Config, Error> {
        for dir in start.ancestors() {
            let path = dir.join(FILE_NAME);
            if path.is_file() {
                return Self::load(&path);
            }
        }
        Ok(Config::default())
    }

    /// Loads and checks a settings file: unknown keys, values of the wrong type and values out of range are
    /// errors (a threshold of 7.5 or `nan` would silently switch the gate off).
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
        Self::parse(&text, path)
    }

    /// Reads settings from text; `path` is the file they are said to come from.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Error> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start).min(text.len());
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            // The message alone: toml's Display adds the source lines around the error.
            let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
            Error::Parse { path: path.to_owned(), line, column, message }
        })?;
        config.path = Some(path.to_owned());
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), Error> {
        let path = self.path.clone().unwrap_or_else(|| PathBuf::from(FILE_NAME));
        let value = |key, message| Error::Value { path: path.clone(), key, message };
        if let Some(ledger) = &self.ledger {
            if ledger.as_os_str().is_empty() {
                return Err(value("ledger", "is empty: name the ledger directory, relative to this file".into()));
            }
        }
        for (rule, level) in &self.rules {
            if !SEVERITIES.contains(&level.as_str()) {
                return Err(value(
                    "rules",
                    format!("{rule} = {level:?} is not a severity (allowed: {})", SEVERITIES.join(", ")),
                ));
            }
        }
        if let Some(view) = &self.detect.view {
            view.parse::<crate::detect::View>().map_err(|e| value("detect.view", e.to_string()))?;
        }
        if let Some(t) = self.detect.threshold {
            if !(0.0..=1.0).contains(&t) {
                return Err(value(
                    "detect.threshold",
                    format!("{t} is out of range: a threshold is a probability from 0.0 to 1.0"),
                ));
            }
        }
        Ok(())
    }

    /// The detector threshold, when set (validated to lie in `[0, 1]`).
    pub fn threshold(&self) -> Option<f32> {
        self.detect.threshold.map(|t| t as f32)
    }

    /// The ledger directory this configuration names, resolved against the file's folder.
    pub fn ledger_dir(&self) -> Option<PathBuf> {
        let ledger = self.ledger.as_ref()?;
        let base = self.path.as_ref().and_then(|p| p.parent()).unwrap_or(Path::new("."));
        Some(base.join(ledger))
    }
}

/// Finds the ledger directory; see the module docs. `None` when nothing names or holds one.
pub fn find_ledger(explicit: Option<&Path>, env: Option<&Path>, config: &Config, cwd: &Path) -> Option<PathBuf> {
    if let Some(dir) = explicit.or(env) {
        return Some(dir.to_owned());
    }
    if let Some(dir) = config.ledger_dir() {
        return Some(dir);
    }
    cwd.ancestors().map(|d| d.join("ledger")).find(|d| d.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_order() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let deep = root.join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::create_dir_all(root.join("ledger")).unwrap();
        let none = Config::default();
        assert_eq!(find_ledger(None, None, &none, &deep), Some(root.join("ledger")));
        std::fs::write(root.join("a").join(FILE_NAME), "ledger = \"../facts\"\n").unwrap();
        let config = Config::discover(&deep).unwrap();
        assert_eq!(find_ledger(None, None, &config, &deep), Some(root.join("a").join("../facts")));
        let env = root.join("env");
        assert_eq!(find_ledger(None, Some(&env), &config, &deep), Some(env.clone()));
        let flag = root.join("flag");
        assert_eq!(find_ledger(Some(&flag), Some(&env), &config, &deep), Some(flag));
    }

    #[test]
    fn rejects_unknown_settings() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(FILE_NAME);
        std::fs::write(&path, "ledgr = \"x\"\n").unwrap();
        let err = Config::load(&path).unwrap_err();
        assert!(matches!(err, Error::Parse { line: 1, column: 1, .. }), "{err:?}");
        assert!(err.to_string().contains("unknown field `ledgr`"), "{err}");
        assert!(!err.to_string().contains('\n'), "{err}");
    }

    #[test]
    fn settings_are_checked_and_errors_name_file_and_key() {
        let p = Path::new("site/claimledger.toml");
        let cases: [(&str, &str); 11] = [
            ("[detect]\nthreshold = 7.5\n", "detect.threshold: 7.5 is out of range"),
            ("[detect]\nthreshold = -3.0\n", "detect.threshold: -3 is out of range"),
            ("[detect]\nthreshold = nan\n", "detect.threshold: NaN is out of range"),
            ("[detect]\nthreshold = inf\n", "detect.threshold: inf is out of range"),
            ("[detect]\nthreshold = \"high\"\n", "line 2, column 13: invalid type: string"),
            ("[detect]\nview = \"loose\"\n", "detect.view: unknown detector view \"loose\""),
            ("[detect]\nthreshhold = 0.5\n", "line 2, column 1: unknown field `threshhold`"),
            ("[rules]\nmisattributed = \"fatal\"\n", "rules: misattributed = \"fatal\" is not a severity"),
            ("[rules]\nmisattributed = 3\n", "line 2, column 17: invalid type: integer"),
            ("ledger = \"\"\n", "ledger: is empty"),
            ("[detect\n", "line 1, column 8"),
        ];
        for (text, expected) in cases {
            let err = Config::parse(text, p).unwrap_err().to_string();
            assert!(err.starts_with("invalid settings in site/claimledger.toml: "), "{err}");
            assert!(err.contains(expected), "{text:?}: {err}");
            assert!(!err.contains('\n'), "{err}");
        }
        let ok =
            Config::parse("[detect]\nthreshold = 1\nview = \"checkworthy\"\n[rules]\nmisattributed = \"off\"\n", p);
        assert_eq!(ok.unwrap().threshold(), Some(1.0));
    }
}
