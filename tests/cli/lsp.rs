//! lsp: the real binary driven over stdio with JSON-RPC, as an editor drives it.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::Env;

/// Long enough for a debug build on a busy 2-core machine; the server answers in milliseconds.
const WAIT: Duration = Duration::from_secs(30);

/// A client: the server process, its stdin, and the messages it has sent.
pub struct Client {
    child: Child,
    stdin: ChildStdin,
    from_server: Receiver<Value>,
    /// Server messages read while waiting for something else.
    pub seen: Vec<Value>,
    next_id: i64,
}

fn read_frames(stdout: impl Read + Send + 'static) -> Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut len = 0;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(": ").expect("a header");
                assert!(name.eq_ignore_ascii_case("content-length"), "unexpected header {line:?}");
                len = value.parse().unwrap();
            }
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            if tx.send(serde_json::from_slice(&body).expect("the server sends JSON")).is_err() {
                return;
            }
        }
    });
    rx
}

impl Client {
    pub fn start(env: &Env) -> Client {
        let mut child = env
            .command()
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the binary runs");
        let stdin = child.stdin.take().unwrap();
        let from_server = read_frames(child.stdout.take().unwrap());
        Client { child, stdin, from_server, seen: Vec::new(), next_id: 0 }
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: Value) {
        let body = serde_json::to_vec(&message).unwrap();
        self.send_raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        self.send_raw(&body);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response (the whole response, `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(&format!("the response to {method}"), |m| m["id"] == id && m.get("method").is_none())
    }

    /// The next server message that satisfies `want`; others are kept in `seen`.
    pub fn wait_for(&mut self, what: &str, want: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&want) {
            return self.seen.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let m = self
                .from_server
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no {what} within {WAIT:?}; the server sent {:#?}", self.seen));
            if want(&m) {
                return m;
            }
            self.seen.push(m);
        }
    }

    /// The diagnostics published for `uri`, the first set that satisfies `want`.
    pub fn diagnostics(&mut self, uri: &str, what: &str, want: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let m = self.wait_for(what, |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && want(m["params"]["diagnostics"].as_array().unwrap())
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    pub fn initialize(&mut self, root: &str) -> Value {
        let caps = json!({"window": {"showMessage": {}, "workDoneProgress": true}});
        let r = self.request("initialize", json!({"processId": null, "rootUri": root, "capabilities": caps}));
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        let doc = json!({"uri": uri, "languageId": "markdown", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    }

    /// `shutdown` then `exit`; the exit code of the server.
    pub fn finish(mut self) -> i32 {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn uri_of(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics.iter().filter_map(|d| d["code"].as_str()).collect()
}

fn utf16(s: &str) -> u64 {
    s.encode_utf16().count() as u64
}

const DRAFT: &str = "\
# Қазақстан 🇰🇿 and the accords

Kazakhstan has maintained diplomatic ties with Israel since 1992.

Қазақстан 🇰🇿 is vast. Almaty's metro carried 41 million passengers in 2024.

Kazakhstan is one of twenty founding nations of the Board of Peace.
";

#[test]
fn diagnostics_hover_and_code_actions_over_stdio() {
    let env = Env::new();
    let seed = env.seeded();
    let draft = env.write("draft.md", "on disk: never read by the server\n");
    let uri = uri_of(&draft);
    let mut client = Client::start(&env);
    let init = client.initialize(&uri_of(env.path()));
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");

    client.open(&uri, DRAFT);
    let diags = client.diagnostics(&uri, "the first diagnostics", |d| !d.is_empty());
    assert_eq!(codes(&diags), ["unsourced-claim", "conflicting-figure"], "{diags:#?}");
    let unsourced = &diags[0];
    let line = DRAFT.lines().nth(4).unwrap();
    let prefix = &line[..line.find("Almaty").unwrap()];
    // "Қазақстан 🇰🇿 is vast. " is 37 bytes, 22 code points and 24 UTF-16 code units.
    assert_eq!((prefix.len(), prefix.chars().count(), utf16(prefix)), (37, 22, 24));
    assert_eq!(unsourced["range"]["start"], json!({"line": 4, "character": 24}));
    assert_eq!(unsourced["range"]["end"], json!({"line": 4, "character": utf16(line)}));
    assert_eq!(unsourced["source"], "claimledger");
    assert_eq!(unsourced["severity"], 1);
    let href = unsourced["codeDescription"]["href"].as_str().unwrap();
    assert!(href.starts_with("https://") && href.ends_with("/docs/rules/unsourced-claim.md"), "{href}");
    let conflict = &diags[1];
    assert_eq!(conflict["range"]["start"]["line"], 6);
    let related = &conflict["relatedInformation"][0];
    assert!(related["message"].as_str().unwrap().contains("nineteen founding nations"), "{related}");
    let claim_file = related["location"]["uri"].as_str().unwrap().strip_prefix("file://").unwrap().to_owned();
    assert!(claim_file.contains(&seed.board[2..]), "{claim_file}");
    let record = std::fs::read_to_string(&claim_file).unwrap();
    assert!(record.lines().nth(1).unwrap().contains("\"text\""), "the related range is the claim's text line");

    // Hover on the sentence that restates a sourced claim names the claim, its source and quote.
    let at = |line: u32, character: u32| json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
    let hover = client.request("textDocument/hover", at(2, 10));
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.contains("Kazakhstan has had diplomatic relations with Israel since 1992"), "{text}");
    assert!(text.contains("Anadolu Agency") && text.contains("Kazakhstan recognised Israel in 1992"), "{text}");
    assert!(text.contains("sourced"), "{text}");
    // On the conflict: the ledger's figure.
    let hover = client.request("textDocument/hover", at(6, 30));
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.contains("the ledger says nineteen where this sentence says twenty"), "{text}");

    // Code actions on the unsourced sentence; its exemption, applied as an editor applies it, clears it.
    let params =
        json!({"textDocument": {"uri": uri}, "range": unsourced["range"], "context": {"diagnostics": [unsourced]}});
    let actions = client.request("textDocument/codeAction", params)["result"].as_array().unwrap().clone();
    let titles: Vec<&str> = actions.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"Record this sentence as a ledger claim"), "{titles:?}");
    let exempt = actions.iter().find(|a| a["title"].as_str().unwrap().starts_with("Exempt")).expect("an exemption");
    let edit = &exempt["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "<!-- claimledger-ignore: REASON --> ");
    let change = json!({"range": edit["range"], "text": edit["newText"]});
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]}),
    );
    let diags = client.diagnostics(&uri, "diagnostics after the exemption", |_| true);
    assert_eq!(codes(&diags), ["conflicting-figure"], "{diags:#?}");

    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": DRAFT}]}),
    );
    let diags = client.diagnostics(&uri, "diagnostics without the exemption", |d| d.len() == 2);
    assert_eq!(codes(&diags), ["unsourced-claim", "conflicting-figure"]);

    // Another terminal records and sources the sentence: open documents are checked again, unprompted.
    let metro = "Almaty's metro carried 41 million passengers in 2024.";
    let claim = env.run(&["claim", "add", metro]).ok().to_owned();
    env.run(&["attribute", &claim, &seed.aa, "--quote", "41 million rides"]).ok();
    let diags = client.diagnostics(&uri, "diagnostics once the ledger sources the sentence", |d| {
        !codes(d).contains(&"unsourced-claim")
    });
    assert_eq!(codes(&diags), ["conflicting-figure"]);
    assert_eq!(client.finish(), 0);
}

#[test]
fn survives_malformed_messages_unknown_methods_bad_bytes_and_a_deleted_ledger() {
    let env = Env::new();
    env.seeded();
    let mut client = Client::start(&env);
    client.initialize(&uri_of(env.path()));
    client.send_raw(b"this is not a header\r\n\r\n");
    client.send_raw(b"Content-Length: 9\r\n\r\n{\"id\": 1,");
    client.send_raw(b"Content-Length: 12\r\n\r\n[1, 2, 3, 4]");
    let unknown = client.request("claimledger/unknown", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    client.notify("$/unknownNotification", json!({}));

    // Latin-1 bytes where UTF-8 belongs, raw on the wire.
    let uri = uri_of(&env.path().join("latin1.md"));
    let mut body = format!(
        "{{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{{\"textDocument\":{{\"uri\":\"{uri}\",\
         \"languageId\":\"markdown\",\"version\":1,\"text\":\"Caf"
    )
    .into_bytes();
    body.push(0xE9);
    body.extend(b" culture. Almaty's metro carried 41 million passengers in 2024.\"}}}");
    client.send_raw(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    client.send_raw(&body);
    let diags = client.diagnostics(&uri, "diagnostics of the Latin-1 draft", |_| true);
    assert_eq!(codes(&diags), ["unsourced-claim"], "{diags:#?}");
    let warning = diags.iter().find(|d| d.get("code").is_none()).expect("a warning about the bytes");
    assert!(warning["message"].as_str().unwrap().contains("not clean UTF-8"), "{warning}");
    assert_eq!(warning["range"]["start"], json!({"line": 0, "character": 3}));
    let logs: Vec<String> = client
        .seen
        .iter()
        .filter(|m| m["method"] == "window/logMessage")
        .map(|m| m["params"]["message"].as_str().unwrap().to_owned())
        .collect();
    assert!(logs.iter().filter(|l| l.contains("malformed")).count() >= 3, "{logs:#?}");
    assert!(logs.iter().any(|l| l.contains("not UTF-8")), "{logs:#?}");

    // The ledger is deleted under the server: said at the top of the document and in a message.
    std::fs::remove_dir_all(env.ledger()).unwrap();
    let diags = client.diagnostics(&uri, "the missing ledger", |d| {
        d.iter().any(|d| d["message"].as_str().unwrap().contains("no ledger"))
    });
    assert_eq!(diags.last().unwrap()["range"]["start"], json!({"line": 0, "character": 0}));
    client.wait_for("a message about the ledger", |m| {
        m["method"] == "window/showMessage" && m["params"]["message"].as_str().unwrap().contains("no ledger")
    });
    let hover = client
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 12}}));
    assert_eq!(hover["result"], Value::Null, "{hover}");
    assert_eq!(client.finish(), 0);
}

#[test]
fn bind_to_the_nearest_claim() {
    let env = Env::new();
    let seed = env.seeded();
    let uri = uri_of(&env.path().join("bind.md"));
    let mut client = Client::start(&env);
    client.initialize(&uri_of(env.path()));
    let text = "Kazakhstan joined the Board of Peace as a founding member.\n";
    client.open(&uri, text);
    let diags = client.diagnostics(&uri, "the unsourced sentence", |_| true);
    assert_eq!(codes(&diags), ["unsourced-claim"], "{diags:#?}");
    let params = json!({"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": diags}});
    let actions = client.request("textDocument/codeAction", params)["result"].as_array().unwrap().clone();
    let bind = actions.iter().find(|a| a["isPreferred"] == true).expect("a preferred action");
    let short = &seed.board[..12];
    assert_eq!(
        bind["title"],
        format!(
            "Bind to ledger claim {short}: “Kazakhstan is one of nineteen founding nations of the Board of Peace.”"
        )
    );
    let edit = &bind["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], format!(" <!-- claim: {short} -->"));
    assert_eq!(edit["range"]["start"], json!({"line": 0, "character": utf16(text.trim_end())}));
    let change = json!({"range": edit["range"], "text": edit["newText"]});
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]}),
    );
    let diags = client.diagnostics(&uri, "diagnostics of the bound sentence", |_| true);
    assert!(diags.is_empty(), "the bound claim is sourced: {diags:#?}");
    assert_eq!(client.finish(), 0);
}

/// The hover judges a sentence as `check` does: a name it leaves to the sentences before it counts as named.
#[test]
fn hover_counts_the_names_of_the_sentences_before() {
    let env = Env::new();
    let claim = "Harbour Telecom said as many as 1.8 million customers may have been exposed by the breach.";
    let id = env.run(&["claim", "add", "-q", claim]).ok().trim().to_owned();
    let draft = env.write("draft.md", "on disk: never read by the server\n");
    let uri = uri_of(&draft);
    let mut client = Client::start(&env);
    client.initialize(&uri_of(env.path()));
    let text = "Harbour Telecom confirmed a breach of its billing systems on Monday.\n\n\
                The operator said as many as 1.8 million customers may have been exposed.\n";
    client.open(&uri, text);
    // The claim has no source yet: `check` binds the second sentence to it and says so.
    let diags = client.diagnostics(&uri, "the first diagnostics", |d| !d.is_empty());
    let second = diags.iter().find(|d| d["range"]["start"]["line"] == 2).expect("a finding on the second sentence");
    assert!(second["message"].as_str().unwrap().contains(&format!("ledger claim {}", &id[..12])), "{diags:#?}");
    let hover = client
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 10}}));
    let shown = hover["result"]["contents"]["value"].as_str().unwrap_or_else(|| panic!("{hover}"));
    assert!(shown.contains("Restates (with the names of the sentences before) ledger claim"), "{shown}");
    assert!(shown.contains(&id[..12]) && shown.contains("Harbour Telecom said as many as 1.8 million"), "{shown}");
    assert_eq!(client.finish(), 0);
}

/// The hover of a sentence whose clause restates a claim, as `check` binds it, names the clause.
#[test]
fn hover_names_the_clause_that_restates_a_claim() {
    let env = Env::new();
    let claim = "In February 2023 the Kazakh government raised electricity tariffs by 14 percent.";
    let id = env.run(&["claim", "add", "-q", claim]).ok().trim().to_owned();
    let draft = env.write("draft.md", "on disk: never read by the server\n");
    let uri = uri_of(&draft);
    let mut client = Client::start(&env);
    client.initialize(&uri_of(env.path()));
    let text = "The government lifts electricity tariffs by 14 percent; hurried moves to win approval while the \
                regulator was abroad.\n";
    client.open(&uri, text);
    client.diagnostics(&uri, "the first diagnostics", |d| !d.is_empty());
    let hover = client
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 10}}));
    let shown = hover["result"]["contents"]["value"].as_str().unwrap_or_else(|| panic!("{hover}"));
    let heading = "Restates (in its clause “The government lifts electricity tariffs by 14 percent”) ledger claim";
    assert!(shown.contains(heading), "{shown}");
    assert!(shown.contains(&id[..12]), "{shown}");
    assert_eq!(client.finish(), 0);
}
