//! Files in and out, as plain state: a resume file read into a preview the
//! person checks before it is saved, a job posting captured into the
//! new-application form, and a document or resume exported to a file the
//! person chose. The words shown about an export's result are made here, so
//! they are tested on the host.

use jobforge_types::validation::check_http_url;
use jobforge_types::{
    CaptureMethod, CapturedJob, DocumentKind, ExportCheck, ExportDocument, ExportDone,
    ExportFormat, ExportResume, ExportSubject, FocusArea, ImportFile, ImportNote, ImportPreview,
    ImportReport, ImportResume, ImportedResume, NewResume, PaperSize, ResumeSection, ShellError,
    ShellErrorKind, SourceFormat, SuggestExportName,
};

use crate::forms::{FieldErrors, NewApplicationForm, format_date};

/// What the open dialog offers for a resume.
pub const RESUME_EXTENSIONS: &[&str] = &["pdf", "docx", "md", "markdown", "txt", "json"];

/// What the open dialog offers for a job posting.
pub const POSTING_EXTENSIONS: &[&str] = &["pdf", "html", "htm", "json", "md", "markdown", "txt"];

/// The last part of a path, for display (either separator).
pub fn file_name_of(path: &str) -> String {
    path.rsplit(['/', '\\'])
        .find(|part| !part.is_empty())
        .unwrap_or(path)
        .to_owned()
}

// ---------------------------------------------------------------------------
// Resume import
// ---------------------------------------------------------------------------

/// Where the import panel stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStage {
    /// `preview_resume_import` is reading the file.
    Reading,
    /// The preview is shown; the person may save it.
    Ready,
    /// `import_resume` is under way.
    Saving,
}

/// The resume import panel of the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportState {
    /// The picked file; read again when saving, so what is stored is the
    /// file itself, not something the window sent.
    pub path: String,
    pub file_name: String,
    pub stage: ImportStage,
    pub preview: Option<ImportedResume>,
    pub name: String,
    pub focus_area: FocusArea,
    pub primary: bool,
    /// Reading or saving failed; shown in the panel.
    pub error: Option<String>,
    pub errors: FieldErrors,
}

impl ImportState {
    /// A file was picked; its preview is on the way.
    pub fn reading(path: String, primary: bool) -> Self {
        Self {
            file_name: file_name_of(&path),
            path,
            stage: ImportStage::Reading,
            preview: None,
            name: String::new(),
            focus_area: FocusArea::default(),
            primary,
            error: None,
            errors: FieldErrors::default(),
        }
    }

    /// The preview arrived: the name field takes the suggested name.
    pub fn previewed(&mut self, preview: ImportPreview) {
        self.file_name = preview.file_name;
        self.name = preview.imported.name.clone();
        self.preview = Some(preview.imported);
        self.stage = ImportStage::Ready;
        self.error = None;
    }

    /// The file could not be read, or the save was refused.
    pub fn failed(&mut self, error: ShellError) {
        self.stage = if self.preview.is_some() {
            ImportStage::Ready
        } else {
            ImportStage::Reading
        };
        if error.kind == ShellErrorKind::Invalid && !error.fields.is_empty() {
            self.errors = FieldErrors::from_problems(&error.fields);
            // A content problem has no field in this panel.
            if let Some(content) = self.errors.get("resume_content") {
                self.error = Some(content.to_owned());
            }
        } else {
            self.error = Some(error.message);
        }
    }

    /// Whether the preview is being read (no result yet, no error).
    pub fn is_reading(&self) -> bool {
        self.stage == ImportStage::Reading && self.error.is_none()
    }

    /// The preview request for the picked file.
    pub fn preview_request(&self) -> ImportFile {
        ImportFile {
            path: self.path.clone(),
        }
    }

    /// The `import_resume` request, checked with the store's own rules.
    pub fn request(&self) -> Result<ImportResume, FieldErrors> {
        let Some(preview) = &self.preview else {
            return Err(FieldErrors::default());
        };
        let name = self.name.trim().to_owned();
        NewResume {
            name: name.clone(),
            content: preview.markdown.clone(),
            focus_area: self.focus_area,
            is_primary: self.primary,
        }
        .validate()
        .map_err(|e| FieldErrors::from_validation(&e))?;
        Ok(ImportResume {
            path: self.path.clone(),
            name: Some(name),
            focus_area: self.focus_area,
            is_primary: self.primary,
        })
    }
}

