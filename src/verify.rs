//! Integrity of a whole ledger, computed from the files alone (the index is not consulted).
//!
//! Every record file is read, parsed strictly, validated against its JSON Schema and field rules, and its id
//! recomputed from its canonical bytes and compared with its name; then every reference is checked to point at
//! an existing record of the right kind. Each problem names the file, what was expected and what was found.
//! On success the report carries the counts per kind and the ledger digest: SHA-256 over the sorted ids, one
//! lowercase hex id and a newline each, which `sort | sha256sum` over the ids reproduces.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::canonical;
use crate::id::Id;
use crate::record::{Kind, Record};
use crate::store::{self, Store};

/// The JSON Schemas of the record kinds, as committed in `schemas/`.
pub const SCHEMAS: [(Kind, &str); 4] = [
    (Kind::Claim, include_str!("../schemas/claim.schema.json")),
    (Kind::Source, include_str!("../schemas/source.schema.json")),
    (Kind::Attribution, include_str!("../schemas/attribution.schema.json")),
    (Kind::Retraction, include_str!("../schemas/retraction.schema.json")),
];

/// One integrity problem, tied to a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: PathBuf,
    pub message: String,
}

/// The outcome of verifying a ledger.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub counts: Vec<(Kind, usize)>,
    pub digest: String,
    pub problems: Vec<Problem>,
    /// Files a killed writer may leave behind (`.tmp-*`): not records, not problems.
    pub temporary_files: usize,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Validates a record value against the JSON Schema of its kind; returns the schema's complaints.
pub fn schema_errors(kind: Kind, value: &serde_json::Value) -> Vec<String> {
    static VALIDATORS: OnceLock<Vec<(Kind, jsonschema::Validator)>> = OnceLock::new();
    let validators = VALIDATORS.get_or_init(|| {
        SCHEMAS
            .iter()
            .map(|(k, text)| {
                let schema: serde_json::Value = serde_json::from_str(text).expect("committed schemas are JSON");
                (*k, jsonschema::validator_for(&schema).expect("committed schemas compile"))
            })
            .collect()
    });
    let validator = &validators.iter().find(|(k, _)| *k == kind).expect("every kind has a schema").1;
    validator.iter_errors(value).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

struct Checked {
    kind: Kind,
    id: Id,
    refs: Vec<(&'static str, Id, &'static [Kind])>,
}

fn check_file(path: &Path, folder_kind: Kind, named: Id) -> Result<Checked, String> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let value = canonical::parse_strict(&bytes).map_err(|e| format!("not strict JSON: {e}"))?;
    let kind = value.get("type").and_then(|t| t.as_str()).and_then(Kind::from_str_opt);
    if let Some(kind) = kind {
        let errors = schema_errors(kind, &value);
        if !errors.is_empty() {
            return Err(format!("does not match schemas/{kind}.schema.json: {}", errors.join("; ")));
        }
    }
    let record: Record = serde_json::from_value(value.clone()).map_err(|e| format!("not a record: {e}"))?;
    record.validate().map_err(|e| format!("invalid {}: {e}", record.kind()))?;
    if record.kind() != folder_kind {
        return Err(format!("is a {} record in the {} folder", record.kind(), folder_kind.dir()));
    }
    let actual = Id::of_bytes(&canonical::to_canonical(&value));
    if actual != named {
        return Err(format!("content hashes to {actual}, but the file is named for {named}"));
    }
    let refs = match &record {
        Record::Attribution(a) => {
            vec![("claim", a.claim, &[Kind::Claim][..]), ("source", a.source, &[Kind::Source][..])]
        }
        Record::Retraction(r) => vec![("target", r.target, &[Kind::Claim, Kind::Source, Kind::Attribution][..])],
        _ => Vec::new(),
    };
    Ok(Checked { kind: record.kind(), id: actual, refs })
}

