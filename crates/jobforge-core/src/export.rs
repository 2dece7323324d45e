//! Exporting a document of an application or a resume of the library to a
//! file format, with the truth gate's say: a document whose current version
//! still has unresolved flags does not leave the app.
//!
//! An optimised resume exported to DOCX is written into the user's own DOCX
//! (the file the resume was imported from) when there is one, keeping its
//! layout; otherwise a clean DOCX is generated.

use jobforge_export::Content;
pub use jobforge_export::{
    ExportOptions, Exported, FontSet, PageSetup, PageSize, markdown_to_rich,
};
use jobforge_store::{Store, StoreError};
use jobforge_types::{ApplicationId, DocumentKind, ExportFormat, Phase, ResumeId, SourceFormat};

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportTarget {
    Document {
        application: ApplicationId,
        kind: DocumentKind,
    },
    Resume(ResumeId),
}

/// How a DOCX of an optimised resume is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocxLayout {
    /// The user's own DOCX when the resume came from one, else generated.
    #[default]
    KeepOriginal,
    /// Always a clean generated DOCX.
    Generated,
}

/// An exported file and how it was made.
#[derive(Debug)]
pub struct ExportOutcome {
    pub exported: Exported,
    /// "ada-park-resume-northwind-freight.pdf".
    pub file_name: String,
    /// The imported file whose layout a tailored DOCX kept.
    pub kept_layout_of: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportFailure {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("This application has no {kind} yet; run the pipeline or write one first.")]
    NoDocument { kind: String },
    #[error(
        "The {kind} has {count} unresolved truth-gate flag(s); the first is in \"{first}\". Review them — accept the ones that are true, or edit the document — then export again."
    )]
    Unresolved {
        kind: String,
        count: usize,
        first: String,
    },
    #[error("{0}")]
    Export(#[from] jobforge_export::ExportError),
    #[error("Keeping the layout of {file} failed: {reason}")]
    Tailor { file: String, reason: String },
}

pub fn export(
    store: &Store,
    target: ExportTarget,
    format: ExportFormat,
    options: &ExportOptions,
    layout: DocxLayout,
) -> Result<ExportOutcome, ExportFailure> {
    match target {
        ExportTarget::Resume(id) => {
            let resume = store.resume(&id)?;
            let exported = jobforge_export::export(
                &resume.content,
                &resume.name,
                Content::Resume,
                format,
                options,
            )?;
            Ok(ExportOutcome {
                exported,
                file_name: suggested_file_name(store, target, format)?,
                kept_layout_of: None,
            })
        }
        ExportTarget::Document { application, kind } => {
            let app = store.application(&application)?;
            let document =
                store
                    .document(&application, kind)?
                    .ok_or_else(|| ExportFailure::NoDocument {
                        kind: kind_name(kind).to_owned(),
                    })?;
            let open: Vec<_> = store
                .current_truth_flags(&application, kind)?
                .into_iter()
                .filter(|f| !f.is_resolved())
                .collect();
            if let Some(first) = open.first() {
                return Err(ExportFailure::Unresolved {
                    kind: kind_name(kind).to_owned(),
                    count: open.len(),
                    first: shortened(&first.finding.sentence, 160),
                });
            }
            let person = person_name(store);
            let title = match person.trim() {
                "" => format!("{} — {}", title_word(kind), app.company),
                name => format!("{name} — {} — {}", title_word(kind), app.company),
            };
            let file_name = suggested_file_name(store, target, format)?;
            let content = match kind {
                DocumentKind::OptimisedResume => Content::Resume,
                _ => Content::Document,
            };
            if format == ExportFormat::Docx
                && kind == DocumentKind::OptimisedResume
                && layout == DocxLayout::KeepOriginal
                && let Some((source_name, original, original_markdown)) =
                    original_docx(store, &application, &document.current.id)?
            {
                let exported = jobforge_export::tailor::tailor_docx(
                    &original,
                    &original_markdown,
                    &document.current.content,
                )
                .map_err(|e| ExportFailure::Tailor {
                    file: source_name.clone(),
                    reason: e.to_string(),
                })?;
                return Ok(ExportOutcome {
                    exported,
                    file_name,
                    kept_layout_of: Some(source_name),
                });
            }
            let exported = jobforge_export::export(
                &document.current.content,
                &title,
                content,
                format,
                options,
            )?;
            Ok(ExportOutcome {
                exported,
                file_name,
                kept_layout_of: None,
            })
        }
    }
}

