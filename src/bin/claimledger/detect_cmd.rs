//! `detect`: every sentence of the drafts with the detector's scores, decisions and strongest features.

use std::io::Write;

use claimledger::detect::{Detector, View};
use claimledger::markdown;
use claimledger::report::escape::Shown;
use serde_json::json;

use crate::args::{DataFormat, DetectArgs};
use crate::check_cmd::settings;
use crate::context::{error, stdout, Context};
use crate::drafts;
use crate::{Outcome, Result};

pub fn detect(ctx: &Context, args: DetectArgs) -> Result {
    let settings = settings(ctx)?;
    let detector = Detector::builtin();
    let mut out = stdout();
    let mut failed = 0;
    for draft in drafts::collect(&args.paths, &args.walk)? {
        let text = match draft.text {
            Ok(t) => t,
            Err(why) => {
                failed += 1;
                error(format_args!("{} {why}", draft.name));
                continue;
            }
        };
        for s in markdown::extract(&text).sentences {
            let scores = detector.scores(&s.text);
            let decide = |v: View| {
                let threshold = if v == settings.view { settings.threshold } else { None };
                detector.is_claim(&s.text, v, threshold)
            };
            let features = detector.explain(&s.text, settings.view, args.explain);
            if args.format == DataFormat::Json {
                let v = json!({
                    "file": draft.name,
                    "line": s.start.line,
                    "column": s.start.column,
                    "text": s.text,
                    "claim": decide(settings.view),
                    "view": settings.view,
                    "checkworthy": {"score": scores.checkworthy, "claim": decide(View::CheckWorthy)},
                    "factual": {"score": scores.factual, "claim": decide(View::Factual)},
                    "features": features,
                });
                serde_json::to_writer(&mut out, &v)?;
                writeln!(out)?;
                continue;
            }
            let mark = if decide(settings.view) { "claim" } else { "-    " };
            writeln!(
                out,
                "{}:{}:{}: {mark}  factual {:.2}  checkworthy {:.2}  {}",
                Shown(&draft.name),
                s.start.line,
                s.start.column,
                scores.factual,
                scores.checkworthy,
                Shown(&s.text)
            )?;
            if !features.is_empty() {
                let parts: Vec<String> = features.iter().map(|c| format!("{} {:+.2}", c.feature, c.weight)).collect();
                writeln!(out, "    {}", parts.join(", "))?;
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        return Ok(Outcome::Failed);
    }
    Ok(Outcome::Clean)
}
