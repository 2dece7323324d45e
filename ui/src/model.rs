//! What the UI knows and how it changes: [`Model::apply`] takes one
//! [`Msg`] (something the person did, or an answer or event from the
//! shell), updates the model and returns the [`Effect`]s to carry out
//! (shell commands, focus moves). No Yew, no browser: tested on the host.

use jobforge_types::{
    AiSettings, Application, ApplicationDetail, ApplicationId, ApplicationStatus, Dashboard,
    DocumentKind, DocumentRef, DocumentVersion, EngineRef, FlagRef, NewApplication,
    NewWritingSample, Phase, PipelineProgress, Priority, ProfileUpdate, RestoreVersion, Resume,
    ResumeId, ResumeRef, RunRequest, SaveDocument, SearchFilter, SearchHit, SearchHitKind,
    SearchKind, SearchRequest, SetApiKey, SetStatus, SettingsView, ShellError, ShellErrorKind,
    SimilarApplication, TruthFlagId, UnlockRequest, UnlockState, UpdateApplication, UpdateResume,
    WorkspaceOverview, WritingSampleId, WritingSampleRef,
};
use jobforge_types::{
    CaptureJob, CapturedJob, ExportDone, ExportFormat, ExportSubject, FocusArea, ImportFile,
    ImportPreview, ImportResume, ImportedToLibrary, PaperSize, SuggestExportName,
};
use jobforge_types::{DownloadModel, ModelDownloadProgress, NewResume, RunOutcome};

use crate::detail::DetailState;
use crate::forms::{FieldErrors, NewAppField, NewApplicationForm, ResumeForm, ResumeRequest};
use crate::keys::Shortcut;
use crate::markdown::is_safe_link;
use crate::pipeline::RunState;
use crate::settings::{Connection, SettingsState};
use crate::transfer::{
    CaptureSummary, ExportPanel, ExportRequest, ExportResult, ExportStage, ImportStage,
    ImportState, file_name_of, fill_form,
};
use crate::unlock::UnlockForm;

/// Before the workspace is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Boot {
    /// Waiting for `unlock_state`.
    Checking,
    Locked(UnlockForm),
    /// `unlock_state` failed: nothing else can be shown.
    Failed(ShellError),
    Open,
}

/// The main area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Onboarding on a first run, the dashboard otherwise.
    Home,
    NewApplication,
    Application(ApplicationId),
    Resumes,
    Settings,
    Dashboard,
}

/// Places the navigation leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    NewApplication,
    Resumes,
    Settings,
    Dashboard,
}

/// The answer of `unlock`; the contract does not fix its type, so any of
/// these is accepted (anything else: ask `unlock_state` again).
#[derive(Debug, Clone, PartialEq)]
pub enum Unlocked {
    State(UnlockState),
    Overview(WorkspaceOverview),
    Other,
}

/// The answer of `create_application` (not fixed by the contract either).
#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    Application(Box<Application>),
    Detail(Box<ApplicationDetail>),
    Other,
}

/// The answer of `test_connection`: a sentence, or anything meaning "fine".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tested {
    Text(String),
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    Stored,
    Deleted,
}

/// The search box and its results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchState {
    pub query: String,
    /// Only this kind of hit (the status filter of the list applies too).
    pub kind: Option<SearchKind>,
    /// `None`: no results shown.
    pub hits: Option<Vec<SearchHit>>,
    pub error: Option<String>,
}

type Answer<T> = Result<T, ShellError>;

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Retry,
    UnlockStateLoaded(Answer<UnlockState>),
    PassphraseInput(String),
    ConfirmInput(String),
    UnlockSubmit,
    Unlocked(Answer<Unlocked>),

    OverviewLoaded(Answer<WorkspaceOverview>),
    LoadSample,
    SampleLoaded(Answer<WorkspaceOverview>),
    ResumesLoaded(Answer<Vec<Resume>>),
    DismissBanner,
    Navigate(Nav),
    OpenApplication(ApplicationId),
    FilterChanged(Option<ApplicationStatus>),
    SearchInput(String),
    SearchKindChanged(Option<SearchKind>),
    SearchDone(String, Answer<Vec<SearchHit>>),
    SimilarLoaded(ApplicationId, Answer<Vec<SimilarApplication>>),
    FitLoaded(ApplicationId, Answer<Vec<jobforge_types::ResumeFit>>),
    RefreshFit,
    ShowFit(ResumeId),
    OpenHit(usize),
    Shortcut(Shortcut),
    OpenLink(String),
    /// A failure to show in the banner (an unreadable event, the opener).
    Failed(ShellError),

    NewAppInput(NewAppField, String),
    NewAppPriority(Priority),
    CreateApplication,
    Created(Answer<Created>),

    DetailLoaded(ApplicationId, Answer<ApplicationDetail>),
    NotesInput(String),
    SaveNotes,
    NotesSaved(ApplicationId, Answer<()>),
    ChangeStatus(ApplicationStatus),
    StatusChanged(ApplicationId, Answer<()>),
    RunResumeChosen(Option<ResumeId>),
    Run(Vec<Phase>),
    CancelRun,
    RunCancelled(Answer<()>),
    Pipeline(PipelineProgress),
    RunFinished(ApplicationId, Answer<()>),
    SelectTab(DocumentKind),
    EditorInput(String),
    SaveDocument,
    CancelEdit,
    DocumentSaved(ApplicationId, Answer<()>),
    VersionsLoaded(DocumentRef, Answer<Vec<DocumentVersion>>),
    RestoreVersion(u32),
    Restored(ApplicationId, Answer<()>),
    AcceptFlag(TruthFlagId),
    FlagAccepted(ApplicationId, Answer<()>),

    NewResume,
    EditResume(ResumeId),
    ResumeNameInput(String),
    ResumeContentInput(String),
    ResumePrimaryInput(bool),
    SaveResume,
    CancelResume,
    ResumeSaved(Answer<()>),
    PickResumeFile,
    FilePicked(Answer<Option<String>>),
    FileRead(String, Answer<String>),
    SetPrimary(ResumeId),
    AskDeleteResume(ResumeId),
    ConfirmDelete,
    CancelDelete,
    ResumeChanged(Answer<()>),

    /// "Import file…" in the library.
    ImportResumeFile,
    ImportFilePicked(Answer<Option<String>>),
    /// The preview of the file at this path.
    ImportPreviewed(String, Answer<ImportPreview>),
    ImportNameInput(String),
    ImportFocusInput(FocusArea),
    ImportPrimaryInput(bool),
    SaveImport,
    CancelImport,
    ResumeImported(String, Answer<ImportedToLibrary>),

    CaptureUrlInput(String),
    /// "Fetch": read the posting at the typed address.
    FetchPosting,
    /// "From file…".
    CapturePostingFile,
    PostingFilePicked(Answer<Option<String>>),
    /// The capture of this address or file.
    PostingCaptured(String, Answer<CapturedJob>),

    /// "Export…" on a document or a resume.
    OpenExport(ExportSubject),
    ExportFormatChosen(ExportFormat),
    ExportPaperChosen(PaperSize),
    ExportFreshLayout(bool),
    /// "Choose where to save…": the save dialog, then the export.
    ChooseExportPath,
    ExportNameSuggested(ExportSubject, Answer<String>),
    ExportPathPicked(ExportSubject, Answer<Option<String>>),
    Exported(ExportSubject, Answer<ExportDone>),
    CloseExport,
    /// From a truth-gate refusal: to the document's flags.
    ReviewFlags,

    SettingsLoaded(Answer<SettingsView>),
    EngineChanged(jobforge_types::EngineKind),
    EmbedderChanged(jobforge_types::EmbedderKind),
    MiniLmDirInput(String),
    EmbeddingEngineChanged(jobforge_types::EngineKind),
    EmbeddingModelInput(String),
    SaveEmbedding,
    RefreshIndex,
    CancelReindex,
    /// An answer to `index_status`, or the indexer's event.
    IndexStatusLoaded(Answer<jobforge_types::IndexStatus>),
    /// "Download the model", "Try again" and "Continue the download".
    DownloadModel,
    CancelModelDownload,
    ModelDownloadCancelAsked(Answer<()>),
    ModelDownloadProgress(ModelDownloadProgress),
    ModelDownloaded(Answer<SettingsView>),
    ModelInput(String),
    BaseUrlInput(String),
    SaveAi,
    AiSaved(Answer<()>),
    ApiKeyInput(String),
    SaveKey,
    DeleteKey,
    KeyChanged(KeyAction, Answer<()>),
    TestConnection,
    ConnectionTested(Answer<Tested>),
    ProfileNameInput(String),
    ProfileEmailInput(String),
    ProfileLinesInput(String),
    SaveProfile,
    ProfileSaved(Answer<()>),
    SampleTitleInput(String),
    SampleContentInput(String),
    AddSample,
    SampleAdded(Answer<()>),
    DeleteSample(WritingSampleId),
    SampleDeleted(Answer<()>),

    DashboardLoaded(Answer<Dashboard>),
}

