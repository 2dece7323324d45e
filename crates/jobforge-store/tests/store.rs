//! Behaviour of the encrypted store, against real SQLCipher files on disk.

use jobforge_secrets::DatabaseKey;
use jobforge_store::{ApplicationFilter, ChangeOperation, Store, StoreError};
use jobforge_types::{
    ApplicationStatus, ApplicationUpdate, DocumentKind, FocusArea, NewApplication, NewResume,
    NewWritingSample, Phase, Priority, ProfileUpdate, SearchHitKind, VersionOrigin,
};
use tempfile::TempDir;

const DESCRIPTION: &str =
    "We are hiring a backend engineer to design resilient payment APIs in Rust and Postgres.";

fn key() -> DatabaseKey {
    DatabaseKey::from_bytes([7; 32])
}

fn new_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::create(&dir.path().join("jobforge.sqlite3"), &key()).expect("create store");
    (dir, store)
}

fn application(company: &str) -> NewApplication {
    NewApplication {
        company: company.into(),
        role_title: "Backend Engineer".into(),
        job_description: DESCRIPTION.into(),
        job_url: Some("https://jobs.example.com/1".into()),
        location: Some("Lisbon".into()),
        priority: Priority::High,
        ..NewApplication::default()
    }
}

fn resume(name: &str, primary: bool) -> NewResume {
    NewResume {
        name: name.into(),
        content: format!(
            "# Ada Lovelace\n\n## Experience\n\nAnalytical Engine Co — Engineer, 1842–1843. Wrote the first \
             published algorithm for the engine ({name})."
        ),
        focus_area: FocusArea::SoftwareDevelopment,
        is_primary: primary,
    }
}

#[test]
fn application_round_trips_with_generated_name_and_draft_status() {
    let (_dir, mut store) = new_store();
    let created = store
        .create_application(application("Acme Pay"))
        .expect("create");
    assert_eq!(created.status, ApplicationStatus::Draft);
    assert!(
        created.name.starts_with("acme_pay_backend_engineer_20"),
        "{}",
        created.name
    );
    assert_eq!(created.version, 1);
    let loaded = store.application(&created.id).expect("load");
    assert_eq!(loaded, created);
    let listed = store
        .list_applications(&ApplicationFilter::default())
        .expect("list");
    assert_eq!(listed, vec![created]);
}

#[test]
fn invalid_application_is_refused_and_nothing_is_written() {
    let (_dir, mut store) = new_store();
    let before = store.pending_changes(1000).expect("log").len();
    let bad = NewApplication {
        job_description: "too short".into(),
        ..application("Acme")
    };
    let err = store.create_application(bad).expect_err("invalid");
    assert!(matches!(err, StoreError::Invalid(_)));
    assert!(err.to_string().contains("job description"), "{err}");
    assert!(
        store
            .list_applications(&ApplicationFilter::default())
            .expect("list")
            .is_empty()
    );
    assert_eq!(store.pending_changes(1000).expect("log").len(), before);
}

#[test]
fn status_changes_are_recorded_with_history() {
    let (_dir, mut store) = new_store();
    let app = store
        .create_application(application("Acme"))
        .expect("create");
    store
        .set_status(&app.id, ApplicationStatus::Applied)
        .expect("applied");
    let after = store
        .set_status(&app.id, ApplicationStatus::Interview)
        .expect("interview");
    assert_eq!(after.status, ApplicationStatus::Interview);
    assert_eq!(after.version, 3);
    let same = store
        .set_status(&app.id, ApplicationStatus::Interview)
        .expect("no-op");
    assert_eq!(same.version, 3, "setting the same status changes nothing");
    let history = store.status_history(&app.id).expect("history");
    let steps: Vec<_> = history.iter().map(|c| (c.from, c.to)).collect();
    assert_eq!(
        steps,
        vec![
            (None, ApplicationStatus::Draft),
            (Some(ApplicationStatus::Draft), ApplicationStatus::Applied),
            (
                Some(ApplicationStatus::Applied),
                ApplicationStatus::Interview
            ),
        ]
    );
    assert!(history.windows(2).all(|w| w[0].at <= w[1].at));
    let interviewing = ApplicationFilter {
        status: Some(ApplicationStatus::Interview),
        ..ApplicationFilter::default()
    };
    assert_eq!(
        store.list_applications(&interviewing).expect("list").len(),
        1
    );
    assert_eq!(
        store.count_by_status().expect("counts"),
        vec![(ApplicationStatus::Interview, 1)]
    );
}

