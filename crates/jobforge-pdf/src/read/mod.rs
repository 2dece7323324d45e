//! Reading text out of PDFs, in reading order, with layout hints.
//!
//! [`read_text`] takes the bytes of a text-based PDF (a resume, a job
//! posting) and returns its lines page by page, in the order a person reads
//! them: one-column and two-column layouts, sidebars read whole, dates that
//! sit right-aligned or in a narrow side column kept on their entry's line.
//! Each line carries its font size, boldness, position and column, so a
//! caller can tell headings from body text.
//!
//! The file is parsed by `lopdf`; the content-stream interpreter, the font
//! decoding and the layout analysis are this module's (`interp`, `font`,
//! `layout`). Scanned (image-only) files, password-protected files and
//! damaged files each get their own error, worded for the person importing
//! the file.

mod cmap;
mod font;
mod interp;
mod layout;
mod obj;
mod tables;

use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Document, LoadOptions};

/// Limits checked before and while reading a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Largest file accepted, in bytes.
    pub max_bytes: usize,
    /// Most pages accepted.
    pub max_pages: u32,
}

impl Default for ReadLimits {
    /// 20 MB and 50 pages: far above any resume or job posting, low enough
    /// that a stray book or brochure is refused quickly.
    fn default() -> Self {
        ReadLimits {
            max_bytes: 20 * 1024 * 1024,
            max_pages: 50,
        }
    }
}

/// The text of a PDF, page by page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PdfText {
    pub pages: Vec<PdfPage>,
}

/// One page's lines, in reading order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PdfPage {
    /// 1-based page number.
    pub number: u32,
    pub lines: Vec<TextLine>,
}

/// One line of text with the layout hints a caller needs to spot headings.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// The line's text: words separated by single spaces, ligatures
    /// expanded, hyphens kept as printed. Pieces of one baseline separated by
    /// a wide gap (a title and its right-aligned date) are joined with one
    /// space.
    pub text: String,
    /// Font size in points of the line's main text (as drawn on the page,
    /// so scaling is included).
    pub font_size: f32,
    /// Most of the line is set in a bold face (or drawn bold).
    pub bold: bool,
    /// Most of the line is set in an italic face.
    pub italic: bool,
    /// Left edge of the line, in points from the page's left edge.
    pub x: f32,
    /// Baseline of the line, in points from the page's top edge.
    pub y: f32,
    /// Which column the line belongs to: 0 for full-width text and the
    /// leftmost column, 1 for the column right of it, and so on.
    pub column: u8,
}

impl PdfText {
    /// All the text: lines separated by newlines, pages by a blank line.
    pub fn plain_text(&self) -> String {
        self.pages
            .iter()
            .map(|page| {
                page.lines
                    .iter()
                    .map(|line| line.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .filter(|page| !page.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// Number of pages in the file (pages without text included).
    pub fn page_count(&self) -> u32 {
        u32::try_from(self.pages.len()).unwrap_or(u32::MAX)
    }

    /// All lines of all pages, in reading order.
    pub fn lines(&self) -> impl Iterator<Item = &TextLine> {
        self.pages.iter().flat_map(|page| page.lines.iter())
    }
}

/// Why a PDF could not be read. Each message tells the person what is wrong
/// and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfReadError {
    #[error(
        "This file is not a PDF. Choose a PDF file, or import the resume as DOCX or plain text."
    )]
    NotPdf,
    #[error(
        "This PDF is password-protected; remove the password (print it to a new PDF) and import that file."
    )]
    Encrypted,
    #[error(
        "This PDF has no text layer — it looks scanned ({pages} page(s) of images). Export your resume from the \
         program you wrote it in, or import the DOCX."
    )]
    NoText { pages: u32 },
    #[error(
        "This PDF's text cannot be decoded: its fonts do not say which letters they draw. Export the PDF again \
         from the program you wrote it in (\"Save as PDF\" rather than \"Print\"), or import the DOCX."
    )]
    Undecodable,
    #[error(
        "This file is too large to import ({bytes} bytes; the limit is {limit} bytes). A resume is rarely over a \
         few megabytes: export it again without large images."
    )]
    TooLarge { bytes: usize, limit: usize },
    #[error(
        "This PDF has {pages} pages; at most {limit} can be imported. Import only the pages you need (print \
         them to a new PDF)."
    )]
    TooManyPages { pages: u32, limit: u32 },
    #[error(
        "This PDF is damaged and cannot be read ({0}). Open it in a PDF viewer and save or print it to a new PDF, \
         then import that file."
    )]
    Damaged(String),
}

