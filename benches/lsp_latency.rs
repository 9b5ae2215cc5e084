//! How long an editor waits for diagnostics after a change: `claimledger lsp` against `claimledger check` of the
//! same draft, in the same run.
//!
//! The server is started on a ledger whose index is already built, opens the draft, and then gets `--changes`
//! one-character edits in the middle of the draft, each sent as an editor sends it (an incremental
//! `didChange`) and timed until the `publishDiagnostics` of that version arrives; the time includes the
//! server's debounce. `check` of the same text is run `--checks` times as a process, as an editor plugin without
//! a server would run it. Both must report the same number of findings on the unedited draft.
//!
//! `cargo bench --bench lsp_latency -- --ledger DIR --draft FILE` (see benches/lsp.sh)

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clap::Parser;
use serde_json::{json, Value};

#[derive(Parser)]
struct Args {
    /// A ledger whose index is built
    #[arg(long)]
    ledger: PathBuf,
    /// The draft (ASCII Markdown, as gen_ledger writes it)
    #[arg(long)]
    draft: PathBuf,
    /// How many timed edits
    #[arg(long, default_value_t = 21)]
    changes: usize,
    /// How many timed runs of check
    #[arg(long, default_value_t = 5)]
    checks: usize,
    /// Accepted for `cargo bench`
    #[arg(long, hide = true)]
    bench: bool,
}

const BIN: &str = env!("CARGO_BIN_EXE_claimledger");

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let args = Args::parse();
    let text = std::fs::read_to_string(&args.draft).expect("the draft is readable");
    assert!(text.is_ascii(), "the edits below count columns in bytes: the draft must be ASCII");
    let words = text.split_whitespace().count();
    let draft = args.draft.canonicalize().unwrap();
    let uri = format!("file://{}", draft.display());

    let mut server = Command::new(BIN)
        .arg("--ledger")
        .arg(&args.ledger)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the server starts");
    let mut stdin = server.stdin.take().unwrap();
    let stdout = server.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel::<Value>();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                match line.trim_end().split_once(": ") {
                    Some((_, v)) => len = v.parse().unwrap(),
                    None => break,
                }
            }
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        }
    });
    let mut send = |v: Value| {
        let body = serde_json::to_vec(&v).unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        stdin.write_all(&body).unwrap();
        stdin.flush().unwrap();
    };
    let wait_diagnostics = |version: i64| -> usize {
        loop {
            let m = rx.recv_timeout(Duration::from_secs(600)).expect("the server answers");
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version {
                return m["params"]["diagnostics"].as_array().unwrap().len();
            }
        }
    };

    let root = format!("file://{}", draft.parent().unwrap().display());
    send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": root, "capabilities": {}}}),
    );
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let started = Instant::now();
    let doc = json!({"uri": uri, "languageId": "markdown", "version": 1, "text": text});
    send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": doc}}));
    let opened = wait_diagnostics(1);
    let first = started.elapsed().as_secs_f64();

    // Edit a word in the middle of the draft: insert a letter, then take it out again.
    let middle = text.len() / 2;
    let at = middle + text[middle..].find(' ').expect("a space after the middle");
    let line = text[..at].matches('\n').count();
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut latencies = Vec::new();
    let mut findings = opened;
    for i in 0..args.changes {
        let version = 2 + i as i64;
        let (end, new) = if i % 2 == 0 { (column, "x") } else { (column + 1, "") };
        let range = json!({"start": {"line": line, "character": column}, "end": {"line": line, "character": end}});
        let change = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range, "text": new}]});
        let t = Instant::now();
        send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": change}));
        let n = wait_diagnostics(version);
        latencies.push(t.elapsed().as_secs_f64());
        if i % 2 == 1 {
            findings = n;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = server.wait();

    let mut checks = Vec::new();
    let mut check_findings = 0;
    for _ in 0..args.checks {
        let t = Instant::now();
        let out = Command::new(BIN)
            .arg("--ledger")
            .arg(&args.ledger)
            .args(["check", "--format", "json"])
            .arg(&draft)
            .output()
            .expect("check runs");
        checks.push(t.elapsed().as_secs_f64());
        check_findings = String::from_utf8_lossy(&out.stdout).matches("\"type\":\"finding\"").count();
    }
    assert_eq!(findings, check_findings, "the server and check report the same findings on the same text");
    assert_eq!(opened, check_findings);

    let lsp = median(latencies.clone());
    let check = median(checks);
    println!("draft: {words} words, {findings} findings (the same from lsp and check)");
    println!("lsp: first diagnostics {:.0} ms after didOpen (the index opened meanwhile)", first * 1000.0);
    println!(
        "lsp: diagnostics {:.0} ms after a change (median of {}; p90 {:.0} ms, max {:.0} ms), including the {} ms debounce",
        lsp * 1000.0,
        latencies.len(),
        percentile(latencies.clone(), 0.9) * 1000.0,
        percentile(latencies, 1.0) * 1000.0,
        claimledger::lsp::Options::DEBOUNCE.as_millis()
    );
    println!("check: {:.0} ms (median of {} runs, process start to exit)", check * 1000.0, args.checks);
    println!("ratio lsp/check: {:.2}", lsp / check);
}
