//! What the desktop shell's commands hand to the UI. Plain data on both sides
//! of the IPC boundary, so the shell and the wasm UI cannot disagree on it.

use serde::{Deserialize, Serialize};

use crate::validation::ValidationError;
use crate::{
    AiRun, AiSettings, Application, ApplicationId, ApplicationStatus, ApplicationUpdate,
    CapturedPosting, Document, DocumentKind, DocumentVersion, EngineKind, ExportCheck,
    ExportFormat, FocusArea, ImportReport, ImportedResume, NewApplication, NewResume,
    NewWritingSample, PaperSize, Phase, Profile, ProfileUpdate, Resume, ResumeId, ResumeUpdate,
    RunId, SearchFilter, SearchHit, StatusChange, TruthFlag, TruthFlagId, WritingSample,
    WritingSampleId,
};

/// The user's workspace at a glance: answer of `workspace_overview` and
/// `load_sample_data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceOverview {
    /// The folder holding the encrypted database, for display.
    pub data_dir: String,
    /// True when this start created the workspace.
    pub newly_created: bool,
    /// Every application, newest first.
    pub applications: Vec<Application>,
}

/// What kind of problem a shell command hit, so the UI can say what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShellErrorKind {
    /// The database is protected by a passphrase and none was given.
    PassphraseRequired,
    /// The passphrase given does not unlock the database.
    WrongPassphrase,
    /// The key lives in the OS keyring, which cannot be reached or lacks it.
    Keyring,
    /// Sample data is only loaded into an empty workspace.
    NotEmpty,
    /// Input that breaks a rule; `fields` says which and why.
    Invalid,
    /// Something else the person can put right; the message says what.
    User,
    /// The truth gate refused an export: the document's current version
    /// still has unresolved flags. Review them (accept or edit), then export.
    OpenFlags,
    /// A fault of the system or damaged data; the message says what.
    Internal,
}

/// A failed shell command, as the UI receives it. `message` is a complete
/// sentence for people and never holds a key or passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShellError {
    pub kind: ShellErrorKind,
    pub message: String,
    /// For `Invalid`: each field that is wrong, for inline messages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<ValidationError>,
}

// ---------------------------------------------------------------------------
// The desktop IPC contract. Every command takes at most one argument, named
// `request` on the JS side (`invoke("cmd", { request })`), and answers with
// one of these types or a `ShellError`. Event names are constants below.
// ---------------------------------------------------------------------------

/// `unlock`: the passphrase typed into the unlock screen. For a new
/// workspace (`newly_created` would be true) `confirm` must equal it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlockRequest {
    pub passphrase: String,
    #[serde(default)]
    pub confirm: Option<String>,
}

/// `unlock_state`: whether the workspace is open, and if not what the
/// unlock screen must ask for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum UnlockState {
    /// Open (keyring, environment, or an earlier `unlock`).
    Open { overview: WorkspaceOverview },
    /// A workspace exists and needs its passphrase.
    NeedsPassphrase,
    /// No workspace yet and no keyring: choose a passphrase (asked twice).
    NeedsNewPassphrase,
}

/// `list_applications`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListApplications {
    #[serde(default)]
    pub status: Option<ApplicationStatus>,
}

/// A reference to one application (`application_detail`,
/// `delete_application`, `similar` later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRef {
    pub id: ApplicationId,
}

/// `application_detail`: everything the application view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    pub application: Application,
    pub history: Vec<StatusChange>,
    /// With the flags on each document's current version.
    pub documents: Vec<DocumentView>,
    /// Newest first.
    pub runs: Vec<AiRun>,
}

/// A document with the truth-gate flags on its current version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentView {
    pub document: Document,
    pub flags: Vec<TruthFlag>,
}

/// `update_application`: a partial update (fields left `None` stay).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateApplication {
    pub id: ApplicationId,
    pub update: ApplicationUpdate,
}

/// `set_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetStatus {
    pub id: ApplicationId,
    pub status: ApplicationStatus,
}

/// `run_phases`: runs the phases in order with the engine from the settings;
/// progress arrives as [`PIPELINE_EVENT`] events; answers with the runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRequest {
    pub application: ApplicationId,
    pub phases: Vec<Phase>,
    #[serde(default)]
    pub resume: Option<ResumeId>,
}

