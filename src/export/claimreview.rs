//! The ClaimReview export: schema.org JSON-LD that fact-checking tools read.
//!
//! One document: an inline `@context` (so no processor needs the network), then an `@graph` whose first node
//! describes the export (a `Dataset`) and whose other nodes are the claims, in id order, each a schema.org
//! `Claim` whose live sources are `appearance` items (url, publisher, datePublished, headline, archivedAt).
//! Everything schema.org has no term for (ids, status, quotes, retractions, sources whose support was
//! withdrawn) sits under the `claimledger:` prefix, which expands to `urn:claimledger:`. The ledger records no
//! verdicts, so no `ClaimReview`/`reviewRating` is invented: a reviewer adds those.

use std::io::Write;

use serde_json::{json, Map, Value};

use super::{Error, Header, Progress, Ticker};
use crate::index::{AttributionView, ExportClaim, Index, RetractionRow};
use crate::record::Kind;

fn context() -> Value {
    json!({
        "@vocab": "https://schema.org/",
        "claimledger": "urn:claimledger:",
        "url": {"@type": "@id"},
        "archivedAt": {"@type": "@id"},
        "claimledger:noticeUrl": {"@type": "@id"},
    })
}

fn retraction(r: &RetractionRow) -> Value {
    let mut m = Map::new();
    m.insert("claimledger:retractionId".into(), r.id.clone().into());
    m.insert("claimledger:target".into(), r.target.clone().into());
    m.insert("claimledger:kind".into(), r.kind.clone().into());
    m.insert("claimledger:reason".into(), r.reason.clone().into());
    m.insert("claimledger:effective".into(), r.effective.clone().into());
    if let Some(n) = &r.notice_url {
        m.insert("claimledger:noticeUrl".into(), n.clone().into());
    }
    m.insert("claimledger:recordedBy".into(), r.recorded_by.clone().into());
    m.insert("claimledger:recordedAt".into(), r.recorded_at.clone().into());
    Value::Object(m)
}

fn appearance(a: &AttributionView) -> Value {
    let s = &a.source;
    let mut m = Map::new();
    m.insert("@type".into(), "CreativeWork".into());
    m.insert("url".into(), s.url.clone().into());
    m.insert("publisher".into(), json!({"@type": "Organization", "name": s.outlet}));
    if let Some(t) = &s.title {
        m.insert("headline".into(), t.clone().into());
    }
    if let Some(p) = &s.published {
        m.insert("datePublished".into(), p.clone().into());
    }
    if let Some(u) = &s.archived_url {
        m.insert("archivedAt".into(), u.clone().into());
    }
    m.insert("claimledger:sourceId".into(), s.id.clone().into());
    m.insert("claimledger:attributionId".into(), a.id.clone().into());
    m.insert("claimledger:quote".into(), a.quote.clone().into());
    m.insert("claimledger:quoteKind".into(), a.quote_kind.clone().into());
    m.insert("claimledger:recordedBy".into(), a.recorded_by.clone().into());
    m.insert("claimledger:recordedAt".into(), a.recorded_at.clone().into());
    if !a.retractions.is_empty() {
        m.insert("claimledger:retractions".into(), a.retractions.iter().map(retraction).collect());
    }
    Value::Object(m)
}

fn claim_node(c: &ExportClaim) -> Value {
    let mut m = Map::new();
    m.insert("@id".into(), format!("urn:claimledger:claim:{}", c.id).into());
    m.insert("@type".into(), "Claim".into());
    m.insert("text".into(), c.text.clone().into());
    m.insert("claimledger:id".into(), c.id.clone().into());
    m.insert("claimledger:status".into(), c.status.as_str().into());
    m.insert("claimledger:liveSources".into(), c.live_sources.into());
    let (live, dead): (Vec<_>, Vec<_>) = c.attributions.iter().partition(|a| a.live);
    if !live.is_empty() {
        m.insert("appearance".into(), live.into_iter().map(appearance).collect());
    }
    // Kept apart from `appearance` so that a reader of plain schema.org never counts withdrawn support.
    if !dead.is_empty() {
        m.insert("claimledger:withdrawnAppearance".into(), dead.into_iter().map(appearance).collect());
    }
    if !c.retractions.is_empty() {
        m.insert("claimledger:retractions".into(), c.retractions.iter().map(retraction).collect());
    }
    Value::Object(m)
}

fn dataset_node(header: &Header) -> Value {
    json!({
        "@id": format!("urn:claimledger:export:{}", header.digest),
        "@type": "Dataset",
        "name": "claimledger export",
        "dateCreated": header.exported_at,
        "creator": {"@type": "SoftwareApplication", "name": header.tool},
        "claimledger:digest": header.digest,
        "claimledger:claims": header.count(Kind::Claim),
        "claimledger:sources": header.count(Kind::Source),
        "claimledger:attributions": header.count(Kind::Attribution),
        "claimledger:retractions": header.count(Kind::Retraction),
    })
}

pub(super) fn write(index: &Index, header: &Header, out: &mut dyn Write, progress: Progress) -> Result<(), Error> {
    out.write_all(b"{\"@context\":")?;
    serde_json::to_writer(&mut *out, &context()).map_err(std::io::Error::from)?;
    out.write_all(b",\n\"@graph\":[\n")?;
    serde_json::to_writer(&mut *out, &dataset_node(header)).map_err(std::io::Error::from)?;
    let mut ticker = Ticker::new(header.count(Kind::Claim), progress);
    index.each_claim(|claim| {
        out.write_all(b",\n")?;
        serde_json::to_writer(&mut *out, &claim_node(&claim)).map_err(std::io::Error::from)?;
        ticker.tick(1);
        Ok::<(), Error>(())
    })?;
    out.write_all(b"\n]}\n")?;
    ticker.finish();
    Ok(())
}
