//! `claimledger.toml` and where the ledger is: the settings a project commits beside its drafts.
//!
//! The ledger is found as git finds `.git`: an explicit directory, else `CLAIMLEDGER_DIR`, else the `ledger`
//! entry of the nearest `claimledger.toml` walking up from the working directory (relative to that file), else
//! `ledger/` in the nearest directory walking up that has one. This module reads files but writes none.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub const FILE_NAME: &str = "claimledger.toml";

/// Problems reading the settings file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("invalid settings in {}", path.display())]
    Parse { path: PathBuf, source: Box<toml::de::Error> },
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
    /// A score threshold overriding the model's.
    pub threshold: Option<f32>,
}

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

    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_owned(), source })?;
        let mut config: Config =
            toml::from_str(&text).map_err(|e| Error::Parse { path: path.to_owned(), source: Box::new(e) })?;
        config.path = Some(path.to_owned());
        Ok(config)
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
        assert!(matches!(Config::load(&path), Err(Error::Parse { .. })));
    }
}