/// A label for a file format a resume or posting is read from.
pub const fn source_label(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::Pdf => "PDF",
        SourceFormat::Docx => "Word (DOCX)",
        SourceFormat::Markdown => "Markdown",
        SourceFormat::PlainText => "Plain text",
        SourceFormat::JsonResume => "JSON Resume",
        SourceFormat::Html => "Web page (HTML)",
    }
}

/// A label for a part of a resume.
pub const fn section_label(section: ResumeSection) -> &'static str {
    match section {
        ResumeSection::Contact => "Contact",
        ResumeSection::Summary => "Summary",
        ResumeSection::Experience => "Experience",
        ResumeSection::Projects => "Projects",
        ResumeSection::Education => "Education",
        ResumeSection::Skills => "Skills",
        ResumeSection::Certifications => "Certifications",
        ResumeSection::Languages => "Languages",
        ResumeSection::Other => "Other",
    }
}

/// "PDF · 2 pages · 3,412 characters read".
pub fn report_line(report: &ImportReport) -> String {
    let mut parts = vec![source_label(report.format).to_owned()];
    match report.pages {
        Some(1) => parts.push("1 page".to_owned()),
        Some(pages) => parts.push(format!("{pages} pages")),
        None => {}
    }
    parts.push(format!("{} characters read", report.characters));
    parts.join(" · ")
}

/// A note of the report, with its section when it has one.
pub fn note_line(note: &ImportNote) -> String {
    match note.section {
        Some(section) => format!("{}: {}", section_label(section), note.message),
        None => note.message.clone(),
    }
}

/// A label for a focus area.
pub const fn focus_label(focus: FocusArea) -> &'static str {
    match focus {
        FocusArea::SoftwareDevelopment => "Software development",
        FocusArea::DataScience => "Data science",
        FocusArea::Management => "Management",
        FocusArea::Consulting => "Consulting",
        FocusArea::Other => "Other",
    }
}

// ---------------------------------------------------------------------------
// Posting capture
// ---------------------------------------------------------------------------

/// The capture controls of the new-application form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaptureState {
    /// The address typed in "Job posting URL".
    pub url: String,
    /// The address or file being read; answers for anything else are stale.
    pub pending: Option<String>,
    /// Why the last capture failed; the form is untouched.
    pub error: Option<String>,
    /// What the last capture filled, for the person to check.
    pub summary: Option<CaptureSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureSummary {
    pub method: CaptureMethod,
    /// The address or file name it came from.
    pub source: String,
    /// Labels of the fields the capture filled.
    pub filled: Vec<&'static str>,
    /// What the capture could not read or found doubtful.
    pub notes: Vec<String>,
}

impl CaptureState {
    pub fn is_busy(&self) -> bool {
        self.pending.is_some()
    }

    /// The typed address, if it is one Job Forge fetches.
    pub fn url_request(&self) -> Result<String, String> {
        let url = self.url.trim();
        if url.is_empty() {
            return Err("Type or paste the address of the job posting first.".to_owned());
        }
        check_http_url(url)
            .map(|()| url.to_owned())
            .map_err(|problem| format!("The posting URL {problem}."))
    }
}

/// Fills the form from a capture. A field the posting does not give keeps
/// what the person typed; notes are added to theirs. Answers with the
/// labels of the fields filled.
pub fn fill_form(form: &mut NewApplicationForm, captured: &CapturedJob) -> Vec<&'static str> {
    let app = &captured.application;
    let mut filled = Vec::new();
    let mut put = |slot: &mut String, value: &str, label: &'static str| {
        let value = value.trim();
        if !value.is_empty() {
            *slot = value.to_owned();
            filled.push(label);
        }
    };
    put(&mut form.company, &app.company, "company");
    put(&mut form.role_title, &app.role_title, "role");
    put(
        &mut form.location,
        app.location.as_deref().unwrap_or(""),
        "location",
    );
    let deadline = app.deadline.map(format_date).unwrap_or_default();
    put(&mut form.deadline, &deadline, "deadline");
    put(
        &mut form.job_url,
        app.job_url.as_deref().unwrap_or(""),
        "posting URL",
    );
    put(
        &mut form.job_description,
        &app.job_description,
        "job description",
    );
    let notes = app.notes.trim();
    if !notes.is_empty() && !form.notes.contains(notes) {
        form.notes = if form.notes.trim().is_empty() {
            notes.to_owned()
        } else {
            format!("{}\n{notes}", form.notes.trim_end())
        };
        filled.push("notes");
    }
    if form.submitted {
        form.errors = form.request().err().unwrap_or_default();
    }
    filled
}

