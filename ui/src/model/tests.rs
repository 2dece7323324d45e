use jobforge_types::{
    ApplicationStatus, DocumentKind, EngineKind, Phase, PipelineProgress, PipelineStep, Resume,
    ShellError, ShellErrorKind, UnlockState, WorkspaceOverview,
};
use serde_json::json;

use super::*;
use crate::detail::tests::{detail_json, flag, research_document};
use crate::forms::NewAppField;
use crate::transfer::{ExportRequest, ExportResult};

const APP: &str = "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9a01";

fn app_id() -> ApplicationId {
    APP.parse().expect("id")
}

fn application(id: &str, company: &str, status: &str) -> Application {
    serde_json::from_value(json!({
        "id": id,
        "name": "acme_rust_engineer_2026_03_07",
        "company": company,
        "role_title": "Rust Engineer",
        "job_url": null,
        "job_description": "Build things in Rust for a long time, with care and tests.",
        "location": null,
        "priority": "high",
        "status": status,
        "phases": { "research_done": false, "resume_optimised": false, "cover_letter_done": false },
        "deadline": null,
        "notes": "",
        "created_at": "2026-03-07T23:30:00Z",
        "updated_at": "2026-03-08T09:00:00Z",
        "version": 1
    }))
    .expect("a valid application")
}

fn resume(id: &str, name: &str, primary: bool) -> Resume {
    serde_json::from_value(json!({
        "id": id,
        "name": name,
        "content": "# Ada\n\nAnalytical engine programmer.",
        "focus_area": "software_development",
        "is_primary": primary,
        "created_at": "2026-03-07T23:30:00Z",
        "updated_at": "2026-03-08T09:00:00Z",
        "version": 1
    }))
    .expect("a valid resume")
}

fn overview(applications: Vec<Application>) -> WorkspaceOverview {
    WorkspaceOverview {
        data_dir: "/tmp/jobforge".into(),
        newly_created: false,
        applications,
    }
}

fn error(kind: ShellErrorKind, message: &str) -> ShellError {
    ShellError {
        kind,
        message: message.into(),
        fields: Vec::new(),
    }
}

/// An open workspace with one application and one resume.
fn open_model() -> Model {
    let mut model = Model::default();
    model.apply(Msg::UnlockStateLoaded(Ok(UnlockState::Open {
        overview: overview(vec![application(APP, "Acme", "draft")]),
    })));
    model.apply(Msg::ResumesLoaded(Ok(vec![resume(
        "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9b01",
        "Main",
        true,
    )])));
    model
}

/// `open_model` showing the application with a research report.
fn viewing_detail(content: &str) -> Model {
    let mut model = open_model();
    assert_eq!(
        model.apply(Msg::OpenApplication(app_id())),
        vec![Effect::Detail(app_id())]
    );
    model.apply(Msg::DetailLoaded(
        app_id(),
        Ok(detail_json(research_document(
            content,
            json!([flag(1, "60%", false)]),
        ))),
    ));
    model
}

#[test]
fn the_app_starts_by_asking_whether_the_workspace_is_locked() {
    assert_eq!(Model::init(), vec![Effect::UnlockState]);
    assert_eq!(Model::default().boot, Boot::Checking);
}

#[test]
fn a_wrong_passphrase_says_so_and_lets_the_person_try_again() {
    let mut model = Model::default();
    model.apply(Msg::UnlockStateLoaded(Ok(UnlockState::NeedsPassphrase)));
    assert!(matches!(&model.boot, Boot::Locked(form) if !form.new));

    assert_eq!(
        model.apply(Msg::UnlockSubmit),
        vec![Effect::Focus("passphrase")]
    );
    model.apply(Msg::PassphraseInput("wrong words".into()));
    let effects = model.apply(Msg::UnlockSubmit);
    assert!(
        matches!(&effects[..], [Effect::Unlock(r)] if r.passphrase == "wrong words" && r.confirm.is_none())
    );
    assert!(
        model.apply(Msg::UnlockSubmit).is_empty(),
        "one attempt at a time"
    );

    model.apply(Msg::Unlocked(Err(error(
        ShellErrorKind::WrongPassphrase,
        "wrong",
    ))));
    let Boot::Locked(form) = &model.boot else {
        panic!("still locked");
    };
    assert!(!form.busy);
    assert!(form.passphrase.is_empty());
    assert_eq!(form.error.as_deref(), Some(crate::unlock::WRONG_PASSPHRASE));

    model.apply(Msg::PassphraseInput("right words".into()));
    model.apply(Msg::UnlockSubmit);
    let effects = model.apply(Msg::Unlocked(Ok(Unlocked::Overview(overview(vec![])))));
    assert!(model.is_open());
    assert_eq!(effects, vec![Effect::ListResumes, Effect::Dashboard]);
}

#[test]
fn a_new_workspace_needs_the_passphrase_twice() {
    let mut model = Model::default();
    model.apply(Msg::UnlockStateLoaded(Ok(UnlockState::NeedsNewPassphrase)));
    model.apply(Msg::PassphraseInput("tall lamp quiet river".into()));
    model.apply(Msg::ConfirmInput("tall lamp quiet rivet".into()));
    assert_eq!(
        model.apply(Msg::UnlockSubmit),
        vec![Effect::Focus("passphrase-confirm")]
    );
    model.apply(Msg::ConfirmInput("tall lamp quiet river".into()));
    let effects = model.apply(Msg::UnlockSubmit);
    assert!(
        matches!(&effects[..], [Effect::Unlock(r)] if r.confirm.as_deref() == Some("tall lamp quiet river"))
    );
    // An answer that is not an overview: ask for the state again.
    assert_eq!(
        model.apply(Msg::Unlocked(Ok(Unlocked::Other))),
        vec![Effect::UnlockState]
    );
}

#[test]
fn a_start_failure_is_shown_and_retry_starts_over() {
    let mut model = Model::default();
    model.apply(Msg::UnlockStateLoaded(Err(error(
        ShellErrorKind::Keyring,
        "no keyring",
    ))));
    assert!(matches!(&model.boot, Boot::Failed(e) if e.kind == ShellErrorKind::Keyring));
    assert_eq!(model.apply(Msg::Retry), vec![Effect::UnlockState]);
    assert_eq!(model, Model::default());
}

#[test]
fn an_empty_workspace_is_a_first_run_until_something_is_added() {
    let mut model = Model::default();
    model.apply(Msg::UnlockStateLoaded(Ok(UnlockState::Open {
        overview: overview(vec![]),
    })));
    assert!(!model.is_first_run(), "resumes not known yet");
    model.apply(Msg::ResumesLoaded(Ok(vec![])));
    assert!(model.is_first_run());

    assert_eq!(model.apply(Msg::LoadSample), vec![Effect::LoadSample]);
    assert!(model.apply(Msg::LoadSample).is_empty(), "once at a time");
    let effects = model.apply(Msg::SampleLoaded(Ok(overview(vec![application(
        APP, "Acme", "applied",
    )]))));
    assert_eq!(effects, vec![Effect::ListResumes, Effect::Dashboard]);
    assert!(!model.is_first_run());
    assert!(!model.loading_sample);
}

