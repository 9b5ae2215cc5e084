//! The wire: LSP base-protocol framing (`Content-Length` headers, JSON-RPC bodies) over any byte stream.
//!
//! Reading is forgiving where `lsp_server`'s own reader gives up: a body that is not JSON, not JSON-RPC, or
//! larger than [`MAX_BODY`] is reported as [`Incoming::Malformed`] and skipped; garbage between messages is
//! skipped up to the next `Content-Length` header; a body with bytes that are not UTF-8, or with escaped lone
//! surrogates (which JSON parsers reject), is repaired with U+FFFD and delivered as [`Incoming::Repaired`].
//! The invariant: whatever arrives, the reader stays in step with the stream and keeps reading until it ends.

use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};

use lsp_server::{Message, RequestId};

/// Bodies larger than this are skipped unread: no editor sends a 64 MB message about a Markdown draft.
pub const MAX_BODY: usize = 64 << 20;

/// One thing read from the client.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A message that could be read only after replacing what is not UTF-8 with U+FFFD; says what was replaced.
    Repaired(Message, String),
    /// Not a message; `id` is the request id when one could be read, so that the request can be answered.
    Malformed {
        id: Option<RequestId>,
        reason: String,
    },
}

/// Reads framed messages from a byte stream.
pub struct Reader<R> {
    inner: R,
    /// A header line read while skipping garbage, to be used by the next message.
    pending: Option<Vec<u8>>,
}

impl<R: BufRead> Reader<R> {
    pub fn new(inner: R) -> Self {
        Reader { inner, pending: None }
    }

    fn line(&mut self) -> io::Result<Option<Vec<u8>>> {
        if let Some(line) = self.pending.take() {
            return Ok(Some(line));
        }
        let mut line = Vec::new();
        // Header lines are short; a "line" of megabytes is garbage, read in bounded pieces.
        let n = (&mut self.inner).take(64 << 10).read_until(b'\n', &mut line)?;
        Ok((n > 0).then_some(line))
    }

    /// The next message, or `None` at the end of the stream.
    pub fn read(&mut self) -> io::Result<Option<Incoming>> {
        let mut size: Option<Result<usize, String>> = None;
        let mut skipped = 0usize;
        let mut in_headers = false;
        loop {
            let Some(line) = self.line()? else {
                return Ok((skipped > 0 || in_headers).then(|| malformed(None, "the stream ended inside a message")));
            };
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                if in_headers {
                    break;
                }
                continue;
            }
            match text.split_once(':') {
                Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                    if skipped > 0 {
                        // Report the garbage first; this header starts the next message.
                        self.pending = Some(line);
                        return Ok(Some(malformed(None, &format!("skipped {skipped} bytes that are not a message"))));
                    }
                    in_headers = true;
                    size = Some(value.trim().parse().map_err(|_| format!("bad Content-Length {:?}", value.trim())));
                }
                // Content-Type, or a header of a later protocol version.
                Some(_) if in_headers => {}
                _ => {
                    skipped += line.len();
                    in_headers = false;
                    size = None;
                }
            }
        }
        let size = match size {
            Some(Ok(size)) => size,
            Some(Err(reason)) => return Ok(Some(malformed(None, &reason))),
            None => return Ok(Some(malformed(None, "a message without Content-Length"))),
        };
        if size > MAX_BODY {
            io::copy(&mut (&mut self.inner).take(size as u64), &mut io::sink())?;
            return Ok(Some(malformed(None, &format!("a message of {size} bytes, more than the {MAX_BODY} allowed"))));
        }
        let mut body = vec![0; size];
        self.inner.read_exact(&mut body)?;
        Ok(Some(decode(body)))
    }
}

fn malformed(id: Option<RequestId>, reason: &str) -> Incoming {
    Incoming::Malformed { id, reason: reason.to_owned() }
}

