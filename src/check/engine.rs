//! The checker: one draft's sentences, each scored by the detector and matched against the ledger, become
//! findings.
//!
//! Per sentence: links whose normalised URL is a ledger source are citations (a retracted one counts for
//! nothing and is reported); claim markers bind ledger claims; the index proposes candidate claims and the
//! matcher keeps matches and conflicts; the detector decides whether an unmatched sentence states a checkable
//! fact at all. Support is then judged claim by claim, so a sentence carrying a sourced and an unsourced claim
//! is still reported. This module reads the ledger through the index only and prints nothing; what it looks up
//! and keeps between sentences and drafts (candidates, support, judged parts) is in [`lookup`].

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use serde::Serialize;

use super::credits::credited_outlets;
use super::evidence::{
    conflict_of, is_question, is_sweeping_judgement, retraction_reason, ClaimEvidence, DocumentEvidence, Evidence,
    LinkEvidence, LinkStatus, MarkerEvidence, Support,
};
use super::finding::{Exemption, Finding, Location, Severities};
use super::parts;
use super::rules::{self, Hit, Rule};
use super::units;
use crate::detect::{Detector, View};
use crate::id::Id;
use crate::index::{self, ClaimStatus, Index, ReadSnapshot, Retriever, Weights};
use crate::markdown::{self, Position, Sentence, Span};
use crate::matching::{self, Decision};
use crate::record::{normalize_url, Kind};
pub use lookup::Memo;
use lookup::PREFETCH_WINDOW;

mod lookup;

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
    /// Findings that exemptions hide, each with the author's reason; they never fail a run.
    pub suppressed: Vec<Finding>,
}

/// One ledger claim as a sentence relates to it.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimMatch {
    pub id: String,
    pub text: String,
    pub score: f32,
    #[serde(flatten)]
    pub decision: Decision,
    /// The candidate step's re-ranking score ([`matching::fusion`]), which says how confident the search is of
    /// the claim beside the others it found.
    #[serde(skip)]
    pub retrieval: f32,
}

/// How a claim was matched to a sentence when the whole sentence, read alone, does not match it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatchedBy {
    /// The clause of the sentence that matches the claim.
    pub clause: Option<String>,
    /// Whether it matches only once the names of the sentences before count as named in the sentence.
    pub named_before: bool,
}

/// Checks drafts against one ledger.
pub struct Checker<'a> {
    /// One read transaction for the whole run: the same state throughout, and no per-statement locking, which
    /// otherwise dominates many small lookups.
    _snapshot: ReadSnapshot<'a>,
    index: &'a Index,
    retriever: Retriever<'a>,
    weights: Weights<'a>,
    detector: &'static Detector,
    settings: Settings,
    outlets: Vec<String>,
    memo: Memo,
}

/// How many sentences before a sentence give names it may leave to them: about a paragraph or two of news prose.
const CONTEXT_SENTENCES: usize = 8;

/// The stems of the names of a sentence that no one is credited for (a credited outlet names a source, not a
/// subject).
fn name_stems(text: &str) -> Vec<String> {
    matching::analyze(text).names.into_iter().filter(|n| !n.credited).flat_map(|n| n.stems).collect()
}

/// The names of the sentences just before each sentence of a draft: what a sentence may leave to them ("the
/// retailer"), as stems, sorted and unique. Each distinct sentence is analysed once, and only when asked for.
#[derive(Default)]
struct NamesBefore<'t> {
    seen: RefCell<HashMap<&'t str, Rc<Vec<String>>>>,
}

