//! Figures as values: what a number, amount, percentage, rank or date states, and how two of them compare.
//!
//! This file owns [`Figure`] and [`FigureValue`], the comparison that tells agreement from disagreement
//! ([`Figure::compat`], with a tolerance for hedged figures) and the retrieval keys of a figure ("#20000000",
//! "#1992", "#2026-01"). Reading figures out of text is [`super::numbers`]'s job. Invariant: equal quantities
//! give equal keys, whatever their wording, so a reworded claim is still found by its figures.

use serde::Serialize;

/// What a figure states, normalised.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum FigureValue {
    /// A calendar date at the precision written: a year, a month, a day, or any combination.
    Date { year: Option<i32>, month: Option<u8>, day: Option<u8> },
    /// A plain quantity ("nineteen", "20 million").
    Count { value: f64 },
    /// An amount of money, currency ignored ("$1 billion").
    Money { value: f64 },
    /// A percentage ("12%", "twelve per cent").
    Percent { value: f64 },
    /// A position in an order ("the first", "second-largest"); "the largest" is an implicit rank 1.
    Rank { value: u32 },
}

/// A figure found in text, with the words it came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    pub value: FigureValue,
    /// The source words, hedge included ("about twenty million").
    pub text: String,
    /// Hedged ("about", "nearly", "more than"): compared with a 10% tolerance.
    pub approx: bool,
    /// Read from a superlative rather than written as a number; never a retrieval key.
    pub implicit: bool,
    /// For a percentage, the stem of the noun it is a share or size of, when "of" ties them: "50.9 per cent of the
    /// vote" (vote), "a margin of 1 per cent" (margin). Two percentages of different things never conflict. For a
    /// count, what the word after it counts: a unit of measurement ("1,900 kilometres": kilometer), an empty
    /// string for another noun ("people"), none for a bare number; a count in a unit never conflicts with one in
    /// another unit or of another noun.
    #[serde(skip)]
    pub measures: Option<String>,
}

/// How two figures relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compat {
    /// They state the same thing (at the precision both give).
    Same,
    /// They are of one kind and disagree: the seed of a conflict.
    Differ,
    /// They do not speak about the same kind of thing.
    Unrelated,
}

impl Figure {
    /// Compares two figures by meaning.
    pub fn compat(&self, other: &Figure) -> Compat {
        use FigureValue::*;
        let approx = self.approx || other.approx;
        match (&self.value, &other.value) {
            (Date { year: y1, month: m1, day: d1 }, Date { year: y2, month: m2, day: d2 }) => {
                let mut shared = 0;
                for (a, b) in [(y1.map(|y| y as i64), y2.map(|y| y as i64)), (m1.map(i64::from), m2.map(i64::from))]
                    .into_iter()
                    .chain([(d1.map(i64::from), d2.map(i64::from))])
                {
                    if let (Some(a), Some(b)) = (a, b) {
                        if a != b {
                            return Compat::Differ;
                        }
                        shared += 1;
                    }
                }
                if shared > 0 {
                    Compat::Same
                } else {
                    Compat::Unrelated
                }
            }
            (Percent { value: a }, Percent { value: b }) => match close(*a, *b, approx) {
                Compat::Differ
                    if self.measures.is_some() && other.measures.is_some() && self.measures != other.measures =>
                {
                    Compat::Unrelated
                }
                compat => compat,
            },
            // "about 1,900 kilometres" and "about twenty million people" count different things: they never
            // disagree, nor does a count of kilometres with one of miles. A bare number may leave its unit out.
            (Count { value: a }, Count { value: b }) => {
                match (close(*a, *b, approx), &self.measures, &other.measures) {
                    (Compat::Differ, Some(u), Some(v)) if u != v => Compat::Unrelated,
                    (compat, _, _) => compat,
                }
            }
            (Money { value: a }, Money { value: b }) => close(*a, *b, approx),
            (Count { value: a }, Money { value: b }) | (Money { value: a }, Count { value: b }) => {
                match close(*a, *b, approx) {
                    Compat::Same => Compat::Same,
                    _ => Compat::Unrelated,
                }
            }
            (Rank { value: a }, Rank { value: b }) => close(f64::from(*a), f64::from(*b), false),
            _ => Compat::Unrelated,
        }
    }

