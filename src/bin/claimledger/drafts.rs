//! Reading drafts named on the command line: files, directories (recursively, `*.md` and `*.markdown`, in
//! name order) and `-` for standard input. A draft that cannot be read is an error for that draft only.

use std::io::Read;
use std::path::{Path, PathBuf};

/// A draft to check: the name reported, and its text or why it could not be read.
pub struct Draft {
    pub name: String,
    pub text: Result<String, String>,
}

fn is_markdown(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "markdown"))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let ft = e.file_type()?;
        if ft.is_dir() {
            walk(&path, out)?;
        } else if is_markdown(&path) {
            out.push(path);
        }
    }
    Ok(())
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

/// Every draft the arguments name, in order.
pub fn collect(paths: &[PathBuf]) -> Vec<Draft> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            let text = std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot be read ({e})"))
                .and_then(|_| decode(bytes));
            out.push(Draft { name: "<stdin>".into(), text });
            continue;
        }
        if path.is_dir() {
            let mut files = Vec::new();
            if let Err(e) = walk(path, &mut files) {
                out.push(Draft {
                    name: path.display().to_string(),
                    text: Err(format!("cannot be read as a directory ({e})")),
                });
            }
            for f in files {
                let text = std::fs::read(&f).map_err(|e| format!("cannot be read ({e})")).and_then(decode);
                out.push(Draft { name: f.display().to_string(), text });
            }
            continue;
        }
        let text = std::fs::read(path).map_err(|e| format!("cannot be read ({})", lower(&e))).and_then(decode);
        out.push(Draft { name: path.display().to_string(), text });
    }
    out
}

fn lower(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