#[test]
fn onboarding_with_a_pasted_resume_leads_to_the_posting() {
    let mut model = Model::default();
    model.apply(Msg::UnlockStateLoaded(Ok(UnlockState::Open {
        overview: overview(vec![]),
    })));
    model.apply(Msg::ResumesLoaded(Ok(vec![])));
    assert_eq!(
        model.apply(Msg::NewResume),
        vec![Effect::Focus("resume-name")]
    );
    assert!(
        model.resume_form.as_ref().is_some_and(|f| f.primary),
        "the first resume is primary"
    );

    assert_eq!(
        model.apply(Msg::SaveResume),
        vec![Effect::Focus("resume-name")]
    );
    let form = model.resume_form.as_ref().expect("form");
    assert!(form.errors.get("resume_name").is_some());
    assert!(form.errors.get("resume_content").is_some());

    model.apply(Msg::ResumeNameInput("Main".into()));
    model.apply(Msg::ResumeContentInput(
        "Analytical engine programmer. ".repeat(5),
    ));
    let effects = model.apply(Msg::SaveResume);
    assert!(matches!(&effects[..], [Effect::AddResume(r)] if r.name == "Main" && r.is_primary));

    let effects = model.apply(Msg::ResumeSaved(Ok(())));
    assert_eq!(
        effects,
        vec![Effect::ListResumes, Effect::Focus("new-company")]
    );
    assert_eq!(model.view, View::NewApplication);
    assert_eq!(model.resume_form, None);
}

#[test]
fn the_status_filter_narrows_the_list() {
    let mut model = open_model();
    model.apply(Msg::OverviewLoaded(Ok(overview(vec![
        application(APP, "Acme", "draft"),
        application(
            "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9a02",
            "Globex",
            "interview",
        ),
    ]))));
    assert_eq!(model.visible_applications().count(), 2);
    model.apply(Msg::FilterChanged(Some(ApplicationStatus::Interview)));
    let names: Vec<&str> = model
        .visible_applications()
        .map(|a| a.company.as_str())
        .collect();
    assert_eq!(names, vec!["Globex"]);
    model.apply(Msg::FilterChanged(None));
    assert_eq!(model.visible_applications().count(), 2);
}

#[test]
fn a_new_application_is_checked_before_it_is_sent() {
    let mut model = open_model();
    model.apply(Msg::Navigate(Nav::NewApplication));
    assert_eq!(
        model.apply(Msg::CreateApplication),
        vec![Effect::Focus("new-company")],
        "nothing sent, the focus goes to the first problem"
    );
    assert!(model.new_app.errors.get("company").is_some());
    assert!(model.new_app.errors.get("job_description").is_some());

    model.apply(Msg::NewAppInput(NewAppField::Company, "Acme".into()));
    model.apply(Msg::NewAppInput(
        NewAppField::RoleTitle,
        "Rust Engineer".into(),
    ));
    model.apply(Msg::NewAppInput(
        NewAppField::Description,
        "Build the control plane of our warehouse robots in Rust, with tests.".into(),
    ));
    assert!(
        model.new_app.errors.is_empty(),
        "messages go as problems are fixed"
    );
    model.apply(Msg::NewAppPriority(Priority::Low));
    let effects = model.apply(Msg::CreateApplication);
    assert!(
        matches!(&effects[..], [Effect::CreateApplication(r)] if r.company == "Acme" && r.priority == Priority::Low)
    );
    assert!(model.new_app.busy);
}

#[test]
fn the_shells_field_errors_are_shown_inline_and_other_errors_in_the_banner() {
    let mut model = open_model();
    model.new_app.busy = true;
    model.apply(Msg::Created(Err(ShellError {
        kind: ShellErrorKind::Invalid,
        message: "company: must not be empty".into(),
        fields: vec![jobforge_types::ValidationError {
            field: jobforge_types::Field::Company,
            problem: "must not be empty".into(),
        }],
    })));
    assert_eq!(
        model.new_app.errors.get("company"),
        Some("Company must not be empty.")
    );
    assert_eq!(model.banner, None);
    assert!(!model.new_app.busy);

    model.apply(Msg::Created(Err(error(
        ShellErrorKind::Internal,
        "The disk is full.",
    ))));
    assert_eq!(
        model.banner.as_ref().map(|e| e.message.as_str()),
        Some("The disk is full.")
    );
    model.apply(Msg::DismissBanner);
    assert_eq!(model.banner, None);
}

#[test]
fn a_created_application_opens() {
    let mut model = open_model();
    let created = Created::Application(Box::new(application(APP, "Acme", "draft")));
    let effects = model.apply(Msg::Created(Ok(created)));
    assert_eq!(effects, vec![Effect::Overview, Effect::Detail(app_id())]);
    assert_eq!(model.view, View::Application(app_id()));
    assert_eq!(model.new_app, NewApplicationForm::default());
}

#[test]
fn stale_search_answers_are_dropped_and_esc_closes_the_results() {
    let mut model = open_model();
    let effects = model.apply(Msg::SearchInput("rus".into()));
    assert!(matches!(&effects[..], [Effect::Search(r)] if r.query == "rus"));
    model.apply(Msg::SearchInput("rust ".into()));
    model.apply(Msg::SearchDone("rus".into(), Ok(vec![])));
    assert_eq!(model.search.hits, None, "an answer to an older query");
    let hit: SearchHit = serde_json::from_value(json!({
        "target": { "type": "document", "application_id": APP, "kind": "cover_letter" },
        "title": "Acme — Rust Engineer",
        "snippet": "I build [Rust] services",
        "rank": -1.5
    }))
    .expect("hit");
    model.apply(Msg::SearchDone("rust".into(), Ok(vec![hit])));
    assert_eq!(model.search.hits.as_ref().map(Vec::len), Some(1));

    model.apply(Msg::Shortcut(Shortcut::Escape));
    assert_eq!(model.search.hits, None);

    model.apply(Msg::SearchDone("rust".into(), Ok(vec![])));
    model.search.hits = Some(vec![
        serde_json::from_value(json!({
            "target": { "type": "document", "application_id": APP, "kind": "cover_letter" },
            "title": "t", "snippet": "s", "rank": 0.0
        }))
        .expect("hit"),
    ]);
    assert_eq!(model.apply(Msg::OpenHit(0)), vec![Effect::Detail(app_id())]);
    model.apply(Msg::DetailLoaded(
        app_id(),
        Ok(detail_json(research_document("# R", json!([])))),
    ));
    assert_eq!(
        model.open_detail().map(|d| d.tab),
        Some(DocumentKind::CoverLetter)
    );
}

