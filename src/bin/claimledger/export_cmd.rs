//! `export` and `verify --against`: the auditor's commands around whole-ledger exports.
//!
//! The library writes the bytes and does the comparison; this file picks where the bytes go (standard output,
//! or a file replaced atomically only when the export succeeded), draws the progress bar on a terminal, and
//! prints the comparison for people or as JSON Lines.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::SubsecRound;
use claimledger::export::{self, Change, Format};
use claimledger::report::escape::Shown;
use serde_json::json;

use crate::args::{DataFormat, ExportArgs, ExportFormat, VerifyArgs};
use crate::context::{note, progress_allowed, stdout, Context};
use crate::{Outcome, Result};

/// Below this many units of work a bar would only flicker.
const BAR_FROM: u64 = 10_000;

/// A progress callback that draws a bar once the work is known to be large, on a terminal and outside CI.
pub(crate) struct Bar {
    bar: Option<indicatif::ProgressBar>,
}

impl Bar {
    pub(crate) fn new(what: &str) -> Bar {
        let bar = progress_allowed().then(|| {
            let bar = indicatif::ProgressBar::hidden();
            bar.set_style(
                indicatif::ProgressStyle::with_template(&format!("{what} {{bar:40}} {{pos}}/{{len}}"))
                    .expect("the template is valid"),
            );
            bar
        });
        Bar { bar }
    }

