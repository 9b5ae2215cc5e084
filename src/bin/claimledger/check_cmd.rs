//! `check` and `match`: drafts against the ledger, reported in the chosen format.

use std::collections::HashMap;
use std::io::Write;

use claimledger::check::{Checker, ClaimMatch, Finding, MatchedBy, Settings, Severities, Severity};
use claimledger::detect::{Detector, View};
use claimledger::matching::{self, Decision};
use claimledger::report::escape::Shown;
use claimledger::{markdown, report};
use serde_json::json;

use crate::args::{CheckArgs, CheckFormat, DataFormat, MatchArgs, MinSeverity};
use crate::context::{error, note, stdout, Context};
use crate::drafts;
use crate::{Outcome, Result};

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(String);

/// The checker's settings from `claimledger.toml`.
pub fn settings(ctx: &Context) -> Result<Settings> {
    let severities = Severities::with_settings(&ctx.config.rules).map_err(|e| settings_error(ctx, e))?;
    let view = match &ctx.config.detect.view {
        Some(v) => v.parse::<View>().map_err(|e| settings_error(ctx, e.to_string()))?,
        None => View::default(),
    };
    Ok(Settings { severities, view, threshold: ctx.config.threshold() })
}

fn settings_error(ctx: &Context, message: String) -> SettingsError {
    let file = ctx.config.path.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "claimledger.toml".into());
    SettingsError(format!("invalid settings in {file}: {message}"))
}

pub fn check(ctx: &Context, args: CheckArgs) -> Result {
    let settings = settings(ctx)?;
    let ledger = ctx.open()?;
    let checker = Checker::new(ledger.index(), Detector::builtin(), settings)?;
    let min = match args.min_severity {
        Some(MinSeverity::Error) => Severity::Error,
        Some(MinSeverity::Warning) => Severity::Warning,
        Some(MinSeverity::Note) | None => Severity::Note,
    };
    // Asked first, so that a bad revision fails before any output.
    let changed =
        args.diff.as_deref().map(|base| claimledger::diff::ChangedLines::since(&ctx.cwd, base)).transpose()?;
    let mut findings: Vec<Finding> = Vec::new();
    let mut suppressed: Vec<Finding> = Vec::new();
    let mut exemptions = Vec::new();
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut failed = 0;
    let drafts = drafts::collect(&args.paths, &args.walk)?;
    for draft in &drafts {
        match &draft.text {
            Ok(text) => {
                let r = checker.check(&draft.name, text)?;
                findings.extend(r.findings.into_iter().filter(|f| f.severity >= min));
                exemptions.extend(r.exemptions);
                suppressed.extend(r.suppressed.into_iter().filter(|f| f.severity >= min));
                texts.insert(draft.name.clone(), text.clone());
            }
            Err(why) => {
                failed += 1;
                error(format_args!("{} {why}", draft.name));
            }
        }
    }
    if let Some(changed) = &changed {
        findings.retain(|f| changed.touches(&ctx.cwd, &f.file, f.location.line, f.location.end_line));
        suppressed.retain(|f| changed.touches(&ctx.cwd, &f.file, f.location.line, f.location.end_line));
        exemptions.retain(|e| changed.touches(&ctx.cwd, &e.file, e.line, e.line));
    }
    let mut out = stdout();
    match args.format {
        CheckFormat::Human => {
            let source = |file: &str| texts.get(file).cloned();
            report::human(&mut out, &findings, &exemptions, &source, report::HumanOptions { color: ctx.color })?;
            let errors = report::count(&findings, Severity::Error);
            let warnings = report::count(&findings, Severity::Warning);
            let checked = drafts.len() - failed;
            if !ctx.quiet {
                writeln!(
                    out,
                    "{checked} draft(s) checked: {errors} error(s), {warnings} warning(s), {} exemption(s)",
                    exemptions.len()
                )?;
            }
        }
        CheckFormat::Json => {
            report::json_lines(&mut out, &findings, &exemptions)?;
            report::json_summary(&mut out, drafts.len() - failed, &findings, exemptions.len(), suppressed.len())?;
        }
        CheckFormat::Sarif => report::sarif(&mut out, &findings, &suppressed, &exemptions, env!("CARGO_PKG_VERSION"))?,
        CheckFormat::Github => report::github(&mut out, &findings, &exemptions)?,
    }
    out.flush()?;
    if failed > 0 {
        return Ok(Outcome::Failed);
    }
    let warnings = report::count(&findings, Severity::Warning);
    if findings.iter().any(|f| f.severity == Severity::Error) {
        Ok(Outcome::Findings)
    } else if args.max_warnings.is_some_and(|max| warnings > max) {
        note(format_args!(
            "error: {warnings} warning(s), more than --max-warnings {} allows",
            args.max_warnings.unwrap_or_default()
        ));
        Ok(Outcome::Findings)
    } else {
        Ok(Outcome::Clean)
    }
}

/// A sentence of a draft with the line and column it starts at.
type Placed = (usize, usize, String);

