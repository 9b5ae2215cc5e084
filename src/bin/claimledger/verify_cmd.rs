//! `verify`: the auditor's integrity check, with a progress bar on a terminal.

use std::io::Write;

use claimledger::report::escape::Shown;
use claimledger::store::Store;
use serde_json::json;

use crate::args::{DataFormat, VerifyArgs};
use crate::context::{progress_allowed, stdout, Context, NoLedger};
use crate::{Outcome, Result};

pub fn verify(ctx: &Context, args: VerifyArgs) -> Result {
    let dir = ctx.ledger_dir().ok_or(NoLedger)?;
    let store = Store::open(dir)?;
    let bar = progress_allowed().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("verifying {bar:40} {pos}/{len} records")
                .expect("the template is valid"),
        );
        bar
    });
    let report = claimledger::verify::verify(&store, &|done, total| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut out = stdout();
    let total: usize = report.counts.iter().map(|(_, n)| n).sum();
    if args.format == DataFormat::Json {
        let counts: serde_json::Map<String, serde_json::Value> =
            report.counts.iter().map(|(k, n)| (k.dir().to_owned(), json!(n))).collect();
        let value = json!({
            "ok": report.is_clean(),
            "records": total,
            "counts": counts,
            "digest": report.is_clean().then_some(&report.digest),
            "problems": report.problems.iter().map(|p| json!({"path": p.path, "message": p.message})).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
    } else {
        for p in &report.problems {
            writeln!(out, "{}: {}", Shown(p.path.display()), Shown(&p.message))?;
        }
        if report.is_clean() {
            let parts: Vec<String> = report.counts.iter().map(|(k, n)| format!("{} {n}", k.dir())).collect();
            writeln!(out, "verified {total} records ({})", parts.join(", "))?;
            writeln!(out, "digest {}", report.digest)?;
        }
    }
    out.flush()?;
    if report.temporary_files > 0 {
        crate::context::note(format_args!(
            "note: {} temporary file(s) left by an interrupted write were ignored",
            report.temporary_files
        ));
    }
    if report.is_clean() {
        Ok(Outcome::Clean)
    } else {
        crate::context::note(format_args!("verify: {} problem(s) found", report.problems.len()));
        Ok(Outcome::Findings)
    }
}
