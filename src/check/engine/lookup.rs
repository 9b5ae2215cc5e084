//! What the checker looks up and keeps: the candidate claims of each sentence with the matcher's verdict,
//! matched in parallel ahead of judging, again with the names of the sentences before, and each claim's
//! support, all memoised for as long as the ledger and the settings stay as they were.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use rayon::prelude::*;

use super::{Checker, ClaimMatch, MatchedBy};
use crate::check::credits::same_outlet;
use crate::check::evidence::{conflict_of, Attributions, Evidence};
use crate::check::parts::{self, Judge};
use crate::check::units;
use crate::id::Id;
use crate::index::{self, ClaimStatus, Retriever, Weights};
use crate::matching::{self, Decision};

/// How many candidate claims are judged per sentence.
const CANDIDATES: usize = 8;

/// What a checker has worked out about sentences and claims, valid while the ledger and the settings stay as
/// they were. Drafts repeat themselves (boilerplate, pasted passages, many drafts in one run), and an editor
/// checks the same draft again after each keystroke: each distinct sentence is matched once and each claim's
/// support read once for as long as the memo is kept.
#[derive(Default)]
pub struct Memo {
    pub(super) matched: RefCell<HashMap<String, Rc<Vec<ClaimMatch>>>>,
    pub(super) supports: RefCell<HashMap<Id, CachedSupport>>,
    /// The judged parts of each distinct sentence with its claims.
    pub(super) judged: RefCell<HashMap<String, Rc<Vec<parts::Judged>>>>,
    /// What each distinct text matches with the names of the sentences before it (text, then the names).
    pub(super) in_context: RefCell<HashMap<String, Rc<Vec<ClaimMatch>>>>,
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

/// How many sentences are matched together, in parallel, before they are judged (far below [`CACHE_LIMIT`], so
/// that what a window matched is still there when its sentences are judged).
pub(super) const PREFETCH_WINDOW: usize = 512;

/// The parts of a sentence that are matched on their own when the whole sentence matches no claim: its clauses
/// (all but the sentence itself), then the first phrase of each clause that has more than one ("Ada Lovelace
/// wrote the notes" of "Ada Lovelace wrote the notes, a translation that ran to 65 pages"), which a claim may
/// state while the relative clause or apposition after it adds a fact of its own.
pub(super) fn own_clauses<'s>(text: &'s str, pieces: &[units::Piece]) -> impl Iterator<Item = &'s str> {
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

/// Whether the search's first candidate, scored by the matcher as `scored` and by the re-ranking at `retrieval`,
/// is a match though the matcher alone does not take it: the re-ranking is confident of it
/// ([`matching::fusion::LIKELY`], or [`matching::fusion::LIKELY_ANCHORED`] when the sentence writes one of its
/// telling figures), the sentence covers a good part of it ([`matching::fusion::LIKELY_SHARE`]) and nothing in
/// the sentence disagrees with it ([`matching::Scored::agrees`]).
fn likely_first(scored: &matching::Scored, retrieval: f32) -> bool {
    let confident =
        retrieval >= matching::fusion::LIKELY || (scored.anchored && retrieval >= matching::fusion::LIKELY_ANCHORED);
    scored.agrees && scored.score >= matching::fusion::LIKELY_SHARE && confident
}

/// Whether the search's first candidate, which the whole sentence does not agree with, is [`likely_first`] once
/// the sentence's pieces that share nothing with it are set aside ([`core_text`]): a name, figure or denial in a
/// piece the sentence adds ("Von Trier got the idea after a conversation with Penélope Cruz, who loved Jean Genet's
/// The Maids, …"; a tweet's handle after its claim) is what the sentence says besides the claim, not a rival to
/// it, and it is judged as a part of its own once the claim is matched.
fn likely_in_core(text: &str, claim_text: &str, scored: &matching::Scored, retrieval: f32, weights: &Weights) -> bool {
    // What the pieces set aside cannot raise: they share no word or figure with the claim.
    if scored.agrees
        || scored.decision != Decision::NoMatch
        || scored.score < matching::fusion::LIKELY_SHARE
        || retrieval < matching::fusion::LIKELY_ANCHORED
    {
        return false;
    }
    let claim = matching::analyze(claim_text);
    core_text(text, &claim)
        .is_some_and(|core| likely_first(&matching::compare(&matching::analyze(&core), &claim, weights), retrieval))
}

