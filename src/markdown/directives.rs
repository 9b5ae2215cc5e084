//! Author directives in HTML comments, and what they do to the sentences.
//!
//! Owns the directive syntax (`claim: PREFIX`, `claimledger-ignore: REASON`, `claimledger-ignore RULE[, RULE]:
//! REASON`, `claimledger off: REASON`, `claimledger on`) and its binding: a claim marker goes to the sentence before it, an ignore to the sentence
//! after it, and an off..on passage removes the sentences inside it. It does not check that a claim prefix
//! names a real claim (the ledger does) and leaves every other comment alone. The invariant: a directive is
//! honoured or reported as a problem, never silently dropped, except inside an off..on passage, where claim
//! markers and ignores have nothing left to act on.

use super::lines::LineIndex;
use super::{ClaimMarker, DirectiveProblem, Exemption, Sentence, Span};

/// What a comment asks for.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Directive {
    Claim(String),
    /// The rules to exempt (none: all of them), and why.
    Ignore(Vec<String>, String),
    Off(String),
    On,
}

/// The directive in a comment's inner text: `Ok(None)` for an ordinary comment, `Err` for a malformed one.
pub(super) fn parse(body: &str) -> Result<Option<Directive>, String> {
    let body = body.trim();
    if let Some(rest) = strip_keyword(body, "claim:") {
        let prefix = rest.trim();
        if prefix.is_empty() || prefix.contains(char::is_whitespace) {
            return Err(format!(
                "claim marker needs exactly one claim id, as in <!-- claim: 3f2a9b -->, found {body:?}"
            ));
        }
        return Ok(Some(Directive::Claim(prefix.to_string())));
    }
    if let Some(rest) = strip_keyword(body, "claimledger-ignore") {
        if !rest.is_empty() && !rest.starts_with(':') && !rest.starts_with(char::is_whitespace) {
            return Err(unknown(body));
        }
        let (rules, reason) = match rest.split_once(':') {
            Some((rules, reason)) => (rules.trim(), Some(reason.trim())),
            None => (rest.trim(), None),
        };
        let rules: Vec<String> = if rules.is_empty() {
            Vec::new()
        } else {
            let rules: Vec<String> = rules.split(',').map(|r| r.trim().to_ascii_lowercase()).collect();
            if let Some(bad) =
                rules.iter().find(|r| r.is_empty() || !r.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
            {
                return Err(format!(
                    "claimledger-ignore names rules as in <!-- claimledger-ignore unsourced-claim: REASON -->, found {bad:?}"
                ));
            }
            rules
        };
        return match reason {
            Some(reason) if !reason.is_empty() => Ok(Some(Directive::Ignore(rules, reason.to_string()))),
            _ => {
                Err("claimledger-ignore needs a reason, as in <!-- claimledger-ignore: quoted from the ruling -->"
                    .into())
            }
        };
    }
    if let Some(rest) = strip_keyword(body, "claimledger") {
        let rest = rest.trim_start();
        if let Some(after) = strip_keyword(rest, "off") {
            if after.is_empty() || after.starts_with(':') {
                return Ok(Some(Directive::Off(after.trim_start_matches(':').trim().to_string())));
            }
        }
        if rest.eq_ignore_ascii_case("on") {
            return Ok(Some(Directive::On));
        }
        return Err(unknown(body));
    }
    Ok(None)
}

fn unknown(body: &str) -> String {
    format!("unknown claimledger directive {body:?}: expected claimledger off: REASON, claimledger on or claimledger-ignore: REASON")
}

fn strip_keyword<'a>(s: &'a str, keyword: &str) -> Option<&'a str> {
    let head = s.get(..keyword.len())?;
    head.eq_ignore_ascii_case(keyword).then(|| &s[keyword.len()..])
}

/// A sentence waiting for its directives, keyed by its block and its text range in the block.
pub(super) struct Placed {
    pub(super) block: usize,
    pub(super) range: (usize, usize),
    pub(super) sentence: Sentence,
}

/// A comment and where it sits: its block and its text offset in the block.
pub(super) struct Marker {
    pub(super) block: usize,
    pub(super) at: usize,
    pub(super) body: String,
    pub(super) span: Span,
}