/// Work for the app shell: each shell call answers with a [`Msg`].
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    UnlockState,
    Unlock(UnlockRequest),
    Overview,
    LoadSample,
    ListResumes,
    CreateApplication(NewApplication),
    Detail(ApplicationId),
    UpdateApplication(UpdateApplication),
    SetStatus(SetStatus),
    Run(RunRequest),
    CancelRun,
    SaveDocument(SaveDocument),
    Versions(DocumentRef),
    Restore(RestoreVersion),
    AcceptFlag(ApplicationId, FlagRef),
    AddResume(NewResume),
    UpdateResume(UpdateResume),
    DeleteResume(ResumeRef),
    SetPrimaryResume(ResumeRef),
    /// The file dialog, for a resume.
    PickFile,
    /// `read_text_file` with the picked path.
    ReadFile(String),
    /// The file dialog, for a resume to import (PDF, DOCX, Markdown, text,
    /// JSON Resume).
    PickImportFile,
    PreviewImport(ImportFile),
    ImportResume(ImportResume),
    /// The file dialog, for a job posting.
    PickPostingFile,
    Capture(CaptureJob),
    SuggestExportName(SuggestExportName),
    /// The save dialog, proposing `suggested`, filtered to `format`.
    PickSavePath {
        subject: ExportSubject,
        suggested: String,
        format: ExportFormat,
    },
    Export(ExportSubject, ExportRequest),
    Settings,
    SaveAi(AiSettings),
    SetKey(SetApiKey),
    DeleteKey(EngineRef),
    TestConnection(EngineRef),
    SetProfile(ProfileUpdate),
    AddSample(NewWritingSample),
    DeleteSample(WritingSampleRef),
    Search(SearchRequest),
    Similar(ApplicationId),
    MatchResumes(ApplicationId),
    IndexStatus,
    CancelReindex,
    DownloadModel(DownloadModel),
    CancelModelDownload,
    Dashboard,
    /// Moves the keyboard focus to the element with this id after render.
    Focus(&'static str),
    /// Opens an http(s) or mailto link with the system's opener.
    OpenUrl(String),
}

/// Everything the UI knows.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub boot: Boot,
    pub data_dir: String,
    pub newly_created: bool,
    /// Every application, newest first.
    pub applications: Vec<Application>,
    /// The resume library, primary first; `None` until loaded.
    pub resumes: Option<Vec<Resume>>,
    pub filter: Option<ApplicationStatus>,
    pub search: SearchState,
    pub view: View,
    /// Shown in `#error-banner` until dismissed.
    pub banner: Option<ShellError>,
    pub loading_sample: bool,
    pub new_app: NewApplicationForm,
    pub detail: Option<DetailState>,
    /// The tab to open once the next detail arrives (from a search hit).
    pub pending_tab: Option<DocumentKind>,
    pub run: RunState,
    /// The resume being added or edited (library and onboarding).
    pub resume_form: Option<ResumeForm>,
    /// The resume whose deletion waits for confirmation.
    pub confirm_delete: Option<ResumeId>,
    /// The resume import panel of the library.
    pub import: Option<ImportState>,
    /// A line for the library after an import.
    pub library_notice: Option<String>,
    /// The export panel of a document or a resume (one at a time).
    pub export: Option<ExportPanel>,
    pub settings: Option<SettingsState>,
    pub dashboard: Option<Dashboard>,
}

impl Default for Model {
    fn default() -> Self {
        Self {
            boot: Boot::Checking,
            data_dir: String::new(),
            newly_created: false,
            applications: Vec::new(),
            resumes: None,
            filter: None,
            search: SearchState::default(),
            view: View::Home,
            banner: None,
            loading_sample: false,
            new_app: NewApplicationForm::default(),
            detail: None,
            pending_tab: None,
            run: RunState::default(),
            resume_form: None,
            confirm_delete: None,
            import: None,
            library_notice: None,
            export: None,
            settings: None,
            dashboard: None,
        }
    }
}

/// The notice once the meaning model is downloaded and chosen.
pub const DOWNLOADED: &str = "all-MiniLM-L6-v2 is downloaded and is now the meaning model. \
     Your library is being re-indexed; searches use the current index until it is done.";

/// The message for a file dialog or file reading that the shell lacks.
pub const FILE_UNAVAILABLE: &str = "Opening files is not available in this version of the desktop \
     app. Paste the resume into the form instead.";

/// The message for a save dialog or export the shell lacks.
pub const SAVE_UNAVAILABLE: &str =
    "Saving files is not available in this version of the desktop app.";

/// The message for a file dialog the shell lacks, in the import panel.
pub const OPEN_UNAVAILABLE: &str =
    "Opening files is not available in this version of the desktop app.";

/// An error that says a shell command or plugin is missing (see `ipc`).
pub fn is_unavailable(error: &ShellError) -> bool {
    error.kind == ShellErrorKind::Internal && error.message.starts_with(crate::ipc::UNAVAILABLE)
}

/// The id of the new-application input for a field wire name.
fn new_app_input(field: &str) -> Option<&'static str> {
    Some(match field {
        "company" => "new-company",
        "role_title" => "new-role",
        "job_description" => "new-description",
        "location" => "new-location",
        "deadline" => "new-deadline",
        "job_url" => "new-url",
        "notes" => "new-notes",
        _ => return None,
    })
}

const NEW_APP_ORDER: [&str; 7] = [
    "company",
    "role_title",
    "job_description",
    "location",
    "deadline",
    "job_url",
    "notes",
];

impl Model {
    /// The effects to run when the app starts.
    pub fn init() -> Vec<Effect> {
        vec![Effect::UnlockState]
    }

    pub fn is_open(&self) -> bool {
        self.boot == Boot::Open
    }

    /// An open workspace with no applications and no resumes.
    pub fn is_first_run(&self) -> bool {
        self.is_open()
            && self.applications.is_empty()
            && self.resumes.as_ref().is_some_and(Vec::is_empty)
    }

    /// The list under the status filter.
    pub fn visible_applications(&self) -> impl Iterator<Item = &Application> {
        self.applications
            .iter()
            .filter(move |a| self.filter.is_none_or(|s| a.status == s))
    }

    pub fn open_application(&self) -> Option<ApplicationId> {
        match self.view {
            View::Application(id) => Some(id),
            _ => None,
        }
    }

    /// The detail of the open application, when loaded.
    pub fn open_detail(&self) -> Option<&DetailState> {
        let id = self.open_application()?;
        self.detail.as_ref().filter(|d| d.id() == id)
    }