/// A problem when `path` is a symbolic link: records and the cache must be inside the ledger, and a link would
/// make writes land, and reads come from, somewhere else.
fn symlink_problem(path: &Path, file_type: Option<fs::FileType>) -> Option<Problem> {
    let file_type = file_type.or_else(|| fs::symlink_metadata(path).ok().map(|m| m.file_type()))?;
    if !file_type.is_symlink() {
        return None;
    }
    let target = fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_else(|_| "?".into());
    Some(Problem {
        path: path.to_owned(),
        message: format!("is a symbolic link (to {target}): everything in a ledger must be inside it"),
    })
}

/// Lists every file under the kind folders: record files with the id their name gives, and the rest.
fn walk(store: &Store, problems: &mut Vec<Problem>, temporary: &mut usize) -> Vec<(PathBuf, Kind, Id)> {
    let mut files = Vec::new();
    problems.extend(symlink_problem(&store.cache_dir(), None));
    for kind in Kind::ALL {
        let dir = store.kind_dir(kind);
        if let Some(p) = symlink_problem(&dir, None) {
            problems.push(p);
            continue;
        }
        let Ok(fans) = fs::read_dir(&dir) else { continue };
        for fan in fans.flatten() {
            let fan_name = fan.file_name().to_string_lossy().into_owned();
            if let Some(p) = symlink_problem(&fan.path(), fan.file_type().ok()) {
                problems.push(p);
                continue;
            }
            let Ok(entries) = fs::read_dir(fan.path()) else {
                problems.push(Problem { path: fan.path(), message: "is not a fan-out folder of records".into() });
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if let Some(p) = symlink_problem(&entry.path(), entry.file_type().ok()) {
                    problems.push(p);
                    continue;
                }
                match store::id_from_path(&fan_name, &name) {
                    Some(id) => files.push((entry.path(), kind, id)),
                    None if name.starts_with(store::TEMP_PREFIX) => *temporary += 1,
                    None => problems.push(Problem {
                        path: entry.path(),
                        message: "is not named <2 hex>/<62 hex>.json after a record id".into(),
                    }),
                }
            }
        }
    }
    files
}

/// Verifies every record of the ledger; see the module docs.
pub fn verify(store: &Store, progress: &(dyn Fn(usize, usize) + Sync)) -> Report {
    let mut problems = Vec::new();
    let mut temporary_files = 0;
    let files = walk(store, &mut problems, &mut temporary_files);
    let total = files.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let checked: Vec<(PathBuf, Result<Checked, String>)> = files
        .par_iter()
        .map(|(path, kind, id)| {
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if n % 4096 == 0 {
                progress(n, total);
            }
            (path.clone(), check_file(path, *kind, *id))
        })
        .collect();
    progress(total, total);
    let mut kinds: HashMap<Id, Kind> = HashMap::with_capacity(checked.len());
    let mut ids = Vec::with_capacity(checked.len());
    for (path, result) in &checked {
        match result {
            Ok(c) => {
                kinds.insert(c.id, c.kind);
                ids.push(c.id);
            }
            Err(message) => problems.push(Problem { path: path.clone(), message: message.clone() }),
        }
    }
    for (path, result) in &checked {
        let Ok(c) = result else { continue };
        for (field, target, allowed) in &c.refs {
            match kinds.get(target) {
                Some(k) if allowed.contains(k) => {}
                Some(k) => problems.push(Problem {
                    path: path.clone(),
                    message: format!("{field} {target} is a {k}, expected {}", names(allowed)),
                }),
                None => problems.push(Problem {
                    path: path.clone(),
                    message: format!("{field} {target} does not exist (expected {})", names(allowed)),
                }),
            }
        }
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path).then(a.message.cmp(&b.message)));
    let counts = Kind::ALL.into_iter().map(|k| (k, kinds.values().filter(|v| **v == k).count())).collect();
    Report { counts, digest: digest(&mut ids), problems, temporary_files }
}

fn names(kinds: &[Kind]) -> String {
    let v: Vec<String> = kinds.iter().map(|k| format!("a {k}")).collect();
    v.join(" or ")
}

/// SHA-256 over the sorted ids, each as lowercase hex and a newline.
pub fn digest(ids: &mut [Id]) -> String {
    ids.sort_unstable();
    let mut h = Sha256::new();
    for id in ids.iter() {
        h.update(id.to_hex().as_bytes());
        h.update(b"\n");
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