/// How a capture read the posting, for people.
pub const fn method_label(method: CaptureMethod) -> &'static str {
    match method {
        CaptureMethod::JsonLd => "the page's structured job data",
        CaptureMethod::PageText => "the page's main text",
        CaptureMethod::Pasted => "the text",
        CaptureMethod::Pdf => "the PDF's text",
    }
}

// ---------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------

/// Where an export stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportStage {
    /// Choosing the format.
    Choosing,
    /// Asking the shell for a file name to suggest.
    Naming,
    /// The save dialog is open.
    Picking,
    /// The file is being written and read back.
    Writing,
}

/// What the last export of this panel ended in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportResult {
    Done(ExportDone),
    /// The truth gate refused: the document still has open flags.
    OpenFlags(String),
    Failed(String),
}

/// The export panel of a document or a resume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportPanel {
    pub subject: ExportSubject,
    pub format: ExportFormat,
    pub paper: PaperSize,
    /// An optimised resume as DOCX: a clean document instead of the
    /// person's own layout.
    pub fresh_layout: bool,
    pub stage: ExportStage,
    pub result: Option<ExportResult>,
}

/// The request that writes the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportRequest {
    Document(ExportDocument),
    Resume(ExportResume),
}

const DOCUMENT_FORMATS: &[ExportFormat] = &[
    ExportFormat::Pdf,
    ExportFormat::Docx,
    ExportFormat::Html,
    ExportFormat::Markdown,
];

const RESUME_FORMATS: &[ExportFormat] = &[
    ExportFormat::Pdf,
    ExportFormat::Docx,
    ExportFormat::Html,
    ExportFormat::Markdown,
    ExportFormat::JsonResume,
];

impl ExportPanel {
    pub fn new(subject: ExportSubject) -> Self {
        Self {
            subject,
            format: ExportFormat::Pdf,
            paper: PaperSize::Letter,
            fresh_layout: false,
            stage: ExportStage::Choosing,
            result: None,
        }
    }

    /// The formats this subject can be exported to.
    pub fn formats(&self) -> &'static [ExportFormat] {
        match self.subject {
            ExportSubject::Document { .. } => DOCUMENT_FORMATS,
            ExportSubject::Resume { .. } => RESUME_FORMATS,
        }
    }

    /// Chooses a format this subject offers; others are ignored.
    pub fn choose(&mut self, format: ExportFormat) {
        if self.formats().contains(&format) {
            self.format = format;
        }
    }

    pub fn is_busy(&self) -> bool {
        self.stage != ExportStage::Choosing
    }

    /// Paper applies to PDF only.
    pub fn shows_paper(&self) -> bool {
        self.format == ExportFormat::Pdf
    }

    /// The "fresh layout" choice applies to an optimised resume as DOCX.
    pub fn shows_fresh_layout(&self) -> bool {
        self.format == ExportFormat::Docx
            && matches!(
                self.subject,
                ExportSubject::Document {
                    kind: DocumentKind::OptimisedResume,
                    ..
                }
            )
    }

    pub fn name_request(&self) -> SuggestExportName {
        SuggestExportName {
            subject: self.subject,
            format: self.format,
        }
    }

    /// A name to offer when the shell could not suggest one.
    pub fn fallback_name(&self) -> String {
        let stem = match self.subject {
            ExportSubject::Document { kind, .. } => match kind {
                DocumentKind::ResearchReport => "research-report",
                DocumentKind::OptimisedResume => "resume",
                DocumentKind::CoverLetter => "cover-letter",
            },
            ExportSubject::Resume { .. } => "resume",
        };
        format!("{stem}.{}", self.format.extension())
    }

    /// The request that writes the file to `path` (from the save dialog).
    pub fn request(&self, path: String) -> ExportRequest {
        match self.subject {
            ExportSubject::Document { application, kind } => {
                ExportRequest::Document(ExportDocument {
                    application,
                    kind,
                    format: self.format,
                    path,
                    paper: self.paper,
                    fresh_layout: self.shows_fresh_layout() && self.fresh_layout,
                })
            }
            ExportSubject::Resume { resume } => ExportRequest::Resume(ExportResume {
                resume,
                format: self.format,
                path,
                paper: self.paper,
            }),
        }
    }

    /// The export answered.
    pub fn finished(&mut self, answer: Result<ExportDone, ShellError>) {
        self.stage = ExportStage::Choosing;
        self.result = Some(match answer {
            Ok(done) => ExportResult::Done(done),
            Err(error) if error.kind == ShellErrorKind::OpenFlags => {
                ExportResult::OpenFlags(error.message)
            }
            Err(error) => ExportResult::Failed(error.message),
        });
    }
}

