//! The server without a process: channels in, channels out, a ledger in a temporary folder.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use lsp_server::{Message, Notification, Request, RequestId, Response};
use lsp_types::Url;
use serde_json::{json, Value};

use super::{serve, transport, Exit, Incoming, Options};
use crate::index::Index;
use crate::ledger::{Ledger, NewSource, Stamp};
use crate::record::QuoteKind;
use crate::store::Store;

const WAIT: Duration = Duration::from_secs(30);

struct Harness {
    to_server: Sender<Incoming>,
    from_server: Receiver<Message>,
    server: Option<JoinHandle<Exit>>,
    next_id: i32,
    seen: Vec<Message>,
}

impl Harness {
    fn start(ledger: Option<PathBuf>, root: &Path) -> Harness {
        let (to_server, incoming) = mpsc::channel();
        let (outgoing, from_server) = mpsc::channel();
        let options = Options {
            ledger,
            cwd: root.to_owned(),
            author: "desk@example.org".into(),
            clock: Box::new(|| Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()),
            debounce: Duration::from_millis(10),
            poll: Duration::from_millis(50),
        };
        let server = std::thread::spawn(move || serve(incoming, outgoing, options));
        Harness { to_server, from_server, server: Some(server), next_id: 0, seen: Vec::new() }
    }

    fn send(&self, m: impl Into<Message>) {
        self.to_server.send(Incoming::Message(m.into())).unwrap();
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.into(), params));
    }

    fn wait_for(&mut self, what: &str, want: impl Fn(&Message) -> bool) -> Message {
        if let Some(i) = self.seen.iter().position(&want) {
            return self.seen.remove(i);
        }
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let m = self.from_server.recv_timeout(left).unwrap_or_else(|_| panic!("no {what}; seen {:#?}", self.seen));
            if want(&m) {
                return m;
            }
            self.seen.push(m);
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), method.into(), params));
        match self.wait_for(method, |m| matches!(m, Message::Response(r) if r.id == id)) {
            Message::Response(r) => r,
            _ => unreachable!(),
        }
    }

    fn initialize(&mut self, root: &Path) {
        let root = Url::from_directory_path(root).unwrap();
        let caps = json!({"window": {"showMessage": {}}});
        let r = self.request("initialize", json!({"processId": null, "rootUri": root, "capabilities": caps}));
        assert!(r.response_result.is_ok(), "{r:?}");
        self.notify("initialized", json!({}));
    }

    fn open(&self, uri: &Url, text: &str) {
        let doc = json!({"uri": uri, "languageId": "markdown", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    }

    fn diagnostics(&mut self, uri: &Url, what: &str, want: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let uri = uri.to_string();
        let m = self.wait_for(what, |m| match m {
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                n.params["uri"] == uri.as_str() && want(n.params["diagnostics"].as_array().unwrap())
            }
            _ => false,
        });
        let Message::Notification(n) = m else { unreachable!() };
        n.params["diagnostics"].as_array().unwrap().clone()
    }

    fn exit(mut self) -> Exit {
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }
}

fn codes(d: &[Value]) -> Vec<&str> {
    d.iter().map(|d| d["code"].as_str().unwrap_or("-")).collect()
}

const AA: &str = "https://www.aa.com.tr/en/americas/kazakhstan-abraham-accords/3737253";

/// A project folder with a ledger: one sourced claim (ties since 1992) and one source.
fn project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ledger");
    Store::init(&dir).unwrap();
    let mut ledger = Ledger::open(&dir).unwrap();
    let source = NewSource { url: AA.into(), outlet: "Anadolu Agency".into(), ..Default::default() };
    let aa = ledger.add_source(&source).unwrap().id.to_hex();
    let ties = ledger.add_claim("Kazakhstan has had diplomatic relations with Israel since 1992.").unwrap().id.to_hex();
    let stamp = Stamp { by: "desk@example.org".into(), at: Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap() };
    ledger.attribute(&ties, &aa, "Kazakhstan recognised Israel in 1992.", QuoteKind::Paraphrase, &stamp).unwrap();
    (tmp, dir)
}

const UNSOURCED: &str = "Almaty's metro carried 41 million passengers in 2024.";

