//! Labelled sentences for training and evaluation: the ClaimBuster CSV files and the news-style TSV corpus.
//!
//! This file owns parsing (RFC 4180 CSV with quoted fields and doubled quotes; a three-column TSV) and finding
//! the ClaimBuster folder. It reads no file itself: callers pass the text. Labels keep ClaimBuster's meaning
//! throughout: 1 check-worthy factual (CFS), 0 unimportant factual (UFS), -1 non-factual (NFS).

use std::path::{Path, PathBuf};

use super::View;

/// The file the model is trained on.
pub const TRAIN_FILE: &str = "crowdsourced.csv";
/// The file thresholds are chosen on and scores are reported on.
pub const THRESHOLD_FILE: &str = "groundtruth.csv";
/// The environment variable that names the ClaimBuster folder.
pub const DATA_ENV: &str = "CLAIMLEDGER_CLAIMBUSTER";

/// A sentence and its ClaimBuster verdict (1, 0 or -1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    pub text: String,
    pub verdict: i8,
    /// Free-form grouping (the topic in the news corpus; empty for ClaimBuster).
    pub topic: String,
}

impl Example {
    /// Whether the example is positive in `view`.
    pub fn label(&self, view: View) -> bool {
        match view {
            View::CheckWorthy => self.verdict == 1,
            View::Factual => self.verdict >= 0,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DataError {
    #[error("missing column {0:?} in the header")]
    MissingColumn(&'static str),
    #[error("line {line}: verdict {value:?} is not 1, 0 or -1")]
    BadVerdict { line: usize, value: String },
    #[error("line {line}: expected {expected} fields, found {found}")]
    BadRow { line: usize, expected: usize, found: usize },
    #[error("line {0}: unterminated quoted field")]
    Unterminated(usize),
    #[error("line {line}: label {value:?} is not one this set allows")]
    BadLabel { line: usize, value: String },
}

/// The ClaimBuster folder: `explicit` if given, else `$CLAIMLEDGER_CLAIMBUSTER`, else `../shared/data/claimbuster`
/// beside the repository. `None` when the chosen folder lacks the training file.
pub fn claimbuster_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    let dir = match (explicit, std::env::var_os(DATA_ENV)) {
        (Some(p), _) => p.to_path_buf(),
        (None, Some(p)) => PathBuf::from(p),
        (None, None) => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/claimbuster"),
    };
    dir.join(TRAIN_FILE).is_file().then_some(dir)
}

/// Parses a ClaimBuster CSV (columns found by name: `Text`, `Verdict`).
pub fn parse_claimbuster(csv: &str) -> Result<Vec<Example>, DataError> {
    let mut rows = csv_records(csv);
    let header = match rows.next() {
        Some(h) => h?.1,
        None => return Ok(Vec::new()),
    };
    let col = |name: &'static str| header.iter().position(|h| h == name).ok_or(DataError::MissingColumn(name));
    let (text, verdict) = (col("Text")?, col("Verdict")?);
    let mut out = Vec::new();
    for row in rows {
        let (line, fields) = row?;
        if fields.len() != header.len() {
            return Err(DataError::BadRow { line, expected: header.len(), found: fields.len() });
        }
        let verdict = parse_verdict(&fields[verdict], line)?;
        out.push(Example { text: fields[text].clone(), verdict, topic: String::new() });
    }
    Ok(out)
}

/// Parses the news-style corpus: `verdict<TAB>topic<TAB>sentence` per line; blank lines and `#` comments skipped.
pub fn parse_news_tsv(tsv: &str) -> Result<Vec<Example>, DataError> {
    let mut out = Vec::new();
    for (i, line) in tsv.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.splitn(3, '\t').collect();
        if fields.len() != 3 {
            return Err(DataError::BadRow { line: i + 1, expected: 3, found: fields.len() });
        }
        let verdict = parse_verdict(fields[0], i + 1)?;
        out.push(Example { text: fields[2].trim().to_string(), verdict, topic: fields[1].trim().to_string() });
    }
    Ok(out)
}

fn parse_verdict(s: &str, line: usize) -> Result<i8, DataError> {
    match s.trim() {
        "1" => Ok(1),
        "0" => Ok(0),
        "-1" => Ok(-1),
        other => Err(DataError::BadVerdict { line, value: other.to_string() }),
    }
}

/// RFC 4180 records with the 1-based line each starts on; quoted fields may hold commas, quotes and newlines.
pub(crate) fn csv_records(s: &str) -> impl Iterator<Item = Result<(usize, Vec<String>), DataError>> + '_ {
    let mut chars = s.chars().peekable();
    let mut line = 1;
    std::iter::from_fn(move || {
        chars.peek()?;
        let start = line;
        let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
        loop {
            match (chars.next(), quoted) {
                (None, true) => return Some(Err(DataError::Unterminated(start))),
                (None, false) => break,
                (Some('"'), true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (Some('"'), true) => quoted = false,
                (Some('"'), false) if field.is_empty() => quoted = true,
                (Some(','), false) => fields.push(std::mem::take(&mut field)),
                (Some('\r'), false) if chars.peek() == Some(&'\n') => {}
                (Some('\n'), false) => {
                    line += 1;
                    break;
                }
                (Some(c), _) => {
                    line += usize::from(c == '\n');
                    field.push(c);
                }
            }
        }
        fields.push(field);
        Some(Ok((start, fields)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_handles_quotes_commas_and_newlines() {
        let csv = "id,Text,Verdict\r\n1,\"Hello, \"\"world\"\"\",1\n2,\"two\nlines\",-1\n3,plain,0";
        let ex = parse_claimbuster(csv).unwrap();
        assert_eq!(
            ex.iter().map(|e| (e.text.as_str(), e.verdict)).collect::<Vec<_>>(),
            [("Hello, \"world\"", 1), ("two\nlines", -1), ("plain", 0)]
        );
    }

    #[test]
    fn bad_rows_are_named_by_line() {
        assert_eq!(
            parse_claimbuster("Text,Verdict\na,1\nb,2\n"),
            Err(DataError::BadVerdict { line: 3, value: "2".into() })
        );
        assert_eq!(parse_claimbuster("Text\na\n"), Err(DataError::MissingColumn("Verdict")));
        assert_eq!(parse_claimbuster("Text,Verdict\n\"a,1\n"), Err(DataError::Unterminated(2)));
    }

    #[test]
    fn news_tsv_skips_comments() {
        let ex = parse_news_tsv("# verdict\ttopic\tsentence\n\n1\tpolitics\tIt rained.\n").unwrap();
        assert_eq!(ex, [Example { text: "It rained.".into(), verdict: 1, topic: "politics".into() }]);
    }
}