#[test]
fn stale_update_is_refused_as_a_conflict() {
    let (_dir, mut store) = new_store();
    let app = store
        .create_application(application("Acme"))
        .expect("create");
    let update = ApplicationUpdate {
        notes: Some("Recruiter: Sam".into()),
        location: Some(None),
        ..ApplicationUpdate::default()
    };
    let updated = store
        .update_application(&app.id, Some(1), update.clone())
        .expect("update");
    assert_eq!(updated.notes, "Recruiter: Sam");
    assert_eq!(updated.location, None);
    assert_eq!(updated.version, 2);
    let err = store
        .update_application(&app.id, Some(1), update)
        .expect_err("stale");
    assert!(
        matches!(
            err,
            StoreError::Conflict {
                expected: 1,
                current: 2,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn ids_resolve_by_unique_prefix_or_name() {
    let (_dir, mut store) = new_store();
    let a = store.create_application(application("Acme")).expect("a");
    let b = store.create_application(application("Bolt")).expect("b");
    let full = a.id.to_string();
    let shared: usize = full
        .chars()
        .zip(b.id.to_string().chars())
        .take_while(|(x, y)| x == y)
        .count();
    let unique_prefix = &full[..shared + 1];
    assert_eq!(
        store.resolve_application(unique_prefix).expect("unique"),
        a.id
    );
    assert_eq!(
        store
            .resolve_application(&full.to_uppercase())
            .expect("full id"),
        a.id
    );
    assert_eq!(store.resolve_application(&b.name).expect("by name"), b.id);
    if shared > 0 {
        let err = store
            .resolve_application(&full[..shared])
            .expect_err("ambiguous");
        assert!(
            matches!(err, StoreError::Ambiguous { count: 2, .. }),
            "{err}"
        );
    }
    let err = store.resolve_application("ffffffff").expect_err("no match");
    assert!(matches!(err, StoreError::NotFound { .. }));
    assert!(
        store.resolve_application("%").is_err(),
        "wildcards are not patterns"
    );
}

#[test]
fn deletion_leaves_a_tombstone_and_logs_it() {
    let (_dir, mut store) = new_store();
    let app = store
        .create_application(application("Acme"))
        .expect("create");
    store
        .save_document(
            &app.id,
            DocumentKind::CoverLetter,
            "Dear Acme, ...",
            VersionOrigin::User,
        )
        .expect("doc");
    store.delete_application(&app.id).expect("delete");
    assert!(
        store
            .list_applications(&ApplicationFilter::default())
            .expect("list")
            .is_empty()
    );
    assert!(matches!(
        store.application(&app.id),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        store.document(&app.id, DocumentKind::CoverLetter),
        Ok(None)
    ));
    assert!(store.search("Acme", 10).expect("search").is_empty());
    let log = store.pending_changes(1000).expect("log");
    let deletions: Vec<_> = log
        .iter()
        .filter(|e| e.operation == ChangeOperation::Delete)
        .map(|e| e.entity.as_str())
        .collect();
    assert_eq!(deletions, vec!["document", "application"]);
    assert!(matches!(
        store.delete_application(&app.id),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn every_change_writes_one_change_log_row_in_order() {
    let (_dir, mut store) = new_store();
    let app = store
        .create_application(application("Acme"))
        .expect("create");
    store
        .set_status(&app.id, ApplicationStatus::Applied)
        .expect("status");
    let log = store.pending_changes(1000).expect("log");
    let entries: Vec<_> = log
        .iter()
        .map(|e| (e.entity.as_str(), e.operation, e.entity_version))
        .collect();
    assert_eq!(
        entries,
        vec![
            ("application", ChangeOperation::Insert, 1),
            ("application_status_change", ChangeOperation::Insert, 1),
            ("application", ChangeOperation::Update, 2),
            ("application_status_change", ChangeOperation::Insert, 1),
        ]
    );
    assert!(
        log.iter()
            .filter(|e| e.entity == "application")
            .all(|e| e.entity_id == app.id.to_string())
    );
    let last = log.last().expect("entries").seq;
    assert_eq!(store.mark_pushed(last).expect("push"), 4);
    assert!(store.pending_changes(1000).expect("log").is_empty());
}

#[test]
fn documents_keep_every_version_and_restore_an_old_one() {
    let (_dir, mut store) = new_store();
    let app = store
        .create_application(application("Acme"))
        .expect("create");
    let kind = DocumentKind::OptimisedResume;
    store
        .save_document(&app.id, kind, "Version one", VersionOrigin::Generated)
        .expect("v1");
    store
        .save_document(&app.id, kind, "Version two", VersionOrigin::User)
        .expect("v2");
    let doc = store
        .document(&app.id, kind)
        .expect("load")
        .expect("exists");
    assert_eq!(doc.current.content, "Version two");
    assert_eq!((doc.current.number, doc.version_count), (2, 2));
    let restored = store
        .restore_document_version(&app.id, kind, 1)
        .expect("restore");
    assert_eq!(restored.current.content, "Version one");
    assert_eq!(restored.current.origin, VersionOrigin::Restored);
    let numbers: Vec<_> = store
        .document_versions(&app.id, kind)
        .expect("versions")
        .iter()
        .map(|v| (v.number, v.content.clone()))
        .collect();
    assert_eq!(
        numbers,
        vec![
            (3, "Version one".into()),
            (2, "Version two".into()),
            (1, "Version one".into())
        ]
    );
    let flags = store.application(&app.id).expect("app").phases;
    assert!(
        flags.resume_optimised,
        "a generated version marks its phase done"
    );
    assert!(!flags.research_done && !flags.cover_letter_done);
    assert!(matches!(
        store.save_document(&app.id, kind, "   ", VersionOrigin::User),
        Err(StoreError::Invalid(_))
    ));
    let app = store
        .set_phase_done(&app.id, Phase::Resume, false)
        .expect("reset");
    assert!(!app.phases.resume_optimised);
}

#[test]
fn resume_library_keeps_exactly_one_primary() {
    let (_dir, mut store) = new_store();
    let first = store.add_resume(resume("General", false)).expect("first");
    assert!(first.is_primary, "the first resume becomes primary");
    let second = store.add_resume(resume("Data", true)).expect("second");
    assert!(second.is_primary);
    assert!(!store.resume(&first.id).expect("first").is_primary);
    store.set_primary_resume(&first.id).expect("switch");
    let library = store.list_resumes().expect("list");
    assert_eq!(library.iter().filter(|r| r.is_primary).count(), 1);
    assert_eq!(library[0].id, first.id, "primary is listed first");
    assert_eq!(
        store.primary_resume().expect("primary").map(|r| r.id),
        Some(first.id)
    );
    store.delete_resume(&first.id).expect("delete");
    assert_eq!(store.list_resumes().expect("list").len(), 1);
    let short = NewResume {
        content: "tiny".into(),
        ..resume("Short", false)
    };
    assert!(matches!(
        store.add_resume(short),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn profile_and_writing_samples_round_trip() {
    let (_dir, mut store) = new_store();
    assert_eq!(store.profile().expect("empty").full_name, "");
    let profile = store
        .set_profile(ProfileUpdate {
            full_name: " Ada Lovelace ".into(),
            email: Some("ada@example.com".into()),
            contact_lines: vec!["+44 20 7946 0000".into(), "  ".into()],
        })
        .expect("save");
    assert_eq!(profile.full_name, "Ada Lovelace");
    assert_eq!(profile.contact_lines, vec!["+44 20 7946 0000".to_string()]);
    let again = store
        .set_profile(ProfileUpdate {
            full_name: "Ada King".into(),
            email: None,
            contact_lines: vec![],
        })
        .expect("update");
    assert_eq!((again.full_name.as_str(), again.email), ("Ada King", None));
    let sample = store
        .add_writing_sample(NewWritingSample {
            title: "Letter to Babbage".into(),
            content:
                "Dear Mr Babbage, I have been thinking about your engine and what it might compute."
                    .into(),
        })
        .expect("sample");
    assert_eq!(store.writing_samples().expect("list"), vec![sample.clone()]);
    store.delete_writing_sample(&sample.id).expect("delete");
    assert!(store.writing_samples().expect("list").is_empty());
}

#[test]
fn full_text_search_finds_applications_resumes_and_documents() {
    let (_dir, mut store) = new_store();
    let acme = store
        .create_application(application("Acme Payments"))
        .expect("acme");
    let other = NewApplication {
        company: "Globex".into(),
        role_title: "Data Analyst".into(),
        job_description:
            "Analyse marketing funnels with SQL and Tableau; present insights to leadership weekly."
                .into(),
        ..NewApplication::default()
    };
    let globex = store.create_application(other).expect("globex");
    store
        .add_resume(resume("Engine resume", true))
        .expect("resume");
    store
        .save_document(
            &globex.id,
            DocumentKind::ResearchReport,
            "Globex values kaizen and dashboards.",
            VersionOrigin::Generated,
        )
        .expect("doc");

    let hits = store.search("payment", 10).expect("search");
    assert_eq!(
        hits.len(),
        1,
        "porter stemming matches 'payments' and 'payment'"
    );
    assert_eq!(hits[0].target, SearchHitKind::Application { id: acme.id });
    assert!(hits[0].snippet.contains('['), "{}", hits[0].snippet);

    let hits = store.search("tableau", 10).expect("search");
    assert_eq!(hits[0].target, SearchHitKind::Application { id: globex.id });

    let hits = store.search("analytical engine", 10).expect("search");
    assert!(matches!(hits[0].target, SearchHitKind::Resume { .. }));

    let hits = store.search("kaizen", 10).expect("search");
    assert_eq!(
        hits[0].target,
        SearchHitKind::Document {
            application_id: globex.id,
            kind: DocumentKind::ResearchReport
        }
    );

    let hits = store.search("kaiz", 10).expect("prefix");
    assert_eq!(hits.len(), 1, "the last word matches as a prefix");

    store
        .update_application(
            &globex.id,
            None,
            ApplicationUpdate {
                job_description: Some(
                    "Own the quarterly forecasting model in Python and present it to the board."
                        .into(),
                ),
                ..ApplicationUpdate::default()
            },
        )
        .expect("update");
    assert!(
        store.search("tableau", 10).expect("search").is_empty(),
        "old text left the index"
    );
    assert_eq!(store.search("forecasting", 10).expect("search").len(), 1);
    assert!(matches!(
        store.search(" -- ", 10),
        Err(StoreError::EmptySearch)
    ));
    assert!(
        store.search("\"unbalanced NEAR(", 10).is_ok(),
        "FTS syntax is never an error"
    );
}

#[test]
fn the_file_at_rest_holds_no_plaintext() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("jobforge.sqlite3");
    {
        let mut store = Store::create(&path, &key()).expect("create");
        store
            .create_application(application("Zyxwvut Confidential Holdings"))
            .expect("create");
        store
            .add_resume(resume("Quixotic Resume Marker", true))
            .expect("resume");
    }
    let mut bytes = std::fs::read(&path).expect("read db");
    assert_ne!(
        &bytes[..16],
        b"SQLite format 3\0",
        "the header is encrypted"
    );
    for entry in std::fs::read_dir(dir.path()).expect("list") {
        let entry = entry.expect("entry");
        if entry.path() != path {
            bytes.extend(std::fs::read(entry.path()).expect("read side file"));
        }
    }
    for needle in ["Zyxwvut", "Quixotic", "applications", "Backend Engineer"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "`{needle}` appears in the file in the clear"
        );
    }
}

#[test]
fn a_wrong_key_cannot_open_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("jobforge.sqlite3");
    drop(Store::create(&path, &key()).expect("create"));
    let err = Store::open(&path, &DatabaseKey::from_bytes([8; 32])).expect_err("wrong key");
    assert!(matches!(err, StoreError::CannotDecrypt), "{err}");
    Store::open(&path, &key()).expect("right key still opens");
}

#[test]
fn create_refuses_to_overwrite_an_existing_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("jobforge.sqlite3");
    std::fs::write(&path, b"precious").expect("write");
    assert!(matches!(
        Store::create(&path, &key()),
        Err(StoreError::AlreadyExists { .. })
    ));
    assert_eq!(std::fs::read(&path).expect("read"), b"precious");
}

#[test]
fn migrations_apply_once_from_empty_and_reopen_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("jobforge.sqlite3");
    let latest = jobforge_store::migrations::latest_version();
    {
        let mut store = Store::create(&path, &key()).expect("create");
        assert_eq!(store.schema_version().expect("version"), latest);
        store
            .create_application(application("Acme"))
            .expect("create");
    }
    let store = Store::open(&path, &key()).expect("reopen");
    assert_eq!(store.schema_version().expect("version"), latest);
    assert_eq!(
        store
            .list_applications(&ApplicationFilter::default())
            .expect("list")
            .len(),
        1
    );
    store.integrity_check().expect("sound");
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("jobforge.sqlite3");
    drop(Store::create(&path, &key()).expect("create"));
    {
        // A later Job Forge would have recorded its newer migration like this.
        let conn = rusqlite::Connection::open(&path).expect("open raw");
        conn.execute_batch(&format!(
            "PRAGMA key = \"{}\";",
            key().sqlcipher_literal().as_str()
        ))
        .expect("key");
        conn.execute(
            "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'future', '', '')",
            [],
        )
        .expect("mark newer");
    }
    let err = Store::open(&path, &key()).expect_err("newer schema");
    match err {
        StoreError::NewerSchema { found, supported } => {
            assert_eq!(found, 999);
            assert_eq!(supported, jobforge_store::migrations::latest_version());
        }
        other => panic!("expected NewerSchema, got {other}"),
    }
    let conn = rusqlite::Connection::open(&path).expect("open raw");
    conn.execute_batch(&format!(
        "PRAGMA key = \"{}\";",
        key().sqlcipher_literal().as_str()
    ))
    .expect("key");
    let versions: i64 = conn
        .query_row("SELECT count(*) FROM schema_migrations", [], |r| r.get(0))
        .expect("read");
    let expected = jobforge_store::migrations::latest_version() + 1;
    assert_eq!(versions, expected, "nothing was migrated or rolled back");
}
