//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jobforge_core::types::{
    ApplicationStatus, DocumentKind, EmbedderKind, ExportFormat, FocusArea, Priority, SearchKind,
};

/// Job Forge: track job applications, tailor resumes and cover letters, all in
/// an encrypted database on this computer.
#[derive(Debug, Parser)]
#[command(name = "jobforge", version, about, max_term_width = 100)]
pub struct Cli {
    /// Folder holding the encrypted database (default: the platform's data folder).
    #[arg(long, global = true, env = "JOBFORGE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Print results as JSON (stable; see README) instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    /// Also log to the terminal (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Where `init` keeps the database key: the OS keyring when available
    /// (auto), only the keyring, or a passphrase.
    #[arg(long, global = true, env = "JOBFORGE_KEY_STORE", value_enum, default_value_t = KeyStoreArg::Auto)]
    pub key_store: KeyStoreArg,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum KeyStoreArg {
    Auto,
    Keyring,
    Passphrase,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the encrypted database.
    Init,
    /// Load the bundled sample resume and applications into an empty database.
    Sample,
    /// Job applications.
    #[command(subcommand)]
    App(AppCommand),
    /// The resume library.
    #[command(subcommand)]
    Resume(ResumeCommand),
    /// Documents of an application (research report, optimised resume, cover letter).
    #[command(subcommand)]
    Doc(DocCommand),
    /// Your name and contact lines, used to sign letters.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Samples of your own writing: cover letters learn your voice from them.
    #[command(subcommand)]
    Writing(WritingCommand),
    /// Run the AI pipeline: research the posting, tailor a resume, write a cover letter.
    Run(RunArgs),
    /// The AI runs of an application, newest first (engine, tokens, cost, outcome).
    Runs { app_id: String },
    /// The AI engine and provider settings (model, base URL, temperature, token limit).
    #[command(subcommand)]
    Ai(AiCommand),
    /// API keys for AI providers, kept in the OS keyring (never in files).
    #[command(subcommand)]
    Key(KeyCommand),
    /// Bring a resume or a job posting in from a file or the web.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export a document of an application to Markdown, HTML, PDF or DOCX.
    Export(ExportArgs),
    /// Search applications, resumes and documents, by words and by meaning.
    Search(SearchArgs),
    /// How well your resumes fit an application's posting: a 0-100 score
    /// with its reasons, and the requirements met, shown only implicitly,
    /// or missing. Without --resume, the whole library ranked, best first.
    Match {
        app_id: String,
        /// One resume (ID or name) instead of the library.
        #[arg(long)]
        resume: Option<String>,
    },
    /// Applications whose postings read most like this one's.
    Similar {
        app_id: String,
        #[arg(long, default_value_t = 10)]
        limit: u32,
    },
    /// The semantic index: embed what changed, show its state, or cancel a
    /// switch of embedder.
    Index {
        /// Only show how far the index is.
        #[arg(long, conflicts_with = "cancel")]
        status: bool,
        /// Drop the index being built for a newly chosen embedder; searches
        /// keep using the previous one.
        #[arg(long)]
        cancel: bool,
    },
    /// Choose the embedder for search and matching: built-in (default, no
    /// download), MiniLM (all-MiniLM-L6-v2 from a model folder) or provider
    /// (the embeddings endpoint of OpenAI or an OpenAI-compatible server,
    /// with that engine's base URL and key).
    Embedder {
        #[arg(value_parser = parse_enum::<EmbedderKind>)]
        kind: Option<EmbedderKind>,
        /// The MiniLM model folder (config.json, vocab.txt, model.safetensors).
        #[arg(long, value_name = "DIR")]
        model_dir: Option<PathBuf>,
        /// For `minilm`: download the model (about 91 MB, checked file by
        /// file) into --model-dir or models/all-MiniLM-L6-v2 in the data
        /// folder first. A download that stopped continues where it stopped.
        #[arg(long)]
        download: bool,
        /// With --download: a mirror's folder address instead of Hugging Face.
        #[arg(long, value_name = "URL", requires = "download")]
        from: Option<String>,
        /// For `provider`: openai or openai-compatible (default).
        #[arg(long, value_enum)]
        engine: Option<ProviderArg>,
        /// For `provider`: the embedding model (default text-embedding-3-small
        /// for OpenAI, nomic-embed-text for a compatible server).
        #[arg(long)]
        model: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for. Hits contain all the words (the last may be a
    /// prefix) or mean something close to them.
    #[arg(required = true, num_args = 1..)]
    pub query: Vec<String>,
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    /// Only these kinds: application, resume, document (repeat or comma-separate).
    #[arg(long, value_delimiter = ',', value_parser = parse_enum::<SearchKind>)]
    pub kind: Vec<SearchKind>,
    /// Only applications (and their documents) in these statuses.
    #[arg(long, value_delimiter = ',', value_parser = parse_enum::<ApplicationStatus>)]
    pub status: Vec<ApplicationStatus>,
    /// Match words only, without the semantic index.
    #[arg(long)]
    pub words_only: bool,
}

#[derive(Debug, Subcommand)]
pub enum AppCommand {
    /// Start tracking an application.
    Add(AppAdd),
    /// List applications, newest first.
    List {
        #[arg(long, value_parser = parse_enum::<ApplicationStatus>)]
        status: Option<ApplicationStatus>,
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Show one application with its status history and documents.
    Show { id: String },
    /// Change an application's status (draft, applied, interview, offer, rejected, withdrawn).
    Status {
        id: String,
        #[arg(value_parser = parse_enum::<ApplicationStatus>)]
        status: ApplicationStatus,
    },
    /// Delete an application and its documents.
    Delete { id: String },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("description_source").required(true).args(["description", "description_file"])))]
pub struct AppAdd {
    #[arg(long)]
    pub company: String,
    #[arg(long)]
    pub role: String,
    /// The job description text.
    #[arg(long)]
    pub description: Option<String>,
    /// A file holding the job description (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    pub description_file: Option<PathBuf>,
    #[arg(long)]
    pub url: Option<String>,
    #[arg(long)]
    pub location: Option<String>,
    #[arg(long, value_parser = parse_enum::<Priority>, default_value = "medium")]
    pub priority: Priority,
    /// Application deadline, YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    pub deadline: Option<time::Date>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ResumeCommand {
    /// Add a Markdown or plain-text resume to the library.
    Add {
        file: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_enum::<FocusArea>, default_value = "other")]
        focus: FocusArea,
        /// Make it the primary resume (used by default).
        #[arg(long)]
        primary: bool,
    },
    /// List the library, primary first.
    List,
    /// Print a resume.
    Show { id: String },
    /// Make a resume the primary one.
    Primary { id: String },
    /// Delete a resume.
    Delete { id: String },
    /// Export a resume to Markdown, HTML, PDF, DOCX or JSON Resume.
    Export {
        id: String,
        #[command(flatten)]
        file: ExportFile,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a resume (PDF, DOCX, Markdown, plain text or JSON Resume) into
    /// the library, showing what was found, doubtful or unreadable.
    Resume {
        file: PathBuf,
        /// Name in the library (default: the person's name and headline).
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_parser = parse_enum::<FocusArea>, default_value = "other")]
        focus: FocusArea,
        /// Make it the primary resume (used by default).
        #[arg(long)]
        primary: bool,
        /// Show the report and the Markdown; save nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Capture a job posting from a web address or a file (PDF, HTML, JSON,
    /// Markdown, text) as a new application.
    Job {
        /// An http(s) address, or a file.
        source: String,
        /// The company, when the posting does not say (or says it wrongly).
        #[arg(long)]
        company: Option<String>,
        /// The role, when the posting does not say (or says it wrongly).
        #[arg(long)]
        role: Option<String>,
        /// Show what was captured; create nothing.
        #[arg(long)]
        dry_run: bool,
        /// Seconds to wait for the page.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub app_id: String,
    #[arg(value_parser = parse_enum::<DocumentKind>)]
    pub kind: DocumentKind,
    #[command(flatten)]
    pub file: ExportFile,
    /// For an optimised resume as DOCX: generate a clean document even when
    /// the resume was imported from your own DOCX (whose layout is kept by
    /// default).
    #[arg(long)]
    pub fresh_layout: bool,
}

#[derive(Debug, Args)]
pub struct ExportFile {
    /// md, html, pdf, docx (and json for resumes: JSON Resume).
    #[arg(long, value_parser = parse_enum::<ExportFormat>)]
    pub format: ExportFormat,
    /// The file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Page size for PDF.
    #[arg(long, value_enum, default_value = "letter")]
    pub page: PageArg,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PageArg {
    Letter,
    A4,
}

#[derive(Debug, Subcommand)]
pub enum DocCommand {
    /// Print a document (its newest version, or --version N).
    Show {
        app_id: String,
        #[arg(value_parser = parse_enum::<DocumentKind>)]
        kind: DocumentKind,
        #[arg(long)]
        version: Option<u32>,
    },
    /// List a document's versions.
    Versions {
        app_id: String,
        #[arg(value_parser = parse_enum::<DocumentKind>)]
        kind: DocumentKind,
    },
    /// Save a file as the newest version of a document.
    Save {
        app_id: String,
        #[arg(value_parser = parse_enum::<DocumentKind>)]
        kind: DocumentKind,
        /// The Markdown file (`-` for standard input).
        file: PathBuf,
    },
    /// Bring back an older version (saved as the newest).
    Restore {
        app_id: String,
        #[arg(value_parser = parse_enum::<DocumentKind>)]
        kind: DocumentKind,
        version: u32,
    },
    /// The truth gate's flags on a document: claims your resume and notes do not support.
    Flags {
        app_id: String,
        #[arg(value_parser = parse_enum::<DocumentKind>)]
        kind: DocumentKind,
        /// Confirm a flagged claim is true (flag number from the list, or its ID).
        #[arg(long, value_name = "FLAG")]
        accept: Vec<String>,
        /// Confirm every open flag on the document.
        #[arg(long)]
        accept_all: bool,
    },
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The application (ID, unique ID prefix, or exact name).
    pub app_id: String,
    /// Which phase to run; `all` runs research, resume and cover letter in order.
    #[arg(long, value_enum, default_value_t = PhaseArg::All)]
    pub phase: PhaseArg,
    /// The resume to tailor (default: the one used before, else the primary).
    #[arg(long, value_name = "RESUME_ID")]
    pub resume: Option<String>,
    /// The engine (default: the one chosen with `jobforge ai set`, else the
    /// built-in offline engine, which needs no key and no network).
    #[arg(long, value_enum)]
    pub engine: Option<EngineArg>,
    #[command(flatten)]
    pub provider: ProviderFlags,
    /// Give up when the provider sends nothing for this many seconds.
    #[arg(long, default_value_t = 90, value_name = "SECONDS")]
    pub timeout: u64,
    /// Do not print the documents as they are written.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Provider settings given on the command line; each overrides the saved one.
#[derive(Debug, Args, Default)]
pub struct ProviderFlags {
    /// The model name (default: a sensible one per provider).
    #[arg(long)]
    pub model: Option<String>,
    /// The provider's base URL, e.g. http://127.0.0.1:11434/v1 for Ollama.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Sampling temperature, 0 to 2.
    #[arg(long)]
    pub temperature: Option<f32>,
    /// Most tokens the model may write per document.
    #[arg(long)]
    pub max_tokens: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum AiCommand {
    /// Show the engine `run` uses and each provider's settings.
    Show,
    /// Choose the default engine and/or change a provider's settings.
    Set {
        /// The engine to make the default; the provider flags apply to it.
        #[arg(long, value_enum)]
        engine: Option<EngineArg>,
        #[command(flatten)]
        provider: ProviderFlags,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PhaseArg {
    Research,
    Resume,
    CoverLetter,
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    Offline,
    Openai,
    Anthropic,
    OpenaiCompatible,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProviderArg {
    Openai,
    Anthropic,
    OpenaiCompatible,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    Show,
    /// Set your name, email and other contact lines (each --line once per line).
    Set {
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: Option<String>,
        #[arg(long = "line", value_name = "TEXT")]
        lines: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum WritingCommand {
    /// Add a sample from a text or Markdown file (`-` for standard input).
    Add {
        file: PathBuf,
        #[arg(long)]
        title: String,
    },
    List,
    Delete {
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Store a provider's API key (read from standard input, or asked for without echo).
    Set { provider: ProviderArg },
    /// Remove a provider's API key.
    Delete { provider: ProviderArg },
    /// Which providers have a key stored (the keys are never shown).
    Status,
}

fn parse_enum<T>(text: &str) -> Result<T, String>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|e: T::Err| e.to_string())
}

fn parse_date(text: &str) -> Result<time::Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text.trim(), format)
        .map_err(|_| format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2026-12-31"))
}