/// The file name an export of `target` suggests, before or after it is
/// made: "ada-park-resume-northwind-freight.pdf", "backend-resume.docx".
pub fn suggested_file_name(
    store: &Store,
    target: ExportTarget,
    format: ExportFormat,
) -> Result<String, StoreError> {
    Ok(match target {
        ExportTarget::Resume(id) => file_name(&[&store.resume(&id)?.name], format),
        ExportTarget::Document { application, kind } => {
            let company = store.application(&application)?.company;
            file_name(&[&person_name(store), title_word(kind), &company], format)
        }
    })
}

/// The user's name from the profile; a missing profile makes names without it.
fn person_name(store: &Store) -> String {
    store.profile().map(|p| p.full_name).unwrap_or_default()
}

/// The DOCX the optimised resume's source resume was imported from: the
/// resume of the run that wrote this version, else of the newest resume run.
fn original_docx(
    store: &Store,
    application: &ApplicationId,
    version: &jobforge_types::DocumentVersionId,
) -> Result<Option<(String, Vec<u8>, String)>, StoreError> {
    let runs = store.runs(application)?;
    let resume_id = runs
        .iter()
        .find(|r| r.document_version_id.as_ref() == Some(version))
        .and_then(|r| r.resume_id)
        .or_else(|| {
            store
                .latest_successful_run(application, Phase::Resume)
                .ok()
                .flatten()
                .and_then(|r| r.resume_id)
        });
    let Some(resume_id) = resume_id else {
        return Ok(None);
    };
    let Some(source) = store.resume_source(&resume_id)? else {
        return Ok(None);
    };
    if source.format != SourceFormat::Docx {
        return Ok(None);
    }
    let resume = match store.resume(&resume_id) {
        Ok(resume) => resume,
        Err(StoreError::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(Some((source.file_name, source.content, resume.content)))
}

/// At most `max` characters, cut at a word with "…".
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

fn kind_name(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::ResearchReport => "research report",
        DocumentKind::OptimisedResume => "optimised resume",
        DocumentKind::CoverLetter => "cover letter",
    }
}

fn title_word(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::ResearchReport => "Research",
        DocumentKind::OptimisedResume => "Resume",
        DocumentKind::CoverLetter => "Cover letter",
    }
}

/// A file name from its parts: lower case, ASCII letters and digits joined
/// by hyphens, so it is safe on every file system and in an email.
pub fn file_name(parts: &[&str], format: ExportFormat) -> String {
    let mut stem = String::new();
    for part in parts {
        for c in part.to_lowercase().chars() {
            let c = fold_ascii(c);
            if c.is_ascii_alphanumeric() {
                stem.push(c.to_ascii_lowercase());
            } else if !stem.ends_with('-') && !stem.is_empty() {
                stem.push('-');
            }
        }
        if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    let stem = stem.trim_matches('-');
    let stem: String = stem.chars().take(80).collect();
    let stem = if stem.is_empty() {
        "export".to_owned()
    } else {
        stem
    };
    format!("{}.{}", stem.trim_end_matches('-'), format.extension())
}

fn fold_ascii(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_and_safe() {
        assert_eq!(
            file_name(
                &["Ada Park", "Resume", "Northwind Freight"],
                ExportFormat::Pdf
            ),
            "ada-park-resume-northwind-freight.pdf"
        );
        assert_eq!(
            file_name(
                &["José Núñez", "Cover letter", "Café/Bar: \"Ü\""],
                ExportFormat::Docx
            ),
            "jose-nunez-cover-letter-cafe-bar-u.docx"
        );
        assert_eq!(file_name(&["../../etc"], ExportFormat::Markdown), "etc.md");
        assert_eq!(file_name(&["   "], ExportFormat::Html), "export.html");
    }
}
