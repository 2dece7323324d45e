//! The root component: holds the [`Model`], feeds it messages, and carries
//! out the [`Effect`]s it returns (shell calls whose answers come back as
//! messages). What is shown is in [`crate::views`].

use jobforge_types::{
    Application, ApplicationDetail, INDEX_EVENT, IndexStatus, MODEL_DOWNLOAD_EVENT,
    ModelDownloadProgress, PIPELINE_EVENT, PipelineProgress, ShellError, UnlockState,
    WorkspaceOverview,
};
use serde::Serialize;
use serde::de::{DeserializeOwned, IgnoredAny};
use wasm_bindgen::JsValue;
use yew::html::Scope;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::dom::{self, KeyListener};
use crate::ipc::{self, Listener, cmd};
use crate::keys;
use crate::model::{Boot, Created, Effect, KeyAction, Model, Msg, Tested, Unlocked};
use crate::transfer::{self, ExportRequest};

pub struct App {
    model: Model,
    /// Element ids to focus once the next render is in the page.
    focus: Option<&'static str>,
    /// Whether the shell has been told the application list is on screen.
    told_ready: bool,
    _pipeline: Listener,
    _model_download: Listener,
    _index: Listener,
    _keys: Option<KeyListener>,
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let link = ctx.link().clone();
        let pipeline = ipc::listen::<PipelineProgress>(PIPELINE_EVENT, move |event| {
            link.send_message(match event {
                Ok(progress) => Msg::Pipeline(progress),
                Err(error) => Msg::Failed(error),
            });
        });
        let link = ctx.link().clone();
        let model_download =
            ipc::listen::<ModelDownloadProgress>(MODEL_DOWNLOAD_EVENT, move |event| {
                link.send_message(match event {
                    Ok(progress) => Msg::ModelDownloadProgress(progress),
                    Err(error) => Msg::Failed(error),
                });
            });
        let link = ctx.link().clone();
        // The indexer's events carry what `index_status` answers.
        let index = ipc::listen::<IndexStatus>(INDEX_EVENT, move |event| {
            link.send_message(Msg::IndexStatusLoaded(event));
        });
        let link = ctx.link().clone();
        let keys = KeyListener::new(move |event: web_sys::KeyboardEvent| {
            let shortcut = keys::shortcut(
                &event.key(),
                event.ctrl_key() || event.meta_key(),
                event.alt_key(),
                event.shift_key(),
            );
            if let Some(shortcut) = shortcut {
                if shortcut.prevents_default() {
                    event.prevent_default();
                }
                link.send_message(Msg::Shortcut(shortcut));
            }
        });
        let mut app = Self {
            model: Model::default(),
            focus: None,
            told_ready: false,
            _pipeline: pipeline,
            _model_download: model_download,
            _index: index,
            _keys: keys,
        };
        for effect in Model::init() {
            app.run(ctx.link(), effect);
        }
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        for effect in self.model.apply(msg) {
            self.run(ctx.link(), effect);
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        crate::views::view(&self.model, ctx.link())
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first_render: bool) {
        if let Some(id) = self.focus.take() {
            dom::focus(id);
        }
        // Once, after the first render with the workspace open (the
        // application list drawn): the startup benchmark waits for this.
        if !self.told_ready && self.model.boot == Boot::Open {
            self.told_ready = true;
            crate::boot::list_rendered();
            // Told once the list is on screen, not only in the page: the
            // first frame's style, layout and paint are part of start-up.
            dom::after_next_paint(|| {
                let marks = crate::boot::list_painted();
                spawn_local(async move {
                    // An older shell without the command: nothing to tell.
                    let _ = ipc::call_with::<_, IgnoredAny>(cmd::UI_READY, &marks).await;
                });
            });
        }
    }
}

/// Opens the file dialog (title, filter name, extensions) and sends the
/// picked path (or `None` when cancelled) as a message.
fn pick(
    link: &Scope<App>,
    (title, filter, extensions): (&'static str, &'static str, &'static [&'static str]),
    to_msg: impl FnOnce(Result<Option<String>, ShellError>) -> Msg + 'static,
) {
    let link = link.clone();
    spawn_local(async move {
        link.send_message(to_msg(ipc::pick_file(title, filter, extensions).await));
    });
}

