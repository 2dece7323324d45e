//! Files the user points at: reading text (a resume, a posting saved as a
//! file), refused with a clear message when it is too big, binary, or not
//! UTF-8 — the same rules as the CLI's `input.rs`, for every front end —
//! and writing a file so a crash never leaves half of it.

use std::io::{Read, Write as _};
use std::path::Path;

use jobforge_types::validation::LONG_TEXT_MAX_CHARS;

/// Text files larger than this are refused before reading (UTF-8 needs at
/// most 4 bytes a character): 8 MiB.
pub const MAX_TEXT_FILE_BYTES: u64 = (LONG_TEXT_MAX_CHARS as u64) * 4;

/// Why a text file could not be used. Each message names the file, says
/// what is wrong and what to do.
#[derive(Debug, thiserror::Error)]
pub enum TextFileError {
    #[error("cannot open {shown}: {source}")]
    Open {
        shown: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read {shown}: {source}")]
    Read {
        shown: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{shown} is larger than {max_mib} MiB, far more than any {what}; check that it is the right file"
    )]
    TooLarge {
        shown: String,
        what: String,
        max_mib: u64,
    },
    #[error("{shown} is a folder, not a file; give the file inside it")]
    Folder { shown: String },
    #[error(
        "{shown} is not a text file (it looks like a PDF, Word or other binary file); give a Markdown or plain-text {what}"
    )]
    Binary { shown: String, what: String },
    #[error(
        "{shown} is not UTF-8 text (invalid byte at position {position}); save it as UTF-8 and try again"
    )]
    NotUtf8 { shown: String, position: usize },
}

/// Reads the text file at `path`; `what` names its role for messages
/// ("resume", "job description").
pub fn read_text_file(path: &Path, what: &str) -> Result<String, TextFileError> {
    let bytes = read_file_bytes(path, MAX_TEXT_FILE_BYTES, what)?;
    text_from_bytes(bytes, &path.display().to_string(), what)
}

/// Reads a whole file of any kind, refusing one over `max` bytes without
/// reading it all.
pub fn read_file_bytes(path: &Path, max: u64, what: &str) -> Result<Vec<u8>, TextFileError> {
    let shown = path.display().to_string();
    let too_large = || TextFileError::TooLarge {
        shown: shown.clone(),
        what: what.to_owned(),
        max_mib: max / (1024 * 1024),
    };
    let file = std::fs::File::open(path).map_err(|source| TextFileError::Open {
        shown: shown.clone(),
        source,
    })?;
    match file.metadata() {
        Ok(meta) if meta.is_dir() => return Err(TextFileError::Folder { shown }),
        Ok(meta) if meta.len() > max => return Err(too_large()),
        _ => {}
    }
    let mut bytes = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| TextFileError::Read {
            shown: shown.clone(),
            source,
        })?;
    if bytes.len() as u64 > max {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Reads text from any reader (standard input, say) under the same rules;
/// `shown` names the source in messages.
pub fn read_text(reader: impl Read, shown: &str, what: &str) -> Result<String, TextFileError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_TEXT_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| TextFileError::Read {
            shown: shown.to_owned(),
            source,
        })?;
    text_from_bytes(bytes, shown, what)
}

/// Checks bytes already read and turns them into text without a leading BOM.
pub fn text_from_bytes(bytes: Vec<u8>, shown: &str, what: &str) -> Result<String, TextFileError> {
    if bytes.len() as u64 > MAX_TEXT_FILE_BYTES {
        return Err(TextFileError::TooLarge {
            shown: shown.to_owned(),
            what: what.to_owned(),
            max_mib: MAX_TEXT_FILE_BYTES / (1024 * 1024),
        });
    }
    if bytes.starts_with(b"%PDF") || bytes.starts_with(b"PK\x03\x04") || bytes.contains(&0) {
        return Err(TextFileError::Binary {
            shown: shown.to_owned(),
            what: what.to_owned(),
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| TextFileError::NotUtf8 {
        shown: shown.to_owned(),
        position: e.utf8_error().valid_up_to(),
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and
/// renames it over `path`: a crash or a full disk leaves the old file (or
/// none), never half of the new one. New files are readable by the user
/// only (the temporary file's mode); a replaced file keeps its permissions.
pub fn write_file_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".jobforge-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    if let Ok(existing) = std::fs::metadata(path) {
        // Best effort: a file the user shares keeps being shared.
        let _ = temp.as_file().set_permissions(existing.permissions());
    }
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    // The rename itself reaches the disk with the folder's entry.
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_named_as_a_folder_not_an_io_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = read_file_bytes(dir.path(), 1024, "resume").expect_err("a folder");
        assert!(matches!(error, TextFileError::Folder { .. }), "{error}");
        assert!(error.to_string().contains("is a folder, not a file"));
        let error = read_text_file(dir.path(), "resume").expect_err("a folder");
        assert!(matches!(error, TextFileError::Folder { .. }), "{error}");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_without_reading_it_all() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.pdf");
        std::fs::write(&path, vec![b'x'; 4096]).expect("write");
        let error = read_file_bytes(&path, 1024, "resume").expect_err("too big");
        assert!(matches!(error, TextFileError::TooLarge { .. }), "{error}");
        assert_eq!(
            read_file_bytes(&path, 4096, "resume").expect("fits").len(),
            4096
        );
    }
}