/// The sentence without its pieces ([`units::split`]) that share no content word, name or figure with the claim:
/// what states the claim, apart from what the sentence adds around it. `None` when every piece shares something,
/// or none does.
fn core_text(text: &str, claim: &matching::Analysis) -> Option<String> {
    let pieces = units::split(text);
    if pieces.len() < 2 {
        return None;
    }
    let mut kept = Vec::new();
    for p in &pieces {
        let piece = &text[p.range.clone()];
        let a = matching::analyze(piece);
        let shares = a.stems.iter().any(|s| claim.has_stem(s))
            || a.figures.iter().any(|f| claim.figures.iter().any(|g| g.compat(f) == matching::Compat::Same));
        if shares {
            kept.push(piece);
        }
    }
    (kept.len() < pieces.len() && !kept.is_empty()).then(|| kept.join(" "))
}

/// The candidate claims of a sentence with the matcher's verdict, best first: matches, then conflicts, then
/// the rest, each in the candidate step's order. When the matcher matches none and finds none in conflict, the
/// first candidate is a match if [`likely_first`] says so: prose leaves to the article the date, place and names
/// its ledger claim spells out, so the claim it restates often covers too little of itself for the matcher alone.
fn match_with(
    retriever: &Retriever,
    weights: &Weights,
    text: &str,
    top: usize,
) -> Result<Vec<ClaimMatch>, index::Error> {
    let analysis = OnceCell::new();
    let mut out: Vec<ClaimMatch> = Vec::new();
    let mut first_likely = false;
    for c in retriever.candidates(text, weights, CANDIDATES.max(top))? {
        let scored = c.verdict.unwrap_or_else(|| {
            matching::compare(analysis.get_or_init(|| matching::analyze(text)), &matching::analyze(&c.text), weights)
        });
        if out.is_empty() {
            first_likely = likely_first(&scored, c.retrieval_score)
                || likely_in_core(text, &c.text, &scored, c.retrieval_score, weights);
        }
        out.push(ClaimMatch {
            id: c.id,
            text: c.text,
            score: scored.score,
            decision: scored.decision,
            retrieval: c.retrieval_score,
        });
    }
    if first_likely && out.iter().all(|c| c.decision == Decision::NoMatch) {
        out[0].decision = Decision::Match;
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

/// A claim's status and attributions, cached per run (`None`: no such claim).
pub(super) type CachedSupport = Option<(ClaimStatus, Rc<Attributions>)>;

impl Checker<'_> {
    /// The candidate claims of a sentence with the matcher's verdict, best first.
    pub fn match_sentence(&self, text: &str, top: usize) -> Result<Vec<ClaimMatch>, index::Error> {
        match_with(&self.retriever, &self.weights, text, top)
    }

    /// [`Checker::match_sentence`] of many sentences, on all cores, in their order.
    pub fn match_sentences(&self, texts: &[&str], top: usize) -> Result<Vec<Vec<ClaimMatch>>, index::Error> {
        let (retriever, weights) = (&self.retriever, &self.weights);
        texts.par_iter().map(|text| match_with(retriever, weights, text, top)).collect()
    }

    /// The candidates of each sentence of one draft, in order, as [`Checker::match_sentence`] gives them, except
    /// that a sentence that matches no claim by itself takes the claims `check` takes for it
    /// ([`Checker::matched_by_parts`]: those a clause of it matches, or that match once the names of the sentences
    /// before it count as named in it): those come first, with how they were matched beside them. Each sentence's
    /// row goes to `each` with the sentence's number, a window of sentences at a time, so that a long draft is
    /// not held whole.
    pub fn match_draft<E: From<index::Error>>(
        &self,
        sentences: &[&str],
        top: usize,
        mut each: impl FnMut(usize, Vec<(ClaimMatch, MatchedBy)>) -> Result<(), E>,
    ) -> Result<(), E> {
        let names = super::NamesBefore::default();
        for start in (0..sentences.len()).step_by(PREFETCH_WINDOW) {
            let window = &sentences[start..(start + PREFETCH_WINDOW).min(sentences.len())];
            // Searched for on all cores at once, with the clauses of the sentences that match nothing; the first
            // `top` of the memo's candidates are what `top` alone would find, as [`match_with`] searches for at
            // least as many.
            self.prefetch(window)?;
            let found: Vec<Vec<ClaimMatch>> = if top <= CANDIDATES {
                let memo = |t: &str| self.matched(t).map(|f| f.iter().take(top).cloned().collect());
                window.iter().map(|t| memo(t)).collect::<Result<_, _>>()?
            } else {
                self.match_sentences(window, top)?
            };
            for (k, (text, found)) in window.iter().zip(found).enumerate() {
                let i = start + k;
                let context = || if i > 0 { names.of(sentences, i) } else { Vec::new() };
                each(i, self.with_parts(text, found, context, top)?)?;
            }
        }
        Ok(())
    }

    /// [`Checker::match_draft`] of sentence `i` of a draft alone, for an editor that asks about one sentence.
    pub fn match_in_draft(
        &self,
        sentences: &[&str],
        i: usize,
        top: usize,
    ) -> Result<Vec<(ClaimMatch, MatchedBy)>, index::Error> {
        let text = sentences[i];
        let found: Vec<ClaimMatch> = if top <= CANDIDATES {
            self.matched(text)?.iter().take(top).cloned().collect()
        } else {
            self.match_sentence(text, top)?
        };
        let context = || if i > 0 { super::NamesBefore::default().of(sentences, i) } else { Vec::new() };
        self.with_parts(text, found, context, top)
    }

    /// `found` with the claims [`Checker::matched_by_parts`] takes for `text` put first when none of `found` is a
    /// match, at most `top` in all.
    fn with_parts(
        &self,
        text: &str,
        found: Vec<ClaimMatch>,
        context: impl FnOnce() -> Vec<String>,
        top: usize,
    ) -> Result<Vec<(ClaimMatch, MatchedBy)>, index::Error> {
        let mut row = if found.iter().any(|c| matches!(c.decision, Decision::Match)) {
            Vec::new()
        } else {
            self.matched_by_parts(text, &units::split(text), &found, context)?
        };
        let taken: Vec<String> = row.iter().map(|(c, _)| c.id.clone()).collect();
        row.extend(found.into_iter().filter(|c| !taken.contains(&c.id)).map(|c| (c, MatchedBy::default())));
        row.truncate(top);
        Ok(row)
    }

    /// Matches the sentences of a window of the draft, and the clauses that [`Checker::evidence`] will match
    /// on its own, on all cores at once, into the memo: the candidate search is most of a check's time, and
    /// each search is independent of the others. What is found is what the sentence-by-sentence path finds.
    pub(super) fn prefetch(&self, sentences: &[&str]) -> Result<(), index::Error> {
        self.match_all(sentences.iter().copied())?;
        let matched = self.memo.matched.borrow();
        let mut clauses = Vec::new();
        for text in sentences {
            let found = matched.get(*text);
            if found.is_some_and(|m| m.iter().any(|c| matches!(c.decision, Decision::Match))) {
                continue;
            }
            clauses.extend(own_clauses(text, &units::split(text)));
        }
        drop(matched);
        self.match_all(clauses.into_iter())
    }

    /// The claims `check` takes for a sentence that matches none by itself, `found` being its candidates: those
    /// that one of its own clauses matches ([`own_clauses`]: a negation or a rival figure elsewhere in the
    /// sentence keeps the matcher from a match), unless the whole sentence contradicts them; failing those, the
    /// ones that match the sentence or a clause once the names of the sentences before (`context`, read only
    /// then) count as named in it.
    pub(super) fn matched_by_parts(
        &self,
        text: &str,
        pieces: &[units::Piece],
        found: &[ClaimMatch],
        context: impl FnOnce() -> Vec<String>,
    ) -> Result<Vec<(ClaimMatch, MatchedBy)>, index::Error> {
        let contradicted = |id: &str| found.iter().any(|c| c.id == id && conflict_of(c).is_some());
        let take = |out: &mut Vec<(ClaimMatch, MatchedBy)>, matched: &[ClaimMatch], by: MatchedBy| {
            for c in matched.iter().filter(|c| matches!(c.decision, Decision::Match) && !contradicted(&c.id)) {
                if !out.iter().any(|(o, _)| o.id == c.id) {
                    out.push((c.clone(), by.clone()));
                }
            }
        };
        let mut out = Vec::new();
        let clauses: Vec<&str> = own_clauses(text, pieces).collect();
        for clause in &clauses {
            let by = MatchedBy { clause: Some((*clause).to_owned()), named_before: false };
            take(&mut out, &self.matched(clause)?, by);
        }
        if !out.is_empty() {
            return Ok(out);
        }
        let context = context();
        if context.is_empty() {
            return Ok(out);
        }
        let context: Vec<&str> = context.iter().map(String::as_str).collect();
        for (part, clause) in std::iter::once((text, None)).chain(clauses.iter().map(|c| (*c, Some(*c)))) {
            let by = MatchedBy { clause: clause.map(str::to_owned), named_before: true };
            take(&mut out, &self.matched_in_context(part, &context)?, by);
        }
        Ok(out)
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

    pub(super) fn support(&self, id: &Id) -> Result<CachedSupport, index::Error> {
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

    pub(super) fn matched(&self, text: &str) -> Result<Rc<Vec<ClaimMatch>>, index::Error> {
        if let Some(found) = self.memo.matched.borrow().get(text) {
            return Ok(found.clone());
        }
        let found = Rc::new(self.match_sentence(text, CANDIDATES)?);
        remember(&self.memo.matched, text.to_owned(), found.clone());
        Ok(found)
    }

    /// The candidates of `text` that match it once the names of the sentences before it (`context`, stems) count
    /// as named in it: the same candidates as [`Checker::matched`], judged again. The search's confident first
    /// candidate is a match, as in [`match_with`], when the context lends it the name of someone or something.
    pub(super) fn matched_in_context(&self, text: &str, context: &[&str]) -> Result<Rc<Vec<ClaimMatch>>, index::Error> {
        let key = format!("{text}\0{}", context.join("\0"));
        if let Some(found) = self.memo.in_context.borrow().get(&key) {
            return Ok(found.clone());
        }
        let found = self.matched(text)?;
        let mut analysis: Option<matching::Analysis> = None;
        let mut out = Vec::new();
        // The search's first candidate, when the matcher finds none in match or conflict.
        let first = found
            .iter()
            .max_by(|a, b| a.retrieval.total_cmp(&b.retrieval))
            .filter(|_| found.iter().all(|c| c.decision == Decision::NoMatch))
            .map(|c| c.id.as_str());
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
            let lent = |n: &&matching::Name| !sentence.has_stem(&n.head) && sentence.knows_name(&n.head);
            if !claim.names.iter().any(|n| lent(&n)) {
                continue;
            }
            let scored = matching::compare(sentence, &claim, &self.weights);
            // The search's confident first candidate is a match too ([`match_with`]) once the context lends
            // it a name of someone or something: not only a place, which says where rather than who, nor a
            // one-word name that opens the claim, which may be an ordinary word written with a capital.
            let lends_who =
                claim.names.iter().filter(lent).any(|n| n.place().is_none() && !(n.prev == "^" && n.stems.len() == 1));
            let likely = first == Some(c.id.as_str()) && lends_who && likely_first(&scored, c.retrieval);
            if matches!(scored.decision, Decision::Match) || likely {
                out.push(ClaimMatch {
                    id: c.id.clone(),
                    text: c.text.clone(),
                    score: scored.score,
                    decision: Decision::Match,
                    retrieval: c.retrieval,
                });
            }
        }
        let out = Rc::new(out);
        remember(&self.memo.in_context, key, out.clone());
        Ok(out)
    }

    /// The parts of a sentence's `text` judged beside the claims of its `evidence`, memoised: they depend on the
    /// text, its claims and its link texts only, so a draft that repeats a sentence has it judged once (and split
    /// into `pieces` only then).
    pub(super) fn judged_parts<'p>(
        &self,
        text: &str,
        pieces: impl FnOnce() -> &'p [units::Piece],
        evidence: &Evidence,
        link_texts: &[&str],
    ) -> Rc<Vec<parts::Judged>> {
        let mut key = text.to_owned();
        for c in &evidence.claims {
            key.push('\0');
            key.push_str(&c.id);
        }
        for t in link_texts {
            key.push('\u{1}');
            key.push_str(t);
        }
        if let Some(found) = self.memo.judged.borrow().get(&key) {
            return found.clone();
        }
        let judge = Judge { detector: self.detector, view: self.settings.view, threshold: self.settings.threshold };
        let credited = &evidence.credited;
        let ignored =
            |name: &str| link_texts.iter().any(|t| t.contains(name)) || credited.iter().any(|o| same_outlet(o, name));
        let claims = evidence.claims.iter().map(|c| c.text.as_str());
        let found = Rc::new(judge.judge(text, pieces(), claims, &evidence.candidates, &evidence.conflicts, &ignored));
        remember(&self.memo.judged, key, found.clone());
        found
    }
}

#[cfg(test)]
mod tests {
    use super::core_text;
    use crate::matching::analyze;

    #[test]
    fn the_core_of_a_sentence_keeps_the_pieces_that_share_something_with_the_claim() {
        let claim = analyze("Lars von Trier got the idea for Melancholia after a conversation with Penélope Cruz.");
        let sentence = "Von Trier got the idea after a conversation with Penélope Cruz, who loved Jean Genet's The \
                        Maids, a play about two maids who murder their mistress.";
        let core = core_text(sentence, &claim).expect("the relative clause shares nothing with the claim");
        assert!(core.starts_with("Von Trier got the idea after a conversation with Penélope Cruz"), "{core}");
        assert!(!core.contains("Genet"), "{core}");
        // Every piece shares something, or none does: no core.
        assert_eq!(core_text("Von Trier got the idea from Penélope Cruz.", &claim), None);
        assert_eq!(core_text("Rain fell on Monday, and the river rose.", &claim), None);
    }
}
