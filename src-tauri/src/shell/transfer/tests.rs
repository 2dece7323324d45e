//! The file commands without a window: real files in a temporary folder,
//! "picked" the way the dialogs pick them (added to [`PickedFiles`]).

use std::path::{Path, PathBuf};

use jobforge_core::types::{
    ApplicationRef, CaptureJob, CaptureMethod, DocumentKind, ExportDocument, ExportFormat,
    ExportResume, ExportSubject, FlagRef, FocusArea, ImportFile, ImportResume, PaperSize, Phase,
    ResumeId, RunRequest, SaveDocument, ShellErrorKind, SourceFormat, SuggestExportName,
};
use jobforge_testkit::http_script::{Reply, Server};

use super::super::testing::{northwind, sample_shell};
use super::*;

/// The JSON Resume sample made into a DOCX with pandoc (see the import
/// crate's fixtures README): a Word file nobody here wrote.
fn sample_docx() -> PathBuf {
    jobforge_testkit::package_dir!().join("../tests/fixtures/corpus/resume-jsonresume-sample.docx")
}

const MARKDOWN_RESUME: &str = "# Ada Park\n\nada.park@example.com · Portland, OR\n\n## Summary\n\nBackend engineer building logistics services in Rust and Go.\n\n## Experience\n\n### Senior Software Engineer — Parcelwise (2021–present)\n\n- Led the rewrite of the tracking service from Python to Rust, cutting p99 latency from 480 ms to 35 ms.\n- Designed an event pipeline on Kafka and PostgreSQL.\n\n## Education\n\n### BSc Computer Science — Reed College (2012–2016)\n\n## Skills\n\nRust, Go, PostgreSQL, Kafka, Kubernetes\n";

/// Copies `from` into `dir` as `name` and picks it, as the open dialog would.
fn pick_copy(picked: &PickedFiles, dir: &Path, from: &Path, name: &str) -> String {
    let to = dir.join(name);
    std::fs::copy(from, &to).expect("copy the fixture");
    picked.remember(&to);
    to.display().to_string()
}

fn pick_new(picked: &PickedFiles, dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    picked.remember(&path);
    path.display().to_string()
}

