//! Job Forge's resume import: any supported file (PDF, DOCX, Markdown, text,
//! JSON Resume) into structured resume data, its Markdown, and a report of
//! what was found, doubtful or unreadable.
//!
//! [`import_resume`] never returns a made-up resume: a file it cannot read
//! is an [`ImportError`] that says what is wrong and what to do, and a file
//! it can read only partly comes back with that said in the report.

pub mod json_resume;
mod layout;
mod render;
mod structure;

use jobforge_types::{ImportNote, ImportReport, ImportedResume, ResumeData, SourceFormat};

pub use json_resume::JsonResumeError;
pub use render::to_markdown;

/// Limits on what an import reads, against files that would exhaust memory.
#[derive(Debug, Clone, Copy)]
pub struct ImportLimits {
    pub max_bytes: usize,
    pub max_pages: u32,
}

impl Default for ImportLimits {
    fn default() -> Self {
        Self {
            max_bytes: 20 * 1024 * 1024,
            max_pages: 50,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("The file is empty; choose the file your resume is in.")]
    Empty,
    #[error(
        "The file is {size} MB, more than the {limit} MB a resume import reads; save a smaller copy (without embedded images) and import that."
    )]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "Job Forge cannot tell what kind of file this is ({what}); import a PDF, DOCX, Markdown, plain text or JSON Resume file."
    )]
    UnknownFormat { what: String },
    #[error("{0}")]
    Pdf(#[from] jobforge_pdf::PdfReadError),
    #[error("{0}")]
    Docx(#[from] jobforge_docx::DocxError),
    #[error("{0}")]
    JsonResume(#[from] JsonResumeError),
    #[error("No resume text was found in the file{where_}; check that it is the right file.")]
    NoText { where_: String },
}

/// Which reader a file needs: by its first bytes, then by its name.
pub fn detect_format(bytes: &[u8], file_name: Option<&str>) -> Result<SourceFormat, ImportError> {
    let extension = file_name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    let start = skip_bom_and_space(bytes);
    if start.starts_with(b"%PDF-") || bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Ok(SourceFormat::Pdf);
    }
    // ZIP (DOCX) and OLE (legacy .doc, or a password-protected DOCX): the
    // DOCX reader says which.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Ok(SourceFormat::Docx);
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        let what = match extension.as_deref() {
            Some(e) => format!("a binary .{e} file"),
            None => "binary data that is neither PDF nor DOCX".to_owned(),
        };
        return Err(ImportError::UnknownFormat { what });
    };
    if start.starts_with(b"{") {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
            if json_resume::looks_like_json_resume(&value) {
                return Ok(SourceFormat::JsonResume);
            }
            return Err(ImportError::UnknownFormat {
                what: "JSON that is not a JSON Resume (no `basics` or `work`)".to_owned(),
            });
        }
        if extension.as_deref() == Some("json") {
            return Ok(SourceFormat::JsonResume); // let the parser say where it breaks
        }
    }
    if start.starts_with(b"<") && (text.contains("<html") || text.contains("<body")) {
        return Err(ImportError::UnknownFormat {
            what: "an HTML page".to_owned(),
        });
    }
    Ok(match extension.as_deref() {
        Some("md" | "markdown") => SourceFormat::Markdown,
        Some("txt" | "text") => SourceFormat::PlainText,
        _ if text
            .lines()
            .any(|l| l.starts_with("# ") || l.starts_with("## ")) =>
        {
            SourceFormat::Markdown
        }
        _ => SourceFormat::PlainText,
    })
}

fn skip_bom_and_space(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// Reads a resume file into the library's Markdown, structured data and a
/// report. `file_name` helps to tell formats apart and names the resume.
pub fn import_resume(
    bytes: &[u8],
    file_name: Option<&str>,
    limits: &ImportLimits,
) -> Result<ImportedResume, ImportError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(ImportError::TooLarge {
            size: (bytes.len() as u64).div_ceil(1024 * 1024),
            limit: (limits.max_bytes as u64) / (1024 * 1024),
        });
    }
    let format = detect_format(bytes, file_name)?;
    let mut unreadable = Vec::new();
    let mut pages = None;
    let (markdown, given_data) = match format {
        SourceFormat::Pdf => {
            let pdf_limits = jobforge_pdf::ReadLimits {
                max_bytes: limits.max_bytes,
                max_pages: limits.max_pages,
            };
            let text = jobforge_pdf::read_text(bytes, &pdf_limits)?;
            pages = Some(text.page_count());
            // A PDF ends with `%%EOF`; without it the file was cut short and
            // what could be read may be only part of it.
            let tail = &bytes[bytes.len().saturating_sub(2048)..];
            if !tail.windows(5).any(|w| w == b"%%EOF") {
                unreadable.push(self::unreadable(
                    "The PDF looks cut short (it has no end marker), so pages or text may be missing; compare the import with your original, or export the PDF again.",
                ));
            }
            (layout::pdf_to_markdown(&text, &mut unreadable), None)
        }
        SourceFormat::Docx => {
            let docx_limits = jobforge_docx::ReadLimits {
                max_bytes: limits.max_bytes as u64,
                ..jobforge_docx::ReadLimits::default()
            };
            let text = jobforge_docx::read_paragraphs(bytes, &docx_limits)?;
            (layout::docx_to_markdown(&text, &mut unreadable), None)
        }
        SourceFormat::JsonResume => {
            let text = String::from_utf8_lossy(bytes);
            let data = json_resume::parse(text.trim_start_matches('\u{feff}'))?;
            (render::to_markdown(&data), Some(data))
        }
        SourceFormat::Markdown | SourceFormat::PlainText | SourceFormat::Html => {
            let text = String::from_utf8_lossy(bytes);
            (layout::normalise_text(&text), None)
        }
    };
    let characters = markdown.chars().filter(|c| !c.is_whitespace()).count();
    if characters == 0 {
        return Err(ImportError::NoText {
            where_: String::new(),
        });
    }
    // A JSON Resume is already structured (and validated): its data is the
    // source, the Markdown only its rendering.
    let (data, ambiguous) = match given_data {
        Some(data) => (data, Vec::new()),
        None => {
            let structured = structure::structure(&markdown);
            (structured.data, structured.ambiguous)
        }
    };
    let report = ImportReport {
        format,
        pages,
        characters: u32::try_from(characters).unwrap_or(u32::MAX),
        found: structure::found(&data),
        ambiguous,
        unreadable,
    };
    Ok(ImportedResume {
        name: suggested_name(&data, file_name),
        markdown,
        data,
        report,
    })
}

/// "Ada Park — resume" from the data, else the file's name.
fn suggested_name(data: &ResumeData, file_name: Option<&str>) -> String {
    if let Some(name) = &data.basics.name {
        return match &data.basics.label {
            Some(label) => format!("{name} — {label}"),
            None => name.clone(),
        };
    }
    file_name
        .map(|n| {
            let base = n.rsplit(['/', '\\']).next().unwrap_or(n);
            base.rsplit_once('.')
                .map_or(base, |(stem, _)| stem)
                .to_owned()
        })
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Imported resume".to_owned())
}

/// A note for the report's "could not be read" list.
pub(crate) fn unreadable(message: impl Into<String>) -> ImportNote {
    ImportNote {
        section: None,
        message: message.into(),
    }
}

/// The structured data of a resume kept in the library as Markdown (for
/// JSON Resume export, and for showing its parts).
pub fn resume_data(markdown: &str) -> ResumeData {
    structure::structure(markdown).data
}