    fn open_detail_mut(&mut self) -> Option<&mut DetailState> {
        let id = self.open_application()?;
        self.detail.as_mut().filter(|d| d.id() == id)
    }

    fn is_viewing(&self, id: ApplicationId) -> bool {
        self.open_application() == Some(id)
    }

    fn open_workspace(&mut self, overview: WorkspaceOverview) -> Vec<Effect> {
        self.boot = Boot::Open;
        self.data_dir = overview.data_dir;
        self.newly_created = overview.newly_created;
        self.applications = overview.applications;
        self.view = View::Home;
        vec![Effect::ListResumes, Effect::Dashboard]
    }

    /// A failed command: inline messages for a form when the shell names
    /// fields, the banner otherwise.
    fn form_failure(banner: &mut Option<ShellError>, errors: &mut FieldErrors, error: ShellError) {
        if error.kind == ShellErrorKind::Invalid && !error.fields.is_empty() {
            *errors = FieldErrors::from_problems(&error.fields);
        } else {
            *banner = Some(error);
        }
    }

    fn after<T>(&mut self, answer: Answer<T>, effects: Vec<Effect>) -> Vec<Effect> {
        match answer {
            Ok(_) => effects,
            Err(error) => {
                self.banner = Some(error);
                Vec::new()
            }
        }
    }

    fn navigate(&mut self, nav: Nav) -> Vec<Effect> {
        if !self.is_open() {
            return Vec::new();
        }
        self.search.hits = None;
        self.close_export_elsewhere(None);
        match nav {
            Nav::NewApplication => {
                self.view = View::NewApplication;
                vec![Effect::Focus("new-company")]
            }
            Nav::Resumes => {
                self.view = View::Resumes;
                vec![Effect::ListResumes]
            }
            Nav::Settings => {
                self.view = View::Settings;
                if self.settings.is_some() {
                    // Back to a form already loaded: the index may have moved on.
                    vec![Effect::Settings, Effect::IndexStatus]
                } else {
                    vec![Effect::Settings]
                }
            }
            Nav::Dashboard => {
                self.view = View::Dashboard;
                vec![Effect::Dashboard]
            }
        }
    }

    /// The search for what is typed, narrowed by the kind chosen beside the
    /// results and the list's status filter.
    fn search_effect(&self) -> Vec<Effect> {
        let query = self.search.query.trim();
        if query.is_empty() {
            return Vec::new();
        }
        vec![Effect::Search(SearchRequest {
            query: query.to_owned(),
            limit: 20,
            filter: SearchFilter {
                kinds: self.search.kind.into_iter().collect(),
                statuses: self.filter.into_iter().collect(),
            },
        })]
    }

    fn open_app(&mut self, id: ApplicationId) -> Vec<Effect> {
        if !self.is_open() {
            return Vec::new();
        }
        self.view = View::Application(id);
        self.search.hits = None;
        if !matches!(self.export.as_ref().map(|p| p.subject), Some(ExportSubject::Document { application, .. }) if application == id)
        {
            self.export = None;
        }
        vec![Effect::Detail(id)]
    }

    /// The versions of the open document, when the list shown is missing or
    /// out of date.
    fn versions_if_stale(&self) -> Vec<Effect> {
        let Some(detail) = self.open_detail() else {
            return Vec::new();
        };
        let Some(document) = detail.document(detail.tab) else {
            return Vec::new();
        };
        let shown = match &detail.versions {
            Some((kind, versions)) if *kind == detail.tab => Some(versions.len()),
            _ => None,
        };
        if shown == Some(document.document.version_count as usize) {
            Vec::new()
        } else {
            vec![Effect::Versions(DocumentRef {
                application: detail.id(),
                kind: detail.tab,
            })]
        }
    }

    fn start_run(&mut self, phases: Vec<Phase>) -> Vec<Effect> {
        if self.run.running || phases.is_empty() {
            return Vec::new();
        }
        let Some(detail) = self.open_detail() else {
            return Vec::new();
        };
        let request = RunRequest {
            application: detail.id(),
            phases,
            resume: detail.run_resume,
        };
        self.run = RunState::start(request.application, &request.phases);
        vec![Effect::Run(request)]
    }

    fn save_document(&mut self) -> Vec<Effect> {
        let Some(detail) = self.open_detail_mut() else {
            return Vec::new();
        };
        if detail.saving.is_some() {
            return Vec::new();
        }
        match detail.save_request() {
            Ok(Some(request)) => {
                detail.saving = Some((request.kind, request.content.clone()));
                vec![Effect::SaveDocument(request)]
            }
            Ok(None) => Vec::new(),
            Err(errors) => {
                detail.document_errors = errors;
                vec![Effect::Focus("editor")]
            }
        }
    }

    fn shortcut(&mut self, shortcut: Shortcut) -> Vec<Effect> {
        if !self.is_open() {
            return Vec::new();
        }
        match shortcut {
            Shortcut::NewApplication => self.navigate(Nav::NewApplication),
            Shortcut::FocusSearch => vec![Effect::Focus("search")],
            Shortcut::Save => self.save_document(),
            Shortcut::Escape => {
                // The innermost thing open closes: the dialog, then the
                // search results, then the resume form.
                if self.confirm_delete.is_some() {
                    self.confirm_delete = None;
                } else if self.search.hits.is_some() {
                    self.search.hits = None;
                } else if self.export.is_some() {
                    self.export = None;
                } else if self.import.is_some() {
                    self.import = None;
                } else {
                    self.resume_form = None;
                }
                Vec::new()
            }
        }
    }

    fn resume_form_mut(&mut self) -> Option<&mut ResumeForm> {
        self.resume_form.as_mut()
    }

    fn settings_mut(&mut self) -> Option<&mut SettingsState> {
        self.settings.as_mut()
    }