/// The event `run_phases` emits while it works.
pub const PIPELINE_EVENT: &str = "pipeline-progress";

/// One step of a pipeline run, as the UI receives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineProgress {
    pub application: ApplicationId,
    pub phase: Phase,
    pub step: PipelineStep,
}

// `Ended` carries the whole run record, once per phase; boxing it would save
// nothing worth having on a value that is serialised and dropped at once.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PipelineStep {
    Started {
        engine: EngineKind,
        model: String,
    },
    /// The next piece of the document.
    Token {
        text: String,
    },
    /// The attempt failed; text shown so far for this phase is void.
    Retrying {
        attempt: u32,
        wait_ms: u64,
        reason: String,
    },
    /// The phase ended; the run is recorded (see its outcome).
    Ended {
        run: AiRun,
        open_flags: usize,
    },
}

/// `save_document`: a version the user wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveDocument {
    pub application: ApplicationId,
    pub kind: DocumentKind,
    pub content: String,
}

/// `document_versions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRef {
    pub application: ApplicationId,
    pub kind: DocumentKind,
}

/// `restore_version`: brings version `number` back as the newest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreVersion {
    pub application: ApplicationId,
    pub kind: DocumentKind,
    pub number: u32,
}

/// `accept_flag`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagRef {
    pub id: TruthFlagId,
}

/// `resume_versions` / `delete_resume` / `set_primary_resume`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumeRef {
    pub id: ResumeId,
}

/// `update_resume`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateResume {
    pub id: ResumeId,
    pub update: ResumeUpdate,
}

/// `settings`: what the settings screen shows. Keys are never sent back,
/// only whether one is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingsView {
    pub ai: AiSettings,
    /// For each provider engine: whether the keyring holds its API key.
    pub keys_stored: Vec<(EngineKind, bool)>,
    pub profile: Profile,
    pub writing_samples: Vec<WritingSample>,
    /// The folder holding the encrypted database.
    pub data_dir: String,
}

/// `set_api_key`: written to the OS keyring, never stored elsewhere.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetApiKey {
    pub engine: EngineKind,
    pub key: String,
}

impl std::fmt::Debug for SetApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetApiKey")
            .field("engine", &self.engine)
            .field("key", &"***")
            .finish()
    }
}

/// `delete_api_key` / `test_connection`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineRef {
    pub engine: EngineKind,
}

/// `writing_sample` deletion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WritingSampleRef {
    pub id: WritingSampleId,
}

/// `search`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchRequest {
    pub query: String,
    #[serde(default = "default_search_limit")]
    pub limit: u32,
    #[serde(default)]
    pub filter: SearchFilter,
}

/// `match_resumes`: one resume of the library against an application's
/// posting, best fit first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResumeFit {
    pub resume: ResumeId,
    pub name: String,
    pub is_primary: bool,
    /// 1 for the best fit.
    pub rank: u32,
    pub report: crate::MatchReport,
}

/// `index_status` and `cancel_reindex`: the semantic index as the settings
/// screen shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexStatus {
    /// The active index first; a second one is being built after a switch
    /// of embedder.
    pub indexes: Vec<IndexView>,
    /// Why indexing stopped (the model folder is missing, …), in words.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexView {
    /// The embedder's id, e.g. `builtin-hash-v1/384`.
    pub embedder: String,
    /// False while it is being built beside the active one.
    pub active: bool,
    /// Applications, resumes and documents still to embed.
    pub pending: u64,
    pub indexed: u64,
    pub chunks: u64,
}

fn default_search_limit() -> u32 {
    20
}

/// `dashboard`: counts by status and the funnel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Every status, in workflow order, with its count (zeros included).
    pub by_status: Vec<(ApplicationStatus, u64)>,
    /// How many applications reached each stage: draft → applied →
    /// interview → offer (an offer also counts as applied and interviewed).
    pub funnel: Vec<(ApplicationStatus, u64)>,
    pub total: u64,
}

