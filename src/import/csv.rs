//! CSV rows: a header, then one claim per row, optionally with the source that supports it and the quote.
//!
//! Columns: `text` (required), `url`, `outlet`, `published` (YYYY-MM-DD), `quote`, `quote_kind` (`verbatim`,
//! the default, or `paraphrase`), in any order; names are matched without regard to case or surrounding
//! space, and any other column is an error that names it. A row with a `url` records that source (its
//! `outlet` is required) and attributes the claim to it with the `quote` (required); a row without one
//! records the claim alone. RFC 4180 quoting; a UTF-8 byte-order mark is ignored.

use chrono::NaiveDate;

use super::plan::Builder;
use super::{Error, Origin};
use crate::ledger::NewSource;
use crate::record::QuoteKind;

const COLUMNS: [&str; 6] = ["text", "url", "outlet", "published", "quote", "quote_kind"];

/// Which field of a row each known column is.
struct Header {
    at: [Option<usize>; 6],
    width: usize,
}

impl Header {
    fn parse(fields: &csv::StringRecord, b: &Builder, at: Origin) -> Result<Header, Error> {
        let mut header = Header { at: [None; 6], width: fields.len() };
        let mut unknown = Vec::new();
        for (i, name) in fields.iter().enumerate() {
            let key = name.trim().to_ascii_lowercase();
            match COLUMNS.iter().position(|c| *c == key) {
                Some(c) if header.at[c].is_some() => {
                    return Err(b.error(at, format!("column {:?} appears twice in the header", name.trim())))
                }
                Some(c) => header.at[c] = Some(i),
                None => unknown.push(format!("{:?}", name.trim())),
            }
        }
        if !unknown.is_empty() {
            return Err(b.error(
                at,
                format!(
                    "unknown column{} {} in the header (known: {})",
                    if unknown.len() == 1 { "" } else { "s" },
                    unknown.join(", "),
                    COLUMNS.join(", ")
                ),
            ));
        }
        if header.at[0].is_none() {
            return Err(b.error(at, format!("the header has no \"text\" column (known: {})", COLUMNS.join(", "))));
        }
        Ok(header)
    }

    fn get<'r>(&self, row: &'r csv::StringRecord, column: usize) -> &'r str {
        self.at[column].and_then(|i| row.get(i)).map(str::trim).unwrap_or("")
    }
}

/// Line numbers from byte offsets: the reader's own count is off by one after CRLF line endings.
struct Lines(Vec<usize>);

impl Lines {
    fn new(bytes: &[u8]) -> Lines {
        Lines(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i).collect())
    }

    fn of(&self, position: Option<&csv::Position>) -> usize {
        position.map_or(1, |p| 1 + self.0.partition_point(|nl| (*nl as u64) <= p.byte()))
    }
}

fn csv_error(b: &Builder, input: usize, lines: &Lines, err: &csv::Error) -> Error {
    let line = lines.of(err.position());
    let message = match err.kind() {
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_owned(),
        _ => err.to_string(),
    };
    b.error(Origin { input, line }, message)
}

pub(super) fn read(input: usize, bytes: &[u8], b: &mut Builder) -> Result<(), Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let lines = Lines::new(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut rows = reader.records();
    let header = match rows.next() {
        Some(Ok(fields)) => {
            let at = Origin { input, line: lines.of(fields.position()) };
            Header::parse(&fields, b, at)?
        }
        Some(Err(e)) => return Err(csv_error(b, input, &lines, &e)),
        None => return Err(b.error(Origin { input, line: 1 }, "empty file: expected a header with a \"text\" column")),
    };
    for row in rows {
        let row = row.map_err(|e| csv_error(b, input, &lines, &e))?;
        let at = Origin { input, line: lines.of(row.position()) };
        if row.len() != header.width {
            return Err(b.error(at, format!("{} fields, but the header has {} columns", row.len(), header.width)));
        }
        b.row();
        one_row(&header, &row, at, b)?;
    }
    Ok(())
}

fn one_row(header: &Header, row: &csv::StringRecord, at: Origin, b: &mut Builder) -> Result<(), Error> {
    let [text, url, outlet, published, quote, quote_kind] = std::array::from_fn(|c| header.get(row, c));
    let quote_kind = match quote_kind.to_ascii_lowercase().as_str() {
        "" | "verbatim" => QuoteKind::Verbatim,
        "paraphrase" => QuoteKind::Paraphrase,
        _ => return Err(b.error(at, format!("quote_kind {quote_kind:?} is neither verbatim nor paraphrase"))),
    };
    let published = match published {
        "" => None,
        p => Some(
            NaiveDate::parse_from_str(p, "%Y-%m-%d")
                .map_err(|_| b.error(at, format!("published {p:?} is not a date (YYYY-MM-DD)")))?,
        ),
    };
    if url.is_empty() {
        let stray = [("outlet", outlet), ("quote", quote)].into_iter().find(|(_, v)| !v.is_empty());
        if let Some((column, _)) = stray.or(published.map(|_| ("published", ""))) {
            return Err(b.error(at, format!("{column} without a url: a source needs its url")));
        }
    } else if quote.is_empty() {
        return Err(b.error(at, "a url without a quote: an attribution needs the supporting passage"));
    }
    let claim = b.claim(at, text)?;
    if url.is_empty() {
        return Ok(());
    }
    let new = NewSource { url: url.to_owned(), outlet: outlet.to_owned(), title: None, published, archived_url: None };
    let source = b.source(at, &new)?;
    b.attribution(at, claim, source, quote, quote_kind)
}
