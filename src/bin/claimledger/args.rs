//! The command line, declared with clap derive: the doc comments here are the help text.

use std::path::PathBuf;

use chrono::NaiveDate;
use claimledger::record::parse_date;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// A claim-and-source ledger for fact-checking: every claim a draft makes needs an attributed, unretracted
/// source.
#[derive(Debug, Parser)]
#[command(name = "claimledger", version, max_term_width = 100)]
pub struct Cli {
    /// The ledger directory [default: $CLAIMLEDGER_DIR, else the `ledger` entry of the nearest claimledger.toml,
    /// else ./ledger in the nearest parent folder that has one]
    #[arg(long, global = true, value_name = "DIR")]
    pub ledger: Option<PathBuf>,

    #[command(flatten)]
    pub globals: Globals,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes: where the settings are, and how to talk to people.
#[derive(Debug, Args)]
pub struct Globals {
    /// The settings file [default: the nearest claimledger.toml walking up from the working directory]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// When to colour human output: auto colours a terminal unless NO_COLOR is set (CLICOLOR_FORCE colours
    /// anything)
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t)]
    pub color: ColorChoice,
    /// Print only what was asked for (findings, ids, records) and errors: no summary lines, notes or warnings
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, Default, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Which files of the folders named on the command line are drafts. Files named explicitly are always read.
#[derive(Debug, Args, Clone, Default)]
pub struct WalkArgs {
    /// Read only files matching GLOB in folders, or leave them out with !GLOB (as ripgrep's --glob); repeatable
    #[arg(long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// Leave out files and folders matching GLOB; repeatable
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Also read files that .gitignore, .ignore or git's exclude files leave out
    #[arg(long)]
    pub no_ignore: bool,
    /// Also read hidden files and folders (names starting with a dot)
    #[arg(long)]
    pub hidden: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a ledger (idempotent): ./ledger, DIR, or the --ledger directory
    Init(InitArgs),
    /// Add sources
    #[command(subcommand)]
    Source(SourceCommand),
    /// Add claims
    #[command(subcommand)]
    Claim(ClaimCommand),
    /// Link a claim to a source that supports it, with the supporting quote
    Attribute(AttributeArgs),
    /// Retract, correct or withdraw a source, an attribution or a claim
    Retract(RetractArgs),
    /// Show a record, its links and its derived status
    Show(ShowArgs),
    /// List claims or sources
    List(ListArgs),
    /// Recompute every id and check every reference; print the record counts and the ledger digest
    Verify(VerifyArgs),
    /// Check Markdown drafts: every sentence stating a checkable fact needs a live source (exit 1 if not)
    Check(CheckArgs),
    /// For each sentence, the ledger claims it may restate, with scores and the match decision
    Match(MatchArgs),
    /// Which sentences look like factual claims, with the detector's scores and reasons
    Detect(DetectArgs),
    /// Write the whole ledger as JSON Lines, CSV, ClaimReview JSON-LD or a self-contained HTML page
    Export(ExportArgs),
    /// Add claims, sources and attributions in bulk from CSV, JSON Lines or ClaimReview files (idempotent)
    Import(ImportArgs),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per command into a folder
    Man(ManArgs),
    /// What a check rule means, why it matters, an example and the fix (all rules listed without RULE)
    Explain(ExplainArgs),
    /// Run the language server for editors on standard input and output (findings, hover, code actions)
    Lsp(LspArgs),
}

#[derive(Debug, Clone, Copy, Default, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    /// file:line:column, the rule, the sentence with a caret line, and a hint
    #[default]
    Human,
    /// One JSON object per finding (then per exemption) per line
    Json,
    /// SARIF 2.1.0, for code scanning
    Sarif,
    /// GitHub Actions workflow commands (annotations)
    Github,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum MinSeverity {
    Note,
    Warning,
    Error,
}

