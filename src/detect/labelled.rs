//! Labelled sentence sets for measuring the gate: does `check` report a sentence as an unsourced claim?
//!
//! This file owns the three-way label (fact, opinion, other) and reading it from the sets the project measures
//! on: its own TSV files (`label<TAB>sentence`, or a header naming `label`, `sentence` and optional `genre`,
//! `outlet`, `split` columns), ClaimBuster's CSV (CFS and UFS are facts, NFS is other) and NewsSD-ENG's CSV
//! (SUBJ is opinion, OBJ is other: an objective news sentence is not always a checkable fact). It reads no
//! file itself. Invariant: every item keeps the set's own label in `tag`, so a report can be broken down by it.

use super::data::{csv_records, DataError};

/// What a sentence is, as far as the gate is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// A checkable statement of fact: it needs a source.
    Fact,
    /// The author's own judgement, prediction, recommendation or framing: it needs none.
    Opinion,
    /// Neither: talk, questions, headings, reported speech without a checkable fact, unlabelled objective text.
    Other,
}

impl Label {
    pub const ALL: [Label; 3] = [Label::Fact, Label::Opinion, Label::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Fact => "fact",
            Label::Opinion => "opinion",
            Label::Other => "other",
        }
    }
}

/// One labelled sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labelled {
    pub text: String,
    pub label: Label,
    /// The set's own label or grouping (cfs/ufs/nfs, subj/obj, or the TSV's genre when it has one).
    pub tag: String,
    /// The TSV's `split` column (dev, test), empty when absent.
    pub split: String,
    /// The TSV's `id` column (`aNNN-SS`: article, then sentence), empty when absent.
    pub id: String,
    /// The TSV's `outlet` column, empty when absent.
    pub outlet: String,
}

/// Which file format a labelled set is in, judged from its first line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    ClaimBuster,
    NewsSd,
    Tsv,
}

/// The format of `text`: a CSV header with `Verdict` is ClaimBuster, one with `Sentence` and `Label` NewsSD-ENG;
/// anything else is read as the project's TSV.
pub fn sniff(text: &str) -> Format {
    let first = text.lines().next().unwrap_or("");
    let cols: Vec<&str> = first.split(',').map(str::trim).collect();
    if !first.contains('\t') && cols.contains(&"Verdict") && cols.contains(&"Text") {
        Format::ClaimBuster
    } else if !first.contains('\t') && cols.contains(&"Sentence") && cols.contains(&"Label") {
        Format::NewsSd
    } else {
        Format::Tsv
    }
}

/// Parses a labelled set in whichever format [`sniff`] finds.
pub fn parse(text: &str) -> Result<Vec<Labelled>, DataError> {
    match sniff(text) {
        Format::ClaimBuster => parse_claimbuster(text),
        Format::NewsSd => parse_newssd(text),
        Format::Tsv => parse_tsv(text),
    }
}

fn parse_claimbuster(text: &str) -> Result<Vec<Labelled>, DataError> {
    Ok(super::data::parse_claimbuster(text)?
        .into_iter()
        .map(|e| {
            let (label, tag) = match e.verdict {
                1 => (Label::Fact, "cfs"),
                0 => (Label::Fact, "ufs"),
                _ => (Label::Other, "nfs"),
            };
            Labelled {
                text: e.text,
                label,
                tag: tag.into(),
                split: String::new(),
                id: String::new(),
                outlet: String::new(),
            }
        })
        .collect())
}

/// NewsSD-ENG: columns `Sentence`, `Label` (SUBJ or OBJ) found by name.
pub fn parse_newssd(text: &str) -> Result<Vec<Labelled>, DataError> {
    let mut rows = csv_records(text);
    let Some(header) = rows.next() else { return Ok(Vec::new()) };
    let header = header?.1;
    let col = |name: &'static str| header.iter().position(|h| h == name).ok_or(DataError::MissingColumn(name));
    let (sentence, label) = (col("Sentence")?, col("Label")?);
    let mut out = Vec::new();
    for row in rows {
        let (line, fields) = row?;
        if fields.len() != header.len() {
            return Err(DataError::BadRow { line, expected: header.len(), found: fields.len() });
        }
        let (label, tag) = match fields[label].trim() {
            "SUBJ" => (Label::Opinion, "subj"),
            "OBJ" => (Label::Other, "obj"),
            other => return Err(DataError::BadLabel { line, value: other.to_string() }),
        };
        out.push(Labelled {
            text: fields[sentence].trim().to_string(),
            label,
            tag: tag.into(),
            split: String::new(),
            id: String::new(),
            outlet: String::new(),
        });
    }
    Ok(out)
}