    /// The model after `msg`, and what to do about it.
    pub fn apply(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Retry => {
                *self = Self::default();
                Self::init()
            }
            Msg::UnlockStateLoaded(Ok(UnlockState::Open { overview })) => {
                self.open_workspace(overview)
            }
            Msg::UnlockStateLoaded(Ok(UnlockState::NeedsPassphrase)) => {
                self.boot = Boot::Locked(UnlockForm::new(false));
                vec![Effect::Focus("passphrase")]
            }
            Msg::UnlockStateLoaded(Ok(UnlockState::NeedsNewPassphrase)) => {
                self.boot = Boot::Locked(UnlockForm::new(true));
                vec![Effect::Focus("passphrase")]
            }
            Msg::UnlockStateLoaded(Err(error)) => {
                self.boot = Boot::Failed(error);
                Vec::new()
            }
            Msg::PassphraseInput(text) => {
                if let Boot::Locked(form) = &mut self.boot {
                    form.passphrase = text;
                    form.error = None;
                }
                Vec::new()
            }
            Msg::ConfirmInput(text) => {
                if let Boot::Locked(form) = &mut self.boot {
                    form.confirm = text;
                    form.error = None;
                }
                Vec::new()
            }
            Msg::UnlockSubmit => {
                let Boot::Locked(form) = &mut self.boot else {
                    return Vec::new();
                };
                if form.busy {
                    return Vec::new();
                }
                match form.request() {
                    Ok(request) => {
                        form.busy = true;
                        form.error = None;
                        vec![Effect::Unlock(request)]
                    }
                    Err(problem) => {
                        let focus = if form.new && !form.passphrase.is_empty() {
                            "passphrase-confirm"
                        } else {
                            "passphrase"
                        };
                        form.error = Some(problem);
                        vec![Effect::Focus(focus)]
                    }
                }
            }
            Msg::Unlocked(Ok(Unlocked::Overview(overview)))
            | Msg::Unlocked(Ok(Unlocked::State(UnlockState::Open { overview }))) => {
                self.open_workspace(overview)
            }
            Msg::Unlocked(Ok(_)) => {
                // Still locked, or an answer without the overview: ask again.
                if let Boot::Locked(form) = &mut self.boot {
                    form.busy = false;
                }
                vec![Effect::UnlockState]
            }
            Msg::Unlocked(Err(error)) => match &mut self.boot {
                Boot::Locked(form) => {
                    form.refused(&error);
                    vec![Effect::Focus("passphrase")]
                }
                _ => {
                    self.banner = Some(error);
                    Vec::new()
                }
            },

            Msg::OverviewLoaded(Ok(overview)) => {
                self.data_dir = overview.data_dir;
                self.applications = overview.applications;
                Vec::new()
            }
            Msg::OverviewLoaded(Err(error)) => self.after(Err::<(), _>(error), Vec::new()),
            Msg::LoadSample => {
                if self.loading_sample || !self.is_open() {
                    return Vec::new();
                }
                self.loading_sample = true;
                vec![Effect::LoadSample]
            }
            Msg::SampleLoaded(answer) => {
                self.loading_sample = false;
                match answer {
                    Ok(overview) => {
                        self.applications = overview.applications;
                        self.view = View::Home;
                        vec![Effect::ListResumes, Effect::Dashboard]
                    }
                    Err(error) => self.after(Err::<(), _>(error), Vec::new()),
                }
            }
            Msg::ResumesLoaded(Ok(mut resumes)) => {
                resumes.sort_by_key(|r| !r.is_primary);
                self.resumes = Some(resumes);
                Vec::new()
            }
            Msg::ResumesLoaded(Err(error)) => self.after(Err::<(), _>(error), Vec::new()),
            Msg::DismissBanner => {
                self.banner = None;
                Vec::new()
            }
            Msg::Navigate(nav) => self.navigate(nav),
            Msg::OpenApplication(id) => self.open_app(id),
            Msg::FilterChanged(filter) => {
                self.filter = filter;
                if self.search.hits.is_some() {
                    return self.search_effect();
                }
                Vec::new()
            }
            Msg::SearchInput(query) => {
                self.search.error = None;
                self.search.query = query;
                if self.search.query.trim().is_empty() {
                    self.search.hits = None;
                }
                self.search_effect()
            }
            Msg::SearchKindChanged(kind) => {
                self.search.kind = kind;
                self.search_effect()
            }
            Msg::FitLoaded(id, answer) => {
                if let Some(detail) = self.detail.as_mut().filter(|d| d.id() == id) {
                    // Shown in the fit panel (no resume yet, a model folder
                    // missing), not in the banner: it is not a failed action.
                    detail.fit = Some(answer.map_err(|e| e.message));
                }
                Vec::new()
            }
            Msg::RefreshFit => match self.open_detail_mut() {
                Some(detail) => {
                    detail.fit = None;
                    vec![Effect::MatchResumes(detail.id())]
                }
                None => Vec::new(),
            },
            Msg::ShowFit(resume) => {
                if let Some(detail) = self.open_detail_mut() {
                    detail.fit_shown = Some(resume);
                }
                Vec::new()
            }
            Msg::SimilarLoaded(id, answer) => {
                if let Some(detail) = self.detail.as_mut().filter(|d| d.id() == id) {
                    // Not worth a banner: the list is a hint beside the work.
                    detail.similar = Some(answer.unwrap_or_default());
                }
                Vec::new()
            }
            Msg::SearchDone(query, answer) => {
                if query != self.search.query.trim() {
                    return Vec::new(); // a stale answer
                }
                match answer {
                    Ok(hits) => {
                        self.search.hits = Some(hits);
                        self.search.error = None;
                    }
                    Err(error) => {
                        self.search.hits = Some(Vec::new());
                        self.search.error = Some(error.message);
                    }
                }
                Vec::new()
            }
            Msg::OpenHit(index) => {
                let Some(hit) = self.search.hits.as_ref().and_then(|h| h.get(index)) else {
                    return Vec::new();
                };
                match hit.target.clone() {
                    SearchHitKind::Application { id } => self.open_app(id),
                    SearchHitKind::Document {
                        application_id,
                        kind,
                    } => {
                        if let Some(detail) =
                            self.detail.as_mut().filter(|d| d.id() == application_id)
                        {
                            detail.tab = kind;
                        } else {
                            self.pending_tab = Some(kind);
                        }
                        self.open_app(application_id)
                    }
                    SearchHitKind::Resume { id } => {
                        let mut effects = self.navigate(Nav::Resumes);
                        if let Some(resume) = self.resume(id) {
                            self.resume_form = Some(edit_form(resume));
                            effects.push(Effect::Focus("resume-name"));
                        }
                        effects
                    }
                }
            }
            Msg::Shortcut(shortcut) => self.shortcut(shortcut),
            Msg::OpenLink(url) => {
                if is_safe_link(&url) {
                    vec![Effect::OpenUrl(url)]
                } else {
                    Vec::new()
                }
            }
            Msg::Failed(error) => self.after(Err::<(), _>(error), Vec::new()),

            Msg::NewAppInput(field, value) => {
                self.new_app.set(field, value);
                Vec::new()
            }
            Msg::NewAppPriority(priority) => {
                self.new_app.priority = priority;
                Vec::new()
            }
            Msg::CreateApplication => {
                if self.new_app.busy {
                    return Vec::new();
                }
                match self.new_app.request() {
                    Ok(request) => {
                        self.new_app.busy = true;
                        self.new_app.errors = FieldErrors::default();
                        vec![Effect::CreateApplication(request)]
                    }
                    Err(errors) => {
                        let first = NEW_APP_ORDER
                            .iter()
                            .find(|f| errors.get(f).is_some())
                            .and_then(|f| new_app_input(f));
                        self.new_app.errors = errors;
                        self.new_app.submitted = true;
                        first.map(Effect::Focus).into_iter().collect()
                    }
                }
            }
            Msg::Created(Ok(created)) => {
                self.new_app = NewApplicationForm::default();
                let mut effects = vec![Effect::Overview];
                match created {
                    Created::Application(application) => {
                        effects.extend(self.open_app(application.id));
                    }
                    Created::Detail(detail) => {
                        let id = detail.application.id;
                        self.detail = Some(DetailState::new(*detail));
                        self.view = View::Application(id);
                    }
                    Created::Other => self.view = View::Home,
                }
                effects
            }
            Msg::Created(Err(error)) => {
                self.new_app.busy = false;
                self.new_app.submitted = true;
                Self::form_failure(&mut self.banner, &mut self.new_app.errors, error);
                Vec::new()
            }

            Msg::DetailLoaded(id, Ok(detail)) => {
                if !self.is_viewing(id) {
                    return Vec::new();
                }
                let first_load = match self.detail.as_mut().filter(|d| d.id() == id) {
                    Some(state) => {
                        state.refresh(detail);
                        false
                    }
                    None => {
                        self.detail = Some(DetailState::new(detail));
                        true
                    }
                };
                if let Some(tab) = self.pending_tab.take()
                    && let Some(state) = self.detail.as_mut()
                {
                    state.tab = tab;
                }
                let mut effects = self.versions_if_stale();
                if first_load {
                    effects.push(Effect::Similar(id));
                    effects.push(Effect::MatchResumes(id));
                }
                effects
            }
            Msg::DetailLoaded(_, Err(error)) => self.after(Err::<(), _>(error), Vec::new()),
            Msg::NotesInput(text) => {
                if let Some(detail) = self.open_detail_mut() {
                    detail.notes_errors = FieldErrors::default();
                    detail.notes = (text != detail.detail.application.notes).then_some(text);
                }
                Vec::new()
            }
            Msg::SaveNotes => {
                let Some(detail) = self.open_detail_mut() else {
                    return Vec::new();
                };
                match detail.notes_request() {
                    Ok(Some(request)) => vec![Effect::UpdateApplication(request)],
                    Ok(None) => Vec::new(),
                    Err(errors) => {
                        detail.notes_errors = errors;
                        vec![Effect::Focus("notes")]
                    }
                }
            }
            Msg::NotesSaved(id, Ok(())) => vec![Effect::Detail(id), Effect::Overview],
            Msg::NotesSaved(id, Err(error)) => {
                match self.detail.as_mut().filter(|d| d.id() == id) {
                    Some(detail) => {
                        Self::form_failure(&mut self.banner, &mut detail.notes_errors, error);
                    }
                    None => self.banner = Some(error),
                }
                Vec::new()
            }
            Msg::ChangeStatus(status) => match self.open_detail() {
                Some(detail) if detail.detail.application.status != status => {
                    vec![Effect::SetStatus(SetStatus {
                        id: detail.id(),
                        status,
                    })]
                }
                _ => Vec::new(),
            },
            Msg::StatusChanged(id, answer) => self.after(
                answer,
                vec![Effect::Detail(id), Effect::Overview, Effect::Dashboard],
            ),
            Msg::RunResumeChosen(resume) => {
                if let Some(detail) = self.open_detail_mut() {
                    detail.run_resume = resume;
                }
                Vec::new()
            }
            Msg::Run(phases) => self.start_run(phases),
            Msg::CancelRun => {
                if !self.run.running || self.run.cancelling {
                    return Vec::new();
                }
                self.run.cancelling = true;
                vec![Effect::CancelRun]
            }
            Msg::RunCancelled(answer) => {
                if answer.is_err() {
                    self.run.cancelling = false;
                }
                self.after(answer, Vec::new())
            }
            Msg::Pipeline(progress) => {
                let Some((phase, outcome)) = self.run.apply(&progress) else {
                    return Vec::new();
                };
                if !self.is_viewing(progress.application) {
                    return Vec::new();
                }
                if outcome == RunOutcome::Succeeded
                    && let Some(detail) = self.open_detail_mut()
                    && !detail.is_dirty()
                {
                    detail.tab = phase.document_kind();
                }
                vec![Effect::Detail(progress.application)]
            }
            Msg::RunFinished(id, answer) => {
                self.run.finish(answer);
                let mut effects = vec![Effect::Overview];
                if self.is_viewing(id) {
                    effects.insert(0, Effect::Detail(id));
                }
                effects
            }
            Msg::SelectTab(kind) => {
                if let Some(detail) = self.open_detail_mut() {
                    detail.tab = kind;
                    detail.document_errors = FieldErrors::default();
                    let shown = ExportSubject::Document {
                        application: detail.id(),
                        kind,
                    };
                    self.close_export_elsewhere(Some(shown));
                }
                self.versions_if_stale()
            }
            Msg::EditorInput(text) => {
                if let Some(detail) = self.open_detail_mut() {
                    detail.edit(text);
                }
                Vec::new()
            }
            Msg::SaveDocument => self.save_document(),
            Msg::CancelEdit => {
                if let Some(detail) = self.open_detail_mut() {
                    detail.cancel_edit();
                }
                Vec::new()
            }
            Msg::DocumentSaved(id, answer) => {
                let Some(detail) = self.detail.as_mut().filter(|d| d.id() == id) else {
                    return self.after(answer, Vec::new());
                };
                match answer {
                    Ok(()) => {
                        detail.saved();
                        vec![Effect::Detail(id), Effect::Overview]
                    }
                    Err(error) => {
                        detail.saving = None;
                        Self::form_failure(&mut self.banner, &mut detail.document_errors, error);
                        Vec::new()
                    }
                }
            }
            Msg::VersionsLoaded(reference, Ok(versions)) => {
                if let Some(detail) = self
                    .detail
                    .as_mut()
                    .filter(|d| d.id() == reference.application)
                {
                    detail.versions = Some((reference.kind, versions));
                }
                Vec::new()
            }
            Msg::VersionsLoaded(_, Err(error)) => self.after(Err::<(), _>(error), Vec::new()),
            Msg::RestoreVersion(number) => {
                let Some(detail) = self.open_detail_mut() else {
                    return Vec::new();
                };
                detail.cancel_edit();
                vec![Effect::Restore(RestoreVersion {
                    application: detail.id(),
                    kind: detail.tab,
                    number,
                })]
            }
            Msg::Restored(id, answer) => self.after(answer, vec![Effect::Detail(id)]),
            Msg::AcceptFlag(flag) => match self.open_detail() {
                Some(detail) => vec![Effect::AcceptFlag(detail.id(), FlagRef { id: flag })],
                None => Vec::new(),
            },
            Msg::FlagAccepted(id, answer) => self.after(answer, vec![Effect::Detail(id)]),

            Msg::NewResume => {
                let first = self.resumes.as_ref().is_none_or(Vec::is_empty);
                self.resume_form = Some(ResumeForm {
                    primary: first,
                    ..ResumeForm::default()
                });
                vec![Effect::Focus("resume-name")]
            }
            Msg::EditResume(id) => match self.resume(id) {
                Some(resume) => {
                    self.resume_form = Some(edit_form(resume));
                    vec![Effect::Focus("resume-name")]
                }
                None => Vec::new(),
            },
            Msg::ResumeNameInput(text) => {
                if let Some(form) = self.resume_form_mut() {
                    form.name = text;
                }
                Vec::new()
            }
            Msg::ResumeContentInput(text) => {
                if let Some(form) = self.resume_form_mut() {
                    form.content = text;
                }
                Vec::new()
            }
            Msg::ResumePrimaryInput(primary) => {
                if let Some(form) = self.resume_form_mut() {
                    form.primary = primary;
                }
                Vec::new()
            }
            Msg::SaveResume => {
                let Some(form) = self.resume_form.as_mut() else {
                    return Vec::new();
                };
                if form.busy {
                    return Vec::new();
                }
                match form.request() {
                    Ok(request) => {
                        form.busy = true;
                        form.errors = FieldErrors::default();
                        vec![match request {
                            ResumeRequest::Add(resume) => Effect::AddResume(resume),
                            ResumeRequest::Update(update) => Effect::UpdateResume(update),
                        }]
                    }
                    Err(errors) => {
                        let focus = if errors.get("resume_name").is_some() {
                            "resume-name"
                        } else {
                            "resume-content"
                        };
                        form.errors = errors;
                        vec![Effect::Focus(focus)]
                    }
                }
            }
            Msg::CancelResume => {
                self.resume_form = None;
                Vec::new()
            }
            Msg::ResumeSaved(Ok(())) => {
                self.resume_form = None;
                let mut effects = vec![Effect::ListResumes];
                if self.view == View::Home {
                    // Onboarding: the next step is the posting.
                    effects.extend(self.navigate(Nav::NewApplication));
                }
                effects
            }
            Msg::ResumeSaved(Err(error)) => {
                match self.resume_form.as_mut() {
                    Some(form) => {
                        form.busy = false;
                        Self::form_failure(&mut self.banner, &mut form.errors, error);
                    }
                    None => self.banner = Some(error),
                }
                Vec::new()
            }
            Msg::PickResumeFile => vec![Effect::PickFile],
            Msg::FilePicked(Ok(Some(path))) => vec![Effect::ReadFile(path)],
            Msg::FilePicked(Ok(None)) => Vec::new(),
            Msg::FilePicked(Err(error)) | Msg::FileRead(_, Err(error)) => {
                self.banner = Some(if is_unavailable(&error) {
                    ShellError {
                        kind: ShellErrorKind::User,
                        message: FILE_UNAVAILABLE.to_owned(),
                        fields: Vec::new(),
                    }
                } else {
                    error
                });
                Vec::new()
            }
            Msg::FileRead(path, Ok(text)) => {
                let form = self.resume_form.get_or_insert_with(|| ResumeForm {
                    primary: self.resumes.as_ref().is_none_or(Vec::is_empty),
                    ..ResumeForm::default()
                });
                if form.name.trim().is_empty() {
                    form.name = crate::forms::name_from_path(&path);
                }
                form.content = text;
                vec![Effect::Focus("resume-content")]
            }
            Msg::SetPrimary(id) => vec![Effect::SetPrimaryResume(ResumeRef { id })],
            Msg::AskDeleteResume(id) => {
                self.confirm_delete = Some(id);
                vec![Effect::Focus("cancel-delete")]
            }
            Msg::ConfirmDelete => match self.confirm_delete.take() {
                Some(id) => {
                    if self.resume_form.as_ref().and_then(|f| f.id) == Some(id) {
                        self.resume_form = None;
                    }
                    vec![Effect::DeleteResume(ResumeRef { id })]
                }
                None => Vec::new(),
            },
            Msg::CancelDelete => {
                self.confirm_delete = None;
                Vec::new()
            }
            Msg::ResumeChanged(answer) => self.after(answer, vec![Effect::ListResumes]),

            Msg::ImportResumeFile
            | Msg::ImportFilePicked(_)
            | Msg::ImportPreviewed(..)
            | Msg::ImportNameInput(_)
            | Msg::ImportFocusInput(_)
            | Msg::ImportPrimaryInput(_)
            | Msg::SaveImport
            | Msg::CancelImport
            | Msg::ResumeImported(..) => self.import_msg(msg),
            Msg::CaptureUrlInput(_)
            | Msg::FetchPosting
            | Msg::CapturePostingFile
            | Msg::PostingFilePicked(_)
            | Msg::PostingCaptured(..) => self.capture_msg(msg),
            Msg::OpenExport(_)
            | Msg::ExportFormatChosen(_)
            | Msg::ExportPaperChosen(_)
            | Msg::ExportFreshLayout(_)
            | Msg::ChooseExportPath
            | Msg::ExportNameSuggested(..)
            | Msg::ExportPathPicked(..)
            | Msg::Exported(..)
            | Msg::CloseExport
            | Msg::ReviewFlags => self.export_msg(msg),

            Msg::SettingsLoaded(Ok(loaded)) => match self.settings_mut() {
                Some(settings) => {
                    settings.reload(loaded);
                    Vec::new()
                }
                None => {
                    self.settings = Some(SettingsState::new(loaded));
                    // Asked only now: an answer before the form exists would
                    // have nowhere to go.
                    vec![Effect::IndexStatus]
                }
            },
            Msg::SettingsLoaded(Err(error)) => self.after(Err::<(), _>(error), Vec::new()),
            Msg::EngineChanged(engine) => {
                if let Some(settings) = self.settings_mut() {
                    settings.select_engine(engine);
                    settings.notice = None;
                }
                Vec::new()
            }
            Msg::ModelInput(text) => {
                if let Some(settings) = self.settings_mut() {
                    settings.model = text;
                }
                Vec::new()
            }
            Msg::EmbedderChanged(kind) => {
                if let Some(settings) = self.settings_mut() {
                    settings.embedder = kind;
                    settings.notice = None;
                }
                Vec::new()
            }
            Msg::MiniLmDirInput(text) => {
                if let Some(settings) = self.settings_mut() {
                    settings.minilm_dir = text;
                }
                Vec::new()
            }
            Msg::EmbeddingEngineChanged(engine) => {
                if let Some(settings) = self.settings_mut() {
                    settings.provider_engine = engine;
                }
                Vec::new()
            }
            Msg::EmbeddingModelInput(text) => {
                if let Some(settings) = self.settings_mut() {
                    settings.provider_model = text;
                }
                Vec::new()
            }
            Msg::SaveEmbedding => match self.settings_mut() {
                Some(settings) => {
                    settings.notice = None;
                    vec![Effect::SaveAi(settings.embedding_request())]
                }
                None => Vec::new(),
            },
            Msg::RefreshIndex => vec![Effect::IndexStatus],
            Msg::CancelReindex => vec![Effect::CancelReindex],
            Msg::IndexStatusLoaded(answer) => match answer {
                Ok(status) => {
                    if let Some(settings) = self.settings_mut() {
                        settings.index = Some(status);
                    }
                    Vec::new()
                }
                Err(error) => self.after(Err::<(), _>(error), Vec::new()),
            },
            Msg::DownloadModel => match self.settings_mut().and_then(SettingsState::start_download)
            {
                Some(request) => vec![
                    Effect::DownloadModel(request),
                    Effect::Focus("cancel-download"),
                ],
                None => Vec::new(),
            },
            Msg::CancelModelDownload => {
                if self
                    .settings_mut()
                    .is_some_and(SettingsState::cancel_download)
                {
                    vec![Effect::CancelModelDownload]
                } else {
                    Vec::new()
                }
            }
            Msg::ModelDownloadCancelAsked(answer) => {
                if answer.is_err()
                    && let Some(settings) = self.settings_mut()
                {
                    settings.cancel_refused();
                }
                self.after(answer, Vec::new())
            }
            Msg::ModelDownloadProgress(progress) => {
                if let Some(settings) = self.settings_mut() {
                    settings.download_progress(&progress);
                }
                Vec::new()
            }
            Msg::ModelDownloaded(Ok(loaded)) => match self.settings_mut() {
                Some(settings) => {
                    settings.download = None;
                    settings.reload(loaded);
                    settings.notice = Some(DOWNLOADED.to_owned());
                    // The switch started a re-index.
                    vec![Effect::IndexStatus, Effect::Focus("embedder-select")]
                }
                None => Vec::new(),
            },
            Msg::ModelDownloaded(Err(error)) => match self.settings_mut() {
                Some(settings) if settings.download.is_some() => {
                    settings.download_stopped(error.message);
                    vec![Effect::Focus("download-model")]
                }
                _ => self.after(Err::<(), _>(error), Vec::new()),
            },
            Msg::BaseUrlInput(text) => {
                if let Some(settings) = self.settings_mut() {
                    settings.base_url = text;
                }
                Vec::new()
            }
            Msg::SaveAi => {
                let Some(settings) = self.settings_mut() else {
                    return Vec::new();
                };
                settings.notice = None;
                match settings.ai_request() {
                    Ok(ai) => {
                        settings.ai_errors = FieldErrors::default();
                        vec![Effect::SaveAi(ai)]
                    }
                    Err(errors) => {
                        settings.ai_errors = errors;
                        Vec::new()
                    }
                }
            }
            Msg::AiSaved(answer) => {
                let mut effects =
                    self.settings_saved(answer, "Settings saved.", |s| &mut s.ai_errors);
                if !effects.is_empty() {
                    // A new embedder starts a re-index.
                    effects.push(Effect::IndexStatus);
                }
                effects
            }
            Msg::ApiKeyInput(text) => {
                if let Some(settings) = self.settings_mut() {
                    settings.api_key = text;
                    settings.key_errors = FieldErrors::default();
                }
                Vec::new()
            }
            Msg::SaveKey => {
                let Some(settings) = self.settings_mut() else {
                    return Vec::new();
                };
                settings.notice = None;
                match settings.take_key() {
                    Ok(request) => vec![Effect::SetKey(request)],
                    Err(errors) => {
                        settings.key_errors = errors;
                        vec![Effect::Focus("api-key")]
                    }
                }
            }
            Msg::DeleteKey => match self.settings_mut() {
                Some(settings) if settings.uses_key() => {
                    settings.notice = None;
                    vec![Effect::DeleteKey(settings.engine_ref())]
                }
                _ => Vec::new(),
            },
            Msg::KeyChanged(action, answer) => {
                let notice = match action {
                    KeyAction::Stored => "The key is stored in the system keyring.",
                    KeyAction::Deleted => "The key is deleted.",
                };
                self.settings_saved(answer, notice, |s| &mut s.key_errors)
            }
            Msg::TestConnection => match self.settings_mut() {
                Some(settings) => {
                    settings.connection = Some(Connection::Testing);
                    vec![Effect::TestConnection(settings.engine_ref())]
                }
                None => Vec::new(),
            },
            Msg::ConnectionTested(answer) => {
                if let Some(settings) = self.settings_mut() {
                    settings.connection = Some(match answer {
                        Ok(Tested::Text(text)) if !text.trim().is_empty() => {
                            Connection::Works(text)
                        }
                        Ok(_) => Connection::Works("The connection works.".to_owned()),
                        Err(error) => Connection::Fails(error.message),
                    });
                }
                Vec::new()
            }
            Msg::ProfileNameInput(text) => {
                if let Some(settings) = self.settings_mut() {
                    settings.profile.full_name = text;
                }
                Vec::new()
            }
            Msg::ProfileEmailInput(text) => {
                if let Some(settings) = self.settings_mut() {
                    settings.profile.email = text;
                }
                Vec::new()
            }
            Msg::ProfileLinesInput(text) => {
                if let Some(settings) = self.settings_mut() {
                    settings.profile.lines = text;
                }
                Vec::new()
            }
            Msg::SaveProfile => {
                let Some(settings) = self.settings_mut() else {
                    return Vec::new();
                };
                settings.notice = None;
                match settings.profile.request() {
                    Ok(update) => {
                        settings.profile.errors = FieldErrors::default();
                        vec![Effect::SetProfile(update)]
                    }
                    Err(errors) => {
                        settings.profile.errors = errors;
                        Vec::new()
                    }
                }
            }
            Msg::ProfileSaved(answer) => {
                self.settings_saved(answer, "Profile saved.", |s| &mut s.profile.errors)
            }
            Msg::SampleTitleInput(text) => {
                if let Some(settings) = self.settings_mut() {
                    settings.sample.title = text;
                }
                Vec::new()
            }
            Msg::SampleContentInput(text) => {
                if let Some(settings) = self.settings_mut() {
                    settings.sample.content = text;
                }
                Vec::new()
            }
            Msg::AddSample => {
                let Some(settings) = self.settings_mut() else {
                    return Vec::new();
                };
                match settings.sample.request() {
                    Ok(sample) => {
                        settings.sample.errors = FieldErrors::default();
                        vec![Effect::AddSample(sample)]
                    }
                    Err(errors) => {
                        settings.sample.errors = errors;
                        Vec::new()
                    }
                }
            }
            Msg::SampleAdded(Ok(())) => {
                if let Some(settings) = self.settings_mut() {
                    settings.sample = Default::default();
                }
                vec![Effect::Settings]
            }
            Msg::SampleAdded(Err(error)) => {
                match self.settings.as_mut() {
                    Some(settings) => {
                        Self::form_failure(&mut self.banner, &mut settings.sample.errors, error);
                    }
                    None => self.banner = Some(error),
                }
                Vec::new()
            }
            Msg::DeleteSample(id) => vec![Effect::DeleteSample(WritingSampleRef { id })],
            Msg::SampleDeleted(answer) => self.after(answer, vec![Effect::Settings]),

            Msg::DashboardLoaded(Ok(dashboard)) => {
                self.dashboard = Some(dashboard);
                Vec::new()
            }
            Msg::DashboardLoaded(Err(error)) => self.after(Err::<(), _>(error), Vec::new()),
        }
    }

    fn settings_saved(
        &mut self,
        answer: Answer<()>,
        notice: &str,
        errors: impl FnOnce(&mut SettingsState) -> &mut FieldErrors,
    ) -> Vec<Effect> {
        match answer {
            Ok(()) => {
                if let Some(settings) = self.settings.as_mut() {
                    settings.notice = Some(notice.to_owned());
                }
                vec![Effect::Settings]
            }
            Err(error) => {
                match self.settings.as_mut() {
                    Some(settings) => Self::form_failure(&mut self.banner, errors(settings), error),
                    None => self.banner = Some(error),
                }
                Vec::new()
            }
        }
    }

    /// Closes the export panel unless it is the one for `shown`.
    fn close_export_elsewhere(&mut self, shown: Option<ExportSubject>) {
        if self.export.as_ref().map(|p| p.subject) != shown {
            self.export = None;
        }
    }

    fn import_msg(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::ImportResumeFile => {
                if self
                    .import
                    .as_ref()
                    .is_some_and(|i| i.stage == ImportStage::Saving)
                {
                    return Vec::new();
                }
                self.library_notice = None;
                vec![Effect::PickImportFile]
            }
            Msg::ImportFilePicked(Ok(Some(path))) => {
                let first = self.resumes.as_ref().is_none_or(Vec::is_empty);
                let import = ImportState::reading(path, first);
                let request = import.preview_request();
                self.import = Some(import);
                self.resume_form = None;
                vec![Effect::PreviewImport(request)]
            }
            Msg::ImportFilePicked(Ok(None)) => Vec::new(),
            Msg::ImportFilePicked(Err(error)) => {
                self.banner = Some(if is_unavailable(&error) {
                    user_message(OPEN_UNAVAILABLE)
                } else {
                    error
                });
                Vec::new()
            }
            Msg::ImportPreviewed(path, answer) => {
                let Some(import) = self.import.as_mut().filter(|i| i.path == path) else {
                    return Vec::new(); // another file was picked since
                };
                match answer {
                    Ok(preview) => {
                        import.previewed(preview);
                        vec![Effect::Focus("import-name")]
                    }
                    Err(error) => {
                        import.failed(error);
                        vec![Effect::Focus("cancel-import")]
                    }
                }
            }
            Msg::ImportNameInput(text) => {
                if let Some(import) = self.import.as_mut() {
                    import.name = text;
                    import.errors = FieldErrors::default();
                }
                Vec::new()
            }
            Msg::ImportFocusInput(focus) => {
                if let Some(import) = self.import.as_mut() {
                    import.focus_area = focus;
                }
                Vec::new()
            }
            Msg::ImportPrimaryInput(primary) => {
                if let Some(import) = self.import.as_mut() {
                    import.primary = primary;
                }
                Vec::new()
            }
            Msg::SaveImport => {
                let Some(import) = self.import.as_mut() else {
                    return Vec::new();
                };
                if import.stage != ImportStage::Ready {
                    return Vec::new();
                }
                match import.request() {
                    Ok(request) => {
                        import.stage = ImportStage::Saving;
                        import.error = None;
                        import.errors = FieldErrors::default();
                        vec![Effect::ImportResume(request)]
                    }
                    Err(errors) => {
                        import.error = errors.get("resume_content").map(str::to_owned);
                        let focus = errors.get("resume_name").map(|_| "import-name");
                        import.errors = errors;
                        focus.map(Effect::Focus).into_iter().collect()
                    }
                }
            }
            Msg::CancelImport => {
                if self.import.take().is_some() {
                    vec![Effect::Focus("import-resume")]
                } else {
                    Vec::new()
                }
            }
            Msg::ResumeImported(path, answer) => {
                let Some(import) = self.import.as_mut().filter(|i| i.path == path) else {
                    return self.after(answer, vec![Effect::ListResumes]);
                };
                match answer {
                    Ok(done) => {
                        self.import = None;
                        self.library_notice =
                            Some(format!("“{}” is now in your library.", done.resume.name));
                        vec![Effect::ListResumes, Effect::Focus("import-resume")]
                    }
                    Err(error) => {
                        import.failed(error);
                        let focus = if import.errors.get("resume_name").is_some() {
                            "import-name"
                        } else {
                            "save-import"
                        };
                        vec![Effect::Focus(focus)]
                    }
                }
            }
            _ => Vec::new(),
        }
    }

    fn capture_msg(&mut self, msg: Msg) -> Vec<Effect> {
        let form = &mut self.new_app;
        match msg {
            Msg::CaptureUrlInput(text) => {
                form.capture.url = text;
                form.capture.error = None;
                Vec::new()
            }
            Msg::FetchPosting => {
                if form.capture.is_busy() || form.busy {
                    return Vec::new();
                }
                match form.capture.url_request() {
                    Ok(url) => {
                        form.capture.pending = Some(url.clone());
                        form.capture.error = None;
                        vec![Effect::Capture(CaptureJob { source: url })]
                    }
                    Err(problem) => {
                        form.capture.error = Some(problem);
                        vec![Effect::Focus("capture-url")]
                    }
                }
            }
            Msg::CapturePostingFile => {
                if form.capture.is_busy() || form.busy {
                    return Vec::new();
                }
                vec![Effect::PickPostingFile]
            }
            Msg::PostingFilePicked(Ok(Some(path))) => {
                if form.capture.is_busy() {
                    return Vec::new();
                }
                form.capture.pending = Some(path.clone());
                form.capture.error = None;
                vec![Effect::Capture(CaptureJob { source: path })]
            }
            Msg::PostingFilePicked(Ok(None)) => Vec::new(),
            Msg::PostingFilePicked(Err(error)) => {
                form.capture.error = Some(if is_unavailable(&error) {
                    OPEN_UNAVAILABLE.to_owned()
                } else {
                    error.message
                });
                Vec::new()
            }
            Msg::PostingCaptured(source, answer) => {
                if form.capture.pending.as_deref() != Some(source.as_str()) {
                    return Vec::new(); // a stale answer
                }
                form.capture.pending = None;
                match answer {
                    Ok(captured) => {
                        let filled = fill_form(form, &captured);
                        let shown =
                            if source.starts_with("http://") || source.starts_with("https://") {
                                source
                            } else {
                                file_name_of(&source)
                            };
                        form.capture.summary = Some(CaptureSummary {
                            method: captured.posting.method,
                            source: shown,
                            filled,
                            notes: captured.posting.notes,
                        });
                        form.capture.error = None;
                        vec![Effect::Focus("capture-summary")]
                    }
                    Err(error) => {
                        form.capture.error = Some(error.message);
                        vec![Effect::Focus("capture-url")]
                    }
                }
            }
            _ => Vec::new(),
        }
    }

    /// The export panel, if it is the one for `subject`.
    fn export_for(&mut self, subject: ExportSubject) -> Option<&mut ExportPanel> {
        self.export.as_mut().filter(|p| p.subject == subject)
    }

    fn export_msg(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::OpenExport(subject) => {
                if self.export.as_ref().is_some_and(|p| p.subject == subject) {
                    return vec![Effect::Focus("export-format")];
                }
                self.export = Some(ExportPanel::new(subject));
                vec![Effect::Focus("export-format")]
            }
            Msg::ExportFormatChosen(format) => {
                if let Some(panel) = self.export.as_mut().filter(|p| !p.is_busy()) {
                    panel.choose(format);
                }
                Vec::new()
            }
            Msg::ExportPaperChosen(paper) => {
                if let Some(panel) = self.export.as_mut().filter(|p| !p.is_busy()) {
                    panel.paper = paper;
                }
                Vec::new()
            }
            Msg::ExportFreshLayout(fresh) => {
                if let Some(panel) = self.export.as_mut().filter(|p| !p.is_busy()) {
                    panel.fresh_layout = fresh;
                }
                Vec::new()
            }
            Msg::ChooseExportPath => {
                let Some(panel) = self.export.as_mut().filter(|p| !p.is_busy()) else {
                    return Vec::new();
                };
                panel.stage = ExportStage::Naming;
                panel.result = None;
                vec![Effect::SuggestExportName(panel.name_request())]
            }
            Msg::ExportNameSuggested(subject, answer) => {
                let Some(panel) = self
                    .export_for(subject)
                    .filter(|p| p.stage == ExportStage::Naming)
                else {
                    return Vec::new();
                };
                // Without a suggestion the dialog still opens, with a plain name.
                let suggested = answer.unwrap_or_else(|_| panel.fallback_name());
                panel.stage = ExportStage::Picking;
                vec![Effect::PickSavePath {
                    subject,
                    suggested,
                    format: panel.format,
                }]
            }
            Msg::ExportPathPicked(subject, answer) => {
                let Some(panel) = self
                    .export_for(subject)
                    .filter(|p| p.stage == ExportStage::Picking)
                else {
                    return Vec::new();
                };
                match answer {
                    Ok(Some(path)) => {
                        panel.stage = ExportStage::Writing;
                        vec![Effect::Export(subject, panel.request(path))]
                    }
                    Ok(None) => {
                        panel.stage = ExportStage::Choosing;
                        Vec::new()
                    }
                    Err(error) => {
                        panel.stage = ExportStage::Choosing;
                        panel.result = Some(ExportResult::Failed(if is_unavailable(&error) {
                            SAVE_UNAVAILABLE.to_owned()
                        } else {
                            error.message
                        }));
                        Vec::new()
                    }
                }
            }
            Msg::Exported(subject, answer) => {
                let Some(panel) = self
                    .export_for(subject)
                    .filter(|p| p.stage == ExportStage::Writing)
                else {
                    return self.after(answer, Vec::new());
                };
                panel.finished(answer);
                match panel.result {
                    Some(ExportResult::OpenFlags(_)) => vec![Effect::Focus("review-flags")],
                    _ => vec![Effect::Focus("export-result")],
                }
            }
            Msg::CloseExport => {
                let subject = self.export.take().map(|p| p.subject);
                match subject {
                    Some(ExportSubject::Document { .. }) => vec![Effect::Focus("export-document")],
                    _ => Vec::new(),
                }
            }
            Msg::ReviewFlags => {
                let Some(ExportSubject::Document { application, kind }) =
                    self.export.as_ref().map(|p| p.subject)
                else {
                    return Vec::new();
                };
                let Some(detail) = self.open_detail_mut().filter(|d| d.id() == application) else {
                    return Vec::new();
                };
                detail.tab = kind;
                let mut effects = self.versions_if_stale();
                effects.push(Effect::Focus("flags-title"));
                effects
            }
            _ => Vec::new(),
        }
    }

    pub fn resume(&self, id: ResumeId) -> Option<&Resume> {
        self.resumes.as_ref()?.iter().find(|r| r.id == id)
    }
}

