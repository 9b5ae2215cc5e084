//! Word lists behind the hand features of [`super::features`]: number words, months, superlatives, change
//! and attribution verbs, first person, and the closed classes of stance: modals, hedges, framing phrases. Open-class
//! opinion vocabulary (evaluative adjectives, sentiment words) is not here: it comes from licensed lexicons
//! through `derive.rs` and `words.tsv`.
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

/// Verbs and phrases that report speech or writing, after which comes what was said ("said", "told",
/// "according to"); narrower than [`is_attribution`], which also counts evidence words ("data", "study").
pub(crate) fn is_speech_verb(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "told"
            | "tells"
            | "added"
            | "adds"
            | "stated"
            | "according"
            | "announced"
            | "confirmed"
            | "noted"
            | "wrote"
            | "writes"
            | "testified"
            | "explained"
            | "declared"
            | "replied"
            | "remarked"
            | "recalled"
            | "suggested"
            | "believes"
            | "predicted"
            | "acknowledged"
    )
}

pub(crate) fn is_first_plural(w: &str) -> bool {
    matches!(w, "we" | "us" | "our" | "ours" | "ourselves" | "we're" | "we've" | "we'll" | "we'd" | "let's")
}

pub(crate) fn is_day(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "yesterday"
            | "today"
            | "tonight"
            | "weekend"
    )
}

/// Verbs that report someone's verdict, feeling or demand rather than what they stated: what follows is their
/// say-so ("critics called it a disgrace", "she warned", "he praised").
pub(crate) fn is_verdict_verb(w: &str) -> bool {
    matches!(
        w,
        "call"
            | "calls"
            | "called"
            | "argue"
            | "argues"
            | "argued"
            | "warn"
            | "warns"
            | "warned"
            | "insist"
            | "insists"
            | "insisted"
            | "claim"
            | "claims"
            | "claimed"
            | "accuse"
            | "accuses"
            | "accused"
            | "criticise"
            | "criticised"
            | "criticize"
            | "criticized"
            | "praise"
            | "praised"
            | "praises"
            | "denounced"
            | "condemned"
            | "hailed"
            | "dismissed"
            | "conceded"
            | "concedes"
            | "admitted"
            | "stressed"
            | "urged"
            | "urges"
            | "described"
            | "describes"
            | "lamented"
            | "welcomed"
            | "complained"
    )
}

/// Deontic modals and their periphrases: the writer says what ought to happen. `prev` is the token before.
pub(crate) fn is_recommendation(w: &str, prev: &str) -> bool {
    matches!(w, "should" | "shouldn't" | "must" | "mustn't" | "ought" | "let's")
        || (w == "to" && matches!(prev, "need" | "needs" | "has" | "have" | "got"))
}

/// Epistemic modals, adverbs and verbs by which a writer hedges a statement.
pub(crate) fn is_hedge(w: &str) -> bool {
    matches!(
        w,
        "may"
            | "might"
            | "could"
            | "perhaps"
            | "maybe"
            | "possibly"
            | "probably"
            | "likely"
            | "unlikely"
            | "arguably"
            | "apparently"
            | "seemingly"
            | "seem"
            | "seems"
            | "seemed"
            | "appears"
            | "presumably"
            | "conceivably"
            | "potentially"
            | "suggests"
    )
}

/// Verbs by which a writer states a belief of their own.
pub(crate) fn is_stance(w: &str) -> bool {
    matches!(
        w,
        "think" | "believe" | "feel" | "hope" | "wish" | "suppose" | "guess" | "doubt" | "reckon" | "suspect" | "agree"
    )
}

/// Quantifiers over everything or nothing, typical of sweeping claims that no single source settles.
pub(crate) fn is_generalisation(w: &str) -> bool {
    matches!(
        w,
        "always"
            | "never"
            | "ever"
            | "everyone"
            | "everybody"
            | "nobody"
            | "everything"
            | "nothing"
            | "anyone"
            | "anything"
            | "forever"
            | "whatever"
    )
}

/// Verbs of being that join a subject to a judgement ("is a disgrace", "seems reckless").
pub(crate) fn is_copula(w: &str) -> bool {
    matches!(
        w,
        "is" | "are" | "was" | "were" | "be" | "been" | "being" | "it's" | "that's" | "becomes" | "became" | "remains"
    )
}

/// Forms of "be" and the verbs that link a subject to a description as "be" does ("remains", "seems"): a clause
/// whose only verbs are these describes or judges rather than tells what happened.
pub(crate) fn is_being(w: &str) -> bool {
    matches!(
        w,
        "is" | "are"
            | "am"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "remain"
            | "remains"
            | "remained"
            | "seem"
            | "seems"
            | "seemed"
            | "looks"
            | "looked"
            | "feels"
            | "felt"
            | "sounds"
            | "sounded"
    )
}

/// Verbs of regard, which report how someone sees a thing when "as" follows: "saw it as a betrayal",
/// "regarded as the finest".
pub(crate) fn is_regard_verb(w: &str) -> bool {
    matches!(
        w,
        "see"
            | "sees"
            | "saw"
            | "seen"
            | "view"
            | "views"
            | "viewed"
            | "regard"
            | "regards"
            | "regarded"
            | "consider"
            | "considers"
            | "considered"
            | "deem"
            | "deemed"
            | "hail"
            | "hails"
            | "hailed"
            | "brand"
            | "branded"
            | "dismiss"
            | "dismisses"
            | "dismissed"
    )
}

/// Comment adverbs (disjuncts), by which the writer gives their view of what the clause says: "frankly",
/// "sadly", "rightly".
pub(crate) fn is_comment_adverb(w: &str) -> bool {
    matches!(
        w,
        "frankly"
            | "honestly"
            | "clearly"
            | "obviously"
            | "surely"
            | "sadly"
            | "happily"
            | "naturally"
            | "admittedly"
            | "undoubtedly"
            | "ironically"
            | "tellingly"
            | "mercifully"
            | "thankfully"
            | "regrettably"
            | "luckily"
            | "unluckily"
            | "fortunately"
            | "unfortunately"
            | "curiously"
            | "remarkably"
            | "predictably"
            | "inevitably"
            | "rightly"
            | "wrongly"
            | "understandably"
            | "alas"
    )
}

/// Phrases by which a writer frames the argument rather than reports ("the real question", "it is time",
/// "make no mistake"), matched on the last three tokens.
pub(crate) fn is_framing(before: &str, prev: &str, w: &str) -> bool {
    matches!(
        (prev, w),
        ("real", "question" | "problem" | "issue" | "story" | "test" | "lesson")
            | ("no", "mistake")
            | ("it's", "time")
            | ("what", "matters")
            | ("the", "truth" | "irony" | "lesson" | "point")
            | ("in", "short")
            | ("after", "all")
            | ("of", "course")
    ) || (before, prev, w) == ("it", "is", "time")
        || (before, prev, w) == ("the", "question", "is")
}