/// A label for an export format.
pub const fn format_label(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Pdf => "PDF",
        ExportFormat::Docx => "Word (DOCX)",
        ExportFormat::Html => "Web page (HTML)",
        ExportFormat::Markdown => "Markdown",
        ExportFormat::JsonResume => "JSON Resume",
    }
}

pub const fn paper_label(paper: PaperSize) -> &'static str {
    match paper {
        PaperSize::Letter => "Letter",
        PaperSize::A4 => "A4",
    }
}

/// "812 bytes", "38 KB", "1.2 MB".
pub fn size_label(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes < KB {
        format!("{bytes} bytes")
    } else if bytes < MB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        // One decimal, without floating point.
        let tenths = (bytes * 10).div_ceil(MB);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// "Saved /home/ada/cover-letter.pdf — 2 pages, 38 KB."
pub fn result_line(done: &ExportDone) -> String {
    let mut parts = Vec::new();
    match done.pages {
        Some(1) => parts.push("1 page".to_owned()),
        Some(pages) => parts.push(format!("{pages} pages")),
        None => {}
    }
    parts.push(size_label(done.bytes));
    format!("Saved {} — {}.", done.path, parts.join(", "))
}

/// The self-check's outcome in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckSummary {
    /// Nothing lost, moved or garbled.
    pub clean: bool,
    pub line: String,
    /// ("Lost", phrases), ("Out of order", …), ("Garbled", …): non-empty only.
    pub problems: Vec<(&'static str, Vec<String>)>,
}

pub fn check_summary(check: &ExportCheck) -> CheckSummary {
    if check.is_clean() {
        return CheckSummary {
            clean: true,
            line: format!(
                "Read back: all {} words are in the file, in order.",
                check.words_expected
            ),
            problems: Vec::new(),
        };
    }
    let problems: Vec<(&'static str, Vec<String>)> = [
        ("Missing from the file", &check.lost),
        ("Out of order", &check.reordered),
        ("Garbled", &check.garbled),
    ]
    .into_iter()
    .filter(|(_, phrases)| !phrases.is_empty())
    .map(|(label, phrases)| (label, phrases.clone()))
    .collect();
    CheckSummary {
        clean: false,
        line: format!(
            "Read back: {} of {} words found, with the problems below. Check the file before you send it.",
            check.words_found, check.words_expected
        ),
        problems,
    }
}

#[cfg(test)]
mod tests {
    use jobforge_types::{ApplicationId, NewApplication, ResumeId};

    use super::*;

    fn application_id() -> ApplicationId {
        "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9a01".parse().expect("id")
    }

    fn resume_id() -> ResumeId {
        "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9b01".parse().expect("id")
    }

    fn done(pages: Option<u32>, bytes: u64) -> ExportDone {
        ExportDone {
            path: "/home/ada/letter.pdf".into(),
            bytes,
            pages,
            check: None,
            notes: Vec::new(),
            kept_layout_of: None,
            suggested_name: "letter.pdf".into(),
        }
    }

    #[test]
    fn file_names_are_shown_without_their_folders() {
        assert_eq!(file_name_of("/home/ada/cv.pdf"), "cv.pdf");
        assert_eq!(file_name_of(r"C:\Users\ada\cv.docx"), "cv.docx");
        assert_eq!(file_name_of("cv.md"), "cv.md");
    }

    #[test]
    fn results_say_where_how_long_and_how_big() {
        assert_eq!(
            result_line(&done(Some(2), 38 * 1024)),
            "Saved /home/ada/letter.pdf — 2 pages, 38 KB."
        );
        assert_eq!(
            result_line(&done(Some(1), 900)),
            "Saved /home/ada/letter.pdf — 1 page, 900 bytes."
        );
        assert_eq!(size_label(1024 * 1024 + 200 * 1024), "1.2 MB");
        assert_eq!(
            result_line(&done(None, 2048)),
            "Saved /home/ada/letter.pdf — 2 KB."
        );
    }

    #[test]
    fn a_clean_check_counts_the_words_and_a_dirty_one_lists_the_phrases() {
        let clean = ExportCheck {
            words_expected: 412,
            words_found: 412,
            ..ExportCheck::default()
        };
        let summary = check_summary(&clean);
        assert!(summary.clean);
        assert!(summary.line.contains("all 412 words"), "{}", summary.line);

        let dirty = ExportCheck {
            words_expected: 412,
            words_found: 405,
            lost: vec!["cut p99 latency".into()],
            reordered: Vec::new(),
            garbled: vec!["ﬁnance".into()],
        };
        let summary = check_summary(&dirty);
        assert!(!summary.clean);
        assert!(summary.line.contains("405 of 412"));
        assert_eq!(
            summary.problems,
            vec![
                ("Missing from the file", vec!["cut p99 latency".to_owned()]),
                ("Garbled", vec!["ﬁnance".to_owned()]),
            ]
        );
    }

    #[test]
    fn json_resume_is_offered_for_resumes_only_and_fresh_layout_for_the_optimised_resume_as_docx() {
        let mut letter = ExportPanel::new(ExportSubject::Document {
            application: application_id(),
            kind: DocumentKind::CoverLetter,
        });
        letter.choose(ExportFormat::JsonResume);
        assert_eq!(letter.format, ExportFormat::Pdf, "not offered");
        assert!(letter.shows_paper());
        letter.choose(ExportFormat::Docx);
        assert!(!letter.shows_fresh_layout());
        assert!(!letter.shows_paper());

        let mut resume = ExportPanel::new(ExportSubject::Resume {
            resume: resume_id(),
        });
        resume.choose(ExportFormat::JsonResume);
        assert_eq!(resume.format, ExportFormat::JsonResume);
        assert_eq!(resume.fallback_name(), "resume.json");

        let mut optimised = ExportPanel::new(ExportSubject::Document {
            application: application_id(),
            kind: DocumentKind::OptimisedResume,
        });
        optimised.fresh_layout = true;
        let ExportRequest::Document(pdf) = optimised.request("/tmp/a.pdf".into()) else {
            panic!("a document request");
        };
        assert!(!pdf.fresh_layout, "only meaningful for DOCX");
        optimised.choose(ExportFormat::Docx);
        assert!(optimised.shows_fresh_layout());
        let ExportRequest::Document(docx) = optimised.request("/tmp/a.docx".into()) else {
            panic!("a document request");
        };
        assert!(docx.fresh_layout);
        assert_eq!(docx.format, ExportFormat::Docx);
    }

    #[test]
    fn a_capture_fills_what_it_found_and_keeps_what_it_did_not() {
        let mut form = NewApplicationForm {
            company: "typed company".into(),
            job_url: "https://typed.example/job".into(),
            notes: "Referred by Sam.".into(),
            ..NewApplicationForm::default()
        };
        let captured = CapturedJob {
            posting: serde_json::from_value(serde_json::json!({
                "method": "json_ld", "source_url": null, "title": "Data Engineer",
                "company": null, "location": "Remote", "description": "Build pipelines.",
                "date_posted": null, "deadline": "2026-05-01", "employment_type": "Full-time",
                "salary": null, "notes": []
            }))
            .expect("posting"),
            application: NewApplication {
                company: String::new(),
                role_title: "Data Engineer".into(),
                job_description: "Build pipelines.".into(),
                job_url: None,
                location: Some("Remote".into()),
                deadline: jobforge_types::Date::from_calendar_date(2026, time::Month::May, 1).ok(),
                notes: "Employment type: Full-time".into(),
                ..NewApplication::default()
            },
        };
        let filled = fill_form(&mut form, &captured);
        assert_eq!(form.company, "typed company", "not in the posting: kept");
        assert_eq!(form.job_url, "https://typed.example/job");
        assert_eq!(form.role_title, "Data Engineer");
        assert_eq!(form.location, "Remote");
        assert_eq!(form.deadline, "2026-05-01");
        assert_eq!(form.job_description, "Build pipelines.");
        assert_eq!(form.notes, "Referred by Sam.\nEmployment type: Full-time");
        assert_eq!(
            filled,
            vec!["role", "location", "deadline", "job description", "notes"]
        );
        // The same capture again adds the notes once.
        fill_form(&mut form, &captured);
        assert_eq!(form.notes, "Referred by Sam.\nEmployment type: Full-time");
    }

    #[test]
    fn only_web_addresses_are_fetched() {
        let mut capture = CaptureState::default();
        assert!(capture.url_request().is_err(), "empty");
        capture.url = "file:///etc/passwd".into();
        let problem = capture.url_request().expect_err("not http");
        assert!(problem.starts_with("The posting URL "), "{problem}");
        capture.url = "  https://jobs.example/42 ".into();
        assert_eq!(
            capture.url_request().as_deref(),
            Ok("https://jobs.example/42")
        );
    }
}
