//! Job Forge's DOCX format: paragraphs, headings, lists, tables and text
//! boxes read with limits against ZIP bombs; documents written with real
//! styles; an existing DOCX patched in place with only its changed paragraphs
//! replaced.
//!
//! This crate knows OOXML and nothing about resumes: it hands out
//! paragraphs with their kind and takes blocks or edits back.

mod error;
mod package;
mod patch;
mod read;
mod styles;
mod write;
mod xml;

pub use error::DocxError;
pub use package::ReadLimits;
pub use patch::{Edit, patch};
pub use read::{DocxText, Location, Paragraph, ParagraphKind, read_paragraphs};
pub use write::write_docx;