#[derive(Debug, Args)]
#[command(after_help = crate::explain_cmd::check_after_help())]
pub struct CheckArgs {
    /// Markdown files, directories (searched for *.md and *.markdown, any case), or - for standard input
    #[arg(required = true, value_name = "FILE|DIR|-")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: CheckFormat,
    /// Report only findings at or above this severity
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub min_severity: Option<MinSeverity>,
    /// Report only findings on lines added or changed since this git revision (as `git diff BASE`, staged and
    /// unstaged changes included); files git does not track count as new
    #[arg(long, value_name = "BASE")]
    pub diff: Option<String>,
    /// Fail (exit 1) when more than N warnings are reported, as when an error is (0: no warning passes)
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule's id, as findings name it (unsourced-claim, retracted-source, ...)
    #[arg(value_name = "RULE", conflicts_with = "all")]
    pub rule: Option<String>,
    /// Print every rule's documentation
    #[arg(long)]
    pub all: bool,
    /// Output format (json: one object per rule with its id, severity, summary, help URI and documentation)
    #[arg(long, value_enum, default_value_t)]
    pub format: DataFormat,
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// Markdown files, directories, or - for standard input
    #[arg(value_name = "FILE|DIR|-", required_unless_present = "text", conflicts_with = "text")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// Match this sentence instead of reading files
    #[arg(long, value_name = "SENTENCE")]
    pub text: Option<String>,
    /// How many candidate claims to show per sentence
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub top: usize,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: DataFormat,
}

#[derive(Debug, Args)]
pub struct DetectArgs {
    /// Markdown files, directories, or - for standard input
    #[arg(required = true, value_name = "FILE|DIR|-")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// How many of the strongest features to show per sentence
    #[arg(long, value_name = "K", default_value_t = 4)]
    pub explain: usize,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: DataFormat,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the ledger [default: the --ledger directory, else ./ledger]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a source by URL (prints its id; an already recorded URL prints the existing id)
    Add(SourceAddArgs),
}

