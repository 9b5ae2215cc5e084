//! Source URL normalisation: one source per normalised URL.
//!
//! The `url` crate already lower-cases scheme and host and drops a default port; on top of that this drops the
//! fragment and tracking parameters (`utm_*`, `fbclid`, `gclid`, ...) and refuses anything but http(s) with a
//! host. The output is what a source record stores and what the index looks URLs up by.
//!
//! The WHATWG parser behind the `url` crate is lenient in ways that hide mistakes: it drops tabs and line breaks
//! inside a URL, reads `http:///path` as the host `path`, and keeps `user:password@`. A source URL is published
//! with every export, so this refuses all three: control characters, an empty authority, and credentials.

use url::Url;

/// Why a string is not a usable source URL.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UrlError {
    #[error("{input:?} is not a URL: {reason}")]
    Parse { input: String, reason: String },
    #[error("{input:?} is not an http(s) URL (scheme {scheme:?})")]
    Scheme { input: String, scheme: String },
    #[error("{input:?} has no host")]
    NoHost { input: String },
    #[error("{input:?} has a control character in it")]
    Control { input: String },
    #[error("{input:?} carries credentials (user:password@): remove them, a source URL is published")]
    Credentials { input: String },
}

/// Query parameters that identify a click, not a page.
fn is_tracking(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.starts_with("utm_")
        || matches!(
            k.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "gbraid"
                | "wbraid"
                | "msclkid"
                | "mc_cid"
                | "mc_eid"
                | "igshid"
                | "yclid"
                | "_ga"
                | "_gl"
                | "ocid"
                | "cmpid"
                | "smid"
                | "ref_src"
        )
}

/// The normalised form of an http(s) URL, as stored in a source record.
pub fn normalize_url(input: &str) -> Result<String, UrlError> {
    let trimmed = input.trim();
    if trimmed.chars().any(char::is_control) {
        return Err(UrlError::Control { input: input.to_owned() });
    }
    let mut url =
        Url::parse(trimmed).map_err(|e| UrlError::Parse { input: input.to_owned(), reason: e.to_string() })?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(UrlError::Scheme { input: input.to_owned(), scheme: url.scheme().to_owned() });
    }
    // As written, not as the parser repaired it: `scheme://` and then a host, so `http:///path`, `http:host`
    // and `http:\\host` are refused rather than guessed at.
    let after_scheme = &trimmed[url.scheme().len()..];
    let authority = after_scheme.strip_prefix("://").unwrap_or("");
    if authority.is_empty() || authority.starts_with(['/', '?', '#', '\\']) {
        return Err(UrlError::NoHost { input: input.to_owned() });
    }
    match url.host_str() {
        Some(h) if !h.is_empty() => {}
        _ => return Err(UrlError::NoHost { input: input.to_owned() }),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlError::Credentials { input: input.to_owned() });
    }
    url.set_fragment(None);
    if url.query().is_some() {
        let kept: Vec<(String, String)> =
            url.query_pairs().filter(|(k, _)| !is_tracking(k)).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    Ok(url.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises() {
        assert_eq!(
            normalize_url("HTTPS://WWW.AA.com.tr:443/en/x/3737253?utm_source=x&utm_medium=y#top").unwrap(),
            "https://www.aa.com.tr/en/x/3737253"
        );
        assert_eq!(
            normalize_url("https://en.fergana.media/news/144941/?country=kz&fbclid=abc").unwrap(),
            "https://en.fergana.media/news/144941/?country=kz"
        );
        assert_eq!(normalize_url("http://example.org:8080/a").unwrap(), "http://example.org:8080/a");
        assert_eq!(normalize_url("http://example.org").unwrap(), "http://example.org/");
    }

    #[test]
    fn refuses_non_http() {
        assert!(matches!(normalize_url("javascript:alert(1)"), Err(UrlError::Scheme { .. })));
        assert!(matches!(normalize_url("file:///etc/passwd"), Err(UrlError::Scheme { .. })));
        assert!(matches!(normalize_url("data:text/plain,hi"), Err(UrlError::Scheme { .. })));
        assert!(matches!(normalize_url("not a url"), Err(UrlError::Parse { .. })));
        assert!(matches!(normalize_url("https://"), Err(UrlError::Parse { .. }) | Err(UrlError::NoHost { .. })));
    }

    #[test]
    fn refuses_what_the_parser_would_repair() {
        let input = "https://user:secret@example.com/p";
        assert_eq!(normalize_url(input), Err(UrlError::Credentials { input: input.into() }));
        assert!(matches!(normalize_url("https://user@example.com/p"), Err(UrlError::Credentials { .. })));
        assert!(matches!(normalize_url("http:///path"), Err(UrlError::NoHost { .. })));
        assert!(matches!(normalize_url("http:example.com/path"), Err(UrlError::NoHost { .. })));
        assert!(matches!(normalize_url("http:\\\\example.com\\path"), Err(UrlError::NoHost { .. })));
        assert!(matches!(normalize_url("https://exam\nple.com/a"), Err(UrlError::Control { .. })));
        assert!(matches!(normalize_url("https://example.com/a\tb"), Err(UrlError::Control { .. })));
        assert!(matches!(normalize_url("https://example.com/\x1b[2J"), Err(UrlError::Control { .. })));
        // Surrounding white space is not part of the URL.
        assert_eq!(normalize_url(" https://Example.com/a\n").unwrap(), "https://example.com/a");
        assert_eq!(normalize_url("HTTPS://example.com").unwrap(), "https://example.com/");
    }
}
