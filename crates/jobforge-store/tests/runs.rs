//! Pipeline runs, truth-gate flags and settings in the encrypted store.

use jobforge_secrets::DatabaseKey;
use jobforge_store::{RunRecord, RunResult, Store};
use jobforge_types::{
    DocumentKind, EngineKind, FactKind, NewApplication, Phase, RunOutcome, TruthFinding,
    VersionOrigin,
};
use tempfile::TempDir;

fn new_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::create(
        &dir.path().join("jobforge.sqlite3"),
        &DatabaseKey::from_bytes([9; 32]),
    )
    .expect("create store");
    (dir, store)
}

fn new_application(store: &mut Store) -> jobforge_types::ApplicationId {
    store
        .create_application(NewApplication {
            company: "Tidewater Freight".into(),
            role_title: "Senior Backend Engineer".into(),
            job_description:
                "We need a backend engineer for routing services in Rust and PostgreSQL.".into(),
            ..NewApplication::default()
        })
        .expect("application")
        .id
}

fn record(application: jobforge_types::ApplicationId, phase: Phase) -> RunRecord<'static> {
    RunRecord {
        application,
        phase,
        engine: EngineKind::OpenAi,
        model: "gpt-4o-mini",
        prompt_version: "resume@1",
        resume: None,
        input_tokens: 1200,
        output_tokens: 340,
        tokens_reported: true,
        cost_usd: Some(0.000384),
        attempts: 2,
        started_at: time::OffsetDateTime::now_utc(),
        duration_ms: 1530,
        report: None,
    }
}

fn finding(claim: &str) -> TruthFinding {
    TruthFinding {
        kind: FactKind::Number,
        claim: claim.into(),
        sentence: format!("Cut latency by {claim}."),
        reason: format!("{claim} does not appear in your resume or notes"),
    }
}

#[test]
fn a_successful_run_saves_version_flags_phase_and_record_together() {
    let (_dir, mut store) = new_store();
    let app = new_application(&mut store);
    let report = serde_json::json!({ "changes": { "dropped": 2 } });
    let mut rec = record(app, Phase::Resume);
    rec.report = Some(&report);
    let run = store
        .record_run(
            &rec,
            RunResult::Succeeded {
                content: "# Tailored\n\n- Cut latency by 60%.\n",
                findings: &[finding("60%")],
            },
        )
        .expect("recorded");
    assert_eq!(run.outcome, RunOutcome::Succeeded);
    assert_eq!(run.attempts, 2);
    assert_eq!(run.cost_usd, Some(0.000384));
    let document = store
        .document(&app, DocumentKind::OptimisedResume)
        .expect("read")
        .expect("saved");
    assert_eq!(Some(document.current.id), run.document_version_id);
    assert_eq!(document.current.origin, VersionOrigin::Generated);
    assert!(
        store
            .application(&app)
            .expect("app")
            .phases
            .resume_optimised
    );
    let flags = store
        .current_truth_flags(&app, DocumentKind::OptimisedResume)
        .expect("flags");
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].finding.claim, "60%");
    assert!(!flags[0].is_resolved());
    assert_eq!(store.run_report(&run.id).expect("report"), Some(report));
    assert_eq!(store.runs(&app).expect("runs"), [run]);
}

#[test]
fn a_failed_or_cancelled_run_keeps_a_draft_and_never_a_document() {
    let (_dir, mut store) = new_store();
    let app = new_application(&mut store);
    let failed = store
        .record_run(
            &record(app, Phase::CoverLetter),
            RunResult::Failed {
                error: "OpenAI failed (HTTP 500)",
                draft: "Dear team,\n\nI am",
            },
        )
        .expect("recorded");
    assert_eq!(failed.outcome, RunOutcome::Failed);
    assert_eq!(failed.draft.as_deref(), Some("Dear team,\n\nI am"));
    assert_eq!(failed.error.as_deref(), Some("OpenAI failed (HTTP 500)"));
    assert_eq!(failed.document_version_id, None);
    let cancelled = store
        .record_run(
            &record(app, Phase::CoverLetter),
            RunResult::Cancelled { draft: "" },
        )
        .expect("recorded");
    assert_eq!(cancelled.outcome, RunOutcome::Cancelled);
    assert_eq!(cancelled.draft, None, "an empty draft is no draft");
    assert!(
        store
            .document(&app, DocumentKind::CoverLetter)
            .expect("read")
            .is_none()
    );
    assert!(
        !store
            .application(&app)
            .expect("app")
            .phases
            .cover_letter_done
    );
    let runs = store.runs(&app).expect("runs");
    assert_eq!(
        runs.iter().map(|r| r.outcome).collect::<Vec<_>>(),
        [RunOutcome::Cancelled, RunOutcome::Failed]
    );
    assert_eq!(
        store
            .latest_successful_run(&app, Phase::CoverLetter)
            .expect("query"),
        None
    );
}