#[derive(Debug, Args)]
pub struct SourceAddArgs {
    /// The page's http(s) URL; normalised (fragment and tracking parameters dropped)
    pub url: String,
    /// The publisher, as readers name it ("Anadolu Agency")
    #[arg(long)]
    pub outlet: String,
    /// The page's headline
    #[arg(long)]
    pub title: Option<String>,
    /// Publication date, YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date, allow_hyphen_values = true)]
    pub published: Option<NaiveDate>,
    /// A snapshot of the page (an archive URL), against link rot
    #[arg(long, value_name = "URL")]
    pub archived: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ClaimCommand {
    /// Add a claim (prints its id; the same statement, up to spacing and Unicode form, prints the existing id)
    Add(ClaimAddArgs),
}

#[derive(Debug, Args)]
pub struct ClaimAddArgs {
    /// The statement, in the ledger's canonical wording, or - to read it from standard input
    pub text: String,
    /// Also attribute the claim to this source (id, prefix or URL)
    #[arg(long, value_name = "ID", requires = "quote")]
    pub source: Option<String>,
    /// The supporting passage, with --source
    #[arg(long, value_name = "Q", requires = "source")]
    pub quote: Option<String>,
    /// The quote is a paraphrase, not the source's exact words
    #[arg(long, requires = "source")]
    pub paraphrase: bool,
    /// Who records the attribution [default: $CLAIMLEDGER_BY, else git's user.email, else $USER]
    #[arg(long, value_name = "WHO")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct AttributeArgs {
    /// The claim (id or prefix of at least 6 hex characters)
    pub claim: String,
    /// The source (id, prefix or URL)
    pub source: String,
    /// The passage of the source that supports the claim
    #[arg(long, value_name = "Q")]
    pub quote: String,
    /// The quote is a paraphrase, not the source's exact words
    #[arg(long)]
    pub paraphrase: bool,
    /// Who records it [default: $CLAIMLEDGER_BY, else git's user.email, else $USER]
    #[arg(long, value_name = "WHO")]
    pub by: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RetractKind {
    /// The outlet retracted the story: support is gone
    Retraction,
    /// The outlet corrected the story: support stays, with a warning
    Correction,
    /// The newsroom withdraws the record: support is gone
    Withdrawal,
}

#[derive(Debug, Args)]
pub struct RetractArgs {
    /// The source, attribution or claim (id or prefix), or a source's URL
    pub id: String,
    /// Why, in a sentence
    #[arg(long)]
    pub reason: String,
    /// What happened
    #[arg(long, value_enum, default_value = "retraction")]
    pub kind: RetractKind,
    /// The outlet's retraction or correction notice
    #[arg(long, value_name = "URL")]
    pub notice: Option<String>,
    /// When it took effect, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date, allow_hyphen_values = true)]
    pub effective: Option<NaiveDate>,
    /// Who records it [default: $CLAIMLEDGER_BY, else git's user.email, else $USER]
    #[arg(long, value_name = "WHO")]
    pub by: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, ValueEnum, PartialEq, Eq)]
pub enum DataFormat {
    /// For people
    #[default]
    Human,
    /// JSON for tools (one object per line for lists)
    Json,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The record (id or prefix), or a source's URL
    pub id: String,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: DataFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ListWhat {
    Claims,
    Sources,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// What to list
    #[arg(value_enum)]
    pub what: ListWhat,
    /// Only claims without a live attribution
    #[arg(long)]
    pub unsourced: bool,
    /// Only sources of this outlet, or claims with a live source of it (case-insensitive)
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: DataFormat,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: DataFormat,
    /// Instead, prove the ledger append-only since an earlier `export --format jsonl`: every record of that
    /// file must still be in the ledger byte for byte (exit 1 when one is missing or changed)
    #[arg(long, value_name = "OLD_EXPORT.jsonl")]
    pub against: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// A header line, then every record with its id, kind and derived status, one per line
    Jsonl,
    /// One row per claim (RFC 4180), for spreadsheets
    Csv,
    /// schema.org JSON-LD: each claim a Claim with its live sources as appearances
    Claimreview,
    /// One self-contained page for people, with search and filters
    Html,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to FILE (replaced only when the export succeeds) [default: standard output]; for html, a folder
    /// (an existing one, or a path ending in /) gets index.html and one more page per --page-size claims
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Claims per page of the html report; a ledger with more needs a folder for -o
    #[arg(long, value_name = "N", default_value_t = 5000, value_parser = clap::value_parser!(u32).range(1..))]
    pub page_size: u32,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ImportFormat {
    /// A header row (text, url, outlet, published, quote, quote_kind), then one claim per row
    Csv,
    /// `claimledger export --format jsonl`: every record, kept with its id
    Jsonl,
    /// schema.org JSON-LD: Claim nodes (as `export --format claimreview` writes them), ClaimReview markup,
    /// or the Fact Check Tools API's {"claims": [...]}
    Claimreview,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files to import, or - for standard input (with --format); all are read and checked before anything
    /// is written
    #[arg(required = true, value_name = "FILE|-")]
    pub files: Vec<PathBuf>,
    /// The files' format [default: from each file's extension: .csv, .jsonl/.ndjson, .json/.jsonld]
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// Check everything and report what would be added, without writing
    #[arg(long)]
    pub dry_run: bool,
    /// Who records the attributions the import creates [default: $CLAIMLEDGER_BY, else git's user.email,
    /// else $USER]
    #[arg(long, value_name = "WHO")]
    pub by: Option<String>,
    /// Print the summary as one JSON object
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for; for example `claimledger completions bash > ~/.local/share/bash-completion/completions/claimledger`
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write claimledger.1 and a page per command (claimledger-check.1, ...) into this folder instead
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Accepted for clients that pass it; standard input and output are the only transport
    #[arg(long)]
    pub stdio: bool,
}
