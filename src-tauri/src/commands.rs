//! The Tauri commands: thin wrappers over [`Shell`]. Each takes at most one
//! argument, named `request` on the JS side (`invoke("cmd", { request })`),
//! and answers with a contract type from `jobforge_types::shell` or a
//! [`ShellError`]. Work that touches the database, derives a key or talks to
//! a model runs off the main thread.

use jobforge_core::types::{
    AiRun, AiSettings, Application, ApplicationDetail, ApplicationRef, BootMarks, CaptureJob,
    CapturedJob, Dashboard, DocumentRef, DocumentVersion, DocumentView, DownloadModel, EngineRef,
    ExportDocument, ExportDone, ExportResume, FlagRef, INDEX_EVENT, ImportFile, ImportPreview,
    ImportResume, ImportedToLibrary, IndexStatus, ListApplications, MODEL_DOWNLOAD_EVENT,
    ModelDownloadProgress, NewApplication, NewResume, NewWritingSample, PIPELINE_EVENT,
    ProfileUpdate, RestoreVersion, Resume, ResumeFit, ResumeRef, RunRef, RunRequest, SaveDocument,
    SearchHit, SearchRequest, SetApiKey, SetStatus, SettingsView, ShellError, ShellErrorKind,
    SimilarApplication, SuggestExportName, TruthFlag, UnlockRequest, UnlockState,
    UpdateApplication, UpdateResume, WorkspaceOverview, WritingSampleRef,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::shell::{self, PickedFiles, ProgressSink, Shell};

/// Runs `work` on Tauri's blocking pool with the managed [`Shell`].
async fn off_main_thread<T: Send + 'static>(
    app: AppHandle,
    work: impl FnOnce(&Shell) -> Result<T, ShellError> + Send + 'static,
) -> Result<T, ShellError> {
    tauri::async_runtime::spawn_blocking(move || work(&app.state::<Shell>()))
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "a command stopped unexpectedly");
            Err(ShellError {
                kind: ShellErrorKind::Internal,
                message: "The command stopped unexpectedly; see the log for details.".to_owned(),
                fields: Vec::new(),
            })
        })
}

/// Reads a command's `request`. Taken as raw JSON so that a request the
/// shell cannot read still answers with a [`ShellError`] (Tauri's own error
/// is a bare string that may quote the values sent, a passphrase included).
fn decode<T: DeserializeOwned>(
    command: &str,
    request: Option<serde_json::Value>,
) -> Result<T, ShellError> {
    serde_json::from_value(request.unwrap_or(serde_json::Value::Null)).map_err(|error| {
        // serde quotes the values it could not read; some carry secrets.
        if SECRET_REQUESTS.contains(&command) {
            tracing::error!(command, "a request could not be read (details withheld: it holds a secret)");
        } else {
            tracing::error!(command, %error, "a request could not be read");
        }
        ShellError {
            kind: ShellErrorKind::Internal,
            message: format!(
                "The window sent a `{command}` request Job Forge cannot read; this is a bug in Job Forge, so please report it."
            ),
            fields: Vec::new(),
        }
    })
}

/// Commands whose requests hold a passphrase or an API key.
const SECRET_REQUESTS: &[&str] = &["unlock", "set_api_key"];

/// Declares `async` commands that hand their `request` (if any) to the
/// [`Shell`] method of the same name, off the main thread.
macro_rules! commands {
    ($( $name:ident ( $($request:ty)? ) -> $answer:ty; )+) => {
        $( commands!(@one $name ( $($request)? ) -> $answer); )+
    };
    (@one $name:ident () -> $answer:ty) => {
        #[tauri::command]
        pub async fn $name(app: AppHandle) -> Result<$answer, ShellError> {
            off_main_thread(app, |shell| shell.$name()).await
        }
    };
    (@one $name:ident ($request:ty) -> $answer:ty) => {
        #[tauri::command]
        pub async fn $name(
            app: AppHandle,
            request: Option<serde_json::Value>,
        ) -> Result<$answer, ShellError> {
            let request: $request = decode(stringify!($name), request)?;
            off_main_thread(app, move |shell| shell.$name(request)).await
        }
    };
}

