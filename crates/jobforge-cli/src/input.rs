//! Reading text the user points at: files or standard input, refused with a
//! clear message when they are too big, binary, or not UTF-8.

use std::io::Read;
use std::path::Path;

use jobforge_core::types::validation::LONG_TEXT_MAX_CHARS;

use crate::Failure;

/// Text files larger than this are refused before reading (UTF-8 needs at
/// most 4 bytes a character).
const MAX_BYTES: u64 = (LONG_TEXT_MAX_CHARS as u64) * 4;

pub fn read_text(path: &Path, what: &str) -> Result<String, Failure> {
    let shown = path.display();
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                Failure::user(format!("cannot read the {what} from standard input: {e}"))
            })?;
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| Failure::user(format!("cannot open {shown}: {e}")))?;
        file.take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::user(format!("cannot read {shown}: {e}")))?;
    }
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Failure::user(format!(
            "{shown} is larger than {} MiB, far more than any {what}; check that it is the right file",
            MAX_BYTES / (1024 * 1024)
        )));
    }
    if bytes.starts_with(b"%PDF") || bytes.starts_with(b"PK\x03\x04") || bytes.contains(&0) {
        return Err(Failure::user(format!(
            "{shown} is not a text file (it looks like a PDF, Word or other binary file); give a Markdown or plain-text {what}"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Failure::user(format!(
            "{shown} is not UTF-8 text (invalid byte at position {}); save it as UTF-8 and try again",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}