/// The sentences that survive, with their claims and ignores, and what was exempted or malformed.
pub(super) fn apply(
    placed: Vec<Placed>,
    markers: Vec<Marker>,
    index: &mut LineIndex<'_>,
    text_len: usize,
) -> (Vec<Sentence>, Vec<DirectiveProblem>, Vec<Exemption>) {
    let mut problems = Vec::new();
    let mut exemptions = Vec::new();
    let mut directives = Vec::new();
    // Off..on passages as ranges of (block, offset) keys, in order and disjoint.
    let mut passages: Vec<((usize, usize), (usize, usize))> = Vec::new();
    let mut off: Option<((usize, usize), Span, String)> = None;
    for marker in markers {
        let key = (marker.block, marker.at);
        let start = index.position(marker.span.start);
        match parse(&marker.body) {
            Ok(None) => {}
            Err(message) => problems.push(DirectiveProblem { span: marker.span, start, message }),
            Ok(Some(Directive::Off(reason))) => match off {
                Some(_) => problems.push(DirectiveProblem {
                    span: marker.span,
                    start,
                    message: "claimledger off inside a passage that is already off".into(),
                }),
                None => {
                    if reason.is_empty() {
                        problems.push(DirectiveProblem {
                            span: marker.span,
                            start,
                            message: "claimledger off needs a reason, as in <!-- claimledger off: the court's ruling, quoted -->"
                                .into(),
                        });
                    }
                    off = Some((key, marker.span, reason))
                }
            },
            Ok(Some(Directive::On)) => match off.take() {
                Some((from, off_span, reason)) => {
                    passages.push((from, key));
                    let span = Span { start: off_span.start, end: marker.span.end };
                    let start = index.position(span.start);
                    exemptions.push(Exemption { reason, span, start, sentence: None, rules: Vec::new() });
                }
                None => problems.push(DirectiveProblem {
                    span: marker.span,
                    start,
                    message: "claimledger on without a claimledger off before it".into(),
                }),
            },
            Ok(Some(directive)) if off.is_none() => directives.push((key, marker.span, start, directive)),
            Ok(Some(_)) => {}
        }
    }
    if let Some((from, off_span, reason)) = off {
        passages.push((from, (usize::MAX, usize::MAX)));
        let start = index.position(off_span.start);
        problems.push(DirectiveProblem {
            span: off_span,
            start,
            message: "claimledger off without a claimledger on after it: the rest of the draft is not checked".into(),
        });
        exemptions.push(Exemption {
            reason,
            span: Span { start: off_span.start, end: text_len },
            start,
            sentence: None,
            rules: Vec::new(),
        });
    }

    let mut kept = Vec::with_capacity(placed.len());
    let mut passage = passages.iter().peekable();
    for p in placed {
        let key = (p.block, p.range.0);
        while passage.peek().is_some_and(|(_, until)| *until <= key) {
            passage.next();
        }
        if passage.peek().is_none_or(|(from, _)| *from > key) {
            kept.push(p);
        }
    }

    for (key, span, start, directive) in directives {
        match directive {
            Directive::Claim(prefix) => {
                let before = kept.partition_point(|p| (p.block, p.range.0) < key);
                match before.checked_sub(1) {
                    Some(i) => kept[i].sentence.claims.push(ClaimMarker { prefix, span, start }),
                    None => problems.push(DirectiveProblem {
                        span,
                        start,
                        message: format!("claim marker {prefix:?} has no sentence before it"),
                    }),
                }
            }
            Directive::Ignore(rules, reason) => {
                let after = kept.partition_point(|p| (p.block, p.range.1) <= key);
                match kept.get_mut(after) {
                    Some(p) => {
                        if rules.is_empty() {
                            p.sentence.ignored.get_or_insert_with(|| reason.clone());
                        }
                        p.sentence.ignored_rules.extend(rules.iter().map(|r| (r.clone(), reason.clone())));
                        let sentence = Some(p.sentence.text.clone());
                        exemptions.push(Exemption { reason, span, start, sentence, rules });
                    }
                    None => problems.push(DirectiveProblem {
                        span,
                        start,
                        message: "claimledger-ignore has no sentence after it".into(),
                    }),
                }
            }
            Directive::Off(_) | Directive::On => {}
        }
    }
    problems.sort_by_key(|p| p.span.start);
    exemptions.sort_by_key(|e| e.span.start);
    (kept.into_iter().map(|p| p.sentence).collect(), problems, exemptions)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_directives() {
        assert_eq!(parse(" claim: 3f2a9b "), Ok(Some(Directive::Claim("3f2a9b".into()))));
        assert_eq!(parse("CLAIM:ab12"), Ok(Some(Directive::Claim("ab12".into()))));
        assert_eq!(
            parse("claimledger-ignore: quoting the ruling"),
            Ok(Some(Directive::Ignore(Vec::new(), "quoting the ruling".into())))
        );
        assert_eq!(
            parse("claimledger-ignore unsourced-claim, Misattributed: the court's words"),
            Ok(Some(Directive::Ignore(
                vec!["unsourced-claim".into(), "misattributed".into()],
                "the court's words".into()
            )))
        );
        assert_eq!(parse("claimledger off"), Ok(Some(Directive::Off(String::new()))));
        assert_eq!(parse("claimledger off: press release"), Ok(Some(Directive::Off("press release".into()))));
        assert_eq!(parse("claimledger  on"), Ok(Some(Directive::On)));
        assert_eq!(parse(" a note to the editor "), Ok(None));
        assert_eq!(parse("claim this later"), Ok(None));
    }

    #[test]
    fn malformed_directives_are_errors() {
        assert!(parse("claim:").unwrap_err().contains("exactly one claim id"));
        assert!(parse("claim: ab cd").is_err());
        assert!(parse("claimledger-ignore").unwrap_err().contains("needs a reason"));
        assert!(parse("claimledger-ignore:   ").unwrap_err().contains("needs a reason"));
        assert!(parse("claimledger-ignored: x").unwrap_err().contains("unknown"));
        assert!(parse("claimledger-ignore unsourced-claim").unwrap_err().contains("needs a reason"));
        assert!(parse("claimledger-ignore un_sourced: x").unwrap_err().contains("names rules"));
        assert!(parse("claimledger-ignore a,,b: x").unwrap_err().contains("names rules"));
        assert!(parse("claimledger offf").unwrap_err().contains("unknown"));
        assert!(parse("claimledger").unwrap_err().contains("unknown"));
    }
}