/// Calls `command` with `request` and sends the answer as a message.
fn send<Req, Res>(
    link: &Scope<App>,
    command: &'static str,
    request: Req,
    to_msg: impl FnOnce(Result<Res, ShellError>) -> Msg + 'static,
) where
    Req: Serialize + 'static,
    Res: DeserializeOwned + 'static,
{
    let link = link.clone();
    spawn_local(async move {
        link.send_message(to_msg(ipc::call_with(command, &request).await));
    });
}

/// Calls a command that takes no argument.
fn fetch<Res: DeserializeOwned + 'static>(
    link: &Scope<App>,
    command: &'static str,
    to_msg: impl FnOnce(Result<Res, ShellError>) -> Msg + 'static,
) {
    let link = link.clone();
    spawn_local(async move {
        link.send_message(to_msg(ipc::call(command).await));
    });
}

/// Calls `command` and hands its raw answer to `to_msg`, for answers that
/// are read piece by piece.
fn send_raw<Req: Serialize + 'static>(
    link: &Scope<App>,
    command: &'static str,
    request: Option<Req>,
    to_msg: impl FnOnce(Result<JsValue, ShellError>) -> Msg + 'static,
) {
    let link = link.clone();
    spawn_local(async move {
        let answer = match &request {
            Some(request) => ipc::call_with_raw(command, request).await,
            None => ipc::call_raw(command).await,
        };
        link.send_message(to_msg(answer));
    });
}

/// Reads `UnlockState` tag first, so its overview is read directly.
/// (Read through serde's buffering for internally tagged enums, an
/// application with `deadline: null` fails: the `Option<Date>` visitor of
/// the types crate does not accept the buffered unit.)
fn unlock_state(command: &str, value: JsValue) -> Result<UnlockState, ShellError> {
    match ipc::property(&value, "state").as_string().as_deref() {
        Some("open") => Ok(UnlockState::Open {
            overview: ipc::decode(command, ipc::property(&value, "overview"))?,
        }),
        Some("needs_passphrase") => Ok(UnlockState::NeedsPassphrase),
        Some("needs_new_passphrase") => Ok(UnlockState::NeedsNewPassphrase),
        _ => ipc::decode(command, value),
    }
}

fn unlocked(value: JsValue) -> Result<Unlocked, ShellError> {
    if !ipc::property(&value, "state").is_undefined() {
        return unlock_state(cmd::UNLOCK, value).map(Unlocked::State);
    }
    Ok(ipc::decode::<WorkspaceOverview>(cmd::UNLOCK, value)
        .map_or(Unlocked::Other, Unlocked::Overview))
}

fn created(value: JsValue) -> Created {
    if let Ok(application) = ipc::decode::<Application>(cmd::CREATE_APPLICATION, value.clone()) {
        Created::Application(Box::new(application))
    } else if let Ok(detail) = ipc::decode::<ApplicationDetail>(cmd::CREATE_APPLICATION, value) {
        Created::Detail(Box::new(detail))
    } else {
        Created::Other
    }
}

fn tested(value: &JsValue) -> Tested {
    value.as_string().map_or(Tested::Other, Tested::Text)
}

/// Calls a command whose answer only matters as success or failure.
fn act<Req: Serialize + 'static>(
    link: &Scope<App>,
    command: &'static str,
    request: Req,
    to_msg: impl FnOnce(Result<(), ShellError>) -> Msg + 'static,
) {
    send(link, command, request, |answer: Result<IgnoredAny, _>| {
        to_msg(answer.map(|_| ()))
    });
}

