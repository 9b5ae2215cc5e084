//! Source URL normalisation: one source per normalised URL.
//!
//! The `url` crate already lower-cases scheme and host and drops a default port; on top of that this drops the
//! fragment and tracking parameters (`utm_*`, `fbclid`, `gclid`, ...) and refuses anything but http(s) with a
//! host. The output is what a source record stores and what the index looks URLs up by.

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
    let mut url =
        Url::parse(trimmed).map_err(|e| UrlError::Parse { input: input.to_owned(), reason: e.to_string() })?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(UrlError::Scheme { input: input.to_owned(), scheme: url.scheme().to_owned() });
    }
    match url.host_str() {
        Some(h) if !h.is_empty() => {}
        _ => return Err(UrlError::NoHost { input: input.to_owned() }),
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
}