/// A save path chosen in the dialog (the file does not exist yet).
fn choose(picked: &PickedFiles, dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    picked.remember(&path);
    path
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_word_resume_is_previewed_without_saving_then_imported_with_its_original() {
    let (tmp, shell) = sample_shell();
    let picked = PickedFiles::default();
    let path = pick_copy(&picked, tmp.path(), &sample_docx(), "Richard Hendriks.docx");
    let before = shell.list_resumes().expect("resumes").len();

    let preview = shell
        .preview_resume_import(ImportFile { path: path.clone() }, &picked)
        .expect("preview");
    assert_eq!(preview.file_name, "Richard Hendriks.docx");
    let report = &preview.imported.report;
    assert_eq!(report.format, SourceFormat::Docx);
    assert!(report.characters > 500, "{report:?}");
    assert!(!report.found.is_empty(), "sections found: {report:?}");
    assert!(preview.imported.markdown.contains("Richard Hendriks"));
    assert_eq!(
        shell.list_resumes().expect("resumes").len(),
        before,
        "a preview saves nothing"
    );

    let done = shell
        .import_resume(
            ImportResume {
                path,
                name: Some("  From Word  ".into()),
                focus_area: FocusArea::SoftwareDevelopment,
                is_primary: false,
            },
            &picked,
        )
        .expect("imported");
    assert_eq!(done.resume.name, "From Word");
    assert_eq!(done.resume.focus_area, FocusArea::SoftwareDevelopment);
    assert!(!done.resume.is_primary);
    assert_eq!(done.resume.content, preview.imported.markdown);
    assert_eq!(&done.report, report);
    let library = shell.list_resumes().expect("resumes");
    assert_eq!(library.len(), before + 1);
    assert!(library.iter().any(|r| r.id == done.resume.id));
}

#[test]
fn a_markdown_resume_is_imported_under_the_name_it_suggests() {
    let (tmp, shell) = sample_shell();
    let picked = PickedFiles::default();
    let path = pick_new(
        &picked,
        tmp.path(),
        "ada-backend.md",
        MARKDOWN_RESUME.as_bytes(),
    );
    let preview = shell
        .preview_resume_import(ImportFile { path: path.clone() }, &picked)
        .expect("preview");
    assert_eq!(preview.imported.report.format, SourceFormat::Markdown);
    let done = shell
        .import_resume(
            ImportResume {
                path,
                name: None,
                focus_area: FocusArea::Other,
                is_primary: true,
            },
            &picked,
        )
        .expect("imported");
    assert_eq!(done.resume.name, preview.imported.name);
    assert!(done.resume.is_primary);
    assert!(done.resume.content.contains("Parcelwise"));
}

#[test]
fn a_damaged_or_unpicked_file_is_refused_and_nothing_is_saved() {
    let (tmp, shell) = sample_shell();
    let picked = PickedFiles::default();
    let before = shell.list_resumes().expect("resumes");
    let broken = pick_new(
        &picked,
        tmp.path(),
        "broken.docx",
        b"PK\x03\x04 this is not really a zip archive at all",
    );
    let error = shell
        .preview_resume_import(
            ImportFile {
                path: broken.clone(),
            },
            &picked,
        )
        .expect_err("damaged");
    assert_eq!(error.kind, ShellErrorKind::User);
    assert!(error.message.contains("broken.docx"), "{}", error.message);
    let error = shell
        .import_resume(
            ImportResume {
                path: broken,
                name: Some("Broken".into()),
                focus_area: FocusArea::Other,
                is_primary: true,
            },
            &picked,
        )
        .expect_err("damaged");
    assert_eq!(error.kind, ShellErrorKind::User);

    // A file that exists but was not picked is not read at all.
    let unpicked = tmp.path().join("secret.md");
    std::fs::write(&unpicked, MARKDOWN_RESUME).expect("write");
    let error = shell
        .preview_resume_import(
            ImportFile {
                path: unpicked.display().to_string(),
            },
            &picked,
        )
        .expect_err("not picked");
    assert!(error.message.contains("file picker"), "{}", error.message);
    assert_eq!(shell.list_resumes().expect("resumes"), before);
}

const POSTING_HTML: &str = r#"<!doctype html>
<html><head><title>Data Engineer at Tidewater Freight</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "JobPosting",
 "title": "Data Engineer",
 "hiringOrganization": {"@type": "Organization", "name": "Tidewater Freight"},
 "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Portland", "addressRegion": "OR"}},
 "datePosted": "2026-03-01", "validThrough": "2026-06-30", "employmentType": "FULL_TIME",
 "description": "<p>Tidewater Freight is hiring a Data Engineer to build routing data pipelines in Rust and Python on Kafka and PostgreSQL.</p><ul><li>3+ years of data engineering</li><li>Strong SQL</li></ul>"}
</script></head>
<body><h1>Data Engineer</h1><p>Tidewater Freight is hiring a Data Engineer to build routing data pipelines.</p></body></html>"#;

#[test]
fn a_posting_file_fills_a_new_application_and_saves_nothing() {
    let (tmp, shell) = sample_shell();
    let picked = PickedFiles::default();
    let before = shell.list_applications(None).expect("list").len();
    let path = pick_new(&picked, tmp.path(), "posting.html", POSTING_HTML.as_bytes());
    let captured = shell
        .capture_job(CaptureJob { source: path }, &picked)
        .expect("captured");
    assert_eq!(captured.posting.method, CaptureMethod::JsonLd);
    let app = &captured.application;
    assert_eq!(app.company, "Tidewater Freight");
    assert_eq!(app.role_title, "Data Engineer");
    assert!(
        app.location
            .as_deref()
            .is_some_and(|l| l.contains("Portland"))
    );
    assert_eq!(
        app.deadline.map(|d| d.to_string()).as_deref(),
        Some("2026-06-30")
    );
    assert!(app.job_description.contains("routing data pipelines"));
    assert!(app.notes.contains("Employment type"), "{}", app.notes);
    assert_eq!(shell.list_applications(None).expect("list").len(), before);

    let unpicked = tmp.path().join("other.html");
    std::fs::write(&unpicked, POSTING_HTML).expect("write");
    let error = shell
        .capture_job(
            CaptureJob {
                source: unpicked.display().to_string(),
            },
            &picked,
        )
        .expect_err("not picked");
    assert_eq!(error.kind, ShellErrorKind::User);
}

