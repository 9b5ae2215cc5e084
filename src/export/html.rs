//! The HTML export: self-contained pages for people, readable on a phone, with search and filters.
//!
//! Claims that need attention come first: unsourced, then retracted, then sourced, each in id order. A
//! ledger of up to `page_size` claims is one page; a larger one is split into pages of `page_size` claims
//! (`index.html`, `page-2.html`, ...), each complete in itself and linked to the others, because a single
//! page of a million claims (over a gigabyte) does not open in a browser. Nothing is loaded from the
//! network: the style and the script are inline, and a Content-Security-Policy allows exactly those two (by
//! their SHA-256) and nothing else, so even a ledger string that escaped its escaping could not run. Every
//! ledger string is HTML-escaped ([`escape`]) in text and attributes alike, and only http(s) URLs become
//! links. Memory stays flat: one pass over the index renders each claim into a temporary spool file per
//! status, and the pages are then copied out of the spools in order.

use std::borrow::Cow;
use std::io::{BufReader, BufWriter, Read, Seek, Write};

use sha2::{Digest, Sha256};

use super::{Error, Header, Progress, Ticker};
use crate::index::{AttributionView, ClaimStatus, ExportClaim, Index, RetractionRow};
use crate::record::Kind;

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// Escapes text for HTML element content and quoted attribute values alike.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (*b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The CSP source expression that allows exactly this inline block.
fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(text.as_bytes())))
}

/// The order of the report: what needs attention first.
const STATUSES: [ClaimStatus; 3] = [ClaimStatus::Unsourced, ClaimStatus::Retracted, ClaimStatus::Sourced];

/// Where the pages go: a single output, or one file per page.
pub trait Pages {
    /// Writes the page named `name` (`index.html`, `page-2.html`, ...) with what `body` writes.
    fn page(&mut self, name: &str, body: &mut dyn FnMut(&mut dyn Write) -> Result<(), Error>) -> Result<(), Error>;
}

/// One output that takes exactly one page.
struct Single<'a>(&'a mut dyn Write);

impl Pages for Single<'_> {
    fn page(&mut self, _: &str, body: &mut dyn FnMut(&mut dyn Write) -> Result<(), Error>) -> Result<(), Error> {
        body(&mut *self.0)
    }
}

/// The file name of page `n` (1-based).
pub fn page_name(n: usize) -> String {
    if n == 1 {
        "index.html".to_owned()
    } else {
        format!("page-{n}.html")
    }
}

fn head(out: &mut dyn Write, header: &Header, page: usize, pages: usize) -> std::io::Result<()> {
    let of = if pages > 1 { format!(", page {page} of {pages}") } else { String::new() };
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {}; script-src {}; \
         base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>Claim ledger export, {}{of}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main id=\"page\">\n",
        csp_hash(STYLE),
        csp_hash(SCRIPT),
        escape(&header.exported_at),
    )?;
    write!(
        out,
        "<header>\n<h1>Claim ledger</h1>\n<p class=\"about\">Exported {} by {}. Ledger digest \
         <code class=\"digest\">{}</code></p>\n</header>\n",
        escape(&header.exported_at),
        escape(&header.tool),
        escape(&header.digest),
    )
}

fn filters(out: &mut dyn Write, outlets: &[String]) -> Result<(), Error> {
    // Hidden until the script runs: without it, the controls would do nothing.
    out.write_all(
        b"<form id=\"filters\" role=\"search\" hidden>\n\
          <input type=\"search\" id=\"q\" placeholder=\"Search claims, sources, quotes\" aria-label=\"Search\">\n\
          <select id=\"status\" aria-label=\"Status\"><option value=\"\">All statuses</option>",
    )?;
    for s in STATUSES {
        write!(out, "<option value=\"{0}\">{0}</option>", s.as_str())?;
    }
    out.write_all(b"</select>\n<select id=\"outlet\" aria-label=\"Outlet\"><option value=\"\">All outlets</option>")?;
    for outlet in outlets {
        write!(out, "<option value=\"{0}\">{0}</option>", escape(outlet))?;
    }
    out.write_all(b"</select>\n<output id=\"shown\" for=\"q status outlet\"></output>\n</form>\n")?;
    Ok(())
}

