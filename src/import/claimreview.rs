//! ClaimReview JSON-LD: the project's own export and the shapes that Google's Fact Check Tools use.
//!
//! Nodes are found at the top level (one node or an array), in `@graph`, in a `DataFeed`'s
//! `dataFeedElement` (items directly or wrapped in `DataFeedItem.item`), or in the Fact Check Tools API's
//! `{"claims": [...]}`. Each is read as:
//!
//! - a schema.org `Claim` (as `claimledger export --format claimreview` writes it): `text` is the claim; each
//!   `appearance` (and `claimledger:withdrawnAppearance`) with a `claimledger:quote` is a source and an
//!   attribution, kept with its recorded stamps and checked against the `claimledger:*Id` it carries, so a
//!   round trip through two ledgers keeps every id; `claimledger:retractions` are kept as well;
//! - a `ClaimReview` (fact-check markup): `claimReviewed` is the claim, and the review page is its source only
//!   when the review rates the claim true (its `reviewRating` is the best rating, or is named "True");
//! - an API claim: `text`, with each of its `claimReview` entries read as above (`textualRating`).
//!
//! A claim that no review rates true is imported without a source, so a draft that repeats it still fails
//! `check`. Errors name the line where the node starts. The `Dataset` node of the project's export is skipped.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::plan::Builder;
use super::{Error, Origin};
use crate::id::Id;
use crate::ledger::NewSource;
use crate::record::{Attribution, QuoteKind, Record, Retraction, RetractionKind, Source};

/// Line numbers of byte offsets in one document.
struct Lines {
    starts: Vec<usize>,
    base: usize,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { starts, base: text.as_ptr() as usize }
    }

    /// The line where a value borrowed from the document starts.
    fn of(&self, raw: &RawValue) -> usize {
        let offset = raw.get().as_ptr() as usize - self.base;
        self.starts.partition_point(|s| *s <= offset)
    }
}

/// What a top-level node is read as.
enum Shape {
    Node,
    ApiClaim,
}

pub(super) fn read(input: usize, bytes: &[u8], b: &mut Builder) -> Result<(), Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()].iter().filter(|c| **c == b'\n').count();
        b.error(Origin { input, line }, "not UTF-8 text")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = Lines::new(text);
    let json_error = |e: serde_json::Error| b.error(Origin { input, line: e.line().max(1) }, format!("not JSON ({e})"));
    let top: &RawValue = serde_json::from_str(text).map_err(json_error)?;
    let mut nodes: Vec<(&RawValue, Shape)> = Vec::new();
    collect(top, &mut nodes).map_err(json_error)?;
    if nodes.is_empty() {
        return Err(b.error(Origin { input, line: lines.of(top) }, "no Claim or ClaimReview node found"));
    }
    for (raw, shape) in nodes {
        let at = Origin { input, line: lines.of(raw) };
        let value: Value = serde_json::from_str(raw.get()).map_err(|e| b.error(at, format!("not JSON ({e})")))?;
        let Value::Object(node) = value else {
            return Err(b.error(at, "expected a JSON-LD node (an object)"));
        };
        match shape {
            Shape::ApiClaim => api_claim(&node, at, b)?,
            Shape::Node => node_of_type(&node, at, b)?,
        }
    }
    Ok(())
}

/// The nodes of a document, unwrapping `@graph`, data feeds and the API's `claims`.
fn collect<'a>(raw: &'a RawValue, out: &mut Vec<(&'a RawValue, Shape)>) -> Result<(), serde_json::Error> {
    let trimmed = raw.get().trim_start();
    if trimmed.starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(raw.get())?;
        for item in items {
            collect(item, out)?;
        }
        return Ok(());
    }
    if !trimmed.starts_with('{') {
        out.push((raw, Shape::Node));
        return Ok(());
    }
    let map: std::collections::HashMap<String, &RawValue> = serde_json::from_str(raw.get())?;
    if let Some(graph) = map.get("@graph") {
        return collect(graph, out);
    }
    if let Some(feed) = map.get("dataFeedElement") {
        return collect(feed, out);
    }
    let ty = map.get("@type").map(|t| t.get().trim_matches('"'));
    if ty == Some("DataFeedItem") {
        if let Some(item) = map.get("item") {
            return collect(item, out);
        }
    }
    if let (None, Some(claims)) = (map.get("@type"), map.get("claims")) {
        let items: Vec<&RawValue> = serde_json::from_str(claims.get())?;
        out.extend(items.into_iter().map(|i| (i, Shape::ApiClaim)));
        return Ok(());
    }
    out.push((raw, Shape::Node));
    Ok(())
}