commands! {
    unlock_state() -> UnlockState;
    unlock(UnlockRequest) -> WorkspaceOverview;
    load_sample_data() -> WorkspaceOverview;
    list_applications(Option<ListApplications>) -> Vec<Application>;
    create_application(NewApplication) -> Application;
    application_detail(ApplicationRef) -> ApplicationDetail;
    update_application(UpdateApplication) -> Application;
    set_status(SetStatus) -> Application;
    delete_application(ApplicationRef) -> ();
    save_document(SaveDocument) -> DocumentView;
    document_versions(DocumentRef) -> Vec<DocumentVersion>;
    restore_version(RestoreVersion) -> DocumentView;
    accept_flag(FlagRef) -> TruthFlag;
    list_resumes() -> Vec<Resume>;
    add_resume(NewResume) -> Resume;
    update_resume(UpdateResume) -> Resume;
    set_primary_resume(ResumeRef) -> Resume;
    delete_resume(ResumeRef) -> ();
    settings() -> SettingsView;
    set_ai_settings(AiSettings) -> SettingsView;
    set_api_key(SetApiKey) -> SettingsView;
    delete_api_key(EngineRef) -> SettingsView;
    test_connection(EngineRef) -> String;
    set_profile(ProfileUpdate) -> SettingsView;
    add_writing_sample(NewWritingSample) -> SettingsView;
    delete_writing_sample(WritingSampleRef) -> SettingsView;
    search(SearchRequest) -> Vec<SearchHit>;
    similar_applications(ApplicationRef) -> Vec<SimilarApplication>;
    match_resumes(ApplicationRef) -> Vec<ResumeFit>;
    index_status() -> IndexStatus;
    cancel_reindex() -> IndexStatus;
    dashboard() -> Dashboard;
    suggest_export_name(SuggestExportName) -> String;
}

/// The window has painted the application list for the first time. With
/// `JOBFORGE_BENCH_READY` set (by `cargo xtask bench-desktop`) this prints
/// the page's start-up marks (`jobforge-boot …`) and `jobforge-ready` on
/// stdout, once, for the startup benchmark; otherwise they are only logged.
/// It also starts the indexing held while the window started.
#[tauri::command]
pub fn ui_ready(shell: State<'_, Shell>, request: Option<BootMarks>) {
    shell.window_ready();
    static ANNOUNCED: std::sync::Once = std::sync::Once::new();
    ANNOUNCED.call_once(|| {
        let marks = request.unwrap_or_default();
        let line = boot_line(&marks);
        if std::env::var_os("JOBFORGE_BENCH_READY").is_some() {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
            let _ = writeln!(out, "jobforge-ready");
            let _ = out.flush();
        }
        tracing::debug!(marks = %line, "the application list is on screen");
    });
}

/// `jobforge-boot script=… interface=… workspace=… rendered=… painted=…`, in whole
/// milliseconds since the page's time origin (`-` for a step not timed),
/// and `origin=` the origin itself in Unix milliseconds.
fn boot_line(marks: &BootMarks) -> String {
    let ms = |mark: Option<f64>| mark.map_or_else(|| "-".to_owned(), |m| format!("{m:.0}"));
    format!(
        "jobforge-boot origin={:.0} script={} interface={} workspace={} rendered={} painted={}",
        marks.time_origin_unix_ms,
        ms(marks.script_ms),
        ms(marks.interface_ms),
        ms(marks.workspace_ms),
        ms(marks.rendered_ms),
        ms(marks.painted_ms)
    )
}

#[tauri::command]
pub async fn workspace_overview(app: AppHandle) -> Result<WorkspaceOverview, ShellError> {
    off_main_thread(app, Shell::overview).await
}

/// Sends progress to the window as `event` events ([`PIPELINE_EVENT`],
/// [`MODEL_DOWNLOAD_EVENT`], [`INDEX_EVENT`]).
#[derive(Clone)]
struct WindowProgress {
    app: AppHandle,
    event: &'static str,
}

impl<P: Serialize + Clone> ProgressSink<P> for WindowProgress {
    fn send(&self, progress: P) {
        if let Err(error) = self.app.emit(self.event, progress) {
            tracing::warn!(%error, event = self.event, "progress could not reach the window");
        }
    }
}

#[tauri::command]
pub async fn run_phases(
    app: AppHandle,
    request: Option<serde_json::Value>,
) -> Result<Vec<AiRun>, ShellError> {
    let request: RunRequest = decode("run_phases", request)?;
    let progress = WindowProgress {
        app: app.clone(),
        event: PIPELINE_EVENT,
    };
    off_main_thread(app, move |shell| {
        shell.run_phases(request, &progress as &dyn ProgressSink)
    })
    .await
}

/// Instant, so it stays on the calling thread; `request` may be left out.
#[tauri::command]
pub fn cancel_run(
    shell: State<'_, Shell>,
    request: Option<serde_json::Value>,
) -> Result<(), ShellError> {
    let request: RunRef = decode("cancel_run", request)?;
    shell.cancel_run(request);
    Ok(())
}

/// `request` may be left out (the model's own address).
#[tauri::command]
pub async fn download_model(
    app: AppHandle,
    request: Option<serde_json::Value>,
) -> Result<SettingsView, ShellError> {
    let request: Option<DownloadModel> = decode("download_model", request)?;
    let progress = WindowProgress {
        app: app.clone(),
        event: MODEL_DOWNLOAD_EVENT,
    };
    off_main_thread(app, move |shell| {
        shell.download_model(
            request.unwrap_or_default(),
            &progress as &dyn ProgressSink<ModelDownloadProgress>,
        )
    })
    .await
}

