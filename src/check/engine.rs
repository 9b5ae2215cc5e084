//! The checker: one draft's sentences, each scored by the detector and matched against the ledger, become
//! findings.
//!
//! Per sentence: links whose normalised URL is a ledger source are citations (a retracted one counts for
//! nothing and is reported); claim markers bind ledger claims; the index proposes candidate claims and the
//! matcher keeps matches and conflicts; the detector decides whether an unmatched sentence states a checkable
//! fact at all. Support is then judged claim by claim, so a sentence carrying a sourced and an unsourced claim
//! is still reported. This module reads the ledger through the index only and prints nothing.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde::Serialize;

use super::credits::{credited_outlets, same_outlet};
use super::finding::{Exemption, Finding, Location, Rule, Severities};
use crate::detect::{Detector, View};
use crate::id::Id;
use crate::index::{self, AttributionView, ClaimStatus, Index, ReadSnapshot, Weights};
use crate::markdown::{self, Position, Sentence, Span};
use crate::matching::{self, Decision};
use crate::record::{normalize_url, Kind};

/// How many candidate claims are judged per sentence.
const CANDIDATES: usize = 8;

/// What the checker needs besides the ledger.
#[derive(Clone, Debug)]
pub struct Settings {
    pub severities: Severities,
    pub view: View,
    pub threshold: Option<f32>,
}

/// The findings and exemptions of one draft.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FileReport {
    pub findings: Vec<Finding>,
    pub exemptions: Vec<Exemption>,
}

/// One ledger claim as a sentence relates to it.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimMatch {
    pub id: String,
    pub text: String,
    pub score: f32,
    #[serde(flatten)]
    pub decision: Decision,
}

/// Checks drafts against one ledger.
pub struct Checker<'a> {
    /// One read transaction for the whole run: the same state throughout, and no per-statement locking, which
    /// otherwise dominates many small lookups.
    _snapshot: ReadSnapshot<'a>,
    index: &'a Index,
    weights: Weights<'a>,
    detector: &'static Detector,
    settings: Settings,
    outlets: Vec<String>,
    /// Drafts repeat themselves (boilerplate, pasted passages, many drafts in one run): each distinct sentence
    /// is matched once and each claim's support read once per run.
    matched: RefCell<HashMap<String, Rc<Vec<ClaimMatch>>>>,
    supports: RefCell<HashMap<Id, Rc<Option<Support>>>>,
}

/// Past this many entries a cache is emptied rather than grown.
const CACHE_LIMIT: usize = 50_000;

struct Draft<'t> {
    file: &'t str,
    text: &'t str,
}

impl<'t> Draft<'t> {
    fn location(&self, span: Span, start: Position, end: Position) -> Location {
        Location {
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            start_byte: span.start,
            end_byte: span.end,
        }
    }

    fn location_of_span(&self, span: Span) -> Location {
        let start = markdown::position_of(self.text, span.start);
        let end = markdown::position_of(self.text, span.end);
        self.location(span, start, end)
    }
}

fn short(id: &str) -> &str {
    &id[..id.len().min(12)]
}

/// Support a claim has in the ledger, as far as one sentence is concerned.
struct Support {
    status: ClaimStatus,
    live: Vec<AttributionView>,
    dead: Vec<AttributionView>,
}

impl<'a> Checker<'a> {
    pub fn new(index: &'a Index, detector: &'static Detector, settings: Settings) -> Result<Self, index::Error> {
        let snapshot = index.read_snapshot()?;
        Ok(Checker {
            _snapshot: snapshot,
            index,
            weights: index.weights()?,
            detector,
            settings,
            outlets: index.outlets()?,
            matched: RefCell::default(),
            supports: RefCell::default(),
        })
    }

    /// The candidate claims of a sentence with the matcher's verdict, best first.
    pub fn match_sentence(&self, text: &str, top: usize) -> Result<Vec<ClaimMatch>, index::Error> {
        let analysis = matching::analyze(text);
        let mut out: Vec<ClaimMatch> = Vec::new();
        for c in self.index.candidates(text, &self.weights, CANDIDATES.max(top))? {
            let scored = matching::compare(&analysis, &matching::analyze(&c.text), &self.weights);
            out.push(ClaimMatch { id: c.id, text: c.text, score: scored.score, decision: scored.decision });
        }
        let rank = |d: &Decision| match d {
            Decision::Match => 0,
            Decision::Conflict { .. } => 1,
            Decision::NoMatch => 2,
        };
        // Within a decision, the candidate step's order (a stable sort keeps it).
        out.sort_by_key(|c| rank(&c.decision));
        out.truncate(top);
        Ok(out)
    }

