//! Reading drafts named on the command line: files, folders and `-` for standard input.
//!
//! Folders are walked as ripgrep walks them (the `ignore` crate): `.gitignore`, `.ignore` and git's exclude
//! files are respected (inside a git repository or not), hidden files and folders are left out, links are not
//! followed, and entries come in name order. A file in a folder is a draft when its extension is `md` or
//! `markdown` in any case (`NEW.MD`), or, when `--glob` names files to read, when it matches one of them;
//! `--exclude` and `--glob '!…'` leave files and folders out. A file named on the command line is always read.
//!
//! Only regular files are read: a named pipe, a socket or a device could block the run forever or never end.
//! One found in a folder is skipped with a note; one named on the command line is an error for that draft.
//! A draft that cannot be read is an error for that draft only: the others are still read.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use ignore::overrides::{Override, OverrideBuilder};

use crate::args::WalkArgs;
use crate::context::note;

/// A draft to check: the name reported, and its text or why it could not be read.
pub struct Draft {
    pub name: String,
    pub text: Result<String, String>,
}

/// A `--glob` or `--exclude` pattern that is not a glob.
#[derive(Debug, thiserror::Error)]
#[error("invalid glob {glob:?}: {reason}")]
pub struct BadGlob {
    glob: String,
    reason: String,
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// What kind of file this is, for a message about a file that is not regular.
fn describe(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        return "a directory";
    }
    "not a regular file"
}

/// Why bytes are not a draft: not UTF-8, or binary.
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(format!("is a binary file (NUL byte at offset {at}), not a Markdown draft"));
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))
}

fn lower(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = e.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

/// Reads a regular file. The file is opened without blocking (a pipe swapped in after a check could otherwise
/// hang the open) and checked to be regular on the open handle before a byte is read.
fn read_regular(path: &Path) -> Result<String, String> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path).map_err(|e| format!("cannot be read ({})", lower(&e)))?;
    let meta = file.metadata().map_err(|e| format!("cannot be read ({})", lower(&e)))?;
    if !meta.is_file() {
        return Err(format!(
            "is not a regular file ({}): pass its text on standard input with -",
            describe(meta.file_type())
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes).map_err(|e| format!("cannot be read ({})", lower(&e)))?;
    decode(bytes)
}

/// The `--glob` and `--exclude` patterns of a walk from `root`.
fn overrides(root: &Path, walk: &WalkArgs) -> Result<Override, BadGlob> {
    let mut builder = OverrideBuilder::new(root);
    let patterns = walk.globs.iter().cloned().chain(walk.exclude.iter().map(|g| format!("!{g}")));
    for glob in patterns {
        builder.add(&glob).map_err(|e| BadGlob { glob: glob.clone(), reason: e.to_string() })?;
    }
    builder.build().map_err(|e| BadGlob { glob: String::new(), reason: e.to_string() })
}

/// The drafts in a folder, in name order; files that are not regular are skipped with a note.
fn walk_dir(dir: &Path, walk: &WalkArgs, out: &mut Vec<Draft>) -> Result<(), BadGlob> {
    let by_glob = walk.globs.iter().any(|g| !g.starts_with('!'));
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(!walk.no_ignore)
        .hidden(!walk.hidden)
        .require_git(false)
        .follow_links(false)
        .overrides(overrides(dir, walk)?)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let name = match &e {
                    ignore::Error::WithPath { path, .. } => path.display().to_string(),
                    _ => dir.display().to_string(),
                };
                out.push(Draft { name, text: Err(format!("cannot be read ({})", e.to_string().to_lowercase())) });
                continue;
            }
        };
        let Some(file_type) = entry.file_type() else { continue };
        let path = entry.path();
        if file_type.is_dir() || file_type.is_symlink() || entry.depth() == 0 {
            continue;
        }
        if !(by_glob || is_markdown(path)) {
            continue;
        }
        if !file_type.is_file() {
            note(format_args!("skipped {}: {}, not a regular file", path.display(), describe(file_type)));
            continue;
        }
        out.push(Draft { name: path.display().to_string(), text: read_regular(path) });
    }
    Ok(())
}

/// Every draft the arguments name, in order.
pub fn collect(paths: &[PathBuf], walk: &WalkArgs) -> Result<Vec<Draft>, BadGlob> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            let text = std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot be read ({})", lower(&e)))
                .and_then(|_| decode(bytes));
            out.push(Draft { name: "<stdin>".into(), text });
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk_dir(path, walk, &mut out)?,
            Ok(meta) if !meta.is_file() => out.push(Draft {
                name: path.display().to_string(),
                text: Err(format!(
                    "is not a regular file ({}): pass its text on standard input with -",
                    describe(meta.file_type())
                )),
            }),
            Ok(_) => out.push(Draft { name: path.display().to_string(), text: read_regular(path) }),
            Err(e) => out
                .push(Draft { name: path.display().to_string(), text: Err(format!("cannot be read ({})", lower(&e))) }),
        }
    }
    Ok(out)
}