#[test]
fn a_run_streams_into_the_view_and_reloads_the_application_as_phases_end() {
    let mut model = viewing_detail("# Report");
    let effects = model.apply(Msg::Run(vec![Phase::Research, Phase::Resume]));
    let [Effect::Run(request)] = &effects[..] else {
        panic!("expected a run, got {effects:?}");
    };
    assert_eq!(request.application, app_id());
    assert_eq!(request.resume, None, "the primary resume");
    assert!(
        model.apply(Msg::Run(vec![Phase::CoverLetter])).is_empty(),
        "one run at a time"
    );

    let progress = |phase, step| PipelineProgress {
        application: app_id(),
        phase,
        step,
    };
    assert!(
        model
            .apply(Msg::Pipeline(progress(
                Phase::Resume,
                PipelineStep::Token {
                    text: "# Ada".into()
                }
            )))
            .is_empty()
    );
    assert_eq!(
        model.run.stream(Phase::Resume).map(|s| s.text.as_str()),
        Some("# Ada")
    );

    let run: jobforge_types::AiRun = serde_json::from_value(json!({
        "id": "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9f01", "application_id": APP, "phase": "resume",
        "engine": "offline", "model": "builtin", "prompt_version": "resume@1", "resume_id": null,
        "outcome": "succeeded", "error": null, "input_tokens": 0, "output_tokens": 0,
        "tokens_reported": false, "cost_usd": null, "attempts": 1,
        "started_at": "2026-03-07T10:00:00Z", "duration_ms": 5,
        "document_version_id": null, "draft": null
    }))
    .expect("run");
    let effects = model.apply(Msg::Pipeline(progress(
        Phase::Resume,
        PipelineStep::Ended { run, open_flags: 2 },
    )));
    assert_eq!(effects, vec![Effect::Detail(app_id())]);
    assert_eq!(
        model.open_detail().map(|d| d.tab),
        Some(DocumentKind::OptimisedResume),
        "the new document is shown"
    );

    assert_eq!(model.apply(Msg::CancelRun), vec![Effect::CancelRun]);
    assert!(model.apply(Msg::CancelRun).is_empty());
    let effects = model.apply(Msg::RunFinished(app_id(), Ok(())));
    assert_eq!(effects, vec![Effect::Detail(app_id()), Effect::Overview]);
    assert!(!model.run.running);
}

#[test]
fn ctrl_s_saves_the_open_draft_only() {
    let mut model = viewing_detail("# Report");
    assert!(
        model.apply(Msg::Shortcut(Shortcut::Save)).is_empty(),
        "nothing edited"
    );
    model.apply(Msg::EditorInput("# Better report".into()));
    let effects = model.apply(Msg::Shortcut(Shortcut::Save));
    assert!(matches!(&effects[..], [Effect::SaveDocument(r)]
        if r.content == "# Better report" && r.kind == DocumentKind::ResearchReport));
    assert!(model.apply(Msg::SaveDocument).is_empty(), "already saving");
    assert_eq!(
        model.apply(Msg::DocumentSaved(app_id(), Ok(()))),
        vec![Effect::Detail(app_id()), Effect::Overview]
    );
    let detail = model.open_detail().expect("detail");
    assert!(detail.saving.is_none());
    assert!(
        !detail.is_dirty(),
        "the sent draft is saved, even before the refresh"
    );
}

#[test]
fn versions_load_when_missing_and_restoring_discards_the_draft() {
    let mut model = open_model();
    model.apply(Msg::OpenApplication(app_id()));
    let effects = model.apply(Msg::DetailLoaded(
        app_id(),
        Ok(detail_json(research_document("# Report", json!([])))),
    ));
    let reference = DocumentRef {
        application: app_id(),
        kind: DocumentKind::ResearchReport,
    };
    assert_eq!(
        effects,
        vec![
            Effect::Versions(reference),
            Effect::Similar(app_id()),
            Effect::MatchResumes(app_id())
        ],
        "the first load also asks for similar applications"
    );
    let version = |n: u32| -> DocumentVersion {
        serde_json::from_value(json!({
            "id": format!("0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9d0{n}"), "number": n, "content": "x",
            "origin": "generated", "created_at": "2026-03-08T09:00:00Z"
        }))
        .expect("version")
    };
    model.apply(Msg::VersionsLoaded(
        reference,
        Ok(vec![version(2), version(1)]),
    ));
    assert_eq!(model.open_detail().map(|d| d.versions().len()), Some(2));
    // Up to date now: a refresh does not ask again.
    let effects = model.apply(Msg::DetailLoaded(
        app_id(),
        Ok(detail_json(research_document("# Report", json!([])))),
    ));
    assert!(effects.is_empty());

    model.apply(Msg::EditorInput("# Draft".into()));
    let effects = model.apply(Msg::RestoreVersion(1));
    assert_eq!(
        effects,
        vec![Effect::Restore(RestoreVersion {
            application: app_id(),
            kind: DocumentKind::ResearchReport,
            number: 1
        })]
    );
    assert!(!model.open_detail().is_some_and(DetailState::is_dirty));
}

#[test]
fn flags_are_accepted_through_the_shell() {
    let mut model = viewing_detail("Grew revenue by 60%.");
    let flag_id = model.open_detail().expect("detail").flags()[0].id;
    assert_eq!(
        model.apply(Msg::AcceptFlag(flag_id)),
        vec![Effect::AcceptFlag(app_id(), FlagRef { id: flag_id })]
    );
    assert_eq!(
        model.apply(Msg::FlagAccepted(app_id(), Ok(()))),
        vec![Effect::Detail(app_id())]
    );
}

#[test]
fn notes_and_status_changes_reload_the_application_and_list() {
    let mut model = viewing_detail("# Report");
    model.apply(Msg::NotesInput("call back Monday".into()));
    let effects = model.apply(Msg::SaveNotes);
    assert!(
        matches!(&effects[..], [Effect::UpdateApplication(u)] if u.update.notes.as_deref() == Some("call back Monday") && u.update.company.is_none())
    );
    assert_eq!(
        model.apply(Msg::NotesSaved(app_id(), Ok(()))),
        vec![Effect::Detail(app_id()), Effect::Overview]
    );
    assert!(
        model
            .apply(Msg::ChangeStatus(ApplicationStatus::Draft))
            .is_empty(),
        "unchanged"
    );
    assert_eq!(
        model.apply(Msg::ChangeStatus(ApplicationStatus::Applied)),
        vec![Effect::SetStatus(SetStatus {
            id: app_id(),
            status: ApplicationStatus::Applied
        })]
    );
}

#[test]
fn deleting_a_resume_asks_first_and_esc_keeps_it() {
    let mut model = open_model();
    model.apply(Msg::Navigate(Nav::Resumes));
    let id: ResumeId = "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9b01".parse().expect("id");
    assert_eq!(
        model.apply(Msg::AskDeleteResume(id)),
        vec![Effect::Focus("cancel-delete")]
    );
    model.apply(Msg::Shortcut(Shortcut::Escape));
    assert_eq!(model.confirm_delete, None);
    model.apply(Msg::AskDeleteResume(id));
    assert_eq!(
        model.apply(Msg::ConfirmDelete),
        vec![Effect::DeleteResume(ResumeRef { id })]
    );
    assert_eq!(
        model.apply(Msg::ResumeChanged(Ok(()))),
        vec![Effect::ListResumes]
    );
}