fn link(out: &mut dyn Write, url: &str, label: &str) -> std::io::Result<()> {
    if url.starts_with("https://") || url.starts_with("http://") {
        write!(out, "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>", escape(url), escape(label))
    } else {
        write!(out, "{}", escape(label))
    }
}

fn retraction(out: &mut dyn Write, r: &RetractionRow, of: &str) -> std::io::Result<()> {
    write!(
        out,
        "<p class=\"retraction {}\"><strong>{} of the {of}</strong>, effective {}: {}",
        escape(&r.kind),
        escape(&r.kind),
        escape(&r.effective),
        escape(&r.reason)
    )?;
    if let Some(n) = &r.notice_url {
        out.write_all(b" (")?;
        link(out, n, "notice")?;
        out.write_all(b")")?;
    }
    writeln!(
        out,
        " <span class=\"who\">recorded by {} at {}</span></p>",
        escape(&r.recorded_by),
        escape(&r.recorded_at)
    )
}

fn source(out: &mut dyn Write, a: &AttributionView) -> std::io::Result<()> {
    let s = &a.source;
    let state = if a.live { "live" } else { "withdrawn" };
    write!(out, "<li class=\"source {state}\" data-outlet=\"{}\">", escape(&s.outlet))?;
    link(out, &s.url, &s.outlet)?;
    if let Some(t) = &s.title {
        write!(out, " <cite>{}</cite>", escape(t))?;
    }
    if let Some(p) = &s.published {
        write!(out, " <span class=\"date\">{}</span>", escape(p))?;
    }
    if let Some(u) = &s.archived_url {
        out.write_all(b" (")?;
        link(out, u, "archived")?;
        out.write_all(b")")?;
    }
    if !a.live {
        out.write_all(b" <span class=\"badge retracted\">support withdrawn</span>")?;
    }
    let label = if a.quote_kind == "paraphrase" { "paraphrase" } else { "quote" };
    write!(
        out,
        "\n<blockquote class=\"{label}\">{}</blockquote>\n<p class=\"who\">{label}, recorded by {} at {}</p>\n",
        escape(&a.quote),
        escape(&a.recorded_by),
        escape(&a.recorded_at)
    )?;
    for r in &a.retractions {
        let of = if r.target == s.id { "source" } else { "attribution" };
        retraction(out, r, of)?;
    }
    out.write_all(b"</li>\n")
}

fn claim(out: &mut dyn Write, c: &ExportClaim) -> std::io::Result<()> {
    let status = c.status.as_str();
    write!(
        out,
        "<li class=\"claim\" id=\"claim-{id}\" data-status=\"{status}\">\n<p class=\"text\">{}</p>\n\
         <p class=\"meta\"><span class=\"badge {status}\">{status}</span> {} live source{} \
         <code class=\"id\">{id}</code></p>\n",
        escape(&c.text),
        c.live_sources,
        if c.live_sources == 1 { "" } else { "s" },
        id = escape(&c.id),
    )?;
    for r in &c.retractions {
        retraction(out, r, "claim")?;
    }
    if !c.attributions.is_empty() {
        out.write_all(b"<ul class=\"sources\">\n")?;
        for a in &c.attributions {
            source(out, a)?;
        }
        out.write_all(b"</ul>\n")?;
    }
    out.write_all(b"</li>\n")
}

fn summary(out: &mut dyn Write, header: &Header, by_status: &[usize]) -> std::io::Result<()> {
    out.write_all(b"<section id=\"summary\" aria-label=\"Summary\">\n<dl>\n")?;
    for (s, n) in STATUSES.iter().zip(by_status) {
        writeln!(out, "<div class=\"{0}\"><dt>{0}</dt><dd>{n}</dd></div>", s.as_str())?;
    }
    for kind in Kind::ALL {
        writeln!(out, "<div><dt>{}</dt><dd>{}</dd></div>", kind.dir(), header.count(kind))?;
    }
    out.write_all(b"</dl>\n</section>\n")
}