impl<'t> NamesBefore<'t> {
    /// The names of the [`CONTEXT_SENTENCES`] sentences before sentence `i` of `sentences`.
    fn of(&self, sentences: &[&'t str], i: usize) -> Vec<String> {
        let mut seen = self.seen.borrow_mut();
        let mut out: Vec<String> = sentences[i.saturating_sub(CONTEXT_SENTENCES)..i]
            .iter()
            .flat_map(|b| seen.entry(b).or_insert_with(|| Rc::new(name_stems(b))).iter().cloned().collect::<Vec<_>>())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

struct Draft<'t> {
    file: &'t str,
    text: &'t str,
}

impl<'t> Draft<'t> {
    fn location(&self, span: Span, start: Position, end: Position) -> Location {
        Location::new(span, start, end)
    }

    fn location_of_span(&self, span: Span) -> Location {
        let start = markdown::position_of(self.text, span.start);
        let end = markdown::position_of(self.text, span.end);
        self.location(span, start, end)
    }
}

impl<'a> Checker<'a> {
    pub fn new(index: &'a Index, detector: &'static Detector, settings: Settings) -> Result<Self, index::Error> {
        Self::with_memo(index, detector, settings, Memo::default())
    }

    /// A checker that starts from what an earlier one worked out (see [`Checker::into_memo`]). The caller
    /// vouches that the ledger and the settings have not changed since: a memo of another state gives
    /// findings of that state.
    pub fn with_memo(
        index: &'a Index,
        detector: &'static Detector,
        settings: Settings,
        memo: Memo,
    ) -> Result<Self, index::Error> {
        let snapshot = index.read_snapshot()?;
        let retriever = index.retriever()?;
        Ok(Checker {
            _snapshot: snapshot,
            index,
            weights: retriever.weights(),
            retriever,
            detector,
            settings,
            outlets: index.outlets()?,
            memo,
        })
    }

    /// What this checker worked out, for the next checker on the same ledger and settings.
    pub fn into_memo(self) -> Memo {
        self.memo
    }

    /// Checks one draft; `file` is the name reported.
    pub fn check(&self, file: &str, text: &str) -> Result<FileReport, index::Error> {
        let draft = Draft { file, text };
        let doc = markdown::extract(text);
        let mut report = FileReport::default();
        let mut problems: Vec<_> =
            doc.problems.iter().map(|p| (draft.location_of_span(p.span), p.message.clone())).collect();
        // An exemption that names a rule this build does not have exempts nothing: say so.
        for e in &doc.exemptions {
            for rule in e.rules.iter().filter(|r| r.parse::<Rule>().is_err()) {
                let known: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
                let message =
                    format!("claimledger-ignore names an unknown rule {rule:?} (rules: {})", known.join(", "));
                problems.push((draft.location_of_span(e.span), message));
            }
        }
        problems.sort_by_key(|(at, _)| at.start_byte);
        let whole = DocumentEvidence { problems };
        for (rule, check) in rules::document_checks() {
            self.push(&mut report, rule, &draft, "", check(&whole));
        }
        for e in &doc.exemptions {
            report.exemptions.push(Exemption {
                file: file.to_owned(),
                line: e.start.line,
                column: e.start.column,
                reason: e.reason.clone(),
                sentence: e.sentence.clone(),
                rules: e.rules.clone(),
            });
        }
        // The names of the sentences just before: what a sentence may leave to them ("the retailer"). Read only
        // for a sentence that matches no claim by itself.
        let names = NamesBefore::default();
        let texts: Vec<&str> = doc.sentences.iter().map(|s| s.text.as_str()).collect();
        for (i, s) in doc.sentences.iter().enumerate() {
            if i % PREFETCH_WINDOW == 0 {
                self.prefetch(&texts[i..(i + PREFETCH_WINDOW).min(texts.len())])?;
            }
            let context = || names.of(&texts, i);
            // Exempted sentences are checked too, so that what an exemption hides is on record (SARIF lists
            // it as a suppressed result); their findings go to `suppressed`, never to `findings`.
            let evidence = self.evidence(&draft, s, &context)?;
            let before = report.findings.len();
            for (rule, check) in rules::sentence_checks() {
                self.push(&mut report, rule, &draft, &s.text, check(&evidence));
            }
            let mut kept = Vec::new();
            for mut f in report.findings.drain(before..) {
                let by_rule = s.ignored_rules.iter().find(|(r, _)| r == f.rule.id()).map(|(_, reason)| reason);
                match s.ignored.as_ref().or(by_rule) {
                    Some(reason) => {
                        f.suppressed = Some(reason.clone());
                        report.suppressed.push(f);
                    }
                    None => kept.push(f),
                }
            }
            report.findings.extend(kept);
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

    /// Turns a rule's hits into findings at the rule's configured severity (none when it is off).
    fn push(&self, report: &mut FileReport, rule: Rule, draft: &Draft, sentence: &str, hits: Vec<Hit>) {
        let Some(severity) = self.settings.severities.of(rule) else { return };
        report.findings.extend(hits.into_iter().map(|h| Finding {
            rule,
            severity,
            file: draft.file.to_owned(),
            location: h.location,
            sentence: sentence.to_owned(),
            message: h.message,
            hint: h.hint,
            claims: h.claims,
            suppressed: None,
        }));
    }

    /// Everything the rules need to know about sentence `s`, looked up once; `context` gives the stems of the
    /// names the sentences just before it gave (read only when the sentence matches no claim by itself).
    fn evidence(
        &self,
        draft: &Draft,
        s: &Sentence,
        context: &dyn Fn() -> Vec<String>,
    ) -> Result<Evidence, index::Error> {
        // Links: citations of ledger sources, retracted ones, and links the ledger does not know.
        let mut links = Vec::new();
        for link in &s.links {
            let Ok(url) = normalize_url(&link.url) else { continue };
            let at = draft.location_of_span(link.span);
            let status = match self.index.source_by_url(&url)? {
                None => LinkStatus::Unregistered,
                Some(id) => {
                    let source = self.index.source(&id)?.expect("an id from the index has a row");
                    if source.live {
                        LinkStatus::Live { outlet: source.outlet }
                    } else {
                        let reason = retraction_reason(&self.index.retractions_of(&id)?);
                        LinkStatus::Retracted { source: source.id, outlet: source.outlet, reason }
                    }
                }
            };
            links.push(LinkEvidence { url, at, status });
        }

        // Claims: bound by markers, matched by the index and the matcher, or nearly matched with another figure.
        let mut markers = Vec::new();
        let mut claims: Vec<(String, String)> = Vec::new();
        for marker in &s.claims {
            let at = draft.location(marker.span, marker.start, markdown::position_of(draft.text, marker.span.end));
            let claim = match marker.prefix.parse().ok().and_then(|p| self.index.resolve(&p, 2).ok()) {
                Some(found) if found.len() == 1 && found[0].1 == Kind::Claim => {
                    let id = found[0].0.to_hex();
                    let text = self.index.claim(&found[0].0)?.map(|c| c.text).unwrap_or_default();
                    claims.push((id.clone(), text));
                    Some(id)
                }
                _ => None,
            };
            markers.push(MarkerEvidence { prefix: marker.prefix.clone(), at, claim });
        }
        let candidates = self.matched(&s.text)?;
        let add = |claims: &mut Vec<(String, String)>, found: &[ClaimMatch]| {
            for c in found.iter().filter(|c| matches!(c.decision, Decision::Match)) {
                if !claims.iter().any(|(id, _)| id == &c.id) {
                    claims.push((c.id.clone(), c.text.clone()));
                }
            }
        };
        add(&mut claims, &candidates);
        let pieces = OnceCell::new();
        let pieces = || pieces.get_or_init(|| units::split(&s.text));
        if claims.is_empty() {
            let by_parts = self.matched_by_parts(&s.text, pieces(), &candidates, context)?;
            for (c, _) in by_parts {
                add(&mut claims, std::slice::from_ref(&c));
            }
        }
        // A name that is only the text of a link ("([The Caspian Post](...))") credits a source; it does not
        // contradict the names of a claim.
        let link_texts: Vec<&str> = s.links.iter().filter_map(|l| draft.text.get(l.span.start..l.span.end)).collect();
        let only_link_text = |said: &[String]| {
            !said.is_empty() && said.iter().all(|n| link_texts.iter().any(|t| t.contains(n.as_str())))
        };
        let conflicts: Vec<usize> = (0..candidates.len())
            .filter(|&i| {
                let c = &candidates[i];
                conflict_of(c).is_some_and(|(_, said)| !only_link_text(said))
                    && !claims.iter().any(|(id, _)| id == &c.id)
            })
            .collect();

        let detected = self.detector.is_claim(&s.text, self.settings.view, self.settings.threshold)
            && !is_question(&s.text)
            && !is_sweeping_judgement(&s.text);

        let mut judged = Vec::with_capacity(claims.len());
        for (id, text) in claims {
            let support = match id.parse::<Id>() {
                Ok(parsed) => self.claim_support(&parsed)?,
                Err(_) => Support::Unknown,
            };
            judged.push(ClaimEvidence { id, text, support });
        }
        let mut evidence = Evidence {
            here: draft.location(s.span, s.start, s.end),
            links,
            markers,
            candidates,
            claims: judged,
            conflicts,
            detected,
            credited: Vec::new(),
            parts: Vec::new(),
        };
        if evidence.states_fact() {
            evidence.credited = credited_outlets(&s.text, &self.outlets);
        }
        if evidence.judges_claims() && !evidence.claims.is_empty() && !evidence.cites_live_source() {
            let judged = self.judged_parts(&s.text, || pieces().as_slice(), &evidence, &link_texts);
            evidence.parts = parts::place(draft.text, s, &judged);
        } else if evidence.claims.is_empty()
            && !evidence.states_fact()
            && !evidence.cites_live_source()
            && !is_question(&s.text)
        {
            // A sentence that reads as a view may still say something checkable on the side.
            let ignored = |name: &str| link_texts.iter().any(|t| t.contains(name));
            let judged = parts::asides(&s.text, pieces(), &ignored);
            evidence.parts = parts::place(draft.text, s, &judged);
        }
        Ok(evidence)
    }

    /// A claim's support as the rules see it.
    fn claim_support(&self, id: &Id) -> Result<Support, index::Error> {
        Ok(match self.support(id)? {
            None => Support::Unknown,
            Some((ClaimStatus::Retracted, _)) => {
                Support::Retracted { reason: retraction_reason(&self.index.retractions_of(id)?) }
            }
            Some((_, attributions)) => Support::Standing(attributions),
        })
    }
}

/// How many findings of each rule a set of reports holds.
pub fn rule_counts(findings: &[Finding]) -> HashMap<Rule, usize> {
    let mut out = HashMap::new();
    for f in findings {
        *out.entry(f.rule).or_default() += 1;
    }
    out
}