#[test]
fn a_picked_file_fills_the_resume_form_or_explains_what_is_missing() {
    let mut model = open_model();
    assert_eq!(model.apply(Msg::PickResumeFile), vec![Effect::PickFile]);
    assert!(
        model.apply(Msg::FilePicked(Ok(None))).is_empty(),
        "cancelled"
    );
    assert_eq!(
        model.apply(Msg::FilePicked(Ok(Some("/home/ada/cv.md".into())))),
        vec![Effect::ReadFile("/home/ada/cv.md".into())]
    );
    model.apply(Msg::FileRead("/home/ada/cv.md".into(), Ok("# Ada".into())));
    let form = model.resume_form.as_ref().expect("form");
    assert_eq!((form.name.as_str(), form.content.as_str()), ("cv", "# Ada"));

    let missing = ShellError {
        kind: ShellErrorKind::Internal,
        message: format!("{}: `read_text_file`.", crate::ipc::UNAVAILABLE),
        fields: vec![],
    };
    model.apply(Msg::FileRead("/x.md".into(), Err(missing)));
    assert_eq!(
        model.banner.as_ref().map(|e| e.message.as_str()),
        Some(FILE_UNAVAILABLE)
    );
}

#[test]
fn a_typed_api_key_is_sent_once_and_never_kept() {
    let mut model = open_model();
    model.apply(Msg::Navigate(Nav::Settings));
    let loaded: SettingsView = serde_json::from_value(json!({
        "ai": { "engine": "anthropic" },
        "keys_stored": [["anthropic", true]],
        "profile": { "full_name": "", "email": null, "contact_lines": [], "updated_at": null },
        "writing_samples": [],
        "data_dir": "/d"
    }))
    .expect("settings");
    model.apply(Msg::SettingsLoaded(Ok(loaded.clone())));
    model.apply(Msg::ApiKeyInput("sk-ant-123".into()));
    let effects = model.apply(Msg::SaveKey);
    assert!(
        matches!(&effects[..], [Effect::SetKey(k)] if k.key == "sk-ant-123" && k.engine == EngineKind::Anthropic)
    );
    assert_eq!(
        model.settings.as_ref().map(|s| s.api_key.as_str()),
        Some("")
    );
    assert_eq!(
        model.apply(Msg::KeyChanged(KeyAction::Stored, Ok(()))),
        vec![Effect::Settings]
    );
    model.apply(Msg::SettingsLoaded(Ok(loaded)));
    let settings = model.settings.as_ref().expect("settings");
    assert!(
        settings
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("stored"))
    );
    assert!(settings.key_stored());

    assert_eq!(
        model.apply(Msg::TestConnection),
        vec![Effect::TestConnection(EngineRef {
            engine: EngineKind::Anthropic
        })]
    );
    model.apply(Msg::ConnectionTested(Err(error(
        ShellErrorKind::User,
        "The key was refused.",
    ))));
    assert_eq!(
        model.settings.as_ref().and_then(|s| s.connection.clone()),
        Some(Connection::Fails("The key was refused.".into()))
    );
}

#[test]
fn only_web_and_mail_links_are_opened() {
    let mut model = open_model();
    assert_eq!(
        model.apply(Msg::OpenLink("https://acme.example".into())),
        vec![Effect::OpenUrl("https://acme.example".into())]
    );
    assert!(
        model
            .apply(Msg::OpenLink("javascript:alert(1)".into()))
            .is_empty()
    );
    assert!(
        model
            .apply(Msg::OpenLink("file:///etc/passwd".into()))
            .is_empty()
    );
}

#[test]
fn shortcuts_do_nothing_while_locked() {
    let mut model = Model::default();
    model.apply(Msg::UnlockStateLoaded(Ok(UnlockState::NeedsPassphrase)));
    assert!(
        model
            .apply(Msg::Shortcut(Shortcut::NewApplication))
            .is_empty()
    );
    let mut open = open_model();
    assert_eq!(
        open.apply(Msg::Shortcut(Shortcut::NewApplication)),
        vec![Effect::Focus("new-company")]
    );
    assert_eq!(
        open.apply(Msg::Shortcut(Shortcut::FocusSearch)),
        vec![Effect::Focus("search")]
    );
}

// ---------------------------------------------------------------------------
// Import, capture, export
// ---------------------------------------------------------------------------

const CV: &str = "/home/ada/Ada Park CV.docx";

fn preview(name: &str, markdown: &str) -> jobforge_types::ImportPreview {
    jobforge_types::ImportPreview {
        file_name: "Ada Park CV.docx".into(),
        imported: jobforge_types::ImportedResume {
            name: name.into(),
            markdown: markdown.into(),
            data: jobforge_types::ResumeData::default(),
            report: jobforge_types::ImportReport {
                format: jobforge_types::SourceFormat::Docx,
                pages: None,
                characters: 1200,
                found: vec![jobforge_types::SectionFound {
                    section: jobforge_types::ResumeSection::Experience,
                    items: 2,
                    summary: "2 roles, 6 bullets".into(),
                }],
                ambiguous: vec![jobforge_types::ImportNote {
                    section: Some(jobforge_types::ResumeSection::Education),
                    message: "no dates for Reed College".into(),
                }],
                unreadable: vec![],
            },
        },
    }
}

const IMPORTED: &str = "# Ada Park\n\n## Experience\n\n### Engineer — Parcelwise (2021–present)\n\n- Rewrote the tracking service in Rust, cutting p99 latency from 480 ms to 35 ms.\n";

#[test]
fn an_imported_file_is_previewed_and_saved_only_when_asked() {
    let mut model = open_model();
    model.apply(Msg::Navigate(Nav::Resumes));
    assert_eq!(
        model.apply(Msg::ImportResumeFile),
        vec![Effect::PickImportFile]
    );
    assert!(model.apply(Msg::ImportFilePicked(Ok(None))).is_empty());
    assert_eq!(
        model.apply(Msg::ImportFilePicked(Ok(Some(CV.into())))),
        vec![Effect::PreviewImport(ImportFile { path: CV.into() })]
    );
    let import = model.import.as_ref().expect("panel");
    assert!(import.is_reading());
    assert_eq!(import.file_name, "Ada Park CV.docx");
    assert!(!import.primary, "the library already has a primary resume");

    // Nothing can be saved before the preview is there.
    assert!(model.apply(Msg::SaveImport).is_empty());
    assert_eq!(
        model.apply(Msg::ImportPreviewed(
            CV.into(),
            Ok(preview("Ada Park", IMPORTED))
        )),
        vec![Effect::Focus("import-name")]
    );
    assert_eq!(
        model.import.as_ref().map(|i| i.name.as_str()),
        Some("Ada Park")
    );

    model.apply(Msg::ImportNameInput("Backend (imported)".into()));
    model.apply(Msg::ImportFocusInput(FocusArea::SoftwareDevelopment));
    model.apply(Msg::ImportPrimaryInput(true));
    assert_eq!(
        model.apply(Msg::SaveImport),
        vec![Effect::ImportResume(ImportResume {
            path: CV.into(),
            name: Some("Backend (imported)".into()),
            focus_area: FocusArea::SoftwareDevelopment,
            is_primary: true,
        })]
    );
    assert!(
        model.apply(Msg::SaveImport).is_empty(),
        "one save at a time"
    );

    let saved = ImportedToLibrary {
        resume: resume(
            "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9b02",
            "Backend (imported)",
            true,
        ),
        report: preview("x", IMPORTED).imported.report,
    };
    assert_eq!(
        model.apply(Msg::ResumeImported(CV.into(), Ok(saved))),
        vec![Effect::ListResumes, Effect::Focus("import-resume")]
    );
    assert_eq!(model.import, None);
    assert!(
        model
            .library_notice
            .as_deref()
            .is_some_and(|n| n.contains("Backend (imported)"))
    );
}