fn types(node: &Map<String, Value>) -> Vec<&str> {
    match node.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn node_of_type(node: &Map<String, Value>, at: Origin, b: &mut Builder) -> Result<(), Error> {
    let types = types(node);
    let is = |t: &str| types.iter().any(|x| x.rsplit(['/', ':']).next() == Some(t));
    if is("ClaimReview") {
        b.row();
        let text = string(node, "claimReviewed").ok_or_else(|| b.error(at, "a ClaimReview without claimReviewed"))?;
        let claim = b.claim(at, text)?;
        return review(node, claim, at, b);
    }
    if is("Claim") {
        b.row();
        return claim_node(node, at, b);
    }
    if is("Dataset") {
        return Ok(());
    }
    let shown = if types.is_empty() { "no @type".to_owned() } else { format!("@type {}", types.join(", ")) };
    Err(b.error(at, format!("a node with {shown}: expected a Claim or a ClaimReview")))
}

fn string<'v>(node: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    node.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// The name of an organisation or person given as an object with `name`, or as a plain string.
fn name_of<'v>(node: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    match node.get(key)? {
        Value::String(s) => Some(s.trim()).filter(|s| !s.is_empty()),
        Value::Object(o) => string(o, "name"),
        Value::Array(a) => a.iter().find_map(|v| v.as_object().and_then(|o| string(o, "name"))),
        _ => None,
    }
}

/// A value that may be one object or an array of them.
fn objects<'v>(node: &'v Map<String, Value>, key: &str) -> Vec<&'v Map<String, Value>> {
    match node.get(key) {
        Some(Value::Object(o)) => vec![o],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    }
}

/// A date, or the date part of a date-time.
fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

fn optional_date(node: &Map<String, Value>, key: &str, at: Origin, b: &Builder) -> Result<Option<NaiveDate>, Error> {
    match string(node, key) {
        None => Ok(None),
        Some(s) => date(s).map(Some).ok_or_else(|| b.error(at, format!("{key} {s:?} is not a date (YYYY-MM-DD)"))),
    }
}

fn id_field(node: &Map<String, Value>, key: &str, at: Origin, b: &Builder) -> Result<Option<Id>, Error> {
    match string(node, key) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|e| b.error(at, format!("{key}: {e}"))),
    }
}

/// A fact-check review (ClaimReview markup, or an API `claimReview` entry) of an already-read claim.
fn review(node: &Map<String, Value>, claim: Id, at: Origin, b: &mut Builder) -> Result<(), Error> {
    let Some(verdict) = verdict(node) else {
        b.summary.unsupported_reviews += 1;
        return Ok(());
    };
    let url = string(node, "url").ok_or_else(|| b.error(at, "a review rated true has no url"))?;
    let outlet = name_of(node, "author")
        .or_else(|| name_of(node, "publisher"))
        .ok_or_else(|| b.error(at, format!("the review {url} names neither an author nor a publisher")))?;
    let published = match optional_date(node, "datePublished", at, b)? {
        Some(d) => Some(d),
        None => optional_date(node, "reviewDate", at, b)?,
    };
    let title = string(node, "headline").or_else(|| string(node, "title")).or_else(|| string(node, "name"));
    let new = NewSource {
        url: url.to_owned(),
        outlet: outlet.to_owned(),
        title: title.map(str::to_owned),
        published,
        archived_url: None,
    };
    let source = b.source(at, &new)?;
    b.attribution(at, claim, source, &format!("rated {verdict}"), QuoteKind::Paraphrase)
}

/// The review's rating when it says the claim is true: the best value of its scale, or the name "True".
fn verdict(node: &Map<String, Value>) -> Option<String> {
    let number = |v: Option<&Value>| match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    if let Some(rating) = node.get("reviewRating").and_then(Value::as_object) {
        let name = string(rating, "alternateName");
        if name.is_some_and(|n| n.trim_end_matches(['.', '!']).eq_ignore_ascii_case("true")) {
            return name.map(str::to_owned);
        }
        let value = number(rating.get("ratingValue"))?;
        // schema.org's defaults for a Rating's scale.
        let best = number(rating.get("bestRating")).unwrap_or(5.0);
        let worst = number(rating.get("worstRating")).unwrap_or(1.0);
        if value == best && best != worst {
            return Some(name.map_or_else(|| format!("{value} of {worst} to {best}"), str::to_owned));
        }
        return None;
    }
    let textual = string(node, "textualRating")?;
    textual.trim_end_matches(['.', '!']).eq_ignore_ascii_case("true").then(|| textual.to_owned())
}

fn api_claim(node: &Map<String, Value>, at: Origin, b: &mut Builder) -> Result<(), Error> {
    b.row();
    let text = string(node, "text").ok_or_else(|| b.error(at, "a claim without text"))?;
    let claim = b.claim(at, text)?;
    for r in objects(node, "claimReview") {
        review(r, claim, at, b)?;
    }
    Ok(())
}

