//! Word lists behind the hand features of [`super::features`]: number words, months, superlatives, change
//! and attribution verbs, first person, opinion words.
//!
//! This file owns only the lists; which feature each list feeds, and with what value, is decided in
//! `features.rs`. Invariant: every function takes a token already normalised by
//! [`super::features::normalise_into`] (lower case, digits folded to '0'), except [`is_year`], which reads
//! the raw token. Editing a list changes the model's input, so the committed model must be retrained (the
//! retraining test fails until it is).

pub(crate) fn is_year(raw: &str) -> bool {
    let digits = raw.strip_suffix('s').unwrap_or(raw);
    digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) && matches!(digits.parse::<u16>(), Ok(1800..=2099))
}

pub(crate) fn is_number_word(w: &str) -> bool {
    matches!(
        w,
        "one"
            | "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "eleven"
            | "twelve"
            | "thirteen"
            | "fourteen"
            | "fifteen"
            | "sixteen"
            | "seventeen"
            | "eighteen"
            | "nineteen"
            | "twenty"
            | "thirty"
            | "forty"
            | "fifty"
            | "sixty"
            | "seventy"
            | "eighty"
            | "ninety"
            | "hundred"
            | "hundreds"
            | "thousand"
            | "thousands"
            | "million"
            | "millions"
            | "billion"
            | "billions"
            | "trillion"
            | "dozen"
            | "dozens"
            | "half"
            | "twice"
            | "triple"
            | "quarter"
            | "third"
            | "percent"
    )
}

pub(crate) fn is_month(w: &str) -> bool {
    matches!(
        w,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}

pub(crate) fn is_superlative(w: &str) -> bool {
    const NOT: &[&str] = &[
        "interest",
        "honest",
        "forest",
        "request",
        "suggest",
        "protest",
        "contest",
        "invest",
        "arrest",
        "modest",
        "harvest",
        "manifest",
        "digest",
        "conquest",
        "earnest",
        "southwest",
        "northwest",
        "midwest",
        "interests",
    ];
    matches!(w, "most" | "least" | "best" | "worst" | "first" | "only" | "record" | "unprecedented")
        || (w.len() > 6 && w.ends_with("est") && !NOT.contains(&w))
}

pub(crate) fn is_change_verb(w: &str) -> bool {
    matches!(
        w,
        "rose"
            | "fell"
            | "grew"
            | "increased"
            | "decreased"
            | "doubled"
            | "tripled"
            | "dropped"
            | "declined"
            | "risen"
            | "fallen"
            | "cut"
            | "raised"
            | "lowered"
            | "gained"
            | "lost"
            | "created"
            | "reduced"
    )
}

pub(crate) fn is_attribution(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "reported"
            | "reports"
            | "according"
            | "told"
            | "announced"
            | "stated"
            | "confirmed"
            | "noted"
            | "estimated"
            | "estimates"
            | "described"
            | "found"
            | "showed"
            | "shows"
            | "wrote"
            | "testified"
            | "published"
            | "data"
            | "survey"
            | "study"
            | "statistics"
            | "census"
    )
}

pub(crate) fn is_first_plural(w: &str) -> bool {
    matches!(w, "we" | "us" | "our" | "ours" | "ourselves" | "we're" | "we've" | "we'll" | "we'd" | "let's")
}

pub(crate) fn is_opinion(w: &str) -> bool {
    matches!(
        w,
        "think"
            | "believe"
            | "feel"
            | "hope"
            | "wish"
            | "want"
            | "agree"
            | "disagree"
            | "worth"
            | "celebrate"
            | "celebrating"
            | "shame"
            | "disgrace"
            | "wonderful"
            | "terrible"
            | "great"
            | "good"
            | "bad"
            | "wrong"
            | "right"
            | "important"
            | "clearly"
            | "obviously"
            | "surely"
            | "frankly"
            | "honestly"
            | "deserve"
            | "deserves"
            | "sad"
            | "proud"
            | "need"
            | "needs"
            | "love"
            | "hate"
            | "welcome"
            | "bold"
            | "historic"
            | "opinion"
            | "should"
            | "win"
            | "mistake"
            | "absurd"
            | "ridiculous"
            | "brilliant"
            | "disaster"
    )
}
