//! Reading text the user points at: a file, or standard input for `-`. The
//! rules (size, binary, UTF-8) are the core's, shared with the desktop app.

use std::path::Path;

use jobforge_core::text_file::{self, TextFileError};

use crate::Failure;

pub fn read_text(path: &Path, what: &str) -> Result<String, Failure> {
    let result = if path == Path::new("-") {
        text_file::read_text(std::io::stdin(), "standard input", what)
    } else {
        text_file::read_text_file(path, what)
    };
    result.map_err(|e: TextFileError| Failure::user(e.to_string()))
}
