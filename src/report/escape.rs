//! Text from a draft or the ledger made safe for a terminal, and measured as a terminal shows it.
//!
//! Ledger records and drafts are written by other people; their text must never drive the terminal of the
//! person reading a report. Every human printer passes such text through [`terminal`] (or [`Shown`]), which
//! spells control characters (C0, DEL, C1) and the bidirectional overrides and isolates that can reorder
//! what a line appears to say (the characters rustc warns about) as visible escapes, as git and ripgrep do.
//! A tab stays a tab: it moves the cursor and nothing else. Machine formats (JSON, SARIF) stay exact and do
//! not use this module.

use std::borrow::Cow;
use std::fmt;

use unicode_width::UnicodeWidthChar;

/// The escape a character needs before it reaches a terminal, if any.
fn escape_of(c: char) -> Option<String> {
    match c {
        '\t' => None,
        '\n' => Some("\\n".into()),
        '\r' => Some("\\r".into()),
        '\u{0}'..='\u{1f}' | '\u{7f}' => Some(format!("\\x{:02x}", c as u32)),
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Some(format!("\\u{{{:x}}}", c as u32))
        }
        _ => None,
    }
}

/// Whether a character is shown as an escape by [`terminal`].
pub fn needs_escape(c: char) -> bool {
    escape_of(c).is_some()
}

/// The text with every character that could steer a terminal spelled as an escape (`\x1b`, `\u{202e}`,
/// `\n`); borrowed when there is nothing to escape.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match escape_of(c) {
            Some(e) => out.push_str(&e),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like [`terminal`], and cut after `max` characters with a note of how many were left out, so that one line
/// of a report stays bounded whatever the ledger or the draft holds.
pub fn terminal_capped(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => terminal(text),
        Some((cut, _)) => {
            let rest = text[cut..].chars().count();
            Cow::Owned(format!("{}… ({rest} more characters)", terminal(&text[..cut])))
        }
    }
}

/// Displays a value through [`terminal`]: `format!("{}", Shown(&path.display()))`.
pub struct Shown<T>(pub T);

impl<T: fmt::Display> fmt::Display for Shown<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.to_string();
        f.write_str(&terminal(&text))
    }
}

/// How many terminal columns a character takes once escaped: 2 for wide (CJK, most emoji), 0 for combining
/// marks, the escape's length for an escaped character; a tab counts 1 (it is kept, and padded with a tab).
pub fn width(c: char) -> usize {
    if c == '\t' {
        return 1;
    }
    match escape_of(c) {
        Some(e) => e.len(),
        None => c.width().unwrap_or(0),
    }
}

/// Writes one character as a terminal should show it.
pub fn push_char(out: &mut String, c: char) {
    match escape_of(c) {
        Some(e) => out.push_str(&e),
        None => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(terminal("T \x1b]0;pwned\x07 \x1b[2J in 1992."), "T \\x1b]0;pwned\\x07 \\x1b[2J in 1992.");
        assert_eq!(terminal("a\nb\rc\td\u{7f}"), "a\\nb\\rc\td\\x7f");
        assert_eq!(terminal("csi \u{9b}2J"), "csi \\u{9b}2J");
        assert_eq!(terminal("abc \u{202e}fed\u{2069}"), "abc \\u{202e}fed\\u{2069}");
        assert!(matches!(terminal("plain, ünïcødé 数字 🙂"), Cow::Borrowed(_)));
    }

    #[test]
    fn widths_follow_the_terminal() {
        assert_eq!(width('a'), 1);
        assert_eq!(width('数'), 2);
        assert_eq!(width('🙂'), 2);
        assert_eq!(width('\u{301}'), 0);
        assert_eq!(width('\x1b'), 4);
    }

    #[test]
    fn capping_counts_what_was_left_out() {
        assert_eq!(terminal_capped("abcdef", 10), "abcdef");
        assert_eq!(terminal_capped("abcdef", 3), "abc… (3 more characters)");
        assert_eq!(terminal_capped("a\x1bcdef", 2), "a\\x1b… (4 more characters)");
    }

    #[test]
    fn shown_escapes_a_display() {
        assert_eq!(format!("{}", Shown("dir/\x1b[31mred.md")), "dir/\\x1b[31mred.md");
    }
}
