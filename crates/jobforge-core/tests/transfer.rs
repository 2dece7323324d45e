//! Import and export through the core: a resume imported from the user's
//! own DOCX, tailored by the offline engine, exported back into that DOCX
//! with its layout kept; and the truth gate's say over every export.

use jobforge_core::ai::{CancelToken, EngineConfig};
use jobforge_core::export::{DocxLayout, ExportFailure, ExportOptions, ExportTarget, FontSet};
use jobforge_core::import::{import_resume_file, save_imported_resume};
use jobforge_core::store::ApplicationFilter;
use jobforge_core::types::{
    DocumentKind, ExportFormat, FocusArea, Phase, RichDocument, VersionOrigin,
};
use jobforge_core::{RunPlan, Workspace, run_pipeline, sample};

mod support;

fn workspace(dir: &std::path::Path) -> Workspace {
    support::new_workspace(dir, "transfer test phrase")
}

fn options() -> ExportOptions {
    ExportOptions {
        fonts: Some(FontSet::discover().expect("installed fonts (fonts-liberation2)")),
        ..ExportOptions::default()
    }
}

#[test]
fn a_tailored_resume_goes_back_into_the_users_own_docx() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut ws = workspace(tmp.path());
    sample::load(ws.store_mut()).expect("sample");
    // The user's DOCX: the sample resume as Word would hold it, with a
    // custom page setup the export must keep.
    let resume_markdown = include_str!("../../../assets/sample/resume-ada-park.md");
    let blocks: RichDocument = jobforge_core::export::markdown_to_rich(resume_markdown, "Ada Park");
    let docx = jobforge_docx::write_docx(&blocks).expect("docx");
    let path = tmp.path().join("Ada Park resume.docx");
    std::fs::write(&path, &docx).expect("write");

    let (imported, original) = import_resume_file(&path).expect("imports");
    assert!(
        imported.report.ambiguous.is_empty(),
        "{:?}",
        imported.report.ambiguous
    );
    let resume = save_imported_resume(
        ws.store_mut(),
        &imported,
        &original,
        "Ada Park resume.docx",
        None,
        FocusArea::SoftwareDevelopment,
        true,
    )
    .expect("saved");
    let app = support::application_of(&ws, "Northwind Freight");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime
        .block_on(run_pipeline(
            &mut ws,
            &RunPlan {
                application: app,
                phases: vec![Phase::Resume],
                resume: Some(resume.id),
                engine: EngineConfig::Offline,
            },
            None,
            &mut |_| {},
            &CancelToken::new(),
        ))
        .expect("pipeline");

    let kept = jobforge_core::export::export(
        ws.store(),
        ExportTarget::Document {
            application: app,
            kind: DocumentKind::OptimisedResume,
        },
        ExportFormat::Docx,
        &options(),
        DocxLayout::KeepOriginal,
    )
    .expect("export");
    assert_eq!(kept.kept_layout_of.as_deref(), Some("Ada Park resume.docx"));
    let check = kept.exported.check.as_ref().expect("checked");
    assert!(check.is_clean(), "{check:?}");
    assert_ne!(
        kept.exported.bytes, original,
        "the tailoring changed something"
    );
    // Only paragraphs' text and order differ: the same parts, the same
    // styles.
    let before = jobforge_docx::read_paragraphs(&original, &Default::default()).expect("read");
    let after =
        jobforge_docx::read_paragraphs(&kept.exported.bytes, &Default::default()).expect("read");
    let styles = |t: &jobforge_docx::DocxText| {
        let mut s: Vec<Option<String>> = t.paragraphs.iter().map(|p| p.style.clone()).collect();
        s.sort();
        s.dedup();
        s
    };
    assert_eq!(styles(&before), styles(&after));

    let fresh = jobforge_core::export::export(
        ws.store(),
        ExportTarget::Document {
            application: app,
            kind: DocumentKind::OptimisedResume,
        },
        ExportFormat::Docx,
        &options(),
        DocxLayout::Generated,
    )
    .expect("export");
    assert_eq!(fresh.kept_layout_of, None);
    assert!(fresh.file_name.ends_with(".docx"));
}

#[test]
fn open_flags_stop_the_export_until_they_are_resolved() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut ws = workspace(tmp.path());
    sample::load(ws.store_mut()).expect("sample");
    let app = ws
        .store()
        .list_applications(&ApplicationFilter::default())
        .expect("list")[0]
        .id;
    let letter =
        "Dear team,\n\nI ran the data team at Initech for five years.\n\nBest,\nAda Park\n";
    ws.save_document_checked(&app, DocumentKind::CoverLetter, letter, VersionOrigin::User)
        .expect("saved");
    let target = ExportTarget::Document {
        application: app,
        kind: DocumentKind::CoverLetter,
    };
    let refused = jobforge_core::export::export(
        ws.store(),
        target,
        ExportFormat::Pdf,
        &options(),
        DocxLayout::KeepOriginal,
    )
    .expect_err("flagged");
    assert!(
        matches!(refused, ExportFailure::Unresolved { .. }),
        "{refused}"
    );
    assert!(refused.to_string().contains("Initech"), "{refused}");
    ws.store_mut()
        .accept_all_truth_flags(&app, DocumentKind::CoverLetter)
        .expect("accept");
    let exported = jobforge_core::export::export(
        ws.store(),
        target,
        ExportFormat::Pdf,
        &options(),
        DocxLayout::KeepOriginal,
    )
    .expect("now it goes");
    assert!(exported.exported.bytes.starts_with(b"%PDF-"));
}