/// Reads the text of a PDF in reading order.
///
/// Limits are checked first (size before parsing, page count before any
/// page is read). Never panics on any input: parser panics are caught and
/// reported as [`PdfReadError::Damaged`].
pub fn read_text(bytes: &[u8], limits: &ReadLimits) -> Result<PdfText, PdfReadError> {
    if bytes.len() > limits.max_bytes {
        return Err(PdfReadError::TooLarge {
            bytes: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    if !looks_like_pdf(bytes) {
        return Err(PdfReadError::NotPdf);
    }
    let started = std::time::Instant::now();
    // lopdf is careful, but it is a large parser fed hostile input, and a
    // panic in it (an index out of range on a corrupt table, say) must not
    // take the app down with it. Everything that touches the file runs
    // inside `catch_unwind`; a panic becomes "damaged file". No state
    // outlives the closure, so unwind safety is not a concern.
    let result = catch_unwind(AssertUnwindSafe(|| read_document(bytes, limits)));
    let result = match result {
        Ok(result) => result,
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "the PDF parser failed".to_owned());
            tracing::warn!(%detail, "PDF parser panicked; reporting the file as damaged");
            Err(PdfReadError::Damaged(
                "its structure could not be parsed".to_owned(),
            ))
        }
    };
    tracing::debug!(
        elapsed_ms = started.elapsed().as_millis(),
        ok = result.is_ok(),
        "read PDF text"
    );
    result
}

/// A PDF starts with `%PDF-`, though some writers put junk (a BOM, an
/// HTTP header) before it; readers accept it within the first kilobyte.
fn looks_like_pdf(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    head.windows(5).any(|w| w == b"%PDF-")
}

fn read_document(bytes: &[u8], limits: &ReadLimits) -> Result<PdfText, PdfReadError> {
    let options = LoadOptions {
        // Bound every stream's decompressed size: a few kilobytes of
        // deflate can otherwise expand to gigabytes.
        max_decompressed_size: Some(64 * 1024 * 1024),
        ..LoadOptions::default()
    };
    let doc = match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(
            lopdf::Error::InvalidPassword
            | lopdf::Error::Decryption(_)
            | lopdf::Error::UnsupportedSecurityHandler(_),
        ) => return Err(PdfReadError::Encrypted),
        Err(error) => {
            tracing::debug!(%error, "lopdf could not load the file");
            return Err(PdfReadError::Damaged(damage_reason(&error)));
        }
    };
    // lopdf opens files whose user password is empty by itself (and drops
    // the /Encrypt entry); an /Encrypt entry still there means a password
    // is needed.
    if doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(PdfReadError::Encrypted);
    }
    let pages = doc.get_pages();
    let page_count = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    if page_count > limits.max_pages {
        return Err(PdfReadError::TooManyPages {
            pages: page_count,
            limit: limits.max_pages,
        });
    }
    if page_count == 0 {
        return Err(PdfReadError::Damaged("it has no pages".to_owned()));
    }

    let mut interpreter = interp::Interpreter::new(&doc);
    let mut text = PdfText::default();
    let (mut visible, mut unknown, mut images) = (0usize, 0usize, 0usize);
    for (number, page_id) in pages {
        let (content, _) = interpreter.run_page(page_id);
        images += content.images;
        for glyph in &content.glyphs {
            if glyph.unknown {
                unknown += 1;
            } else if glyph.text.chars().any(|c| !c.is_whitespace()) {
                visible += 1;
            }
        }
        let lines = layout::lay_out(content.glyphs)
            .into_iter()
            .map(|line| TextLine {
                text: line.text,
                font_size: line.font_size,
                bold: line.bold,
                italic: line.italic,
                x: line.x,
                y: line.y,
                column: line.column,
            })
            .collect();
        text.pages.push(PdfPage { number, lines });
    }
    tracing::debug!(
        pages = page_count,
        glyphs = visible,
        unknown,
        images,
        "PDF content read"
    );

    // A handful of characters (a page number stamped on a scan) is not a
    // text layer.
    if visible + unknown < MIN_TEXT_GLYPHS {
        return Err(PdfReadError::NoText { pages: page_count });
    }
    if unknown > visible {
        return Err(PdfReadError::Undecodable);
    }
    Ok(text)
}

/// Fewer visible glyphs than this in the whole file means "no text layer".
const MIN_TEXT_GLYPHS: usize = 8;

/// A short, human phrase for what lopdf found wrong.
fn damage_reason(error: &lopdf::Error) -> String {
    match error {
        lopdf::Error::Xref(_) | lopdf::Error::MissingXrefEntry | lopdf::Error::InvalidOffset(_) => {
            "its table of contents is broken or the file is cut short".to_owned()
        }
        lopdf::Error::Decompress(_) => "a compressed part of it is corrupt or too large".to_owned(),
        _ => "its structure could not be parsed".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_over_the_byte_limit_are_refused_before_parsing() {
        let limits = ReadLimits {
            max_bytes: 10,
            max_pages: 50,
        };
        let err = read_text(b"%PDF-1.4 and then far too much", &limits);
        assert_eq!(
            err,
            Err(PdfReadError::TooLarge {
                bytes: 30,
                limit: 10
            })
        );
    }

    #[test]
    fn non_pdf_bytes_are_not_pdf() {
        let limits = ReadLimits::default();
        assert_eq!(
            read_text(b"PK\x03\x04 a zip file", &limits),
            Err(PdfReadError::NotPdf)
        );
        assert_eq!(read_text(b"", &limits), Err(PdfReadError::NotPdf));
    }

    #[test]
    fn every_error_message_says_what_to_do() {
        let errors = [
            PdfReadError::NotPdf,
            PdfReadError::Encrypted,
            PdfReadError::NoText { pages: 2 },
            PdfReadError::Undecodable,
            PdfReadError::TooLarge {
                bytes: 30,
                limit: 10,
            },
            PdfReadError::TooManyPages {
                pages: 60,
                limit: 50,
            },
            PdfReadError::Damaged("it is cut short".into()),
        ];
        for error in errors {
            let message = error.to_string();
            assert!(message.starts_with("This "), "{message}");
            assert!(message.ends_with('.'), "{message}");
            assert!(
                ["import", "Import", "Choose", "Export", "export"]
                    .iter()
                    .any(|verb| message.contains(verb)),
                "{message}"
            );
        }
    }
}