/// `ui_ready`: when the window's start-up steps happened, in milliseconds
/// since the page's time origin (`performance.now()`), for the start-up
/// benchmark and the debug log. A step the page could not time is `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct BootMarks {
    /// The page's time origin (`performance.timeOrigin`), in milliseconds
    /// since the Unix epoch, so a log can line the marks up with its own.
    pub time_origin_unix_ms: f64,
    /// `main.js` began (the page and its script were loaded).
    pub script_ms: Option<f64>,
    /// The wasm was compiled and instantiated: the interface's first line.
    pub interface_ms: Option<f64>,
    /// The workspace's state (and its list) reached the interface.
    pub workspace_ms: Option<f64>,
    /// The application list was put in the page (Yew's render is done).
    pub rendered_ms: Option<f64>,
    /// The first frame showing the list was painted.
    pub painted_ms: Option<f64>,
}

/// Re-exported request types whose shape is the entity's own.
pub type CreateApplication = NewApplication;
pub type AddResume = NewResume;
pub type SetProfile = ProfileUpdate;
pub type AddWritingSample = NewWritingSample;
/// A run's ID, for `cancel_run` (cancels the run in progress, if any).
pub type RunRef = Option<RunId>;
/// `list_resumes` answers with the library, primary first.
pub type ResumeLibrary = Vec<Resume>;
/// `search` answers with hits, best first.
pub type SearchHits = Vec<SearchHit>;
/// `document_versions` answers with versions, newest first.
pub type VersionList = Vec<DocumentVersion>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_workspace_with_undated_applications_round_trips() {
        let app: Application = serde_json::from_value(serde_json::json!({
            "id": "01900000-0000-7000-8000-000000000001", "name": "n", "company": "Acme",
            "role_title": "Engineer", "job_url": null, "job_description": "d", "location": null,
            "priority": "medium", "status": "draft",
            "phases": {"research_done": false, "resume_optimised": false, "cover_letter_done": false},
            "deadline": null, "notes": "", "created_at": "2026-11-22T00:00:00Z",
            "updated_at": "2026-11-22T00:00:00Z", "version": 1
        }))
        .expect("application");
        let state = UnlockState::Open {
            overview: WorkspaceOverview {
                data_dir: "/d".into(),
                newly_created: false,
                applications: vec![app],
            },
        };
        let json = serde_json::to_string(&state).expect("serialise");
        assert_eq!(
            serde_json::from_str::<UnlockState>(&json).expect("parse"),
            state
        );
    }

    #[test]
    fn a_partial_update_sends_only_what_changes_and_keys_never_print() {
        let update = ApplicationUpdate {
            notes: Some("call back".into()),
            ..ApplicationUpdate::default()
        };
        assert_eq!(
            serde_json::to_string(&update).expect("json"),
            r#"{"notes":"call back"}"#
        );
        let key = SetApiKey {
            engine: EngineKind::OpenAi,
            key: "sk-secret".into(),
        };
        assert!(!format!("{key:?}").contains("sk-secret"));
    }

    #[test]
    fn errors_use_snake_case_kinds_on_the_wire() {
        let error = ShellError {
            kind: ShellErrorKind::PassphraseRequired,
            message: "a passphrase is needed".into(),
            fields: Vec::new(),
        };
        let json = serde_json::to_string(&error).expect("serialise");
        assert_eq!(
            json,
            r#"{"kind":"passphrase_required","message":"a passphrase is needed"}"#
        );
        assert_eq!(
            serde_json::from_str::<ShellError>(&json).expect("parse"),
            error
        );
    }

    #[test]
    fn export_subjects_are_tagged_and_a_truth_gate_refusal_has_its_own_kind() {
        let subject = ExportSubject::Document {
            application: "01900000-0000-7000-8000-000000000001".parse().expect("id"),
            kind: DocumentKind::OptimisedResume,
        };
        let json = serde_json::to_value(subject).expect("json");
        assert_eq!(
            json,
            serde_json::json!({
                "type": "document",
                "application": "01900000-0000-7000-8000-000000000001",
                "kind": "optimized_resume"
            })
        );
        assert_eq!(
            serde_json::from_value::<ExportSubject>(json).expect("parse"),
            subject
        );
        assert_eq!(
            serde_json::to_string(&ShellErrorKind::OpenFlags).expect("json"),
            r#""open_flags""#
        );
    }

    #[test]
    fn an_export_answer_without_pages_still_reads() {
        let done: ExportDone = serde_json::from_value(serde_json::json!({
            "path": "/tmp/a.md", "bytes": 10, "check": null, "notes": [],
            "kept_layout_of": null, "suggested_name": "a.md"
        }))
        .expect("done");
        assert_eq!(done.pages, None);
    }
}