    pub(crate) fn update(&self, done: u64, total: u64) {
        let Some(bar) = &self.bar else { return };
        if bar.is_hidden() && total >= BAR_FROM {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        bar.set_length(total);
        bar.set_position(done);
    }

    pub(crate) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

pub fn export(ctx: &Context, args: ExportArgs) -> Result {
    let ledger = ctx.open()?;
    let format = match args.format {
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Claimreview => Format::ClaimReview,
        ExportFormat::Html => Format::Html,
    };
    let now = ctx.now.trunc_subsecs(0);
    if format == Format::Html {
        return html(&ledger, &args, now);
    }
    let bar = Bar::new("exporting");
    let progress = |done, total| bar.update(done, total);
    match &args.output {
        None => {
            export::export(&ledger, format, now, &mut stdout(), &progress)?;
            bar.finish();
        }
        Some(path) => {
            let header = write_atomically(path, |out| Ok(export::export(&ledger, format, now, out, &progress)?))?;
            bar.finish();
            note(format_args!(
                "exported {} records to {} (digest {})",
                header.records(),
                path.display(),
                header.digest
            ));
        }
    }
    Ok(Outcome::Clean)
}

#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    #[error("the ledger has {claims} claims, more than one page of --page-size {page_size} holds: export to a folder (-o report/) or raise --page-size")]
    TooLarge { claims: usize, page_size: usize },
    #[error("cannot write {}: it holds files other than a previous report; choose a new or empty folder", .0.display())]
    NotAReport(PathBuf),
}

/// Whether a folder holds nothing but the pages of an earlier report, so it may be replaced.
fn is_report_folder(dir: &Path) -> std::io::Result<bool> {
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        let page = name == "index.html"
            || name
                .strip_prefix("page-")
                .and_then(|n| n.strip_suffix(".html"))
                .is_some_and(|n| n.parse::<usize>().is_ok());
        if !page {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Pages written as files of one folder.
struct Folder(PathBuf);

impl export::Pages for Folder {
    fn page(
        &mut self,
        name: &str,
        body: &mut dyn FnMut(&mut dyn Write) -> std::result::Result<(), export::Error>,
    ) -> std::result::Result<(), export::Error> {
        let mut out = std::io::BufWriter::new(std::fs::File::create(self.0.join(name))?);
        body(&mut out)?;
        out.flush()?;
        Ok(())
    }
}

/// The HTML report: one page to standard output or a file, or pages in a folder, replaced only on success.
fn html(ledger: &claimledger::ledger::Ledger, args: &ExportArgs, now: chrono::DateTime<chrono::Utc>) -> Result {
    let page_size = args.page_size as usize;
    let folder = args.output.as_ref().filter(|p| p.is_dir() || p.as_os_str().to_string_lossy().ends_with('/'));
    let bar = Bar::new("exporting");
    let progress = |done, total| bar.update(done, total);
    let Some(dir) = folder else {
        let claims = ledger.index().counts()?.first().map_or(0, |(_, n)| *n);
        if claims > page_size {
            return Err(HtmlError::TooLarge { claims, page_size }.into());
        }
        return match &args.output {
            None => {
                export::export(ledger, Format::Html, now, &mut stdout(), &progress)?;
                bar.finish();
                Ok(Outcome::Clean)
            }
            Some(path) => {
                let header =
                    write_atomically(path, |out| Ok(export::export(ledger, Format::Html, now, out, &progress)?))?;
                bar.finish();
                note(format_args!(
                    "exported {} records to {} (digest {})",
                    header.records(),
                    path.display(),
                    header.digest
                ));
                Ok(Outcome::Clean)
            }
        };
    };
    let dir = dir.components().collect::<PathBuf>();
    if dir.exists() && !is_report_folder(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))? {
        return Err(HtmlError::NotAReport(dir).into());
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let open_err = |e: std::io::Error| format!("cannot write {}: {e}", dir.display());
    std::fs::create_dir_all(&parent).map_err(open_err)?;
    let fresh = tempfile::Builder::new().prefix(".claimledger-report-").tempdir_in(&parent).map_err(open_err)?;
    let (header, pages) = export::export_html(ledger, now, page_size, &mut Folder(fresh.path().to_owned()), &progress)?;
    bar.finish();
    // Swap the folders: the old report stays whole until the new one is complete.
    let old = tempfile::Builder::new().prefix(".claimledger-old-").tempdir_in(&parent).map_err(open_err)?;
    if dir.exists() {
        std::fs::rename(&dir, old.path().join("report")).map_err(open_err)?;
    }
    std::fs::rename(fresh.keep(), &dir).map_err(open_err)?;
    drop(old);
    note(format_args!(
        "exported {} claims to {} ({pages} page{})",
        header.count(claimledger::record::Kind::Claim),
        dir.join("index.html").display(),
        if pages == 1 { "" } else { "s" }
    ));
    Ok(Outcome::Clean)
}

/// Writes a file through a temporary sibling renamed into place, so a failed export leaves nothing behind.
fn write_atomically<T>(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let open_err = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    // Asked first so that the message carries the OS error alone, not the temporary file's name.
    std::fs::metadata(dir).map_err(open_err)?;
    // Permissions follow the umask (0644 under 022), as for any file the user writes: an export is for others.
    let tmp = claimledger::store::temp_builder(".claimledger-export-", "").tempfile_in(dir).map_err(open_err)?;
    let mut out = std::io::BufWriter::new(tmp);
    let value = write(&mut out)?;
    let tmp = out.into_inner().map_err(|e| open_err(e.into_error()))?;
    tmp.persist(path).map_err(|e| open_err(e.error))?;
    Ok(value)
}

pub fn verify_against(ctx: &Context, args: VerifyArgs) -> Result {
    let old = args.against.expect("dispatched only with --against");
    let ledger = ctx.open()?;
    let json = args.format == DataFormat::Json;
    let mut out = stdout();
    let bar = Bar::new("comparing");
    let progress = |done, total| bar.update(done, total);
    let mut print = |c: &Change| -> std::io::Result<()> {
        if json {
            let value =
                json!({"change": c.change.as_str(), "kind": c.kind, "id": c.id, "line": c.line, "detail": c.detail});
            serde_json::to_writer(&mut out, &value)?;
            return writeln!(out);
        }
        write!(out, "{} {} {}", c.change.as_str(), c.kind, c.id)?;
        if let Some(line) = c.line {
            write!(out, " (line {line})")?;
        }
        if let Some(detail) = &c.detail {
            write!(out, ": {}", Shown(detail))?;
        }
        writeln!(out)
    };
    let result = export::compare(&ledger, &old, &progress, &mut print)?;
    bar.finish();
    let exported_at = result.old.exported_at.as_deref().unwrap_or("at an unknown time");
    if json {
        let value = json!({"summary": {
            "against": old,
            "exported_at": result.old.exported_at,
            "compared": result.compared,
            "unchanged": result.unchanged,
            "missing": result.missing,
            "changed": result.changed,
            "added": result.added,
            "append_only": result.is_append_only(),
        }});
        serde_json::to_writer(&mut out, &value)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "compared {} records of {} (exported {}): {} unchanged, {} missing, {} changed; {} added since",
            result.compared,
            Shown(old.display()),
            Shown(exported_at),
            result.unchanged,
            result.missing,
            result.changed,
            result.added
        )?;
    }
    out.flush()?;
    if result.is_append_only() {
        Ok(Outcome::Clean)
    } else {
        note(format_args!(
            "verify: the ledger lost or altered records since {}: {} missing, {} changed",
            old.display(),
            result.missing,
            result.changed
        ));
        Ok(Outcome::Findings)
    }
}
