//! Files in and out: a resume file previewed then imported into the
//! library, a job posting captured from a web address or a file, and a
//! document or resume exported to a file.
//!
//! Every path comes from the page, so each is checked against the files the
//! user picked ([`PickedFiles`]) before anything is read or written. An
//! export is written to a temporary file in the chosen folder and renamed
//! over the target, so the file is never seen half written.

use std::path::Path;

use jobforge_core::export::{
    DocxLayout, ExportFailure, ExportOptions, ExportOutcome, ExportTarget, PageSetup, PageSize,
};
use jobforge_core::import::{
    FetchOptions, ImportFailure, capture_job_file, capture_job_url, import_resume_file,
    new_application_from, save_imported_resume,
};
use jobforge_core::types::{
    CaptureJob, CapturedJob, ExportDocument, ExportDone, ExportFormat, ExportResume, ExportSubject,
    ImportFile, ImportPreview, ImportResume, ImportedToLibrary, PaperSize, ShellError,
    ShellErrorKind, SuggestExportName,
};

use super::errors::{OrShellError, sentence, to_shell_error, user_error};
use super::pipeline::runtime;
use super::{PickedFiles, Shell};

impl Shell {
    /// `preview_resume_import`: what importing the picked file would store,
    /// with the report of what was found; nothing is saved.
    pub fn preview_resume_import(
        &self,
        request: ImportFile,
        picked: &PickedFiles,
    ) -> Result<ImportPreview, ShellError> {
        let path = picked.to_read(&request.path)?;
        let (imported, _original) = import_resume_file(&path).map_err(import_error)?;
        tracing::info!(
            format = %imported.report.format,
            characters = imported.report.characters,
            "resume file previewed"
        );
        Ok(ImportPreview {
            file_name: jobforge_core::import::file_name_of(&path),
            imported,
        })
    }

    /// `import_resume`: reads the picked file again (what is stored is the
    /// file, not something the window sent) and saves it to the library
    /// with the original, in one transaction.
    pub fn import_resume(
        &self,
        request: ImportResume,
        picked: &PickedFiles,
    ) -> Result<ImportedToLibrary, ShellError> {
        let path = picked.to_read(&request.path)?;
        let (imported, original) = import_resume_file(&path).map_err(import_error)?;
        let file_name = jobforge_core::import::file_name_of(&path);
        let name = request
            .name
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        let resume = self.with_open(|ws| {
            save_imported_resume(
                ws.store_mut(),
                &imported,
                &original,
                &file_name,
                name,
                request.focus_area,
                request.is_primary,
            )
            .or_shell()
        })?;
        tracing::info!(format = %imported.report.format, "resume imported into the library");
        Ok(ImportedToLibrary {
            resume,
            report: imported.report,
        })
    }

    /// `capture_job`: a posting from an http(s) address (fetched on a small
    /// runtime on this blocking thread) or from a file the user picked. The
    /// answer fills the new-application form; nothing is saved.
    pub fn capture_job(
        &self,
        request: CaptureJob,
        picked: &PickedFiles,
    ) -> Result<CapturedJob, ShellError> {
        let source = request.source.trim();
        let posting = if jobforge_core::import::looks_like_address(source) {
            // The capture crate refuses other schemes with its own words.
            runtime("the page fetch")?
                .block_on(capture_job_url(source, &FetchOptions::default()))
                .map_err(import_error)?
        } else {
            let path = picked.to_read(source)?;
            capture_job_file(&path).map_err(import_error)?
        };
        tracing::info!(method = %posting.method, "job posting captured");
        Ok(CapturedJob {
            application: new_application_from(&posting),
            posting,
        })
    }

    /// `suggest_export_name`: the name the save dialog proposes.
    pub fn suggest_export_name(&self, request: SuggestExportName) -> Result<String, ShellError> {
        let target = match request.subject {
            ExportSubject::Resume { resume } => ExportTarget::Resume(resume),
            ExportSubject::Document { application, kind } => {
                ExportTarget::Document { application, kind }
            }
        };
        self.with_open(|ws| {
            jobforge_core::export::suggested_file_name(ws.store(), target, request.format)
                .or_shell()
        })
    }