#[test]
fn import_problems_are_shown_in_the_panel_and_nothing_is_sent() {
    let mut model = open_model();
    model.apply(Msg::Navigate(Nav::Resumes));
    model.apply(Msg::ImportFilePicked(Ok(Some("/tmp/broken.docx".into()))));
    let refused = error(
        ShellErrorKind::User,
        "broken.docx is not a Word document Job Forge can read: the file is damaged.",
    );
    assert_eq!(
        model.apply(Msg::ImportPreviewed(
            "/tmp/broken.docx".into(),
            Err(refused)
        )),
        vec![Effect::Focus("cancel-import")]
    );
    let import = model.import.as_ref().expect("still open");
    assert!(
        import
            .error
            .as_deref()
            .is_some_and(|e| e.contains("damaged"))
    );
    assert!(!import.is_reading());
    assert_eq!(model.banner, None, "shown in place, not in the banner");
    assert!(model.apply(Msg::SaveImport).is_empty());

    // An answer for a file picked earlier is dropped.
    model.apply(Msg::ImportFilePicked(Ok(Some(CV.into()))));
    assert!(
        model
            .apply(Msg::ImportPreviewed(
                "/tmp/broken.docx".into(),
                Ok(preview("Old", IMPORTED))
            ))
            .is_empty()
    );
    model.apply(Msg::ImportPreviewed(
        CV.into(),
        Ok(preview("Ada Park", IMPORTED)),
    ));

    // An empty name is refused with the store's words, before sending.
    model.apply(Msg::ImportNameInput("  ".into()));
    assert_eq!(
        model.apply(Msg::SaveImport),
        vec![Effect::Focus("import-name")]
    );
    let import = model.import.as_ref().expect("open");
    assert!(
        import.errors.get("resume_name").is_some(),
        "{:?}",
        import.errors
    );

    // Esc closes the panel.
    model.apply(Msg::Shortcut(Shortcut::Escape));
    assert_eq!(model.import, None);
}

fn captured(company: &str, notes: &[&str]) -> CapturedJob {
    let posting: jobforge_types::CapturedPosting = serde_json::from_value(json!({
        "method": "json_ld",
        "source_url": "https://jobs.example/42",
        "title": "Data Engineer",
        "company": company,
        "location": "Remote (EU)",
        "description": "Build data pipelines in Rust and Python for our routing team.",
        "date_posted": "2026-03-01",
        "deadline": "2026-04-30",
        "employment_type": "Full-time",
        "salary": "EUR 70,000–85,000 a year",
        "notes": notes
    }))
    .expect("posting");
    let application = NewApplication {
        company: company.into(),
        role_title: "Data Engineer".into(),
        job_description: posting.description.clone(),
        job_url: posting.source_url.clone(),
        location: posting.location.clone(),
        deadline: posting.deadline,
        notes: "Employment type: Full-time\nSalary: EUR 70,000–85,000 a year".into(),
        ..NewApplication::default()
    };
    CapturedJob {
        posting,
        application,
    }
}

#[test]
fn fetching_a_posting_fills_the_form_for_the_person_to_confirm() {
    let mut model = open_model();
    model.apply(Msg::Navigate(Nav::NewApplication));
    assert!(model.apply(Msg::FetchPosting) == vec![Effect::Focus("capture-url")]);
    assert!(model.new_app.capture.error.is_some(), "nothing typed");
    model.apply(Msg::CaptureUrlInput("https://jobs.example/42".into()));
    assert_eq!(
        model.new_app.capture.error, None,
        "typing clears the message"
    );
    assert_eq!(
        model.apply(Msg::FetchPosting),
        vec![Effect::Capture(CaptureJob {
            source: "https://jobs.example/42".into()
        })]
    );
    assert!(model.apply(Msg::FetchPosting).is_empty(), "one at a time");

    assert_eq!(
        model.apply(Msg::PostingCaptured(
            "https://jobs.example/42".into(),
            Ok(captured(
                "Northwind",
                &["The salary was read from the page text."]
            ))
        )),
        vec![Effect::Focus("capture-summary")]
    );
    let form = &model.new_app;
    assert_eq!(form.company, "Northwind");
    assert_eq!(form.role_title, "Data Engineer");
    assert_eq!(form.location, "Remote (EU)");
    assert_eq!(form.deadline, "2026-04-30");
    assert_eq!(form.job_url, "https://jobs.example/42");
    assert!(form.job_description.starts_with("Build data pipelines"));
    assert!(form.notes.contains("Salary: EUR 70,000–85,000 a year"));
    let summary = form.capture.summary.as_ref().expect("summary");
    assert_eq!(
        summary.notes,
        vec!["The salary was read from the page text."]
    );
    assert!(summary.filled.contains(&"company"));

    // Nothing is created until the person confirms.
    let effects = model.apply(Msg::CreateApplication);
    assert!(
        matches!(&effects[..], [Effect::CreateApplication(app)] if app.company == "Northwind" && app.deadline.is_some()),
        "{effects:?}"
    );
}

#[test]
fn a_failed_capture_says_why_and_leaves_the_form_alone() {
    let mut model = open_model();
    model.apply(Msg::Navigate(Nav::NewApplication));
    model.apply(Msg::NewAppInput(NewAppField::Company, "Typed Co".into()));
    model.apply(Msg::CaptureUrlInput("ftp://jobs.example/1".into()));
    assert_eq!(
        model.apply(Msg::FetchPosting),
        vec![Effect::Focus("capture-url")],
        "only web addresses are fetched"
    );
    model.apply(Msg::CaptureUrlInput("https://jobs.example/gone".into()));
    model.apply(Msg::FetchPosting);
    model.apply(Msg::PostingCaptured(
        "https://jobs.example/gone".into(),
        Err(error(
            ShellErrorKind::User,
            "The page answered 404 Not Found.",
        )),
    ));
    assert_eq!(
        model.new_app.capture.error.as_deref(),
        Some("The page answered 404 Not Found.")
    );
    assert_eq!(model.new_app.company, "Typed Co");
    assert_eq!(model.new_app.job_description, "");
    assert!(!model.new_app.capture.is_busy());

    // From a file: the dialog, then the capture; a stale answer is dropped.
    assert_eq!(
        model.apply(Msg::CapturePostingFile),
        vec![Effect::PickPostingFile]
    );
    assert_eq!(
        model.apply(Msg::PostingFilePicked(Ok(Some("/home/ada/job.pdf".into())))),
        vec![Effect::Capture(CaptureJob {
            source: "/home/ada/job.pdf".into()
        })]
    );
    assert!(
        model
            .apply(Msg::PostingCaptured(
                "https://jobs.example/gone".into(),
                Ok(captured("Stale", &[]))
            ))
            .is_empty()
    );
    model.apply(Msg::PostingCaptured(
        "/home/ada/job.pdf".into(),
        Ok(captured("", &[])),
    ));
    assert_eq!(model.new_app.company, "Typed Co", "the posting named none");
    assert_eq!(
        model
            .new_app
            .capture
            .summary
            .as_ref()
            .map(|s| s.source.as_str()),
        Some("job.pdf")
    );
}

fn document_subject(kind: DocumentKind) -> ExportSubject {
    ExportSubject::Document {
        application: app_id(),
        kind,
    }
}