#[test]
fn a_posting_address_is_fetched_and_other_schemes_are_refused_in_words() {
    let (_tmp, shell) = sample_shell();
    let picked = PickedFiles::default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let length = POSTING_HTML.len().to_string();
    let server = rt.block_on(Server::start(vec![
        Reply::head(
            200,
            &[
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", length.as_str()),
            ],
        )
        .write(POSTING_HTML),
    ]));
    let url = format!("{}/jobs/42", server.base_url());
    let captured = shell
        .capture_job(
            CaptureJob {
                source: url.clone(),
            },
            &picked,
        )
        .expect("fetched");
    assert_eq!(captured.application.company, "Tidewater Freight");
    assert_eq!(captured.application.job_url.as_deref(), Some(url.as_str()));
    assert_eq!(server.requests().len(), 1);

    let error = shell
        .capture_job(
            CaptureJob {
                source: "ftp://jobs.example/42".into(),
            },
            &picked,
        )
        .expect_err("ftp");
    assert_eq!(error.kind, ShellErrorKind::User);
    assert!(error.message.contains("http"), "{}", error.message);
}

/// Runs the offline pipeline on the sample application (it writes all
/// three documents and invents nothing, so no flags).
fn with_documents(shell: &Shell, resume: Option<ResumeId>) -> jobforge_core::types::ApplicationId {
    let app = northwind(shell);
    let runs = shell
        .run_phases(
            RunRequest {
                application: app.id,
                phases: Phase::ALL.to_vec(),
                resume,
            },
            &|_| {},
        )
        .expect("runs");
    assert_eq!(runs.len(), 3);
    app.id
}

fn export_request(
    application: jobforge_core::types::ApplicationId,
    kind: DocumentKind,
    format: ExportFormat,
    path: &Path,
) -> ExportDocument {
    ExportDocument {
        application,
        kind,
        format,
        path: path.display().to_string(),
        paper: PaperSize::Letter,
        fresh_layout: false,
    }
}

