//! Imported resumes keep the file they came from.

use jobforge_secrets::DatabaseKey;
use jobforge_store::Store;
use jobforge_types::{FocusArea, NewResume, SourceFormat, validation::RESUME_MIN_CHARS};

fn new_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::create(
        &dir.path().join("jobforge.sqlite3"),
        &DatabaseKey::from_bytes([7; 32]),
    )
    .expect("create store");
    (dir, store)
}

fn resume(name: &str, content: String) -> NewResume {
    NewResume {
        name: name.into(),
        content,
        focus_area: FocusArea::Other,
        is_primary: false,
    }
}

#[test]
fn an_imported_resume_keeps_its_file_and_a_refused_one_keeps_nothing() {
    let (_dir, mut store) = new_store();
    let content = format!(
        "# Ada Park\n\n## Experience\n{}",
        "Built things. ".repeat(20)
    );
    let file = b"PK\x03\x04 pretend docx bytes".to_vec();
    let saved = store
        .add_imported_resume(
            resume("Ada", content),
            SourceFormat::Docx,
            "ada.docx",
            &file,
        )
        .expect("saved");
    let source = store.resume_source(&saved.id).expect("read").expect("kept");
    assert_eq!(source.content, file);
    assert_eq!(source.format, SourceFormat::Docx);
    assert_eq!(source.file_name, "ada.docx");
    assert_eq!(source.sha256.len(), 64);

    let too_short = "x".repeat(RESUME_MIN_CHARS.saturating_sub(1));
    store
        .add_imported_resume(
            resume("Short", too_short),
            SourceFormat::Pdf,
            "short.pdf",
            b"%PDF-1.4",
        )
        .expect_err("too short to be a resume");
    let resumes = store.list_resumes().expect("list");
    assert_eq!(resumes.len(), 1, "the refused resume was not saved");

    let typed = store
        .add_resume(resume("Typed", "y".repeat(RESUME_MIN_CHARS)))
        .expect("typed resume");
    assert_eq!(store.resume_source(&typed.id).expect("read"), None);
}
