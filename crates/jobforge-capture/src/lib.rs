//! Job Forge's job capture: a posting from a web page (schema.org
//! `JobPosting` JSON-LD, else the page's main text), pasted HTML or text,
//! converted to Markdown; fetching with timeouts, size cap and limited
//! redirects.
//!
//! - [`from_html`] reads a page's source (JSON-LD first, then the main
//!   text), [`from_text`] pasted text (or pasted HTML);
//! - [`fetch`] downloads a link within [`FetchOptions`]' limits and says
//!   whether it is a page, text or a PDF; [`capture_url`] does both steps
//!   for pages and text and hands PDFs back as [`CaptureError::Pdf`].
//!
//! Every result is a [`jobforge_types::CapturedPosting`] the user confirms;
//! its `notes` say what was guessed or could not be read.

mod capture;
mod dom;
mod error;
mod fetch;
mod json_job;
mod jsonld;
mod markdown;
mod text;

pub use capture::{from_html, from_text};
pub use error::{CaptureError, PdfBytes};
pub use fetch::{FetchOptions, Fetched, capture_url, fetch};
pub use json_job::from_json_job;