#[test]
fn an_invalid_document_records_nothing_at_all() {
    let (_dir, mut store) = new_store();
    let app = new_application(&mut store);
    let before = store.pending_changes(1000).expect("changes").len();
    let error = store
        .record_run(
            &record(app, Phase::Research),
            RunResult::Succeeded {
                content: "   ",
                findings: &[],
            },
        )
        .expect_err("empty document refused");
    assert!(error.is_user_error(), "{error}");
    assert!(store.runs(&app).expect("runs").is_empty());
    assert_eq!(store.pending_changes(1000).expect("changes").len(), before);
}

#[test]
fn accepted_flags_stay_accepted_on_an_unchanged_claim_in_the_next_version() {
    let (_dir, mut store) = new_store();
    let app = new_application(&mut store);
    let kind = DocumentKind::CoverLetter;
    store
        .save_document_checked(
            &app,
            kind,
            "Cut latency by 60%. Cut cost by 10%.",
            VersionOrigin::User,
            &[finding("60%"), finding("10%")],
        )
        .expect("v1");
    let flags = store.current_truth_flags(&app, kind).expect("flags");
    let accepted = store.accept_truth_flag(&flags[0].id).expect("accept");
    assert!(accepted.is_resolved());
    store
        .save_document_checked(
            &app,
            kind,
            "Cut latency by 60%. Cut cost by 10%. Thanks.",
            VersionOrigin::User,
            &[finding("60%"), finding("10%")],
        )
        .expect("v2");
    let flags = store.current_truth_flags(&app, kind).expect("flags");
    assert_eq!(flags.len(), 2);
    assert!(flags[0].is_resolved(), "the accepted claim carries over");
    assert!(!flags[1].is_resolved());
    assert_eq!(store.accept_all_truth_flags(&app, kind).expect("all"), 1);
    assert!(
        store
            .current_truth_flags(&app, kind)
            .expect("flags")
            .iter()
            .all(|f| f.is_resolved())
    );
}

#[test]
fn settings_round_trip_as_json() {
    let (_dir, mut store) = new_store();
    assert_eq!(store.setting::<String>("ai.engine").expect("read"), None);
    store.set_setting("ai.engine", &"anthropic").expect("write");
    store
        .set_setting("ai.engine", &"openai")
        .expect("overwrite");
    assert_eq!(
        store
            .setting::<String>("ai.engine")
            .expect("read")
            .as_deref(),
        Some("openai")
    );
    store.remove_setting("ai.engine").expect("remove");
    assert_eq!(store.setting::<String>("ai.engine").expect("read"), None);
}

#[test]
fn a_version_one_database_upgrades_and_keeps_its_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("jobforge.sqlite3");
    let key = DatabaseKey::from_bytes([9; 32]);
    let app = {
        let mut store = Store::create(&path, &key).expect("create");
        new_application(&mut store)
    };
    {
        // Put the file back to what Job Forge 0.1 (schema 1) wrote.
        let conn = rusqlite::Connection::open(&path).expect("open raw");
        conn.execute_batch(&format!(
            "PRAGMA key = \"{}\";",
            key.sqlcipher_literal().as_str()
        ))
        .expect("key");
        conn.execute_batch(
            "DROP TRIGGER ai_runs_log_insert; DROP TRIGGER truth_flags_log_insert;
             DROP TRIGGER truth_flags_log_update; DROP TABLE ai_runs; DROP TABLE truth_flags;
             DROP TABLE settings; DROP TRIGGER resume_sources_log_insert;
             DROP TABLE resume_sources;
             DROP TRIGGER applications_embed_insert; DROP TRIGGER applications_embed_update;
             DROP TRIGGER resumes_embed_insert; DROP TRIGGER resumes_embed_update;
             DROP TRIGGER documents_embed_insert; DROP TRIGGER documents_embed_update;
             DROP TABLE embedding_queue; DROP TABLE text_chunks; DROP TABLE vector_indexes;
             DELETE FROM schema_migrations WHERE version >= 2;",
        )
        .expect("downgrade");
    }
    let mut store = Store::open(&path, &key).expect("open upgrades");
    assert_eq!(
        store.schema_version().expect("version"),
        jobforge_store::migrations::latest_version()
    );
    assert_eq!(
        store.application(&app).expect("kept").company,
        "Tidewater Freight"
    );
    store
        .record_run(
            &record(app, Phase::Research),
            RunResult::Cancelled { draft: "partial" },
        )
        .expect("new tables work");
}