impl App {
    fn run(&mut self, link: &Scope<Self>, effect: Effect) {
        match effect {
            Effect::UnlockState => {
                let link = link.clone();
                spawn_local(async move {
                    let answer = ipc::unlock_state_raw().await;
                    crate::boot::workspace_answered();
                    link.send_message(Msg::UnlockStateLoaded(
                        answer.and_then(|v| unlock_state(cmd::UNLOCK_STATE, v)),
                    ));
                });
            }
            Effect::Unlock(request) => send_raw(link, cmd::UNLOCK, Some(request), |answer| {
                Msg::Unlocked(answer.and_then(unlocked))
            }),
            Effect::Overview => fetch(link, cmd::WORKSPACE_OVERVIEW, Msg::OverviewLoaded),
            Effect::LoadSample => fetch(link, cmd::LOAD_SAMPLE_DATA, Msg::SampleLoaded),
            Effect::ListResumes => fetch(link, cmd::LIST_RESUMES, Msg::ResumesLoaded),
            Effect::CreateApplication(request) => {
                send_raw(link, cmd::CREATE_APPLICATION, Some(request), |answer| {
                    Msg::Created(answer.map(created))
                });
            }
            Effect::Detail(id) => send(
                link,
                cmd::APPLICATION_DETAIL,
                jobforge_types::ApplicationRef { id },
                move |answer| Msg::DetailLoaded(id, answer),
            ),
            Effect::UpdateApplication(request) => {
                let id = request.id;
                act(link, cmd::UPDATE_APPLICATION, request, move |answer| {
                    Msg::NotesSaved(id, answer)
                });
            }
            Effect::SetStatus(request) => {
                let id = request.id;
                act(link, cmd::SET_STATUS, request, move |answer| {
                    Msg::StatusChanged(id, answer)
                });
            }
            Effect::Run(request) => {
                let id = request.application;
                act(link, cmd::RUN_PHASES, request, move |answer| {
                    Msg::RunFinished(id, answer)
                });
            }
            Effect::CancelRun => {
                let no_run: jobforge_types::RunRef = None;
                act(link, cmd::CANCEL_RUN, no_run, Msg::RunCancelled);
            }
            Effect::SaveDocument(request) => {
                let id = request.application;
                act(link, cmd::SAVE_DOCUMENT, request, move |answer| {
                    Msg::DocumentSaved(id, answer)
                });
            }
            Effect::Versions(reference) => {
                send(link, cmd::DOCUMENT_VERSIONS, reference, move |answer| {
                    Msg::VersionsLoaded(reference, answer)
                })
            }
            Effect::Restore(request) => {
                let id = request.application;
                act(link, cmd::RESTORE_VERSION, request, move |answer| {
                    Msg::Restored(id, answer)
                });
            }
            Effect::AcceptFlag(id, flag) => act(link, cmd::ACCEPT_FLAG, flag, move |answer| {
                Msg::FlagAccepted(id, answer)
            }),
            Effect::AddResume(request) => act(link, cmd::ADD_RESUME, request, Msg::ResumeSaved),
            Effect::UpdateResume(request) => {
                act(link, cmd::UPDATE_RESUME, request, Msg::ResumeSaved);
            }
            Effect::DeleteResume(request) => {
                act(link, cmd::DELETE_RESUME, request, Msg::ResumeChanged);
            }
            Effect::SetPrimaryResume(request) => {
                act(link, cmd::SET_PRIMARY_RESUME, request, Msg::ResumeChanged);
            }
            Effect::PickFile => pick(
                link,
                ("Choose a resume", "Resume", &["md", "markdown", "txt"]),
                Msg::FilePicked,
            ),
            Effect::ReadFile(path) => {
                let link = link.clone();
                spawn_local(async move {
                    let answer = ipc::call_with(cmd::READ_TEXT_FILE, &path).await;
                    link.send_message(Msg::FileRead(path, answer));
                });
            }
            Effect::PickImportFile => pick(
                link,
                ("Import a resume", "Resume", transfer::RESUME_EXTENSIONS),
                Msg::ImportFilePicked,
            ),
            Effect::PreviewImport(request) => {
                let path = request.path.clone();
                send(link, cmd::PREVIEW_RESUME_IMPORT, request, move |answer| {
                    Msg::ImportPreviewed(path, answer)
                });
            }
            Effect::ImportResume(request) => {
                let path = request.path.clone();
                send(link, cmd::IMPORT_RESUME, request, move |answer| {
                    Msg::ResumeImported(path, answer)
                });
            }
            Effect::PickPostingFile => pick(
                link,
                (
                    "Choose a job posting",
                    "Job posting",
                    transfer::POSTING_EXTENSIONS,
                ),
                Msg::PostingFilePicked,
            ),
            Effect::Capture(request) => {
                let source = request.source.clone();
                send(link, cmd::CAPTURE_JOB, request, move |answer| {
                    Msg::PostingCaptured(source, answer)
                });
            }
            Effect::SuggestExportName(request) => {
                let subject = request.subject;
                send(link, cmd::SUGGEST_EXPORT_NAME, request, move |answer| {
                    Msg::ExportNameSuggested(subject, answer)
                });
            }
            Effect::PickSavePath {
                subject,
                suggested,
                format,
            } => {
                let link = link.clone();
                spawn_local(async move {
                    let picked = ipc::pick_save_path(
                        "Export to",
                        &suggested,
                        transfer::format_label(format),
                        format.extension(),
                    )
                    .await;
                    link.send_message(Msg::ExportPathPicked(subject, picked));
                });
            }
            Effect::Export(subject, ExportRequest::Document(request)) => {
                send(link, cmd::EXPORT_DOCUMENT, request, move |answer| {
                    Msg::Exported(subject, answer)
                });
            }
            Effect::Export(subject, ExportRequest::Resume(request)) => {
                send(link, cmd::EXPORT_RESUME, request, move |answer| {
                    Msg::Exported(subject, answer)
                });
            }
            Effect::Settings => fetch(link, cmd::SETTINGS, Msg::SettingsLoaded),
            Effect::SaveAi(request) => act(link, cmd::SET_AI_SETTINGS, request, Msg::AiSaved),
            Effect::SetKey(request) => act(link, cmd::SET_API_KEY, request, |answer| {
                Msg::KeyChanged(KeyAction::Stored, answer)
            }),
            Effect::DeleteKey(request) => act(link, cmd::DELETE_API_KEY, request, |answer| {
                Msg::KeyChanged(KeyAction::Deleted, answer)
            }),
            Effect::TestConnection(request) => {
                send_raw(link, cmd::TEST_CONNECTION, Some(request), |answer| {
                    Msg::ConnectionTested(answer.map(|v| tested(&v)))
                });
            }
            Effect::SetProfile(request) => act(link, cmd::SET_PROFILE, request, Msg::ProfileSaved),
            Effect::AddSample(request) => {
                act(link, cmd::ADD_WRITING_SAMPLE, request, Msg::SampleAdded);
            }
            Effect::DeleteSample(request) => {
                act(
                    link,
                    cmd::DELETE_WRITING_SAMPLE,
                    request,
                    Msg::SampleDeleted,
                );
            }
            Effect::Search(request) => {
                let query = request.query.clone();
                send(link, cmd::SEARCH, request, move |answer| {
                    Msg::SearchDone(query, answer)
                });
            }
            Effect::Similar(id) => send(
                link,
                cmd::SIMILAR_APPLICATIONS,
                jobforge_types::ApplicationRef { id },
                move |answer| Msg::SimilarLoaded(id, answer),
            ),
            Effect::MatchResumes(id) => send(
                link,
                cmd::MATCH_RESUMES,
                jobforge_types::ApplicationRef { id },
                move |answer| Msg::FitLoaded(id, answer),
            ),
            Effect::IndexStatus => fetch(link, cmd::INDEX_STATUS, Msg::IndexStatusLoaded),
            Effect::CancelReindex => fetch(link, cmd::CANCEL_REINDEX, Msg::IndexStatusLoaded),
            Effect::DownloadModel(request) => {
                send(link, cmd::DOWNLOAD_MODEL, request, Msg::ModelDownloaded);
            }
            Effect::CancelModelDownload => {
                fetch(
                    link,
                    cmd::CANCEL_MODEL_DOWNLOAD,
                    |answer: Result<IgnoredAny, _>| {
                        Msg::ModelDownloadCancelAsked(answer.map(|_| ()))
                    },
                );
            }
            Effect::Dashboard => fetch(link, cmd::DASHBOARD, Msg::DashboardLoaded),
            Effect::Focus(id) => self.focus = Some(id),
            Effect::OpenUrl(url) => {
                let link = link.clone();
                spawn_local(async move {
                    if let Err(error) = ipc::open_url(&url).await {
                        link.send_message(Msg::Failed(error));
                    }
                });
            }
        }
    }
}
