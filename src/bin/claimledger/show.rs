//! `show` and `list`: records with their links and derived status, for people or as JSON.

use std::io::Write;

use claimledger::id::Id;
use claimledger::index::{AttributionView, RetractionRow};
use claimledger::record::{Kind, Record};
use claimledger::report::escape;
use serde_json::json;

use crate::args::{DataFormat, ListArgs, ListWhat, ShowArgs};
use crate::context::{stdout, Context};
use crate::{Outcome, Result};

/// Ledger text as a terminal may show it (control characters escaped); JSON output stays exact.
fn t(text: &str) -> std::borrow::Cow<'_, str> {
    escape::terminal(text)
}

fn short(hex: &str) -> &str {
    &hex[..hex.len().min(12)]
}

pub fn show(ctx: &Context, args: ShowArgs) -> Result {
    let ledger = ctx.open()?;
    let (id, kind) = ledger.resolve(&args.id)?;
    let record = ledger.read(&id, kind)?;
    let index = ledger.index();
    let retractions = index.retractions_of(&id)?;
    let (status, attributions) = match kind {
        Kind::Claim => {
            let row = index.claim(&id)?.ok_or_else(|| claimledger::ledger::Error::Unknown(id.to_hex()))?;
            (row.status.as_str().to_owned(), index.attributions(&id, false)?)
        }
        Kind::Source => {
            let row = index.source(&id)?.ok_or_else(|| claimledger::ledger::Error::Unknown(id.to_hex()))?;
            (if row.live { "live" } else { "retracted" }.to_owned(), index.attributions(&id, true)?)
        }
        Kind::Attribution => {
            let Record::Attribution(a) = &record else { unreachable!("kind checked on read") };
            let views = index.attributions(&a.claim, false)?;
            let me: Vec<AttributionView> = views.into_iter().filter(|v| v.id == id.to_hex()).collect();
            let live = me.first().is_some_and(|v| v.live);
            (if live { "live" } else { "retracted" }.to_owned(), me)
        }
        Kind::Retraction => ("recorded".to_owned(), Vec::new()),
    };
    let claim_texts = claim_texts(&ledger, kind, &attributions)?;
    let mut out = stdout();
    if args.format == DataFormat::Json {
        let value = json!({
            "id": id.to_hex(),
            "kind": kind,
            "status": status,
            "record": record,
            "attributions": attributions,
            "retractions": retractions,
        });
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
        return Ok(Outcome::Clean);
    }
    writeln!(out, "{kind} {id}")?;
    writeln!(out, "status: {status}")?;
    match &record {
        Record::Claim(c) => writeln!(out, "text: {}", t(&c.text))?,
        Record::Source(s) => {
            writeln!(out, "url: {}", t(&s.url))?;
            writeln!(out, "outlet: {}", t(&s.outlet))?;
            if let Some(title) = &s.title {
                writeln!(out, "title: {}", t(title))?;
            }
            if let Some(p) = &s.published {
                writeln!(out, "published: {p}")?;
            }
            if let Some(a) = &s.archived_url {
                writeln!(out, "archived: {}", t(a))?;
            }
        }
        Record::Attribution(a) => {
            writeln!(out, "claim: {}", a.claim)?;
            writeln!(out, "source: {}", a.source)?;
            writeln!(out, "recorded: {} by {}", a.recorded_at.to_rfc3339(), t(&a.recorded_by))?;
        }
        Record::Retraction(r) => {
            writeln!(out, "target: {}", r.target)?;
            writeln!(out, "kind: {}", r.kind.as_str())?;
            writeln!(out, "reason: {}", t(&r.reason))?;
            writeln!(out, "effective: {}", r.effective)?;
            if let Some(n) = &r.notice_url {
                writeln!(out, "notice: {}", t(n))?;
            }
            writeln!(out, "recorded: {} by {}", r.recorded_at.to_rfc3339(), t(&r.recorded_by))?;
        }
    }
    if !attributions.is_empty() {
        writeln!(out, "attributions:")?;
        for (a, claim_text) in attributions.iter().zip(&claim_texts) {
            let state = if a.live { "live" } else { "retracted" };
            writeln!(out, "  {} [{state}] {} <{}>", short(&a.id), t(&a.source.outlet), t(&a.source.url))?;
            if kind == Kind::Source {
                writeln!(out, "    claim {}: {}", short(&a.claim), t(claim_text))?;
            }
            let label = if a.quote_kind == "paraphrase" { "paraphrase" } else { "quote" };
            writeln!(out, "    {label}: \"{}\"", t(&a.quote))?;
            for r in &a.retractions {
                writeln!(out, "    {}", retraction_line(r))?;
            }
        }
    }
    if !retractions.is_empty() {
        writeln!(out, "retractions:")?;
        for r in &retractions {
            writeln!(out, "  {} {}", short(&r.id), retraction_line(r))?;
        }
    }
    Ok(Outcome::Clean)
}

/// For a source's attributions, the text of each claim it supports.
fn claim_texts(
    ledger: &claimledger::ledger::Ledger,
    kind: Kind,
    attributions: &[AttributionView],
) -> Result<Vec<String>> {
    attributions
        .iter()
        .map(|a| {
            if kind != Kind::Source {
                return Ok(String::new());
            }
            let id: Id = a.claim.parse()?;
            Ok(ledger.index().claim(&id)?.map(|c| c.text).unwrap_or_default())
        })
        .collect()
}

fn retraction_line(r: &RetractionRow) -> String {
    let mut line = format!("{} effective {}: {}", t(&r.kind), t(&r.effective), t(&r.reason));
    if let Some(n) = &r.notice_url {
        line.push_str(&format!(" <{}>", t(n)));
    }
    line
}

pub fn list(ctx: &Context, args: ListArgs) -> Result {
    let ledger = ctx.open()?;
    let mut out = stdout();
    let index = ledger.index();
    let json = args.format == DataFormat::Json;
    let mut io_result = Ok(());
    match args.what {
        ListWhat::Claims => index.list_claims(args.unsourced, args.outlet.as_deref(), |c| {
            if io_result.is_ok() {
                io_result = if json {
                    serde_json::to_writer(&mut out, &c).map_err(std::io::Error::from).and_then(|_| writeln!(out))
                } else {
                    writeln!(out, "{}  {:<9}  {}", short(&c.id), c.status.as_str(), t(&c.text))
                };
            }
            Ok(())
        })?,
        ListWhat::Sources => index.list_sources(args.outlet.as_deref(), |s| {
            if io_result.is_ok() {
                io_result = if json {
                    serde_json::to_writer(&mut out, &s).map_err(std::io::Error::from).and_then(|_| writeln!(out))
                } else {
                    let state = if s.live { "live" } else { "retracted" };
                    writeln!(out, "{}  {:<9}  {}  {}", short(&s.id), state, t(&s.outlet), t(&s.url))
                };
            }
            Ok(())
        })?,
    }
    io_result?;
    out.flush()?;
    Ok(Outcome::Clean)
}
