//! The CSV export: one row per claim for spreadsheets, RFC 4180 (comma, double-quote quoting, CRLF).
//!
//! Columns describe live support only: a retracted or withdrawn attribution counts for nothing here, as in
//! `check`. Fields are quoted when they hold a comma, a double quote, CR or LF (doubling inner quotes), so
//! any claim text survives a round trip through a conforming reader. Cells are not altered to defuse
//! spreadsheet formulas (a claim may well start with "-" or "="): that would lose data; see docs/auditing.md.

use std::io::Write;

use super::{Error, Header, Progress, Ticker};
use crate::index::{ExportClaim, Index};

const COLUMNS: [&str; 9] = [
    "id",
    "text",
    "status",
    "live_sources",
    "live_outlets",
    "first_source_url",
    "first_source_published",
    "first_attributed_at",
    "last_attributed_at",
];

/// Separates outlets inside the `live_outlets` cell.
const OUTLET_SEPARATOR: &str = "; ";

/// Writes one RFC 4180 field.
fn field(out: &mut dyn Write, value: &str) -> std::io::Result<()> {
    if value.contains([',', '"', '\r', '\n']) {
        out.write_all(b"\"")?;
        out.write_all(value.replace('"', "\"\"").as_bytes())?;
        out.write_all(b"\"")
    } else {
        out.write_all(value.as_bytes())
    }
}

fn row(out: &mut dyn Write, fields: &[&str]) -> std::io::Result<()> {
    for (i, value) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        field(out, value)?;
    }
    out.write_all(b"\r\n")
}

fn claim_row(out: &mut dyn Write, claim: &ExportClaim) -> std::io::Result<()> {
    let live: Vec<_> = claim.attributions.iter().filter(|a| a.live).collect();
    let mut outlets: Vec<&str> = Vec::new();
    for a in &live {
        if !outlets.contains(&a.source.outlet.as_str()) {
            outlets.push(&a.source.outlet);
        }
    }
    let first = live.first();
    row(
        out,
        &[
            &claim.id,
            &claim.text,
            claim.status.as_str(),
            &claim.live_sources.to_string(),
            &outlets.join(OUTLET_SEPARATOR),
            first.map_or("", |a| &a.source.url),
            first.and_then(|a| a.source.published.as_deref()).unwrap_or(""),
            first.map_or("", |a| &a.recorded_at),
            live.last().map_or("", |a| &a.recorded_at),
        ],
    )
}

pub(super) fn write(index: &Index, header: &Header, out: &mut dyn Write, progress: Progress) -> Result<(), Error> {
    row(out, &COLUMNS)?;
    let mut ticker = Ticker::new(header.count(crate::record::Kind::Claim), progress);
    index.each_claim(|claim| {
        claim_row(out, &claim)?;
        ticker.tick(1);
        Ok::<(), Error>(())
    })?;
    ticker.finish();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_rfc_4180_requires() {
        let mut out = Vec::new();
        row(&mut out, &["plain", "a,b", "say \"hi\"", "two\nlines", "été"]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",été\r\n");
    }
}