#[test]
fn a_document_exports_to_every_format_with_a_self_check_for_pdf_and_docx() {
    let (tmp, shell) = sample_shell();
    let application = with_documents(&shell, None);
    let picked = PickedFiles::default();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).expect("folder");
    for format in [
        ExportFormat::Pdf,
        ExportFormat::Docx,
        ExportFormat::Html,
        ExportFormat::Markdown,
    ] {
        let path = choose(&picked, &out, &format!("letter.{}", format.extension()));
        let done = shell
            .export_document(
                export_request(application, DocumentKind::CoverLetter, format, &path),
                &picked,
            )
            .unwrap_or_else(|e| panic!("{format}: {}", e.message));
        let written = std::fs::read(&path).expect("written");
        assert_eq!(done.bytes, written.len() as u64, "{format}");
        assert_eq!(done.path, path.display().to_string());
        assert!(
            done.suggested_name
                .ends_with(&format!(".{}", format.extension())),
            "{}",
            done.suggested_name
        );
        match format {
            ExportFormat::Pdf => {
                assert!(written.starts_with(b"%PDF-"));
                assert!(done.pages.is_some_and(|p| p >= 1), "{:?}", done.pages);
                let check = done.check.as_ref().expect("PDF is read back");
                assert!(check.words_found > 20, "{check:?}");
            }
            ExportFormat::Docx => {
                assert!(written.starts_with(b"PK"));
                assert_eq!(done.pages, None);
                assert!(done.check.is_some(), "DOCX is read back");
            }
            ExportFormat::Html => {
                assert!(String::from_utf8_lossy(&written).contains("<html"));
                assert_eq!(done.check, None);
            }
            _ => {
                assert!(String::from_utf8_lossy(&written).contains("Northwind"));
                assert_eq!(done.check, None);
            }
        }
    }
    assert_eq!(
        files_in(&out),
        ["letter.docx", "letter.html", "letter.md", "letter.pdf"],
        "no temporary files are left behind"
    );

    // A4 paper is taken, and a second export replaces the file whole.
    let path = out.join("letter.pdf");
    let letter_size = std::fs::metadata(&path).expect("pdf").len();
    let mut a4 = export_request(
        application,
        DocumentKind::CoverLetter,
        ExportFormat::Pdf,
        &path,
    );
    a4.paper = PaperSize::A4;
    let done = shell.export_document(a4, &picked).expect("A4");
    assert!(String::from_utf8_lossy(&std::fs::read(&path).expect("pdf")).contains("595.2"));
    assert!(done.bytes > 0 && letter_size > 0);
    assert_eq!(files_in(&out).len(), 4);
}

#[test]
fn an_export_is_refused_while_a_flag_is_open_and_allowed_once_it_is_accepted() {
    let (tmp, shell) = sample_shell();
    let app = northwind(&shell);
    let saved = shell
        .save_document(SaveDocument {
            application: app.id,
            kind: DocumentKind::CoverLetter,
            content:
                "Dear Northwind Freight team,\n\nI spent three years at Initech and hold an MBA.\n"
                    .into(),
        })
        .expect("saved");
    assert!(!saved.flags.is_empty(), "invented claims are flagged");
    let picked = PickedFiles::default();
    let path = choose(&picked, tmp.path(), "letter.pdf");
    let request = export_request(app.id, DocumentKind::CoverLetter, ExportFormat::Pdf, &path);
    let error = shell
        .export_document(request.clone(), &picked)
        .expect_err("open flags");
    assert_eq!(error.kind, ShellErrorKind::OpenFlags);
    assert!(error.message.contains("flag"), "{}", error.message);
    assert!(!path.exists(), "nothing is written");

    for flag in &saved.flags {
        shell.accept_flag(FlagRef { id: flag.id }).expect("accept");
    }
    let mut markdown = request;
    markdown.format = ExportFormat::Markdown;
    shell
        .export_document(markdown, &picked)
        .expect("exported once every claim is accepted");
    assert!(path.exists());

    // A document that was never written is refused in words.
    let missing = shell
        .export_document(
            export_request(
                app.id,
                DocumentKind::ResearchReport,
                ExportFormat::Html,
                &path,
            ),
            &picked,
        )
        .expect_err("no research yet");
    assert_eq!(missing.kind, ShellErrorKind::User);
}

#[test]
fn an_export_writes_only_to_a_path_chosen_in_the_save_dialog() {
    let (tmp, shell) = sample_shell();
    let application = with_documents(&shell, None);
    let picked = PickedFiles::default();
    let elsewhere = tmp.path().join("not-chosen.md");
    let error = shell
        .export_document(
            export_request(
                application,
                DocumentKind::CoverLetter,
                ExportFormat::Markdown,
                &elsewhere,
            ),
            &picked,
        )
        .expect_err("not chosen");
    assert_eq!(error.kind, ShellErrorKind::User);
    assert!(error.message.contains("save dialog"), "{}", error.message);
    assert!(!elsewhere.exists());

    // A chosen folder is no licence for the files in it.
    picked.remember(tmp.path());
    let resume = shell.list_resumes().expect("resumes")[0].id;
    let error = shell
        .export_resume(
            ExportResume {
                resume,
                format: ExportFormat::Markdown,
                path: elsewhere.display().to_string(),
                paper: PaperSize::Letter,
            },
            &picked,
        )
        .expect_err("not chosen");
    assert_eq!(error.kind, ShellErrorKind::User);
    assert!(!elsewhere.exists());
}