pub fn matches(ctx: &Context, args: MatchArgs) -> Result {
    let ledger = ctx.open()?;
    let checker = Checker::new(ledger.index(), Detector::builtin(), settings(ctx)?)?;
    // Each draft's name and sentences, with where they start.
    let mut drafts: Vec<(String, Vec<Placed>)> = Vec::new();
    let mut failed = 0;
    if let Some(text) = &args.text {
        drafts.push(("<text>".into(), vec![(1, 1, text.clone())]));
    } else {
        for draft in drafts::collect(&args.paths, &args.walk)? {
            match draft.text {
                Ok(text) => {
                    let sentences = markdown::extract(&text).sentences;
                    drafts.push((
                        draft.name.clone(),
                        sentences.into_iter().map(|s| (s.start.line, s.start.column, s.text)).collect(),
                    ));
                }
                Err(why) => {
                    failed += 1;
                    error(format_args!("{} {why}", draft.name));
                }
            }
        }
    }
    let weights = ledger.index().weights()?;
    let mut out = stdout();
    for (file, sentences) in &drafts {
        let texts: Vec<&str> = sentences.iter().map(|s| s.2.as_str()).collect();
        // Matched a window at a time on all cores, printed in their order; a sentence that matches no claim by
        // itself takes what `check` takes for it: the claims a clause of it matches, or that match with the names
        // of the sentences before it.
        checker.match_draft(&texts, args.top, |i, found| -> Result<()> {
            let (line, column, text) = (&sentences[i].0, &sentences[i].1, &sentences[i].2);
            print_candidates(&mut out, &args, &weights, (file, *line, *column, text), &found)
        })?;
    }
    out.flush()?;
    if failed > 0 {
        return Ok(Outcome::Failed);
    }
    Ok(Outcome::Clean)
}

/// Prints one sentence's candidates, best first: each with its score and decision, and for a candidate that is
/// not a match what of the claim the sentence lacks; for a match that covers less than the bar of the claim (the
/// sentence states part of it, or the search is confident of it), the same, for the user to see what the claim
/// adds; for a full match, or one made with the names of the sentences before, only the dates
/// it takes from a time told relatively ("last month"), for the user to confirm.
fn print_candidates(
    out: &mut impl Write,
    args: &MatchArgs,
    weights: &claimledger::index::Weights<'_>,
    (file, line, column, text): (&str, usize, usize, &str),
    found: &[(ClaimMatch, MatchedBy)],
) -> Result<()> {
    let sentence = matching::analyze(text);
    let lacks: Vec<Option<matching::Lacks>> = found
        .iter()
        .map(|(c, by)| {
            // What a clause matched is told against the clause.
            let lacks = match &by.clause {
                Some(clause) => matching::lacks(&matching::analyze(clause), &matching::analyze(&c.text), weights),
                None => matching::lacks(&sentence, &matching::analyze(&c.text), weights),
            };
            match c.decision {
                Decision::Match if by.named_before || c.score >= matching::MATCH_THRESHOLD => {
                    Some(lacks.relative_only()).filter(|l| !l.is_empty())
                }
                _ => Some(lacks),
            }
        })
        .collect();
    if args.format == DataFormat::Json {
        let candidates: Vec<serde_json::Value> = found
            .iter()
            .zip(&lacks)
            .map(|((c, by), lacks)| {
                let mut v = json!(c);
                if let Some(map) = v.as_object_mut() {
                    if let Some(lacks) = lacks {
                        map.insert("lacks".into(), json!(lacks));
                    }
                    if by.named_before {
                        map.insert("named_before".into(), json!(true));
                    }
                    if let Some(clause) = &by.clause {
                        map.insert("clause".into(), json!(clause));
                    }
                }
                v
            })
            .collect();
        let v = json!({"file": file, "line": line, "column": column, "sentence": text, "candidates": candidates});
        serde_json::to_writer(&mut *out, &v)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{}:{line}:{column}: {}", Shown(&file), Shown(&text))?;
    if found.is_empty() {
        writeln!(out, "  (no candidate claims)")?;
    }
    for ((c, by), lacks) in found.iter().zip(&lacks) {
        let decision = match (&c.decision, &by.clause) {
            (Decision::Match, Some(clause)) if by.named_before => {
                format!("match, by the clause \"{clause}\" with the names of the sentences before")
            }
            (Decision::Match, Some(clause)) => format!("match, by the clause \"{clause}\""),
            (Decision::Match, None) if by.named_before => "match, with the names of the sentences before".to_owned(),
            (Decision::Match, None) => "match".to_owned(),
            (Decision::Conflict { ledger, draft }, _) => {
                format!("conflict: ledger {} vs draft {}", ledger.join(", "), draft.join(", "))
            }
            (Decision::NoMatch, _) => "none".to_owned(),
        };
        writeln!(out, "  {:.2}  {}  {}  {}", c.score, &c.id[..12], Shown(&decision), Shown(&c.text))?;
        let told = matches!(c.decision, Decision::NoMatch | Decision::Match);
        if let Some(lacks) = lacks.as_ref().filter(|l| !l.is_empty() && told) {
            writeln!(out, "        {}", Shown(&lacks.describe()))?;
        }
    }
    Ok(())
}
