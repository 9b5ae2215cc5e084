//! How long an editor waits for diagnostics after a change: `claimledger lsp` against `claimledger check` of the
//! same draft, in the same run.
//!
//! The server is started on a ledger whose index is already built, opens the draft, and then gets `--changes`
//! one-character edits in the middle of the draft, each sent as an editor sends it (an incremental
//! `didChange`) and timed until the `publishDiagnostics` of that version arrives; the time includes the
//! server's debounce. The edits type a word letter by letter, so each one gives a sentence the server has not
//! checked before; a last change takes the word out again. `check` of the same text is run `--checks` times as a process, as an editor plugin without
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

/// User plus system CPU time of a process (`children`: of its waited-for children), from /proc (Linux);
/// `None` elsewhere. On a shared machine CPU time is steadier than wall time.
fn cpu_of(pid: &str, children: bool) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let at = if children { 13 } else { 11 };
    let ticks: f64 = fields.get(at)?.parse::<f64>().ok()? + fields.get(at + 1)?.parse::<f64>().ok()?;
    Some(ticks / 100.0) // USER_HZ is 100 on Linux
}

fn cpu_seconds(pid: u32) -> Option<f64> {
    cpu_of(&pid.to_string(), false)
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

    // Type into a word in the middle of the draft, one letter per change, so that every change makes a sentence
    // the server has not seen (a server may remember sentences it has checked); then take the typing out again.
    let middle = text.len() / 2;
    let at = middle + text[middle..].find(' ').expect("a space after the middle");
    let line = text[..at].matches('\n').count();
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut latencies = Vec::new();
    let mut cpu_per_change = Vec::new();
    for i in 0..args.changes {
        let version = 2 + i as i64;
        let letter = char::from(b'a' + (i % 26) as u8).to_string();
        let position = json!({"line": line, "character": column + i});
        let range = json!({"start": position, "end": position});
        let change = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range, "text": letter}]});
        let t = Instant::now();
        let cpu = cpu_seconds(server.id());
        send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": change}));
        wait_diagnostics(version);
        latencies.push(t.elapsed().as_secs_f64());
        if let (Some(after), Some(before)) = (cpu_seconds(server.id()), cpu) {
            cpu_per_change.push(after - before);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let version = 2 + args.changes as i64;
    let range = json!({"start": {"line": line, "character": column}, "end": {"line": line, "character": column + args.changes}});
    let change =
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range, "text": ""}]});
    send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": change}));
    let findings = wait_diagnostics(version);
    // What the server costs while nothing happens: one poll of the ledger per second.
    let idle = Duration::from_secs(10);
    let before = cpu_seconds(server.id());
    std::thread::sleep(idle);
    let idle_cpu = cpu_seconds(server.id()).zip(before).map(|(after, before)| (after - before) / idle.as_secs_f64());
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = server.wait();

    let mut checks = Vec::new();
    let mut check_cpu = Vec::new();
    let mut check_findings = 0;
    for _ in 0..args.checks {
        let t = Instant::now();
        let cpu = cpu_of("self", true);
        let out = Command::new(BIN)
            .arg("--ledger")
            .arg(&args.ledger)
            .args(["check", "--format", "json"])
            .arg(&draft)
            .output()
            .expect("check runs");
        checks.push(t.elapsed().as_secs_f64());
        if let (Some(after), Some(before)) = (cpu_of("self", true), cpu) {
            check_cpu.push(after - before);
        }
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
    if !cpu_per_change.is_empty() && !check_cpu.is_empty() {
        let (a, b) = (median(cpu_per_change), median(check_cpu));
        println!(
            "CPU time: lsp {:.0} ms per change, check {:.0} ms per run (medians, 10 ms ticks); ratio {:.2}",
            a * 1000.0,
            b * 1000.0,
            a / b
        );
    }
    if let Some(share) = idle_cpu {
        println!("lsp idle: {:.1} ms of CPU per second (polling the ledger for changes)", share * 1000.0);
    }
}