#[test]
fn a_resume_exports_to_json_resume_and_a4_pdf() {
    let (tmp, shell) = sample_shell();
    let picked = PickedFiles::default();
    let resume = shell.list_resumes().expect("resumes")[0].clone();
    let json = choose(&picked, tmp.path(), "resume.json");
    let done = shell
        .export_resume(
            ExportResume {
                resume: resume.id,
                format: ExportFormat::JsonResume,
                path: json.display().to_string(),
                paper: PaperSize::Letter,
            },
            &picked,
        )
        .expect("json");
    let value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).expect("json")).expect("valid JSON");
    assert!(value.get("basics").is_some(), "{value}");
    assert_eq!(done.check, None);

    let pdf = choose(&picked, tmp.path(), "resume.pdf");
    let done = shell
        .export_resume(
            ExportResume {
                resume: resume.id,
                format: ExportFormat::Pdf,
                path: pdf.display().to_string(),
                paper: PaperSize::A4,
            },
            &picked,
        )
        .expect("pdf");
    assert!(done.check.is_some());
    assert!(done.pages.is_some());

    let name = shell
        .suggest_export_name(SuggestExportName {
            subject: ExportSubject::Resume { resume: resume.id },
            format: ExportFormat::Pdf,
        })
        .expect("name");
    assert!(name.ends_with(".pdf") && !name.contains(' '), "{name}");
}

#[test]
fn the_suggested_name_names_the_document_and_the_company() {
    let (_tmp, shell) = sample_shell();
    let app = northwind(&shell);
    let name = shell
        .suggest_export_name(SuggestExportName {
            subject: ExportSubject::Document {
                application: app.id,
                kind: DocumentKind::CoverLetter,
            },
            format: ExportFormat::Docx,
        })
        .expect("name");
    assert!(name.contains("cover-letter-northwind-freight"), "{name}");
    assert!(name.ends_with(".docx"), "{name}");
}

#[test]
fn an_optimised_resume_from_the_users_word_file_keeps_its_layout_unless_asked() {
    let (tmp, shell) = sample_shell();
    let picked = PickedFiles::default();
    let path = pick_copy(&picked, tmp.path(), &sample_docx(), "my-cv.docx");
    let imported = shell
        .import_resume(
            ImportResume {
                path,
                name: Some("Word CV".into()),
                focus_area: FocusArea::Other,
                is_primary: true,
            },
            &picked,
        )
        .expect("imported");
    let application = with_documents(&shell, Some(imported.resume.id));
    // Whatever the gate flagged, the person accepts here: this test is
    // about the layout.
    let detail = shell
        .application_detail(ApplicationRef { id: application })
        .expect("detail");
    for view in &detail.documents {
        for flag in view.flags.iter().filter(|f| !f.is_resolved()) {
            shell.accept_flag(FlagRef { id: flag.id }).expect("accept");
        }
    }
    let kept = choose(&picked, tmp.path(), "tailored.docx");
    let done = shell
        .export_document(
            export_request(
                application,
                DocumentKind::OptimisedResume,
                ExportFormat::Docx,
                &kept,
            ),
            &picked,
        )
        .expect("tailored");
    assert_eq!(done.kept_layout_of.as_deref(), Some("my-cv.docx"));

    let fresh = choose(&picked, tmp.path(), "fresh.docx");
    let mut request = export_request(
        application,
        DocumentKind::OptimisedResume,
        ExportFormat::Docx,
        &fresh,
    );
    request.fresh_layout = true;
    let done = shell.export_document(request, &picked).expect("fresh");
    assert_eq!(done.kept_layout_of, None);
    assert!(done.check.is_some());
}