#[test]
fn lifecycle_errors_and_malformed_input_do_not_stop_the_server() {
    let (tmp, _) = project();
    let mut h = Harness::start(None, tmp.path());
    let early = h.request("textDocument/hover", json!({}));
    assert_eq!(early.response_result.unwrap_err().code, lsp_server::ErrorCode::ServerNotInitialized as i32);
    h.initialize(tmp.path());
    let unknown = h.request("claimledger/nothing", json!({}));
    assert_eq!(unknown.response_result.unwrap_err().code, lsp_server::ErrorCode::MethodNotFound as i32);
    h.notify("custom/notification", json!([1, 2]));
    let bad_params = h.request("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(bad_params.response_result.unwrap_err().code, lsp_server::ErrorCode::InvalidParams as i32);
    let id = RequestId::from(99);
    h.to_server.send(Incoming::Malformed { id: Some(id.clone()), reason: "no method".into() }).unwrap();
    let answer = h.wait_for("an answer to the malformed request", |m| matches!(m, Message::Response(r) if r.id == id));
    let Message::Response(answer) = answer else { unreachable!() };
    assert_eq!(answer.response_result.unwrap_err().code, lsp_server::ErrorCode::InvalidRequest as i32);
    h.to_server.send(transport::decode(b"{\"jsonrpc\": oops".to_vec())).unwrap();
    h.wait_for("a log of the malformed message", |m| {
        matches!(m, Message::Notification(n) if n.method == "window/logMessage" && n.params["message"].as_str().unwrap().contains("malformed"))
    });
    // Still serving.
    let uri = Url::from_file_path(tmp.path().join("d.md")).unwrap();
    h.open(&uri, UNSOURCED);
    assert_eq!(codes(&h.diagnostics(&uri, "diagnostics", |_| true)), ["unsourced-claim"]);
    let shutdown = h.request("shutdown", Value::Null);
    assert_eq!(shutdown.response_result.unwrap(), Value::Null);
    let after = h.request("textDocument/hover", json!({}));
    assert_eq!(after.response_result.unwrap_err().code, lsp_server::ErrorCode::InvalidRequest as i32);
    assert_eq!(h.exit(), Exit::Clean);

    let h = Harness::start(None, tmp.path());
    assert_eq!(h.exit(), Exit::WithoutShutdown);
}

#[test]
fn a_document_that_is_not_utf8_is_checked_and_flagged() {
    let (tmp, _) = project();
    let mut h = Harness::start(None, tmp.path());
    h.initialize(tmp.path());
    let uri = Url::from_file_path(tmp.path().join("latin1.md")).unwrap();
    let mut body = format!(
        "{{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{{\"textDocument\":{{\"uri\":\"{uri}\",\
         \"languageId\":\"markdown\",\"version\":1,\"text\":\"Caf"
    )
    .into_bytes();
    body.push(0xE9); // é in Latin-1
    body.extend(format!(" culture. {UNSOURCED}\"}}}}}}").bytes());
    h.to_server.send(transport::decode(body)).unwrap();
    let d = h.diagnostics(&uri, "diagnostics", |_| true);
    assert_eq!(codes(&d), ["-", "unsourced-claim"], "{d:#?}");
    assert!(d[0]["message"].as_str().unwrap().contains("not clean UTF-8"));
    assert_eq!(d[0]["range"]["start"], json!({"line": 0, "character": 3}));
    h.exit();
}

#[test]
fn a_deleted_ledger_is_reported_and_its_return_noticed() {
    let (tmp, dir) = project();
    let mut h = Harness::start(None, tmp.path());
    h.initialize(tmp.path());
    let uri = Url::from_file_path(tmp.path().join("d.md")).unwrap();
    h.open(&uri, UNSOURCED);
    assert_eq!(codes(&h.diagnostics(&uri, "diagnostics", |_| true)), ["unsourced-claim"]);
    std::fs::remove_dir_all(&dir).unwrap();
    let d = h.diagnostics(&uri, "the missing ledger", |d| codes(d) == ["-"]);
    assert!(d[0]["message"].as_str().unwrap().contains("no ledger found"), "{d:#?}");
    let hover =
        h.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}));
    assert_eq!(hover.response_result.unwrap(), Value::Null);
    // Back, with the sentence recorded and sourced this time.
    Store::init(&dir).unwrap();
    let mut ledger = Ledger::open(&dir).unwrap();
    let aa = ledger.add_source(&NewSource { url: AA.into(), outlet: "Anadolu Agency".into(), ..Default::default() });
    let claim = ledger.add_claim(UNSOURCED).unwrap().id.to_hex();
    let stamp = Stamp { by: "x".into(), at: Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap() };
    ledger.attribute(&claim, &aa.unwrap().id.to_hex(), "41 million rides", QuoteKind::Verbatim, &stamp).unwrap();
    drop(ledger);
    h.diagnostics(&uri, "diagnostics once the ledger is back", |d| d.is_empty());
    h.exit();
}

