//! claimledger: a claim-and-source fact-checking ledger.
//!
//! Every factual claim a publication makes is an immutable, content-addressed record in a ledger kept in the
//! publication's git repository, linked to the sources that support it. The library owns the records
//! ([`record`], [`id`], [`canonical`]), their storage ([`store`]) and derived index ([`index`]), the ledger
//! operations built on both ([`ledger`]), integrity checking ([`verify`]), and the draft pipeline
//! (markdown → detect → matching → check → report), and the language server that runs it in editors
//! ([`lsp`]). It never prints: commands in the binary do.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod canonical;
pub mod check;
pub mod config;
pub mod detect;
pub mod diff;
pub mod embed;
pub mod export;
pub mod id;
pub mod import;
pub mod index;
pub mod ledger;
pub mod lsp;
pub mod markdown;
pub mod matching;
pub mod record;
pub mod report;
pub mod store;
pub mod verify;
