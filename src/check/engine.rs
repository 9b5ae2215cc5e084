//! The checker: one draft's sentences, each scored by the detector and matched against the ledger, become
//! findings.
//!
//! Per sentence: links whose normalised URL is a ledger source are citations (a retracted one counts for
//! nothing and is reported); claim markers bind ledger claims; the index proposes candidate claims and the
//! matcher keeps matches and conflicts; the detector decides whether an unmatched sentence states a checkable
//! fact at all. Support is then judged claim by claim, so a sentence carrying a sourced and an unsourced claim
//! is still reported. This module reads the ledger through the index only and prints nothing.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use rayon::prelude::*;
use serde::Serialize;

use super::credits::{credited_outlets, same_outlet};
use super::evidence::{
    conflict_of, retraction_reason, Attributions, ClaimEvidence, DocumentEvidence, Evidence, LinkEvidence, LinkStatus,
    MarkerEvidence, Support,
};
use super::finding::{Exemption, Finding, Location, Severities};
use super::parts::{self, Judge};
use super::rules::{self, Hit, Rule};
use super::units;
use crate::detect::{Detector, View};
use crate::id::Id;
use crate::index::{self, ClaimStatus, Index, ReadSnapshot, Retriever, Weights};
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

/// What a checker has worked out about sentences and claims, valid while the ledger and the settings stay as
/// they were. Drafts repeat themselves (boilerplate, pasted passages, many drafts in one run), and an editor
/// checks the same draft again after each keystroke: each distinct sentence is matched once and each claim's
/// support read once for as long as the memo is kept.
#[derive(Default)]
pub struct Memo {
    matched: RefCell<HashMap<String, Rc<Vec<ClaimMatch>>>>,
    supports: RefCell<HashMap<Id, CachedSupport>>,
    /// The judged parts of each distinct sentence with its claims.
    judged: RefCell<HashMap<String, Rc<Vec<parts::Judged>>>>,
    /// What each distinct text matches with the names of the sentences before it (text, then the names).
    in_context: RefCell<HashMap<String, Rc<Vec<ClaimMatch>>>>,
}

impl Memo {
    /// How many distinct sentences have been matched.
    pub fn sentences(&self) -> usize {
        self.matched.borrow().len()
    }
}

/// Past this many entries a cache is emptied rather than grown.
const CACHE_LIMIT: usize = 50_000;

/// Keeps an entry in one of the memo's caches, emptying the cache first when it is full.
fn remember<K: std::hash::Hash + Eq, V>(cache: &RefCell<HashMap<K, V>>, key: K, value: V) {
    let mut cache = cache.borrow_mut();
    if cache.len() >= CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(key, value);
}

/// How many sentences before a sentence give names it may leave to them: about a paragraph or two of news prose.
const CONTEXT_SENTENCES: usize = 8;

/// The stems of the names of a sentence that no one is credited for (a credited outlet names a source, not a
/// subject).
fn name_stems(text: &str) -> Vec<String> {
    matching::analyze(text).names.into_iter().filter(|n| !n.credited).flat_map(|n| n.stems).collect()
}

/// How many sentences are matched together, in parallel, before they are judged (far below [`CACHE_LIMIT`], so
/// that what a window matched is still there when its sentences are judged).
const PREFETCH_WINDOW: usize = 512;

/// The parts of a sentence that are matched on their own when the whole sentence matches no claim: its clauses
/// (all but the sentence itself), then the first phrase of each clause that has more than one ("Ada Lovelace
/// wrote the notes" of "Ada Lovelace wrote the notes, a translation that ran to 65 pages"), which a claim may
/// state while the relative clause or apposition after it adds a fact of its own.
fn own_clauses<'s>(text: &'s str, pieces: &[units::Piece]) -> impl Iterator<Item = &'s str> {
    let clauses = units::clauses(text, pieces);
    // A piece that opens a clause and has a phrase after it in the same clause.
    let leading: Vec<_> = pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| p.joint != Some(units::Joint::Phrase))
        .filter(|(k, _)| pieces.get(k + 1).is_some_and(|next| next.joint == Some(units::Joint::Phrase)))
        .map(|(_, p)| p.range.clone())
        .collect();
    clauses.into_iter().filter(|c| c.len() < text.len()).chain(leading).map(|c| &text[c])
}