/// The project's TSV: `label<TAB>sentence` per line, or a header line naming the columns (`label` and
/// `sentence` required; `id`, `genre`, `outlet`, `split` optional). Blank lines and `#` comments are skipped.
pub fn parse_tsv(text: &str) -> Result<Vec<Labelled>, DataError> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#')).peekable();
    let mut columns = Columns { label: 0, sentence: 1, genre: None, split: None, id: None, outlet: None, width: 2 };
    if let Some((_, first)) = lines.peek() {
        let names: Vec<String> = first.split('\t').map(|s| s.trim().to_ascii_lowercase()).collect();
        if names.first().is_some_and(|n| n == "label") || names.iter().any(|n| n == "sentence") {
            let find = |n: &str| names.iter().position(|h| h == n);
            columns = Columns {
                label: find("label").ok_or(DataError::MissingColumn("label"))?,
                sentence: find("sentence").or_else(|| find("text")).ok_or(DataError::MissingColumn("sentence"))?,
                genre: find("genre"),
                split: find("split"),
                id: find("id"),
                outlet: find("outlet"),
                width: names.len(),
            };
            lines.next();
        }
    }
    let mut out = Vec::new();
    for (i, line) in lines {
        let fields: Vec<&str> =
            if columns.width == 2 { line.splitn(2, '\t').collect() } else { line.split('\t').collect() };
        if fields.len() != columns.width {
            return Err(DataError::BadRow { line: i + 1, expected: columns.width, found: fields.len() });
        }
        let label = match fields[columns.label].trim() {
            "fact" => Label::Fact,
            "opinion" => Label::Opinion,
            "other" => Label::Other,
            other => return Err(DataError::BadLabel { line: i + 1, value: other.to_string() }),
        };
        let tag = columns.genre.map(|g| fields[g].trim().to_string()).unwrap_or_default();
        let split = columns.split.map(|s| fields[s].trim().to_string()).unwrap_or_default();
        let id = columns.id.map(|s| fields[s].trim().to_string()).unwrap_or_default();
        let outlet = columns.outlet.map(|s| fields[s].trim().to_string()).unwrap_or_default();
        out.push(Labelled { text: fields[columns.sentence].trim().to_string(), label, tag, split, id, outlet });
    }
    Ok(out)
}

struct Columns {
    label: usize,
    sentence: usize,
    genre: Option<usize>,
    split: Option<usize>,
    id: Option<usize>,
    outlet: Option<usize>,
    width: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart_by_their_header() {
        assert_eq!(sniff("Sentence_id,Text,Speaker,Verdict\n"), Format::ClaimBuster);
        assert_eq!(sniff("Sentence,Label,Solved conflict\n"), Format::NewsSd);
        assert_eq!(sniff("fact\tIt rained.\n"), Format::Tsv);
        assert_eq!(sniff("label\tgenre\tsentence\n"), Format::Tsv);
    }

    #[test]
    fn claimbuster_and_newssd_map_to_the_three_labels() {
        let cb = parse("Text,Verdict\na,1\nb,0\nc,-1\n").unwrap();
        assert_eq!(
            cb.iter().map(|l| (l.label, l.tag.as_str())).collect::<Vec<_>>(),
            [(Label::Fact, "cfs"), (Label::Fact, "ufs"), (Label::Other, "nfs")]
        );
        let sd =
            parse("Sentence,Label,Solved conflict\n\"It is a shame.\n\",SUBJ,False\nIt rained.,OBJ,True\n").unwrap();
        assert_eq!(
            sd[0],
            Labelled {
                text: "It is a shame.".into(),
                label: Label::Opinion,
                tag: "subj".into(),
                split: String::new(),
                id: String::new(),
                outlet: String::new()
            }
        );
        assert_eq!((sd[1].label, sd[1].tag.as_str()), (Label::Other, "obj"));
        assert_eq!(parse("Sentence,Label\nx,MAYBE\n"), Err(DataError::BadLabel { line: 2, value: "MAYBE".into() }));
    }

    #[test]
    fn tsv_with_and_without_a_header() {
        let plain = parse("# comment\nfact\tIt rained 3 mm.\n\nopinion\tA shame.\n").unwrap();
        assert_eq!(plain.iter().map(|l| l.label).collect::<Vec<_>>(), [Label::Fact, Label::Opinion]);
        let with =
            parse("id\tlabel\tgenre\toutlet\tsplit\tsentence\na001-02\tother\tcolumn\tX\ttest\tWhy now?\n").unwrap();
        assert_eq!(
            with[0],
            Labelled {
                text: "Why now?".into(),
                label: Label::Other,
                tag: "column".into(),
                split: "test".into(),
                id: "a001-02".into(),
                outlet: "X".into()
            }
        );
        assert_eq!(parse("fact\n"), Err(DataError::BadRow { line: 1, expected: 2, found: 1 }));
        assert_eq!(parse("claim\tIt rained.\n"), Err(DataError::BadLabel { line: 1, value: "claim".into() }));
    }
}