fn export_done(path: &str) -> ExportDone {
    ExportDone {
        path: path.into(),
        bytes: 40_000,
        pages: Some(2),
        check: Some(jobforge_types::ExportCheck {
            words_expected: 412,
            words_found: 412,
            ..Default::default()
        }),
        notes: vec![],
        kept_layout_of: None,
        suggested_name: "acme-research.pdf".into(),
    }
}

#[test]
fn exporting_a_document_suggests_a_name_asks_where_and_writes_there() {
    let mut model = viewing_detail("# Report");
    let subject = document_subject(DocumentKind::ResearchReport);
    assert_eq!(
        model.apply(Msg::OpenExport(subject)),
        vec![Effect::Focus("export-format")]
    );
    model.apply(Msg::ExportFormatChosen(ExportFormat::JsonResume));
    assert_eq!(
        model.export.as_ref().map(|p| p.format),
        Some(ExportFormat::Pdf),
        "JSON Resume is for resumes"
    );
    model.apply(Msg::ExportPaperChosen(PaperSize::A4));
    assert_eq!(
        model.apply(Msg::ChooseExportPath),
        vec![Effect::SuggestExportName(SuggestExportName {
            subject,
            format: ExportFormat::Pdf
        })]
    );
    assert!(model.apply(Msg::ChooseExportPath).is_empty(), "busy");
    model.apply(Msg::ExportFormatChosen(ExportFormat::Docx));
    assert_eq!(
        model.export.as_ref().map(|p| p.format),
        Some(ExportFormat::Pdf),
        "the format stays while the export runs"
    );
    assert_eq!(
        model.apply(Msg::ExportNameSuggested(
            subject,
            Ok("acme-research.pdf".into())
        )),
        vec![Effect::PickSavePath {
            subject,
            suggested: "acme-research.pdf".into(),
            format: ExportFormat::Pdf,
        }]
    );
    assert_eq!(
        model.apply(Msg::ExportPathPicked(
            subject,
            Ok(Some("/home/ada/acme.pdf".into()))
        )),
        vec![Effect::Export(
            subject,
            ExportRequest::Document(jobforge_types::ExportDocument {
                application: app_id(),
                kind: DocumentKind::ResearchReport,
                format: ExportFormat::Pdf,
                path: "/home/ada/acme.pdf".into(),
                paper: PaperSize::A4,
                fresh_layout: false,
            })
        )]
    );
    assert_eq!(
        model.apply(Msg::Exported(
            subject,
            Ok(export_done("/home/ada/acme.pdf"))
        )),
        vec![Effect::Focus("export-result")]
    );
    let panel = model
        .export
        .as_ref()
        .expect("panel stays open with the result");
    assert!(!panel.is_busy());
    assert!(matches!(&panel.result, Some(ExportResult::Done(done)) if done.pages == Some(2)));

    // A cancelled dialog writes nothing; a failed suggestion still asks.
    model.apply(Msg::ChooseExportPath);
    let asked = model.apply(Msg::ExportNameSuggested(
        subject,
        Err(error(ShellErrorKind::Internal, "no")),
    ));
    assert!(
        matches!(&asked[..], [Effect::PickSavePath { suggested, .. }] if suggested == "research-report.pdf"),
        "{asked:?}"
    );
    assert!(
        model
            .apply(Msg::ExportPathPicked(subject, Ok(None)))
            .is_empty()
    );
    assert!(!model.export.as_ref().expect("panel").is_busy());

    // Esc closes the panel.
    model.apply(Msg::Shortcut(Shortcut::Escape));
    assert_eq!(model.export, None);
}

#[test]
fn a_truth_gate_refusal_is_shown_with_a_way_to_the_flags() {
    let mut model = viewing_detail("# Report");
    let subject = document_subject(DocumentKind::ResearchReport);
    model.apply(Msg::OpenExport(subject));
    model.apply(Msg::ChooseExportPath);
    model.apply(Msg::ExportNameSuggested(subject, Ok("r.pdf".into())));
    model.apply(Msg::ExportPathPicked(
        subject,
        Ok(Some("/tmp/r.pdf".into())),
    ));
    let refusal = error(
        ShellErrorKind::OpenFlags,
        "The research report has 1 unresolved truth-gate flag(s) (the first: \"60%\"). Review them — accept the ones that are true, or edit the document — then export again.",
    );
    assert_eq!(
        model.apply(Msg::Exported(subject, Err(refusal))),
        vec![Effect::Focus("review-flags")]
    );
    assert!(matches!(
        &model.export.as_ref().expect("panel").result,
        Some(ExportResult::OpenFlags(message)) if message.contains("60%")
    ));
    assert_eq!(model.banner, None);

    // The person switched tabs meanwhile: "Review the flags" goes back.
    if let Some(detail) = model.detail.as_mut() {
        detail.tab = DocumentKind::CoverLetter;
    }
    let effects = model.apply(Msg::ReviewFlags);
    assert_eq!(effects.last(), Some(&Effect::Focus("flags-title")));
    assert_eq!(
        model.open_detail().map(|d| d.tab),
        Some(DocumentKind::ResearchReport)
    );
}

#[test]
fn a_resume_exports_to_json_resume_and_other_panels_close_on_the_way() {
    let mut model = open_model();
    model.apply(Msg::Navigate(Nav::Resumes));
    let id: ResumeId = "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9b01".parse().expect("id");
    let subject = ExportSubject::Resume { resume: id };
    model.apply(Msg::OpenExport(subject));
    model.apply(Msg::ExportFormatChosen(ExportFormat::JsonResume));
    model.apply(Msg::ChooseExportPath);
    model.apply(Msg::ExportNameSuggested(subject, Ok("main.json".into())));
    let effects = model.apply(Msg::ExportPathPicked(
        subject,
        Ok(Some("/tmp/main.json".into())),
    ));
    assert_eq!(
        effects,
        vec![Effect::Export(
            subject,
            ExportRequest::Resume(jobforge_types::ExportResume {
                resume: id,
                format: ExportFormat::JsonResume,
                path: "/tmp/main.json".into(),
                paper: PaperSize::Letter,
            })
        )]
    );
    // An answer for a panel that was closed goes to the banner if it failed.
    model.apply(Msg::CloseExport);
    model.apply(Msg::Exported(
        subject,
        Err(error(ShellErrorKind::User, "The folder is read-only.")),
    ));
    assert_eq!(
        model.banner.as_ref().map(|e| e.message.as_str()),
        Some("The folder is read-only.")
    );

    // Going elsewhere closes the panel.
    model.apply(Msg::OpenExport(subject));
    model.apply(Msg::Navigate(Nav::Settings));
    assert_eq!(model.export, None);
}

