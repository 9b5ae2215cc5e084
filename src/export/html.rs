//! The HTML export: one self-contained page for people, readable on a phone, with search and filters.
//!
//! Nothing is loaded from the network: the style and the script are inline, and a Content-Security-Policy
//! allows exactly those two (by their SHA-256) and nothing else, so even a ledger string that escaped its
//! escaping could not run. Every ledger string is HTML-escaped ([`escape`]) in text and attributes alike, and
//! only http(s) URLs become links. The page streams: claims are written as the index yields them, and the
//! summary, known only at the end, is written last and shown first by CSS order.

use std::borrow::Cow;
use std::io::Write;

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

const STATUSES: [ClaimStatus; 3] = [ClaimStatus::Sourced, ClaimStatus::Unsourced, ClaimStatus::Retracted];

fn head(out: &mut dyn Write, header: &Header) -> std::io::Result<()> {
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {}; script-src {}; \
         base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>Claim ledger export, {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main id=\"page\">\n",
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

fn filters(out: &mut dyn Write, index: &Index) -> Result<(), Error> {
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
    index.each_outlet(|outlet| {
        write!(out, "<option value=\"{0}\">{0}</option>", escape(&outlet))?;
        Ok::<(), Error>(())
    })?;
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

fn summary(out: &mut dyn Write, header: &Header, by_status: &[usize; 3]) -> std::io::Result<()> {
    out.write_all(b"<section id=\"summary\" aria-label=\"Summary\">\n<dl>\n")?;
    for (s, n) in STATUSES.iter().zip(by_status) {
        writeln!(out, "<div class=\"{0}\"><dt>{0}</dt><dd>{n}</dd></div>", s.as_str())?;
    }
    for kind in Kind::ALL {
        writeln!(out, "<div><dt>{}</dt><dd>{}</dd></div>", kind.dir(), header.count(kind))?;
    }
    out.write_all(b"</dl>\n</section>\n")
}

pub(super) fn write(index: &Index, header: &Header, out: &mut dyn Write, progress: Progress) -> Result<(), Error> {
    head(out, header)?;
    filters(out, index)?;
    out.write_all(b"<ol id=\"claims\">\n")?;
    let mut by_status = [0usize; 3];
    let mut ticker = Ticker::new(header.count(Kind::Claim), progress);
    index.each_claim(|c| {
        by_status[STATUSES.iter().position(|s| *s == c.status).expect("every status is listed")] += 1;
        claim(out, &c)?;
        ticker.tick(1);
        Ok::<(), Error>(())
    })?;
    out.write_all(b"</ol>\n")?;
    summary(out, header, &by_status)?;
    write!(out, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n")?;
    ticker.finish();
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