/// A body to a message, repairing what is not UTF-8.
pub fn decode(body: Vec<u8>) -> Incoming {
    let mut repairs = Vec::new();
    let text = match String::from_utf8(body) {
        Ok(text) => text,
        Err(e) => {
            repairs.push("bytes that are not UTF-8");
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(first) => match replace_lone_surrogates(&text).map(|t| serde_json::from_str(&t)) {
            Some(Ok(v)) => {
                repairs.push("unpaired UTF-16 surrogates");
                v
            }
            _ => return malformed(None, &format!("not JSON: {first}")),
        },
    };
    let id = value.get("id").and_then(|id| match id {
        serde_json::Value::Number(n) => n.as_i64().and_then(|n| i32::try_from(n).ok()).map(RequestId::from),
        serde_json::Value::String(s) => Some(RequestId::from(s.clone())),
        _ => None,
    });
    match serde_json::from_value::<Message>(value) {
        Ok(msg) if repairs.is_empty() => Incoming::Message(msg),
        Ok(msg) => Incoming::Repaired(msg, format!("{} replaced with U+FFFD", repairs.join(" and "))),
        Err(e) => malformed(id, &format!("not a JSON-RPC request, response or notification: {e}")),
    }
}

/// JSON text with every `\uD800`..`\uDFFF` escape that is not half of a pair replaced by `\uFFFD`; `None` when
/// there is none.
fn replace_lone_surrogates(text: &str) -> Option<String> {
    fn escape_at(b: &[u8], i: usize) -> Option<u16> {
        let hex = b.get(i..i + 6)?;
        if hex[0] != b'\\' || hex[1] != b'u' {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    }
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let (mut i, mut copied, mut in_string) = (0, 0, false);
    while i < b.len() {
        match b[i] {
            b'"' => in_string = !in_string,
            b'\\' if in_string => {
                let unit = escape_at(b, i);
                match unit {
                    Some(0xD800..=0xDBFF) if matches!(escape_at(b, i + 6), Some(0xDC00..=0xDFFF)) => {
                        i += 12;
                        continue;
                    }
                    Some(0xD800..=0xDFFF) => {
                        out.push_str(&text[copied..i]);
                        out.push_str("\\uFFFD");
                        changed = true;
                        i += 6;
                        copied = i;
                        continue;
                    }
                    _ => i += 1, // skip the escaped character, which may be a quote
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
    changed.then_some(out)
}

/// Writes one message with its header and flushes.
pub fn write(out: &mut dyn Write, message: &Message) -> io::Result<()> {
    let mut buf = Vec::new();
    message.write(&mut buf)?;
    out.write_all(&buf)?;
    out.flush()
}

/// A thread that reads messages from `input` until it ends (or the receiver hangs up).
pub fn spawn_reader(input: impl BufRead + Send + 'static) -> (Receiver<Incoming>, JoinHandle<io::Result<()>>) {
    let (tx, rx) = mpsc::channel();
    let handle = thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || {
            let mut reader = Reader::new(input);
            while let Some(incoming) = reader.read()? {
                let exit = matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
                if tx.send(incoming).is_err() || exit {
                    break;
                }
            }
            Ok(())
        })
        .expect("a thread can be started");
    (rx, handle)
}

/// A thread that writes the messages it is sent to `output`, until every sender is dropped.
pub fn spawn_writer(mut output: impl Write + Send + 'static) -> (Sender<Message>, JoinHandle<io::Result<()>>) {
    let (tx, rx) = mpsc::channel::<Message>();
    let handle = thread::Builder::new()
        .name("lsp-writer".into())
        .spawn(move || rx.into_iter().try_for_each(|m| write(&mut output, &m)))
        .expect("a thread can be started");
    (tx, handle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &[u8]) -> Vec<u8> {
        let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        out.extend_from_slice(body);
        out
    }

    fn read_all(bytes: Vec<u8>) -> Vec<Incoming> {
        let mut reader = Reader::new(io::Cursor::new(bytes));
        std::iter::from_fn(|| reader.read().unwrap()).collect()
    }

    #[test]
    fn stays_in_step_through_malformed_input() {
        let mut stream = frame(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#);
        stream.extend(frame(b"{not json"));
        stream.extend(b"garbage line\r\nmore garbage\n");
        stream.extend(frame(br#"{"jsonrpc":"2.0","id":"x7","method":5}"#));
        stream.extend(b"Content-Length: 99999999999\r\n\r\n");
        stream.extend(frame(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        let got = read_all(stream);
        assert!(matches!(&got[0], Incoming::Message(Message::Request(r)) if r.method == "initialize"));
        assert!(matches!(&got[1], Incoming::Malformed { id: None, reason } if reason.starts_with("not JSON")));
        assert!(matches!(&got[2], Incoming::Malformed { reason, .. } if reason.contains("skipped 27 bytes")));
        assert!(matches!(&got[3], Incoming::Malformed { id: Some(id), .. } if *id == RequestId::from("x7".to_owned())));
        // The oversized body swallows the rest of the stream, which then ends inside it: reported, no panic.
        assert!(got[4..].iter().all(|i| matches!(i, Incoming::Malformed { .. })), "{got:?}");
    }

    #[test]
    fn repairs_text_that_is_not_utf8() {
        let mut body = br#"{"jsonrpc":"2.0","method":"m","params":{"text":"caf"#.to_vec();
        body.extend([0xE9, b'"', b'}', b'}']);
        match decode(body) {
            Incoming::Repaired(Message::Notification(n), why) => {
                assert_eq!(n.params["text"], "caf\u{FFFD}");
                assert!(why.contains("not UTF-8"));
            }
            other => panic!("{other:?}"),
        }
        let body = br#"{"jsonrpc":"2.0","method":"m","params":{"text":"a\ud83d b \ud83d\ude00 \\ud800 \"\udc00"}}"#;
        match decode(body.to_vec()) {
            Incoming::Repaired(Message::Notification(n), why) => {
                assert_eq!(n.params["text"], "a\u{FFFD} b 😀 \\ud800 \"\u{FFFD}");
                assert!(why.contains("surrogates"));
            }
            other => panic!("{other:?}"),
        }
    }
}