#[test]
fn the_kind_choice_and_the_status_filter_narrow_the_search() {
    let mut model = open_model();
    assert!(
        model
            .apply(Msg::SearchKindChanged(Some(SearchKind::Resume)))
            .is_empty(),
        "nothing typed yet"
    );
    let effects = model.apply(Msg::SearchInput(" kubernetes ".into()));
    let [Effect::Search(request)] = &effects[..] else {
        panic!("one search: {effects:?}");
    };
    assert_eq!(request.query, "kubernetes");
    assert_eq!(request.filter.kinds, vec![SearchKind::Resume]);
    assert!(request.filter.statuses.is_empty());
    model.apply(Msg::SearchDone("kubernetes".into(), Ok(vec![])));
    let effects = model.apply(Msg::FilterChanged(Some(ApplicationStatus::Applied)));
    let [Effect::Search(request)] = &effects[..] else {
        panic!("the open results follow the status filter: {effects:?}");
    };
    assert_eq!(request.filter.statuses, vec![ApplicationStatus::Applied]);
}

#[test]
fn similar_applications_arrive_for_the_open_application_only() {
    let mut model = open_model();
    model.apply(Msg::OpenApplication(app_id()));
    model.apply(Msg::DetailLoaded(
        app_id(),
        Ok(detail_json(research_document("# R", json!([])))),
    ));
    let other: ApplicationId = "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9a99".parse().expect("id");
    let similar: SimilarApplication = serde_json::from_value(json!({
        "id": other.to_string(), "company": "Globex", "role_title": "Platform Engineer",
        "status": "applied", "similarity": 0.62, "snippet": "Kubernetes"
    }))
    .expect("similar");
    model.apply(Msg::SimilarLoaded(other, Ok(vec![similar.clone()])));
    assert_eq!(
        model.open_detail().and_then(|d| d.similar.clone()),
        None,
        "an answer for another application is dropped"
    );
    model.apply(Msg::SimilarLoaded(app_id(), Ok(vec![similar.clone()])));
    assert_eq!(
        model.open_detail().and_then(|d| d.similar.clone()),
        Some(vec![similar])
    );
    let effects = model.apply(Msg::DetailLoaded(
        app_id(),
        Ok(detail_json(research_document("# R", json!([])))),
    ));
    assert!(
        !effects.contains(&Effect::Similar(app_id())),
        "a refresh does not ask again"
    );
}

fn fit(resume: &str, name: &str, rank: u32, score: u8) -> jobforge_types::ResumeFit {
    serde_json::from_value(json!({
        "resume": resume, "name": name, "is_primary": rank == 1, "rank": rank,
        "report": {
            "score_version": "match-v1", "score": score, "embedder": "builtin-hash-v1/384",
            "components": [{
                "kind": "must_have", "value": score, "nominal_weight": 45, "weight": 0.45,
                "explanation": "Must-haves: 2 of 3 met"
            }],
            "gaps": [{
                "requirement": "Terraform", "importance": "must_have", "skills": ["Terraform"],
                "missing_skills": ["Terraform"], "status": "not_met",
                "question": "Have you used Terraform? If so, add where."
            }]
        }
    }))
    .expect("fit")
}

#[test]
fn the_fit_shows_the_best_resume_until_another_is_chosen_and_errors_stay_in_the_panel() {
    let mut model = open_model();
    model.apply(Msg::OpenApplication(app_id()));
    model.apply(Msg::DetailLoaded(
        app_id(),
        Ok(detail_json(research_document("# R", json!([])))),
    ));
    let best = "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9b01";
    let other = "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9b02";
    model.apply(Msg::FitLoaded(
        app_id(),
        Ok(vec![fit(best, "Backend", 1, 72), fit(other, "Data", 2, 40)]),
    ));
    let shown = |model: &Model| {
        model
            .open_detail()
            .and_then(|d| d.shown_fit())
            .map(|f| f.name.clone())
    };
    assert_eq!(shown(&model).as_deref(), Some("Backend"));
    model.apply(Msg::ShowFit(other.parse().expect("id")));
    assert_eq!(shown(&model).as_deref(), Some("Data"));

    assert_eq!(
        model.apply(Msg::RefreshFit),
        vec![Effect::MatchResumes(app_id())]
    );
    model.apply(Msg::FitLoaded(
        app_id(),
        Err(ShellError {
            kind: ShellErrorKind::User,
            message: "There is no resume to work from.".into(),
            fields: Vec::new(),
        }),
    ));
    assert_eq!(
        model.banner, None,
        "a fit that cannot be computed is not a failed action"
    );
    assert_eq!(
        model.open_detail().and_then(|d| d.fit.clone()),
        Some(Err("There is no resume to work from.".to_owned()))
    );
}

#[test]
fn the_index_state_is_asked_for_once_the_settings_form_exists() {
    let mut model = open_model();
    assert_eq!(
        model.apply(Msg::Navigate(Nav::Settings)),
        vec![Effect::Settings]
    );
    let loaded: SettingsView = serde_json::from_value(json!({
        "ai": { "engine": "offline" },
        "keys_stored": [],
        "profile": { "full_name": "", "email": null, "contact_lines": [], "updated_at": null },
        "writing_samples": [],
        "data_dir": "/data"
    }))
    .expect("settings");
    assert_eq!(
        model.apply(Msg::SettingsLoaded(Ok(loaded.clone()))),
        vec![Effect::IndexStatus]
    );
    let status = jobforge_types::IndexStatus {
        indexes: vec![jobforge_types::IndexView {
            embedder: "builtin-hash-v1/384".into(),
            active: true,
            pending: 0,
            indexed: 3,
            chunks: 9,
        }],
        problem: None,
    };
    model.apply(Msg::IndexStatusLoaded(Ok(status.clone())));
    assert!(
        model.apply(Msg::SettingsLoaded(Ok(loaded))).is_empty(),
        "a reload keeps what it has"
    );
    assert_eq!(
        model.settings.as_ref().and_then(|s| s.index.clone()),
        Some(status)
    );
}

/// `open_model` on the settings screen, the built-in embedder saved and
/// MiniLM chosen in the form.
fn choosing_minilm() -> Model {
    let mut model = open_model();
    model.apply(Msg::Navigate(Nav::Settings));
    model.apply(Msg::SettingsLoaded(Ok(search_settings("builtin"))));
    model.apply(Msg::EmbedderChanged(jobforge_types::EmbedderKind::MiniLm));
    model
}

fn search_settings(embedder: &str) -> SettingsView {
    serde_json::from_value(json!({
        "ai": { "engine": "offline", "embedding": { "embedder": embedder } },
        "keys_stored": [],
        "profile": { "full_name": "", "email": null, "contact_lines": [], "updated_at": null },
        "writing_samples": [],
        "data_dir": "/data"
    }))
    .expect("settings")
}

fn download_progress(done: u64) -> jobforge_types::ModelDownloadProgress {
    jobforge_types::ModelDownloadProgress {
        file: "model.safetensors".into(),
        done_bytes: done,
        total_bytes: jobforge_types::MINILM_DOWNLOAD_BYTES,
    }
}

fn download(model: &Model) -> Option<crate::settings::ModelDownload> {
    model.settings.as_ref().and_then(|s| s.download.clone())
}

#[test]
fn the_download_is_offered_only_while_minilm_is_chosen_but_not_saved() {
    let mut model = open_model();
    model.apply(Msg::Navigate(Nav::Settings));
    model.apply(Msg::SettingsLoaded(Ok(search_settings("builtin"))));
    let offered = |model: &Model| model.settings.as_ref().is_some_and(|s| s.shows_download());
    assert!(!offered(&model), "the built-in embedder needs no download");
    model.apply(Msg::EmbedderChanged(jobforge_types::EmbedderKind::MiniLm));
    assert!(offered(&model));
    assert_eq!(
        crate::settings::download_label(),
        "Download the model (91 MB)"
    );

    model.apply(Msg::SettingsLoaded(Ok(search_settings("minilm"))));
    assert!(!offered(&model), "a saved MiniLM has its files");
}