    /// `export_document`: a document of an application to the file chosen
    /// in the save dialog. Refused while its current version has open
    /// truth-gate flags ([`ShellErrorKind::OpenFlags`]).
    pub fn export_document(
        &self,
        request: ExportDocument,
        picked: &PickedFiles,
    ) -> Result<ExportDone, ShellError> {
        let path = picked.to_write(&request.path)?;
        let target = ExportTarget::Document {
            application: request.application,
            kind: request.kind,
        };
        let layout = if request.fresh_layout {
            DocxLayout::Generated
        } else {
            DocxLayout::KeepOriginal
        };
        let outcome = self.export_to_bytes(target, request.format, request.paper, layout)?;
        write_export(&path, request.format, outcome)
    }

    /// `export_resume`: a resume of the library to the chosen file.
    pub fn export_resume(
        &self,
        request: ExportResume,
        picked: &PickedFiles,
    ) -> Result<ExportDone, ShellError> {
        let path = picked.to_write(&request.path)?;
        let outcome = self.export_to_bytes(
            ExportTarget::Resume(request.resume),
            request.format,
            request.paper,
            DocxLayout::KeepOriginal,
        )?;
        write_export(&path, request.format, outcome)
    }

    fn export_to_bytes(
        &self,
        target: ExportTarget,
        format: ExportFormat,
        paper: PaperSize,
        layout: DocxLayout,
    ) -> Result<ExportOutcome, ShellError> {
        let options = ExportOptions {
            page: PageSetup {
                size: match paper {
                    PaperSize::Letter => PageSize::Letter,
                    PaperSize::A4 => PageSize::A4,
                },
                ..PageSetup::default()
            },
            // Installed fonts, found for each PDF (or JOBFORGE_PDF_FONT_DIR).
            fonts: None,
        };
        self.with_open(|ws| {
            jobforge_core::export::export(ws.store(), target, format, &options, layout)
                .map_err(export_error)
        })
    }
}

fn import_error(error: ImportFailure) -> ShellError {
    match error {
        ImportFailure::Store(store) => to_shell_error(&store.into()),
        // A file that cannot be read, is too large or damaged, or a page
        // that cannot be fetched: the person can choose another.
        other => {
            tracing::info!(error = %other, "import or capture refused");
            user_error(sentence(&other.to_string()))
        }
    }
}

fn export_error(error: ExportFailure) -> ShellError {
    match error {
        ExportFailure::Unresolved { .. } => {
            tracing::info!("export refused: open truth-gate flags");
            ShellError {
                kind: ShellErrorKind::OpenFlags,
                message: error.to_string(),
                fields: Vec::new(),
            }
        }
        ExportFailure::Store(store) => to_shell_error(&store.into()),
        ExportFailure::Tailor { .. } => user_error(format!(
            "{} Tick “Fresh layout” to export a clean document instead.",
            sentence(&error.to_string())
        )),
        // No document yet, an empty one, no usable font: in words.
        other => {
            tracing::info!(error = %other, "export refused");
            user_error(sentence(&other.to_string()))
        }
    }
}

/// Writes the exported bytes to `path` and says what was written.
fn write_export(
    path: &Path,
    format: ExportFormat,
    outcome: ExportOutcome,
) -> Result<ExportDone, ShellError> {
    let exported = outcome.exported;
    write_replacing(path, &exported.bytes)?;
    tracing::info!(%format, bytes = exported.bytes.len(), "exported");
    Ok(ExportDone {
        path: path.display().to_string(),
        bytes: u64::try_from(exported.bytes.len()).unwrap_or(u64::MAX),
        pages: exported.pages,
        check: exported.check,
        notes: exported.notes,
        kept_layout_of: outcome.kept_layout_of,
        suggested_name: outcome.file_name,
    })
}

/// Writes the export safely (see `write_file_replacing`), only to a full
/// path that is not a folder.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), ShellError> {
    let cannot = |error: &dyn std::fmt::Display| {
        tracing::warn!(path = %path.display(), %error, "export could not be written");
        user_error(format!(
            "Job Forge could not write {}: {error}. Choose another folder or file name.",
            path.display()
        ))
    };
    if !path.is_absolute() {
        return Err(cannot(&"the path is not a full path"));
    }
    if path.is_dir() {
        return Err(cannot(&"it is a folder"));
    }
    jobforge_core::text_file::write_file_replacing(path, bytes).map_err(|e| cannot(&e))
}

#[cfg(test)]
mod tests;