fn edit_form(resume: &Resume) -> ResumeForm {
    ResumeForm {
        id: Some(resume.id),
        name: resume.name.clone(),
        content: resume.content.clone(),
        primary: resume.is_primary,
        ..ResumeForm::default()
    }
}

/// A problem the person can put right, made in the UI.
fn user_message(message: &str) -> ShellError {
    ShellError {
        kind: ShellErrorKind::User,
        message: message.to_owned(),
        fields: Vec::new(),
    }
}

/// What to tell the person when the workspace cannot be opened at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guidance {
    pub title: &'static str,
    pub detail: String,
    pub hint: Option<&'static str>,
}

pub fn guidance(error: &ShellError) -> Guidance {
    let (title, hint) = match error.kind {
        ShellErrorKind::PassphraseRequired | ShellErrorKind::WrongPassphrase => (
            "Your workspace is locked",
            Some("Try again to get the passphrase prompt."),
        ),
        ShellErrorKind::Keyring => (
            "The system keyring cannot be used",
            Some(
                "Unlock your keyring (for example by logging in to your desktop session), then try again.",
            ),
        ),
        ShellErrorKind::Internal => ("Something went wrong", None),
        _ => ("Your workspace cannot be opened", None),
    };
    Guidance {
        title,
        detail: error.message.clone(),
        hint,
    }
}

#[cfg(test)]
mod tests;