/// A schema.org Claim, with the project's extensions when it was written by `claimledger export`.
fn claim_node(node: &Map<String, Value>, at: Origin, b: &mut Builder) -> Result<(), Error> {
    let text = string(node, "text").ok_or_else(|| b.error(at, "a Claim without text"))?;
    let expected = id_field(node, "claimledger:id", at, b)?;
    let claim = b.claim(at, text)?;
    if let Some(expected) = expected {
        if expected != claim {
            return Err(
                b.error(at, format!("the claim's text hashes to {claim}, not to its claimledger:id {expected}"))
            );
        }
    }
    for (n, appearance) in
        objects(node, "appearance").into_iter().chain(objects(node, "claimledger:withdrawnAppearance")).enumerate()
    {
        let where_ = |m: String| format!("appearance {}: {m}", n + 1);
        self::appearance(appearance, claim, at, b).map_err(|e| relabel(e, where_))?;
    }
    for r in objects(node, "claimledger:retractions") {
        retraction(r, at, b)?;
    }
    Ok(())
}

fn relabel(e: Error, f: impl Fn(String) -> String) -> Error {
    match e {
        Error::Row { file, line, message } => Error::Row { file, line, message: f(message) },
        other => other,
    }
}

fn appearance(node: &Map<String, Value>, claim: Id, at: Origin, b: &mut Builder) -> Result<(), Error> {
    let url = string(node, "url").ok_or_else(|| b.error(at, "no url"))?;
    let outlet = name_of(node, "publisher").or_else(|| name_of(node, "author"));
    let published = optional_date(node, "datePublished", at, b)?;
    let title = string(node, "headline").or_else(|| string(node, "name"));
    let archived_url = string(node, "archivedAt");
    let Some(quote) = node.get("claimledger:quote").and_then(Value::as_str) else {
        b.summary.unquoted_appearances += 1;
        return Ok(());
    };
    let outlet = outlet.ok_or_else(|| b.error(at, format!("the source {url} has no publisher name")))?;
    let source_id = id_field(node, "claimledger:sourceId", at, b)?;
    let source = match source_id {
        // Exported records are taken as they are, so that their ids survive the round trip.
        Some(expected) => {
            let record = Source {
                url: url.to_owned(),
                outlet: outlet.to_owned(),
                title: title.map(str::to_owned),
                published,
                archived_url: archived_url.map(str::to_owned),
            };
            b.source_exact(at, record, Some(expected))?
        }
        None => {
            let new = NewSource {
                url: url.to_owned(),
                outlet: outlet.to_owned(),
                title: title.map(str::to_owned),
                published,
                archived_url: archived_url.map(str::to_owned),
            };
            b.source(at, &new)?
        }
    };
    let quote_kind = match string(node, "claimledger:quoteKind") {
        None | Some("verbatim") => QuoteKind::Verbatim,
        Some("paraphrase") => QuoteKind::Paraphrase,
        Some(other) => {
            return Err(b.error(at, format!("claimledger:quoteKind {other:?} is neither verbatim nor paraphrase")))
        }
    };
    match (string(node, "claimledger:recordedBy"), string(node, "claimledger:recordedAt")) {
        (Some(by), Some(recorded_at)) => {
            let record = Record::Attribution(Attribution {
                claim,
                source,
                quote: quote.to_owned(),
                quote_kind,
                recorded_by: by.to_owned(),
                recorded_at: time(recorded_at, "claimledger:recordedAt", at, b)?,
            });
            let expected = id_field(node, "claimledger:attributionId", at, b)?;
            b.record_exact(at, record, expected)?;
        }
        _ => b.attribution(at, claim, source, quote, quote_kind)?,
    }
    for r in objects(node, "claimledger:retractions") {
        retraction(r, at, b)?;
    }
    Ok(())
}

fn time(s: &str, key: &str, at: Origin, b: &Builder) -> Result<DateTime<Utc>, Error> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| b.error(at, format!("{key} {s:?} is not an RFC 3339 time")))
}

fn retraction(node: &Map<String, Value>, at: Origin, b: &mut Builder) -> Result<(), Error> {
    let field = |key: &str| string(node, key).ok_or_else(|| b.error(at, format!("a retraction without {key}")));
    let target: Id =
        field("claimledger:target")?.parse().map_err(|e| b.error(at, format!("claimledger:target: {e}")))?;
    let kind = match field("claimledger:kind")? {
        "retraction" => RetractionKind::Retraction,
        "correction" => RetractionKind::Correction,
        "withdrawal" => RetractionKind::Withdrawal,
        other => {
            return Err(b.error(at, format!("retraction kind {other:?} is not retraction, correction or withdrawal")))
        }
    };
    let effective = field("claimledger:effective")?;
    let effective = NaiveDate::parse_from_str(effective, "%Y-%m-%d")
        .map_err(|_| b.error(at, format!("claimledger:effective {effective:?} is not a date (YYYY-MM-DD)")))?;
    let record = Record::Retraction(Retraction {
        target,
        kind,
        reason: field("claimledger:reason")?.to_owned(),
        notice_url: string(node, "claimledger:noticeUrl").map(str::to_owned),
        effective,
        recorded_by: field("claimledger:recordedBy")?.to_owned(),
        recorded_at: time(field("claimledger:recordedAt")?, "claimledger:recordedAt", at, b)?,
    });
    let expected = id_field(node, "claimledger:retractionId", at, b)?;
    b.record_exact(at, record, expected)?;
    Ok(())
}
