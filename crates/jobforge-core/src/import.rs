//! Getting things in: a resume file into the library (with the report the
//! user reads first), and a job posting from a web page or a file into a
//! new application the user confirms.

use std::path::Path;

pub use jobforge_capture::FetchOptions;
use jobforge_capture::{CaptureError, Fetched};

use crate::text_file::{TextFileError, read_file_bytes};
use jobforge_import::{ImportError, ImportLimits};
use jobforge_store::{Store, StoreError};
use jobforge_types::{
    CaptureMethod, CapturedPosting, FocusArea, ImportedResume, NewApplication, NewResume, Resume,
};

/// Files larger than this are refused before reading: 20 MiB, far more
/// than any resume or posting.
pub const MAX_IMPORT_FILE_BYTES: u64 = 20 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    #[error("{0}")]
    File(#[from] TextFileError),
    #[error("{shown}: {source}")]
    Resume {
        shown: String,
        #[source]
        source: ImportError,
    },
    #[error("{0}")]
    Capture(#[from] CaptureError),
    #[error("{shown}: {source}")]
    PostingPdf {
        shown: String,
        #[source]
        source: jobforge_pdf::PdfReadError,
    },
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// What the size limit's message calls the file.
const WHAT: &str = "resume or job posting";

/// A source with a scheme (`https://…`, also `ftp://…`, which the capture
/// refuses in words) rather than a file path.
pub fn looks_like_address(source: &str) -> bool {
    source.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphabetic())
    })
}

/// The last part of a path, for messages and the stored source's name.
pub fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads a resume file into what the library would store, without storing
/// it: the caller shows the report and saves with [`save_imported_resume`].
pub fn import_resume_file(path: &Path) -> Result<(ImportedResume, Vec<u8>), ImportFailure> {
    let bytes = read_file_bytes(path, MAX_IMPORT_FILE_BYTES, WHAT)?;
    let name = file_name_of(path);
    let imported = jobforge_import::import_resume(&bytes, Some(&name), &ImportLimits::default())
        .map_err(|source| ImportFailure::Resume {
            shown: path.display().to_string(),
            source,
        })?;
    Ok((imported, bytes))
}

/// Saves an imported resume with the file it came from, in one transaction.
pub fn save_imported_resume(
    store: &mut Store,
    imported: &ImportedResume,
    original: &[u8],
    file_name: &str,
    name: Option<String>,
    focus_area: FocusArea,
    primary: bool,
) -> Result<Resume, StoreError> {
    let new = NewResume {
        name: name.unwrap_or_else(|| imported.name.clone()),
        content: imported.markdown.clone(),
        focus_area,
        is_primary: primary,
    };
    store.add_imported_resume(new, imported.report.format, file_name, original)
}

/// A posting from a file: a PDF, an HTML page saved from a browser, a JSON
/// job description (jsonresume.org's job schema), or Markdown/plain text.
pub fn capture_job_file(path: &Path) -> Result<CapturedPosting, ImportFailure> {
    let bytes = read_file_bytes(path, MAX_IMPORT_FILE_BYTES, WHAT)?;
    let shown = path.display().to_string();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"%PDF-") || extension == "pdf" {
        return posting_from_pdf(&bytes, None).map_err(|e| match e {
            ImportFailure::PostingPdf { source, .. } => ImportFailure::PostingPdf { shown, source },
            other => other,
        });
    }
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    if extension == "json" || text.trim_start().starts_with('{') {
        return Ok(jobforge_capture::from_json_job(text)?);
    }
    if matches!(extension.as_str(), "html" | "htm" | "xhtml") {
        return Ok(jobforge_capture::from_html(text, None)?);
    }
    Ok(jobforge_capture::from_text(text))
}

/// A posting from a web address: the page's JobPosting data or main text,
/// or the PDF it serves.
pub async fn capture_job_url(
    url: &str,
    options: &FetchOptions,
) -> Result<CapturedPosting, ImportFailure> {
    let (mut posting, fetch_notes) = match jobforge_capture::fetch(url, options).await? {
        Fetched::Html {
            final_url,
            html,
            notes,
        } => (jobforge_capture::from_html(&html, Some(&final_url))?, notes),
        Fetched::Text {
            final_url,
            text,
            notes,
        } => {
            let mut posting = jobforge_capture::from_text(&text);
            posting.method = CaptureMethod::PageText;
            posting.source_url = Some(final_url);
            (posting, notes)
        }
        Fetched::Pdf { final_url, bytes } => {
            (posting_from_pdf(&bytes, Some(final_url))?, Vec::new())
        }
    };
    // What the download itself noticed (a guessed character set) first.
    posting.notes.splice(0..0, fetch_notes);
    Ok(posting)
}

fn posting_from_pdf(bytes: &[u8], url: Option<String>) -> Result<CapturedPosting, ImportFailure> {
    let text =
        jobforge_pdf::read_text(bytes, &jobforge_pdf::ReadLimits::default()).map_err(|source| {
            ImportFailure::PostingPdf {
                shown: url.clone().unwrap_or_else(|| "the PDF".to_owned()),
                source,
            }
        })?;
    let mut posting = jobforge_capture::from_text(&text.plain_text());
    posting.method = CaptureMethod::Pdf;
    posting.source_url = url;
    Ok(posting)
}

/// The new application a captured posting fills. Company and role may be
/// missing (the form asks for them); nothing is invented to fill them.
pub fn new_application_from(posting: &CapturedPosting) -> NewApplication {
    let mut notes = Vec::new();
    if let Some(kind) = &posting.employment_type {
        notes.push(format!("Employment type: {kind}"));
    }
    if let Some(salary) = &posting.salary {
        notes.push(format!("Salary: {salary}"));
    }
    if let Some(date) = posting.date_posted {
        notes.push(format!("Posted: {date}"));
    }
    NewApplication {
        company: posting.company.clone().unwrap_or_default(),
        role_title: posting.title.clone().unwrap_or_default(),
        job_description: posting.description.clone(),
        job_url: posting.source_url.clone(),
        location: posting.location.clone(),
        deadline: posting.deadline,
        notes: notes.join("\n"),
        ..NewApplication::default()
    }
    .normalised()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_told_from_paths() {
        assert!(looks_like_address("https://jobs.example/1"));
        assert!(looks_like_address("ftp://jobs.example/1"));
        assert!(!looks_like_address("/home/ada/job.html"));
        assert!(!looks_like_address(r"C:\Users\ada\job.pdf"));
    }
}
