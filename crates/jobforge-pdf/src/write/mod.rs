//! Writing a [`RichDocument`] as a text PDF: one clean single-column layout
//! that ATS parsers and people both read well.
//!
//! - Real text with embedded, subset TrueType fonts (`Type0`/`CIDFontType2`,
//!   `Identity-H`) and a `ToUnicode` CMap for every font, so extracting the
//!   text gives back exactly what was written.
//! - Lines are broken by the glyphs' real advance widths; a word longer than
//!   the line is broken between characters. Each line is one text object and
//!   the content stream follows reading order, so extractors read the lines
//!   in order.
//! - A heading is never the last thing on a page: it moves to the next page
//!   with the first line of what follows it.
//! - Output is deterministic (no dates, no random IDs): the same document,
//!   setup and fonts give the same bytes.
//!
//! Characters that no face of the family can draw are replaced by `?` and
//! listed in [`PdfOutput::substitutions`]; control and invisible formatting
//! characters are left out and listed there too. Nothing is dropped without
//! being reported. There is no shaping: right-to-left scripts come out in
//! logical order and complex scripts unjoined (they are usually missing from
//! the Latin sans faces anyway, and then reported).

mod emit;
mod layout;
#[cfg(test)]
mod tests;

use jobforge_types::RichDocument;
use thiserror::Error;

use crate::fonts::FontSet;

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageSize {
    /// US Letter, 8.5 × 11 in (612 × 792 pt).
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm (595.28 × 841.89 pt).
    A4,
}

impl PageSize {
    /// Width and height in PDF points (1/72 in).
    pub fn dimensions_pt(self) -> (f32, f32) {
        match self {
            PageSize::Letter => (612.0, 792.0),
            PageSize::A4 => (595.28, 841.89),
        }
    }
}

/// Page geometry and type size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    pub size: PageSize,
    /// The same margin on all four sides, in points.
    pub margin_pt: f32,
    /// Body text size in points; headings scale from it.
    pub base_font_pt: f32,
}

impl Default for PageSetup {
    /// Letter, 0.75 in margins, 10.5 pt body text: a common resume setup
    /// that fits a typical one- or two-page resume.
    fn default() -> Self {
        PageSetup {
            size: PageSize::Letter,
            margin_pt: 54.0,
            base_font_pt: 10.5,
        }
    }
}

/// Body text between these sizes is accepted (points).
const MIN_BASE_FONT_PT: f32 = 6.0;
const MAX_BASE_FONT_PT: f32 = 36.0;
/// The text column must be at least this wide and the page this tall inside
/// the margins, or nothing sensible fits (points).
const MIN_COLUMN_PT: f32 = 144.0;
/// A document longer than this is refused rather than written: it is far
/// beyond any resume or letter and would only be a runaway input.
pub const MAX_PAGES: usize = 2_000;

impl PageSetup {
    fn validate(&self) -> Result<(), PdfWriteError> {
        let invalid = |reason: String| Err(PdfWriteError::InvalidPageSetup { reason });
        if !self.base_font_pt.is_finite()
            || !(MIN_BASE_FONT_PT..=MAX_BASE_FONT_PT).contains(&self.base_font_pt)
        {
            return invalid(format!(
                "the text size {} pt is outside {MIN_BASE_FONT_PT}–{MAX_BASE_FONT_PT} pt",
                self.base_font_pt
            ));
        }
        let (w, h) = self.size.dimensions_pt();
        if !self.margin_pt.is_finite() || self.margin_pt < 0.0 {
            return invalid(format!("the margin {} pt is not a size", self.margin_pt));
        }
        if w - 2.0 * self.margin_pt < MIN_COLUMN_PT || h - 2.0 * self.margin_pt < MIN_COLUMN_PT {
            return invalid(format!(
                "margins of {} pt leave less than {MIN_COLUMN_PT} pt for text on a {w} × {h} pt page; use smaller margins",
                self.margin_pt
            ));
        }
        Ok(())
    }
}

/// A written PDF and what could not be written as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfOutput {
    /// The PDF file.
    pub bytes: Vec<u8>,
    pub page_count: usize,
    /// Characters not written as themselves, in character order. Empty when
    /// every character of the document is in the PDF.
    pub substitutions: Vec<CharSubstitution>,
}

impl PdfOutput {
    /// True when every character of the document was written as itself.
    pub fn is_faithful(&self) -> bool {
        self.substitutions.is_empty()
    }
}

/// A character of the document that is not in the PDF as itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CharSubstitution {
    pub ch: char,
    /// `Some('?')` when no face of the family has a glyph for it (it is drawn
    /// and extracted as `?`); `None` for control and invisible formatting
    /// characters (zero-width space, soft hyphen, direction marks, …), which
    /// are left out.
    pub replacement: Option<char>,
    /// How many times it occurs.
    pub count: usize,
}

#[derive(Debug, Error)]
pub enum PdfWriteError {
    #[error("the page setup cannot be used: {reason}")]
    InvalidPageSetup { reason: String },
    #[error(
        "the document would be more than {MAX_PAGES} pages; split it or remove repeated content"
    )]
    TooLong,
    #[error(
        "the font {face} could not be embedded: {reason}; try another font family (set JOBFORGE_PDF_FONT_DIR)"
    )]
    Font { face: String, reason: String },
}

/// Lays `doc` out on pages of `setup` in the `fonts` family and writes it as
/// a PDF.
///
/// An empty document (no blocks, or only empty ones) gives a valid PDF of
/// one blank page, so an export never fails only because there is nothing
/// to export yet.
pub fn write_pdf(
    doc: &RichDocument,
    setup: &PageSetup,
    fonts: &FontSet,
) -> Result<PdfOutput, PdfWriteError> {
    setup.validate()?;
    let started = std::time::Instant::now();
    let mut faces = layout::Faces::load(fonts)?;
    let laid = layout::lay_out(doc, setup, &mut faces)?;
    let page_count = laid.pages.len();
    let bytes = emit::emit(&laid, doc, setup, fonts, &faces)?;
    tracing::debug!(
        pages = page_count,
        bytes = bytes.len(),
        substitutions = laid.substitutions.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "PDF written"
    );
    Ok(PdfOutput {
        bytes,
        page_count,
        substitutions: laid.substitutions,
    })
}