/// The candidate claims of a sentence with the matcher's verdict, best first: matches, then conflicts, then
/// the rest, each in the candidate step's order.
fn match_with(
    retriever: &Retriever,
    weights: &Weights,
    text: &str,
    top: usize,
) -> Result<Vec<ClaimMatch>, index::Error> {
    let analysis = OnceCell::new();
    let mut out: Vec<ClaimMatch> = Vec::new();
    for c in retriever.candidates(text, weights, CANDIDATES.max(top))? {
        let scored = c.verdict.unwrap_or_else(|| {
            matching::compare(analysis.get_or_init(|| matching::analyze(text)), &matching::analyze(&c.text), weights)
        });
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

/// A claim's status and attributions, cached per run (`None`: no such claim).
type CachedSupport = Option<(ClaimStatus, Rc<Attributions>)>;

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

    /// The candidate claims of a sentence with the matcher's verdict, best first.
    pub fn match_sentence(&self, text: &str, top: usize) -> Result<Vec<ClaimMatch>, index::Error> {
        match_with(&self.retriever, &self.weights, text, top)
    }

    /// [`Checker::match_sentence`] of many sentences, on all cores, in their order.
    pub fn match_sentences(&self, texts: &[&str], top: usize) -> Result<Vec<Vec<ClaimMatch>>, index::Error> {
        let (retriever, weights) = (&self.retriever, &self.weights);
        texts.par_iter().map(|text| match_with(retriever, weights, text, top)).collect()
    }

    /// Matches the sentences of a window of the draft, and the clauses that [`Checker::evidence`] will match
    /// on its own, on all cores at once, into the memo: the candidate search is most of a check's time, and
    /// each search is independent of the others. What is found is what the sentence-by-sentence path finds.
    fn prefetch(&self, sentences: &[Sentence]) -> Result<(), index::Error> {
        let wanted = sentences.iter().map(|s| s.text.as_str());
        self.match_all(wanted)?;
        let matched = self.memo.matched.borrow();
        let mut clauses = Vec::new();
        for s in sentences {
            let found = matched.get(s.text.as_str());
            if found.is_some_and(|m| m.iter().any(|c| matches!(c.decision, Decision::Match))) {
                continue;
            }
            clauses.extend(own_clauses(&s.text, &units::split(&s.text)));
        }
        drop(matched);
        self.match_all(clauses.into_iter())
    }

    /// Matches the texts the memo does not hold yet, in parallel, and keeps the results.
    fn match_all<'t>(&self, texts: impl Iterator<Item = &'t str>) -> Result<(), index::Error> {
        let mut todo: Vec<&str> = {
            let matched = self.memo.matched.borrow();
            texts.filter(|t| !matched.contains_key(*t)).collect()
        };
        todo.sort_unstable();
        todo.dedup();
        if todo.len() < 2 {
            return Ok(()); // nothing to share out: the sequential path matches it when it comes to it
        }
        for (text, found) in todo.iter().zip(self.match_sentences(&todo, CANDIDATES)?) {
            remember(&self.memo.matched, (*text).to_owned(), Rc::new(found));
        }
        Ok(())
    }

    fn support(&self, id: &Id) -> Result<CachedSupport, index::Error> {
        if let Some(found) = self.memo.supports.borrow().get(id) {
            return Ok(found.clone());
        }
        let support = match self.index.claim(id)? {
            None => None,
            Some(row) => {
                let (live, dead) = self.index.attributions(id, false)?.into_iter().partition(|a| a.live);
                Some((row.status, Rc::new(Attributions { live, dead })))
            }
        };
        remember(&self.memo.supports, *id, support.clone());
        Ok(support)
    }

    fn matched(&self, text: &str) -> Result<Rc<Vec<ClaimMatch>>, index::Error> {
        if let Some(found) = self.memo.matched.borrow().get(text) {
            return Ok(found.clone());
        }
        let found = Rc::new(self.match_sentence(text, CANDIDATES)?);
        remember(&self.memo.matched, text.to_owned(), found.clone());
        Ok(found)
    }

    /// The candidates of `text` that match it once the names of the sentences before it (`context`, stems) count
    /// as named in it: the same candidates as [`Checker::matched`], judged again.
    fn matched_in_context(&self, text: &str, context: &[&str]) -> Result<Rc<Vec<ClaimMatch>>, index::Error> {
        let key = format!("{text}\0{}", context.join("\0"));
        if let Some(found) = self.memo.in_context.borrow().get(&key) {
            return Ok(found.clone());
        }
        let found = self.matched(text)?;
        let mut analysis: Option<matching::Analysis> = None;
        let mut out = Vec::new();
        for c in found.iter().filter(|c| matches!(c.decision, Decision::NoMatch)) {
            // A look at the text spares the analysis of most candidates, which hold none of the context's names
            // (a claim that names one in another form, "Dutch" for "the Netherlands", is passed over).
            let lower = c.text.to_lowercase();
            if !context.iter().any(|stem| stem.len() > 2 && lower.contains(stem)) {
                continue;
            }
            let claim = matching::analyze(&c.text);
            let sentence = analysis
                .get_or_insert_with(|| matching::analyze(text).in_context(context.iter().map(|s| (*s).to_owned())));
            // Only a claim with a name the sentence lacks and the context gives can read differently.
            let helped = claim.names.iter().any(|n| !sentence.has_stem(&n.head) && sentence.knows_name(&n.head));
            if !helped {
                continue;
            }
            let scored = matching::compare(sentence, &claim, &self.weights);
            if matches!(scored.decision, Decision::Match) {
                out.push(ClaimMatch {
                    id: c.id.clone(),
                    text: c.text.clone(),
                    score: scored.score,
                    decision: scored.decision,
                });
            }
        }
        let out = Rc::new(out);
        remember(&self.memo.in_context, key, out.clone());
        Ok(out)
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
        // for a sentence that matches no claim by itself, once for each distinct text.
        let names: RefCell<HashMap<&str, Rc<Vec<String>>>> = RefCell::default();
        for (i, s) in doc.sentences.iter().enumerate() {
            if i % PREFETCH_WINDOW == 0 {
                self.prefetch(&doc.sentences[i..(i + PREFETCH_WINDOW).min(doc.sentences.len())])?;
            }
            let context = || -> Vec<String> {
                let mut names = names.borrow_mut();
                let before = &doc.sentences[i.saturating_sub(CONTEXT_SENTENCES)..i];
                let mut out: Vec<String> = before
                    .iter()
                    .flat_map(|b| {
                        names
                            .entry(b.text.as_str())
                            .or_insert_with(|| Rc::new(name_stems(&b.text)))
                            .iter()
                            .cloned()
                            .collect::<Vec<_>>()
                    })
                    .collect();
                out.sort_unstable();
                out.dedup();
                out
            };
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
            // A clause may restate a claim that the whole sentence, with its other clauses, does not: a
            // negation or a rival figure elsewhere in it keeps the matcher from a match. But a claim that the
            // whole sentence contradicts stays a conflict, whatever part of it a clause restates.
            let contradicted = |id: &str| candidates.iter().any(|c| c.id == id && conflict_of(c).is_some());
            for clause in own_clauses(&s.text, pieces()) {
                let found = self.matched(clause)?;
                let kept: Vec<ClaimMatch> = found.iter().filter(|c| !contradicted(&c.id)).cloned().collect();
                add(&mut claims, &kept);
            }
            // Still nothing: a claim may name what the sentence leaves to the ones before it.
            let context = if claims.is_empty() { context() } else { Vec::new() };
            if claims.is_empty() && !context.is_empty() {
                let context: Vec<&str> = context.iter().map(String::as_str).collect();
                let texts = std::iter::once(s.text.as_str()).chain(own_clauses(&s.text, pieces()));
                for text in texts.collect::<Vec<_>>() {
                    let found = self.matched_in_context(text, &context)?;
                    let kept: Vec<ClaimMatch> = found.iter().filter(|c| !contradicted(&c.id)).cloned().collect();
                    add(&mut claims, &kept);
                }
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
            // What the parts are depends on the text, its claims and its link texts: a draft that repeats a
            // sentence has it judged once.
            let mut key = s.text.clone();
            for c in &evidence.claims {
                key.push('\0');
                key.push_str(&c.id);
            }
            for t in &link_texts {
                key.push('\u{1}');
                key.push_str(t);
            }
            let cached = self.memo.judged.borrow().get(&key).cloned();
            let judged = match cached {
                Some(found) => found,
                None => {
                    let judge =
                        Judge { detector: self.detector, view: self.settings.view, threshold: self.settings.threshold };
                    let credited = &evidence.credited;
                    let ignored = |name: &str| {
                        link_texts.iter().any(|t| t.contains(name)) || credited.iter().any(|o| same_outlet(o, name))
                    };
                    let claims = evidence.claims.iter().map(|c| c.text.as_str());
                    let found = Rc::new(judge.judge(
                        &s.text,
                        pieces(),
                        claims,
                        &evidence.candidates,
                        &evidence.conflicts,
                        &ignored,
                    ));
                    remember(&self.memo.judged, key, found.clone());
                    found
                }
            };
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

/// A question asks; it states nothing to source.
pub(super) fn is_question(text: &str) -> bool {
    text.trim_end_matches(|c: char| c == '"' || c == '\u{201d}' || c == ')' || c.is_whitespace()).ends_with('?')
}

/// Sweeping judgements ("have always underestimated", "more than any summit ever did") read like facts to a
/// word-based model but state none: without a figure to check they are opinion. A sentence with a digit or
/// a number word is left to the model.
pub(super) fn is_sweeping_judgement(text: &str) -> bool {
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
