//! The AI pipeline through the core: sources gathered from the encrypted
//! store, engines run, documents saved with their flags, every run recorded.
//! Provider runs talk to a real HTTP server on 127.0.0.1.

use jobforge_core::ai::providers::{RetryPolicy, Timeouts};
use jobforge_core::ai::{CancelToken, EngineConfig, ProviderConfig, ProviderKind};
use jobforge_core::types::{
    ApplicationId, DocumentKind, EngineKind, FactKind, Phase, RunOutcome, VersionOrigin,
};
use jobforge_core::{PipelineEvent, RunPlan, Workspace, WorkspaceError, run_pipeline, sample};
use jobforge_testkit::http_script::{Reply, Server};

mod support;

fn workspace() -> (tempfile::TempDir, Workspace, ApplicationId) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut ws = support::new_workspace(tmp.path(), "pipeline test phrase");
    sample::load(ws.store_mut()).expect("sample");
    let app = support::application_of(&ws, "Northwind Freight");
    (tmp, ws, app)
}

fn plan(application: ApplicationId, phases: &[Phase], engine: EngineConfig) -> RunPlan {
    RunPlan {
        application,
        phases: phases.to_vec(),
        resume: None,
        engine,
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime")
}

fn compatible(server: &Server) -> EngineConfig {
    let mut config = ProviderConfig::new(ProviderKind::OpenAiCompatible);
    config.base_url = Some(server.base_url());
    config.model = "llama3.1".into();
    config.timeouts = Timeouts {
        connect: std::time::Duration::from_secs(2),
        idle: std::time::Duration::from_secs(2),
    };
    config.retry = RetryPolicy {
        max_attempts: 2,
        base_delay: std::time::Duration::from_millis(5),
        max_delay: std::time::Duration::from_millis(20),
        ..RetryPolicy::default()
    };
    EngineConfig::Provider(config)
}

/// An OpenAI-style stream that writes `text` in small pieces.
fn openai_stream(text: &str) -> String {
    let mut body = String::new();
    let chars: Vec<char> = text.chars().collect();
    for piece in chars.chunks(7) {
        let piece: String = piece.iter().collect();
        body.push_str(&format!(
            "data: {}\n\n",
            serde_json::json!({"model": "llama3.1:8b", "choices": [{"index": 0, "delta": {"content": piece}}]})
        ));
    }
    body.push_str(&format!(
        "data: {}\n\n",
        serde_json::json!({"model": "llama3.1:8b", "choices": [], "usage": {"prompt_tokens": 900, "completion_tokens": 120}})
    ));
    body.push_str("data: [DONE]\n\n");
    body
}

#[test]
fn the_offline_pipeline_writes_all_three_documents_and_records_every_run() {
    let (_tmp, mut ws, app) = workspace();
    let mut events = Vec::new();
    let runs = runtime()
        .block_on(run_pipeline(
            &mut ws,
            &plan(app, Phase::ALL, EngineConfig::Offline),
            None,
            &mut |e| events.push(e),
            &CancelToken::new(),
        ))
        .expect("pipeline");
    assert_eq!(runs.len(), 3);
    for run in &runs {
        assert_eq!(run.outcome, RunOutcome::Succeeded, "{run:?}");
        assert_eq!(run.engine, EngineKind::Offline);
        assert_eq!(run.cost_usd, Some(0.0));
        assert!(run.output_tokens > 0 && !run.tokens_reported);
        assert!(run.resume_id.is_some());
    }
    let application = ws.store().application(&app).expect("app");
    assert!(
        application.phases.research_done
            && application.phases.resume_optimised
            && application.phases.cover_letter_done
    );
    for kind in DocumentKind::ALL {
        let document = ws
            .store()
            .document(&app, *kind)
            .expect("read")
            .expect("written");
        assert_eq!(document.current.origin, VersionOrigin::Generated);
        assert_eq!(
            ws.store().current_truth_flags(&app, *kind).expect("flags"),
            [],
            "{kind}: the offline engine invents nothing"
        );
    }
    let started = events
        .iter()
        .filter(|e| matches!(e, PipelineEvent::PhaseStarted { .. }))
        .count();
    let streamed = events
        .iter()
        .filter(|e| matches!(e, PipelineEvent::Stream { .. }))
        .count();
    assert_eq!(started, 3);
    assert!(streamed > 10, "documents arrive piece by piece");
}

#[test]
fn a_provider_document_is_saved_with_flags_for_what_it_invented() {
    let (_tmp, mut ws, app) = workspace();
    let rt = runtime();
    let letter = "Dear Northwind Freight team,\n\nAt Parcelwise I led the rewrite of the shipment-tracking service from Python to Rust, cutting p99 latency from 480 ms to 35 ms. I also spent three years at Initech building Java services, and I hold an MBA.\n\nBest regards,\nAda Park\n";
    let server = rt.block_on(Server::start(vec![Reply::sse(&openai_stream(letter))]));
    let engine = compatible(&server);
    let runs = rt
        .block_on(run_pipeline(
            &mut ws,
            &plan(app, &[Phase::CoverLetter], engine.clone()),
            None,
            &mut |_| {},
            &CancelToken::new(),
        ))
        .expect("pipeline");
    let run = &runs[0];
    assert_eq!(run.outcome, RunOutcome::Succeeded);
    assert_eq!(run.engine, EngineKind::OpenAiCompatible);
    assert_eq!(
        run.model, "llama3.1:8b",
        "the model the server says answered"
    );
    assert_eq!(
        (run.input_tokens, run.output_tokens, run.tokens_reported),
        (900, 120, true)
    );
    assert_eq!(run.cost_usd, None, "no price is known for a local server");
    assert_eq!(run.prompt_version, "cover_letter@1");
    let saved = ws
        .store()
        .document(&app, DocumentKind::CoverLetter)
        .expect("read")
        .expect("saved");
    assert_eq!(saved.current.content, letter);
    let flags = ws
        .store()
        .current_truth_flags(&app, DocumentKind::CoverLetter)
        .expect("flags");
    let kinds: Vec<(FactKind, &str)> = flags
        .iter()
        .map(|f| (f.finding.kind, f.finding.claim.as_str()))
        .collect();
    assert!(
        kinds.contains(&(FactKind::Employer, "Initech")),
        "{kinds:?}"
    );
    assert!(kinds.contains(&(FactKind::Skill, "Java")), "{kinds:?}");
    assert!(kinds.contains(&(FactKind::Degree, "MBA")), "{kinds:?}");
    assert!(
        !kinds
            .iter()
            .any(|(_, c)| *c == "480" || *c == "35" || *c == "Parcelwise"),
        "{kinds:?}"
    );

    // The request carried the posting delimited and the user's facts.
    let request = &server.requests()[0];
    let body = request.json();
    let user = body["messages"][1]["content"]
        .as_str()
        .expect("user message");
    assert!(user.contains("<posting>") && user.contains("</posting>"));
    assert!(user.contains("Parcelwise"));
    assert_eq!(
        request.header("authorization"),
        None,
        "no key was configured"
    );

    // The user fixes the letter: the new version is re-checked.
    let fixed = letter.replace(
        " I also spent three years at Initech building Java services, and I hold an MBA.",
        "",
    );
    ws.save_document_checked(&app, DocumentKind::CoverLetter, &fixed, VersionOrigin::User)
        .expect("save");
    assert_eq!(
        ws.store()
            .current_truth_flags(&app, DocumentKind::CoverLetter)
            .expect("flags"),
        []
    );
}

#[test]
fn a_provider_that_fails_leaves_a_draft_a_record_and_no_document() {
    let (_tmp, mut ws, app) = workspace();
    let rt = runtime();
    let cut = "data: {\"choices\":[{\"delta\":{\"content\":\"Dear Northwind team, I \"}}]}\n\n";
    let server = rt.block_on(Server::start(vec![Reply::sse(cut), Reply::sse(cut)]));
    let engine = compatible(&server);
    let mut ended = Vec::new();
    let runs = rt
        .block_on(run_pipeline(
            &mut ws,
            &plan(app, Phase::ALL, engine.clone()),
            None,
            &mut |e| {
                if let PipelineEvent::PhaseEnded {
                    run, user_fixable, ..
                } = e
                {
                    ended.push((run.phase, user_fixable));
                }
            },
            &CancelToken::new(),
        ))
        .expect("pipeline");
    assert_eq!(runs.len(), 1, "later phases do not run after a failure");
    assert_eq!(ended, [(Phase::Research, false)]);
    let run = &runs[0];
    assert_eq!(run.outcome, RunOutcome::Failed);
    assert_eq!(run.attempts, 2);
    assert!(
        run.error
            .as_deref()
            .is_some_and(|e| e.contains("could not reach") || e.contains("connection")),
        "{:?}",
        run.error
    );
    assert_eq!(run.draft.as_deref(), Some("Dear Northwind team, I "));
    assert!(
        ws.store()
            .document(&app, DocumentKind::ResearchReport)
            .expect("read")
            .is_none()
    );
    assert_eq!(ws.store().runs(&app).expect("runs").len(), 1);
}

#[test]
fn a_missing_resume_is_a_clear_error_before_anything_runs() {
    let (_tmp, mut ws, app) = workspace();
    for resume in ws.store().list_resumes().expect("resumes") {
        ws.store_mut().delete_resume(&resume.id).expect("delete");
    }
    let error = runtime()
        .block_on(run_pipeline(
            &mut ws,
            &plan(app, Phase::ALL, EngineConfig::Offline),
            None,
            &mut |_| {},
            &CancelToken::new(),
        ))
        .expect_err("no resume");
    assert!(matches!(error, WorkspaceError::NoResume), "{error}");
    assert!(error.to_string().contains("jobforge resume add"));
    assert!(ws.store().runs(&app).expect("runs").is_empty());
}

#[test]
fn a_prompt_override_in_the_data_folder_is_used_and_recorded() {
    let (_tmp, mut ws, app) = workspace();
    let prompts = ws.dir().prompts();
    std::fs::create_dir_all(&prompts).expect("prompts dir");
    std::fs::write(
        prompts.join("research.md"),
        "=== system ===\nYou are terse. HOUSE-STYLE-MARKER\n=== user ===\nResearch {{company}}:\n<posting>\n{{posting}}\n</posting>\n",
    )
    .expect("override");
    let rt = runtime();
    let server = rt.block_on(Server::start(vec![Reply::sse(&openai_stream(
        "# Research\n\nThe posting asks for Rust.\n",
    ))]));
    let runs = rt
        .block_on(run_pipeline(
            &mut ws,
            &plan(app, &[Phase::Research], compatible(&server)),
            None,
            &mut |_| {},
            &CancelToken::new(),
        ))
        .expect("pipeline");
    assert!(
        runs[0].prompt_version.starts_with("research@user-"),
        "{}",
        runs[0].prompt_version
    );
    let body = server.requests()[0].json();
    assert!(
        body["messages"][0]["content"]
            .as_str()
            .expect("system")
            .contains("HOUSE-STYLE-MARKER")
    );
    assert!(
        body["messages"][1]["content"]
            .as_str()
            .expect("user")
            .starts_with("Research Northwind Freight:")
    );
}
