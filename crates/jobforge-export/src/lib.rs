//! Job Forge's export: documents and resumes to Markdown, HTML, PDF, DOCX
//! and JSON Resume, each PDF and DOCX checked by reading its text back;
//! structure-keeping DOCX tailoring.
//!
//! Everything here works on text the caller has already cleared: whether a
//! document may leave the app (the truth gate) is the core's decision.

mod check;
mod html;
mod rich;
pub mod tailor;

use jobforge_types::{ExportCheck, ExportFormat};

pub use check::compare;
pub use html::to_html;
pub use jobforge_pdf::{FontSet, PageSetup, PageSize};
pub use rich::{expected_text, markdown_to_rich};

/// A file ready to be written, and what reading it back found.
#[derive(Debug, Clone)]
pub struct Exported {
    pub bytes: Vec<u8>,
    /// For PDF and DOCX: the text read back compared with the source.
    pub check: Option<ExportCheck>,
    /// For PDF: how many pages the file has.
    pub pages: Option<u32>,
    /// Things the format could not carry (JSON Resume's missing fields,
    /// characters a font lacks), to show the user.
    pub notes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "Only a resume can be exported as JSON Resume; choose md, html, pdf or docx for this document."
    )]
    JsonResumeNeedsResume,
    #[error("There is nothing to export: the document is empty.")]
    Empty,
    #[error("{0}")]
    Pdf(#[from] jobforge_pdf::PdfWriteError),
    #[error("{0}")]
    Fonts(#[from] jobforge_pdf::FontError),
    #[error("{0}")]
    Docx(#[from] jobforge_docx::DocxError),
}

/// What is being exported: a resume can also become JSON Resume.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Resume,
    Document,
}

/// Settings for formats that lay out pages.
#[derive(Default)]
pub struct ExportOptions {
    pub page: PageSetup,
    /// Fonts for PDF; `None` finds installed ones when a PDF is asked for.
    pub fonts: Option<FontSet>,
}

/// Exports Markdown (a document version or a resume) to `format`.
pub fn export(
    markdown: &str,
    title: &str,
    content: Content,
    format: ExportFormat,
    options: &ExportOptions,
) -> Result<Exported, ExportError> {
    if markdown.trim().is_empty() {
        return Err(ExportError::Empty);
    }
    match format {
        ExportFormat::Markdown => Ok(Exported {
            bytes: with_final_newline(markdown).into_bytes(),
            check: None,
            pages: None,
            notes: Vec::new(),
        }),
        ExportFormat::Html => Ok(Exported {
            bytes: to_html(&markdown_to_rich(markdown, title)).into_bytes(),
            check: None,
            pages: None,
            notes: Vec::new(),
        }),
        ExportFormat::JsonResume => {
            if content != Content::Resume {
                return Err(ExportError::JsonResumeNeedsResume);
            }
            let data = jobforge_import::resume_data(markdown);
            let (json, notes) = jobforge_import::json_resume::to_json(&data);
            Ok(Exported {
                bytes: with_final_newline(&json).into_bytes(),
                check: None,
                pages: None,
                notes,
            })
        }
        ExportFormat::Pdf => {
            let doc = markdown_to_rich(markdown, title);
            let discovered;
            let fonts = match &options.fonts {
                Some(fonts) => fonts,
                None => {
                    discovered = FontSet::discover()?;
                    &discovered
                }
            };
            let written = jobforge_pdf::write_pdf(&doc, &options.page, fonts)?;
            let notes = written
                .substitutions
                .iter()
                .map(|s| match s.replacement {
                    Some(r) => format!(
                        "`{}` (U+{:04X}, {} time(s)) is not in the font and was written as `{r}`",
                        s.ch,
                        u32::from(s.ch),
                        s.count
                    ),
                    None => format!(
                        "an invisible character (U+{:04X}, {} time(s)) was left out",
                        u32::from(s.ch),
                        s.count
                    ),
                })
                .collect();
            let pages = u32::try_from(written.page_count).ok();
            let bytes = written.bytes;
            let check = Some(check_pdf(&bytes, &doc));
            Ok(Exported {
                bytes,
                check,
                pages,
                notes,
            })
        }
        ExportFormat::Docx => {
            let doc = markdown_to_rich(markdown, title);
            let bytes = jobforge_docx::write_docx(&doc)?;
            let check = Some(check_docx(&bytes, &doc));
            Ok(Exported {
                bytes,
                check,
                pages: None,
                notes: Vec::new(),
            })
        }
    }
}

fn with_final_newline(text: &str) -> String {
    let mut text = text.to_owned();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// Reads the PDF back; a file that cannot be read at all is one big loss.
fn check_pdf(bytes: &[u8], doc: &jobforge_types::RichDocument) -> ExportCheck {
    let found = match jobforge_pdf::read_text(bytes, &jobforge_pdf::ReadLimits::default()) {
        Ok(text) => text.plain_text(),
        Err(error) => {
            tracing::warn!("the exported PDF could not be read back: {error}");
            String::new()
        }
    };
    // The PDF writer draws list numbers as text.
    compare(&expected_text(doc, true), &found)
}

fn check_docx(bytes: &[u8], doc: &jobforge_types::RichDocument) -> ExportCheck {
    let found = match jobforge_docx::read_paragraphs(bytes, &jobforge_docx::ReadLimits::default()) {
        Ok(text) => text
            .paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        Err(error) => {
            tracing::warn!("the exported DOCX could not be read back: {error}");
            String::new()
        }
    };
    // Word numbers lists itself; the numbers are not in the text.
    compare(&expected_text(doc, false), &found)
}
