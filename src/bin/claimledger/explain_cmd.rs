//! `explain`: the rules' documentation, read from the rules themselves; and the rule list of `check --help`.

use std::io::Write;

use claimledger::check::Rule;
use serde_json::json;

use crate::args::{DataFormat, ExplainArgs};
use crate::context::stdout;
use crate::{Outcome, Result};

#[derive(Debug, thiserror::Error)]
#[error("unknown rule {name:?}; the rules are {}", ids().join(", "))]
pub struct UnknownRule {
    name: String,
}

fn ids() -> Vec<&'static str> {
    Rule::ALL.iter().map(|r| r.id()).collect()
}

pub fn explain(args: &ExplainArgs) -> Result {
    let rules: Vec<Rule> = match &args.rule {
        Some(name) => vec![name.parse().map_err(|_| UnknownRule { name: name.clone() })?],
        None => Rule::ALL.to_vec(),
    };
    let mut out = stdout();
    if args.format == DataFormat::Json {
        for rule in rules {
            let v = json!({
                "id": rule.id(),
                "default_severity": rule.default_severity(),
                "summary": rule.description(),
                "help_uri": rule.help_uri(),
                "doc": rule.doc(),
            });
            serde_json::to_writer(&mut out, &v)?;
            writeln!(out)?;
        }
    } else if args.rule.is_some() || args.all {
        for (i, rule) in rules.into_iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            write!(out, "{}", rule.page())?;
        }
    } else {
        write!(out, "{}", rule_list())?;
        writeln!(out, "\n`claimledger explain RULE` prints a rule's documentation; `--all` prints every rule's.")?;
    }
    out.flush()?;
    Ok(Outcome::Clean)
}

/// One line per rule: id, default severity, summary.
fn rule_list() -> String {
    let width = Rule::ALL.iter().map(|r| r.id().len()).max().unwrap_or(0);
    Rule::ALL
        .iter()
        .map(|r| format!("  {:width$}  {:7}  {}\n", r.id(), r.default_severity().as_str(), r.description()))
        .collect()
}

/// What `check --help` says after its options: the rules and the exit codes. Each summary has a line of its
/// own, so that the list reads at the help's 100 columns.
pub fn check_after_help() -> String {
    let rules: String = Rule::ALL
        .iter()
        .map(|r| format!("  {} [{}]\n      {}\n", r.id(), r.default_severity(), r.description()))
        .collect();
    format!(
        "Rules [default severity; change it or turn a rule off under [rules] in claimledger.toml]:\n{rules}\n\
         `claimledger explain RULE` prints what a rule means, why it matters, an example and the fix.\n\n\
         Exit codes:\n  0  no finding at error severity\n  1  at least one finding at error severity\n  \
         2  bad input (a draft that cannot be read, invalid settings, no ledger) or an I/O error"
    )
}