    /// Retrieval keys: exact quantities and dates at each precision written. Ranks and implicit figures are
    /// too common to narrow a search, and bare months too vague, so they have none.
    pub fn keys(&self) -> Vec<String> {
        if self.implicit {
            return Vec::new();
        }
        match &self.value {
            FigureValue::Date { year: Some(y), month, day } => {
                let mut keys = vec![format!("#{y}")];
                if let Some(m) = month {
                    keys.push(format!("#{y}-{m:02}"));
                    if let Some(d) = day {
                        keys.push(format!("#{y}-{m:02}-{d:02}"));
                    }
                }
                keys
            }
            FigureValue::Count { value } | FigureValue::Money { value } => vec![format!("#{}", fmt_num(*value))],
            FigureValue::Percent { value } => vec![format!("#{}%", fmt_num(*value))],
            _ => Vec::new(),
        }
    }
}

/// A time told relative to the day of writing ("yesterday", "on Monday", "last month", "this year"), by how
/// much of the calendar it fixes. The matcher cannot tell which date it means, only which dates it could.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relative {
    Day,
    Week,
    Month,
    Year,
}

/// A relative time with the words it was read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelativeDate {
    pub unit: Relative,
    pub text: String,
}

impl Relative {
    /// Whether a text that places an event this way may be giving `date`. A year told relatively ("last year")
    /// may give any date; a day, week or month told relatively gives a date with at least a month, never a bare
    /// year: "since 1992" is not "since last month".
    pub fn may_give(self, date: &Figure) -> bool {
        match date.value {
            FigureValue::Date { year, month, day } => match self {
                Relative::Year => year.is_some(),
                Relative::Day | Relative::Week | Relative::Month => month.is_some() || day.is_some(),
            },
            _ => false,
        }
    }
}

impl RelativeDate {
    /// Whether this relative time may be giving `date` ([`Relative::may_give`]); a day of the week gives only a
    /// date that fell on that day ("on Tuesday" may give 25 March 2025, not 26 March 2025).
    pub fn may_give(&self, date: &Figure) -> bool {
        self.unit.may_give(date) && self.weekday().is_none_or(|w| weekday_of(date).is_none_or(|d| d == w))
    }

    /// Whether this is a day of the week that `date`, a full date, fell on.
    pub fn names_the_weekday_of(&self, date: &Figure) -> bool {
        self.weekday().is_some_and(|w| weekday_of(date) == Some(w))
    }

    fn weekday(&self) -> Option<chrono::Weekday> {
        self.text.parse().ok()
    }
}

/// The day of the week of a date with its day, month and year.
fn weekday_of(date: &Figure) -> Option<chrono::Weekday> {
    use chrono::Datelike;
    match date.value {
        FigureValue::Date { year: Some(y), month: Some(m), day: Some(d) } => {
            chrono::NaiveDate::from_ymd_opt(y, m.into(), d.into()).map(|d| d.weekday())
        }
        _ => None,
    }
}

/// For each date of a claim that a sentence neither states nor contradicts, the relative time of the sentence
/// that may give it, each relative time standing for one date at most: "this month" for "August". `None` for
/// every other figure; empty, without allocating, when the sentence tells no relative time.
pub fn relative_stand_ins<'a>(
    claim: &[Figure],
    sentence: &[Figure],
    relative: &'a [RelativeDate],
) -> Vec<Option<&'a RelativeDate>> {
    if relative.is_empty() {
        return Vec::new();
    }
    let mut used = vec![false; relative.len()];
    claim
        .iter()
        .map(|f| {
            let stated = sentence.iter().any(|g| g.compat(f) == Compat::Same);
            let rival = sentence
                .iter()
                .any(|g| g.compat(f) == Compat::Differ && !claim.iter().any(|c| c.compat(g) == Compat::Same));
            if f.implicit || stated || rival {
                return None;
            }
            let i = relative.iter().enumerate().position(|(i, r)| !used[i] && r.may_give(f))?;
            used[i] = true;
            Some(&relative[i])
        })
        .collect()
}