/// `preview_resume_import`: reads a file the user picked and shows what an
/// import would store; nothing is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportFile {
    pub path: String,
}

/// `preview_resume_import`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub file_name: String,
    pub imported: ImportedResume,
}

/// `import_resume`: reads the picked file again and saves it (with the file
/// itself, for layout-keeping DOCX export later).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportResume {
    pub path: String,
    /// `None`: the name the import suggests.
    pub name: Option<String>,
    pub focus_area: FocusArea,
    pub is_primary: bool,
}

/// `import_resume`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedToLibrary {
    pub resume: Resume,
    pub report: ImportReport,
}

/// `capture_job`: an http(s) address, or a file the user picked (PDF, HTML,
/// JSON, Markdown, text). The answer fills the new-application form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptureJob {
    pub source: String,
}

/// `capture_job`'s answer: the posting as read, and the new application it
/// fills (the core's mapping, so every front end fills the form alike;
/// company or role may be empty when the posting does not say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapturedJob {
    pub posting: CapturedPosting,
    pub application: NewApplication,
}

/// What an export is of: a document of an application, or a resume of the
/// library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ExportSubject {
    Document {
        application: ApplicationId,
        kind: DocumentKind,
    },
    Resume {
        resume: ResumeId,
    },
}

/// `suggest_export_name`: the file name the save dialog proposes, asked
/// before the dialog opens (`ExportDone::suggested_name` comes after).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestExportName {
    pub subject: ExportSubject,
    pub format: ExportFormat,
}

/// `export_document`: writes a document of an application to a file the
/// user chose in the save dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportDocument {
    pub application: ApplicationId,
    pub kind: DocumentKind,
    pub format: ExportFormat,
    pub path: String,
    pub paper: PaperSize,
    /// An optimised resume as DOCX: generate a clean document even when the
    /// resume came from the user's own DOCX (whose layout is kept otherwise).
    #[serde(default)]
    pub fresh_layout: bool,
}

/// `export_resume`: a resume of the library to a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportResume {
    pub resume: ResumeId,
    pub format: ExportFormat,
    pub path: String,
    pub paper: PaperSize,
}

/// What an export wrote and what reading it back found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportDone {
    pub path: String,
    pub bytes: u64,
    /// Pages of a PDF.
    #[serde(default)]
    pub pages: Option<u32>,
    /// PDF and DOCX: the text read back from the file, compared.
    pub check: Option<ExportCheck>,
    /// What the format could not carry.
    pub notes: Vec<String>,
    /// The user's own DOCX whose layout a tailored resume kept.
    pub kept_layout_of: Option<String>,
    /// A file name to suggest: `ada-park-resume-northwind.pdf`.
    pub suggested_name: String,
}

/// The event the background indexer sends (an [`IndexStatus`]) while it
/// works, at most a few times a second, and once when the queue is empty.
pub const INDEX_EVENT: &str = "index-status";

/// `download_model`: fetches all-MiniLM-L6-v2 into the model folder the
/// settings name (default: `models/all-MiniLM-L6-v2` in the data folder),
/// checks it, and makes it the meaning model (re-indexing beside the
/// current index, as saving that choice does); progress arrives as
/// [`MODEL_DOWNLOAD_EVENT`] events; answers with the settings.
///
/// `cancel_model_download` (no argument) stops it: what arrived is kept,
/// the next `download_model` continues from there, and this one answers
/// with a `User` error saying it was cancelled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadModel {
    /// A mirror's folder address; `None`: where the model is published.
    #[serde(default)]
    pub source: Option<String>,
}

/// The event `download_model` sends (a [`ModelDownloadProgress`]) while
/// the files arrive, at most a few times a second, and once at the end.
pub const MODEL_DOWNLOAD_EVENT: &str = "model-download";

/// Bytes a whole all-MiniLM-L6-v2 download fetches (its three files), for
/// the size shown before the first progress event. The shell checks it
/// against the pinned release files.
pub const MINILM_DOWNLOAD_BYTES: u64 = 91_100_496;

/// How far a model download has got, over all its files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelDownloadProgress {
    /// The file being fetched.
    pub file: String,
    pub done_bytes: u64,
    pub total_bytes: u64,
}