/// Instant, so it stays on the calling thread.
#[tauri::command]
pub fn cancel_model_download(shell: State<'_, Shell>) {
    shell.cancel_model_download();
}

/// Sends the background indexer's progress to the window as
/// [`INDEX_EVENT`] events, so the settings screen follows a re-index live.
pub fn forward_index_status(app: &AppHandle) {
    let progress = WindowProgress {
        app: app.clone(),
        event: INDEX_EVENT,
    };
    app.state::<Shell>()
        .on_index_status(move |status: IndexStatus| progress.send(status));
}

/// Follows the fs scope: every path the open or save dialog (or a drop)
/// allows is remembered in `picked`, the only paths the file commands use.
pub fn follow_picks(picked: &PickedFiles, scope: &tauri::fs::Scope) {
    let picked = picked.clone();
    scope.listen(move |event| {
        if let tauri::fs::Event::PathAllowed(path) = event {
            picked.remember(path);
        }
    });
}

/// The text of a file the user picked in the file dialog: the dialog gives
/// the UI a path, never the contents. Other paths are refused, so the page
/// cannot read arbitrary files.
#[tauri::command]
pub async fn read_text_file(
    app: AppHandle,
    picked: State<'_, PickedFiles>,
    request: Option<serde_json::Value>,
) -> Result<String, ShellError> {
    let path = picked.to_read(&decode::<String>("read_text_file", request)?)?;
    off_main_thread(app, move |_| shell::read_text_file(&path)).await
}

/// Declares `async` commands over files: like [`commands!`], and the
/// [`Shell`] method also gets the files the user picked.
macro_rules! file_commands {
    ($( $name:ident ( $request:ty ) -> $answer:ty; )+) => {$(
        #[tauri::command]
        pub async fn $name(
            app: AppHandle,
            picked: State<'_, PickedFiles>,
            request: Option<serde_json::Value>,
        ) -> Result<$answer, ShellError> {
            let request: $request = decode(stringify!($name), request)?;
            let picked = PickedFiles::clone(&picked);
            off_main_thread(app, move |shell| shell.$name(request, &picked)).await
        }
    )+};
}

file_commands! {
    preview_resume_import(ImportFile) -> ImportPreview;
    import_resume(ImportResume) -> ImportedToLibrary;
    capture_job(CaptureJob) -> CapturedJob;
    export_document(ExportDocument) -> ExportDone;
    export_resume(ExportResume) -> ExportDone;
}

#[cfg(test)]
mod tests {
    use jobforge_core::types::{ApplicationStatus, UnlockRequest};
    use serde_json::json;

    use super::*;

    #[test]
    fn requests_are_read_and_optional_ones_may_be_left_out() {
        let none: Option<ListApplications> = decode("list_applications", None).expect("left out");
        assert_eq!(none, None);
        let some: Option<ListApplications> =
            decode("list_applications", Some(json!({ "status": "applied" }))).expect("given");
        assert_eq!(
            some.and_then(|l| l.status),
            Some(ApplicationStatus::Applied)
        );
        let unlock: UnlockRequest =
            decode("unlock", Some(json!({ "passphrase": "a b c d" }))).expect("unlock");
        assert_eq!(unlock.confirm, None);
        let cancel: RunRef = decode("cancel_run", None).expect("no run id");
        assert_eq!(cancel, None);
        let download: Option<DownloadModel> = decode("download_model", None).expect("no mirror");
        assert_eq!(download.unwrap_or_default().source, None);
        let mirror: Option<DownloadModel> =
            decode("download_model", Some(json!({}))).expect("no mirror either");
        assert_eq!(mirror, Some(DownloadModel::default()));
    }

    #[test]
    fn boot_marks_print_as_whole_milliseconds_with_a_dash_for_an_untimed_step() {
        let marks = BootMarks {
            time_origin_unix_ms: 1_796_000_000_123.4,
            script_ms: Some(301.6),
            interface_ms: Some(512.0),
            workspace_ms: None,
            rendered_ms: Some(640.49),
            painted_ms: Some(700.6),
        };
        assert_eq!(
            boot_line(&marks),
            "jobforge-boot origin=1796000000123 script=302 interface=512 workspace=- \
             rendered=640 painted=701"
        );
    }

    #[test]
    fn an_unreadable_request_is_a_shell_error_without_its_values() {
        let error = decode::<UnlockRequest>(
            "unlock",
            Some(json!({ "passphrase": 42, "confirm": "secret words here" })),
        )
        .expect_err("unreadable");
        assert_eq!(error.kind, ShellErrorKind::Internal);
        assert!(error.message.contains("`unlock`"));
        assert!(!error.message.contains("secret") && !error.message.contains("42"));
        let missing = decode::<NewApplication>("create_application", None).expect_err("missing");
        assert_eq!(missing.kind, ShellErrorKind::Internal);
    }
}
