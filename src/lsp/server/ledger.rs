//! The ledger side of the loop: polling for changes, opening the ledger in the background with progress, and
//! checking the documents that are due with one checker for all of them.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use lsp_types::notification as note;
use lsp_types::request as req;
use lsp_types::{
    DiagnosticSeverity, MessageType, ProgressParams, ProgressParamsValue, ProgressToken, PublishDiagnosticsParams, Url,
    WorkDoneProgress, WorkDoneProgressBegin, WorkDoneProgressCreateParams, WorkDoneProgressEnd, WorkDoneProgressReport,
};

use super::{Event, Pending, Server, INDEX_PROGRESS};
use crate::check::Checker;
use crate::detect::Detector;
use crate::lsp::diagnostics;
use crate::lsp::workspace::{self, Ledger, Refresh};

impl Server {
    /// Brings settings and ledger up to date, and schedules checks if anything changed.
    pub(super) fn poll(&mut self) {
        self.next_poll = Instant::now() + self.options.poll;
        let Some(ws) = &mut self.ws else { return };
        let (refresh, open) = ws.refresh();
        if let Some(dir) = open {
            self.log(MessageType::INFO, format!("claimledger: opening the ledger at {}", dir.display()));
            let Some(ws) = &mut self.ws else { return };
            ws.ledger = Ledger::Opening(dir.clone());
            let tx = self.tx.clone();
            let progress = tx.clone();
            std::thread::Builder::new()
                .name("lsp-open-ledger".into())
                .spawn(move || {
                    let opened = workspace::open(&dir, &|done, total| {
                        let _ = progress.send(Event::Progress(done, total));
                    });
                    let _ = tx.send(Event::Opened(opened));
                })
                .expect("a thread can be started");
        }
        self.apply(refresh);
    }

    pub(super) fn apply(&mut self, refresh: Refresh) {
        for (problem, message) in refresh.messages {
            if problem {
                self.show(MessageType::WARNING, message);
            } else {
                self.log(MessageType::INFO, message);
            }
        }
        if refresh.recheck {
            self.memo = None;
            let now = Instant::now();
            for doc in self.docs.values_mut().filter(|d| d.markdown) {
                doc.due = Some(now);
            }
        }
    }

    pub(super) fn report_progress(&mut self, done: usize, total: usize) {
        // Only a real build is worth a progress bar, not the few folders an ordinary open lists again.
        if !self.client_progress || total < 64 {
            return;
        }
        let token = ProgressToken::String(INDEX_PROGRESS.into());
        let value = if self.progress.is_none() {
            self.progress = Some(token.clone());
            self.request::<req::WorkDoneProgressCreate>(
                WorkDoneProgressCreateParams { token: token.clone() },
                Pending::Ignore,
            );
            WorkDoneProgress::Begin(WorkDoneProgressBegin {
                title: "claimledger: indexing the ledger".into(),
                cancellable: Some(false),
                message: Some(format!("{done}/{total} folders")),
                percentage: Some(0),
            })
        } else {
            WorkDoneProgress::Report(WorkDoneProgressReport {
                cancellable: Some(false),
                message: Some(format!("{done}/{total} folders")),
                percentage: Some((done * 100 / total.max(1)) as u32),
            })
        };
        self.notify::<note::Progress>(ProgressParams { token, value: ProgressParamsValue::WorkDone(value) });
    }

    pub(super) fn end_progress(&mut self) {
        if let Some(token) = self.progress.take() {
            let value = WorkDoneProgress::End(WorkDoneProgressEnd { message: None });
            self.notify::<note::Progress>(ProgressParams { token, value: ProgressParamsValue::WorkDone(value) });
        }
    }

    /// Checks every document whose time has come, with one checker for all of them.
    pub(super) fn check_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Url> =
            self.docs.iter().filter(|(_, d)| d.due.is_some_and(|t| t <= now)).map(|(u, _)| u.clone()).collect();
        let Some(ws) = self.ws.as_ref().filter(|ws| ws.ready()) else { return };
        if due.is_empty() {
            return;
        }
        let mut published = Vec::new();
        let mut problems = Vec::new();
        let checker = match &ws.ledger {
            Ledger::Open(open) => match Checker::with_memo(
                &open.index,
                Detector::builtin(),
                ws.settings.clone(),
                self.memo.take().unwrap_or_default(),
            ) {
                Ok(c) => Some((c, open)),
                Err(e) => {
                    problems.push(format!(
                        "claimledger: the ledger index could not be read: {}",
                        workspace::error_chain(&e)
                    ));
                    None
                }
            },
            _ => None,
        };
        for uri in due {
            let Some(doc) = self.docs.get_mut(&uri) else { continue };
            doc.due = None;
            let mut diagnostics = Vec::new();
            if !doc.text.as_str().contains('\u{FFFD}') {
                doc.repaired = None;
            }
            if let Some(why) = &doc.repaired {
                diagnostics.push(diagnostics::repaired(&doc.text, why));
            }
            match &checker {
                Some((checker, open)) => {
                    let name = uri.to_file_path().map_or_else(|_| uri.to_string(), |p| p.display().to_string());
                    match catch_unwind(AssertUnwindSafe(|| checker.check(&name, doc.text.as_str()))) {
                        Ok(Ok(report)) => diagnostics.extend(report.findings.iter().map(|f| {
                            let related = diagnostics::related(&open.store, &open.index, &f.claims);
                            diagnostics::diagnostic(f, &doc.text, related)
                        })),
                        Ok(Err(e)) => {
                            let why = format!("the ledger index could not be read: {}", workspace::error_chain(&e));
                            diagnostics
                                .push(diagnostics::at_top(format!("claimledger: {why}"), DiagnosticSeverity::WARNING));
                        }
                        Err(_) => problems.push(format!("claimledger: internal error while checking {uri}")),
                    }
                }
                None => {
                    let why = ws.unavailable().unwrap_or_else(|| "the ledger index could not be read".into());
                    diagnostics.push(diagnostics::at_top(format!("claimledger: {why}"), DiagnosticSeverity::WARNING));
                }
            }
            published.push(PublishDiagnosticsParams { uri, diagnostics, version: Some(doc.version) });
        }
        self.memo = checker.map(|(c, _)| c.into_memo());
        for p in published {
            self.notify::<note::PublishDiagnostics>(p);
        }
        for p in problems {
            self.log(MessageType::ERROR, p);
        }
    }
}