#[test]
fn a_download_shows_its_progress_and_ends_with_minilm_chosen() {
    use crate::settings::DownloadStage;
    let mut model = choosing_minilm();
    assert_eq!(
        model.apply(Msg::DownloadModel),
        vec![
            Effect::DownloadModel(DownloadModel { source: None }),
            Effect::Focus("cancel-download")
        ]
    );
    let started = download(&model).expect("started");
    assert_eq!(started.stage, DownloadStage::Running);
    assert_eq!(started.amount(), "0.0 of 91.1 MB");
    assert!(
        model.apply(Msg::DownloadModel).is_empty(),
        "one download at a time"
    );

    model.apply(Msg::ModelDownloadProgress(download_progress(45_550_248)));
    assert_eq!(
        download(&model).map(|d| d.amount()).as_deref(),
        Some("45.6 of 91.1 MB")
    );
    // Settings reloaded meanwhile (another form saved) keep the download.
    model.apply(Msg::SettingsLoaded(Ok(search_settings("builtin"))));
    assert!(download(&model).is_some_and(|d| d.is_running()));

    let effects = model.apply(Msg::ModelDownloaded(Ok(search_settings("minilm"))));
    assert_eq!(
        effects,
        vec![Effect::IndexStatus, Effect::Focus("embedder-select")]
    );
    let settings = model.settings.as_ref().expect("settings");
    assert_eq!(settings.download, None);
    assert_eq!(settings.embedder, jobforge_types::EmbedderKind::MiniLm);
    assert_eq!(
        settings.loaded.ai.embedding.embedder,
        jobforge_types::EmbedderKind::MiniLm,
        "the form shows the saved choice"
    );
    assert_eq!(settings.notice.as_deref(), Some(DOWNLOADED));
    assert!(!settings.shows_download());
}

#[test]
fn a_failed_download_says_why_and_try_again_continues_where_it_stopped() {
    use crate::settings::DownloadStage;
    let mut model = choosing_minilm();
    model.apply(Msg::DownloadModel);
    model.apply(Msg::ModelDownloadProgress(download_progress(30_000_000)));
    let message = "The meaning model could not be downloaded: the download of model.safetensors stopped after 29768760 of 90868376 bytes (the connection was lost); start it again to continue where it stopped.";
    assert_eq!(
        model.apply(Msg::ModelDownloaded(Err(error(
            ShellErrorKind::User,
            message
        )))),
        vec![Effect::Focus("download-model")]
    );
    let failed = download(&model).expect("kept");
    assert_eq!(failed.stage, DownloadStage::Failed(message.to_owned()));
    assert_eq!(
        model.banner, None,
        "the sentence is shown beside the button"
    );
    assert!(
        model.settings.as_ref().is_some_and(|s| s.shows_download()),
        "still offered"
    );
    assert_eq!(
        model.settings.as_ref().map(|s| s.embedder),
        Some(jobforge_types::EmbedderKind::MiniLm),
        "the form keeps the choice"
    );

    // "Try again": the same request; the shell continues from what it
    // kept, and the bar starts where it stopped.
    assert_eq!(
        model.apply(Msg::DownloadModel)[0],
        Effect::DownloadModel(DownloadModel { source: None })
    );
    let again = download(&model).expect("running");
    assert_eq!(again.stage, DownloadStage::Running);
    assert_eq!(again.done_bytes, 30_000_000);
}

#[test]
fn cancelling_a_download_asks_once_and_ends_as_cancelled() {
    use crate::settings::DownloadStage;
    let mut model = choosing_minilm();
    assert!(
        model.apply(Msg::CancelModelDownload).is_empty(),
        "nothing to cancel"
    );
    model.apply(Msg::DownloadModel);
    model.apply(Msg::ModelDownloadProgress(download_progress(1_000_000)));
    assert_eq!(
        model.apply(Msg::CancelModelDownload),
        vec![Effect::CancelModelDownload]
    );
    assert!(model.apply(Msg::CancelModelDownload).is_empty(), "once");
    assert_eq!(
        download(&model).map(|d| d.stage),
        Some(DownloadStage::Cancelling)
    );
    // Progress still arriving before the download stops is shown.
    model.apply(Msg::ModelDownloadProgress(download_progress(2_000_000)));
    assert_eq!(download(&model).map(|d| d.done_bytes), Some(2_000_000));

    model.apply(Msg::ModelDownloadCancelAsked(Ok(())));
    model.apply(Msg::ModelDownloaded(Err(error(
        ShellErrorKind::User,
        "The meaning model could not be downloaded: the download was cancelled; what arrived is kept, so starting it again continues from there.",
    ))));
    let cancelled = download(&model).expect("kept");
    assert_eq!(cancelled.stage, DownloadStage::Cancelled);
    assert_eq!(model.banner, None);
    assert!(
        model.settings.as_ref().is_some_and(|s| s.shows_download()),
        "it can be continued"
    );
    // A late event changes nothing once stopped.
    model.apply(Msg::ModelDownloadProgress(download_progress(3_000_000)));
    assert_eq!(download(&model).map(|d| d.done_bytes), Some(2_000_000));
}

#[test]
fn a_cancel_that_does_not_reach_the_shell_leaves_the_download_running() {
    use crate::settings::DownloadStage;
    let mut model = choosing_minilm();
    model.apply(Msg::DownloadModel);
    model.apply(Msg::CancelModelDownload);
    model.apply(Msg::ModelDownloadCancelAsked(Err(error(
        ShellErrorKind::Internal,
        "Not available in this version of the desktop app: `cancel_model_download`.",
    ))));
    assert_eq!(
        download(&model).map(|d| d.stage),
        Some(DownloadStage::Running)
    );
    assert!(model.banner.is_some(), "the failure is reported");
    assert_eq!(
        model.apply(Msg::CancelModelDownload),
        vec![Effect::CancelModelDownload],
        "and cancel can be tried again"
    );
}

#[test]
fn the_indexers_events_update_the_index_shown() {
    let mut model = choosing_minilm();
    let status = |pending| jobforge_types::IndexStatus {
        indexes: vec![
            jobforge_types::IndexView {
                embedder: "builtin-hash-v1/384".into(),
                active: true,
                pending: 0,
                indexed: 4,
                chunks: 12,
            },
            jobforge_types::IndexView {
                embedder: "all-minilm-l6-v2-v1/384".into(),
                active: false,
                pending,
                indexed: 4 - pending,
                chunks: 3,
            },
        ],
        problem: None,
    };
    model.apply(Msg::IndexStatusLoaded(Ok(status(3))));
    let summary = |model: &Model| {
        model
            .settings
            .as_ref()
            .map(SettingsState::index_summary)
            .unwrap_or_default()
    };
    assert!(summary(&model)[1].contains("1 done, 3 to go"));
    model.apply(Msg::IndexStatusLoaded(Ok(status(1))));
    assert!(summary(&model)[1].contains("3 done, 1 to go"));
}
