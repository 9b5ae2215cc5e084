//! `import`: claims, sources and attributions in bulk from CSV, JSON Lines and ClaimReview files.
//!
//! Reads every file, lets the library check all of them against the ledger, then writes the new records in
//! one batch (with a progress bar on a terminal) and prints what was added and what the ledger already had.

use std::io::{Read, Write};

use claimledger::import::{self, Format, Input, Summary};
use serde_json::json;

use crate::args::{ImportArgs, ImportFormat};
use crate::context::{stdout, Context};
use crate::export_cmd::Bar;
use crate::{Outcome, Result};

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot tell the format of {0}: name it .csv, .jsonl or .json/.jsonld, or pass --format")]
    UnknownFormat(String),
    #[error("standard input needs --format")]
    StdinFormat,
    #[error("cannot read {name}")]
    Read { name: String, source: std::io::Error },
}

fn read_inputs(args: &ImportArgs) -> Result<Vec<Input>> {
    let forced = args.format.map(|f| match f {
        ImportFormat::Csv => Format::Csv,
        ImportFormat::Jsonl => Format::Jsonl,
        ImportFormat::Claimreview => Format::ClaimReview,
    });
    let mut inputs = Vec::with_capacity(args.files.len());
    for path in &args.files {
        if path.as_os_str() == "-" {
            let format = forced.ok_or(InputError::StdinFormat)?;
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|source| InputError::Read { name: "standard input".into(), source })?;
            inputs.push(Input { name: "<stdin>".into(), format, bytes });
            continue;
        }
        let name = path.display().to_string();
        let format =
            forced.or_else(|| Format::from_name(&name)).ok_or_else(|| InputError::UnknownFormat(name.clone()))?;
        let bytes = std::fs::read(path).map_err(|source| InputError::Read { name: name.clone(), source })?;
        inputs.push(Input { name, format, bytes });
    }
    Ok(inputs)
}

pub fn import(ctx: &Context, args: ImportArgs) -> Result {
    let inputs = read_inputs(&args)?;
    let mut ledger = ctx.open()?;
    let stamp = ctx.stamp(args.by.clone());
    let plan = import::plan(&ledger, &inputs, &stamp)?;
    if !args.dry_run && !plan.records().is_empty() {
        let bar = Bar::new("importing");
        import::apply(&mut ledger, &plan, &|done, total| bar.update(done, total))?;
        bar.finish();
    }
    let mut out = stdout();
    report(&mut out, &plan.summary, inputs.len(), args.dry_run, args.json)?;
    out.flush()?;
    Ok(Outcome::Clean)
}

fn report(out: &mut dyn Write, s: &Summary, files: usize, dry_run: bool, as_json: bool) -> std::io::Result<()> {
    if as_json {
        let counts = |c: &import::Counts| json!({"claims": c.0[0], "sources": c.0[1], "attributions": c.0[2], "retractions": c.0[3]});
        let value = json!({
            "files": files,
            "rows": s.rows,
            "dry_run": dry_run,
            "added": counts(&s.added),
            "existing": counts(&s.existing),
            "unsupported_reviews": s.unsupported_reviews,
            "unquoted_appearances": s.unquoted_appearances,
        });
        serde_json::to_writer(&mut *out, &value)?;
        return writeln!(out);
    }
    let verb = if dry_run { "would add" } else { "added" };
    writeln!(out, "read {} row(s) from {files} file(s)", s.rows)?;
    writeln!(out, "{verb}: {}", s.added)?;
    writeln!(out, "already in the ledger: {}", s.existing)?;
    if s.unsupported_reviews > 0 {
        writeln!(
            out,
            "{} review(s) do not rate their claim true: those claims are recorded without that review as a source",
            s.unsupported_reviews
        )?;
    }
    if s.unquoted_appearances > 0 {
        writeln!(
            out,
            "{} appearance(s) have no claimledger:quote: their sources are not attributed",
            s.unquoted_appearances
        )?;
    }
    Ok(())
}