fn close(a: f64, b: f64, approx: bool) -> Compat {
    let tolerance = if approx { 0.1 } else { 1e-9 };
    if (a - b).abs() <= tolerance * a.abs().max(b.abs()) {
        Compat::Same
    } else {
        Compat::Differ
    }
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(value: FigureValue, approx: bool) -> Figure {
        Figure { value, text: String::new(), approx, implicit: false, measures: None }
    }

    #[test]
    fn compat_by_meaning() {
        let year = |y| fig(FigureValue::Date { year: Some(y), month: None, day: None }, false);
        let month = |y, m| fig(FigureValue::Date { year: Some(y), month: Some(m), day: None }, false);
        assert_eq!(year(2020).compat(&month(2020, 9)), Compat::Same);
        assert_eq!(year(2021).compat(&month(2020, 9)), Compat::Differ);
        assert_eq!(month(2020, 10).compat(&month(2020, 9)), Compat::Differ);
        let count = |v, a| fig(FigureValue::Count { value: v }, a);
        assert_eq!(count(2e7, true).compat(&count(2.05e7, false)), Compat::Same);
        assert_eq!(count(2e7, false).compat(&count(2.05e7, false)), Compat::Differ);
        assert_eq!(count(19.0, false).compat(&count(20.0, true)), Compat::Same);
        assert_eq!(count(19.0, false).compat(&count(25.0, true)), Compat::Differ);
        assert_eq!(count(19.0, false).compat(&year(1992)), Compat::Unrelated);
        assert_eq!(count(1e9, false).compat(&fig(FigureValue::Money { value: 1e9 }, false)), Compat::Same);
    }

    #[test]
    fn keys_at_each_precision() {
        let d = fig(FigureValue::Date { year: Some(2026), month: Some(1), day: Some(22) }, false);
        assert_eq!(d.keys(), ["#2026", "#2026-01", "#2026-01-22"]);
        assert_eq!(fig(FigureValue::Count { value: 1.5e6 }, false).keys(), ["#1500000"]);
        assert_eq!(fig(FigureValue::Percent { value: 2.5 }, false).keys(), ["#2.5%"]);
        assert!(fig(FigureValue::Rank { value: 1 }, false).keys().is_empty());
    }

    #[test]
    fn a_relative_time_stands_for_one_date_of_its_precision() {
        let date =
            |y: Option<i32>, m: Option<u8>, d: Option<u8>| fig(FigureValue::Date { year: y, month: m, day: d }, false);
        let rel = |unit| RelativeDate { unit, text: String::new() };
        // A bare year is history, not a day, week or month of the writer's: "since 1992" is not "since last month".
        assert!(!Relative::Month.may_give(&date(Some(1992), None, None)));
        assert!(!Relative::Day.may_give(&date(Some(1992), None, None)));
        assert!(Relative::Year.may_give(&date(Some(1992), None, None)));
        assert!(Relative::Month.may_give(&date(None, Some(8), None)));
        assert!(Relative::Day.may_give(&date(Some(2025), Some(4), Some(21))));
        assert!(!Relative::Day.may_give(&fig(FigureValue::Count { value: 21.0 }, false)));
        // A day of the week gives a full date only if the date fell on it (21 April 2025 was a Monday).
        let day = |text: &str| RelativeDate { unit: Relative::Day, text: text.to_owned() };
        assert!(day("Monday").may_give(&date(Some(2025), Some(4), Some(21))));
        assert!(!day("Tuesday").may_give(&date(Some(2025), Some(4), Some(21))));
        assert!(
            day("Tuesday").may_give(&date(None, Some(4), Some(21)))
                && day("today").may_give(&date(None, Some(4), None))
        );
        assert!(day("Monday").names_the_weekday_of(&date(Some(2025), Some(4), Some(21))));
        assert!(!day("yesterday").names_the_weekday_of(&date(Some(2025), Some(4), Some(21))));
        // One relative time gives one date; a date the sentence states or contradicts is not given relatively.
        let claim = [date(Some(2024), Some(3), Some(3)), date(Some(2024), Some(5), Some(9))];
        let month = [rel(Relative::Month)];
        let given = relative_stand_ins(&claim, &[], &month);
        assert_eq!(given.iter().filter(|g| g.is_some()).count(), 1);
        let stated = [date(Some(2024), Some(3), None)];
        let both = [rel(Relative::Month), rel(Relative::Day)];
        let given = relative_stand_ins(&claim, &stated, &both);
        assert!(given[0].is_none() && given[1].is_some());
        let other = [date(Some(2024), Some(7), None)];
        assert!(relative_stand_ins(&claim[..1], &other, &[rel(Relative::Month)])[0].is_none());
        assert!(relative_stand_ins(&claim, &[], &[]).is_empty());
    }
}
