//! Retrieval terms: the words a claim is found by, and the ones a sentence looks up.
//!
//! This file owns how text from the web is read before analysis ([`clean`]: links dropped, `#hashtags` and
//! `@handles` split into their words, HTML entities decoded) and the term list the search index stores for
//! a claim and queries for a sentence ([`terms`]): the content stems and figure keys of [`super::analyze`].
//! It does not rank (the index does) or judge ([`super::compare`]). Invariant: claims and sentences pass
//! through the same two functions, so a sentence shares the terms of a claim it rewords.

use super::analyze::keys;

/// The search terms of a claim or a sentence: content stems ("relat", "kazakhstan") and figure keys
/// ("#1992", "#20000000"), sorted and unique.
pub fn terms(text: &str) -> Vec<String> {
    keys(&clean(text))
}

/// Text as a reader sees it: links removed, `#AustralianFires` and `@realDonaldTrump` read as the words they
/// join ("Australian Fires", "real Donald Trump"), `&amp;` and its kin decoded. Prose without these is
/// returned unchanged.
pub fn clean(text: &str) -> String {
    if !text.contains(['#', '@', '/', '&']) && !text.contains("www.") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for (i, piece) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let piece = cut_link(piece);
        let mut chars = piece.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let starts_word = at == 0 || !piece[..at].ends_with(|p: char| p.is_alphanumeric());
            let tag_next = chars.peek().is_some_and(|(_, n)| n.is_alphanumeric() || *n == '_');
            if matches!(c, '#' | '@') && starts_word && tag_next {
                let rest = &piece[at + 1..];
                let len = rest.find(|n: char| !(n.is_alphanumeric() || n == '_')).unwrap_or(rest.len());
                split_joined(&rest[..len], &mut out);
                while chars.peek().is_some_and(|(j, _)| *j < at + 1 + len) {
                    chars.next();
                }
            } else if c == '&' {
                let rest = &piece[at..];
                let entity = ENTITIES.iter().find(|(name, _)| rest.starts_with(name));
                match entity {
                    Some((name, ch)) => {
                        out.push(*ch);
                        while chars.peek().is_some_and(|(j, _)| *j < at + name.len()) {
                            chars.next();
                        }
                    }
                    None => out.push(c),
                }
            } else {
                out.push(c);
            }
        }
    }
    out
}

const ENTITIES: [(&str, char); 6] =
    [("&amp;", '&'), ("&quot;", '"'), ("&apos;", '\''), ("&#39;", '\''), ("&lt;", '<'), ("&gt;", '>')];

/// The part of a white-space separated piece before a link starts in it ("#Iran" of "#Iranpic.twitter.com/x").
fn cut_link(piece: &str) -> &str {
    let lower = piece.to_ascii_lowercase();
    let mut end = piece.len();
    for marker in ["http://", "https://", "www.", "pic.twitter.com/", "t.co/"] {
        if let Some(at) = lower.find(marker) {
            let whole_word = at == 0 || !lower[..at].ends_with(|c: char| c.is_ascii_alphanumeric());
            // "pic.twitter.com" is glued to the text before it in scraped tweets; other markers start a word.
            if whole_word || marker.starts_with("pic.") {
                end = end.min(at);
            }
        }
    }
    if end == piece.len() && lower.contains("://") {
        end = 0;
    }
    &piece[..end]
}

/// Writes the words of a hashtag or handle body: case changes and underscores separate, digits stay with the
/// letters before them ("COVID19", "G20"), a run of capitals keeps together ("NASAFunding" is "NASA Funding").
fn split_joined(body: &str, out: &mut String) {
    let chars: Vec<char> = body.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' {
            out.push(' ');
            continue;
        }
        if i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let boundary = c.is_uppercase() && (prev.is_lowercase() || (prev.is_uppercase() && next_lower));
            if boundary || (c.is_alphabetic() && prev.is_ascii_digit()) {
                out.push(' ');
            }
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tweets_read_as_prose() {
        assert_eq!(
            clean("How are butterflies surviving the #AustralianFires?"),
            "How are butterflies surviving the Australian Fires?"
        );
        assert_eq!(
            clean("The US drone attack on #Soleimani caught on camera.#IranUsapic.twitter.com/TvRkHvlgby"),
            "The US drone attack on Soleimani caught on camera.Iran Usa"
        );
        assert_eq!(
            clean("— Center for Bio Div (@CenterForBioDiv) January 14, 2020"),
            "— Center for Bio Div (Center For Bio Div) January 14, 2020"
        );
        assert_eq!(clean("see https://t.co/3S32De8ekP and www.snopes.com now"), "see  and  now");
        assert_eq!(clean("#COVID19 & #NASAFunding @real_donald &amp; co"), "COVID19 & NASA Funding real donald & co");
        assert_eq!(
            clean("Kazakhstan has had ties with Israel since 1992."),
            "Kazakhstan has had ties with Israel since 1992."
        );
        assert_eq!(clean("costs $5 #1 e-mail a@b"), "costs $5 1 e-mail a@b");
    }

    #[test]
    fn terms_are_shared_by_a_tweet_and_its_claim() {
        let tweet = terms("Footage of #AustralianFires survivors https://t.co/x1Y2 pic.twitter.com/0eJt");
        let claim = terms("A video shows butterflies that survived the Australian fires.");
        // The hashtag is split into words, and both texts reach the demonym's key ("australian" → "australia").
        let key = super::super::stem::stem("australian");
        assert_eq!(key, "australia");
        assert!(tweet.contains(&key) && claim.contains(&key), "{tweet:?} / {claim:?}");
        assert!(!tweet.iter().any(|t| t.contains("http") || t == "co" || t.contains("0ejt")));
    }
}
