//! Job Forge's PDF format: text with its layout read back in reading order
//! (one and two columns), and text PDFs with embedded fonts written from a
//! block document.

pub mod fonts;
pub mod read;
pub mod write;

pub use fonts::{FONT_DIR_ENV, FontError, FontFace, FontSet, FontStyle};
pub use read::{PdfPage, PdfReadError, PdfText, ReadLimits, TextLine, read_text};
pub use write::{CharSubstitution, PageSetup, PageSize, PdfOutput, PdfWriteError, write_pdf};