    fn support(&self, id: &Id) -> Result<Rc<Option<Support>>, index::Error> {
        if let Some(found) = self.supports.borrow().get(id) {
            return Ok(found.clone());
        }
        let support = match self.index.claim(id)? {
            None => None,
            Some(row) => {
                let (live, dead) = self.index.attributions(id, false)?.into_iter().partition(|a| a.live);
                Some(Support { status: row.status, live, dead })
            }
        };
        let support = Rc::new(support);
        let mut cache = self.supports.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(*id, support.clone());
        Ok(support)
    }

    fn matched(&self, text: &str) -> Result<Rc<Vec<ClaimMatch>>, index::Error> {
        if let Some(found) = self.matched.borrow().get(text) {
            return Ok(found.clone());
        }
        let found = Rc::new(self.match_sentence(text, CANDIDATES)?);
        let mut cache = self.matched.borrow_mut();
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(text.to_owned(), found.clone());
        Ok(found)
    }

    /// Checks one draft; `file` is the name reported.
    pub fn check(&self, file: &str, text: &str) -> Result<FileReport, index::Error> {
        let draft = Draft { file, text };
        let doc = markdown::extract(text);
        let mut report = FileReport::default();
        for p in &doc.problems {
            let location = draft.location_of_span(p.span);
            self.push(&mut report, Rule::InvalidDirective, &draft, location, "", p.message.clone(),
                "see the claimledger comment forms: `<!-- claim: ID -->`, `<!-- claimledger-ignore: REASON -->`, `<!-- claimledger off -->` ... `<!-- claimledger on -->`".into(), vec![]);
        }
        for e in &doc.exemptions {
            report.exemptions.push(Exemption {
                file: file.to_owned(),
                line: e.start.line,
                column: e.start.column,
                reason: e.reason.clone(),
                sentence: e.sentence.clone(),
            });
        }
        for s in &doc.sentences {
            if s.ignored.is_none() {
                self.check_sentence(&draft, s, &mut report)?;
            }
        }
        report.findings.sort_by(|a, b| {
            (a.location.start_byte, a.location.end_byte, a.rule).cmp(&(
                b.location.start_byte,
                b.location.end_byte,
                b.rule,
            ))
        });
        Ok(report)
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &self,
        report: &mut FileReport,
        rule: Rule,
        draft: &Draft,
        location: Location,
        sentence: &str,
        message: String,
        hint: String,
        claims: Vec<String>,
    ) {
        let Some(severity) = self.settings.severities.of(rule) else { return };
        report.findings.push(Finding {
            rule,
            severity,
            file: draft.file.to_owned(),
            location,
            sentence: sentence.to_owned(),
            message,
            hint,
            claims,
        });
    }