/// A navigation bar between pages: each page linked, with the statuses it holds.
fn nav(out: &mut dyn Write, page: usize, spans: &[Vec<ClaimStatus>]) -> std::io::Result<()> {
    if spans.len() < 2 {
        return Ok(());
    }
    write!(out, "<nav id=\"pages\" aria-label=\"Pages\">\n<p>Page {page} of {}. ", spans.len())?;
    if page > 1 {
        write!(out, "<a href=\"{}\" rel=\"prev\">previous</a> ", page_name(page - 1))?;
    }
    if page < spans.len() {
        write!(out, "<a href=\"{}\" rel=\"next\">next</a>", page_name(page + 1))?;
    }
    out.write_all(b"</p>\n<ol>")?;
    for (i, statuses) in spans.iter().enumerate() {
        let label: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
        let current = if i + 1 == page { " aria-current=\"page\"" } else { "" };
        write!(
            out,
            "<li><a href=\"{}\"{current}>{} <span class=\"who\">{}</span></a></li>",
            page_name(i + 1),
            i + 1,
            label.join(", ")
        )?;
    }
    out.write_all(b"</ol>\n</nav>\n")
}

/// Rendered claims of one status, in a temporary file, with each claim's length.
struct Spool {
    file: BufWriter<std::fs::File>,
    lengths: Vec<u32>,
}

/// Writes the report as pages of at most `page_size` claims; returns how many pages.
pub(super) fn write_pages(
    index: &Index,
    header: &Header,
    page_size: usize,
    pages: &mut dyn Pages,
    progress: Progress,
) -> Result<usize, Error> {
    let page_size = page_size.max(1);
    let mut spools = Vec::new();
    for _ in STATUSES {
        spools.push(Spool { file: BufWriter::new(tempfile::tempfile()?), lengths: Vec::new() });
    }
    let mut ticker = Ticker::new(header.count(Kind::Claim), progress);
    let mut buffer = Vec::new();
    index.each_claim(|c| {
        let spool = &mut spools[STATUSES.iter().position(|s| *s == c.status).expect("every status is listed")];
        buffer.clear();
        claim(&mut buffer, &c)?;
        spool.file.write_all(&buffer)?;
        spool.lengths.push(u32::try_from(buffer.len()).map_err(std::io::Error::other)?);
        ticker.tick(1);
        Ok::<(), Error>(())
    })?;
    let by_status: Vec<usize> = spools.iter().map(|s| s.lengths.len()).collect();
    // Which statuses each page holds, for the navigation.
    let order: Vec<ClaimStatus> =
        STATUSES.iter().zip(&by_status).flat_map(|(s, n)| std::iter::repeat_n(*s, *n)).collect();
    let mut spans: Vec<Vec<ClaimStatus>> = order
        .chunks(page_size)
        .map(|chunk| {
            let mut statuses = chunk.to_vec();
            statuses.dedup();
            statuses
        })
        .collect();
    if spans.is_empty() {
        spans.push(Vec::new());
    }
    let mut outlets = Vec::new();
    index.each_outlet(|o| {
        outlets.push(o);
        Ok::<(), Error>(())
    })?;
    let mut readers = Vec::new();
    for spool in spools {
        let mut file = spool.file.into_inner().map_err(|e| e.into_error())?;
        file.rewind()?;
        readers.push((BufReader::new(file), spool.lengths.into_iter()));
    }
    let mut current = 0;
    let mut fragment = Vec::new();
    for page in 1..=spans.len() {
        let mut left = page_size;
        pages.page(&page_name(page), &mut |out| {
            head(out, header, page, spans.len())?;
            summary(out, header, &by_status)?;
            nav(out, page, &spans)?;
            filters(out, &outlets)?;
            out.write_all(b"<ol id=\"claims\">\n")?;
            while left > 0 && current < readers.len() {
                let (reader, lengths) = &mut readers[current];
                match lengths.next() {
                    Some(len) => {
                        fragment.resize(len as usize, 0);
                        reader.read_exact(&mut fragment)?;
                        out.write_all(&fragment)?;
                        left -= 1;
                    }
                    None => current += 1,
                }
            }
            write!(out, "</ol>\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n")?;
            Ok(())
        })?;
    }
    ticker.finish();
    Ok(spans.len())
}

/// The whole report as one page.
pub(super) fn write(index: &Index, header: &Header, out: &mut dyn Write, progress: Progress) -> Result<(), Error> {
    write_pages(index, header, usize::MAX, &mut Single(out), progress)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(escape("a \"b\" & 'c'"), "a &quot;b&quot; &amp; &#39;c&#39;");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }
}
