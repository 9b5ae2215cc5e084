//! Outlets that a sentence credits in its own words: "as NPR reported", "according to CNN", "The Jerusalem
//! Post noted". Used by the misattributed rule; it recognises names, it does not judge them.
//!
//! A credit is an attribution phrase next to a name that is an outlet: one the ledger knows, one of a short
//! list of well-known outlets, or a capitalised name ending in an outlet word ("... News", "... Institute").
//! People ("Tokayev said") are not outlets, so a bare capitalised name before "said" is not a credit.

/// Well-known outlets and their common short forms, lower-case.
const KNOWN: &[&str] = &[
    "npr",
    "cnn",
    "euronews",
    "reuters",
    "associated press",
    "ap",
    "afp",
    "agence france-presse",
    "bbc",
    "al jazeera",
    "bloomberg",
    "the jerusalem post",
    "jerusalem post",
    "the times of israel",
    "times of israel",
    "haaretz",
    "the new york times",
    "new york times",
    "the washington post",
    "washington post",
    "the guardian",
    "the wall street journal",
    "wall street journal",
    "financial times",
    "axios",
    "politico",
    "fox news",
    "abc news",
    "cbs news",
    "nbc news",
    "sky news",
    "deutsche welle",
    "dw",
    "tass",
    "interfax",
    "xinhua",
    "anadolu agency",
    "anadolu",
    "qazinform",
    "kazinform",
    "fergana",
    "the times of central asia",
    "times of central asia",
    "the caspian post",
    "caspian post",
    "eurasianet",
    "the middle east institute",
    "middle east institute",
];

/// Words that end an organisation's name that can be credited as a source.
const OUTLET_WORDS: &[&str] = &[
    "news",
    "post",
    "times",
    "agency",
    "press",
    "journal",
    "herald",
    "institute",
    "radio",
    "television",
    "tv",
    "tribune",
    "gazette",
    "telegraph",
    "review",
    "magazine",
    "network",
    "wire",
    "daily",
    "monitor",
];

const VERBS_AFTER: &[&str] = &[
    "reported",
    "reports",
    "noted",
    "notes",
    "wrote",
    "writes",
    "described",
    "describes",
    "said",
    "says",
    "stated",
    "found",
    "revealed",
    "confirmed",
    "cited",
    "quoted",
];

/// The most words an outlet's name has ("The Times of Central Asia"): reading a run of capitalised words
/// stops there, so that a long run costs time in proportion to its length.
const MAX_NAME_WORDS: usize = 8;

/// Aliases that name the same outlet.
const ALIASES: &[(&str, &str)] =
    &[("ap", "associated press"), ("aa", "anadolu agency"), ("anadolu", "anadolu agency"), ("dw", "deutsche welle")];

/// An outlet's name in a comparable form: lower-case, no leading "the", aliases resolved.
pub fn canonical_outlet(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let bare = lower.strip_prefix("the ").unwrap_or(&lower).trim().to_owned();
    ALIASES.iter().find(|(a, _)| *a == bare).map_or(bare, |(_, full)| (*full).to_owned())
}

/// Whether two outlet names name the same outlet.
pub fn same_outlet(a: &str, b: &str) -> bool {
    let (a, b) = (canonical_outlet(a), canonical_outlet(b));
    !a.is_empty() && (a == b || a.contains(&b) || b.contains(&a))
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '.'))
        .map(|w| w.trim_matches(|c| c == '.' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect()
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

fn is_outlet(name: &str, known: &[String]) -> bool {
    let c = canonical_outlet(name);
    if c.is_empty() {
        return false;
    }
    KNOWN.iter().any(|k| canonical_outlet(k) == c)
        || known.iter().any(|k| canonical_outlet(k) == c)
        || c.rsplit(' ').next().is_some_and(|last| OUTLET_WORDS.contains(&last) && c.contains(' '))
}

/// The longest outlet name ending at word `end` (inclusive), reading backwards over capitalised words.
fn name_before(ws: &[&str], end: usize, known: &[String]) -> Option<String> {
    let mut best = None;
    let mut start = end + 1;
    while start > 0 && end + 1 - start < MAX_NAME_WORDS {
        let w = ws[start - 1];
        if !(capitalised(w) || (w == "of" && start - 1 < end)) {
            break;
        }
        start -= 1;
        let name = ws[start..=end].join(" ");
        if is_outlet(&name, known) {
            best = Some(name);
        }
    }
    best
}

/// The longest outlet name starting at word `start`, reading forwards over capitalised words.
fn name_after(ws: &[&str], start: usize, known: &[String]) -> Option<String> {
    let mut best = None;
    let mut end = start;
    while end < ws.len() && end - start < MAX_NAME_WORDS && (capitalised(ws[end]) || (ws[end] == "of" && end > start)) {
        let name = ws[start..=end].join(" ");
        if is_outlet(&name, known) {
            best = Some(name);
        }
        end += 1;
    }
    best
}

/// The outlets a sentence credits, in order of appearance, without duplicates.
pub fn credited_outlets(sentence: &str, known: &[String]) -> Vec<String> {
    let ws = words(sentence);
    let mut out: Vec<String> = Vec::new();
    let mut push = |name: String| {
        if !out.iter().any(|o| same_outlet(o, &name)) {
            out.push(name);
        }
    };
    for i in 0..ws.len() {
        let lower = ws[i].to_lowercase();
        if VERBS_AFTER.contains(&lower.as_str()) {
            // "NPR reported", "The Middle East Institute has described"
            let mut end = i;
            while end > 0 && matches!(ws[end - 1].to_lowercase().as_str(), "has" | "have" | "had" | "also" | "first") {
                end -= 1;
            }
            if end > 0 {
                if let Some(name) = name_before(&ws, end - 1, known) {
                    push(name);
                }
            }
        }
        if lower == "according" && ws.get(i + 1).is_some_and(|w| w.eq_ignore_ascii_case("to")) {
            if let Some(name) = name_after(&ws, i + 2, known) {
                push(name);
            }
        }
        if (lower == "as" || lower == "per") && i + 1 < ws.len() {
            if let Some(name) = name_after(&ws, i + 1, known) {
                push(name);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_credits() {
        let none: Vec<String> = Vec::new();
        assert_eq!(
            credited_outlets("As NPR reported, Kazakhstan has had ties with Israel since 1992.", &none),
            ["NPR"]
        );
        assert_eq!(credited_outlets("According to CNN, Trump made the announcement.", &none), ["CNN"]);
        assert_eq!(
            credited_outlets("The Jerusalem Post noted that the deal was signed.", &none),
            ["The Jerusalem Post"]
        );
        assert_eq!(
            credited_outlets("The Middle East Institute has described the accords as historic.", &none),
            ["The Middle East Institute"]
        );
        assert_eq!(credited_outlets("Euronews reported that nineteen nations signed.", &none), ["Euronews"]);
        assert!(credited_outlets("Tokayev said the country would join.", &none).is_empty());
        assert!(credited_outlets("As expected, the vote passed.", &none).is_empty());
        let known = vec!["Steppe Daily Courier".to_owned()];
        assert_eq!(credited_outlets("Steppe Daily Courier reported a rise.", &known), ["Steppe Daily Courier"]);
    }

    #[test]
    fn outlet_names_compare_loosely() {
        assert!(same_outlet("The Caspian Post", "Caspian Post"));
        assert!(same_outlet("AP", "Associated Press"));
        assert!(same_outlet("Anadolu", "Anadolu Agency"));
        assert!(!same_outlet("NPR", "Anadolu Agency"));
    }
}
