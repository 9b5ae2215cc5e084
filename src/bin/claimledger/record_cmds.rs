//! The commands that write records: init, source add, claim add, attribute, retract.
//!
//! Each prints the full id of the record it created (or found, by the identity rules) on standard output and
//! a short note on standard error; all input is validated before anything is written.

use std::io::Write;
use std::path::PathBuf;

use claimledger::ledger::NewSource;
use claimledger::record::{QuoteKind, RetractionKind};
use claimledger::report::escape::Shown;
use claimledger::store::Store;

use crate::args::{AttributeArgs, ClaimAddArgs, InitArgs, RetractArgs, RetractKind, SourceAddArgs};
use crate::context::{note, stdout, warn, Context};
use crate::{Outcome, Result};

pub fn init(ctx: &Context, args: InitArgs) -> Result {
    let dir = args.dir.or_else(|| ctx.explicit_ledger.clone()).unwrap_or_else(|| PathBuf::from("ledger"));
    let (_, created) = Store::init(&dir)?;
    let verb = if created { "initialised ledger in" } else { "ledger already initialised in" };
    writeln!(stdout(), "{verb} {}", Shown(dir.display()))?;
    Ok(Outcome::Clean)
}

fn print_added(what: &str, added: claimledger::ledger::Added) -> Result {
    writeln!(stdout(), "{}", added.id)?;
    if !added.created {
        note(format_args!("{what} already in the ledger: {}", added.id));
    }
    Ok(Outcome::Clean)
}

pub fn source_add(ctx: &Context, args: SourceAddArgs) -> Result {
    let mut ledger = ctx.open()?;
    let added = ledger.add_source(&NewSource {
        url: args.url,
        outlet: args.outlet,
        title: args.title,
        published: args.published,
        archived_url: args.archived,
    })?;
    print_added("source", added)
}

fn quote_kind(paraphrase: bool) -> QuoteKind {
    if paraphrase {
        QuoteKind::Paraphrase
    } else {
        QuoteKind::Verbatim
    }
}

pub fn claim_add(ctx: &Context, mut args: ClaimAddArgs) -> Result {
    if args.text == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| format!("cannot read the claim from standard input: {e}"))?;
        args.text = text;
    }
    let mut ledger = ctx.open()?;
    let similar = similar_claims(ctx, &ledger, &args.text)?;
    let (added, attribution) = match (&args.source, &args.quote) {
        (Some(source), Some(quote)) => {
            let stamp = ctx.stamp(args.by);
            let kind = quote_kind(args.paraphrase);
            let (claim, attribution) = ledger.add_claim_attributed(&args.text, source, quote, kind, &stamp)?;
            (claim, Some(attribution))
        }
        _ => (ledger.add_claim(&args.text)?, None),
    };
    writeln!(stdout(), "{}", added.id)?;
    for (id, text, decision) in similar.iter().filter(|(id, _, _)| *id != added.id.to_hex()) {
        warn(format_args!("the new claim {decision} ledger claim {}: \"{text}\"", &id[..12]));
    }
    if !added.created {
        note(format_args!("claim already in the ledger: {}", added.id));
    }
    if let (Some(attribution), Some(source)) = (attribution, &args.source) {
        let source = ledger.resolve_kind(source, claimledger::record::Kind::Source)?;
        let again = if attribution.created { "" } else { " (recorded before)" };
        note(format_args!("attributed to source {} as {}{again}", &source.to_hex()[..12], attribution.id));
    }
    Ok(Outcome::Clean)
}

/// Existing claims the new text restates or contradicts, so the editor can attribute instead of duplicating.
fn similar_claims(
    ctx: &Context,
    ledger: &claimledger::ledger::Ledger,
    text: &str,
) -> Result<Vec<(String, String, &'static str)>> {
    use claimledger::matching::Decision;
    let checker = claimledger::check::Checker::new(
        ledger.index(),
        claimledger::detect::Detector::builtin(),
        crate::check_cmd::settings(ctx)?,
    )?;
    let found = checker.match_sentence(text, 5)?;
    Ok(found
        .into_iter()
        .filter_map(|c| match c.decision {
            Decision::Match => Some((c.id, c.text, "restates")),
            Decision::Conflict { .. } => Some((c.id, c.text, "contradicts the figures of")),
            Decision::NoMatch => None,
        })
        .collect())
}

pub fn attribute(ctx: &Context, args: AttributeArgs) -> Result {
    let mut ledger = ctx.open()?;
    let stamp = ctx.stamp(args.by);
    let added = ledger.attribute(&args.claim, &args.source, &args.quote, quote_kind(args.paraphrase), &stamp)?;
    print_added("attribution", added)
}

pub fn retract(ctx: &Context, args: RetractArgs) -> Result {
    let mut ledger = ctx.open()?;
    let stamp = ctx.stamp(args.by);
    let kind = match args.kind {
        RetractKind::Retraction => RetractionKind::Retraction,
        RetractKind::Correction => RetractionKind::Correction,
        RetractKind::Withdrawal => RetractionKind::Withdrawal,
    };
    let effective = args.effective.unwrap_or_else(|| ctx.now.date_naive());
    let added = ledger.retract(&args.id, kind, &args.reason, args.notice.as_deref(), effective, &stamp)?;
    print_added("retraction", added)
}