#[test]
fn record_a_claim_then_attribute_it_to_the_linked_source() {
    let (tmp, dir) = project();
    let mut h = Harness::start(None, tmp.path());
    h.initialize(tmp.path());
    let uri = Url::from_file_path(tmp.path().join("d.md")).unwrap();
    let sentence = format!("Almaty's metro carried 41 million passengers in 2024, [the agency said]({AA}).");
    h.open(&uri, &sentence);
    assert!(h.diagnostics(&uri, "diagnostics", |_| true).is_empty(), "a linked live source supports it");
    let range = json!({"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 5}});
    let actions = h.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
    );
    let actions = actions.response_result.unwrap();
    let record = actions.as_array().unwrap().iter().find(|a| a["title"] == "Record this sentence as a ledger claim");
    let command = record.expect("a record action")["command"].clone();
    assert!(actions.as_array().unwrap().iter().all(|a| !a["title"].as_str().unwrap().starts_with("Exempt")));
    let done = h.request("workspace/executeCommand", command);
    let claim = done.response_result.unwrap()["claim"].as_str().unwrap().to_owned();
    let prompt = h.wait_for(
        "the offer to attribute",
        |m| matches!(m, Message::Request(r) if r.method == "window/showMessageRequest"),
    );
    let Message::Request(prompt) = prompt else { unreachable!() };
    let offer = prompt.params["actions"][0].clone();
    assert_eq!(offer["title"], format!("Attribute to Anadolu Agency <{AA}>"));
    h.send(Response::new_ok(prompt.id, offer));
    h.wait_for("the attribution", |m| {
        matches!(m, Message::Notification(n) if n.method == "window/showMessage" && n.params["message"].as_str().unwrap().contains("attributed"))
    });
    let (index, _) = Index::open(&Store::open(&dir).unwrap()).unwrap();
    let attributions = index.attributions(&claim.parse().unwrap(), false).unwrap();
    assert_eq!(attributions.len(), 1);
    let a = &attributions[0];
    assert_eq!((a.source.outlet.as_str(), a.quote_kind.as_str()), ("Anadolu Agency", "paraphrase"));
    assert_eq!(
        (a.quote.as_str(), a.recorded_by.as_str()),
        ("Almaty's metro carried 41 million passengers in 2024, the agency said.", "desk@example.org")
    );
    assert_eq!(a.recorded_at, "2026-03-01T12:00:00Z");
    h.exit();
}

#[test]
fn severities_follow_claimledger_toml_as_it_changes() {
    let (tmp, _) = project();
    let settings = tmp.path().join("claimledger.toml");
    std::fs::write(&settings, "[rules]\nunsourced-claim = \"warning\"\n").unwrap();
    let mut h = Harness::start(None, tmp.path());
    h.initialize(tmp.path());
    let uri = Url::from_file_path(tmp.path().join("d.md")).unwrap();
    h.open(&uri, UNSOURCED);
    let d = h.diagnostics(&uri, "diagnostics", |_| true);
    assert_eq!((codes(&d), d[0]["severity"].as_u64()), (vec!["unsourced-claim"], Some(2)));
    // A later modification time, whatever the clock's resolution.
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&settings, "[rules]\nunsourced-claim = \"off\"\n").unwrap();
    let file = std::fs::File::options().write(true).open(&settings).unwrap();
    file.set_modified(std::time::SystemTime::now() + Duration::from_secs(5)).unwrap();
    h.diagnostics(&uri, "diagnostics with the rule off", |d| d.is_empty());
    std::fs::write(&settings, "[rules]\nunsourced-claim = \"loud\"\n").unwrap();
    let file = std::fs::File::options().write(true).open(&settings).unwrap();
    file.set_modified(std::time::SystemTime::now() + Duration::from_secs(10)).unwrap();
    h.wait_for("the invalid settings", |m| {
        matches!(m, Message::Notification(n) if n.method == "window/showMessage" && n.params["message"].as_str().unwrap().contains("keeping the previous settings"))
    });
    h.exit();
}