    fn check_sentence(&self, draft: &Draft, s: &Sentence, report: &mut FileReport) -> Result<(), index::Error> {
        let here = draft.location(s.span, s.start, s.end);
        let finding = |report: &mut FileReport, rule, message: String, hint: String, claims: Vec<String>| {
            self.push(report, rule, draft, here.clone(), &s.text, message, hint, claims)
        };

        // Links: citations of ledger sources, retracted ones, and links the ledger does not know.
        let mut live_citations = Vec::new();
        let mut retracted_links = Vec::new();
        for link in &s.links {
            let Ok(url) = normalize_url(&link.url) else { continue };
            let link_at = draft.location_of_span(link.span);
            match self.index.source_by_url(&url)? {
                None => self.push(
                    report,
                    Rule::UnregisteredSource,
                    draft,
                    link_at,
                    &s.text,
                    format!("link to {url} is not a ledger source"),
                    format!("record it: `claimledger source add '{url}' --outlet NAME`"),
                    vec![],
                ),
                Some(id) => {
                    let source = self.index.source(&id)?.expect("an id from the index has a row");
                    if source.live {
                        live_citations.push(source);
                    } else {
                        retracted_links.push(source.id.clone());
                        let why = self.index.retractions_of(&id)?.into_iter().find(|r| r.kind != "correction");
                        let reason = why
                            .map(|r| format!(" ({} effective {}: {})", r.kind, r.effective, r.reason))
                            .unwrap_or_default();
                        self.push(
                            report,
                            Rule::RetractedSource,
                            draft,
                            link_at,
                            &s.text,
                            format!("linked source {} <{url}> is retracted{reason}", source.outlet),
                            "remove the link and cite a live source for this sentence".into(),
                            vec![],
                        );
                    }
                }
            }
        }

        // Claims: bound by markers, matched by the index and the matcher, or nearly matched with another figure.
        let mut bound: Vec<(String, String)> = Vec::new();
        for marker in &s.claims {
            match marker.prefix.parse().ok().and_then(|p| self.index.resolve(&p, 2).ok()) {
                Some(found) if found.len() == 1 && found[0].1 == Kind::Claim => {
                    let id = found[0].0.to_hex();
                    let text = self.index.claim(&found[0].0)?.map(|c| c.text).unwrap_or_default();
                    bound.push((id, text));
                }
                _ => {
                    let at =
                        draft.location(marker.span, marker.start, markdown::position_of(draft.text, marker.span.end));
                    self.push(
                        report,
                        Rule::UnknownClaim,
                        draft,
                        at,
                        &s.text,
                        format!("claim marker names {}, which is not a claim in the ledger", marker.prefix),
                        "check the id with `claimledger list claims`, or add the claim with `claimledger claim add`"
                            .into(),
                        vec![marker.prefix.clone()],
                    );
                }
            }
        }
        let candidates = self.matched(&s.text)?;
        let mut claims: Vec<(String, String)> = bound;
        for c in candidates.iter().filter(|c| matches!(c.decision, Decision::Match)) {
            if !claims.iter().any(|(id, _)| id == &c.id) {
                claims.push((c.id.clone(), c.text.clone()));
            }
        }
        // A name that is only the text of a link ("([The Caspian Post](...))") credits a source; it does not
        // contradict the names of a claim.
        let link_texts: Vec<&str> = s.links.iter().filter_map(|l| draft.text.get(l.span.start..l.span.end)).collect();
        let only_link_text = |said: &[String]| {
            !said.is_empty() && said.iter().all(|n| link_texts.iter().any(|t| t.contains(n.as_str())))
        };
        let conflicts: Vec<&ClaimMatch> = candidates
            .iter()
            .filter(|c| match &c.decision {
                Decision::Conflict { draft: said, .. } => !only_link_text(said),
                _ => false,
            })
            .filter(|c| !claims.iter().any(|(id, _)| id == &c.id))
            .collect();

        let detected = self.detector.is_claim(&s.text, self.settings.view, self.settings.threshold)
            && !is_question(&s.text)
            && !is_sweeping_judgement(&s.text);
        if claims.is_empty() && conflicts.is_empty() && !detected {
            return Ok(());
        }

        if claims.is_empty() {
            if let Some(c) = conflicts.first() {
                let Decision::Conflict { ledger, draft: said } = &c.decision else { unreachable!() };
                finding(
                    report,
                    Rule::ConflictingFigure,
                    format!("the ledger says {} where this sentence says {}", ledger.join(", "), said.join(", ")),
                    format!("ledger claim {}: \"{}\"", short(&c.id), c.text),
                    vec![c.id.clone()],
                );
                return Ok(());
            }
        }

        // Judge support claim by claim.
        let mut live_outlets: Vec<String> = live_citations.iter().map(|s| s.outlet.clone()).collect();
        let mut corrected = Vec::new();
        let mut unsupported = Vec::new();
        for (id, text) in &claims {
            let Ok(parsed) = id.parse::<Id>() else { continue };
            let support = self.support(&parsed)?;
            let Some(support) = support.as_ref() else { continue };
            if support.status == ClaimStatus::Retracted {
                let why = self.index.retractions_of(&parsed)?.into_iter().find(|r| r.kind != "correction");
                let reason =
                    why.map(|r| format!(" ({} effective {}: {})", r.kind, r.effective, r.reason)).unwrap_or_default();
                finding(
                    report,
                    Rule::RetractedClaim,
                    format!("restates ledger claim {}, which is withdrawn{reason}", short(id)),
                    "remove or rewrite the sentence; the ledger no longer stands behind it".into(),
                    vec![id.clone()],
                );
                continue;
            }
            live_outlets.extend(support.live.iter().map(|a| a.source.outlet.clone()));
            for a in &support.live {
                if let Some(r) = a.retractions.iter().find(|r| r.kind == "correction") {
                    corrected.push((id.clone(), a.source.outlet.clone(), r.effective.clone(), r.reason.clone()));
                }
            }
            if support.live.is_empty() && live_citations.is_empty() {
                unsupported.push((id.clone(), text.clone(), support.dead.clone()));
            }
        }
        for (id, text, dead) in unsupported {
            if let Some(a) = dead.first() {
                if dead.iter().all(|a| retracted_links.contains(&a.source.id)) {
                    continue; // already reported at the link
                }
                let why = a.retractions.iter().find(|r| r.kind != "correction");
                let reason =
                    why.map(|r| format!(" ({} effective {}: {})", r.kind, r.effective, r.reason)).unwrap_or_default();
                finding(
                    report,
                    Rule::RetractedSource,
                    format!("its only support, {} <{}>, is retracted{reason}", a.source.outlet, a.source.url),
                    format!("find a live source and run `claimledger attribute {} SOURCE --quote '...'`", short(&id)),
                    vec![id],
                );
            } else {
                finding(
                    report,
                    Rule::UnsourcedClaim,
                    format!("ledger claim {} has no live source", short(&id)),
                    format!(
                        "record a source and run `claimledger attribute {} SOURCE --quote '...'` (claim: \"{text}\")",
                        short(&id)
                    ),
                    vec![id],
                );
            }
        }
        if claims.is_empty() && live_citations.is_empty() {
            let near = candidates.first().filter(|c| c.score > 0.3);
            let hint = match near {
                Some(c) => format!("closest ledger claim {} (score {:.2}): \"{}\"; if it says the same, bind it with `<!-- claim: {} -->`", short(&c.id), c.score, c.text, short(&c.id)),
                None => "record it with `claimledger claim add '...' --source ID --quote '...'`, link a ledger source, or exempt it with `<!-- claimledger-ignore: REASON -->`".into(),
            };
            let credited = credited_outlets(&s.text, &self.outlets);
            let message = match credited.first() {
                Some(o) => format!("no ledger claim supports this sentence, which credits {o}"),
                None => "no ledger claim or linked source supports this sentence".into(),
            };
            finding(report, Rule::UnsourcedClaim, message, hint, near.map(|c| vec![c.id.clone()]).unwrap_or_default());
            return Ok(());
        }
        for (id, outlet, effective, reason) in corrected {
            finding(
                report,
                Rule::CorrectedSource,
                format!("support from {outlet} carries a correction effective {effective}: {reason}"),
                "check that the sentence reflects the corrected story".into(),
                vec![id],
            );
        }
        if !live_outlets.is_empty() {
            let claim_ids: Vec<String> = claims.iter().map(|(id, _)| id.clone()).collect();
            for credited in credited_outlets(&s.text, &self.outlets) {
                if !live_outlets.iter().any(|o| same_outlet(o, &credited)) {
                    let mut known: Vec<&str> = live_outlets.iter().map(String::as_str).collect();
                    known.sort_unstable();
                    known.dedup();
                    finding(report, Rule::Misattributed,
                        format!("the text credits {credited}, but the live sources are {}", known.join(", ")),
                        format!("credit an outlet the ledger records, or record {credited}'s story as a source and attribute the claim to it"),
                        claim_ids.clone());
                }
            }
        }
        Ok(())
    }
}

/// A question asks; it states nothing to source.
fn is_question(text: &str) -> bool {
    text.trim_end_matches(|c: char| c == '"' || c == '\u{201d}' || c == ')' || c.is_whitespace()).ends_with('?')
}

/// Sweeping judgements ("have always underestimated", "more than any summit ever did") read like facts to a
/// word-based model but state none: without a figure to check they are opinion. A sentence with a digit or
/// a number word is left to the model.
fn is_sweeping_judgement(text: &str) -> bool {
    let lower = text.to_lowercase();
    const MARKERS: [&str; 9] = [
        "underestimat",
        "overestimat",
        "than any",
        "ever did",
        "of all time",
        "more than ever",
        "have always",
        "has always",
        "never been more",
    ];
    MARKERS.iter().any(|m| lower.contains(m)) && crate::matching::analyze(text).figures.is_empty()
}

/// How many findings of each rule a set of reports holds.
pub fn rule_counts(findings: &[Finding]) -> HashMap<Rule, usize> {
    let mut out = HashMap::new();
    for f in findings {
        *out.entry(f.rule).or_default() += 1;
    }
    out
}
